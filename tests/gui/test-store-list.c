/* test-store-list.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * RelaisStoreList, through the agenda's interviews (RelaisEntretienList)
 * on a store filled by the demo generator: the first read runs in a
 * worker and lands as one items-changed; afterwards each write of another
 * connection (as the replicator's) gives exactly one precise
 * items-changed per item it touched, a renamed DE only its interviews';
 * a list dropped during its first read goes at once, its context too; a
 * read on the main thread during the first one supersedes it without
 * doubling any item.
 */

#include "config.h"

#include "gui-test-utils.h"

#include "relais-agenda.h"
#include "relais-context.h"
#include "relais-doc.h"
#include "relais-entretien-list.h"
#include "relais-json.h"

#define N_DE 300

typedef struct
{
  guint position, removed, added;
} Change;

typedef struct
{
  char *dir;
  char *store_path;
  RelaisContext *context;
  RelaisStore *other; /* another connection, as the replicator's */
  GArray *changes;    /* Change */
  guint64 n_entretiens;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  GDate today;

  f->dir = g_dir_make_tmp ("relais-store-list-XXXXXX", &error);
  g_assert_no_error (error);
  f->store_path = g_build_filename (f->dir, "agence.db", NULL);
  fill_demo_store (f->store_path, N_DE);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, G_DATE_NOVEMBER, 2026);
  f->context = relais_context_new (f->store_path, &today);
  f->other = relais_store_open (f->store_path, &error);
  g_assert_no_error (error);
  f->n_entretiens = relais_store_count_type (f->other, "entretien", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_entretiens, >, 0);
  f->changes = g_array_new (FALSE, FALSE, sizeof (Change));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->other);
  g_assert_finalize_object (f->context);
  g_array_unref (f->changes);
  remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->store_path);
}

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, Fixture *f)
{
  Change change = { position, removed, added };

  g_array_append_val (f->changes, change);
}

static RelaisEntretienList *
new_list (Fixture *f)
{
  RelaisEntretienList *list = relais_entretien_list_new (f->context);

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), f);
  return list;
}

/* Runs the main loop until @n changes arrived (ten seconds at most). */
static void
wait_changes (Fixture *f, guint n)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (f->changes->len < n && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (f->changes->len, ==, n);
}

static gint
position_of (GListModel *model, const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (RelaisEntretienItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (relais_entretien_item_get_id (item), id) == 0)
        return (gint) i;
    }
  return -1;
}

static void
put (Fixture *f, JsonObject *doc)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = relais_store_put (f->other, doc, TRUE, &error);

  g_assert_no_error (error);
  json_object_set_string_member (doc, "_rev", rev);
}

static void
test_first_read_in_worker (Fixture *f, gconstpointer data)
{
  g_autoptr (RelaisEntretienList) list = new_list (f);
  Change *change;

  /* Nothing is read on the main thread in the construction. */
  g_assert_true (relais_store_list_get_loading (RELAIS_STORE_LIST (list)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  wait_list_loaded (list);

  /* One items-changed for the whole store, not one per interview. */
  g_assert_cmpuint (f->changes->len, ==, 1);
  change = &g_array_index (f->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, f->n_entretiens);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, f->n_entretiens);
}

static void
test_follows_writes (Fixture *f, gconstpointer data)
{
  g_autoptr (RelaisEntretienList) list = new_list (f);
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr (RelaisEntretienItem) item = NULL;
  g_autoptr (JsonObject) doc = NULL;
  g_autoptr (JsonObject) de = NULL;
  g_autoptr (GPtrArray) of_de = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  Change *change;
  guint n;
  gint pos;

  wait_list_loaded (list);
  g_array_set_size (f->changes, 0);
  n = g_list_model_get_n_items (model);

  /* A changed interview: one replacement, where it is. */
  item = g_list_model_get_item (model, n / 2);
  /* A copy: the item's document is the list's. */
  text = relais_json_object_canonical (relais_entretien_item_get_doc (item));
  doc = relais_json_parse_object (text, -1, NULL);
  json_object_set_string_member (doc, "compte_rendu", "Écrit par le réplicateur");
  put (f, doc);
  wait_changes (f, 1);
  change = &g_array_index (f->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, n / 2);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 1);
  g_clear_object (&item);
  item = g_list_model_get_item (model, n / 2);
  g_assert_cmpstr (
      json_object_get_string_member (relais_entretien_item_get_doc (item), "compte_rendu"), ==,
      "Écrit par le réplicateur");

  /* A renamed DE: his interviews' rows only, each once. */
  de = relais_store_get (f->other, relais_entretien_item_get_de_id (item), NULL, RELAIS_GET_NONE,
                         &error);
  g_assert_no_error (error);
  json_object_set_string_member (de, "prenom", "Renommé");
  of_de = relais_entretien_list_entretiens_of (list, relais_entretien_item_get_de_id (item));
  g_assert_cmpuint (of_de->len, >, 0);
  g_array_set_size (f->changes, 0);
  put (f, de);
  wait_changes (f, of_de->len);
  for (guint i = 0; i < of_de->len; i++)
    {
      g_autoptr (RelaisEntretienItem) renamed = NULL;

      change = &g_array_index (f->changes, Change, i);
      g_assert_cmpuint (change->removed, ==, 1);
      g_assert_cmpuint (change->added, ==, 1);
      renamed = g_list_model_get_item (model, change->position);
      g_assert_cmpstr (relais_entretien_item_get_de_id (renamed), ==,
                       relais_entretien_item_get_de_id (item));
      g_assert_true (g_str_has_prefix (relais_entretien_item_get_de_name (renamed), "Renommé "));
    }

  /* A deleted interview: one removal, where it was. */
  pos = position_of (model, relais_doc_get_id (doc));
  g_assert_cmpint (pos, ==, (gint) (n / 2));
  json_object_set_boolean_member (doc, "_deleted", TRUE);
  g_array_set_size (f->changes, 0);
  put (f, doc);
  wait_changes (f, 1);
  change = &g_array_index (f->changes, Change, 0);
  g_assert_cmpuint (change->position, ==, (guint) pos);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 0);
  g_assert_cmpint (position_of (model, relais_doc_get_id (doc)), ==, -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n - 1);
}

static void
test_dropped_during_read (Fixture *f, gconstpointer data)
{
  RelaisEntretienList *list = new_list (f);

  g_assert_true (relais_store_list_get_loading (RELAIS_STORE_LIST (list)));
  /* The worker does not hold the list (nor, through it, the context). */
  g_assert_finalize_object (list);
  /* Its end, later, finds no list and drops what it read. */
  g_usleep (G_USEC_PER_SEC / 2);
  spin ();
  g_assert_cmpuint (f->changes->len, ==, 0);
}

static void
test_refresh_during_read (Fixture *f, gconstpointer data)
{
  g_autoptr (RelaisEntretienList) list = new_list (f);
  g_autoptr (JsonObject) doc = NULL;
  GDate day;

  /* A view that writes before the first read is done reads at once. */
  g_assert_true (relais_store_list_get_loading (RELAIS_STORE_LIST (list)));
  relais_store_list_refresh (RELAIS_STORE_LIST (list));
  g_assert_false (relais_store_list_get_loading (RELAIS_STORE_LIST (list)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, f->n_entretiens);
  g_assert_cmpuint (f->changes->len, ==, 1);

  /* The worker's older read, when it ends, adds nothing twice; the next
   * write still comes in. */
  g_usleep (G_USEC_PER_SEC / 2);
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, f->n_entretiens);
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 25, G_DATE_NOVEMBER, 2026);
  doc = relais_agenda_build_entretien ("de:later", "conseiller:x", "m4", &day, 14 * 60, "visio",
                                       NULL, NULL, NULL);
  put (f, doc);
  wait_changes (f, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, f->n_entretiens + 1);
  g_assert_cmpint (position_of (G_LIST_MODEL (list), relais_doc_get_id (doc)), ==,
                   (gint) f->n_entretiens);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/store-list/first-read-in-worker", Fixture, NULL, fixture_set_up,
              test_first_read_in_worker, fixture_tear_down);
  g_test_add ("/store-list/follows-writes", Fixture, NULL, fixture_set_up, test_follows_writes,
              fixture_tear_down);
  g_test_add ("/store-list/dropped-during-read", Fixture, NULL, fixture_set_up,
              test_dropped_during_read, fixture_tear_down);
  g_test_add ("/store-list/refresh-during-read", Fixture, NULL, fixture_set_up,
              test_refresh_during_read, fixture_tear_down);

  return g_test_run ();
}

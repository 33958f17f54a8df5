/* test-offers.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The Offres view on a store filled by the demo generator: the rows are
 * the store's offers, filtered by status; an offer's page moves it to its
 * next step, puts an interested candidate in relation (refusing one who
 * is not) and closes it, each saved as a new revision that validates; the
 * table follows an offer written directly in the store by another
 * connection; the strings are French with LANGUAGE=fr.
 */

#include "config.h"

#include "gui-test-utils.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "relais-application.h"
#include "relais-context.h"
#include "relais-json.h"
#include "relais-doc.h"
#include "relais-offers-view.h"
#include "relais-validate.h"

#define N_DE 400

/* The filter drop-down's entries. */
enum
{
  FILTER_OPEN,
  FILTER_DIAGNOSTIC,
  FILTER_RECUEIL,
  FILTER_TRAITEMENT,
  FILTER_CLOTUREE,
  FILTER_ALL
};

typedef struct
{
  char *dir;
  char *store_path;
  RelaisContext *context;
  GtkWidget *window;
  RelaisOffersView *view;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("relais-offers-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "agence.db", NULL);
  fill_demo_store (fixture->store_path, N_DE);
}

static void
open_view (Fixture *fixture)
{
  fixture->context = relais_context_new (fixture->store_path, NULL);
  g_assert_nonnull (relais_context_get_store (fixture->context));
  fixture->view = RELAIS_OFFERS_VIEW (relais_offers_view_new (fixture->context));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 900);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  spin ();
  wait_list_loaded (relais_offers_view_get_list (fixture->view));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      spin ();
    }
  if (fixture->context != NULL)
    g_assert_finalize_object (fixture->context);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store_path);
}

/* The live documents of one type, read straight from the store file. */
static GPtrArray *
stored_docs (Fixture *fixture, const char *prefix)
{
  return read_stored_docs (fixture->store_path, prefix);
}

static JsonObject *
stored (Fixture *fixture, const char *id)
{
  g_autoptr (RelaisStore) store = relais_store_open (fixture->store_path, NULL);
  g_autoptr (GError) error = NULL;
  JsonObject *doc = relais_store_get (store, id, NULL, RELAIS_GET_NONE, &error);

  g_assert_no_error (error);
  return doc;
}

static guint
count_statut (GPtrArray *offres, const char *statut)
{
  guint n = 0;

  for (guint i = 0; i < offres->len; i++)
    n += g_strcmp0 (json_object_get_string_member (g_ptr_array_index (offres, i), "statut"),
                    statut) == 0;
  return n;
}

/* The first offer of the store with @statut. */
static char *
find_offer (Fixture *fixture, const char *statut)
{
  g_autoptr (GPtrArray) offres = stored_docs (fixture, "offre:");

  for (guint i = 0; i < offres->len; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (offres, i), "statut"),
                   statut) == 0)
      return g_strdup (json_object_get_string_member (g_ptr_array_index (offres, i), "_id"));
  return NULL;
}

static void
assert_valid (JsonObject *doc)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (relais_validate_doc (doc, &problems, &error));
  g_assert_no_error (error);
}

/* The offers are read in a worker: the view spins meanwhile, then shows
 * them; an offer opened before the read is done is read at once. */
static void
test_offers_loading (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) offres = stored_docs (fixture, "offre:");
  const char *id = json_object_get_string_member (g_ptr_array_index (offres, 0), "_id");
  RelaisOfferList *list;
  GtkWidget *spinner;
  RelaisOfferPage *page;

  fixture->context = relais_context_new (fixture->store_path, NULL);
  fixture->view = RELAIS_OFFERS_VIEW (relais_offers_view_new (fixture->context));
  fixture->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));

  list = relais_offers_view_get_list (fixture->view);
  spinner = find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_SPINNER);
  g_assert_true (relais_store_list_get_loading (RELAIS_STORE_LIST (list)));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  wait_list_loaded (list);
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, offres->len);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  spin ();
  g_assert_finalize_object (g_steal_pointer (&fixture->context));

  /* Opened at once from another view. */
  fixture->context = relais_context_new (fixture->store_path, NULL);
  fixture->view = RELAIS_OFFERS_VIEW (relais_offers_view_new (fixture->context));
  fixture->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  page = relais_offers_view_open_offer (fixture->view, id);
  g_assert_false (relais_store_list_get_loading (
      RELAIS_STORE_LIST (relais_offers_view_get_list (fixture->view))));
  g_assert_nonnull (relais_offer_list_get_offer (relais_offers_view_get_list (fixture->view), id));
  g_assert_nonnull (page);
}

static void
test_offers_rows_match_store (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) offres = stored_docs (fixture, "offre:");
  GListModel *model;
  GtkDropDown *dropdown;
  guint closed = count_statut (offres, "cloturee");

  open_view (fixture);
  model = relais_offers_view_get_model (fixture->view);
  dropdown = relais_offers_view_get_statut_dropdown (fixture->view);

  /* Open offers by default. */
  g_assert_cmpuint (offres->len, ==, N_DE / 10);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, offres->len - closed);
  gtk_drop_down_set_selected (dropdown, FILTER_ALL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, offres->len);
  gtk_drop_down_set_selected (dropdown, FILTER_CLOTUREE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, closed);
  gtk_drop_down_set_selected (dropdown, FILTER_TRAITEMENT);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, count_statut (offres, "traitement"));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (RelaisOfferItem) item = g_list_model_get_item (model, i);

      g_assert_cmpstr (relais_offer_item_get_field (item, "statut"), ==, "traitement");
    }
}

static void
test_offers_advance (Fixture *fixture, gconstpointer data)
{
  g_autofree char *id = find_offer (fixture, "recueil");
  g_autoptr (JsonObject) before = NULL;
  g_autoptr (JsonObject) after = NULL;
  RelaisOfferPage *page;
  guint n_journal;

  g_assert_nonnull (id);
  before = stored (fixture, id);
  n_journal = json_object_has_member (before, "journal")
                  ? json_array_get_length (json_object_get_array_member (before, "journal"))
                  : 0;
  open_view (fixture);
  page = relais_offers_view_open_offer (fixture->view, id);
  g_assert_cmpstr (relais_offers_view_get_visible_name (fixture->view), ==, "offer");
  g_assert_true (gtk_widget_get_visible (relais_offer_page_get_advance_button (page)));

  g_signal_emit_by_name (relais_offer_page_get_advance_button (page), "clicked");
  spin ();

  /* A new revision at the next step, with the service in the journal. */
  after = stored (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (after, "statut"), ==, "traitement");
  g_assert_cmpint (atoi (json_object_get_string_member (after, "_rev")), ==,
                   atoi (json_object_get_string_member (before, "_rev")) + 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (after, "journal")), ==,
                    n_journal + 1);
  assert_valid (after);
  /* The page follows: processing has no next step but closure. */
  g_assert_false (gtk_widget_get_visible (relais_offer_page_get_advance_button (page)));
}

static char *
put_candidature (Fixture *fixture, const char *offre_id, const char *de_id, gboolean interesse)
{
  g_autoptr (RelaisStore) store = relais_store_open (fixture->store_path, NULL);
  g_autofree char *id = relais_doc_new_id ("candidature");
  g_autofree char *json = g_strdup_printf (
      "{\"_id\":\"%s\",\"type\":\"candidature\",\"schema_version\":1,\"offre\":\"%s\","
      "\"de\":\"%s\",\"statut\":\"proposee\",\"date\":\"2026-11-20T10:00:00+01:00\","
      "\"interesse\":%s,\"disponible\":true,\"score\":0.9,"
      "\"resume_argumente\":\"CACES 1, trois ans en entrepôt\"}",
      id, offre_id, de_id, interesse ? "true" : "false");
  g_autoptr (JsonObject) doc = relais_json_parse_object (json, -1, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = relais_store_put (store, doc, TRUE, &error);

  g_assert_no_error (error);
  assert_valid (doc);
  return g_steal_pointer (&id);
}

static void
test_offers_mer (Fixture *fixture, gconstpointer data)
{
  g_autofree char *offre_id = find_offer (fixture, "traitement");
  g_autoptr (GPtrArray) des = stored_docs (fixture, "de:");
  const char *de_id = json_object_get_string_member (g_ptr_array_index (des, 0), "_id");
  g_autofree char *yes = NULL;
  g_autofree char *no = NULL;
  g_autoptr (JsonObject) yes_doc = NULL;
  g_autoptr (JsonObject) no_doc = NULL;
  g_autoptr (JsonObject) offre = NULL;
  RelaisOfferPage *page;
  JsonArray *journal;

  g_assert_nonnull (offre_id);
  yes = put_candidature (fixture, offre_id, de_id, TRUE);
  no = put_candidature (fixture, offre_id, de_id, FALSE);
  open_view (fixture);
  page = relais_offers_view_open_offer (fixture->view, offre_id);

  /* Not interested: the core refuses, the page says why, nothing moves. */
  g_assert_false (relais_offer_page_set_candidature_statut (page, no, "mer"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (relais_offer_page_get_error_label (page))));
  no_doc = stored (fixture, no);
  g_assert_cmpstr (json_object_get_string_member (no_doc, "statut"), ==, "proposee");

  g_assert_true (relais_offer_page_set_candidature_statut (page, yes, "mer"));
  spin ();
  yes_doc = stored (fixture, yes);
  g_assert_cmpstr (json_object_get_string_member (yes_doc, "statut"), ==, "mer");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (yes_doc, "_rev"), "2-"));
  g_assert_true (json_object_has_member (yes_doc, "date_mer"));
  assert_valid (yes_doc);
  /* The MER is a service of the journal de l'offre. */
  offre = stored (fixture, offre_id);
  journal = json_object_get_array_member (offre, "journal");
  g_assert_cmpstr (
      json_object_get_string_member (
          json_array_get_object_element (journal, json_array_get_length (journal) - 1), "service"),
      ==, "mise_en_relation");
}

static void
test_offers_close (Fixture *fixture, gconstpointer data)
{
  g_autofree char *id = find_offer (fixture, "traitement");
  g_autoptr (JsonObject) after = NULL;
  RelaisOfferPage *page;
  gboolean any_hired = FALSE;
  GPtrArray *candidatures;

  open_view (fixture);
  page = relais_offers_view_open_offer (fixture->view, id);
  candidatures =
      relais_offer_list_get_candidatures (relais_offers_view_get_list (fixture->view), id);
  for (guint i = 0; candidatures != NULL && i < candidatures->len; i++)
    any_hired |=
        g_strcmp0 (json_object_get_string_member (g_ptr_array_index (candidatures, i), "statut"),
                   "embauche") == 0;
  /* "Filled" needs the person hired, from a hired candidate. */
  if (!any_hired)
    g_assert_false (relais_offer_page_close_offer (page, "pourvue"));

  g_assert_true (relais_offer_page_close_offer (page, "non_pourvue"));
  spin ();
  after = stored (fixture, id);
  g_assert_cmpstr (json_object_get_string_member (after, "statut"), ==, "cloturee");
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (after, "cloture"), "motif"), ==,
      "non_pourvue");
  assert_valid (after);
  g_assert_false (gtk_widget_get_visible (relais_offer_page_get_close_button (page)));
  /* Closed: it left the open offers. */
  for (guint i = 0; i < g_list_model_get_n_items (relais_offers_view_get_model (fixture->view));
       i++)
    {
      g_autoptr (RelaisOfferItem) item =
          g_list_model_get_item (relais_offers_view_get_model (fixture->view), i);

      g_assert_cmpstr (relais_offer_item_get_id (item), !=, id);
    }
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for_n_items (GListModel *model, guint n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, timeout_cb, &timed_out);

  while (g_list_model_get_n_items (model) != n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
}

static void
test_offers_follows_store (Fixture *fixture, gconstpointer data)
{
  g_autofree char *id = find_offer (fixture, "traitement");
  g_autoptr (JsonObject) doc = NULL;
  g_autoptr (RelaisStore) other = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *new_id = relais_doc_new_id ("offre");
  g_autofree char *rev = NULL;
  GListModel *model;
  guint n;

  open_view (fixture);
  model = relais_offers_view_get_model (fixture->view);
  n = g_list_model_get_n_items (model);

  /* A copy of an open offer arrives through another connection. */
  doc = stored (fixture, id);
  json_object_remove_member (doc, "_rev");
  json_object_set_string_member (doc, "_id", new_id);
  json_object_set_string_member (doc, "intitule", "Préparateur de commandes (répliqué)");
  other = relais_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  rev = relais_store_put (other, doc, TRUE, &error);
  g_assert_no_error (error);
  wait_for_n_items (model, n + 1);
}

static void
test_offers_french (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autofree char *id = find_offer (fixture, "recueil");
      RelaisOfferPage *page;
      GtkDropDown *dropdown;

      open_view (fixture);
      dropdown = relais_offers_view_get_statut_dropdown (fixture->view);
      g_print ("[%s]\n", gtk_string_object_get_string (
                             GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (dropdown))));
      page = relais_offers_view_open_offer (fixture->view, id);
      g_print ("[%s]\n",
               gtk_button_get_label (GTK_BUTTON (relais_offer_page_get_advance_button (page))));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*[Offres ouvertes]*");
  g_test_trap_assert_stdout ("*[_Diffuser et traiter]*");
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add ("/offers/loading", Fixture, NULL, fixture_set_up, test_offers_loading,
              fixture_tear_down);
  g_test_add ("/offers/rows-match-store", Fixture, NULL, fixture_set_up,
              test_offers_rows_match_store, fixture_tear_down);
  g_test_add ("/offers/advance", Fixture, NULL, fixture_set_up, test_offers_advance,
              fixture_tear_down);
  g_test_add ("/offers/mer", Fixture, NULL, fixture_set_up, test_offers_mer, fixture_tear_down);
  g_test_add ("/offers/close", Fixture, NULL, fixture_set_up, test_offers_close, fixture_tear_down);
  g_test_add ("/offers/follows-store", Fixture, NULL, fixture_set_up, test_offers_follows_store,
              fixture_tear_down);
  g_test_add ("/offers/french", Fixture, NULL, fixture_set_up, test_offers_french,
              fixture_tear_down);

  return g_test_run ();
}

/* test-de-search-model.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * RelaisDeSearchModel against a brute force: after every query and every
 * change of its source, the model holds exactly the source's items whose
 * folded text matches the query, in the source's order, and a copy kept
 * only from its items-changed signals holds the same items.
 */

#include "config.h"

#include <gtk/gtk.h>

#include "relais-de-item.h"
#include "relais-de-search-model.h"
#include "relais-search-text.h"

static const char *const noms[] = {
  "Dupont",   "Durand",  "Hélène", "Lefèvre", "Martin", "Marchand", "Bernard", "Léger",
  "Da Silva", "N'Guyen", "Œuvray", "Dubois",  "Adam",   "Adamo",    "Zola",
};
static const char *const prenoms[] = { "Anne", "Marc", "Éloïse", "Jean-Luc", "Zoé", "Ali" };

typedef struct
{
  GListStore *source;
  RelaisDeSearchModel *model;
  GPtrArray *mirror; /* RelaisDeItem, kept from items-changed alone */
  char *query;
  GRand *rand;
  guint next_id;
} Fixture;

static RelaisDeItem *
random_item (Fixture *fixture)
{
  g_autoptr (JsonObject) doc = json_object_new ();
  g_autofree char *id = g_strdup_printf ("de:%u", fixture->next_id++);
  g_autofree char *identifiant =
      g_strdup_printf ("%07uX", g_rand_int_range (fixture->rand, 0, 9999999));

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "de");
  json_object_set_string_member (doc, "nom",
                                 noms[g_rand_int_range (fixture->rand, 0, G_N_ELEMENTS (noms))]);
  json_object_set_string_member (
      doc, "prenom", prenoms[g_rand_int_range (fixture->rand, 0, G_N_ELEMENTS (prenoms))]);
  json_object_set_string_member (doc, "identifiant", identifiant);
  json_object_set_string_member (doc, "modalite", "suivi");
  json_object_set_string_member (doc, "date_inscription", "2026-03-02");
  g_autoptr (GDate) today = g_date_new_dmy (1, G_DATE_DECEMBER, 2026);

  return relais_de_item_new_from_json (doc, today);
}

static void
mirror_items_changed_cb (
    GListModel *model, guint position, guint removed, guint added, Fixture *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->mirror->len);
  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->mirror, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (fixture->mirror->len, ==, g_list_model_get_n_items (model));
}

/* The source's items matching the query, in order, as the model and its
 * mirror hold them. */
static void
assert_consistent (Fixture *fixture)
{
  g_autofree char *folded = relais_search_text_fold (fixture->query);
  g_auto (GStrv) needles = relais_search_text_needles (folded);
  GListModel *model = G_LIST_MODEL (fixture->model);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->source)); i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (G_LIST_MODEL (fixture->source), i);
      g_autofree char *names =
          g_strjoin (" ", relais_de_item_get_nom (item), relais_de_item_get_prenom (item),
                     relais_de_item_get_identifiant (item), NULL);
      g_autofree char *text = relais_search_text_fold (names);

      if (needles[0] != NULL && !relais_search_text_matches (text, (const char *const *) needles))
        continue;
      {
        g_autoptr (RelaisDeItem) shown = g_list_model_get_item (model, n);

        g_assert_true (shown == item);
        g_assert_true (g_ptr_array_index (fixture->mirror, n) == item);
      }
      n++;
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  g_assert_cmpuint (fixture->mirror->len, ==, n);
  g_assert_null (g_list_model_get_item (model, n));
}

static void
set_query (Fixture *fixture, const char *query)
{
  g_free (fixture->query);
  fixture->query = g_strdup (query);
  relais_de_search_model_set_query (fixture->model, query);
  g_assert_true (relais_de_search_model_get_active (fixture->model) ==
                 (query != NULL && strspn (query, " -'") < strlen (query)));
  assert_consistent (fixture);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->rand = g_rand_new_with_seed (7);
  fixture->source = g_list_store_new (RELAIS_TYPE_DE_ITEM);
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr (RelaisDeItem) item = random_item (fixture);

      g_list_store_append (fixture->source, item);
    }
  fixture->model = relais_de_search_model_new (G_LIST_MODEL (fixture->source));
  fixture->mirror = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->model)); i++)
    g_ptr_array_add (fixture->mirror, g_list_model_get_item (G_LIST_MODEL (fixture->model), i));
  g_signal_connect (fixture->model, "items-changed", G_CALLBACK (mirror_items_changed_cb), fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_assert_finalize_object (fixture->model);
  g_ptr_array_unref (fixture->mirror);
  g_object_unref (fixture->source);
  g_free (fixture->query);
  g_rand_free (fixture->rand);
}

/* Narrowing letter by letter, widening, jumping elsewhere, clearing. */
static void
test_queries (Fixture *fixture, gconstpointer data)
{
  static const char *const queries[] = {
    "d",   "du",    "dur",  "dura", "du",       "d",    "a",    "ad",     "adam", "adamo",
    "ada", "h",     "hel",  "HÉLÈ", "helene a", "hel ", "é",    "e",      "el",   "œ",
    "œu",  "n guy", "zola", "z",    "1",        "12",   "  ",   "-",      "marc", "m",
    "mar", "march", "x",    "",     "zzzz",     NULL,   "anne", "an ali", NULL,
  };

  assert_consistent (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    set_query (fixture, queries[i]);
}

/* The source changes under a search: items inserted, removed, replaced,
 * the whole list sorted again; the model follows, and its items-changed
 * say exactly how. */
static void
test_source_changes (Fixture *fixture, gconstpointer data)
{
  static const char *const queries[] = { "d", "ma", NULL, "é", "zo" };

  for (guint round = 0; round < 60; round++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->source));
      guint position = g_rand_int_range (fixture->rand, 0, n + 1);
      guint removed = g_rand_int_range (fixture->rand, 0, MIN (n - position, 5) + 1);
      guint added = g_rand_int_range (fixture->rand, 0, 5);
      g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      if (round % 12 == 0)
        set_query (fixture, queries[(round / 12) % G_N_ELEMENTS (queries)]);
      for (guint i = 0; i < added; i++)
        g_ptr_array_add (items, random_item (fixture));
      g_list_store_splice (fixture->source, position, removed, items->pdata, items->len);
      assert_consistent (fixture);
    }
  /* Everything at once, as a new sort order does. */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (fixture->source));
    g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = n; i > 0; i--)
      g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (fixture->source), i - 1));
    g_list_store_splice (fixture->source, 0, n, items->pdata, items->len);
    assert_consistent (fixture);
  }
}

/* An item's search text read later (the list's second phase) counts
 * after a refresh. */
static void
test_refresh (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelaisDeItem) item = g_list_model_get_item (G_LIST_MODEL (fixture->source), 3);

  set_query (fixture, "soudure");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 0);
  relais_de_item_take_search_text (item, relais_search_text_fold ("Dupont Anne soudure TIG"));
  relais_de_search_model_refresh (fixture->model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==, 1);
  g_assert_cmpuint (fixture->mirror->len, ==, 1);
  g_assert_true (g_ptr_array_index (fixture->mirror, 0) == item);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/de-search-model/queries", Fixture, NULL, fixture_set_up, test_queries,
              fixture_tear_down);
  g_test_add ("/de-search-model/source-changes", Fixture, NULL, fixture_set_up, test_source_changes,
              fixture_tear_down);
  g_test_add ("/de-search-model/refresh", Fixture, NULL, fixture_set_up, test_refresh,
              fixture_tear_down);
  return g_test_run ();
}

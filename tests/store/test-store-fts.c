/* test-store-fts.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Job seeker search: accent- and case-insensitive prefixes over names,
 * identifier, skills and sought jobs; kept in step with every write; user
 * text never read as FTS syntax.
 */

#include "config.h"

#include "store-test-utils.h"

#include "relais-search-text.h"
#include "relais-store-query.h"

#define HELENE                                                                                     \
  "{\"_id\":\"de:helene\",\"type\":\"de\",\"nom\":\"Lefèvre\",\"prenom\":\"Hélène\","           \
  "\"identifiant\":\"1234567A\",\"competences\":[\"Soudure TIG\",\"Lecture de plans\"],"           \
  "\"metiers_recherches\":[{\"code_rome\":\"H2913\",\"libelle\":\"Soudage manuel\"}]}"
#define MARC                                                                                       \
  "{\"_id\":\"de:marc\",\"type\":\"de\",\"nom\":\"Durand\",\"prenom\":\"Marc\","                   \
  "\"identifiant\":\"7654321B\",\"competences\":[\"Accueil du public\"],"                          \
  "\"metiers_recherches\":[{\"code_rome\":\"G1703\",\"libelle\":\"Réception en hôtellerie\"}]}"

static GPtrArray *
search (RelaisStore *store, const char *text)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *ids = NULL;

  g_assert_true (relais_store_search_de (store, text, 20, &ids, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  return ids;
}

/* The ids found for @text, joined with spaces. */
static char *
found (RelaisStore *store, const char *text)
{
  g_autoptr (GPtrArray) ids = search (store, text);

  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (GStrv) ids->pdata);
}

#define assert_found(store, text, expected)                                                        \
  G_STMT_START                                                                                     \
  {                                                                                                \
    g_autofree char *got_ = found (store, text);                                                   \
    g_assert_cmpstr (got_, ==, expected);                                                          \
  }                                                                                                \
  G_STMT_END

static void
test_prefixes (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;

  g_free (put_ok (store, HELENE, TRUE));
  g_free (put_ok (store, MARC, TRUE));
  /* Not a job seeker: never found. */
  g_free (put_ok (store, "{\"_id\":\"offre:1\",\"type\":\"offre\",\"nom\":\"Hélène\"}", TRUE));

  assert_found (store, "hel", "de:helene");
  assert_found (store, "HÉLÈ", "de:helene");
  assert_found (store, "Helene", "de:helene");
  assert_found (store, "lefev", "de:helene");
  assert_found (store, "soud", "de:helene");   /* skill and ROME label */
  assert_found (store, "plans", "de:helene");  /* second word of a skill */
  assert_found (store, "h2913", "de:helene");  /* ROME code */
  assert_found (store, "123456", "de:helene"); /* identifier */
  assert_found (store, "recept", "de:marc");   /* accented ROME label */
  assert_found (store, "hôtel", "de:marc");
  assert_found (store, "marc durand", "de:marc"); /* every word must match */
  assert_found (store, "marc lefevre", "");
  assert_found (store, "zzz", "");
  assert_found (store, "", "");
  assert_found (store, "   ", "");
}

static void
test_name_first (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GPtrArray) ids = NULL;

  /* Written first, so first in index order: matched by skill only. */
  g_free (put_ok (store,
                  "{\"_id\":\"de:skill\",\"type\":\"de\",\"nom\":\"Petit\",\"prenom\":\"Luc\","
                  "\"competences\":[\"Martelage\"]}",
                  TRUE));
  g_free (put_ok (store, "{\"_id\":\"de:name\",\"type\":\"de\",\"nom\":\"Martin\"}", TRUE));

  assert_found (store, "mart", "de:name de:skill");

  /* The limit holds across both passes. */
  {
    g_autoptr (GError) error = NULL;

    g_assert_true (relais_store_search_de (store, "mart", 1, &ids, &error));
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "de:name");
  }
}

static void
test_follows_writes (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autofree char *rev = put_ok (store, HELENE, TRUE);
  g_autofree char *renamed = NULL;
  g_autofree char *del = NULL;
  g_autoptr (JsonObject) doc = doc_new (HELENE);

  assert_found (store, "lefe", "de:helene");

  /* Updated name: found by the new one, not by the old. */
  json_object_set_string_member (doc, "_rev", rev);
  json_object_set_string_member (doc, "nom", "Bonnefoy");
  {
    g_autoptr (GError) error = NULL;

    renamed = relais_store_put (store, doc, TRUE, &error);
    g_assert_no_error (error);
  }
  assert_found (store, "bonne", "de:helene");
  assert_found (store, "lefe", "");

  /* Deleted: gone from the search. */
  del = g_strdup_printf ("{\"_id\":\"de:helene\",\"_rev\":\"%s\",\"_deleted\":true}", renamed);
  g_free (put_ok (store, del, TRUE));
  assert_found (store, "bonne", "");
  assert_found (store, "hel", "");

  /* Recreated: back. */
  g_free (put_ok (store, "{\"_id\":\"de:helene\",\"type\":\"de\",\"nom\":\"Hélène\"}", TRUE));
  assert_found (store, "hel", "de:helene");

  /* A losing conflict does not change what is indexed. */
  {
    const char *hashes[] = { "0000", NULL };

    put_replicated (store, "de:helene", 1, hashes, FALSE, "x");
    assert_found (store, "hel", "de:helene");
  }
}

static void
test_winner_switch (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (JsonObject) a = doc_new ("{\"_id\":\"de:x\",\"_rev\":\"1-aaaa\",\"type\":\"de\","
                                      "\"nom\":\"Aubert\"}");
  g_autoptr (JsonObject) b = doc_new ("{\"_id\":\"de:x\",\"_rev\":\"1-bbbb\",\"type\":\"de\","
                                      "\"nom\":\"Barbier\"}");
  g_autoptr (GError) error = NULL;

  g_free (relais_store_put (store, a, FALSE, &error));
  g_free (relais_store_put (store, b, FALSE, &error));
  g_assert_no_error (error);
  assert_found (store, "barb", "de:x");
  assert_found (store, "aub", "");

  /* The winner is deleted: the other leaf is what search now sees. */
  g_free (put_ok (store, "{\"_id\":\"de:x\",\"_rev\":\"1-bbbb\",\"_deleted\":true}", TRUE));
  assert_found (store, "aub", "de:x");
  assert_found (store, "barb", "");
}

static void
test_no_injection (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  const char *hostile[] = {
    "\"",
    "\"\"*",
    "hel\" OR \"mar",
    "NEAR(hel mar)",
    "nom:hel",
    "{nom} : hel",
    "hel AND",
    "OR",
    "NOT hel",
    "*",
    "^hel",
    "hel)",
    "(((",
    "-hel",
    "+",
    "'; DROP TABLE docs; --",
    "&",
    "é",
  };

  g_free (put_ok (store, HELENE, TRUE));
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr (GPtrArray) ids = search (store, hostile[i]);

      g_assert_cmpuint (ids->len, <=, 1);
    }
  /* Operators are plain words: "hel OR mar" needs a word starting "or". */
  assert_found (store, "hel OR", "");
  assert_found (store, "\"hel\"", "de:helene");
  assert_found (store, "nom:hel", "");
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 1);
}

static gboolean
collect_text_cb (const char *id, const char *text, gpointer user_data)
{
  g_hash_table_insert (user_data, g_strdup (id), relais_search_text_fold (text));
  return TRUE;
}

static int
compare_ids (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The ids whose folded text matches @text, sorted and joined. */
static char *
found_in_memory (GHashTable *texts, const char *text)
{
  g_autofree char *folded = relais_search_text_fold (text);
  g_auto (GStrv) needles = relais_search_text_needles (folded);
  g_autoptr (GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer id, haystack;

  RelaisSearchSketch query;

  relais_search_sketch_of_needles ((const char *const *) needles, &query);
  /* As the portfolio does: a text without a word is no search; the sketch
   * first, and it never rules out a text that matches. */
  if (needles[0] != NULL)
    {
      g_hash_table_iter_init (&iter, texts);
      while (g_hash_table_iter_next (&iter, &id, &haystack))
        {
          RelaisSearchSketch sketch;
          gboolean matches = relais_search_text_matches (haystack, (const char *const *) needles);

          relais_search_sketch_of_text (haystack, &sketch);
          g_assert_true (!matches || relais_search_sketch_may_match (&sketch, &query));
          if (relais_search_sketch_may_match (&sketch, &query) && matches)
            g_ptr_array_add (ids, id);
        }
    }
  g_ptr_array_sort (ids, compare_ids);
  g_ptr_array_add (ids, NULL);
  return g_strjoinv (" ", (GStrv) ids->pdata);
}

static gboolean
sketch_may_match (const char *text, const char *query)
{
  g_autofree char *folded_text = relais_search_text_fold (text);
  g_autofree char *folded_query = relais_search_text_fold (query);
  g_auto (GStrv) needles = relais_search_text_needles (folded_query);
  RelaisSearchSketch of_text, of_query;

  relais_search_sketch_of_text (folded_text, &of_text);
  relais_search_sketch_of_needles ((const char *const *) needles, &of_query);
  return relais_search_sketch_may_match (&of_text, &of_query);
}

/* The sketch rules out texts none of whose words start with the first
 * letter, or the first two letters, of a word searched; never others. */
static void
test_sketch (void)
{
  const char *text = "Hélène LEFÈVRE 1234567A soudure œuvre";

  g_assert_true (sketch_may_match (text, "h"));
  g_assert_true (sketch_may_match (text, "hel lef"));
  g_assert_true (sketch_may_match (text, "SOUD 12"));
  g_assert_true (sketch_may_match (text, "œu"));
  g_assert_true (sketch_may_match (text, ""));
  g_assert_false (sketch_may_match (text, "z"));
  g_assert_false (sketch_may_match (text, "hel z"));
  g_assert_false (sketch_may_match (text, "ho"));
  g_assert_false (sketch_may_match (text, "19"));
  g_assert_false (sketch_may_match ("", "a"));
}

/* The app's search in memory (relais-search-text.h) over the texts the
 * index holds finds what the index finds. */
static void
test_in_memory (StoreFixture *fixture, gconstpointer data)
{
  static const char *const texts[] = {
    "hel",    "HÉLÈ",  "Helene",      "lefev",        "soud", "plans", "h2913",   "123456",
    "recept", "hôtel", "marc durand", "marc lefevre", "zzz",  "d",     "lef-hel", "soudure tig",
  };
  RelaisStore *store = fixture->store;
  g_autoptr (GHashTable) all = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) one = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *folded = relais_search_text_fold ("  Hélène LEFÈVRE-x, 12a ");
  g_auto (GStrv) none = relais_search_text_needles ("");

  g_assert_cmpstr (folded, ==, " helene lefevre x 12a");
  g_assert_null (none[0]);

  g_free (put_ok (store, HELENE, TRUE));
  g_free (put_ok (store, MARC, TRUE));
  g_free (put_ok (store, "{\"_id\":\"offre:1\",\"type\":\"offre\",\"nom\":\"Hélène\"}", TRUE));

  g_assert_true (relais_store_select_de_search_texts (store, NULL, collect_text_cb, all, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (all), ==, 2);
  g_assert_true (
      relais_store_select_de_search_texts (store, "de:marc", collect_text_cb, one, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (one), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (one, "de:marc"), ==, g_hash_table_lookup (all, "de:marc"));

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (GPtrArray) ids = search (store, texts[i]);
      g_autofree char *expected = NULL;
      g_autofree char *got = found_in_memory (all, texts[i]);

      g_ptr_array_sort (ids, compare_ids);
      g_ptr_array_add (ids, NULL);
      expected = g_strjoinv (" ", (GStrv) ids->pdata);
      g_test_message ("“%s”: %s", texts[i], expected);
      g_assert_cmpstr (got, ==, expected);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store-fts/prefixes", test_prefixes);
  ADD ("/store-fts/name-first", test_name_first);
  ADD ("/store-fts/follows-writes", test_follows_writes);
  ADD ("/store-fts/winner-switch", test_winner_switch);
  ADD ("/store-fts/no-injection", test_no_injection);
  ADD ("/store-fts/in-memory", test_in_memory);
  g_test_add_func ("/store-fts/sketch", test_sketch);

  return g_test_run ();
}

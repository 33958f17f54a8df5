/* test-store-de-list.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The portfolio's list table: it follows the live "de" winners through
 * puts, edits, deletions, replicated writes and conflicts, gives the same
 * values as json_extract() on the bodies, and is filled by the migration
 * of an older store, or by the open after a connection that left it (and
 * the full-text index) behind.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "relais-store-conflicts.h"
#include "relais-store-query.h"
#include "store-test-utils.h"

static gboolean
collect_cb (const char *id, const char *const *values, gpointer user_data)
{
  GPtrArray *lines = user_data;
  g_autoptr (GString) line = g_string_new (id);

  for (guint i = 0; i < RELAIS_DE_LIST_N_COLUMNS; i++)
    g_string_append_printf (line, "|%s", values[i] != NULL ? values[i] : "(null)");
  g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));
  return TRUE;
}

static int
compare_lines (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static char *
join_sorted (GPtrArray *lines)
{
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* The list table's rows, sorted, one a line; asserted equal to what
 * json_extract() reads from the winners' bodies. */
static char *
de_list (RelaisStore *store)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) extracted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  g_autofree char *from_bodies = NULL;
  char *text;

  g_assert_true (relais_store_select_de_list (store, collect_cb, rows, &error));
  g_assert_no_error (error);
  g_assert_true (relais_store_select_fields (store, "de", relais_store_de_list_members, NULL, NULL,
                                             collect_cb, extracted, &error));
  g_assert_no_error (error);
  text = join_sorted (rows);
  from_bodies = join_sorted (extracted);
  g_assert_cmpstr (text, ==, from_bodies);
  return text;
}

static void
assert_de_list (RelaisStore *store, const char *expected)
{
  g_autofree char *text = de_list (store);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_follows_writes (StoreFixture *f, gconstpointer data)
{
  g_autofree char *rev1 = NULL;
  g_autofree char *rev2 = NULL;
  g_autofree char *json = NULL;
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;

  /* As the app's own connection reads and writes: without the map. */
  g_assert_true (relais_store_set_mmap_size (f->store, 0, &error));
  g_assert_no_error (error);
  assert_de_list (f->store, "");

  /* Only DE are listed; a member that is not a string is NULL. */
  rev1 = put_ok (f->store,
                 "{\"_id\":\"de:1\",\"type\":\"de\",\"nom\":\"Durand\",\"prenom\":\"Léa\","
                 "\"identifiant\":\"1234567A\",\"modalite\":\"guide\","
                 "\"date_inscription\":\"2024-01-15\",\"referent\":\"c:1\","
                 "\"portefeuille\":\"pf:1\",\"competences\":[\"Soudure\"]}",
                 TRUE);
  g_free (put_ok (f->store, "{\"_id\":\"offre:1\",\"type\":\"offre\",\"nom\":\"x\"}", TRUE));
  g_free (put_ok (f->store,
                  "{\"_id\":\"de:2\",\"type\":\"de\",\"nom\":{\"a\":1},\"prenom\":3,"
                  "\"identifiant\":null,\"modalite\":[\"suivi\"]}",
                  TRUE));
  assert_de_list (f->store, "de:1|Durand|Léa|1234567A|guide|2024-01-15|c:1|pf:1\n"
                            "de:2|(null)|(null)|(null)|(null)|(null)|(null)|(null)");

  /* An edit rewrites the row. */
  json = g_strdup_printf ("{\"_id\":\"de:1\",\"_rev\":\"%s\",\"type\":\"de\",\"nom\":\"Martin\","
                          "\"modalite\":\"renforce\",\"portefeuille\":\"pf:2\"}",
                          rev1);
  rev2 = put_ok (f->store, json, TRUE);
  assert_de_list (f->store, "de:1|Martin|(null)|(null)|renforce|(null)|(null)|pf:2\n"
                            "de:2|(null)|(null)|(null)|(null)|(null)|(null)|(null)");

  /* A DE that stops being one leaves the list; a deletion too. */
  g_clear_pointer (&json, g_free);
  json =
      g_strdup_printf ("{\"_id\":\"de:1\",\"_rev\":\"%s\",\"type\":\"autre\",\"nom\":\"M\"}", rev2);
  g_free (put_ok (f->store, json, TRUE));
  assert_de_list (f->store, "de:2|(null)|(null)|(null)|(null)|(null)|(null)|(null)");

  /* bulk_put: several in one transaction, a deletion among them. */
  {
    g_autoptr (JsonObject) de2 = relais_store_get (f->store, "de:2", NULL, RELAIS_GET_NONE, NULL);

    g_ptr_array_add (docs, doc_new ("{\"_id\":\"de:3\",\"type\":\"de\",\"nom\":\"Petit\"}"));
    g_ptr_array_add (docs, doc_new ("{\"_id\":\"de:4\",\"type\":\"de\",\"nom\":\"Grand\"}"));
    json_object_set_boolean_member (de2, "_deleted", TRUE);
    g_ptr_array_add (docs, json_object_ref (de2));
  }
  results = relais_store_bulk_put (f->store, docs, TRUE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    g_assert_no_error (((RelaisPutResult *) g_ptr_array_index (results, i))->error);
  assert_de_list (f->store, "de:3|Petit|(null)|(null)|(null)|(null)|(null)|(null)\n"
                            "de:4|Grand|(null)|(null)|(null)|(null)|(null)|(null)");

  /* A DE recreated on top of its tombstone comes back. */
  g_free (put_ok (f->store, "{\"_id\":\"de:2\",\"type\":\"de\",\"nom\":\"Revenu\"}", TRUE));
  store_fixture_reopen (f);
  assert_de_list (f->store, "de:2|Revenu|(null)|(null)|(null)|(null)|(null)|(null)\n"
                            "de:3|Petit|(null)|(null)|(null)|(null)|(null)|(null)\n"
                            "de:4|Grand|(null)|(null)|(null)|(null)|(null)|(null)");
}

/* A replicated DE revision with @hashes (newest first) and @nom. */
static void
put_replicated_de (
    RelaisStore *store, guint64 start, const char *const *hashes, gboolean deleted, const char *nom)
{
  g_autoptr (JsonObject) doc = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = g_strdup_printf ("%" G_GUINT64_FORMAT "-%s", start, hashes[0]);
  RelaisStoreRevision item = { doc, NULL, NULL };
  g_autoptr (GPtrArray) results = NULL;

  json_object_set_string_member (doc, "_id", "de:c");
  json_object_set_string_member (doc, "_rev", rev);
  json_object_set_member (doc, "_revisions", relais_revisions_encode (start, hashes));
  if (deleted)
    json_object_set_boolean_member (doc, "_deleted", TRUE);
  else
    {
      json_object_set_string_member (doc, "type", "de");
      json_object_set_string_member (doc, "nom", nom);
    }
  results = relais_store_put_revisions (store, &item, 1, &error);
  g_assert_no_error (error);
  g_assert_no_error (((RelaisPutResult *) g_ptr_array_index (results, 0))->error);
}

#define H_0 "00000000000000000000000000000000"
#define H_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define H_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define H_C "cccccccccccccccccccccccccccccccc"
#define H_D "dddddddddddddddddddddddddddddddd"

static void
test_follows_winner (StoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisConflict) conflict = NULL;
  g_autoptr (JsonObject) chosen = NULL;
  g_autofree char *rev = NULL;

  /* new_edits=false: 1-a, then two branches; 2-c wins over 2-b. */
  put_replicated_de (f->store, 1, (const char *[]){ H_A, NULL }, FALSE, "Un");
  assert_de_list (f->store, "de:c|Un|(null)|(null)|(null)|(null)|(null)|(null)");
  put_replicated_de (f->store, 2, (const char *[]){ H_B, H_A, NULL }, FALSE, "Bé");
  assert_de_list (f->store, "de:c|Bé|(null)|(null)|(null)|(null)|(null)|(null)");
  put_replicated_de (f->store, 2, (const char *[]){ H_C, H_A, NULL }, FALSE, "Cé");
  assert_de_list (f->store, "de:c|Cé|(null)|(null)|(null)|(null)|(null)|(null)");

  /* A losing revision changes nothing. */
  put_replicated_de (f->store, 2, (const char *[]){ H_0, H_A, NULL }, FALSE, "Perdant");
  assert_de_list (f->store, "de:c|Cé|(null)|(null)|(null)|(null)|(null)|(null)");
  /* 3-a on the b branch wins (the longer branch). */
  put_replicated_de (f->store, 3, (const char *[]){ H_A, H_B, H_A, NULL }, FALSE, "Long");
  assert_de_list (f->store, "de:c|Long|(null)|(null)|(null)|(null)|(null)|(null)");

  /* The winner deleted: the other live leaf (2-c) takes over. */
  put_replicated_de (f->store, 4, (const char *[]){ H_D, H_A, H_B, H_A, NULL }, TRUE, NULL);
  assert_de_list (f->store, "de:c|Cé|(null)|(null)|(null)|(null)|(null)|(null)");

  /* Recreate a conflict and resolve it with a chosen body. */
  put_replicated_de (f->store, 3, (const char *[]){ H_B, H_C, H_A, NULL }, FALSE, "Trois");
  assert_de_list (f->store, "de:c|Trois|(null)|(null)|(null)|(null)|(null)|(null)");
  put_replicated_de (f->store, 3, (const char *[]){ H_D, H_C, H_A, NULL }, FALSE, "Autre");
  assert_de_list (f->store, "de:c|Autre|(null)|(null)|(null)|(null)|(null)|(null)");
  conflict = relais_store_get_conflict (f->store, "de:c", &error);
  g_assert_no_error (error);
  /* 3-d, 3-b and the losing 2-0. */
  g_assert_cmpuint (g_strv_length (conflict->revs), ==, 3);
  chosen = doc_new ("{\"type\":\"de\",\"nom\":\"Choisi\",\"modalite\":\"suivi\"}");
  rev = relais_store_resolve_conflict (f->store, "de:c", (const char *const *) conflict->revs,
                                       chosen, &error);
  g_assert_no_error (error);
  assert_de_list (f->store, "de:c|Choisi|(null)|(null)|suivi|(null)|(null)|(null)");

  /* All leaves deleted: gone from the list. */
  {
    g_autoptr (JsonObject) doc = json_object_new ();

    json_object_set_string_member (doc, "_id", "de:c");
    json_object_set_string_member (doc, "_rev", rev);
    json_object_set_boolean_member (doc, "_deleted", TRUE);
    g_free (relais_store_put (f->store, doc, TRUE, &error));
    g_assert_no_error (error);
  }
  assert_de_list (f->store, "");
}

/* A store of version 3 (before the list table) with two DE, a deleted
 * one and an interview: the migration fills the table from the bodies. */
static void
test_migrate_v3 (StoreFixture *f, gconstpointer data)
{
  sqlite3 *db = NULL;
  g_autoptr (GError) error = NULL;

  g_free (put_ok (f->store, "{\"_id\":\"de:1\",\"type\":\"de\",\"nom\":\"Hélène\",\"prenom\":1}",
                  TRUE));
  g_free (put_ok (f->store,
                  "{\"_id\":\"de:2\",\"type\":\"de\",\"nom\":\"Zoé\",\"referent\":\"c:9\","
                  "\"date_inscription\":\"2023-05-02\"}",
                  TRUE));
  g_free (put_ok (f->store, "{\"_id\":\"de:3\",\"type\":\"de\",\"nom\":\"Parti\"}", TRUE));
  g_free (
      put_ok (f->store, "{\"_id\":\"entretien:1\",\"type\":\"entretien\",\"de\":\"de:1\"}", TRUE));
  {
    g_autoptr (JsonObject) de3 = relais_store_get (f->store, "de:3", NULL, RELAIS_GET_NONE, NULL);

    json_object_set_boolean_member (de3, "_deleted", TRUE);
    g_free (relais_store_put (f->store, de3, TRUE, &error));
    g_assert_no_error (error);
  }
  g_clear_object (&f->store);

  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (
      sqlite3_exec (db, "DROP TABLE de_list; PRAGMA user_version = 3;", NULL, NULL, NULL), ==,
      SQLITE_OK);
  sqlite3_close (db);

  store_fixture_reopen (f);
  assert_de_list (f->store, "de:1|Hélène|(null)|(null)|(null)|(null)|(null)|(null)\n"
                            "de:2|Zoé|(null)|(null)|(null)|2023-05-02|c:9|(null)");
  /* And writes go on keeping it. */
  g_free (put_ok (f->store, "{\"_id\":\"de:4\",\"type\":\"de\",\"nom\":\"Neuf\"}", TRUE));
  {
    g_autofree char *text = de_list (f->store);

    g_assert_nonnull (strstr (text, "de:4|Neuf|"));
  }
}

typedef struct
{
  const char *path;
  GError *error;
} Opener;

static gpointer
open_thread (gpointer user_data)
{
  Opener *opener = user_data;
  RelaisStore *store = relais_store_open (opener->path, &opener->error);

  g_clear_object (&store);
  return NULL;
}

/* Two connections opening an old store at once: the second waits for the
 * first's migration and finds it done, rather than running it again on
 * tables that exist (the app's list worker opens the store while the
 * app's main thread opens it too). */
static void
test_concurrent_migration (StoreFixture *f, gconstpointer data)
{
  for (guint round = 0; round < 8; round++)
    {
      sqlite3 *db = NULL;
      Opener openers[4] = { { f->path, NULL } };
      GThread *threads[G_N_ELEMENTS (openers)];

      g_clear_object (&f->store);
      g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (db, "DROP TABLE IF EXISTS de_list; PRAGMA user_version = 3;",
                                     NULL, NULL, NULL),
                       ==, SQLITE_OK);
      sqlite3_close (db);

      for (guint i = 0; i < G_N_ELEMENTS (openers); i++)
        {
          openers[i].path = f->path;
          threads[i] = g_thread_new ("open", open_thread, &openers[i]);
        }
      for (guint i = 0; i < G_N_ELEMENTS (openers); i++)
        {
          g_thread_join (threads[i]);
          g_assert_no_error (openers[i].error);
        }
      store_fixture_reopen (f);
      if (round == 0)
        g_free (put_ok (f->store, "{\"_id\":\"de:1\",\"type\":\"de\",\"nom\":\"Un\"}", TRUE));
      assert_de_list (f->store, "de:1|Un|(null)|(null)|(null)|(null)|(null)|(null)");
    }
}

/* A connection opened with RELAIS_STORE_OPEN_NO_APP_TABLES (the server's)
 * leaves the list and the full-text index behind; the next ordinary open
 * rebuilds both from the winners, once. */
static void
test_no_app_tables (StoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) server = NULL;
  g_autoptr (RelaisStore) reader = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autofree char *rev1 = NULL;
  g_autofree char *rev2 = NULL;
  g_autofree char *json = NULL;

  rev1 = put_ok (f->store, "{\"_id\":\"de:1\",\"type\":\"de\",\"nom\":\"Durand\"}", TRUE);
  g_free (put_ok (f->store, "{\"_id\":\"de:2\",\"type\":\"de\",\"nom\":\"Petit\"}", TRUE));
  /* An ordinary connection kept open while the server's writes. */
  reader = g_steal_pointer (&f->store);

  server = relais_store_open_full (f->path, RELAIS_STORE_OPEN_NO_APP_TABLES, &error);
  g_assert_no_error (error);
  json = g_strdup_printf ("{\"_id\":\"de:1\",\"_rev\":\"%s\",\"type\":\"de\",\"nom\":\"Martin\"}",
                          rev1);
  rev2 = put_ok (server, json, TRUE);
  g_free (put_ok (server, "{\"_id\":\"de:3\",\"type\":\"de\",\"nom\":\"Grand\"}", TRUE));
  {
    g_autoptr (JsonObject) de2 = relais_store_get (server, "de:2", NULL, RELAIS_GET_NONE, NULL);
    g_autofree char *rev = NULL;

    json_object_set_boolean_member (de2, "_deleted", TRUE);
    rev = relais_store_put (server, de2, TRUE, &error);
    g_assert_no_error (error);
  }

  /* Not maintained: the tables still hold what was there before. */
  g_assert_true (relais_store_search_de (server, "martin", 0, &ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);
  g_assert_true (relais_store_search_de (server, "durand", 0, &ids, &error));
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* Lookups by a list member do not trust the stale list, on either
   * connection: they read the bodies. */
  ids = relais_store_find_by_field (server, "de", "nom", "Martin", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "de:1");
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = relais_store_find_by_field (reader, "de", "nom", "Grand", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "de:3");
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = relais_store_find_by_field (reader, "de", "nom", "Petit", &error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);
  g_clear_object (&reader);
  g_clear_object (&server);

  /* An ordinary open brings them up to date. */
  f->store = relais_store_open (f->path, &error);
  g_assert_no_error (error);
  ids = relais_store_find_by_field (f->store, "de", "nom", "Martin", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_ptr_array_unref);
  assert_de_list (f->store, "de:1|Martin|(null)|(null)|(null)|(null)|(null)|(null)\n"
                            "de:3|Grand|(null)|(null)|(null)|(null)|(null)|(null)");
  g_assert_true (relais_store_search_de (f->store, "martin", 0, &ids, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "de:1");
  g_clear_pointer (&ids, g_ptr_array_unref);
  g_assert_true (relais_store_search_de (f->store, "durand", 0, &ids, &error));
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);
  g_assert_true (relais_store_search_de (f->store, "petit", 0, &ids, &error));
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* Rebuilt once: the flag is gone, later writes keep them as usual. */
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (
        sqlite3_prepare_v2 (db, "SELECT count (*) FROM meta WHERE key = 'app_tables_stale'", -1,
                            &stmt, NULL),
        ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  g_clear_pointer (&json, g_free);
  json =
      g_strdup_printf ("{\"_id\":\"de:1\",\"_rev\":\"%s\",\"type\":\"de\",\"nom\":\"Roux\"}", rev2);
  g_free (put_ok (f->store, json, TRUE));
  assert_de_list (f->store, "de:1|Roux|(null)|(null)|(null)|(null)|(null)|(null)\n"
                            "de:3|Grand|(null)|(null)|(null)|(null)|(null)|(null)");
  g_assert_true (relais_store_search_de (f->store, "roux", 0, &ids, &error));
  g_assert_cmpuint (ids->len, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)
  ADD ("/store/de-list/follows-writes", test_follows_writes);
  ADD ("/store/de-list/follows-winner", test_follows_winner);
  ADD ("/store/de-list/migrate-v3", test_migrate_v3);
  ADD ("/store/de-list/concurrent-migration", test_concurrent_migration);
  ADD ("/store/de-list/no-app-tables", test_no_app_tables);
#undef ADD

  return g_test_run ();
}

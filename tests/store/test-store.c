/* test-store.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Opening a store: schema version, damaged files, a second connection on
 * the same file; the O(1) counters, revs_limit, _local documents and
 * compaction.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "relais-store-conflicts.h"
#include "store-test-utils.h"

static gint64
pragma_int (const char *path, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_open_schema (StoreFixture *fixture, gconstpointer data)
{
  g_assert_cmpint (pragma_int (fixture->path, "PRAGMA user_version"), >=, 2);
  g_assert_cmpint (pragma_int (fixture->path, "SELECT count(*) FROM pragma_journal_mode"
                                              " WHERE journal_mode = 'wal'"),
                   ==, 1);
  g_assert_cmpuint (relais_store_get_doc_count (fixture->store), ==, 0);
  g_assert_cmpuint (relais_store_get_update_seq (fixture->store), ==, 0);
  g_assert_cmpuint (relais_store_get_revs_limit (fixture->store), ==,
                    RELAIS_STORE_DEFAULT_REVS_LIMIT);
  g_assert_cmpstr (relais_store_get_path (fixture->store), ==, fixture->path);

  /* Reopening an existing store runs no migration twice. */
  g_free (put_ok (fixture->store, "{\"_id\":\"de:1\",\"type\":\"de\"}", TRUE));
  store_fixture_reopen (fixture);
  g_assert_cmpuint (relais_store_get_doc_count (fixture->store), ==, 1);
}

/* The schema of store version 1, as the first release wrote it. */
static const char v1_schema[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
    "INSERT INTO meta VALUES ('update_seq', 0), ('doc_count', 0), ('deleted_count', 0),"
    "                        ('revs_limit', 1000);"
    "CREATE TABLE docs (id TEXT NOT NULL UNIQUE, seq INTEGER NOT NULL, winner TEXT NOT NULL,"
    "                   deleted INTEGER NOT NULL, tree TEXT NOT NULL, body TEXT NOT NULL);"
    "CREATE INDEX docs_seq ON docs (seq);"
    "CREATE TABLE revs (doc_id TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL,"
    "                   body TEXT NOT NULL, PRIMARY KEY (doc_id, rev)) WITHOUT ROWID;"
    "CREATE TABLE local_docs (id TEXT PRIMARY KEY, rev INTEGER NOT NULL, body TEXT NOT NULL)"
    "  WITHOUT ROWID;"
    "CREATE INDEX docs_type ON docs (json_extract (body, '$.type')) WHERE deleted = 0;"
    "CREATE INDEX docs_de_referent ON docs (json_extract (body, '$.referent'))"
    "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'de';"
    "CREATE INDEX docs_de_portefeuille ON docs (json_extract (body, '$.portefeuille'))"
    "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'de';"
    "CREATE INDEX docs_de_modalite ON docs (json_extract (body, '$.modalite'))"
    "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'de';"
    "CREATE INDEX docs_de_inscription ON docs (json_extract (body, '$.date_inscription'))"
    "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'de';"
    "CREATE INDEX docs_de_commune ON docs (json_extract (body, '$.adresse.commune'))"
    "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'de';"
    "CREATE INDEX docs_entretien_de ON docs (json_extract (body, '$.de'), json_extract (body, "
    "'$.date'))"
    "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'entretien';"
    "CREATE INDEX docs_entretien_statut ON docs (json_extract (body, '$.statut'))"
    "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'entretien';"
    "CREATE INDEX docs_offre_rome ON docs (json_extract (body, '$.romeCode'))"
    "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'offre';"
    "CREATE INDEX docs_offre_statut ON docs (json_extract (body, '$.statut'))"
    "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'offre';"
    "CREATE INDEX docs_offre_commune ON docs (json_extract (body, '$.lieuTravail.commune'))"
    "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'offre';"
    "CREATE VIRTUAL TABLE de_fts USING fts5 (nom, prenom, identifiant, competences, metiers,"
    "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');";

static void
test_migrate_v1 (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("relais-store-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "v1.db", NULL);
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autofree char *json = NULL;
  g_autofree char *old_body = NULL;
  sqlite3 *db = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, v1_schema, NULL, NULL, NULL), ==, SQLITE_OK);
  /* One DE at 2-b over 1-a; version 1 kept every body in revs. */
  g_assert_cmpint (
      sqlite3_exec (
          db,
          "INSERT INTO docs (id, seq, winner, deleted, tree, body) VALUES ('de:1', 2, '2-b', 0,"
          " '[[\"1-a\",-1,0,1],[\"2-b\",0,0,1]]',"
          " '{\"competences\":[\"Soudure\"],\"metiers_recherches\":[{\"code_rome\":\"H2913\","
          "\"libelle\":\"Soudage\"}],\"nom\":\"Hélène\",\"referent\":\"c:1\",\"type\":\"de\"}');"
          "INSERT INTO revs VALUES ('de:1', '1-a', 0, '{\"nom\":\"Old\",\"type\":\"de\"}');"
          /* n:2 has two live leaves (a conflict), n:3 a deleted branch. */
          "INSERT INTO docs (id, seq, winner, deleted, tree, body) VALUES ('n:2', 3, '2-c', 0,"
          " '[[\"1-a\",-1,0,0],[\"2-b\",0,0,1],[\"2-c\",0,0,1]]', '{\"v\":\"c\"}'),"
          " ('n:3', 4, '2-c', 0, '[[\"1-a\",-1,0,0],[\"2-b\",0,1,1],[\"2-c\",0,0,1]]',"
          " '{\"v\":\"c\"}');"
          "INSERT INTO revs VALUES ('n:2', '2-b', 0, '{\"v\":\"b\"}'), ('n:3', '2-b', 1, '{}');"
          "INSERT INTO revs SELECT id, winner, 0, body FROM docs;"
          "UPDATE meta SET value = 2 WHERE key = 'update_seq';"
          "UPDATE meta SET value = 1 WHERE key = 'doc_count';"
          "PRAGMA user_version = 1;",
          NULL, NULL, NULL),
      ==, SQLITE_OK);
  sqlite3_close (db);

  store = relais_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pragma_int (path, "PRAGMA user_version"), ==, 5);
  /* Version 5 drops the DE's expression indexes (de_list answers). */
  g_assert_cmpint (pragma_int (path, "SELECT count(*) FROM sqlite_master"
                                     " WHERE type = 'index' AND name LIKE 'docs_de_%'"),
                   ==, 0);
  g_assert_cmpint (pragma_int (path, "SELECT count(*) FROM revs"), ==, 3);
  /* Version 3 marks the documents with several live leaves. */
  g_assert_cmpint (pragma_int (path, "SELECT count(*) FROM docs WHERE conflicted = 1"), ==, 1);
  /* Version 4 lists the live DE with their list fields. */
  g_assert_cmpint (pragma_int (path, "SELECT count(*) FROM de_list WHERE id = 'de:1'"
                                     " AND nom = 'Hélène' AND referent = 'c:1'"),
                   ==, 1);
  g_assert_cmpint (pragma_int (path, "SELECT count(*) FROM de_list"), ==, 1);
  {
    g_autoptr (GPtrArray) conflicts = relais_store_list_conflicts (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (conflicts->len, ==, 1);
    g_assert_cmpstr (((RelaisConflictInfo *) g_ptr_array_index (conflicts, 0))->id, ==, "n:2");
  }
  json = relais_store_get_json (store, "de:1", NULL, RELAIS_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"_rev\":\"2-b\""));
  old_body = relais_store_get_rev_body (store, "de:1", "1-a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (old_body, ==, "{\"nom\":\"Old\",\"type\":\"de\"}");
  g_assert_cmpuint (relais_store_count_type (store, "de", NULL), ==, 1);

  /* The rebuilt full-text index covers names, skills and jobs. */
  g_assert_true (relais_store_search_de (store, "hele", 0, &ids, &error));
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_ptr_array_unref);
  g_assert_true (relais_store_search_de (store, "soud h2913", 0, &ids, &error));
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = relais_store_find_by_field (store, "de", "referent", "c:1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);

  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
test_corrupt_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("relais-store-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "garbage.db", NULL);
  g_autoptr (RelaisStore) store = NULL;
  char garbage[8192];

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) (i * 7 + 13);
  g_assert_true (g_file_set_contents (path, garbage, sizeof garbage, NULL));

  store = relais_store_open (path, &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CORRUPT);
  g_assert_null (store);
  g_assert_nonnull (strstr (error->message, "garbage.db"));

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_newer_version (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = NULL;

  g_clear_object (&fixture->store);
  pragma_int (fixture->path, "PRAGMA user_version = 99");

  store = relais_store_open (fixture->path, &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CORRUPT);
  g_assert_null (store);
}

static void
test_second_connection (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) reader = relais_store_open (fixture->path, &error);
  g_autoptr (JsonObject) doc = NULL;
  g_autofree char *rev = NULL;

  g_assert_no_error (error);
  rev = put_ok (fixture->store, "{\"_id\":\"de:1\",\"nom\":\"Durand\"}", TRUE);

  /* The other connection sees the commit at once. */
  doc = relais_store_get (reader, "de:1", NULL, RELAIS_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, rev);
  g_assert_cmpuint (relais_store_get_update_seq (reader), ==, 1);

  /* And may write in turn. */
  g_free (put_ok (reader, "{\"_id\":\"de:2\"}", TRUE));
  g_assert_cmpuint (relais_store_get_doc_count (fixture->store), ==, 2);
}

/* Between relais_store_begin_read() and relais_store_end_read() the reads
 * see one snapshot: a commit of another connection meanwhile shows only
 * after the outermost end. The store writes again afterwards. */
static void
test_read_snapshot (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) reader = relais_store_open (fixture->path, &error);
  g_autoptr (JsonObject) missing = NULL;
  g_autoptr (JsonObject) seen = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  first = put_ok (fixture->store, "{\"_id\":\"de:1\",\"nom\":\"Durand\"}", TRUE);

  g_assert_true (relais_store_begin_read (reader, &error));
  g_assert_no_error (error);
  g_assert_true (relais_store_begin_read (reader, &error));
  g_assert_cmpuint (relais_store_get_update_seq (reader), ==, 1);
  g_free (put_ok (fixture->store, "{\"_id\":\"de:2\"}", TRUE));
  missing = relais_store_get (reader, "de:2", NULL, RELAIS_GET_NONE, &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  relais_store_end_read (reader);
  /* Still inside the outer one. */
  g_assert_cmpuint (relais_store_get_update_seq (reader), ==, 1);
  relais_store_end_read (reader);

  seen = relais_store_get (reader, "de:2", NULL, RELAIS_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relais_store_get_update_seq (reader), ==, 2);
  second = put_ok (reader, "{\"_id\":\"de:3\"}", TRUE);
  g_assert_cmpuint (relais_store_get_doc_count (fixture->store), ==, 3);
}

static void
test_counters (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autofree char *rev1 = put_ok (store, "{\"_id\":\"a\",\"n\":1}", TRUE);
  g_autofree char *rev2 = put_ok (store, "{\"_id\":\"b\",\"n\":1}", TRUE);
  g_autofree char *json = NULL;
  g_autofree char *del = NULL;

  /* Same body, no parent: the same rev on another document. */
  g_assert_cmpstr (rev1, ==, rev2);
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 2);
  g_assert_cmpuint (relais_store_get_update_seq (store), ==, 2);

  json = g_strdup_printf ("{\"_id\":\"a\",\"_rev\":\"%s\",\"_deleted\":true}", rev1);
  del = put_ok (store, json, TRUE);
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 1);
  g_assert_cmpuint (relais_store_get_deleted_count (store), ==, 1);
  g_assert_cmpuint (relais_store_get_update_seq (store), ==, 3);

  /* A rejected write moves no counter. */
  put_fails (store, "{\"_id\":\"b\",\"n\":2}", TRUE, RELAIS_STORE_ERROR_CONFLICT);
  g_assert_cmpuint (relais_store_get_update_seq (store), ==, 3);

  store_fixture_reopen (fixture);
  g_assert_cmpuint (relais_store_get_doc_count (fixture->store), ==, 1);
  g_assert_cmpuint (relais_store_get_deleted_count (fixture->store), ==, 1);
  g_assert_cmpuint (relais_store_get_update_seq (fixture->store), ==, 3);
}

static void
test_revs_limit (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (relais_store_set_revs_limit (fixture->store, 3, &error));
  g_assert_no_error (error);
  g_assert_false (relais_store_set_revs_limit (fixture->store, 0, &error));
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID);
  store_fixture_reopen (fixture);
  g_assert_cmpuint (relais_store_get_revs_limit (fixture->store), ==, 3);
}

static gboolean
count_cb (const RelaisChange *change, gpointer user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static void
test_local_docs (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) first = doc_new ("{\"last_seq\":10}");
  g_autoptr (JsonObject) second = doc_new ("{\"_rev\":\"0-1\",\"last_seq\":20}");
  g_autoptr (JsonObject) stale = doc_new ("{\"_rev\":\"0-1\",\"last_seq\":30}");
  g_autoptr (JsonObject) norev = doc_new ("{\"last_seq\":40}");
  g_autoptr (JsonObject) got = NULL;
  g_autofree char *rev1 = NULL;
  g_autofree char *rev2 = NULL;
  g_autofree char *rev3 = NULL;
  g_autofree char *json = NULL;
  guint64 seq = relais_store_get_update_seq (store);
  guint n_changes = 0;

  rev1 = relais_store_put_local (store, "_local/rep", first, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rev1, ==, "0-1");
  rev2 = relais_store_put_local (store, "_local/rep", second, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rev2, ==, "0-2");

  rev3 = relais_store_put_local (store, "_local/rep", stale, &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT);
  g_assert_null (rev3);
  g_clear_error (&error);
  rev3 = relais_store_put_local (store, "_local/rep", norev, &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT);
  g_clear_error (&error);

  json = relais_store_get_local_json (store, "_local/rep", &error);
  g_assert_no_error (error);
  got = relais_json_parse_object (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (got, "_id"), ==, "_local/rep");
  g_assert_cmpstr (json_object_get_string_member (got, "_rev"), ==, "0-2");
  g_assert_cmpint (json_object_get_int_member (got, "last_seq"), ==, 20);

  /* Not replicated: no sequence, no count, no change. */
  g_assert_cmpuint (relais_store_get_update_seq (store), ==, seq);
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 0);
  g_assert_true (
      relais_store_changes (store, 0, 0, RELAIS_CHANGES_NONE, count_cb, &n_changes, NULL, &error));
  g_assert_cmpuint (n_changes, ==, 0);

  g_assert_false (relais_store_delete_local (store, "_local/rep", "0-1", &error));
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (relais_store_delete_local (store, "_local/rep", "0-2", &error));
  g_assert_no_error (error);
  g_clear_pointer (&json, g_free);
  json = relais_store_get_local_json (store, "_local/rep", &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND);
  g_assert_null (json);
  g_clear_error (&error);
  g_assert_false (relais_store_delete_local (store, "_local/rep", "0-2", &error));
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND);
}

/* What a client wrote comes back unchanged: members the store does not
 * know, nested values, numbers, and text in any script (no escaping of
 * non-ASCII, no normalisation). */
static void
test_round_trip (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  const char *text =
      "{\"_id\":\"de:zoë/😀 a=b\",\"nom\":\"Zoë 😀 çà e\u0301 \xe2\x80\xa8 \\\" \\\\ \\n \\t\","
      "\"inconnu\":{\"a\":[1,-2.5,true,false,null,\"x\"],\"vide\":{},\"liste\":[]},"
      "\"grand\":9007199254740993,\"petit\":0.1,\"zéro\":0,\"\":\"clé vide\"}";
  g_autoptr (JsonObject) doc = doc_new (text);
  g_autoptr (JsonObject) got = NULL;
  g_autofree char *rev = put_ok (store, text, TRUE);
  g_autofree char *json = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;
  guint n_members = 0;

  json = relais_store_get_json (store, "de:zoë/😀 a=b", NULL, RELAIS_GET_NONE, &error);
  g_assert_no_error (error);
  /* Non-ASCII text is stored as UTF-8, not as \u escapes. */
  g_assert_nonnull (strstr (json, "Zoë 😀 çà e\xcc\x81"));
  got = relais_json_parse_object (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (got, "_rev"), ==, rev);

  json_object_iter_init (&iter, doc);
  while (json_object_iter_next (&iter, &member, &node))
    {
      g_test_message ("member %s", member);
      g_assert_true (json_object_has_member (got, member));
      g_assert_true (json_node_equal (node, json_object_get_member (got, member)));
      n_members++;
    }
  /* Nothing added but _rev. */
  g_assert_cmpuint (json_object_get_size (got), ==, n_members + 1);
  g_assert_cmpint (json_object_get_int_member (got, "grand"), ==,
                   G_GINT64_CONSTANT (9007199254740993));
  g_assert_cmpfloat (json_object_get_double_member (got, "petit"), ==, 0.1);
}

/* CouchDB and PouchDB replication ids carry '=', '.', '/' and more. */
static void
test_local_any_id (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  const char *ids[] = { "_local/a=b.c/d", "_local/RajEbWaJY6MtyHGt.NLP9g==", "_local/é 😀'\"%",
                        "_local/" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonObject) body = json_object_new ();
      g_autoptr (JsonObject) got = NULL;
      g_autofree char *rev = NULL;
      g_autofree char *json = NULL;

      json_object_set_int_member (body, "n", i);
      rev = relais_store_put_local (store, ids[i], body, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (rev, ==, "0-1");
      json = relais_store_get_local_json (store, ids[i], &error);
      g_assert_no_error (error);
      got = relais_json_parse_object (json, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (got, "_id"), ==, ids[i]);
      g_assert_cmpint (json_object_get_int_member (got, "n"), ==, i);
    }
  /* Ids differ by one character: each has its own row. */
  {
    g_autoptr (GError) error = NULL;
    g_autofree char *json = relais_store_get_local_json (store, "_local/a=b.c/", &error);

    g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND);
    g_assert_null (json);
  }
  g_assert_true (relais_store_delete_local (store, "_local/a=b.c/d", "0-1", NULL));
  g_assert_null (relais_store_get_local_json (store, "_local/a=b.c/d", NULL));
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 0);
}

static void
test_compact (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autofree char *rev1 = put_ok (store, "{\"_id\":\"d\",\"v\":\"one\"}", TRUE);
  g_autofree char *json2 = g_strdup_printf ("{\"_id\":\"d\",\"_rev\":\"%s\",\"v\":\"two\"}", rev1);
  g_autofree char *rev2 = put_ok (store, json2, TRUE);
  g_autofree char *json3 =
      g_strdup_printf ("{\"_id\":\"d\",\"_rev\":\"%s\",\"v\":\"three\"}", rev2);
  g_autofree char *rev3 = put_ok (store, json3, TRUE);
  const char *branch[] = { "zzzz", rev2 + 2, rev1 + 2, NULL };
  g_autofree char *body1 = NULL;
  g_autofree char *body3 = NULL;
  g_autofree char *branch_body = NULL;

  put_replicated (store, "d", 3, branch, FALSE, "branch");

  /* Before compaction, ancestors keep their bodies for a three-way merge. */
  body1 = relais_store_get_rev_body (store, "d", rev1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (body1, ==, "{\"v\":\"one\"}");
  g_clear_pointer (&body1, g_free);

  g_assert_true (relais_store_compact (store, &error));
  g_assert_no_error (error);

  body1 = relais_store_get_rev_body (store, "d", rev1, &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND);
  g_assert_null (body1);
  g_clear_error (&error);
  {
    g_autofree char *body2 = relais_store_get_rev_body (store, "d", rev2, &error);

    g_assert_null (body2);
    g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Both leaves stay whole. */
  body3 = relais_store_get_rev_body (store, "d", rev3, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (body3, ==, "{\"v\":\"three\"}");
  branch_body = relais_store_get_rev_body (store, "d", "3-zzzz", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (branch_body, ==, "{\"v\":\"branch\"}");
  g_assert_cmpint (pragma_int (fixture->path, "SELECT count(*) FROM pragma_integrity_check"
                                              " WHERE integrity_check = 'ok'"),
                   ==, 1);

  /* The tree remembers the revisions, only their bodies went. */
  {
    g_auto (GStrv) leaves = relais_store_get_leaves (store, "d", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (leaves), ==, 2);
  }
}

/* A connection that defers its checkpoints lets the log grow past
 * SQLite's 1,000-page auto-checkpoint; a checkpoint from another
 * connection copies it back, and the next write starts it over. */
static void
test_deferred_checkpoints (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) other = NULL;
  guint pages;

  g_assert_cmpuint (relais_store_get_wal_pages (fixture->store), ==, 0);
  relais_store_defer_checkpoints (fixture->store);
  for (guint i = 0; i < 600; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"de:%u\",\"type\":\"de\","
                                               "\"nom\":\"Nom%u\"}",
                                               i, i);

      g_free (put_ok (fixture->store, json, TRUE));
    }
  pages = relais_store_get_wal_pages (fixture->store);
  g_assert_cmpuint (pages, >, 1500);

  other = relais_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relais_store_get_doc_count (other), ==, 600);
  g_assert_true (relais_store_checkpoint (other, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (relais_store_get_wal_pages (other), ==, 0);

  g_free (put_ok (fixture->store, "{\"_id\":\"de:last\",\"type\":\"de\"}", TRUE));
  g_assert_cmpuint (relais_store_get_wal_pages (fixture->store), <, 50);
  g_assert_cmpuint (relais_store_get_doc_count (other), ==, 601);
  {
    g_autoptr (GPtrArray) ids = NULL;

    g_assert_true (relais_store_search_de (other, "nom59", 0, &ids, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (ids->len, ==, 11);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store/open-schema", test_open_schema);
  g_test_add_func ("/store/migrate-v1", test_migrate_v1);
  g_test_add_func ("/store/corrupt-file", test_corrupt_file);
  ADD ("/store/newer-version", test_newer_version);
  ADD ("/store/second-connection", test_second_connection);
  ADD ("/store/counters", test_counters);
  ADD ("/store/revs-limit", test_revs_limit);
  ADD ("/store/local-docs", test_local_docs);
  ADD ("/store/compact", test_compact);
  ADD ("/store/round-trip", test_round_trip);
  ADD ("/store/local-any-id", test_local_any_id);
  ADD ("/store/deferred-checkpoints", test_deferred_checkpoints);
  ADD ("/store/read-snapshot", test_read_snapshot);

  return g_test_run ();
}

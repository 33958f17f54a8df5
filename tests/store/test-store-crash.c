/* test-store-crash.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A process killed in the middle of a bulk write leaves the store exactly
 * as before the call; killed right after the commit, everything is there.
 * The child runs with a tiny page cache so that uncommitted pages really
 * reach the WAL file before the kill.
 */

#include "config.h"

#include <signal.h>

#include "relais-store-private.h"
#include "store-test-utils.h"

#define N_BULK 2000
#define KILL_AT 1500

static GPtrArray *
make_docs (void)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *padding = g_strnfill (600, 'x');

  for (guint i = 0; i < N_BULK; i++)
    {
      JsonObject *doc = json_object_new ();
      g_autofree char *id = g_strdup_printf ("de:bulk-%04u", i);
      g_autofree char *nom = g_strdup_printf ("Crashtest%u", i);

      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "type", "de");
      json_object_set_string_member (doc, "nom", nom);
      json_object_set_string_member (doc, "notes", padding);
      g_ptr_array_add (docs, doc);
    }
  return docs;
}

static void
kill_cb (guint index, gpointer user_data)
{
  if (index == KILL_AT)
    raise (SIGKILL);
}

/* The child: write the bulk, and die before or after its commit. */
static void
child_bulk (gboolean kill_before_commit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (GPtrArray) docs = NULL;
  g_autoptr (GPtrArray) results = NULL;

  if (!g_test_subprocess ())
    {
      g_test_skip ("Runs as the child of a crash test only");
      return;
    }

  store = relais_store_open (g_getenv ("RELAIS_CRASH_PATH"), &error);
  g_assert_no_error (error);
  docs = make_docs ();
  g_assert_cmpint (sqlite3_exec (store->db, "PRAGMA cache_size = 8", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  if (kill_before_commit)
    _relais_store_set_write_hook (store, kill_cb, NULL);

  results = relais_store_bulk_put (store, docs, TRUE, &error);
  g_assert_no_error (error);
  /* Killed after the commit: no close, no checkpoint. */
  raise (SIGKILL);
}

static void
test_child_before_commit (void)
{
  child_bulk (TRUE);
}

static void
test_child_after_commit (void)
{
  child_bulk (FALSE);
}

static gint64
integrity_ok (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 ok = 0;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return ok;
}

static gsize
wal_size (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st;

  return g_stat (wal, &st) == 0 ? (gsize) st.st_size : 0;
}

static void
run_crash (StoreFixture *fixture, const char *child, gboolean expect_all)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *keep_rev = NULL;
  g_autofree char *keep_json = NULL;
  g_autofree char *again = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  guint64 count, seq;

  keep_rev =
      put_ok (fixture->store, "{\"_id\":\"de:keep\",\"type\":\"de\",\"nom\":\"Gardé\"}", TRUE);
  g_free (put_ok (fixture->store, "{\"_id\":\"de:bulk-0007\",\"type\":\"de\",\"nom\":\"Avant\"}",
                  TRUE));
  count = relais_store_get_doc_count (fixture->store);
  seq = relais_store_get_update_seq (fixture->store);
  keep_json = relais_store_get_json (fixture->store, "de:keep", NULL, RELAIS_GET_NONE, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->store);

  g_setenv ("RELAIS_CRASH_PATH", fixture->path, TRUE);
  g_test_trap_subprocess (child, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_assert_false (g_test_trap_has_passed ());
  /* The child got far enough to write pages of its transaction. */
  g_assert_cmpuint (wal_size (fixture->path), >, 0);

  store_fixture_reopen (fixture);
  g_assert_true (integrity_ok (fixture->path));
  again = relais_store_get_json (fixture->store, "de:keep", NULL, RELAIS_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, keep_json);

  if (!expect_all)
    {
      g_assert_cmpuint (relais_store_get_doc_count (fixture->store), ==, count);
      g_assert_cmpuint (relais_store_get_update_seq (fixture->store), ==, seq);
      g_assert_cmpuint (relais_store_count_type (fixture->store, "de", NULL), ==, count);
      g_assert_true (relais_store_search_de (fixture->store, "crashtest", 0, &ids, &error));
      g_assert_cmpuint (ids->len, ==, 0);
      g_assert_null (
          relais_store_get_json (fixture->store, "de:bulk-0001", NULL, RELAIS_GET_NONE, NULL));
    }
  else
    {
      /* Every document but the one that already existed without a rev. */
      g_assert_cmpuint (relais_store_get_doc_count (fixture->store), ==, count + N_BULK - 1);
      g_assert_cmpuint (relais_store_get_update_seq (fixture->store), ==, seq + N_BULK - 1);
      g_assert_true (relais_store_search_de (fixture->store, "crashtest", 0, &ids, &error));
      g_assert_cmpuint (ids->len, ==, N_BULK - 1);
    }

  /* The store still takes writes. */
  g_free (put_ok (fixture->store, "{\"_id\":\"de:after\",\"type\":\"de\"}", TRUE));
}

static void
test_kill_before_commit (StoreFixture *fixture, gconstpointer data)
{
  run_crash (fixture, "/store-crash/child-before-commit", FALSE);
}

static void
test_kill_after_commit (StoreFixture *fixture, gconstpointer data)
{
  run_crash (fixture, "/store-crash/child-after-commit", TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-crash/kill-before-commit", StoreFixture, NULL, store_fixture_set_up,
              test_kill_before_commit, store_fixture_tear_down);
  g_test_add ("/store-crash/kill-after-commit", StoreFixture, NULL, store_fixture_set_up,
              test_kill_after_commit, store_fixture_tear_down);
  g_test_add_func ("/store-crash/child-before-commit", test_child_before_commit);
  g_test_add_func ("/store-crash/child-after-commit", test_child_after_commit);

  return g_test_run ();
}

/* test-store-crash.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A process killed in the middle of a bulk write leaves the store exactly
 * as before the call; killed right after the commit, everything is there.
 *
 * The child is a fork()ed copy of the test: the parent waits for it and
 * checks that it really died of SIGKILL (an assertion failure in the child
 * would end in SIGABRT, a normal return in an exit status), and marker
 * files tell how far the child got. The child runs with a tiny page cache
 * so that the pages of its open transaction really reach the WAL file
 * before the kill.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "relais-store-private.h"
#include "store-test-utils.h"

#define N_BEFORE 200
#define N_HOOK_BULK 2000
#define HOOK_KILL_AT 1500
#define N_TIMER_BULK 50000
#define TIMER_KILL_MS 150

typedef enum
{
  KILL_FROM_HOOK,  /* between two documents of the transaction */
  KILL_FROM_TIMER, /* wherever the writer is after TIMER_KILL_MS */
  KILL_AFTER_COMMIT,
} KillMode;

static GPtrArray *
make_docs (guint n, const char *prefix, const char *name, guint padding_length)
{
  GPtrArray *docs = g_ptr_array_new_full (n, (GDestroyNotify) json_object_unref);
  g_autofree char *padding = g_strnfill (padding_length, 'x');

  for (guint i = 0; i < n; i++)
    {
      JsonObject *doc = json_object_new ();
      g_autofree char *id = g_strdup_printf ("%s-%05u", prefix, i);
      g_autofree char *nom = g_strdup_printf ("%s%u", name, i);

      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "type", "de");
      json_object_set_string_member (doc, "nom", nom);
      json_object_set_string_member (doc, "notes", padding);
      g_ptr_array_add (docs, doc);
    }
  return docs;
}

static void
touch (const char *path)
{
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);
}

static void
kill_self (void)
{
  kill (getpid (), SIGKILL);
  /* Not reached. */
  _exit (3);
}

static void
hook_kill_cb (guint index, gpointer user_data)
{
  if (index == HOOK_KILL_AT)
    kill_self ();
}

static gpointer
timer_kill_thread (gpointer user_data)
{
  g_usleep (TIMER_KILL_MS * 1000);
  kill_self ();
  return NULL;
}

/* In the child: never returns. */
static void
run_child (const char *path, const char *started, const char *returned, KillMode mode)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (GPtrArray) docs = NULL;
  g_autoptr (GPtrArray) results = NULL;

  store = relais_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (store->db, "PRAGMA cache_size = 8", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  if (mode == KILL_FROM_TIMER)
    docs = make_docs (N_TIMER_BULK, "de:bulk", "Crashtest", 300);
  else
    docs = make_docs (N_HOOK_BULK, "de:bulk", "Crashtest", 600);
  if (mode == KILL_FROM_HOOK)
    _relais_store_set_write_hook (store, hook_kill_cb, NULL);

  touch (started);
  if (mode == KILL_FROM_TIMER)
    g_thread_unref (g_thread_new ("killer", timer_kill_thread, NULL));
  results = relais_store_bulk_put (store, docs, TRUE, &error);
  g_assert_no_error (error);
  touch (returned);

  if (mode == KILL_AFTER_COMMIT)
    kill_self (); /* no close, no checkpoint */
  _exit (0);      /* the parent fails on this: the kill came too late */
}

static gboolean
count_cb (const RelaisChange *change, gpointer user_data)
{
  (*(guint *) user_data)++;
  return TRUE;
}

static gboolean
integrity_ok (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "ok");
  /* A single "ok" row: any problem is listed as rows instead. */
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
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
run_crash (StoreFixture *fixture, KillMode mode)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) before = make_docs (N_BEFORE, "de:before", "Avant", 100);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autofree char *keep_json = NULL;
  g_autofree char *again = NULL;
  g_autofree char *started = g_build_filename (fixture->dir, "started", NULL);
  g_autofree char *returned = g_build_filename (fixture->dir, "returned", NULL);
  guint64 count, seq, n_bulk = mode == KILL_FROM_TIMER ? N_TIMER_BULK : N_HOOK_BULK;
  int status = 0;
  pid_t pid;

  /* Committed before the crash: a bulk, one document edited twice, and
   * one the child's bulk will collide with (it has no _rev there). */
  results = relais_store_bulk_put (fixture->store, before, TRUE, &error);
  g_assert_no_error (error);
  g_free (put_ok (fixture->store, "{\"_id\":\"de:keep\",\"type\":\"de\",\"nom\":\"Gardé\"}", TRUE));
  {
    g_autoptr (JsonObject) keep = relais_store_get (fixture->store, "de:keep", NULL, 0, &error);

    g_assert_no_error (error);
    json_object_set_string_member (keep, "prenom", "Éloïse");
    g_free (relais_store_put (fixture->store, keep, TRUE, &error));
    g_assert_no_error (error);
  }
  g_free (put_ok (fixture->store, "{\"_id\":\"de:bulk-00007\",\"type\":\"de\",\"nom\":\"Avant\"}",
                  TRUE));
  count = relais_store_get_doc_count (fixture->store);
  seq = relais_store_get_update_seq (fixture->store);
  g_assert_cmpuint (count, ==, N_BEFORE + 2);
  g_assert_cmpuint (seq, ==, N_BEFORE + 3);
  keep_json = relais_store_get_json (fixture->store, "de:keep", NULL, RELAIS_GET_REVS, &error);
  g_assert_no_error (error);
  /* SQLite connections must not cross a fork(). */
  g_clear_object (&fixture->store);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    run_child (fixture->path, started, returned, mode);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_assert_true (g_file_test (started, G_FILE_TEST_EXISTS));
  /* Killed inside relais_store_bulk_put, or right after it returned. */
  g_assert_true (g_file_test (returned, G_FILE_TEST_EXISTS) == (mode == KILL_AFTER_COMMIT));
  /* The child got far enough to write pages of its transaction. */
  g_assert_cmpuint (wal_size (fixture->path), >, 0);
  g_unlink (started);
  g_unlink (returned);

  g_assert_true (integrity_ok (fixture->path));
  store_fixture_reopen (fixture);
  again = relais_store_get_json (fixture->store, "de:keep", NULL, RELAIS_GET_REVS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, keep_json);

  if (mode != KILL_AFTER_COMMIT)
    {
      g_autofree char *json = NULL;
      g_autofree char *previous = NULL;

      g_assert_cmpuint (relais_store_get_doc_count (fixture->store), ==, count);
      g_assert_cmpuint (relais_store_get_update_seq (fixture->store), ==, seq);
      g_assert_cmpuint (relais_store_count_type (fixture->store, "de", NULL), ==, count);
      g_assert_true (relais_store_search_de (fixture->store, "crashtest", 0, &ids, &error));
      g_assert_cmpuint (ids->len, ==, 0);
      g_clear_pointer (&ids, g_ptr_array_unref);
      g_assert_true (relais_store_search_de (fixture->store, "avant", 0, &ids, &error));
      g_assert_cmpuint (ids->len, ==, N_BEFORE + 1);
      json = relais_store_get_json (fixture->store, "de:bulk-00001", NULL, RELAIS_GET_NONE, &error);
      g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND);
      g_clear_error (&error);
      previous =
          relais_store_get_json (fixture->store, "de:bulk-00007", NULL, RELAIS_GET_NONE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (previous, "\"nom\":\"Avant\""));
      /* The feed ends where it ended before the crash. */
      {
        guint n_rows = 0;
        guint64 last = 0;

        g_assert_true (relais_store_changes (fixture->store, 0, 0, RELAIS_CHANGES_NONE, count_cb,
                                             &n_rows, &last, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (n_rows, ==, count);
        g_assert_cmpuint (last, ==, seq);
      }
    }
  else
    {
      /* Every document but the one that already existed without a rev. */
      g_assert_cmpuint (relais_store_get_doc_count (fixture->store), ==, count + n_bulk - 1);
      g_assert_cmpuint (relais_store_get_update_seq (fixture->store), ==, seq + n_bulk - 1);
      g_assert_true (relais_store_search_de (fixture->store, "crashtest", 0, &ids, &error));
      g_assert_cmpuint (ids->len, ==, n_bulk - 1);
    }

  /* The store still takes writes, and counts on from where it was. */
  g_free (put_ok (fixture->store, "{\"_id\":\"de:after\",\"type\":\"de\"}", TRUE));
  g_assert_cmpuint (relais_store_get_update_seq (fixture->store), ==,
                    (mode == KILL_AFTER_COMMIT ? seq + n_bulk - 1 : seq) + 1);
}

static void
test_kill_from_hook (StoreFixture *fixture, gconstpointer data)
{
  run_crash (fixture, KILL_FROM_HOOK);
}

static void
test_kill_from_timer (StoreFixture *fixture, gconstpointer data)
{
  run_crash (fixture, KILL_FROM_TIMER);
}

static void
test_kill_after_commit (StoreFixture *fixture, gconstpointer data)
{
  run_crash (fixture, KILL_AFTER_COMMIT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-crash/kill-between-documents", StoreFixture, NULL, store_fixture_set_up,
              test_kill_from_hook, store_fixture_tear_down);
  g_test_add ("/store-crash/kill-on-timer", StoreFixture, NULL, store_fixture_set_up,
              test_kill_from_timer, store_fixture_tear_down);
  g_test_add ("/store-crash/kill-after-commit", StoreFixture, NULL, store_fixture_set_up,
              test_kill_after_commit, store_fixture_tear_down);

  return g_test_run ();
}

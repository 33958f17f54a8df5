/* test-sync.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The replicator against the real relais-server binary: full pull and
 * push compared doc by doc, incremental runs and checkpoints, cancel and
 * resume, deletions, refused documents, conflicts converging, a
 * continuous push that survives a server restart, _bulk_get requests
 * split when the server's limit is below the batch, a cookie session that
 * logs in again once it expired, the backoff between retries and the
 * network monitor that ends it.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "../server/server-test-utils.h"
#include "../store/store-demo-utils.h"
#include "relais-core.h"
#include "relais-local-endpoint.h"
#include "relais-remote-endpoint.h"
#include "relais-replicator.h"
#include "relais-store.h"

#define N_DE 300 /* ≈ 2,200 documents */

typedef struct
{
  TestServer server;
  char *dir;
} Fixture;

static char *
tmp_path (Fixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  guint status;
  g_autofree char *answer = NULL;

  /* The test's data: more server configuration, or NULL. */
  f->server.extra_config = data;
  test_server_start (&f->server);
  f->dir = g_dir_make_tmp ("relais-sync-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  answer = test_request (&f->server, "PUT", "/agence", NULL, &status);
  g_assert_cmpuint (status, ==, 201);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_server_stop (&f->server);
  rm_rf (f->dir);
  g_free (f->dir);
}

static RelaisEndpoint *
remote (Fixture *f, const char *db)
{
  g_autofree char *url = g_strconcat (f->server.url, db, NULL);
  g_autoptr (GError) error = NULL;
  RelaisRemoteEndpoint *endpoint = relais_remote_endpoint_new (url, &error);

  g_assert_no_error (error);
  relais_remote_endpoint_set_credentials (endpoint, TEST_ADMIN_NAME, TEST_ADMIN_PASSWORD,
                                          RELAIS_AUTH_BASIC);
  /* The test server's limit is 64 KiB a body. */
  relais_remote_endpoint_set_max_request_bytes (endpoint, 60000);
  return RELAIS_ENDPOINT (endpoint);
}

static RelaisEndpoint *
local (const char *path)
{
  RelaisLocalEndpoint *endpoint = relais_local_endpoint_new (path);

  relais_local_endpoint_set_poll_interval (endpoint, 20);
  return RELAIS_ENDPOINT (endpoint);
}

static RelaisReplicator *
replicator_new (RelaisEndpoint *source, RelaisEndpoint *target)
{
  RelaisReplicator *replicator = relais_replicator_new (source, target);

  g_object_set (replicator, "batch-size", 150, "retry-initial-delay", 20, "retry-max-delay", 200,
                "max-retries", 3, NULL);
  return replicator;
}

static RelaisReplicator *
replicate (RelaisEndpoint *source, RelaisEndpoint *target)
{
  g_autoptr (RelaisReplicator) replicator = replicator_new (source, target);
  g_autoptr (GError) error = NULL;

  g_assert_true (relais_replicator_run_sync (replicator, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (relais_replicator_get_state (replicator), ==, RELAIS_REPLICATOR_DONE);
  return g_steal_pointer (&replicator);
}

/* g_ptr_array_sort() hands pointers to the elements. */
static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* id → "winner leaves… deleted" of every document, from a changes feed. */
static gboolean
summary_cb (const RelaisChange *change, gpointer user_data)
{
  g_autoptr (GString) line = g_string_new (NULL);
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 1; change->revs[i] != NULL; i++)
    g_ptr_array_add (sorted, (gpointer) change->revs[i]);
  g_ptr_array_sort (sorted, compare_strings);
  g_string_append (line, change->revs[0]);
  for (guint i = 0; i < sorted->len; i++)
    g_string_append_printf (line, " %s", (char *) g_ptr_array_index (sorted, i));
  if (change->deleted)
    g_string_append (line, " deleted");
  g_hash_table_insert (user_data, g_strdup (change->id),
                       g_string_free (g_steal_pointer (&line), FALSE));
  return TRUE;
}

static GHashTable *
store_summary (const char *path)
{
  g_autoptr (RelaisStore) store = relais_store_open (path, NULL);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (
      relais_store_changes (store, 0, 0, RELAIS_CHANGES_ALL_DOCS, summary_cb, table, NULL, NULL));
  return table;
}

static GHashTable *
server_summary (Fixture *f, const char *db)
{
  g_autofree char *path = g_strconcat ("/", db, "/_changes?style=all_docs", NULL);
  g_autoptr (JsonNode) node = test_json (&f->server, "GET", path, NULL, 200);
  JsonArray *results = json_object_get_array_member (json_node_get_object (node), "results");
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *row = json_array_get_object_element (results, i);
      JsonArray *changes = json_object_get_array_member (row, "changes");
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) revs = NULL;
      RelaisChange change = { 0 };

      for (guint j = 0; j < json_array_get_length (changes); j++)
        g_strv_builder_add (builder, json_object_get_string_member (
                                         json_array_get_object_element (changes, j), "rev"));
      revs = g_strv_builder_end (builder);
      change.id = json_object_get_string_member (row, "id");
      change.revs = (const char *const *) revs;
      change.deleted = json_object_get_boolean_member_with_default (row, "deleted", FALSE);
      summary_cb (&change, table);
    }
  return table;
}

static void
assert_same (GHashTable *a, GHashTable *b)
{
  GHashTableIter iter;
  gpointer key, value;

  g_assert_cmpuint (g_hash_table_size (a), ==, g_hash_table_size (b));
  g_hash_table_iter_init (&iter, a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (value, ==, g_hash_table_lookup (b, key));
}

static void
assert_store_matches_server (Fixture *f, const char *path)
{
  g_autoptr (GHashTable) mine = store_summary (path);
  g_autoptr (GHashTable) theirs = server_summary (f, "agence");

  assert_same (mine, theirs);
}

/* Pushes a generated agency, then pulls it into an empty store. */
static guint
seed (Fixture *f, const char *origin)
{
  guint n = store_test_fill_demo (origin, N_DE);
  g_autoptr (RelaisEndpoint) source = local (origin);
  g_autoptr (RelaisEndpoint) target = remote (f, "agence");
  g_autoptr (RelaisReplicator) push = replicate (source, target);

  g_assert_cmpuint (relais_replicator_get_docs_written (push), ==, n);
  g_assert_cmpuint (relais_replicator_get_doc_write_failures (push), ==, 0);
  return n;
}

static void
test_full_push_pull (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *copy = tmp_path (f, "copy.db");
  guint n = seed (f, origin);
  g_autoptr (RelaisEndpoint) source = remote (f, "agence");
  g_autoptr (RelaisEndpoint) target = local (copy);
  g_autoptr (RelaisReplicator) pull = replicate (source, target);
  g_autoptr (GHashTable) a = store_summary (origin);
  g_autoptr (GHashTable) b = store_summary (copy);
  g_autoptr (RelaisStore) store = relais_store_open (copy, NULL);
  g_autoptr (RelaisStore) first = relais_store_open (origin, NULL);

  g_assert_cmpuint (n, >, 2000);
  g_assert_cmpuint (relais_replicator_get_docs_read (pull), ==, n);
  g_assert_cmpuint (relais_replicator_get_docs_written (pull), ==, n);
  g_assert_cmpint (relais_replicator_get_pending (pull), ==, 0);
  assert_same (a, b);
  assert_store_matches_server (f, origin);
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, n);
  /* Bodies too, byte for byte (canonical JSON on every side). */
  {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, a);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      {
        g_autofree char *x = relais_store_get_json (first, key, NULL, RELAIS_GET_REVS, NULL);
        g_autofree char *y = relais_store_get_json (store, key, NULL, RELAIS_GET_REVS, NULL);

        g_assert_nonnull (x);
        g_assert_cmpstr (x, ==, y);
      }
  }
}

/* The two other pairings: a store file into another, as relais-sync
 * copies a laptop's store, and a server database into another (created
 * by the run), the replicator in between. */
static void
test_local_to_local_remote_to_remote (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *copy = tmp_path (f, "copy.db");
  guint n = seed (f, origin);

  {
    g_autoptr (RelaisEndpoint) source = local (origin);
    g_autoptr (RelaisEndpoint) target = local (copy);
    g_autoptr (RelaisReplicator) run = replicate (source, target);
    g_autoptr (GHashTable) a = store_summary (origin);
    g_autoptr (GHashTable) b = store_summary (copy);

    g_assert_cmpuint (relais_replicator_get_docs_written (run), ==, n);
    assert_same (a, b);
  }
  {
    g_autoptr (RelaisEndpoint) source = remote (f, "agence");
    g_autoptr (RelaisEndpoint) target = remote (f, "agence-copie");
    g_autoptr (RelaisReplicator) run = NULL;
    g_autoptr (GHashTable) a = server_summary (f, "agence");
    g_autoptr (GHashTable) b = NULL;

    relais_remote_endpoint_set_create_target (RELAIS_REMOTE_ENDPOINT (target), TRUE);
    run = replicate (source, target);
    g_assert_cmpuint (relais_replicator_get_docs_written (run), ==, n);
    b = server_summary (f, "agence-copie");
    assert_same (a, b);
  }
}

static void
edit_on_server (Fixture *f, const char *id, const char *field, const char *value)
{
  g_autofree char *path = g_strconcat ("/agence/", id, NULL);
  g_autoptr (JsonNode) doc = test_json (&f->server, "GET", path, NULL, 200);
  g_autoptr (JsonNode) answer = NULL;
  g_autofree char *body = NULL;

  json_object_set_string_member (json_node_get_object (doc), field, value);
  body = json_to_string (doc, FALSE);
  answer = test_json (&f->server, "PUT", path, body, 201);
}

static GPtrArray *
some_ids (const char *path, guint n)
{
  g_autoptr (GHashTable) table = store_summary (path);
  g_autoptr (GList) keys = g_list_sort (g_hash_table_get_keys (table), (GCompareFunc) g_strcmp0);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (GList *l = keys; l != NULL && ids->len < n; l = l->next)
    if (g_str_has_prefix (l->data, "de:"))
      g_ptr_array_add (ids, g_strdup (l->data));
  g_assert_cmpuint (ids->len, ==, n);
  return ids;
}

static void
test_incremental (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *copy = tmp_path (f, "copy.db");
  g_autoptr (RelaisEndpoint) source = NULL;
  g_autoptr (RelaisEndpoint) target = NULL;
  g_autoptr (RelaisReplicator) first = NULL;
  g_autoptr (RelaisReplicator) second = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (JsonNode) info = NULL;
  g_autoptr (JsonNode) server_log = NULL;
  g_autoptr (JsonNode) local_log = NULL;
  g_autoptr (RelaisStore) store = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *log_id = NULL;
  g_autofree char *local_json = NULL;

  seed (f, origin);
  source = remote (f, "agence");
  target = local (copy);
  first = replicate (source, target);

  ids = some_ids (origin, 10);
  for (guint i = 0; i < ids->len; i++)
    edit_on_server (f, g_ptr_array_index (ids, i), "note_sync", "changed");

  second = replicate (source, target);
  g_assert_cmpstr (relais_replicator_get_replication_id (first), ==,
                   relais_replicator_get_replication_id (second));
  g_assert_cmpuint (relais_replicator_get_docs_read (second), ==, 10);
  g_assert_cmpuint (relais_replicator_get_docs_written (second), ==, 10);
  assert_store_matches_server (f, copy);

  /* The checkpoint moved to the server's update_seq on both sides. */
  info = test_json (&f->server, "GET", "/agence", NULL, 200);
  log_id = g_strconcat ("_local/", relais_replicator_get_replication_id (second), NULL);
  log_path = g_strconcat ("/agence/", log_id, NULL);
  server_log = test_json (&f->server, "GET", log_path, NULL, 200);
  g_assert_cmpint (
      json_object_get_int_member (json_node_get_object (server_log), "source_last_seq"), ==,
      json_object_get_int_member (json_node_get_object (info), "update_seq"));
  store = relais_store_open (copy, NULL);
  local_json = relais_store_get_local_json (store, log_id, NULL);
  g_assert_nonnull (local_json);
  local_log = test_parse (local_json);
  g_assert_cmpstr (obj_str (local_log, "session_id"), ==, obj_str (server_log, "session_id"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (local_log), "source_last_seq"),
                   ==, json_object_get_int_member (json_node_get_object (info), "update_seq"));
  g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (json_node_get_object (local_log), "history")),
                    ==, 2);

  /* Nothing new: nothing moves. */
  {
    g_autoptr (RelaisReplicator) third = replicate (source, target);

    g_assert_cmpuint (relais_replicator_get_docs_read (third), ==, 0);
  }
}

static void
cancel_after_first_batch_cb (RelaisReplicator *replicator, gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel_resume (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *copy = tmp_path (f, "copy.db");
  guint n = seed (f, origin);
  g_autoptr (RelaisEndpoint) source = remote (f, "agence");
  g_autoptr (RelaisEndpoint) target = local (copy);
  g_autoptr (RelaisReplicator) first = replicator_new (source, target);
  g_autoptr (RelaisReplicator) second = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = NULL;
  guint64 written;

  g_signal_connect (first, "progress", G_CALLBACK (cancel_after_first_batch_cb), cancellable);
  g_assert_false (relais_replicator_run_sync (first, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  written = relais_replicator_get_docs_written (first);
  g_assert_cmpuint (written, >, 0);
  g_assert_cmpuint (written, <, n);

  second = replicate (source, target);
  /* Resumed from the checkpoint, not from 0. */
  g_assert_cmpuint (relais_replicator_get_docs_read (second), <, n);
  g_assert_cmpuint (relais_replicator_get_docs_read (second), >=, n - written);
  assert_store_matches_server (f, copy);
  /* No revision written twice: one sequence per document. */
  store = relais_store_open (copy, NULL);
  g_assert_cmpuint (relais_store_get_update_seq (store), ==, n);
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, n);
}

static void
test_deletions (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *copy = tmp_path (f, "copy.db");
  g_autoptr (RelaisEndpoint) source = NULL;
  g_autoptr (RelaisEndpoint) target = NULL;
  g_autoptr (RelaisReplicator) pull = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (RelaisStore) store = NULL;
  guint n = seed (f, origin);

  source = remote (f, "agence");
  target = local (copy);
  g_clear_object (&pull);
  pull = replicate (source, target);

  ids = some_ids (origin, 5);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *path = g_strconcat ("/agence/", (char *) g_ptr_array_index (ids, i), NULL);
      g_autoptr (JsonNode) doc = test_json (&f->server, "GET", path, NULL, 200);
      g_autofree char *del = g_strconcat (path, "?rev=", obj_str (doc, "_rev"), NULL);
      g_autoptr (JsonNode) answer G_GNUC_UNUSED = test_json (&f->server, "DELETE", del, NULL, 200);
    }
  g_clear_object (&pull);
  pull = replicate (source, target);
  g_assert_cmpuint (relais_replicator_get_docs_written (pull), ==, 5);

  store = relais_store_open (copy, NULL);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *json =
          relais_store_get_json (store, g_ptr_array_index (ids, i), NULL, 0, &error);

      g_assert_null (json);
      g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_DELETED);
    }
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, n - 5);
  g_assert_cmpuint (relais_store_get_deleted_count (store), ==, 5);
  assert_store_matches_server (f, copy);
}

static void
test_refused_docs (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "bad.db");
  guint n = store_test_fill_demo (origin, 1);
  g_autoptr (RelaisStore) store = relais_store_open (origin, NULL);
  g_autoptr (RelaisEndpoint) source = local (origin);
  g_autoptr (RelaisEndpoint) target = remote (f, "agence");
  g_autoptr (RelaisReplicator) push = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *errors;

  /* The store takes anything; the server checks the domain rules. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("de:invalid-%u", i);
      g_autoptr (JsonObject) doc = json_object_new ();
      g_autofree char *ok = NULL;

      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "type", "de");
      ok = relais_store_put (store, doc, TRUE, &error);
      g_assert_no_error (error);
    }
  push = replicate (source, target);
  errors = relais_replicator_get_errors (push);
  g_assert_cmpuint (errors->len, ==, 3);
  g_assert_cmpuint (relais_replicator_get_doc_write_failures (push), ==, 3);
  g_assert_cmpuint (relais_replicator_get_docs_written (push), ==, n);
  for (guint i = 0; i < errors->len; i++)
    {
      RelaisSyncDocError *e = g_ptr_array_index (errors, i);

      g_assert_true (g_str_has_prefix (e->id, "de:invalid-"));
      g_assert_nonnull (e->rev);
      g_assert_cmpstr (e->error, ==, "forbidden");
      g_assert_cmpstr (e->reason, !=, "");
    }
  {
    g_autoptr (JsonNode) info = test_json (&f->server, "GET", "/agence", NULL, 200);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (info), "doc_count"), ==, n);
  }
}

static void
edit_local (const char *path, const char *id, const char *field, const char *value)
{
  g_autoptr (RelaisStore) store = relais_store_open (path, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) doc = relais_store_get (store, id, NULL, 0, &error);
  g_autofree char *rev = NULL;

  g_assert_no_error (error);
  json_object_set_string_member (doc, field, value);
  rev = relais_store_put (store, doc, TRUE, &error);
  g_assert_no_error (error);
}

static void
test_conflict_converges (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *x = tmp_path (f, "x.db");
  g_autofree char *y = tmp_path (f, "y.db");
  g_autoptr (RelaisEndpoint) server = NULL;
  g_autoptr (RelaisEndpoint) ex = local (x);
  g_autoptr (RelaisEndpoint) ey = local (y);
  g_autoptr (GPtrArray) ids = NULL;
  const char *id;

  seed (f, origin);
  server = remote (f, "agence");
  g_object_unref (replicate (server, ex));
  g_object_unref (replicate (server, ey));

  ids = some_ids (origin, 1);
  id = g_ptr_array_index (ids, 0);
  edit_local (x, id, "note_sync", "from x");
  edit_local (y, id, "note_sync", "from y");

  g_object_unref (replicate (ex, server));
  g_object_unref (replicate (ey, server));
  g_object_unref (replicate (server, ex));
  g_object_unref (replicate (server, ey));

  {
    g_autoptr (GHashTable) sx = store_summary (x);
    g_autoptr (GHashTable) sy = store_summary (y);
    g_autoptr (GHashTable) ss = server_summary (f, "agence");
    const char *line = g_hash_table_lookup (ss, id);

    /* Two leaves everywhere, the same winner everywhere. */
    g_assert_nonnull (strchr (line, ' '));
    g_assert_true (g_str_has_prefix (line, "3-") || g_str_has_prefix (line, "2-"));
    assert_same (sx, ss);
    assert_same (sy, ss);
  }
}

static gboolean
wait_until (gboolean (*check) (gpointer), gpointer data, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      if (check (data))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  return check (data);
}

typedef struct
{
  Fixture *f;
  const char *path;
  const char *text;
} Probe;

/* The server has the document at probe->path, with probe->text in it. */
static gboolean
server_has_doc (gpointer user_data)
{
  Probe *probe = user_data;
  guint status = 0;
  g_autofree char *body = NULL;

  if (probe->f->server.process == NULL)
    return FALSE;
  body = test_request (&probe->f->server, "GET", probe->path, NULL, &status);
  return status == 200 && (probe->text == NULL || strstr (body, probe->text) != NULL);
}

static gboolean
is_waiting (gpointer user_data)
{
  return relais_replicator_get_state (user_data) == RELAIS_REPLICATOR_WAITING;
}

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  g_assert_false (relais_replicator_run_finish (RELAIS_REPLICATOR (source), result, error));
}

static gboolean
has_error (gpointer user_data)
{
  return *(GError **) user_data != NULL;
}

static void
run_finished_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  gboolean ok = relais_replicator_run_finish (RELAIS_REPLICATOR (source), result, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/* The server's port ("12345"), for test_server_start_on_port(). */
static char *
server_port (Fixture *f)
{
  char *port = g_strdup (strrchr (f->server.url, ':') + 1);

  port[strlen (port) - 1] = '\0'; /* the trailing "/" */
  return port;
}

/* Stopped as a machine going away would: the port stays free for a
 * restart on it. */
static void
stop_server_process (Fixture *f)
{
  g_subprocess_send_signal (f->server.process, SIGTERM);
  g_assert_true (g_subprocess_wait (f->server.process, NULL, NULL));
  g_clear_object (&f->server.process);
}

static void
test_continuous_restart (Fixture *f, gconstpointer data)
{
  g_autofree char *path = tmp_path (f, "live.db");
  g_autoptr (RelaisEndpoint) source = local (path);
  g_autoptr (RelaisEndpoint) target = remote (f, "agence");
  g_autoptr (RelaisReplicator) live = replicator_new (source, target);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *port = server_port (f);
  g_autoptr (GPtrArray) ids = NULL;
  g_autofree char *doc_path = NULL;
  Probe first = { f, NULL, NULL };
  Probe second = { f, NULL, "\"note_sync\":\"after the restart\"" };

  g_object_set (live, "continuous", TRUE, "max-retries", -1, NULL);
  store_test_fill_demo (path, 1);
  ids = some_ids (path, 1);
  doc_path = g_strconcat ("/agence/", (char *) g_ptr_array_index (ids, 0), NULL);
  first.path = second.path = doc_path;
  relais_replicator_run_async (live, cancellable, run_done_cb, &error);
  g_assert_true (wait_until (server_has_doc, &first, 20));
  g_assert_true (wait_until (is_waiting, live, 20));

  test_server_kill (&f->server);
  edit_local (path, g_ptr_array_index (ids, 0), "note_sync", "after the restart");
  /* It notices the server is gone and keeps trying. */
  g_assert_true (wait_until ((gboolean (*) (gpointer)) relais_replicator_get_n_retries, live, 20));
  test_server_start_on_port (&f->server, port);
  g_assert_true (wait_until (server_has_doc, &second, 20));

  g_cancellable_cancel (cancellable);
  g_assert_true (wait_until (has_error, &error, 20));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

typedef struct
{
  const char *path;
  const char *id;
  const char *note; /* NULL: any version */
} LocalProbe;

static gboolean
local_has_doc (gpointer user_data)
{
  LocalProbe *probe = user_data;
  g_autoptr (RelaisStore) store = relais_store_open (probe->path, NULL);
  g_autoptr (JsonObject) doc =
      store != NULL ? relais_store_get (store, probe->id, NULL, RELAIS_GET_NONE, NULL) : NULL;

  return doc != NULL &&
         (probe->note == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (doc, "note_sync", NULL),
                     probe->note) == 0);
}

/* A server stopped cleanly (SIGTERM) ends the pull's waiting longpoll
 * after its heartbeats: the feed was cut short, the server did not answer
 * nonsense, so the pull retries and resumes once the server is back
 * (before the fix it stopped on "GET _changes: Empty JSON document"). */
static void
test_continuous_pull_server_stopped (Fixture *f, gconstpointer data)
{
  g_autofree char *path = tmp_path (f, "pulled.db");
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autoptr (RelaisEndpoint) source = remote (f, "agence");
  g_autoptr (RelaisEndpoint) target = local (path);
  g_autoptr (RelaisReplicator) live = replicator_new (source, target);
  g_autoptr (RelaisReplicator) push = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *port = server_port (f);
  g_autoptr (GPtrArray) ids = NULL;
  LocalProbe before = { path, NULL, NULL };
  LocalProbe after = { path, NULL, "after the stop" };

  relais_remote_endpoint_set_heartbeat (RELAIS_REMOTE_ENDPOINT (source), 100);
  g_object_set (live, "continuous", TRUE, "max-retries", -1, NULL);
  store_test_fill_demo (origin, 1);
  ids = some_ids (origin, 1);
  before.id = after.id = g_ptr_array_index (ids, 0);
  {
    g_autoptr (RelaisEndpoint) from = local (origin);
    g_autoptr (RelaisEndpoint) to = remote (f, "agence");

    push = replicate (from, to);
  }
  relais_replicator_run_async (live, cancellable, run_done_cb, &error);
  g_assert_true (wait_until (local_has_doc, &before, 20));
  g_assert_true (wait_until (is_waiting, live, 20));
  /* A few heartbeats into the longpoll, then a clean stop. */
  g_usleep (300 * 1000);
  g_main_context_iteration (NULL, FALSE);
  stop_server_process (f);

  g_assert_true (wait_until ((gboolean (*) (gpointer)) relais_replicator_get_n_retries, live, 20));
  g_assert_no_error (error);
  g_assert_cmpint (relais_replicator_get_state (live), ==, RELAIS_REPLICATOR_RETRYING);
  test_server_start_on_port (&f->server, port);
  edit_local (origin, g_ptr_array_index (ids, 0), "note_sync", "after the stop");
  {
    g_autoptr (RelaisEndpoint) from = local (origin);
    g_autoptr (RelaisEndpoint) to = remote (f, "agence");

    g_clear_object (&push);
    push = replicate (from, to);
  }
  g_assert_true (wait_until (local_has_doc, &after, 20));
  g_assert_no_error (error);

  g_cancellable_cancel (cancellable);
  g_assert_true (wait_until (has_error, &error, 20));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Configured with session-timeout = 2 s: the pull after an idle while
 * finds its cookie expired (401), logs in again by itself and goes on. */
static void
test_session_cookie_relogin (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *path = tmp_path (f, "pulled.db");
  g_autofree char *url = g_strconcat (f->server.url, "agence", NULL);
  g_autoptr (RelaisRemoteEndpoint) source = NULL;
  g_autoptr (RelaisEndpoint) target = local (path);
  g_autoptr (RelaisReplicator) first = NULL;
  g_autoptr (RelaisReplicator) second = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  guint n = seed (f, origin);

  source = relais_remote_endpoint_new (url, &error);
  g_assert_no_error (error);
  relais_remote_endpoint_set_credentials (source, TEST_ADMIN_NAME, TEST_ADMIN_PASSWORD,
                                          RELAIS_AUTH_SESSION);
  first = replicate (RELAIS_ENDPOINT (source), target);
  g_assert_cmpuint (relais_replicator_get_docs_written (first), ==, n);
  /* One login for the whole run: every request after it went with the
   * cookie. */
  g_assert_cmpuint (relais_remote_endpoint_get_n_logins (source), ==, 1);

  g_usleep (2300 * 1000);
  ids = some_ids (origin, 1);
  edit_on_server (f, g_ptr_array_index (ids, 0), "note_sync", "after the expiry");
  second = replicate (RELAIS_ENDPOINT (source), target);
  g_assert_cmpuint (relais_replicator_get_docs_written (second), ==, 1);
  g_assert_cmpuint (relais_remote_endpoint_get_n_logins (source), ==, 2);
  assert_store_matches_server (f, path);
}

/* Batches of 500 from a server that takes at most 200 documents a
 * request (test_config): each _bulk_get is refused (413) and asked again
 * in halves, and the pull ends complete. */
static void
test_bulk_get_split (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *path = tmp_path (f, "pulled.db");
  g_autoptr (RelaisEndpoint) source = remote (f, "agence");
  g_autoptr (RelaisEndpoint) target = local (path);
  g_autoptr (RelaisReplicator) pull = relais_replicator_new (source, target);
  g_autoptr (GError) error = NULL;
  guint n = seed (f, origin);

  g_object_set (pull, "batch-size", 500, "max-retries", 0, NULL);
  g_assert_true (relais_replicator_run_sync (pull, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (relais_replicator_get_docs_read (pull), ==, n);
  g_assert_cmpuint (relais_replicator_get_docs_written (pull), ==, n);
  assert_store_matches_server (f, path);
}

/* The instants the replicator entered and left RETRYING. */
typedef struct
{
  GArray *entered; /* of gint64 */
  GArray *left;
  int state;
} RetryLog;

static void
state_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  RetryLog *log = user_data;
  int state = relais_replicator_get_state (RELAIS_REPLICATOR (object));
  gint64 now = g_get_monotonic_time ();

  if (state == RELAIS_REPLICATOR_RETRYING && log->state != RELAIS_REPLICATOR_RETRYING)
    g_array_append_val (log->entered, now);
  else if (state != RELAIS_REPLICATOR_RETRYING && log->state == RELAIS_REPLICATOR_RETRYING)
    g_array_append_val (log->left, now);
  log->state = state;
}

/* Against a server that is gone, each wait doubles from the initial
 * delay up to the maximum, half of it fixed and half random: never less
 * than half the doubled delay. */
static void
test_backoff_grows (Fixture *f, gconstpointer data)
{
  g_autofree char *path = tmp_path (f, "pulled.db");
  g_autoptr (RelaisEndpoint) source = remote (f, "agence");
  g_autoptr (RelaisEndpoint) target = local (path);
  g_autoptr (RelaisReplicator) replicator = relais_replicator_new (source, target);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) entered = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) left = g_array_new (FALSE, FALSE, sizeof (gint64));
  RetryLog log = { entered, left, RELAIS_REPLICATOR_IDLE };
  const guint initial = 40, max = 320, retries = 5;

  stop_server_process (f);
  g_object_set (replicator, "retry-initial-delay", initial, "retry-max-delay", max, "max-retries",
                retries, NULL);
  g_signal_connect (replicator, "notify::state", G_CALLBACK (state_cb), &log);
  g_assert_false (relais_replicator_run_sync (replicator, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_cmpint (relais_replicator_get_state (replicator), ==, RELAIS_REPLICATOR_FAILED);
  g_assert_cmpuint (relais_replicator_get_n_retries (replicator), ==, retries);

  g_assert_cmpuint (entered->len, ==, retries);
  g_assert_cmpuint (left->len, ==, retries);
  for (guint i = 0; i < retries; i++)
    {
      guint nominal = MIN (initial << i, max);
      gint64 waited_ms =
          (g_array_index (left, gint64, i) - g_array_index (entered, gint64, i)) / 1000;

      /* GLib's timeouts never fire early; a millisecond for rounding. */
      g_assert_cmpint (waited_ms, >=, (gint64) nominal / 2 - 1);
    }
}

/* The network as a test says it is: GIO's own monitors follow the
 * machine's interfaces, which a test cannot take down. */
#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor
{
  GObject parent_instance;
};

enum
{
  MONITOR_PROP_0,
  MONITOR_PROP_AVAILABLE,
  MONITOR_PROP_METERED,
  MONITOR_PROP_CONNECTIVITY,
};

static gboolean
test_monitor_init_initable (GInitable *initable, GCancellable *cancellable, GError **error)
{
  return TRUE;
}

static void
test_monitor_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_monitor_init_initable;
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor,
                               test_monitor,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      test_monitor_initable_iface_init)
                                   G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR,
                                                          test_monitor_iface_init))

static void
test_monitor_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case MONITOR_PROP_AVAILABLE:
      g_value_set_boolean (value, TRUE);
      break;
    case MONITOR_PROP_METERED:
      g_value_set_boolean (value, FALSE);
      break;
    case MONITOR_PROP_CONNECTIVITY:
      g_value_set_enum (value, G_NETWORK_CONNECTIVITY_FULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, MONITOR_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, MONITOR_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, MONITOR_PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
}

/* A failure while offline waits for the backoff (a minute here), unless
 * the network monitor says the network is back: the replicator tries
 * again at once. */
static void
test_network_back_retries_at_once (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *path = tmp_path (f, "pulled.db");
  g_autofree char *port = server_port (f);
  g_autoptr (GNetworkMonitor) monitor = NULL;
  g_autoptr (RelaisEndpoint) source = remote (f, "agence");
  g_autoptr (RelaisEndpoint) target = local (path);
  g_autoptr (RelaisReplicator) replicator = NULL;
  gboolean done = FALSE;
  gint64 start;
  guint n = seed (f, origin);

  monitor = G_NETWORK_MONITOR (g_object_new (TEST_TYPE_MONITOR, NULL));
  replicator = g_object_new (RELAIS_TYPE_REPLICATOR, "source", source, "target", target,
                             "network-monitor", monitor, "batch-size", 150, "retry-initial-delay",
                             60000, "max-retries", -1, NULL);
  {
    g_autoptr (GNetworkMonitor) kept = NULL;

    g_object_get (replicator, "network-monitor", &kept, NULL);
    g_assert_true (kept == monitor);
  }

  stop_server_process (f);
  relais_replicator_run_async (replicator, NULL, run_finished_cb, &done);
  g_assert_true (
      wait_until ((gboolean (*) (gpointer)) relais_replicator_get_n_retries, replicator, 20));
  g_assert_cmpint (relais_replicator_get_state (replicator), ==, RELAIS_REPLICATOR_RETRYING);

  test_server_start_on_port (&f->server, port);
  /* "Not available" changes nothing: the wait goes on. */
  g_signal_emit_by_name (monitor, "network-changed", FALSE);
  g_usleep (200 * 1000);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (relais_replicator_get_state (replicator), ==, RELAIS_REPLICATOR_RETRYING);

  start = g_get_monotonic_time ();
  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  g_assert_true (wait_until (is_true, &done, 20));
  /* Well before the minute of backoff. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
  g_assert_cmpint (relais_replicator_get_state (replicator), ==, RELAIS_REPLICATOR_DONE);
  g_assert_cmpuint (relais_replicator_get_docs_written (replicator), ==, n);
  assert_store_matches_server (f, path);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync/full-push-pull", test_full_push_pull);
  ADD ("/sync/local-to-local-remote-to-remote", test_local_to_local_remote_to_remote);
  ADD ("/sync/incremental", test_incremental);
  ADD ("/sync/cancel-resume", test_cancel_resume);
  ADD ("/sync/deletions", test_deletions);
  ADD ("/sync/refused-docs", test_refused_docs);
  ADD ("/sync/conflict-converges", test_conflict_converges);
  ADD ("/sync/continuous-restart", test_continuous_restart);
  ADD ("/sync/continuous-pull-server-stopped", test_continuous_pull_server_stopped);
  ADD ("/sync/bulk-get-split", test_bulk_get_split);
  ADD ("/sync/backoff-grows", test_backoff_grows);
  ADD ("/sync/network-back-retries-at-once", test_network_back_retries_at_once);
#undef ADD
  g_test_add ("/sync/session-cookie-relogin", Fixture, "[server]\nsession-timeout = 2\n",
              fixture_setup, test_session_cookie_relogin, fixture_teardown);

  return g_test_run ();
}

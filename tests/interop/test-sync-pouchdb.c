/* test-sync-pouchdb.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Our replicator (RelaisReplicator) against two servers at once: the real
 * relais-server and express-pouchdb 4.2 (PouchDB 9, memory adapter,
 * under node). The same data set — generated DE, unicode ids, deletions,
 * conflicts written with new_edits=false, deleted conflicts — is pushed to
 * both, pulled back from both, pushed again into empty databases of both,
 * then changed on each side and replicated incrementally: every result
 * must be the same on both peers (doc ids, winning revs, leaves,
 * _conflicts, deleted flags, the documents moved by each run).
 *
 * node and tests/interop/node_modules are required (`.ci/dev test`
 * installs them with `npm ci`); without them the test fails, it does not
 * skip.
 */

#include "config.h"

#include "../server/server-test-utils.h"
#include "../store/store-demo-utils.h"
#include "relais-core.h"
#include "relais-demo.h"
#include "relais-local-endpoint.h"
#include "relais-remote-endpoint.h"
#include "relais-replicator.h"
#include "relais-store.h"

#define N_DE 50 /* ≈ 370 documents */

/* No max-body-size: the default (64 MiB) is far above a batch. */
static const char sync_config[] = "[server]\n"
                                  "changes-chunk-rows = 7\n"
                                  "log-level = warning\n"
                                  "\n"
                                  "[admins]\n"
                                  "admin = " TEST_ADMIN_PASSWORD "\n";

static TestServer relais = { .config = sync_config };
static TestServer pouch; /* express-pouchdb: url, session and process */
static char *tmp_dir;

/* The replicas of /interop/sync-pouchdb/full, reused by the incremental
 * case. */
static char *origin, *from_relais, *from_pouch;
static gboolean replicas_built;

static const char *const unicode_ids[] = {
  "de:Åsa-Ødegård", "de:Zoë-Ñandú", "de:日本語-テスト", "de:fusée-🚀", "de:a b/c?d&e%f+g#h=i",
};

/* express-pouchdb */

static void
pouch_start (void)
{
  g_autofree char *script =
      g_test_build_filename (G_TEST_DIST, "interop", "express-pouchdb-server.js", NULL);
  g_autofree char *modules =
      g_test_build_filename (G_TEST_DIST, "interop", "node_modules", "express-pouchdb", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *cwd = g_build_filename (tmp_dir, "express-pouchdb", NULL);
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;

  if (node == NULL)
    g_error ("node is not installed (`.ci/dev test` installs nodejs and npm)");
  if (!g_file_test (modules, G_FILE_TEST_IS_DIR))
    g_error ("%s is missing: run `npm ci` in tests/interop (`.ci/dev test` does)", modules);

  /* It writes its log in its working folder. */
  g_assert_cmpint (g_mkdir (cwd, 0700), ==, 0);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  g_subprocess_launcher_set_child_setup (launcher, test_server_child_setup, NULL, NULL);
  pouch.process = g_subprocess_launcher_spawn (launcher, &error, node, script, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (pouch.process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  if (line == NULL || !g_str_has_prefix (line, "listening on http://127.0.0.1:"))
    g_error ("express-pouchdb did not start: %s", line ? line : "(no output)");
  pouch.url = g_strdup (line + strlen ("listening on "));
  pouch.session = soup_session_new_with_options ("timeout", 30, NULL);
}

static void
pouch_stop (void)
{
  g_subprocess_send_signal (pouch.process, SIGTERM);
  g_subprocess_wait (pouch.process, NULL, NULL);
  g_clear_object (&pouch.process);
  g_clear_object (&pouch.session);
  g_clear_pointer (&pouch.url, g_free);
}

/* Endpoints and runs */

static RelaisEndpoint *
remote (TestServer *ts, const char *db)
{
  g_autofree char *url = g_strconcat (ts->url, db, NULL);
  g_autoptr (GError) error = NULL;
  RelaisRemoteEndpoint *endpoint = relais_remote_endpoint_new (url, &error);

  g_assert_no_error (error);
  /* express-pouchdb runs without users: it gets no credentials. */
  if (ts == &relais)
    relais_remote_endpoint_set_credentials (endpoint, TEST_ADMIN_NAME, TEST_ADMIN_PASSWORD,
                                            RELAIS_AUTH_BASIC);
  relais_remote_endpoint_set_create_target (endpoint, TRUE);
  return RELAIS_ENDPOINT (endpoint);
}

typedef struct
{
  guint64 read, written, failures;
  char rep_id[33];   /* after "_local/" */
  char last_seq[64]; /* as the source gave it */
} Counts;

/* One run, to the end; merge-conflicts off: the replicas must keep the
 * conflicts as they are, to be compared. */
static Counts
replicate (RelaisEndpoint *source, RelaisEndpoint *target)
{
  g_autoptr (RelaisReplicator) replicator = relais_replicator_new (source, target);
  g_autoptr (GError) error = NULL;
  Counts counts;

  /* Small batches: ≈ 300 documents take several. */
  g_object_set (replicator, "batch-size", 64, "merge-conflicts", FALSE, "retry-initial-delay", 20,
                "retry-max-delay", 200, "max-retries", 2, NULL);
  g_assert_true (relais_replicator_run_sync (replicator, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (relais_replicator_get_state (replicator), ==, RELAIS_REPLICATOR_DONE);
  counts.read = relais_replicator_get_docs_read (replicator);
  counts.written = relais_replicator_get_docs_written (replicator);
  counts.failures = relais_replicator_get_doc_write_failures (replicator);
  g_strlcpy (counts.rep_id, relais_replicator_get_replication_id (replicator),
             sizeof counts.rep_id);
  g_strlcpy (counts.last_seq, relais_replicator_get_last_seq (replicator), sizeof counts.last_seq);
  g_assert_cmpuint (counts.failures, ==, 0);
  return counts;
}

static Counts
push (const char *path, TestServer *ts, const char *db)
{
  g_autoptr (RelaisEndpoint) source = RELAIS_ENDPOINT (relais_local_endpoint_new (path));
  g_autoptr (RelaisEndpoint) target = remote (ts, db);

  return replicate (source, target);
}

static Counts
pull (TestServer *ts, const char *db, const char *path)
{
  g_autoptr (RelaisEndpoint) source = remote (ts, db);
  g_autoptr (RelaisEndpoint) target = RELAIS_ENDPOINT (relais_local_endpoint_new (path));

  return replicate (source, target);
}

/* The data set */

static int
compare_str_ptrs (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static char *
md5 (const char *a, const char *b)
{
  g_autofree char *text = g_strconcat (a, "|", b, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_MD5, text, -1);
}

static JsonObject *
store_doc (RelaisStore *store, const char *id, const char *rev)
{
  g_autoptr (GError) error = NULL;
  JsonObject *doc = relais_store_get (store, id, rev, RELAIS_GET_REVS, &error);

  g_assert_no_error (error);
  return doc;
}

/* A child of @parent_rev of @id (from the store), as a replicated
 * revision: `_rev` N+1-md5(id, tag) and the parent's `_revisions` under
 * it. */
static JsonObject *
child_revision (RelaisStore *store, const char *id, const char *parent_rev, const char *tag)
{
  JsonObject *doc = store_doc (store, id, parent_rev);
  JsonObject *revisions = json_object_get_object_member (doc, "_revisions");
  gint64 start = json_object_get_int_member (revisions, "start") + 1;
  g_autofree char *hash = md5 (id, tag);
  g_autofree char *rev = g_strdup_printf ("%" G_GINT64_FORMAT "-%s", start, hash);
  g_autoptr (JsonArray) ids = json_array_new ();
  JsonArray *old = json_object_get_array_member (revisions, "ids");

  json_array_add_string_element (ids, hash);
  for (guint i = 0; i < json_array_get_length (old); i++)
    json_array_add_string_element (ids, json_array_get_string_element (old, i));
  json_object_set_int_member (revisions, "start", start);
  json_object_set_array_member (revisions, "ids", g_steal_pointer (&ids));
  json_object_set_string_member (doc, "_rev", rev);
  return doc;
}

/* A second branch of @id with its own root: 2-md5(id, tag) over
 * 1-md5(id, tag+"root"). */
static JsonObject *
root_branch (RelaisStore *store, const char *id, const char *tag)
{
  JsonObject *doc = store_doc (store, id, NULL);
  g_autofree char *hash = md5 (id, tag);
  g_autofree char *root_tag = g_strconcat (tag, "root", NULL);
  g_autofree char *root = md5 (id, root_tag);
  g_autofree char *rev = g_strdup_printf ("2-%s", hash);
  g_autoptr (JsonArray) ids = json_array_new ();
  g_autoptr (JsonObject) revisions = json_object_new ();

  json_array_add_string_element (ids, hash);
  json_array_add_string_element (ids, root);
  json_object_set_int_member (revisions, "start", 2);
  json_object_set_array_member (revisions, "ids", g_steal_pointer (&ids));
  json_object_set_object_member (doc, "_revisions", g_steal_pointer (&revisions));
  json_object_set_string_member (doc, "_rev", rev);
  json_object_set_string_member (doc, "telephone", "06 00 00 00 00");
  return doc;
}

static void
make_tombstone (JsonObject *doc)
{
  g_autoptr (GList) members = json_object_get_members (doc);

  for (GList *l = members; l != NULL; l = l->next)
    if (strcmp (l->data, "_id") != 0 && strcmp (l->data, "_rev") != 0 &&
        strcmp (l->data, "_revisions") != 0)
      json_object_remove_member (doc, l->data);
  json_object_set_boolean_member (doc, "_deleted", TRUE);
}

static void
put (RelaisStore *store, JsonObject *doc, gboolean new_edits)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = relais_store_put (store, doc, new_edits, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rev);
}

/* The winning rev of a live document. */
static char *
winner (RelaisStore *store, const char *id)
{
  g_autoptr (JsonObject) doc = store_doc (store, id, NULL);

  return g_strdup (relais_doc_get_rev (doc));
}

/* The "de:" ids of the store, sorted. */
static GPtrArray *
de_ids (void)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) docs = store_test_demo_docs (N_DE);
  for (guint i = 0; i < docs->len; i++)
    {
      const char *id = relais_doc_get_id (docs->pdata[i]);

      if (g_str_has_prefix (id, "de:"))
        g_ptr_array_add (ids, g_strdup (id));
    }
  g_ptr_array_sort (ids, compare_str_ptrs);
  g_assert_cmpuint (ids->len, ==, N_DE);
  return ids;
}

/* Generated documents, then on the "de:" ones: unicode copies, edits,
 * deletions, conflicts (own roots, and siblings over a shared parent),
 * deleted conflicts and documents whose every leaf is deleted. */
static guint
build_origin (const char *path)
{
  guint n = store_test_fill_demo (path, N_DE);
  g_autoptr (RelaisStore) store = relais_store_open (path, NULL);
  g_autoptr (GPtrArray) ids = de_ids ();

  for (guint i = 0; i < G_N_ELEMENTS (unicode_ids); i++)
    {
      g_autoptr (JsonObject) doc = store_doc (store, ids->pdata[i], NULL);

      json_object_remove_member (doc, "_rev");
      json_object_remove_member (doc, "_revisions");
      json_object_set_string_member (doc, "_id", unicode_ids[i]);
      put (store, doc, TRUE);
    }

  for (guint i = 0; i < 40; i++)
    {
      const char *id = ids->pdata[i];
      g_autofree char *rev = winner (store, id);

      if (i < 5)
        {
          /* An edit: generation 2. */
          g_autoptr (JsonObject) doc = store_doc (store, id, NULL);

          json_object_remove_member (doc, "_revisions");
          json_object_set_string_member (doc, "telephone", "07 11 22 33 44");
          put (store, doc, TRUE);
        }
      else if (i < 12)
        {
          /* A deletion. */
          g_autoptr (JsonObject) doc = json_object_new ();

          json_object_set_string_member (doc, "_id", id);
          json_object_set_string_member (doc, "_rev", rev);
          json_object_set_boolean_member (doc, "_deleted", TRUE);
          put (store, doc, TRUE);
        }
      else if (i < 20)
        {
          /* A second branch with its own root. */
          g_autoptr (JsonObject) doc = root_branch (store, id, "branch");

          put (store, doc, FALSE);
        }
      else if (i < 28)
        {
          /* Two siblings over the same parent: one a normal edit, one
           * replicated, the winner decided by their hashes. */
          g_autoptr (JsonObject) doc = store_doc (store, id, NULL);
          g_autoptr (JsonObject) sibling = child_revision (store, id, rev, "sibling");

          json_object_remove_member (doc, "_revisions");
          json_object_set_string_member (doc, "telephone", "07 99 88 77 66");
          put (store, doc, TRUE);
          json_object_set_string_member (sibling, "telephone", "07 55 55 55 55");
          put (store, sibling, FALSE);
        }
      else if (i < 34)
        {
          /* A branch whose leaf is then deleted: a deleted conflict. */
          g_autoptr (JsonObject) branch = root_branch (store, id, "gone");
          g_autoptr (JsonObject) tombstone = NULL;

          put (store, branch, FALSE);
          tombstone = child_revision (store, id, json_object_get_string_member (branch, "_rev"),
                                      "gone-deleted");
          make_tombstone (tombstone);
          put (store, tombstone, FALSE);
        }
      else if (i < 37)
        {
          /* Every leaf deleted: a deleted document with a deleted
           * conflict. */
          g_autoptr (JsonObject) branch = root_branch (store, id, "both");
          g_autoptr (JsonObject) first = NULL, second = NULL;

          put (store, branch, FALSE);
          first = child_revision (store, id, rev, "both-1");
          make_tombstone (first);
          put (store, first, FALSE);
          second =
              child_revision (store, id, json_object_get_string_member (branch, "_rev"), "both-2");
          make_tombstone (second);
          put (store, second, FALSE);
        }
    }

  /* A unicode id deleted, one in conflict. */
  {
    g_autofree char *rev = winner (store, unicode_ids[3]);
    g_autoptr (JsonObject) doc = json_object_new ();
    g_autoptr (JsonObject) branch = root_branch (store, unicode_ids[2], "unicode");

    json_object_set_string_member (doc, "_id", unicode_ids[3]);
    json_object_set_string_member (doc, "_rev", rev);
    json_object_set_boolean_member (doc, "_deleted", TRUE);
    put (store, doc, TRUE);
    put (store, branch, FALSE);
  }
  return n + G_N_ELEMENTS (unicode_ids);
}

/* Comparing replicas */

static char *
join_sorted (GPtrArray *strings)
{
  /* Borrowed strings: g_ptr_array_copy() would keep the free function. */
  g_autoptr (GPtrArray) sorted = g_ptr_array_sized_new (strings->len + 1);

  for (guint i = 0; i < strings->len; i++)
    g_ptr_array_add (sorted, strings->pdata[i]);
  g_ptr_array_sort (sorted, compare_str_ptrs);
  g_ptr_array_add (sorted, NULL);
  return g_strjoinv (" ", (char **) sorted->pdata);
}

/* A summary: id → "winner | leaves… | deleted | _conflicts…". */

/* _conflicts, sorted, added to @out (json-glib 1.6 has no
 * json_object_get_array_member_with_default). */
static void
add_conflicts (JsonObject *doc, GPtrArray *out)
{
  JsonNode *node = json_object_get_member (doc, "_conflicts");
  JsonArray *array =
      node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    g_ptr_array_add (out, g_strdup (json_array_get_string_element (array, i)));
}

static void
summary_add (GHashTable *summary,
             const char *id,
             const char *winner_rev,
             GPtrArray *leaves,
             gboolean deleted,
             GPtrArray *conflicts)
{
  g_autofree char *l = join_sorted (leaves);
  g_autofree char *c = join_sorted (conflicts);

  g_hash_table_insert (
      summary, g_strdup (id),
      g_strdup_printf ("%s | %s | %s | %s", winner_rev, l, deleted ? "deleted" : "live", c));
}

typedef struct
{
  RelaisStore *store;
  GHashTable *summary;
} StoreWalk;

static gboolean
store_summary_cb (const RelaisChange *change, gpointer user_data)
{
  StoreWalk *walk = user_data;
  g_autoptr (GPtrArray) leaves = g_ptr_array_new ();
  g_autoptr (GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; change->revs[i] != NULL; i++)
    g_ptr_array_add (leaves, (gpointer) change->revs[i]);
  if (!change->deleted)
    {
      g_autoptr (JsonObject) doc =
          relais_store_get (walk->store, change->id, NULL, RELAIS_GET_CONFLICTS, NULL);

      g_assert_nonnull (doc);
      add_conflicts (doc, conflicts);
    }
  summary_add (walk->summary, change->id, change->revs[0], leaves, change->deleted, conflicts);
  return TRUE;
}

static GHashTable *
store_summary (const char *path)
{
  g_autoptr (RelaisStore) store = relais_store_open (path, NULL);
  GHashTable *summary = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  StoreWalk walk = { store, summary };

  g_assert_true (relais_store_changes (store, 0, 0, RELAIS_CHANGES_ALL_DOCS, store_summary_cb,
                                       &walk, NULL, NULL));
  return summary;
}

static char *
doc_path (const char *db, const char *id, const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat ("/", db, "/", escaped, query, NULL);
}

/* The same summary from a server, over HTTP only: the winners from
 * _changes, the leaves from _changes?style=all_docs, _conflicts from each
 * live document. */
static GHashTable *
server_summary (TestServer *ts, const char *db)
{
  g_autofree char *winners_path = g_strconcat ("/", db, "/_changes", NULL);
  g_autofree char *leaves_path = g_strconcat ("/", db, "/_changes?style=all_docs", NULL);
  g_autoptr (JsonNode) winners_node = test_json (ts, "GET", winners_path, NULL, 200);
  g_autoptr (JsonNode) leaves_node = test_json (ts, "GET", leaves_path, NULL, 200);
  JsonArray *winners =
      json_object_get_array_member (json_node_get_object (winners_node), "results");
  JsonArray *rows = json_object_get_array_member (json_node_get_object (leaves_node), "results");
  g_autoptr (GHashTable) winner_of = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *summary = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_cmpuint (json_array_get_length (winners), ==, json_array_get_length (rows));
  for (guint i = 0; i < json_array_get_length (winners); i++)
    {
      JsonObject *row = json_array_get_object_element (winners, i);
      JsonArray *changes = json_object_get_array_member (row, "changes");

      g_assert_cmpuint (json_array_get_length (changes), ==, 1);
      g_hash_table_insert (winner_of, (gpointer) json_object_get_string_member (row, "id"),
                           (gpointer) json_object_get_string_member (
                               json_array_get_object_element (changes, 0), "rev"));
    }

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *id = json_object_get_string_member (row, "id");
      JsonArray *changes = json_object_get_array_member (row, "changes");
      gboolean deleted = json_object_get_boolean_member_with_default (row, "deleted", FALSE);
      const char *winner_rev = g_hash_table_lookup (winner_of, id);
      g_autoptr (GPtrArray) leaves = g_ptr_array_new ();
      g_autoptr (GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);

      g_assert_nonnull (winner_rev);
      for (guint j = 0; j < json_array_get_length (changes); j++)
        g_ptr_array_add (leaves, (gpointer) json_object_get_string_member (
                                     json_array_get_object_element (changes, j), "rev"));
      if (!deleted)
        {
          g_autofree char *path = doc_path (db, id, "?conflicts=true");
          g_autoptr (JsonNode) node = test_json (ts, "GET", path, NULL, 200);
          JsonObject *doc = json_node_get_object (node);

          g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, winner_rev);
          add_conflicts (doc, conflicts);
        }
      summary_add (summary, id, winner_rev, leaves, deleted, conflicts);
    }
  return summary;
}

static void
assert_same (GHashTable *expected, GHashTable *actual, const char *what)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *line = g_hash_table_lookup (actual, key);

      if (g_strcmp0 (line, value) != 0)
        g_error ("%s: %s is “%s”, expected “%s”", what, (char *) key, line ? line : "(missing)",
                 (char *) value);
    }
  g_assert_cmpuint (g_hash_table_size (actual), ==, g_hash_table_size (expected));
}

/* What the data set holds, so that a summary is not trivially equal. */
static void
assert_shape (GHashTable *summary)
{
  GHashTableIter iter;
  gpointer key, value;
  guint deleted = 0, conflicted = 0, deleted_conflicts = 0;

  g_hash_table_iter_init (&iter, summary);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_auto (GStrv) parts = g_strsplit (value, " | ", -1);
      g_auto (GStrv) leaves = NULL;
      g_auto (GStrv) conflicts = NULL;

      g_assert_cmpuint (g_strv_length (parts), ==, 4);
      leaves = g_strsplit (parts[1], " ", -1);
      conflicts = parts[3][0] != '\0' ? g_strsplit (parts[3], " ", -1) : g_new0 (char *, 1);
      deleted += strcmp (parts[2], "deleted") == 0;
      conflicted += conflicts[0] != NULL;
      /* More leaves than the winner and its live conflicts. */
      deleted_conflicts +=
          strcmp (parts[2], "live") == 0 && g_strv_length (leaves) > 1 + g_strv_length (conflicts);
    }
  g_assert_cmpuint (deleted, ==, 7 + 3 + 1);
  g_assert_cmpuint (conflicted, ==, 8 + 8 + 1);
  g_assert_cmpuint (deleted_conflicts, ==, 6);
  for (guint i = 0; i < G_N_ELEMENTS (unicode_ids); i++)
    g_assert_true (g_hash_table_contains (summary, unicode_ids[i]));
}

/* Same winners' bodies and revision paths, byte for byte. */
static void
assert_same_docs (const char *a_path, const char *b_path)
{
  g_autoptr (RelaisStore) a = relais_store_open (a_path, NULL);
  g_autoptr (RelaisStore) b = relais_store_open (b_path, NULL);
  g_autoptr (GHashTable) summary = store_summary (a_path);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, summary);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_auto (GStrv) leaves = relais_store_get_leaves (a, key, NULL);

      for (guint i = 0; leaves[i] != NULL; i++)
        {
          g_autofree char *x = relais_store_get_json (a, key, leaves[i], RELAIS_GET_REVS, NULL);
          g_autofree char *y = relais_store_get_json (b, key, leaves[i], RELAIS_GET_REVS, NULL);

          g_assert_nonnull (x);
          g_assert_cmpstr (x, ==, y);
        }
    }
}

/* The replication log of @counts' run on the server, at its last_seq. */
static void
assert_checkpoint (TestServer *ts, const char *db, const Counts *counts)
{
  g_autofree char *path = g_strconcat ("/", db, "/_local/", counts->rep_id, NULL);
  g_autoptr (JsonNode) log = test_json (ts, "GET", path, NULL, 200);
  JsonNode *seq = json_object_get_member (json_node_get_object (log), "source_last_seq");
  g_autofree char *text = NULL;

  g_assert_nonnull (seq);
  text = JSON_NODE_HOLDS_VALUE (seq) && json_node_get_value_type (seq) == G_TYPE_STRING
             ? g_strdup (json_node_get_string (seq))
             : json_to_string (seq, FALSE);
  g_assert_cmpstr (text, ==, counts->last_seq);
}

/* Tests */

static void
build_replicas (void)
{
  g_autoptr (GHashTable) expected = NULL;
  guint n;
  Counts to_relais, to_pouch, r, p;

  if (replicas_built)
    return;
  replicas_built = TRUE;
  origin = g_build_filename (tmp_dir, "origin.db", NULL);
  from_relais = g_build_filename (tmp_dir, "from-relais.db", NULL);
  from_pouch = g_build_filename (tmp_dir, "from-pouch.db", NULL);

  n = build_origin (origin);
  expected = store_summary (origin);
  g_assert_cmpuint (g_hash_table_size (expected), ==, n);
  assert_shape (expected);

  /* 1. The same store pushed into an empty database of each server. */
  to_relais = push (origin, &relais, "agence");
  to_pouch = push (origin, &pouch, "agence");
  g_assert_cmpuint (to_relais.read, ==, to_pouch.read);
  g_assert_cmpuint (to_relais.written, ==, to_pouch.written);
  /* Every leaf is a revision to write. */
  g_assert_cmpuint (to_relais.written, >, n);
  {
    g_autoptr (GHashTable) on_relais = server_summary (&relais, "agence");
    g_autoptr (GHashTable) on_pouch = server_summary (&pouch, "agence");

    assert_same (expected, on_relais, "push to relais-server");
    assert_same (expected, on_pouch, "push to express-pouchdb");
  }

  /* 2. Pulled back from each into an empty store. */
  r = pull (&relais, "agence", from_relais);
  p = pull (&pouch, "agence", from_pouch);
  g_assert_cmpuint (r.read, ==, p.read);
  g_assert_cmpuint (r.written, ==, p.written);
  g_assert_cmpuint (r.written, ==, to_relais.written);
  {
    g_autoptr (GHashTable) a = store_summary (from_relais);
    g_autoptr (GHashTable) b = store_summary (from_pouch);

    assert_same (expected, a, "pull from relais-server");
    assert_same (expected, b, "pull from express-pouchdb");
  }
  assert_same_docs (origin, from_relais);
  assert_same_docs (origin, from_pouch);

  /* The checkpoint is on both sides of each pull, servers included. */
  assert_checkpoint (&relais, "agence", &r);
  assert_checkpoint (&pouch, "agence", &p);
}

static void
test_full (void)
{
  g_autoptr (GHashTable) expected = NULL;
  Counts r, p, cross_r, cross_p;

  build_replicas ();
  expected = store_summary (origin);

  /* 3. Each pulled store pushed into an empty database of the other
   * server, and of its own. */
  r = push (from_pouch, &relais, "copy");
  p = push (from_relais, &pouch, "copy");
  cross_r = push (from_relais, &relais, "copy2");
  cross_p = push (from_pouch, &pouch, "copy2");
  g_assert_cmpuint (r.written, ==, p.written);
  g_assert_cmpuint (cross_r.written, ==, cross_p.written);
  g_assert_cmpuint (r.written, ==, cross_r.written);
  {
    g_autoptr (GHashTable) a = server_summary (&relais, "copy");
    g_autoptr (GHashTable) b = server_summary (&pouch, "copy");
    g_autoptr (GHashTable) c = server_summary (&relais, "copy2");
    g_autoptr (GHashTable) d = server_summary (&pouch, "copy2");

    assert_same (expected, a, "relais-server copy");
    assert_same (expected, b, "express-pouchdb copy");
    assert_same (expected, c, "relais-server copy2");
    assert_same (expected, d, "express-pouchdb copy2");
  }

  /* Nothing new: a second push and pull move nothing on either. */
  r = push (origin, &relais, "agence");
  p = push (origin, &pouch, "agence");
  g_assert_cmpuint (r.written, ==, 0);
  g_assert_cmpuint (p.written, ==, 0);
  r = pull (&relais, "agence", from_relais);
  p = pull (&pouch, "agence", from_pouch);
  g_assert_cmpuint (r.read, ==, 0);
  g_assert_cmpuint (p.read, ==, 0);
  g_assert_cmpuint (r.written, ==, 0);
  g_assert_cmpuint (p.written, ==, 0);
}

/* The ids a store changed after @since. */
static gboolean
moved_cb (const RelaisChange *change, gpointer user_data)
{
  g_ptr_array_add (user_data, g_strdup (change->id));
  return TRUE;
}

static char *
moved_since (const char *path, guint64 since)
{
  g_autoptr (RelaisStore) store = relais_store_open (path, NULL);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (
      relais_store_changes (store, since, 0, RELAIS_CHANGES_NONE, moved_cb, ids, NULL, NULL));
  return join_sorted (ids);
}

static guint64
update_seq (const char *path)
{
  g_autoptr (RelaisStore) store = relais_store_open (path, NULL);

  return relais_store_get_update_seq (store);
}

static void
test_incremental (void)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) touched = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) body = g_string_new ("{\"new_edits\":false,\"docs\":[");
  g_autoptr (GHashTable) expected = NULL;
  g_autofree char *expected_moved = NULL;
  g_autofree char *moved_r = NULL, *moved_p = NULL;
  guint64 seq_r, seq_p, seq_origin;
  Counts r, p;

  build_replicas ();
  seq_r = update_seq (from_relais);
  seq_p = update_seq (from_pouch);
  seq_origin = update_seq (origin);

  /* On the servers' side: the same replicated revisions sent to both
   * (edits, deletions, a new conflict branch, new unicode documents),
   * and written into the origin store too. */
  {
    g_autoptr (RelaisStore) store = relais_store_open (origin, NULL);
    g_autoptr (GPtrArray) docs =
        g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
    g_autoptr (JsonNode) answer = NULL;

    ids = de_ids ();
    for (guint i = 0; i < 9; i++)
      {
        const char *id = ids->pdata[i < 3 ? 40 + i : 12 + i];
        g_autofree char *rev = winner (store, id);
        JsonObject *doc;

        if (i < 6)
          {
            doc = child_revision (store, id, rev, "incremental");
            if (i < 3)
              json_object_set_string_member (doc, "telephone", "01 23 45 67 89");
            else
              make_tombstone (doc);
          }
        else
          doc = root_branch (store, id, "incremental-branch");
        g_ptr_array_add (docs, doc);
        g_ptr_array_add (touched, g_strdup (id));
      }
    for (guint i = 0; i < 2; i++)
      {
        g_autoptr (JsonObject) copy = store_doc (store, ids->pdata[45 + i], NULL);
        const char *id = i == 0 ? "de:Ünïcödé-nouveau" : "de:新しい-😀";
        g_autofree char *hash = md5 (id, "new");
        g_autofree char *rev = g_strconcat ("1-", hash, NULL);
        JsonObject *revisions = json_object_get_object_member (copy, "_revisions");
        g_autoptr (JsonArray) rev_ids = json_array_new ();

        json_array_add_string_element (rev_ids, hash);
        json_object_set_int_member (revisions, "start", 1);
        json_object_set_array_member (revisions, "ids", g_steal_pointer (&rev_ids));
        json_object_set_string_member (copy, "_id", id);
        json_object_set_string_member (copy, "_rev", rev);
        g_ptr_array_add (docs, g_steal_pointer (&copy));
        g_ptr_array_add (touched, g_strdup (id));
      }
    for (guint i = 0; i < docs->len; i++)
      {
        g_autofree char *text = relais_json_object_canonical (docs->pdata[i]);

        g_string_append (body, i > 0 ? "," : "");
        g_string_append (body, text);
        put (store, docs->pdata[i], FALSE);
      }
    g_string_append (body, "]}");
    answer = test_json (&relais, "POST", "/agence/_bulk_docs", body->str, 201);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (answer)), ==, 0);
    g_clear_pointer (&answer, json_node_unref);
    answer = test_json (&pouch, "POST", "/agence/_bulk_docs", body->str, 201);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (answer)), ==, 0);

    /* On the local side: edits and a deletion, pushed to both. */
    for (guint i = 0; i < 4; i++)
      {
        const char *id = ids->pdata[28 + i];
        g_autoptr (JsonObject) doc = store_doc (store, id, NULL);

        json_object_remove_member (doc, "_revisions");
        if (i < 3)
          json_object_set_string_member (doc, "telephone", "02 98 76 54 32");
        else
          make_tombstone (doc);
        put (store, doc, TRUE);
        g_ptr_array_add (touched, g_strdup (id));
      }
  }
  expected_moved = join_sorted (touched);
  {
    g_autofree char *in_origin = moved_since (origin, seq_origin);

    g_assert_cmpstr (in_origin, ==, expected_moved);
  }

  /* The incremental push: only the local edits are written, to each. */
  r = push (origin, &relais, "agence");
  p = push (origin, &pouch, "agence");
  g_assert_cmpuint (r.read, ==, p.read);
  g_assert_cmpuint (r.written, ==, 4);
  g_assert_cmpuint (p.written, ==, 4);

  /* The incremental pull moves the same documents from both. */
  r = pull (&relais, "agence", from_relais);
  p = pull (&pouch, "agence", from_pouch);
  g_assert_cmpuint (r.read, ==, p.read);
  g_assert_cmpuint (r.written, ==, p.written);
  g_assert_cmpuint (r.written, ==, touched->len);
  moved_r = moved_since (from_relais, seq_r);
  moved_p = moved_since (from_pouch, seq_p);
  g_assert_cmpstr (moved_r, ==, expected_moved);
  g_assert_cmpstr (moved_p, ==, expected_moved);
  assert_checkpoint (&relais, "agence", &r);
  assert_checkpoint (&pouch, "agence", &p);

  expected = store_summary (origin);
  {
    g_autoptr (GHashTable) a = store_summary (from_relais);
    g_autoptr (GHashTable) b = store_summary (from_pouch);
    g_autoptr (GHashTable) c = server_summary (&relais, "agence");
    g_autoptr (GHashTable) d = server_summary (&pouch, "agence");

    assert_same (expected, a, "incremental pull from relais-server");
    assert_same (expected, b, "incremental pull from express-pouchdb");
    assert_same (expected, c, "relais-server after the incremental push");
    assert_same (expected, d, "express-pouchdb after the incremental push");
  }
  assert_same_docs (origin, from_relais);
  assert_same_docs (origin, from_pouch);
}

/* Continuous pulls: caught up, waiting on a longpoll feed with heartbeats
 * (express-pouchdb keeps sending them and ignores `timeout`), then woken
 * by a change. */

static gboolean
wait_until (gboolean (*check) (gpointer), gpointer data, guint ms)
{
  gint64 deadline = g_get_monotonic_time () + ms * (gint64) 1000;

  while (g_get_monotonic_time () < deadline)
    {
      if (check != NULL && check (data))
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return check != NULL && check (data);
}

static gboolean
is_waiting (gpointer user_data)
{
  return relais_replicator_get_state (user_data) == RELAIS_REPLICATOR_WAITING;
}

typedef struct
{
  const char *path;
  const char *id;
} Probe;

static gboolean
store_has_doc (gpointer user_data)
{
  Probe *probe = user_data;
  g_autoptr (RelaisStore) store = relais_store_open (probe->path, NULL);
  g_autofree char *json = relais_store_get_json (store, probe->id, NULL, 0, NULL);

  return json != NULL;
}

static gboolean
has_error (gpointer user_data)
{
  return *(GError **) user_data != NULL;
}

static void
run_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GError **error = user_data;

  g_assert_false (relais_replicator_run_finish (RELAIS_REPLICATOR (source), result, error));
}

static void
live_pull (TestServer *ts, const char *path, const char *body, const char *id)
{
  g_autoptr (RelaisEndpoint) source = remote (ts, "agence");
  g_autoptr (RelaisEndpoint) target = RELAIS_ENDPOINT (relais_local_endpoint_new (path));
  g_autoptr (RelaisReplicator) live = relais_replicator_new (source, target);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  Probe probe = { path, id };

  relais_remote_endpoint_set_heartbeat (RELAIS_REMOTE_ENDPOINT (source), 100);
  g_object_set (live, "continuous", TRUE, "batch-size", 64, "merge-conflicts", FALSE, "max-retries",
                2, "retry-initial-delay", 20, NULL);
  relais_replicator_run_async (live, cancellable, run_done_cb, &error);
  g_assert_true (wait_until (is_waiting, live, 20000));
  /* A few heartbeats on the quiet feed. */
  wait_until (NULL, NULL, 500);
  g_assert_false (store_has_doc (&probe));
  g_assert_cmpint (relais_replicator_get_state (live), ==, RELAIS_REPLICATOR_WAITING);

  answer = test_json (ts, "POST", "/agence/_bulk_docs", body, 201);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (answer)), ==, 0);
  g_assert_true (wait_until (store_has_doc, &probe, 20000));

  g_cancellable_cancel (cancellable);
  g_assert_true (wait_until (has_error, &error, 20000));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_continuous (void)
{
  g_autofree char *live_relais = NULL, *live_pouch = NULL;
  const char *id = "de:en-direct-⚡";
  g_autofree char *body = NULL;

  build_replicas ();
  live_relais = g_build_filename (tmp_dir, "live-relais.db", NULL);
  live_pouch = g_build_filename (tmp_dir, "live-pouch.db", NULL);
  {
    g_autoptr (RelaisStore) store = relais_store_open (origin, NULL);
    g_autoptr (GPtrArray) ids = de_ids ();
    g_autoptr (JsonObject) doc = store_doc (store, ids->pdata[48], NULL);
    g_autofree char *hash = md5 (id, "live");
    g_autofree char *rev = g_strconcat ("1-", hash, NULL);
    g_autoptr (JsonArray) rev_ids = json_array_new ();
    JsonObject *revisions = json_object_get_object_member (doc, "_revisions");
    g_autofree char *text = NULL;

    json_array_add_string_element (rev_ids, hash);
    json_object_set_int_member (revisions, "start", 1);
    json_object_set_array_member (revisions, "ids", g_steal_pointer (&rev_ids));
    json_object_set_string_member (doc, "_id", id);
    json_object_set_string_member (doc, "_rev", rev);
    text = relais_json_object_canonical (doc);
    body = g_strdup_printf ("{\"new_edits\":false,\"docs\":[%s]}", text);
    put (store, doc, FALSE);
  }

  live_pull (&relais, live_relais, body, id);
  live_pull (&pouch, live_pouch, body, id);
  {
    g_autoptr (GHashTable) expected = store_summary (origin);
    g_autoptr (GHashTable) a = store_summary (live_relais);
    g_autoptr (GHashTable) b = store_summary (live_pouch);

    assert_same (expected, a, "continuous pull from relais-server");
    assert_same (expected, b, "continuous pull from express-pouchdb");
  }
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("relais-sync-pouchdb-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  test_server_start (&relais);
  pouch_start ();

  g_test_add_func ("/interop/sync-pouchdb/full", test_full);
  g_test_add_func ("/interop/sync-pouchdb/incremental", test_incremental);
  g_test_add_func ("/interop/sync-pouchdb/continuous", test_continuous);
  status = g_test_run ();

  pouch_stop ();
  test_server_stop (&relais);
  rm_rf (tmp_dir);
  g_free (tmp_dir);
  g_free (origin);
  g_free (from_relais);
  g_free (from_pouch);
  return status;
}

/* test-interop.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * PouchDB 9 against the real relais-server: each case fills a database
 * over HTTP, runs one scenario of interop.js under node (which asserts
 * what PouchDB and the server hold), then checks the scenario's summary
 * and, where it can, the server's side again from C.
 *
 * node and tests/interop/node_modules are required (`.ci/dev test`
 * installs them with `npm ci`); without them the test fails, it does not
 * skip.
 */

#include "config.h"

#include "../server/server-test-utils.h"
#include "gen-de.h"

/* PouchDB's batches of 100 DE are ~120 KB: the default body limit of the
 * other server tests (64 KB) would refuse them. A tiny chunk size still
 * makes every feed span several chunks. */
static const char interop_config[] = "[server]\n"
                                     "changes-chunk-rows = 7\n"
                                     "log-level = warning\n"
                                     "\n"
                                     "[admins]\n"
                                     "admin = " TEST_ADMIN_PASSWORD "\n";

static TestServer server = { .config = interop_config };
static GPtrArray *de_docs; /* 500 DE from the generator */

#define N_DE 500

/* Auxiliary methods */

static void
create_db (const char *db)
{
  g_autoptr (JsonNode) node = test_json (&server, "PUT", db, NULL, 201);

  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
}

/* Writes docs [from, from + count) and returns their revs. */
static GStrv
fill_db (const char *db, guint from, guint count)
{
  g_autoptr (GStrvBuilder) revs = g_strv_builder_new ();
  g_autofree char *path = g_strdup_printf ("%s/_bulk_docs", db);

  for (guint i = from; i < from + count; i += 100)
    {
      g_autofree char *body = gen_de_bulk_body (de_docs, i, MIN (100, from + count - i), TRUE);
      g_autoptr (JsonNode) node = test_json (&server, "POST", path, body, 201);
      JsonArray *results = json_node_get_array (node);

      for (guint j = 0; j < json_array_get_length (results); j++)
        {
          JsonObject *row = json_array_get_object_element (results, j);

          g_assert_true (json_object_get_boolean_member_with_default (row, "ok", FALSE));
          g_strv_builder_add (revs, json_object_get_string_member (row, "rev"));
        }
    }
  return g_strv_builder_end (revs);
}

static const char *
doc_id (guint i)
{
  return relais_doc_get_id (de_docs->pdata[i]);
}

static char *
doc_path (const char *db, const char *id, const char *query)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat (db, "/", escaped, query, NULL);
}

/* Runs `node interop.js SCENARIO URL DB ARGS…` and returns its summary. */
static JsonNode *
run_node (const char *scenario, const char *db, const char *arg)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "interop", "interop.js", NULL);
  g_autofree char *modules =
      g_test_build_filename (G_TEST_DIST, "interop", "node_modules", "pouchdb", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  guint n;

  if (node == NULL)
    g_error ("node is not installed (`.ci/dev test` installs nodejs and npm)");
  if (!g_file_test (modules, G_FILE_TEST_IS_DIR))
    g_error ("%s is missing: run `npm ci` in tests/interop (`.ci/dev test` does)", modules);

  /* stderr is inherited: node's assertion messages land in the test log. */
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, node, script, scenario,
                              server.url, db, arg, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("interop.js %s failed (see its output above): %s", scenario, out);

  lines = g_strsplit (g_strstrip (out), "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >, 0);
  g_test_message ("%s: %s", scenario, lines[n - 1]);
  return test_parse (lines[n - 1]);
}

static gint64
summary_int (JsonNode *summary, const char *member)
{
  return json_object_get_int_member (json_node_get_object (summary), member);
}

static int
compare_str_ptrs (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* id → "rev rev …|deleted", from _changes?style=all_docs. */
static GHashTable *
leaves_of (const char *db)
{
  g_autofree char *path = g_strdup_printf ("%s/_changes?style=all_docs", db);
  g_autoptr (JsonNode) node = test_json (&server, "GET", path, NULL, 200);
  JsonArray *results = json_object_get_array_member (json_node_get_object (node), "results");
  GHashTable *leaves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *row = json_array_get_object_element (results, i);
      JsonArray *changes = json_object_get_array_member (row, "changes");
      g_autoptr (GPtrArray) revs = g_ptr_array_new ();
      g_autofree char *joined = NULL;

      for (guint j = 0; j < json_array_get_length (changes); j++)
        g_ptr_array_add (revs, (char *) json_object_get_string_member (
                                   json_array_get_object_element (changes, j), "rev"));
      g_ptr_array_sort (revs, compare_str_ptrs);
      g_ptr_array_add (revs, NULL);
      joined = g_strjoinv (" ", (char **) revs->pdata);
      g_hash_table_insert (
          leaves, g_strdup (json_object_get_string_member (row, "id")),
          g_strdup_printf ("%s|%d", joined,
                           json_object_get_boolean_member_with_default (row, "deleted", FALSE)));
    }
  return leaves;
}

/* Tests */

static void
test_roundtrip (void)
{
  g_auto (GStrv) revs = NULL;
  g_autoptr (JsonNode) summary = NULL;
  g_autoptr (GHashTable) source = NULL;
  g_autoptr (GHashTable) copy = NULL;
  GHashTableIter iter;
  gpointer key, value;

  create_db ("roundtrip");
  revs = fill_db ("roundtrip", 0, N_DE);

  /* Docs 0–9: a conflicting second branch. 10–19: deleted. 20–24: a
   * branch whose leaf is then deleted (a deleted conflict). */
  for (guint i = 0; i < 25; i++)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), de_docs->pdata[i]);
      g_autofree char *original = json_to_string (node, FALSE);
      /* A deep copy: json_node_copy() would share the generator's object. */
      g_autoptr (JsonNode) copy_node = test_parse (original);
      JsonObject *doc = json_node_get_object (copy_node);
      g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_MD5, doc_id (i), -1);
      g_autofree char *root = g_compute_checksum_for_string (G_CHECKSUM_MD5, hash, -1);
      g_autofree char *rev = g_strdup_printf ("2-%s", hash);
      g_autoptr (JsonArray) ids = json_array_new ();
      g_autoptr (JsonObject) revisions = json_object_new ();
      g_autofree char *text = NULL;
      g_autofree char *body = NULL;
      g_autofree char *path = NULL;

      if (i >= 10 && i < 20)
        {
          g_autofree char *del_query = g_strdup_printf ("?rev=%s", revs[i]);
          g_autofree char *del = doc_path ("roundtrip", doc_id (i), del_query);
          g_autoptr (JsonNode) ok = test_json (&server, "DELETE", del, NULL, 200);

          g_assert_cmpstr (obj_str (ok, "id"), ==, doc_id (i));
          continue;
        }

      json_array_add_string_element (ids, hash);
      /* Its own root "1-<md5 of the hash>": a second branch, not a child. */
      json_array_add_string_element (ids, root);
      json_object_set_int_member (revisions, "start", 2);
      json_object_set_array_member (revisions, "ids", g_steal_pointer (&ids));
      json_object_set_object_member (doc, "_revisions", g_steal_pointer (&revisions));
      json_object_set_string_member (doc, "_rev", rev);
      json_object_set_string_member (doc, "telephone", "06 00 00 00 00");
      text = json_to_string (copy_node, FALSE);
      body = g_strdup_printf ("{\"new_edits\":false,\"docs\":[%s]}", text);
      {
        g_autoptr (JsonNode) ok = test_json (&server, "POST", "roundtrip/_bulk_docs", body, 201);

        g_assert_cmpuint (json_array_get_length (json_node_get_array (ok)), ==, 0);
      }
      if (i >= 20)
        {
          g_autofree char *del_query = g_strdup_printf ("?rev=%s", rev);
          g_autoptr (JsonNode) ok = NULL;

          path = doc_path ("roundtrip", doc_id (i), del_query);
          ok = test_json (&server, "DELETE", path, NULL, 200);
        }
    }

  summary = run_node ("roundtrip", "roundtrip", "roundtrip-copy");
  g_assert_cmpint (summary_int (summary, "docs"), ==, N_DE);
  g_assert_cmpint (summary_int (summary, "deleted"), ==, 10);
  g_assert_cmpint (summary_int (summary, "conflicted"), ==, 10);
  g_assert_cmpint (summary_int (summary, "leaves"), ==, N_DE + 10 + 5);
  /* PouchDB writes every leaf it fetched, deleted ones included. */
  g_assert_cmpint (summary_int (summary, "pulled"), ==, N_DE + 10 + 5);

  /* The copy PouchDB pushed has the same revision trees' leaves. */
  source = leaves_of ("roundtrip");
  copy = leaves_of ("roundtrip-copy");
  g_assert_cmpuint (g_hash_table_size (copy), ==, g_hash_table_size (source));
  g_hash_table_iter_init (&iter, source);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpstr (g_hash_table_lookup (copy, key), ==, value);
}

static void
test_conflicts (void)
{
  g_auto (GStrv) revs = NULL;
  g_autoptr (JsonNode) summary = NULL;

  create_db ("conflicts");
  revs = fill_db ("conflicts", 0, 20);
  summary = run_node ("conflicts", "conflicts", NULL);
  /* a, b and d were in conflict before the resolution; c was not. */
  g_assert_cmpint (summary_int (summary, "conflicted"), ==, 3);
  g_assert_cmpint (summary_int (summary, "docs"), ==, 20);
}

static void
test_deletions (void)
{
  g_auto (GStrv) revs = NULL;
  g_autoptr (JsonNode) summary = NULL;
  g_autoptr (JsonNode) info = NULL;

  create_db ("deletions");
  revs = fill_db ("deletions", 0, 40);
  summary = run_node ("deletions", "deletions", NULL);
  g_assert_cmpint (summary_int (summary, "docs"), ==, 40);
  g_assert_cmpint (summary_int (summary, "deleted"), ==, 19);

  info = test_json (&server, "GET", "deletions", NULL, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (info), "doc_del_count"), ==,
                   19);
}

static void
test_unicode_ids (void)
{
  g_auto (GStrv) revs = NULL;
  g_autoptr (JsonNode) summary = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) doc = NULL;

  create_db ("unicode");
  revs = fill_db ("unicode", 0, 3);
  summary = run_node ("unicode-ids", "unicode", NULL);
  g_assert_cmpint (summary_int (summary, "docs"), ==, 3 + 10);

  /* Written by PouchDB, read back from C with our own encoding. */
  path = doc_path ("unicode", "de:emoji-😀🎉-pouch", "");
  doc = test_json (&server, "GET", path, NULL, 200);
  g_assert_cmpstr (obj_str (doc, "_id"), ==, "de:emoji-😀🎉-pouch");
}

static void
test_local (void)
{
  g_auto (GStrv) revs = NULL;
  g_autoptr (JsonNode) summary = NULL;
  g_autoptr (JsonNode) doc = NULL;
  g_autofree char *path = NULL;
  const char *checkpoint;

  create_db ("local");
  revs = fill_db ("local", 0, 30);
  summary = run_node ("local", "local", NULL);
  g_assert_cmpint (summary_int (summary, "local"), ==, 5);

  /* The checkpoint PouchDB wrote, read from C: "/" and "=" in the id. */
  checkpoint = obj_str (summary, "checkpoint");
  g_assert_true (g_str_has_prefix (checkpoint, "local/_local/"));
  path = doc_path ("local", checkpoint + strlen ("local/"), "");
  doc = test_json (&server, "GET", path, NULL, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (doc), "last_seq"), ==, 30);
  g_assert_cmpstr (obj_str (doc, "replicator"), ==, "pouchdb");

  g_free (path);
  path = doc_path ("local", "_local/a=b.c/d", "");
  g_clear_pointer (&doc, json_node_unref);
  doc = test_json (&server, "GET", path, NULL, 200);
  g_assert_cmpstr (obj_str (doc, "_rev"), ==, "0-2");
}

static void
test_live (void)
{
  g_auto (GStrv) revs = NULL;
  g_autoptr (JsonNode) summary = NULL;
  JsonArray *delays;

  create_db ("live");
  revs = fill_db ("live", 0, 5);
  summary = run_node ("live", "live", "10");

  delays = json_object_get_array_member (json_node_get_object (summary), "live_delays_ms");
  g_assert_cmpuint (json_array_get_length (delays), ==, 10);
  for (guint i = 0; i < json_array_get_length (delays); i++)
    g_assert_cmpfloat (json_array_get_double_element (delays, i), <, 1000.0);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  de_docs = gen_de_docs (N_DE, 7);
  test_server_start (&server);

  g_test_add_func ("/interop/roundtrip", test_roundtrip);
  g_test_add_func ("/interop/conflicts", test_conflicts);
  g_test_add_func ("/interop/deletions", test_deletions);
  g_test_add_func ("/interop/unicode-ids", test_unicode_ids);
  g_test_add_func ("/interop/local", test_local);
  g_test_add_func ("/interop/live", test_live);
  status = g_test_run ();

  test_server_stop (&server);
  g_ptr_array_unref (de_docs);
  return status;
}

/* bench-sync.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Replication figures against the real relais-server binary, on a database
 * of 20,000 DE from the demo generator (the other documents it makes are
 * left out): a full pull into an empty store, a pull of 100 changed
 * documents, a push of the 20,000 into an empty database; the cost of
 * parsing the pull's _bulk_get answers alone; then PouchDB 9 (node,
 * default options: its LevelDB adapter; and its memory adapter beside it)
 * doing the same three against the same server and database, and the
 * ratios. Not a test: it prints `bench: <name> <value> <unit>` lines for
 * .ci/dev bench.
 *
 * PouchDB comes from tests/interop/node_modules; when it is missing the
 * bench runs `npm ci --prefix tests/interop` first. BENCH_SYNC_NO_POUCHDB=1
 * skips that part.
 */

#define G_LOG_DOMAIN "bench-sync"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "relais-core.h"
#include "relais-demo.h"
#include "relais-local-endpoint.h"
#include "relais-remote-endpoint.h"
#include "relais-replicator.h"
#include "relais-store.h"

#define N_DE 20000
#define N_CHANGED 100
#define DB_NAME "bench"
#define ADMIN "admin"
#define ADMIN_PASSWORD "relais-test-admin"

/* The server's default limits, with the test admin of
 * tests/server/server-test-utils.h. */
static const char server_config[] = "[server]\n"
                                    "log-level = %s\n"
                                    "\n"
                                    "[admins]\n" ADMIN " = " ADMIN_PASSWORD "\n";

typedef struct
{
  double ms;
  RelaisSyncTimings timings;
  guint64 written;
  double client_cpu_ms; /* this process, every thread */
  double server_cpu_ms; /* relais-server, every thread */
} Run;

/* The server under test, for its CPU time. */
static GPid server_pid;

/* CPU time (user + system) of this process, in ms. */
static double
client_cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

/* The same for the server, from /proc: on a shared, busy machine the
 * wall times vary twice as much as the CPU each side spends. */
static double
server_cpu_ms (void)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) server_pid);
  g_autofree char *text = NULL;
  g_auto (GStrv) fields = NULL;
  const char *end;

  if (server_pid == 0 || !g_file_get_contents (path, &text, NULL, NULL) ||
      (end = strrchr (text, ')')) == NULL)
    return 0;
  /* After "pid (comm)": state is field 3, utime 14 and stime 15. */
  fields = g_strsplit (end + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) * 1e3 /
         sysconf (_SC_CLK_TCK);
}

static gboolean
collect_cb (JsonObject *doc, gpointer user_data, GError **error)
{
  GPtrArray *docs = user_data;

  if (g_strcmp0 (json_object_get_string_member_with_default (doc, "type", NULL), "de") == 0)
    g_ptr_array_add (docs, json_object_ref (doc));
  return TRUE;
}

static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
start_server (const char *data_dir, const char *config, char **url)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  process =
      g_subprocess_launcher_spawn (launcher, &error, RELAIS_SERVER_BINARY, "serve", "--config",
                                   config, "--port", "0", "--data-dir", data_dir, NULL);
  if (process == NULL)
    g_error ("relais-server: %s", error->message);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "listening on http://"))
    g_error ("relais-server did not start: %s", error ? error->message : line);
  *url = g_strdup (line + strlen ("listening on "));
  return process;
}

static char *
db_url (const char *server_url, const char *db)
{
  /* "http://127.0.0.1:PORT/" with the admin's credentials in it. */
  return g_strconcat ("http://" ADMIN ":" ADMIN_PASSWORD "@", server_url + strlen ("http://"), db,
                      NULL);
}

static int
compare_runs (gconstpointer a, gconstpointer b)
{
  double x = ((const Run *) a)->ms, y = ((const Run *) b)->ms;

  return (x > y) - (x < y);
}

/* A store file and its companions, gone. */
static void
remove_store_files (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static Run
replicate (RelaisEndpoint *source, RelaisEndpoint *target)
{
  g_autoptr (RelaisReplicator) replicator = relais_replicator_new (source, target);
  g_autoptr (GError) error = NULL;
  Run run = { 0 };
  double client = client_cpu_ms (), server = server_cpu_ms ();
  gint64 start = g_get_monotonic_time ();

  /* BENCH_SYNC_BATCH_SIZE=N compares batch sizes (the default is the
   * replicator's). */
  if (g_getenv ("BENCH_SYNC_BATCH_SIZE") != NULL)
    g_object_set (replicator, "batch-size",
                  (guint) g_ascii_strtoull (g_getenv ("BENCH_SYNC_BATCH_SIZE"), NULL, 10), NULL);
  if (!relais_replicator_run_sync (replicator, NULL, &error))
    g_error ("replication: %s", error->message);
  run.ms = (g_get_monotonic_time () - start) / 1000.0;
  /* For `perf record -k CLOCK_MONOTONIC` and `perf report --time A,B`. */
  fprintf (stderr, "bench-sync: replication from %.6f to %.6f\n", start / 1e6,
           g_get_monotonic_time () / 1e6);
  run.client_cpu_ms = client_cpu_ms () - client;
  run.server_cpu_ms = server_cpu_ms () - server;
  relais_replicator_get_timings (replicator, &run.timings);
  run.written = relais_replicator_get_docs_written (replicator);
  return run;
}

static RelaisEndpoint *
remote (const char *server_url, const char *db, gboolean create)
{
  g_autofree char *url = db_url (server_url, db);
  g_autoptr (GError) error = NULL;
  RelaisRemoteEndpoint *endpoint = relais_remote_endpoint_new (url, &error);

  if (endpoint == NULL)
    g_error ("%s: %s", url, error->message);
  relais_remote_endpoint_set_create_target (endpoint, create);
  return RELAIS_ENDPOINT (endpoint);
}

static void
print_run (const char *name, const Run *run)
{
  printf ("bench: %s %.1f ms\n", name, run->ms);
  /* Sums over stages that overlap (workers, the server meanwhile). */
  printf ("  %s: %" G_GUINT64_FORMAT " docs written; network+server %.1f ms (%u requests), "
          "parse %.1f ms, store reads %.1f ms, store writes %.1f ms\n",
          name, run->written, run->timings.network_us / 1000.0, run->timings.requests,
          run->timings.parse_us / 1000.0, run->timings.read_us / 1000.0,
          run->timings.write_us / 1000.0);
  printf ("  %s: CPU %.0f ms in the replicator's process, %.0f ms in relais-server\n", name,
          run->client_cpu_ms, run->server_cpu_ms);
}

/* POSTs @body to @path of @server_url as the bench's admin: the answer,
 * which must come with @status. */
static GBytes *
post_as_admin (SoupSession *session,
               const char *server_url,
               const char *path,
               const GString *body,
               guint status)
{
  g_autofree char *uri = g_strconcat (server_url, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr (GBytes) request = g_bytes_new (body->str, body->len);
  g_autoptr (GError) error = NULL;
  GBytes *answer;

  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Basic YWRtaW46cmVsYWlzLXRlc3QtYWRtaW4=");
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL || soup_message_get_status (msg) != status)
    g_error ("POST %s: %s (HTTP %u)", path, error ? error->message : "",
             soup_message_get_status (msg));
  return answer;
}

/* Edits @n documents on the server, as a counsellor would: their new
 * revisions are what the next pull brings. */
static void
edit_on_server (const char *server_url, GPtrArray *docs, GPtrArray *revs, guint offset, guint n)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (GString) body = g_string_new ("{\"docs\":[");
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = NULL;

  for (guint i = offset; i < offset + n; i++)
    {
      g_autofree char *text = relais_json_object_canonical (g_ptr_array_index (docs, i));

      /* The generator's object stays as it was: the edit is spliced in. */
      g_return_if_fail (text[0] == '{' && text[1] != '}');
      if (i > offset)
        g_string_append_c (body, ',');
      g_string_append (body, "{\"_rev\":");
      relais_json_append_string (body, g_ptr_array_index (revs, i));
      g_string_append (body, ",\"commentaire_bench\":\"modifié pour le bench\",");
      g_string_append (body, text + 1);
    }
  g_string_append (body, "]}");
  answer = post_as_admin (session, server_url, DB_NAME "/_bulk_docs", body, SOUP_STATUS_CREATED);
  node = relais_json_parse (g_bytes_get_data (answer, NULL), (gssize) g_bytes_get_size (answer),
                            &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *item = json_array_get_object_element (json_node_get_array (node), i);

      if (json_object_has_member (item, "error"))
        g_error ("edit %u refused", offset + i);
      g_free (g_ptr_array_index (revs, offset + i));
      g_ptr_array_index (revs, offset + i) = g_strdup (json_object_get_string_member (item, "rev"));
    }
}

static char *
interop_dir (void)
{
  return g_build_filename (RELAIS_SOURCE_DIR, "tests", "interop", NULL);
}

/* tests/interop/node_modules, installed with `npm ci` when missing. */
static gboolean
ensure_pouchdb (void)
{
  g_autofree char *dir = interop_dir ();
  g_autofree char *modules = g_build_filename (dir, "node_modules", "pouchdb", NULL);
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (g_file_test (modules, G_FILE_TEST_IS_DIR))
    return TRUE;
  fprintf (stderr, "bench-sync: installing PouchDB: npm ci --prefix %s\n", dir);
  {
    const char *argv[] = { "npm", "ci", "--no-audit", "--no-fund", "--prefix", dir, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                       &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      {
        fprintf (stderr, "bench-sync: npm ci failed: %s\n", error->message);
        return FALSE;
      }
  }
  return g_file_test (modules, G_FILE_TEST_IS_DIR);
}

static double
member_ms (JsonObject *object, const char *name)
{
  if (!json_object_has_member (object, name))
    g_error ("pouchdb bench: no %s", name);
  return json_object_get_double_member (object, name);
}

/* Runs tests/bench/pouchdb-sync-bench.js with ADAPTER (`leveldb`, PouchDB's
 * default in Node, or `memory`): its last stdout line is a JSON object of
 * the three times in ms. */
static JsonObject *
run_pouchdb (const char *server_url, const char *adapter)
{
  g_autofree char *script =
      g_build_filename (RELAIS_SOURCE_DIR, "tests", "bench", "pouchdb-sync-bench.js", NULL);
  g_autofree char *source = db_url (server_url, DB_NAME);
  g_autofree char *target_name = g_strdup_printf ("bench-pouchdb-push-%s", adapter);
  g_autofree char *target = db_url (server_url, target_name);
  g_autofree char *n = g_strdup_printf ("%u", N_CHANGED);
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  const char *argv[] = { "node", script, source, target, n, adapter, NULL };
  char *last;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "bench-sync: PouchDB run failed: %s\n", error->message);
      return NULL;
    }
  g_strchomp (out);
  last = strrchr (out, '\n');
  {
    JsonObject *times = relais_json_parse_object (last != NULL ? last + 1 : out, -1, &error);

    if (times == NULL)
      fprintf (stderr, "bench-sync: PouchDB's output: %s (%s)\n", out, error->message);
    return times;
  }
}

/* The parsing the pull cannot avoid, measured apart on one thread: the
 * server's _bulk_get answers for all the documents, in the replicator's
 * batches, parsed into json-glib's tree, each body written as canonical
 * text and the tree freed (what the replicator's workers do with them),
 * each stage timed on its own; and walked by SQLite's JSON parser
 * (json_each, no tree) for comparison. The figures the full pull's budget
 * has to hold, beside the store's own writes (bench-store). */
static void
report_parse_costs (const char *server_url, GPtrArray *docs)
{
  g_autoptr (SoupSession) session = soup_session_new ();
  g_autoptr (GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gsize total = 0;
  gint64 start;
  double glib_ms, sqlite_ms;
  gint64 parse_us = 0, canonical_us = 0, free_us = 0;
  gsize body_bytes = 0;
  guint n_sqlite = 0;

  for (guint i = 0; i < docs->len; i += 500)
    {
      g_autoptr (GString) body = g_string_new ("{\"docs\":[");
      GBytes *answer;

      for (guint j = i; j < MIN (i + 500, docs->len); j++)
        {
          g_string_append (body, j > i ? ",{\"id\":" : "{\"id\":");
          relais_json_append_string (body, relais_doc_get_id (g_ptr_array_index (docs, j)));
          g_string_append_c (body, '}');
        }
      g_string_append (body, "]}");
      answer =
          post_as_admin (session, server_url, DB_NAME "/_bulk_get?revs=true", body, SOUP_STATUS_OK);
      total += g_bytes_get_size (answer);
      g_ptr_array_add (answers, answer);
    }

  for (guint i = 0; i < answers->len; i++)
    {
      gsize len;
      const char *text = g_bytes_get_data (g_ptr_array_index (answers, i), &len);
      g_autoptr (GError) error = NULL;
      JsonNode *node;
      JsonArray *results;

      start = g_get_monotonic_time ();
      node = relais_json_parse (text, (gssize) len, &error);
      parse_us += g_get_monotonic_time () - start;
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

      /* What the replicator's workers then write of each document. */
      start = g_get_monotonic_time ();
      results = json_object_get_array_member (json_node_get_object (node), "results");
      for (guint j = 0; j < json_array_get_length (results); j++)
        {
          JsonArray *items =
              json_object_get_array_member (json_array_get_object_element (results, j), "docs");
          JsonObject *ok =
              json_object_get_object_member (json_array_get_object_element (items, 0), "ok");
          g_autofree char *text_body = relais_doc_body_canonical (ok);

          body_bytes += strlen (text_body);
        }
      canonical_us += g_get_monotonic_time () - start;

      start = g_get_monotonic_time ();
      json_node_unref (node);
      free_us += g_get_monotonic_time () - start;
    }
  glib_ms = (parse_us + free_us) / 1000.0;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT d.value FROM json_each (?1, '$.results') AS r,"
                                       " json_each (r.value, '$.docs') AS d",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < answers->len; i++)
    {
      gsize len;
      const char *text = g_bytes_get_data (g_ptr_array_index (answers, i), &len);

      sqlite3_bind_text (stmt, 1, text, (int) len, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        n_sqlite++;
      sqlite3_reset (stmt);
    }
  sqlite_ms = (g_get_monotonic_time () - start) / 1000.0;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (n_sqlite, ==, docs->len);

  printf ("bench: parse_bulk_get_20000_bytes %.1f MB\n", total / 1e6);
  printf ("bench: parse_bulk_get_20000_json_glib %.1f ms\n", glib_ms);
  printf ("bench: parse_bulk_get_20000_json_glib_parse_only %.1f ms\n", parse_us / 1000.0);
  printf ("bench: parse_bulk_get_20000_json_glib_free_only %.1f ms\n", free_us / 1000.0);
  printf ("bench: parse_bulk_get_20000_bodies_canonical %.1f ms\n", canonical_us / 1000.0);
  printf ("  parse_bulk_get_20000_bodies_canonical: %.1f MB of bodies written again\n",
          body_bytes / 1e6);
  printf ("bench: parse_bulk_get_20000_sqlite_json_each %.1f ms\n", sqlite_ms);
  fflush (stdout);
}

static void
report_pouchdb (const char *url,
                const char *adapter,
                const char *prefix,
                const Run *full,
                const Run *changed,
                const Run *push)
{
  g_autoptr (JsonObject) pouch = run_pouchdb (url, adapter);
  double p_full, p_changed, p_push;

  if (pouch == NULL)
    {
      printf ("bench: %s not run\n", prefix);
      return;
    }
  p_full = member_ms (pouch, "full_pull_ms");
  p_changed = member_ms (pouch, "pull_changed_ms");
  p_push = member_ms (pouch, "push_ms");
  printf ("bench: %s_full_pull_20000 %.1f ms\n", prefix, p_full);
  printf ("bench: %s_pull_100_changed %.1f ms\n", prefix, p_changed);
  printf ("bench: %s_push_20000 %.1f ms\n", prefix, p_push);
  printf ("bench: sync_full_pull_vs_%s %.1f x\n", prefix, p_full / full->ms);
  printf ("bench: sync_pull_100_changed_vs_%s %.1f x\n", prefix, p_changed / changed->ms);
  printf ("bench: sync_push_vs_%s %.1f x\n", prefix, p_push / push->ms);
  fflush (stdout);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) revs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GSubprocess) server = NULL;
  g_autofree char *base = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *url = NULL;
  g_autofree char *pulled = NULL;
  RelaisDemoOptions options;
  Run full, changed, push;
  double full_best, full_worst, changed_best;
  guint full_runs, changed_runs;

  /* As relais-sync and the app run (G_SLICE= keeps GLib's slice
   * allocator, to compare). */
  relais_malloc_setup (argv);
  relais_demo_options_init (&options);
  options.n_de = N_DE;
  if (!relais_demo_generate (&options, collect_cb, docs, &error))
    g_error ("demo: %s", error->message);
  g_assert_cmpuint (docs->len, ==, N_DE);

  base = g_dir_make_tmp ("bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  data_dir = g_build_filename (base, "data", NULL);
  config = g_build_filename (base, "relais.ini", NULL);
  pulled = g_build_filename (base, "pulled.db", NULL);
  g_assert_cmpint (g_mkdir (data_dir, 0700), ==, 0);
  {
    /* BENCH_SYNC_LOG_LEVEL=info shows the server's time per request. */
    const char *level = g_getenv ("BENCH_SYNC_LOG_LEVEL");
    g_autofree char *text = g_strdup_printf (server_config, level != NULL ? level : "warning");

    g_assert_true (g_file_set_contents (config, text, -1, NULL));
  }

  /* The server's database, written before it starts. */
  {
    g_autofree char *path = g_build_filename (data_dir, DB_NAME ".relais", NULL);
    g_autoptr (RelaisStore) store = relais_store_open (path, &error);
    g_autoptr (GPtrArray) results = NULL;

    g_assert_no_error (error);
    results = relais_store_bulk_put (store, docs, TRUE, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < results->len; i++)
      {
        RelaisPutResult *result = g_ptr_array_index (results, i);

        g_assert_no_error (result->error);
        g_ptr_array_add (revs, g_strdup (result->rev));
      }
  }
  server = start_server (data_dir, config, &url);
  server_pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (server), NULL, 10);

  /* 1. Everything into an empty store, BENCH_SYNC_FULL_RUNS times (3 by
   * default): on this shared 2-core machine one run's time moves by a
   * fifth from one to the next. The median is the figure, the fastest
   * and the slowest are printed beside it; the last run's store goes on
   * to the next parts. */
  {
    const char *runs_text = g_getenv ("BENCH_SYNC_FULL_RUNS");
    guint runs = runs_text != NULL ? MAX ((guint) g_ascii_strtoull (runs_text, NULL, 10), 1) : 3;
    g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (Run));

    for (guint r = 0; r < runs; r++)
      {
        g_autoptr (RelaisEndpoint) source = remote (url, DB_NAME, FALSE);
        g_autoptr (RelaisEndpoint) target = NULL;
        Run run;

        remove_store_files (pulled);
        target = RELAIS_ENDPOINT (relais_local_endpoint_new (pulled));
        run = replicate (source, target);
        g_assert_cmpuint (run.written, ==, N_DE);
        g_array_append_val (all, run);
      }
    g_array_sort (all, compare_runs);
    full = g_array_index (all, Run, all->len / 2);
    full_best = g_array_index (all, Run, 0).ms;
    full_worst = g_array_index (all, Run, all->len - 1).ms;
    full_runs = runs;
  }

  /* 2. 100 documents edited on the server since, BENCH_SYNC_CHANGED_RUNS
   * times (3 by default; other documents each time): its fixed costs are
   * a few ms, which a busy machine's scheduling can double in one run.
   * The median is the figure, the fastest is printed beside it. */
  {
    const char *runs_text = g_getenv ("BENCH_SYNC_CHANGED_RUNS");
    guint runs = runs_text != NULL ? MAX ((guint) g_ascii_strtoull (runs_text, NULL, 10), 1) : 3;
    g_autoptr (RelaisEndpoint) kept = NULL;
    g_autoptr (GArray) all = g_array_new (FALSE, FALSE, sizeof (Run));

    /* Monotonic seconds, for `perf record -k CLOCK_MONOTONIC` and
     * `perf report --time FROM,TO` on these runs alone. */
    if (runs > 1)
      fprintf (stderr, "bench-sync: changed runs from %.6f\n", g_get_monotonic_time () / 1e6);
    for (guint r = 0; r < runs; r++)
      {
        g_autoptr (RelaisEndpoint) source = NULL;
        g_autoptr (RelaisEndpoint) target = NULL;
        Run run;

        edit_on_server (url, docs, revs, (r * N_CHANGED) % N_DE, N_CHANGED);
        source = remote (url, DB_NAME, FALSE);
        /* BENCH_SYNC_KEEP_TARGET=1: the runs after the first find the
         * store's connections open (and their page caches warm), as a
         * session that keeps its endpoint would. */
        if (kept != NULL)
          target = g_object_ref (kept);
        else
          target = RELAIS_ENDPOINT (relais_local_endpoint_new (pulled));
        if (g_getenv ("BENCH_SYNC_KEEP_TARGET") != NULL && kept == NULL)
          kept = g_object_ref (target);
        run = replicate (source, target);
        g_assert_cmpuint (run.written, ==, N_CHANGED);
        if (runs > 1)
          printf ("  sync_pull_100_changed run %u: %.1f ms, CPU %.0f ms here, %.0f ms in "
                  "relais-server\n",
                  r + 1, run.ms, run.client_cpu_ms, run.server_cpu_ms);
        g_array_append_val (all, run);
      }
    if (runs > 1)
      fprintf (stderr, "bench-sync: changed runs to %.6f\n", g_get_monotonic_time () / 1e6);
    g_array_sort (all, compare_runs);
    changed = g_array_index (all, Run, all->len / 2);
    changed_best = g_array_index (all, Run, 0).ms;
    changed_runs = runs;
  }

  /* 3. The pulled store into an empty database. */
  {
    g_autoptr (RelaisEndpoint) source = RELAIS_ENDPOINT (relais_local_endpoint_new (pulled));
    g_autoptr (RelaisEndpoint) target = remote (url, "bench-push", TRUE);

    push = replicate (source, target);
    g_assert_cmpuint (push.written, ==, N_DE);
  }

  print_run ("sync_full_pull_20000", &full);
  printf ("bench: sync_full_pull_20000_best %.1f ms\n", full_best);
  printf ("bench: sync_full_pull_20000_worst %.1f ms\n", full_worst);
  printf ("  sync_full_pull_20000: the median of %u runs\n", full_runs);
  print_run ("sync_pull_100_changed", &changed);
  printf ("bench: sync_pull_100_changed_best %.1f ms\n", changed_best);
  printf ("  sync_pull_100_changed: the median of %u runs\n", changed_runs);
  print_run ("sync_push_20000", &push);
  fflush (stdout);
  report_parse_costs (url, docs);

  if (g_getenv ("BENCH_SYNC_NO_POUCHDB") == NULL && ensure_pouchdb ())
    {
      /* The goal's peer is PouchDB with its default options, hence its
       * default adapter in Node (LevelDB on disk, like our SQLite file);
       * the memory adapter, which skips the disk, is measured beside it. */
      report_pouchdb (url, "leveldb", "pouchdb", &full, &changed, &push);
      report_pouchdb (url, "memory", "pouchdb_memory", &full, &changed, &push);
    }
  else
    printf ("bench: pouchdb not run\n");

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  {
    g_autoptr (GDir) dir = g_dir_open (data_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (data_dir, name, NULL);

        g_unlink (child);
      }
  }
  g_rmdir (data_dir);
  g_unlink (config);
  remove_store_files (pulled);
  g_rmdir (base);
  return 0;
}

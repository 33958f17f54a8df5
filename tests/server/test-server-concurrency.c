/* test-server-concurrency.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The server keeps serving while heavy requests work: a big _all_docs or
 * _bulk_get (worker threads) or _bulk_docs (the writer thread) in flight
 * does not hold back a small request sent meanwhile, and parallel writes
 * to one database are serialised with a consistent result.
 */

#include "config.h"

#include "server-test-utils.h"

#define N_DOCS 18000
#define FILL_BATCH 2000

/* Big enough batches and bodies for the heavy requests. */
static const char big_limits[] = "[server]\n"
                                 "max-body-size = 67108864\n"
                                 "max-docs-per-batch = 20000\n";

/* One request in flight: when its answer's headers came (the server had
 * built the whole answer by then) and when it was complete. */
typedef struct
{
  SoupSession *session;
  SoupMessage *msg;
  GBytes *body;
  gint64 sent_at, headers_at, done_at;
  gboolean done;
} Flight;

static void
got_headers_cb (SoupMessage *msg, gpointer user_data)
{
  Flight *flight = user_data;

  if (flight->headers_at == 0)
    flight->headers_at = g_get_monotonic_time ();
}

static void
flight_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Flight *flight = user_data;
  g_autoptr (GError) error = NULL;

  flight->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  flight->done_at = g_get_monotonic_time ();
  flight->done = TRUE;
}

/* Each flight has its own session, so its own connection. */
static void
flight_send (Flight *flight, TestServer *ts, const char *method, const char *path, const char *body)
{
  flight->session = soup_session_new_with_options ("timeout", 60, NULL);
  flight->msg = test_message (ts, method, path, body);
  g_signal_connect (flight->msg, "got-headers", G_CALLBACK (got_headers_cb), flight);
  flight->sent_at = g_get_monotonic_time ();
  soup_session_send_and_read_async (flight->session, flight->msg, G_PRIORITY_DEFAULT, NULL,
                                    flight_done_cb, flight);
}

static void
flight_wait (Flight *flight)
{
  while (!flight->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
flight_clear (Flight *flight)
{
  g_clear_object (&flight->msg);
  g_clear_object (&flight->session);
  g_clear_pointer (&flight->body, g_bytes_unref);
  *flight = (Flight){ 0 };
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the big request reach the server and its work begin. */
static void
wait_ms (guint ms)
{
  gboolean flag = FALSE;

  g_timeout_add (ms, flag_cb, &flag);
  while (!flag)
    g_main_context_iteration (NULL, TRUE);
}

static char *
docs_body (const char *prefix, guint first, guint n, const char *shared_id)
{
  GString *out = g_string_new ("{\"docs\":[");

  for (guint i = first; i < first + n; i++)
    {
      if (i > first)
        g_string_append_c (out, ',');
      /* About 1 KB each: the answers with the documents are large. */
      g_string_append_printf (out,
                              "{\"_id\":\"note:%s%05u\",\"type\":\"note\",\"schema_version\":2,"
                              "\"text\":\"%0900u\"}",
                              prefix, i, i);
    }
  if (shared_id != NULL)
    g_string_append_printf (out,
                            ",{\"_id\":\"note:%s\",\"type\":\"note\",\"schema_version\":2,"
                            "\"text\":\"%s\"}",
                            shared_id, prefix);
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

static void
fill (TestServer *ts)
{
  json_node_unref (test_json (ts, "PUT", "/big", NULL, SOUP_STATUS_CREATED));

  for (guint first = 0; first < N_DOCS; first += FILL_BATCH)
    {
      g_autofree char *body = docs_body ("doc-", first, FILL_BATCH, NULL);
      g_autoptr (JsonNode) answer =
          test_json (ts, "POST", "/big/_bulk_docs", body, SOUP_STATUS_CREATED);

      JsonArray *results = json_node_get_array (answer);

      g_assert_cmpuint (json_array_get_length (results), ==, FILL_BATCH);
      for (guint i = 0; i < FILL_BATCH; i++)
        g_assert_true (json_object_get_boolean_member_with_default (
            json_array_get_object_element (results, i), "ok", FALSE));
    }
}

/* A small request sent while @big works is answered before the server
 * even started to send @big's answer. */
static void
check_small_not_delayed (TestServer *ts, Flight *big, const char *small_path)
{
  Flight small = { 0 };
  guint small_status;

  /* Long enough for the big request to be read and started, far less
   * than it takes to build its answer (18,000 documents). */
  wait_ms (5);
  flight_send (&small, ts, "GET", small_path, NULL);
  flight_wait (&small);
  small_status = soup_message_get_status (small.msg);
  flight_wait (big);

  g_assert_cmpuint (small_status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (soup_message_get_status (big->msg), >=, 200);
  g_assert_cmpuint (soup_message_get_status (big->msg), <, 300);
  g_test_message ("%s: %.1f ms; big request: headers after %.1f ms, done after %.1f ms", small_path,
                  (small.done_at - small.sent_at) / 1000.0,
                  (big->headers_at - big->sent_at) / 1000.0,
                  (big->done_at - big->sent_at) / 1000.0);
  g_assert_cmpint (big->headers_at, >, 0);
  /* A single-threaded server builds the big answer before it reads the
   * small request: the small one would end after the big one started. */
  g_assert_cmpint (small.done_at, <, big->headers_at);
  flight_clear (&small);
}

static void
test_reads_concurrent (void)
{
  TestServer ts = { .extra_config = big_limits };
  Flight big = { 0 };
  g_autoptr (GString) keys = g_string_new ("{\"docs\":[");
  g_autoptr (JsonNode) parsed = NULL;

  test_server_start (&ts);
  fill (&ts);

  flight_send (&big, &ts, "GET", "/big/_all_docs?include_docs=true", NULL);
  check_small_not_delayed (&ts, &big, "/big");
  {
    g_autofree char *text =
        g_strndup (g_bytes_get_data (big.body, NULL), g_bytes_get_size (big.body));

    parsed = test_parse (text);
    g_assert_cmpuint (json_object_get_int_member (json_node_get_object (parsed), "total_rows"), ==,
                      N_DOCS);
    g_assert_cmpuint (json_array_get_length (
                          json_object_get_array_member (json_node_get_object (parsed), "rows")),
                      ==, N_DOCS);
  }
  flight_clear (&big);

  for (guint i = 0; i < N_DOCS; i++)
    g_string_append_printf (keys, "%s{\"id\":\"note:doc-%05u\"}", i > 0 ? "," : "", i);
  g_string_append (keys, "]}");
  flight_send (&big, &ts, "POST", "/big/_bulk_get?revs=true", keys->str);
  check_small_not_delayed (&ts, &big, "/big");
  {
    g_autofree char *text =
        g_strndup (g_bytes_get_data (big.body, NULL), g_bytes_get_size (big.body));
    g_autoptr (JsonNode) answer = test_parse (text);
    JsonArray *results = json_object_get_array_member (json_node_get_object (answer), "results");
    JsonObject *last = json_array_get_object_element (results, N_DOCS - 1);
    JsonObject *ok = json_array_get_object_element (json_object_get_array_member (last, "docs"), 0);

    g_assert_cmpuint (json_array_get_length (results), ==, N_DOCS);
    g_assert_cmpstr (json_object_get_string_member (last, "id"), ==, "note:doc-17999");
    g_assert_true (json_object_has_member (json_object_get_object_member (ok, "ok"), "_revisions"));
  }
  flight_clear (&big);
  test_server_stop (&ts);
}

static void
test_write_does_not_block (void)
{
  TestServer ts = { .extra_config = big_limits };
  Flight big = { 0 };
  g_autofree char *body = docs_body ("w-", 0, 15000, NULL);
  g_autoptr (JsonNode) created = NULL;
  g_autoptr (JsonNode) info = NULL;

  test_server_start (&ts);
  created = test_json (&ts, "PUT", "/writes", NULL, SOUP_STATUS_CREATED);

  flight_send (&big, &ts, "POST", "/writes/_bulk_docs", body);
  check_small_not_delayed (&ts, &big, "/");
  g_assert_cmpuint (soup_message_get_status (big.msg), ==, SOUP_STATUS_CREATED);
  flight_clear (&big);

  /* Acknowledged means committed: the count is there at once. */
  info = test_json (&ts, "GET", "/writes", NULL, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (info), "doc_count"), ==,
                   15000);
  test_server_stop (&ts);
}

#define N_WRITERS 8
#define PER_WRITER 150

static void
test_parallel_writes_serialised (void)
{
  TestServer ts = { .extra_config = big_limits };
  Flight flights[N_WRITERS] = { 0 };
  g_autoptr (JsonNode) created = NULL;
  g_autoptr (JsonNode) info = NULL;
  guint shared_ok = 0;

  test_server_start (&ts);
  created = test_json (&ts, "PUT", "/par", NULL, SOUP_STATUS_CREATED);

  /* Every batch also creates the same "shared" document: exactly one may
   * win, the others conflict, whatever order they run in. */
  for (guint w = 0; w < N_WRITERS; w++)
    {
      g_autofree char *prefix = g_strdup_printf ("p%u-", w);
      g_autofree char *body = docs_body (prefix, 0, PER_WRITER, "shared");

      flight_send (&flights[w], &ts, "POST", "/par/_bulk_docs", body);
    }
  for (guint w = 0; w < N_WRITERS; w++)
    {
      g_autofree char *prefix = g_strdup_printf ("p%u-", w);
      g_autofree char *text = NULL;
      g_autoptr (JsonNode) answer = NULL;
      JsonArray *results;

      flight_wait (&flights[w]);
      g_assert_cmpuint (soup_message_get_status (flights[w].msg), ==, SOUP_STATUS_CREATED);
      text =
          g_strndup (g_bytes_get_data (flights[w].body, NULL), g_bytes_get_size (flights[w].body));
      answer = test_parse (text);
      results = json_node_get_array (answer);
      g_assert_cmpuint (json_array_get_length (results), ==, PER_WRITER + 1);
      for (guint i = 0; i < PER_WRITER; i++)
        {
          JsonObject *result = json_array_get_object_element (results, i);
          g_autofree char *id = g_strdup_printf ("note:%s%05u", prefix, i);

          g_assert_cmpstr (json_object_get_string_member (result, "id"), ==, id);
          g_assert_true (json_object_get_boolean_member_with_default (result, "ok", FALSE));
          g_assert_true (g_str_has_prefix (json_object_get_string_member (result, "rev"), "1-"));
        }
      {
        JsonObject *shared = json_array_get_object_element (results, PER_WRITER);

        g_assert_cmpstr (json_object_get_string_member (shared, "id"), ==, "note:shared");
        if (json_object_get_boolean_member_with_default (shared, "ok", FALSE))
          shared_ok++;
        else
          g_assert_cmpstr (json_object_get_string_member (shared, "error"), ==, "conflict");
      }
      flight_clear (&flights[w]);
    }
  g_assert_cmpuint (shared_ok, ==, 1);

  info = test_json (&ts, "GET", "/par", NULL, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (info), "doc_count"), ==,
                   N_WRITERS * PER_WRITER + 1);
  /* One sequence number per document written, none lost or doubled. */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (info), "update_seq"), ==,
                   N_WRITERS * PER_WRITER + 1);
  test_server_stop (&ts);
}

/* A database deleted while writes wait their turn on its writer thread:
 * the waiting ones are answered 404, never 201 into the unlinked file (at
 * most the one being written when the deletion came commits first), and a
 * database created again under the same name starts empty. */
#define N_QUEUED 6

static void
test_delete_with_queued_write (void)
{
  TestServer ts = { .extra_config = big_limits };
  Flight flights[N_QUEUED] = { 0 };
  g_autoptr (JsonNode) created = NULL;
  g_autoptr (JsonNode) deleted = NULL;
  g_autoptr (JsonNode) again = NULL;
  g_autoptr (JsonNode) info = NULL;
  guint n_refused = 0;

  test_server_start (&ts);
  created = test_json (&ts, "PUT", "/del", NULL, SOUP_STATUS_CREATED);

  /* Six batches of 4,000 documents (~0.1–0.4 s of writing each): one
   * writer thread takes them one after the other. */
  for (guint i = 0; i < N_QUEUED; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("w%u-", i);
      g_autofree char *body = docs_body (prefix, 0, 4000, NULL);

      flight_send (&flights[i], &ts, "POST", "/del/_bulk_docs", body);
    }
  wait_ms (100);
  deleted = test_json (&ts, "DELETE", "/del", NULL, SOUP_STATUS_OK);

  for (guint i = 0; i < N_QUEUED; i++)
    {
      guint status;

      flight_wait (&flights[i]);
      status = soup_message_get_status (flights[i].msg);
      g_test_message ("write %u: %u after %.1f ms", i, status,
                      (flights[i].done_at - flights[i].sent_at) / 1000.0);
      g_assert_true (status == SOUP_STATUS_CREATED || status == SOUP_STATUS_NOT_FOUND);
      if (status == SOUP_STATUS_NOT_FOUND)
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (flights[i].body, NULL),
                                             g_bytes_get_size (flights[i].body));
          g_autoptr (JsonNode) answer = test_parse (text);

          g_assert_cmpstr (obj_str (answer, "error"), ==, "not_found");
          g_assert_cmpstr (obj_str (answer, "reason"), ==, "Database does not exist.");
          n_refused++;
        }
      flight_clear (&flights[i]);
    }
  /* Without the check every write would say 201, the late ones into the
   * deleted file. */
  g_assert_cmpuint (n_refused, >=, 1);

  test_error (&ts, "GET", "/del", NULL, SOUP_STATUS_NOT_FOUND, "not_found", NULL);
  again = test_json (&ts, "PUT", "/del", NULL, SOUP_STATUS_CREATED);
  info = test_json (&ts, "GET", "/del", NULL, SOUP_STATUS_OK);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (info), "doc_count"), ==, 0);
  test_server_stop (&ts);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/concurrency/reads", test_reads_concurrent);
  g_test_add_func ("/server/concurrency/write-does-not-block", test_write_does_not_block);
  g_test_add_func ("/server/concurrency/parallel-writes", test_parallel_writes_serialised);
  g_test_add_func ("/server/concurrency/delete-with-queued-write", test_delete_with_queued_write);
  return g_test_run ();
}

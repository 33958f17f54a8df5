/* test-server-crash.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * kill -9 of relais-server in the middle of bulk writes loses no write it
 * acknowledged: every id of every 201 answer is there after a restart.
 * SIGTERM stops it gracefully: a waiting longpoll is answered, a request
 * begun is finished and answered (its write kept), and a request that
 * comes meanwhile gets 503 "unavailable".
 */

#include "config.h"

#include <signal.h>

#include "server-test-utils.h"

#define BATCH 50
#define KILL_AFTER 12

typedef struct
{
  TestServer ts;
  GPtrArray *acked;
  guint sent;
  gboolean killed;
  gboolean stopped;
} Crash;

static void send_batch (Crash *c);

static void
batch_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Crash *c = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint batch = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (msg), "batch"));

  if (body != NULL && soup_message_get_status (msg) == 201)
    {
      g_autoptr (JsonNode) node = test_parse (g_bytes_get_data (body, NULL));
      JsonArray *results = json_node_get_array (node);

      g_assert_cmpuint (json_array_get_length (results), ==, BATCH);
      for (guint i = 0; i < BATCH; i++)
        {
          JsonObject *item = json_array_get_object_element (results, i);

          g_assert_true (json_object_get_boolean_member (item, "ok"));
          g_ptr_array_add (c->acked, g_strdup (json_object_get_string_member (item, "id")));
        }
    }
  else
    g_assert_true (c->killed);

  if (c->killed)
    {
      c->stopped = TRUE;
      return;
    }
  send_batch (c);
  if (batch + 1 == KILL_AFTER)
    {
      /* The next batch is on its way: kill mid-write. */
      g_subprocess_send_signal (c->ts.process, SIGKILL);
      c->killed = TRUE;
    }
}

static void
send_batch (Crash *c)
{
  g_autoptr (GString) body = g_string_new ("{\"docs\":[");
  g_autoptr (SoupMessage) msg = NULL;
  guint batch = c->sent++;

  for (guint i = 0; i < BATCH; i++)
    g_string_append_printf (body,
                            "%s{\"_id\":\"note:%u-%u\",\"type\":\"note\",\"schema_version\":2,"
                            "\"text\":\"%0200u\"}",
                            i > 0 ? "," : "", batch, i, i);
  g_string_append (body, "]}");
  msg = test_message (&c->ts, "POST", "/db/_bulk_docs", body->str);
  g_object_set_data (G_OBJECT (msg), "batch", GUINT_TO_POINTER (batch));
  soup_session_send_and_read_async (c->ts.session, msg, G_PRIORITY_DEFAULT, NULL, batch_cb, c);
}

static void
test_kill9 (void)
{
  Crash c = { 0 };
  guint status;
  g_autoptr (JsonNode) info = NULL;

  c.acked = g_ptr_array_new_with_free_func (g_free);
  test_server_start (&c.ts);
  g_free (test_request (&c.ts, "PUT", "/db", NULL, &status));
  g_assert_cmpuint (status, ==, 201);

  send_batch (&c);
  while (!c.stopped)
    g_main_context_iteration (NULL, TRUE);
  g_subprocess_wait (c.ts.process, NULL, NULL);
  g_clear_object (&c.ts.process);
  g_assert_cmpuint (c.acked->len, >=, (KILL_AFTER - 1) * BATCH);

  /* Same data folder, new process. */
  g_clear_object (&c.ts.session);
  test_server_start_in (&c.ts, c.ts.data_dir);
  for (guint i = 0; i < c.acked->len; i++)
    {
      g_autofree char *path = g_strconcat ("/db/", (char *) g_ptr_array_index (c.acked, i), NULL);

      g_free (test_request (&c.ts, "GET", path, NULL, &status));
      g_assert_cmpuint (status, ==, 200);
    }
  info = test_json (&c.ts, "GET", "/db", NULL, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (info), "doc_count"), >=,
                   c.acked->len);
  g_test_message ("%u acknowledged documents all present after kill -9", c.acked->len);

  test_server_stop (&c.ts);
  g_ptr_array_unref (c.acked);
}

static void
longpoll_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GBytes **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

/* A PUT whose body is sent in two halves on a connection of its own:
 * between them the request is in progress on the server. */
static GSocketConnection *
begin_put (TestServer *ts, const char *path, const char *body, gsize *sent)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GUri) uri = g_uri_parse (ts->url, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *head = NULL;
  GSocketConnection *connection;
  GOutputStream *out;

  connection =
      g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  head = g_strdup_printf ("PUT %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Basic " TEST_ADMIN_BASIC "\r\n"
                          "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                          path, strlen (body));
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  *sent = strlen (body) / 2;
  g_assert_true (g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error));
  g_assert_true (g_output_stream_write_all (out, body, *sent, NULL, NULL, &error));
  g_assert_no_error (error);
  return connection;
}

static void
test_sigterm_drains (void)
{
  TestServer ts = { 0 };
  const char *body = "{\"type\":\"note\",\"schema_version\":2,\"text\":\"sent before the stop\"}";
  g_autoptr (SoupMessage) longpoll = NULL;
  g_autoptr (SoupMessage) late = NULL;
  g_autoptr (GBytes) feed = NULL;
  g_autoptr (GBytes) late_body = NULL;
  g_autoptr (GSocketConnection) put = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) answer = NULL;
  char reply[512] = { 0 };
  gsize sent, got = 0;
  guint status;
  gint64 start;

  test_server_start (&ts);
  g_free (test_request (&ts, "PUT", "/db", NULL, &status));
  g_assert_cmpuint (status, ==, 201);

  /* A longpoll waiting, and a write half sent. */
  longpoll = test_message (&ts, "GET", "/db/_changes?feed=longpoll&since=now&timeout=30000", NULL);
  soup_session_send_and_read_async (ts.session, longpoll, G_PRIORITY_DEFAULT, NULL, longpoll_cb,
                                    &feed);
  put = begin_put (&ts, "/db/note:drained", body, &sent);
  /* A client that goes away in the middle of its request: its request
   * is over, and the stop does not wait for it. */
  {
    gsize half;
    g_autoptr (GSocketConnection) gone = begin_put (&ts, "/db/note:gone", body, &half);

    for (guint i = 0; i < 10; i++)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (10 * 1000);
      }
    g_assert_true (g_io_stream_close (G_IO_STREAM (gone), NULL, NULL));
  }
  for (guint i = 0; i < 30; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10 * 1000);
    }
  g_assert_null (feed);

  g_subprocess_send_signal (ts.process, SIGTERM);
  /* The longpoll is answered, with no rows, not cut. */
  while (feed == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (soup_message_get_status (longpoll), ==, 200);
  answer = test_parse (g_bytes_get_data (feed, NULL));
  g_assert_true (json_object_has_member (json_node_get_object (answer), "last_seq"));
  g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (json_node_get_object (answer), "results")),
                    ==, 0);

  /* Meanwhile a new request is refused, and told why. */
  late = test_message (&ts, "GET", "/db", NULL);
  late_body = soup_session_send_and_read (ts.session, late, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (late), ==, 503);
  g_assert_nonnull (strstr (g_bytes_get_data (late_body, NULL), "\"unavailable\""));

  /* The write begun before the stop is finished and answered. */
  {
    GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (put));
    GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (put));

    g_assert_true (
        g_output_stream_write_all (out, body + sent, strlen (body) - sent, NULL, NULL, &error));
    g_assert_no_error (error);
    while (got < sizeof reply - 1 && strstr (reply, "\r\n\r\n") == NULL)
      {
        gssize n = g_input_stream_read (in, reply + got, sizeof reply - 1 - got, NULL, &error);

        g_assert_no_error (error);
        if (n <= 0)
          break;
        got += (gsize) n;
      }
    g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 201"));
  }

  /* Then it stops, cleanly and at once (not at the drain's 10 s), and
   * the write is there, not the one whose client went away. */
  start = g_get_monotonic_time ();
  g_assert_true (g_subprocess_wait (ts.process, NULL, NULL));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_true (g_subprocess_get_if_exited (ts.process));
  g_assert_cmpint (g_subprocess_get_exit_status (ts.process), ==, 0);
  g_clear_object (&ts.process);
  g_clear_object (&ts.session);
  test_server_start_in (&ts, ts.data_dir);
  g_free (test_request (&ts, "GET", "/db/note:drained", NULL, &status));
  g_assert_cmpuint (status, ==, 200);
  g_free (test_request (&ts, "GET", "/db/note:gone", NULL, &status));
  g_assert_cmpuint (status, ==, 404);
  test_server_stop (&ts);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/kill9-bulk-write", test_kill9);
  g_test_add_func ("/server/sigterm-drains", test_sigterm_drains);
  return g_test_run ();
}

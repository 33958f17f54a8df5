/* test-server-crash.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * kill -9 of relais-server in the middle of bulk writes loses no write it
 * acknowledged: every id of every 201 answer is there after a restart.
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/kill9-bulk-write", test_kill9);
  return g_test_run ();
}

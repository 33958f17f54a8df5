/* test-server-selector.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * POST /db/_changes?filter=_selector against the real binary: only the
 * matching rows, last_seq moving over the skipped ones, limit counting
 * the rows sent, longpoll and continuous feeds, long runs of skipped rows
 * (several scans), and CouchDB's refusals.
 */

#include "config.h"

#include "server-test-utils.h"

typedef struct
{
  TestServer server;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) created = NULL;

  test_server_start (&f->server);
  created = test_json (&f->server, "PUT", "/agence", NULL, 201);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_server_stop (&f->server);
}

/* @n valid contacts, canal "telephone", ids "contact:<prefix>-<i>". */
static void
add_contacts (Fixture *f, const char *prefix, guint n, const char *canal)
{
  g_autoptr (GString) body = g_string_new ("{\"docs\":[");
  g_autoptr (JsonNode) answer = NULL;

  for (guint i = 0; i < n; i++)
    g_string_append_printf (body,
                            "%s{\"_id\":\"contact:%s-%04u\",\"type\":\"contact\","
                            "\"schema_version\":1,\"de\":\"de:%s-%u\",\"sens\":\"entrant\","
                            "\"canal\":\"%s\",\"date\":\"2024-03-01T10:00\",\"n\":%u}",
                            i > 0 ? "," : "", prefix, i, prefix, i % 3, canal, i);
  g_string_append (body, "]}");
  answer = test_json (&f->server, "POST", "/agence/_bulk_docs", body->str, 201);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (answer)); i++)
    g_assert_true (json_object_get_boolean_member_with_default (
        json_array_get_object_element (json_node_get_array (answer), i), "ok", FALSE));
}

static gint64
update_seq (Fixture *f)
{
  g_autoptr (JsonNode) info = test_json (&f->server, "GET", "/agence", NULL, 200);

  return json_object_get_int_member (json_node_get_object (info), "update_seq");
}

static JsonNode *
filtered (Fixture *f, const char *query, const char *selector)
{
  g_autofree char *path = g_strconcat ("/agence/_changes?filter=_selector", query, NULL);
  g_autofree char *body = g_strdup_printf ("{\"selector\":%s}", selector);

  return test_json (&f->server, "POST", path, body, 200);
}

static JsonArray *
results (JsonNode *node)
{
  return json_object_get_array_member (json_node_get_object (node), "results");
}

static gint64
last_seq (JsonNode *node)
{
  return json_object_get_int_member (json_node_get_object (node), "last_seq");
}

static void
test_matching_rows_only (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) all = NULL;
  g_autoptr (JsonNode) nested = NULL;
  g_autoptr (JsonNode) docs = NULL;
  JsonArray *rows;

  add_contacts (f, "a", 10, "telephone");
  add_contacts (f, "b", 5, "email");
  add_contacts (f, "c", 10, "telephone");

  all = filtered (f, "&style=all_docs", "{\"canal\":\"email\"}");
  rows = results (all);
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_true (g_str_has_prefix (
        json_object_get_string_member (json_array_get_object_element (rows, i), "id"),
        "contact:b-"));
  /* The rows after the last match were read and skipped. */
  g_assert_cmpint (last_seq (all), ==, update_seq (f));
  g_assert_cmpint (last_seq (all), ==, 25);

  nested = filtered (f, "",
                     "{\"$or\":[{\"n\":{\"$in\":[1,2]}},{\"_id\":\"contact:c-0009\"}],"
                     "\"canal\":{\"$ne\":\"email\"}}");
  g_assert_cmpuint (json_array_get_length (results (nested)), ==, 5);

  /* include_docs sends the documents, without it they stay out. */
  g_assert_false (json_object_has_member (json_array_get_object_element (results (all), 0), "doc"));
  docs = filtered (f, "&include_docs=true", "{\"canal\":\"email\"}");
  g_assert_cmpstr (
      json_object_get_string_member (
          json_object_get_object_member (json_array_get_object_element (results (docs), 0), "doc"),
          "canal"),
      ==, "email");
}

static void
test_limit_and_since (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) next = NULL;
  g_autoptr (JsonNode) rest = NULL;
  g_autofree char *query = NULL;

  add_contacts (f, "a", 4, "telephone");
  add_contacts (f, "b", 3, "email");
  add_contacts (f, "c", 4, "telephone");

  /* limit counts the rows sent; last_seq is the last one sent. */
  first = filtered (f, "&limit=2", "{\"canal\":\"email\"}");
  g_assert_cmpuint (json_array_get_length (results (first)), ==, 2);
  g_assert_cmpint (last_seq (first), ==, 6);

  query = g_strdup_printf ("&since=%" G_GINT64_FORMAT, last_seq (first));
  next = filtered (f, query, "{\"canal\":\"email\"}");
  g_assert_cmpuint (json_array_get_length (results (next)), ==, 1);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (results (next), 0), "id"), ==,
      "contact:b-0002");
  g_assert_cmpint (last_seq (next), ==, 11);

  rest = filtered (f, "&since=11", "{\"canal\":\"email\"}");
  g_assert_cmpuint (json_array_get_length (results (rest)), ==, 0);
  g_assert_cmpint (last_seq (rest), ==, 11);
}

static void
test_long_skip (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) node = NULL;

  /* 150 skipped rows are more than one scan of 8 chunks of 7 rows. */
  add_contacts (f, "a", 150, "telephone");
  add_contacts (f, "b", 1, "email");
  add_contacts (f, "c", 150, "telephone");
  node = filtered (f, "", "{\"canal\":\"email\"}");
  g_assert_cmpuint (json_array_get_length (results (node)), ==, 1);
  g_assert_cmpint (last_seq (node), ==, 301);

  {
    g_autoptr (JsonNode) none = filtered (f, "", "{\"canal\":\"courrier\"}");

    g_assert_cmpuint (json_array_get_length (results (none)), ==, 0);
    g_assert_cmpint (last_seq (none), ==, 301);
  }
}

static void
test_longpoll_and_continuous (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) poll = NULL;
  guint status = 0;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  gint64 before;

  add_contacts (f, "a", 3, "email");
  before = update_seq (f);
  add_contacts (f, "b", 20, "telephone");

  /* Nothing matches after `before`: the longpoll waits for its timeout,
   * then answers no rows and a last_seq past the skipped ones. */
  {
    g_autofree char *query =
        g_strdup_printf ("&feed=longpoll&timeout=300&since=%" G_GINT64_FORMAT, before);

    poll = filtered (f, query, "{\"canal\":\"email\"}");
  }
  g_assert_cmpuint (json_array_get_length (results (poll)), ==, 0);
  g_assert_cmpint (last_seq (poll), ==, update_seq (f));

  /* Continuous: one line per matching row, then last_seq. */
  text = test_request (&f->server, "POST",
                       "/agence/_changes?filter=_selector&feed=continuous&timeout=300",
                       "{\"selector\":{\"canal\":\"email\"}}", &status);
  g_assert_cmpuint (status, ==, 200);
  lines = g_strsplit (g_strstrip (text), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (strstr (lines[i], "\"contact:a-"));
  {
    g_autofree char *expected =
        g_strdup_printf ("{\"last_seq\":%" G_GINT64_FORMAT "}", update_seq (f));

    g_assert_cmpstr (lines[3], ==, expected);
  }
}

typedef struct
{
  GMainLoop *loop;
  GBytes *bytes;
  guint status;
} Pending;

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr (GError) error = NULL;

  pending->bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (pending->loop);
}

static gboolean
write_later_cb (gpointer user_data)
{
  Fixture *f = user_data;

  add_contacts (f, "late", 5, "telephone");
  add_contacts (f, "match", 1, "email");
  return G_SOURCE_REMOVE;
}

static void
test_longpoll_wakes_on_match (Fixture *f, gconstpointer data)
{
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (SoupSession) other = soup_session_new ();
  g_autoptr (JsonNode) node = NULL;
  Pending pending = { loop, NULL, 0 };

  add_contacts (f, "a", 2, "telephone");
  msg = test_message (&f->server, "POST",
                      "/agence/_changes?filter=_selector&feed=longpoll&since=now&timeout=10000",
                      "{\"selector\":{\"canal\":\"email\"}}");
  soup_session_send_and_read_async (other, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &pending);
  g_timeout_add (200, write_later_cb, f);
  g_main_loop_run (loop);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  node = test_parse (g_bytes_get_data (pending.bytes, NULL));
  g_assert_cmpuint (json_array_get_length (results (node)), ==, 1);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (results (node), 0), "id"), ==,
      "contact:match-0000");
  g_assert_cmpint (last_seq (node), ==, update_seq (f));
  g_bytes_unref (pending.bytes);
}

static void
test_refusals (Fixture *f, gconstpointer data)
{
  test_error (&f->server, "GET", "/agence/_changes?filter=_selector", NULL, 400, "bad_request",
              "Selector must be specified in POST payload");
  test_error (&f->server, "POST", "/agence/_changes?filter=_selector", "{}", 400, "bad_request",
              "Selector must be specified in POST payload");
  test_error (&f->server, "POST", "/agence/_changes?filter=_selector",
              "{\"selector\":{\"a\":{\"$regex\":\"x\"}}}", 400, "bad_request", NULL);
  test_error (&f->server, "POST", "/agence/_changes?filter=_selector", "{\"selector\":[1]}", 400,
              "bad_request", NULL);
  test_error (&f->server, "POST", "/agence/_changes?filter=app/by_type", "{}", 400, "bad_request",
              NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/server/selector/matching-rows-only", test_matching_rows_only);
  ADD ("/server/selector/limit-and-since", test_limit_and_since);
  ADD ("/server/selector/long-skip", test_long_skip);
  ADD ("/server/selector/longpoll-and-continuous", test_longpoll_and_continuous);
  ADD ("/server/selector/longpoll-wakes-on-match", test_longpoll_wakes_on_match);
  ADD ("/server/selector/refusals", test_refusals);
#undef ADD

  return g_test_run ();
}

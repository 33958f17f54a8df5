/* test-server-fuzz-regressions.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The requests the fuzz targets (tests/fuzz) showed to break relais-server,
 * over real HTTP on loopback. The server inherits G_DEBUG=fatal-criticals:
 * a critical in a handler kills it and the request fails.
 */

#include "config.h"

#include "server-test-utils.h"

typedef struct
{
  TestServer ts;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) created = NULL;
  g_autoptr (JsonNode) written = NULL;

  test_server_start (&f->ts);
  created = test_json (&f->ts, "PUT", "/db", NULL, 201);
  written =
      test_json (&f->ts, "PUT", "/db/note:a", "{\"type\":\"note\",\"schema_version\":2}", 201);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_server_stop (&f->ts);
}

/* `If-Match: "`: a lone quote was unquoted to a length of -1 and crashed
 * the server; it is an invalid rev now, and the document is still there. */
static void
test_if_match_lone_quote (Fixture *f, gconstpointer data)
{
  g_autoptr (SoupMessage) msg = test_message (&f->ts, "DELETE", "/db/note:a", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonNode) doc = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "If-Match", "\"");
  bytes = soup_session_send_and_read (f->ts.session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 400);

  doc = test_json (&f->ts, "GET", "/db/note:a", NULL, 200);
  g_assert_cmpstr (obj_str (doc, "_id"), ==, "note:a");
}

/* A reason quoting a query parameter that is not UTF-8 was sent as is:
 * an answer that no JSON parser accepts. */
static void
test_reason_not_utf8 (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) node = test_json (&f->ts, "GET", "/db/_changes?since=%FF%FEnow", NULL, 400);
  const char *reason = obj_str (node, "reason");

  g_assert_cmpstr (obj_str (node, "error"), ==, "bad_request");
  g_assert_true (g_utf8_validate (reason, -1, NULL));
  g_assert_nonnull (strstr (reason, "\xEF\xBF\xBD")); /* U+FFFD for each bad byte */
}

/* {"revs": {}} in a _bulk_get body: json-glib's getter emitted a critical;
 * a non-scalar "revs" is ignored now, as CouchDB ignores it. */
static void
test_bulk_get_revs_object (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) node = test_json (&f->ts, "POST", "/db/_bulk_get",
                                         "{\"revs\":{},\"docs\":[{\"id\":\"note:a\"}]}", 200);
  JsonArray *results = json_object_get_array_member (json_node_get_object (node), "results");
  JsonObject *first = json_array_get_object_element (results, 0);
  JsonObject *ok = json_object_get_object_member (
      json_array_get_object_element (json_object_get_array_member (first, "docs"), 0), "ok");

  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (ok, "_id"), ==, "note:a");
  g_assert_false (json_object_has_member (ok, "_revisions"));
}

/* PUT ?new_edits=false leaked the revision string: the sanitizer build
 * then fails the server's exit, which test_server_stop() checks. */
static void
test_put_replicated_no_leak (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) put = test_json (&f->ts, "PUT", "/db/note:r?new_edits=false",
                                        "{\"type\":\"note\",\"schema_version\":2,"
                                        "\"_rev\":\"3-cc\",\"_revisions\":{\"start\":3,"
                                        "\"ids\":[\"cc\",\"bb\",\"aa\"]}}",
                                        201);
  g_autoptr (JsonNode) doc = test_json (&f->ts, "GET", "/db/note:r", NULL, 200);

  g_assert_cmpstr (obj_str (put, "rev"), ==, "3-cc");
  g_assert_cmpstr (obj_str (doc, "_rev"), ==, "3-cc");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/server/fuzz-regressions/if-match-lone-quote", test_if_match_lone_quote);
  ADD ("/server/fuzz-regressions/reason-not-utf8", test_reason_not_utf8);
  ADD ("/server/fuzz-regressions/bulk-get-revs-object", test_bulk_get_revs_object);
  ADD ("/server/fuzz-regressions/put-replicated-no-leak", test_put_replicated_no_leak);
#undef ADD

  return g_test_run ();
}

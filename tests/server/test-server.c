/* test-server.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * relais-server over real HTTP on loopback: every endpoint, its CouchDB
 * shapes and its error paths.
 */

#include "config.h"

#include "server-test-utils.h"

#define NOTE(id) "{\"_id\":\"" id "\",\"type\":\"note\",\"schema_version\":2}"

typedef struct
{
  TestServer ts;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  guint status;
  g_autofree char *body = NULL;

  test_server_start (&f->ts);
  body = test_request (&f->ts, "PUT", "/db", NULL, &status);
  g_assert_cmpuint (status, ==, 201);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_server_stop (&f->ts);
}

static char *
put_note (Fixture *f, const char *id, const char *rev)
{
  g_autofree char *path = g_strconcat ("/db/", id, NULL);
  g_autofree char *body =
      rev != NULL
          ? g_strdup_printf ("{\"type\":\"note\",\"schema_version\":2,\"_rev\":\"%s\"}", rev)
          : g_strdup ("{\"type\":\"note\",\"schema_version\":2}");
  g_autoptr (JsonNode) node = test_json (&f->ts, "PUT", path, body, 201);

  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
  return g_strdup (obj_str (node, "rev"));
}

/* GET /, /_up, /_all_dbs */
static void
test_root (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) root = test_json (&f->ts, "GET", "/", NULL, 200);
  g_autoptr (JsonNode) up = test_json (&f->ts, "GET", "/_up", NULL, 200);
  g_autoptr (JsonNode) dbs = test_json (&f->ts, "GET", "/_all_dbs", NULL, 200);
  const char *uuid = obj_str (root, "uuid");

  g_assert_cmpstr (obj_str (root, "couchdb"), ==, "Welcome");
  g_assert_cmpuint (strlen (uuid), ==, 32);
  for (const char *p = uuid; *p; p++)
    g_assert_true (g_ascii_isxdigit (*p));
  g_assert_cmpstr (obj_str (up, "status"), ==, "ok");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (dbs)), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (dbs), 0), ==, "db");
  {
    /* The server admin of the configuration, authenticated by Basic. */
    g_autoptr (JsonNode) session = test_json (&f->ts, "GET", "/_session", NULL, 200);
    JsonObject *ctx = json_object_get_object_member (json_node_get_object (session), "userCtx");

    g_assert_cmpstr (json_object_get_string_member (ctx, "name"), ==, TEST_ADMIN_NAME);
  }
}

static void
test_db (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) info = test_json (&f->ts, "GET", "/db", NULL, 200);
  g_autoptr (JsonNode) dbs = NULL;
  g_autoptr (JsonNode) created = NULL;
  g_autofree char *file = g_build_filename (f->ts.data_dir, "a%2Fb.relais", NULL);
  JsonObject *o = json_node_get_object (info);
  guint status;
  g_autofree char *head = NULL;

  g_assert_cmpstr (json_object_get_string_member (o, "db_name"), ==, "db");
  g_assert_cmpstr (json_object_get_string_member (o, "instance_start_time"), ==, "0");
  g_assert_cmpint (json_object_get_int_member (o, "update_seq"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (o, "doc_count"), ==, 0);
  g_assert_true (json_object_has_member (o, "doc_del_count"));

  test_error (&f->ts, "PUT", "/db", NULL, 412, "file_exists", NULL);
  test_error (&f->ts, "GET", "/nope", NULL, 404, "not_found", "Database does not exist.");
  test_error (&f->ts, "GET", "/nope/doc", NULL, 404, "not_found", "Database does not exist.");
  test_error (&f->ts, "PUT", "/Bad", NULL, 400, "illegal_database_name", NULL);
  test_error (&f->ts, "PUT", "/9db", NULL, 400, "illegal_database_name", NULL);
  test_error (&f->ts, "PUT", "/a%2F..%2F..%2Fetc", NULL, 400, "illegal_database_name", NULL);
  test_error (&f->ts, "PUT", "/a%20b", NULL, 400, "illegal_database_name", NULL);
  {
    g_autofree char *long_name = g_strnfill (239, 'a');
    g_autofree char *path = g_strconcat ("/", long_name, NULL);

    test_error (&f->ts, "PUT", path, NULL, 400, "illegal_database_name", NULL);
    path[238 + 1] = '\0';
    g_clear_pointer (&created, json_node_unref);
    created = test_json (&f->ts, "PUT", path, NULL, 201);
  }

  /* "/" in a name is escaped in the file name, never a folder. */
  g_clear_pointer (&created, json_node_unref);
  created = test_json (&f->ts, "PUT", "/a%2Fb", NULL, 201);
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  dbs = test_json (&f->ts, "GET", "/_all_dbs", NULL, 200);
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (dbs), 0), ==, "a/b");

  head = test_request (&f->ts, "HEAD", "/db", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (head, ==, "");
  g_free (test_request (&f->ts, "HEAD", "/nope", NULL, &status));
  g_assert_cmpuint (status, ==, 404);

  g_clear_pointer (&created, json_node_unref);
  created = test_json (&f->ts, "DELETE", "/a%2Fb", NULL, 200);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  test_error (&f->ts, "DELETE", "/a%2Fb", NULL, 404, "not_found", "Database does not exist.");
  test_error (&f->ts, "PATCH", "/db", NULL, 405, "method_not_allowed", NULL);
}

static void
test_doc (Fixture *f, gconstpointer data)
{
  g_autofree char *rev1 = put_note (f, "note:1", NULL);
  g_autofree char *rev2 = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) doc = NULL;
  g_autoptr (JsonNode) deleted = NULL;
  g_autoptr (JsonNode) posted = NULL;

  g_assert_true (g_str_has_prefix (rev1, "1-"));
  doc = test_json (&f->ts, "GET", "/db/note:1", NULL, 200);
  g_assert_cmpstr (obj_str (doc, "_id"), ==, "note:1");
  g_assert_cmpstr (obj_str (doc, "_rev"), ==, rev1);

  /* Stale or missing _rev: 409. */
  test_error (&f->ts, "PUT", "/db/note:1", "{\"type\":\"note\",\"schema_version\":2}", 409,
              "conflict", "Document update conflict.");
  rev2 = put_note (f, "note:1", rev1);
  g_assert_true (g_str_has_prefix (rev2, "2-"));
  path = g_strdup_printf ("/db/note:1?rev=%s", rev1);
  test_error (&f->ts, "PUT", path, "{\"type\":\"note\",\"schema_version\":2}", 409, "conflict",
              NULL);

  /* revs=true gives _revisions; an old rev is still readable. */
  g_clear_pointer (&doc, json_node_unref);
  doc = test_json (&f->ts, "GET", "/db/note:1?revs=true", NULL, 200);
  g_assert_cmpint (
      json_object_get_int_member (
          json_object_get_object_member (json_node_get_object (doc), "_revisions"), "start"),
      ==, 2);

  /* Invalid JSON, schema violations, bad ids. */
  test_error (&f->ts, "PUT", "/db/note:2", "{not json", 400, "bad_request", "invalid UTF-8 JSON");
  test_error (&f->ts, "PUT", "/db/note:2", "[1]", 400, "bad_request", NULL);
  test_error (&f->ts, "PUT", "/db/note:2", "{\"_rev\":{}}", 400, "bad_request", NULL);
  test_error (&f->ts, "PUT", "/db/de:1", "{\"type\":\"de\",\"schema_version\":1}", 403, "forbidden",
              NULL);
  test_error (&f->ts, "PUT", "/db/x", "{\"schema_version\":1}", 403, "forbidden", NULL);
  test_error (&f->ts, "PUT", "/db/_bad", NOTE ("_bad"), 400, "bad_request", NULL);

  /* Missing and deleted documents. */
  test_error (&f->ts, "GET", "/db/note:none", NULL, 404, "not_found", "missing");
  g_free (path);
  path = g_strdup_printf ("/db/note:1?rev=%s", rev2);
  deleted = test_json (&f->ts, "DELETE", path, NULL, 200);
  g_assert_true (g_str_has_prefix (obj_str (deleted, "rev"), "3-"));
  test_error (&f->ts, "GET", "/db/note:1", NULL, 404, "not_found", "deleted");
  test_error (&f->ts, "DELETE", "/db/note:1", NULL, 409, "conflict", NULL);

  /* Unicode, "/" (as %2F) and _design ids. */
  g_free (put_note (f, "note:%C3%A9t%C3%A9%20%E2%9C%93", NULL));
  g_clear_pointer (&doc, json_node_unref);
  doc = test_json (&f->ts, "GET", "/db/note:%C3%A9t%C3%A9%20%E2%9C%93", NULL, 200);
  g_assert_cmpstr (obj_str (doc, "_id"), ==, "note:été ✓");
  g_free (put_note (f, "note:a%2Fb", NULL));
  g_clear_pointer (&doc, json_node_unref);
  doc = test_json (&f->ts, "GET", "/db/note:a%2Fb", NULL, 200);
  g_assert_cmpstr (obj_str (doc, "_id"), ==, "note:a/b");
  g_clear_pointer (&doc, json_node_unref);
  doc = test_json (&f->ts, "PUT", "/db/_design/app", "{\"views\":{}}", 201);
  g_clear_pointer (&doc, json_node_unref);
  doc = test_json (&f->ts, "GET", "/db/_design/app", NULL, 200);
  g_assert_cmpstr (obj_str (doc, "_id"), ==, "_design/app");

  /* POST /db makes an id from the type. */
  posted = test_json (&f->ts, "POST", "/db", "{\"type\":\"note\",\"schema_version\":2}", 201);
  g_assert_true (g_str_has_prefix (obj_str (posted, "id"), "note:"));
}

static void
test_open_revs (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) result = NULL;
  g_autoptr (JsonNode) conflicts = NULL;
  JsonArray *items;

  /* Two branches: 1-a → 2-b and 1-a → 2-c. */
  g_autoptr (JsonNode) r =
      test_json (&f->ts, "POST", "/db/_bulk_docs",
                 "{\"new_edits\":false,\"docs\":["
                 "{\"_id\":\"note:c\",\"_rev\":\"2-bbbb\",\"type\":\"note\",\"schema_version\":2,"
                 "\"_revisions\":{\"start\":2,\"ids\":[\"bbbb\",\"aaaa\"]}},"
                 "{\"_id\":\"note:c\",\"_rev\":\"2-cccc\",\"type\":\"note\",\"schema_version\":2,"
                 "\"_revisions\":{\"start\":2,\"ids\":[\"cccc\",\"aaaa\"]}}]}",
                 201);

  g_assert_cmpuint (json_array_get_length (json_node_get_array (r)), ==, 0);
  result = test_json (&f->ts, "GET", "/db/note:c?open_revs=all", NULL, 200);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (result)), ==, 2);
  g_clear_pointer (&result, json_node_unref);
  result = test_json (&f->ts, "GET",
                      "/db/note:c?revs=true&open_revs=%5B%222-bbbb%22,%223-dddd%22%5D", NULL, 200);
  items = json_node_get_array (result);
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  g_assert_true (json_object_has_member (json_array_get_object_element (items, 0), "ok"));
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (items, 1), "missing"), ==,
      "3-dddd");
  conflicts = test_json (&f->ts, "GET", "/db/note:c?conflicts=true", NULL, 200);
  g_assert_cmpstr (obj_str (conflicts, "_rev"), ==, "2-cccc");
  g_assert_cmpstr (
      json_array_get_string_element (
          json_object_get_array_member (json_node_get_object (conflicts), "_conflicts"), 0),
      ==, "2-bbbb");
}

static void
test_local (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) put1 =
      test_json (&f->ts, "PUT", "/db/_local/RajE%3D.NLP9g%2Fx", "{\"n\":1}", 201);
  g_autoptr (JsonNode) get = NULL;
  g_autoptr (JsonNode) put2 = NULL;
  g_autoptr (JsonNode) changes = NULL;
  g_autoptr (JsonNode) del = NULL;

  g_assert_cmpstr (obj_str (put1, "id"), ==, "_local/RajE=.NLP9g/x");
  g_assert_cmpstr (obj_str (put1, "rev"), ==, "0-1");
  /* The same id written literally after _local/. */
  get = test_json (&f->ts, "GET", "/db/_local/RajE=.NLP9g/x", NULL, 200);
  g_assert_cmpstr (obj_str (get, "_id"), ==, "_local/RajE=.NLP9g/x");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (get), "n"), ==, 1);
  /* And with the whole id encoded, "/" after _local included (CouchDB). */
  {
    g_autoptr (JsonNode) encoded =
        test_json (&f->ts, "GET", "/db/_local%2FRajE%3D.NLP9g%2Fx", NULL, 200);

    g_assert_cmpstr (obj_str (encoded, "_id"), ==, "_local/RajE=.NLP9g/x");
  }

  test_error (&f->ts, "PUT", "/db/_local/RajE=.NLP9g/x", "{\"n\":2}", 409, "conflict", NULL);
  test_error (&f->ts, "PUT", "/db/_local/RajE=.NLP9g/x", "{\"n\":2,\"_rev\":\"0-7\"}", 409,
              "conflict", NULL);
  put2 = test_json (&f->ts, "PUT", "/db/_local/RajE=.NLP9g/x", "{\"n\":2,\"_rev\":\"0-1\"}", 201);
  g_assert_cmpstr (obj_str (put2, "rev"), ==, "0-2");

  /* Not in the changes feed. */
  changes = test_json (&f->ts, "GET", "/db/_changes", NULL, 200);
  g_assert_cmpuint (json_array_get_length (
                        json_object_get_array_member (json_node_get_object (changes), "results")),
                    ==, 0);

  del = test_json (&f->ts, "DELETE", "/db/_local/RajE=.NLP9g%2Fx?rev=0-2", NULL, 200);
  test_error (&f->ts, "GET", "/db/_local/RajE=.NLP9g/x", NULL, 404, "not_found", "missing");
  test_error (&f->ts, "GET", "/db/_local/none", NULL, 404, "not_found", "missing");
}

/* new_edits=false: the revision path of each document comes from its
 * _revisions, which must end with its _rev (the server computes the path
 * before the writer thread; a bad one is still refused per document). */
static void
test_bulk_docs_replicated_paths (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) answer = NULL;
  g_autoptr (JsonNode) doc = NULL;
  JsonArray *items;
  JsonObject *revisions;

  answer = test_json (
      &f->ts, "POST", "/db/_bulk_docs",
      "{\"new_edits\":false,\"docs\":["
      "{\"_id\":\"note:ok\",\"_rev\":\"3-cc\",\"_revisions\":{\"start\":3,\"ids\":[\"cc\",\"bb\","
      "\"aa\"]},\"type\":\"note\",\"schema_version\":2},"
      "{\"_id\":\"note:norev\",\"_revisions\":{\"start\":1,\"ids\":[\"aa\"]},\"type\":\"note\","
      "\"schema_version\":2},"
      "{\"_id\":\"note:other\",\"_rev\":\"3-cc\",\"_revisions\":{\"start\":2,\"ids\":[\"cc\","
      "\"bb\"]},\"type\":\"note\",\"schema_version\":2},"
      "{\"_id\":\"note:bad\",\"_rev\":\"1-aa\",\"_revisions\":{\"start\":\"x\"},\"type\":\"note\","
      "\"schema_version\":2}]}",
      201);
  /* Only the three refused ones are answered, in order. */
  items = json_node_get_array (answer);
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "id"),
                   ==, "note:norev");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 1), "id"),
                   ==, "note:other");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 2), "id"),
                   ==, "note:bad");
  for (guint i = 0; i < 3; i++)
    g_assert_nonnull (
        json_object_get_string_member (json_array_get_object_element (items, i), "error"));
  test_error (&f->ts, "GET", "/db/note:norev", NULL, 404, "not_found", NULL);
  test_error (&f->ts, "GET", "/db/note:other", NULL, 404, "not_found", NULL);
  test_error (&f->ts, "GET", "/db/note:bad", NULL, 404, "not_found", NULL);

  /* The accepted one has its whole path. */
  doc = test_json (&f->ts, "GET", "/db/note:ok?revs=true", NULL, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (doc), "_rev"), ==, "3-cc");
  revisions = json_object_get_object_member (json_node_get_object (doc), "_revisions");
  g_assert_cmpint (json_object_get_int_member (revisions, "start"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (revisions, "ids")), ==, 3);
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (revisions, "ids"), 2), ==, "aa");
}

static void
test_bulk_docs (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) r1 = test_json (
      &f->ts, "POST", "/db/_bulk_docs",
      "{\"docs\":[" NOTE ("note:1") "," NOTE ("note:2") ",{\"_id\":\"de:1\",\"type\":\"de\","
                                                        "\"schema_version\":1}]}",
      201);
  g_autoptr (JsonNode) r2 = NULL;
  g_autoptr (JsonNode) r3 = NULL;
  g_autoptr (JsonNode) r4 = NULL;
  g_autoptr (JsonNode) info = NULL;
  JsonArray *a = json_node_get_array (r1);
  JsonObject *item;

  g_assert_cmpuint (json_array_get_length (a), ==, 3);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (a, 0), "ok"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (a, 1), "id"), ==,
                   "note:2");
  item = json_array_get_object_element (a, 2);
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, "de:1");
  g_assert_cmpstr (json_object_get_string_member (item, "error"), ==, "forbidden");
  g_assert_nonnull (json_object_get_string_member (item, "reason"));

  /* A second write without _rev conflicts, per document. */
  r2 = test_json (&f->ts, "POST", "/db/_bulk_docs", "{\"docs\":[" NOTE ("note:1") "]}", 201);
  item = json_array_get_object_element (json_node_get_array (r2), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "error"), ==, "conflict");
  g_assert_cmpstr (json_object_get_string_member (item, "reason"), ==, "Document update conflict.");

  /* new_edits=false: only errors, idempotent, and still validated. */
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&r3, json_node_unref);
      r3 = test_json (&f->ts, "POST", "/db/_bulk_docs",
                      "{\"new_edits\":false,\"docs\":[{\"_id\":\"note:r\",\"_rev\":\"1-abc\","
                      "\"type\":\"note\",\"schema_version\":2}]}",
                      201);
      g_assert_cmpuint (json_array_get_length (json_node_get_array (r3)), ==, 0);
    }
  r4 = test_json (&f->ts, "POST", "/db/_bulk_docs",
                  "{\"new_edits\":false,\"docs\":[{\"_id\":\"note:r2\",\"_rev\":\"1-abc\","
                  "\"type\":\"note\",\"schema_version\":2},"
                  "{\"_id\":\"de:2\",\"_rev\":\"1-abc\",\"type\":\"de\",\"schema_version\":1}]}",
                  201);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (r4)), ==, 1);
  item = json_array_get_object_element (json_node_get_array (r4), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, "de:2");
  g_assert_cmpstr (json_object_get_string_member (item, "error"), ==, "forbidden");
  g_assert_nonnull (json_object_get_string_member (item, "reason"));
  test_error (&f->ts, "GET", "/db/de:2", NULL, 404, "not_found", "missing");

  info = test_json (&f->ts, "GET", "/db", NULL, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (info), "doc_count"), ==, 4);

  test_error (&f->ts, "POST", "/db/_bulk_docs", "{\"docs\":3}", 400, "bad_request", NULL);
  test_error (&f->ts, "POST", "/db/_bulk_docs", "{\"docs\":[1]}", 400, "bad_request", NULL);
  test_error (&f->ts, "GET", "/db/_bulk_docs", NULL, 405, "method_not_allowed", NULL);
}

static void
test_revs_diff (Fixture *f, gconstpointer data)
{
  g_autofree char *rev = put_note (f, "note:1", NULL);
  g_autofree char *body =
      g_strdup_printf ("{\"note:1\":[\"%s\",\"2-ffff\"],\"note:2\":[\"1-aaaa\"]}", rev);
  g_autofree char *body_none = g_strdup_printf ("{\"note:1\":[\"%s\"]}", rev);
  g_autoptr (JsonNode) diff = test_json (&f->ts, "POST", "/db/_revs_diff", body, 200);
  g_autoptr (JsonNode) none = test_json (&f->ts, "POST", "/db/_revs_diff", body_none, 200);
  JsonObject *d = json_node_get_object (diff);
  JsonObject *one = json_object_get_object_member (d, "note:1");

  g_assert_cmpuint (json_object_get_size (d), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (one, "missing"), 0),
                   ==, "2-ffff");
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (one, "possible_ancestors"), 0),
      ==, rev);
  g_assert_cmpuint (json_object_get_size (json_node_get_object (none)), ==, 0);
  test_error (&f->ts, "POST", "/db/_revs_diff", "{\"note:1\":[\"bad\"]}", 400, "bad_request", NULL);
}

static void
test_bulk_get (Fixture *f, gconstpointer data)
{
  g_autofree char *rev = put_note (f, "note:1", NULL);
  g_autofree char *body = g_strdup_printf ("{\"docs\":[{\"id\":\"note:none\"},"
                                           "{\"id\":\"note:1\",\"rev\":\"%s\"},"
                                           "{\"id\":\"note:1\",\"rev\":\"9-nope\"},"
                                           "{\"id\":\"note:1\"}]}",
                                           rev);
  g_autoptr (JsonNode) r =
      test_json (&f->ts, "POST", "/db/_bulk_get?revs=true&latest=true", body, 200);
  JsonArray *results = json_object_get_array_member (json_node_get_object (r), "results");
  JsonObject *err, *ok;

  g_assert_cmpuint (json_array_get_length (results), ==, 4);
  /* In request order, one result per item. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "id"),
                   ==, "note:none");
  err = json_object_get_object_member (
      json_array_get_object_element (
          json_object_get_array_member (json_array_get_object_element (results, 0), "docs"), 0),
      "error");
  g_assert_cmpstr (json_object_get_string_member (err, "id"), ==, "note:none");
  g_assert_cmpstr (json_object_get_string_member (err, "error"), ==, "not_found");
  g_assert_cmpstr (json_object_get_string_member (err, "reason"), ==, "missing");

  ok = json_object_get_object_member (
      json_array_get_object_element (
          json_object_get_array_member (json_array_get_object_element (results, 1), "docs"), 0),
      "ok");
  g_assert_cmpstr (json_object_get_string_member (ok, "_rev"), ==, rev);
  g_assert_true (json_object_has_member (ok, "_revisions"));

  err = json_object_get_object_member (
      json_array_get_object_element (
          json_object_get_array_member (json_array_get_object_element (results, 2), "docs"), 0),
      "error");
  g_assert_cmpstr (json_object_get_string_member (err, "rev"), ==, "9-nope");
  g_assert_cmpstr (json_object_get_string_member (err, "error"), ==, "not_found");

  g_assert_true (json_object_has_member (
      json_array_get_object_element (
          json_object_get_array_member (json_array_get_object_element (results, 3), "docs"), 0),
      "ok"));
  test_error (&f->ts, "POST", "/db/_bulk_get", "{}", 400, "bad_request", NULL);
}

static JsonArray *
results_of (JsonNode *node)
{
  return json_object_get_array_member (json_node_get_object (node), "results");
}

static void
test_changes (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) all = NULL;
  g_autoptr (JsonNode) since = NULL;
  g_autoptr (JsonNode) limited = NULL;
  g_autoptr (JsonNode) desc = NULL;
  g_autoptr (JsonNode) docs = NULL;
  g_autoptr (JsonNode) style = NULL;
  g_autoptr (JsonNode) now = NULL;
  g_autoptr (GString) batch = g_string_new ("{\"docs\":[");
  g_autoptr (JsonNode) written = NULL;
  g_autofree char *rev = NULL;
  JsonObject *row;

  /* 30 documents: more than four chunks of 7 rows. */
  for (guint i = 0; i < 30; i++)
    g_string_append_printf (batch,
                            "%s{\"_id\":\"note:%02u\",\"type\":\"note\",\"schema_version\":2}",
                            i > 0 ? "," : "", i);
  g_string_append (batch, "]}");
  written = test_json (&f->ts, "POST", "/db/_bulk_docs", batch->str, 201);
  rev = put_note (f, "note:05",
                  json_object_get_string_member (
                      json_array_get_object_element (json_node_get_array (written), 5), "rev"));

  all = test_json (&f->ts, "GET", "/db/_changes", NULL, 200);
  g_assert_cmpuint (json_array_get_length (results_of (all)), ==, 30);
  /* One row per document, at its latest seq. */
  row = json_array_get_object_element (results_of (all), 29);
  g_assert_cmpstr (json_object_get_string_member (row, "id"), ==, "note:05");
  g_assert_cmpint (json_object_get_int_member (row, "seq"), ==, 31);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (all), "last_seq"), ==, 31);

  since = test_json (&f->ts, "GET", "/db/_changes?since=28", NULL, 200);
  g_assert_cmpuint (json_array_get_length (results_of (since)), ==, 3);
  limited = test_json (&f->ts, "GET", "/db/_changes?since=2&limit=10", NULL, 200);
  g_assert_cmpuint (json_array_get_length (results_of (limited)), ==, 10);
  /* seq 6 (note:05) moved to 31: since=2 limit=10 reaches seq 13. */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (limited), "last_seq"), ==, 13);
  desc = test_json (&f->ts, "GET", "/db/_changes?descending=true&limit=2", NULL, 200);
  g_assert_cmpint (
      json_object_get_int_member (json_array_get_object_element (results_of (desc), 0), "seq"), ==,
      31);
  docs = test_json (&f->ts, "GET", "/db/_changes?include_docs=true&since=30", NULL, 200);
  row = json_object_get_object_member (json_array_get_object_element (results_of (docs), 0), "doc");
  g_assert_cmpstr (json_object_get_string_member (row, "_rev"), ==, rev);
  now = test_json (&f->ts, "GET", "/db/_changes?since=now", NULL, 200);
  g_assert_cmpuint (json_array_get_length (results_of (now)), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (now), "last_seq"), ==, 31);

  /* style=all_docs lists every leaf; deletions are flagged. */
  g_clear_pointer (&written, json_node_unref);
  written = test_json (&f->ts, "POST", "/db/_bulk_docs",
                       "{\"new_edits\":false,\"docs\":[{\"_id\":\"note:00\",\"_rev\":\"1-ffff\","
                       "\"type\":\"note\",\"schema_version\":2}]}",
                       201);
  style = test_json (&f->ts, "GET", "/db/_changes?style=all_docs&since=31", NULL, 200);
  row = json_array_get_object_element (results_of (style), 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (row, "changes")), ==, 2);
  test_error (&f->ts, "GET", "/db/_changes?since=abc", NULL, 400, "bad_request", NULL);
  test_error (&f->ts, "GET", "/db/_changes?feed=bogus", NULL, 400, "bad_request", NULL);
}

typedef struct
{
  GBytes *body;
  gint64 done_at;
  guint status;
} AsyncResult;

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  AsyncResult *r = user_data;
  g_autoptr (GError) error = NULL;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  r->done_at = g_get_monotonic_time ();
}

static void
test_longpoll (Fixture *f, gconstpointer data)
{
  g_autoptr (SoupSession) other = soup_session_new ();
  g_autoptr (SoupMessage) msg =
      test_message (&f->ts, "GET", "/db/_changes?feed=longpoll&since=now&timeout=10000", NULL);
  g_autoptr (SoupMessage) timeout_msg = NULL;
  g_autoptr (JsonNode) node = NULL;
  AsyncResult r = { 0 }, t = { 0 };
  gint64 written_at, start;

  soup_session_send_and_read_async (other, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &r);
  /* Let the request reach the server and wait there. */
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 300 * 1000)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (r.body);

  g_free (put_note (f, "note:woke", NULL));
  written_at = g_get_monotonic_time ();
  while (r.body == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("longpoll answered %.1f ms after the write", (r.done_at - written_at) / 1000.0);
  g_assert_cmpint (r.done_at - written_at, <, 500 * 1000);
  node = test_parse (g_bytes_get_data (r.body, NULL));
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (results_of (node), 0), "id"),
      ==, "note:woke");
  g_bytes_unref (r.body);

  /* Nothing happens: the timeout answers an empty result. */
  timeout_msg =
      test_message (&f->ts, "GET", "/db/_changes?feed=longpoll&since=now&timeout=300", NULL);
  start = g_get_monotonic_time ();
  soup_session_send_and_read_async (other, timeout_msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &t);
  while (t.body == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (t.done_at - start, >=, 290 * 1000);
  g_assert_cmpint (t.done_at - start, <, 3000 * 1000);
  g_clear_pointer (&node, json_node_unref);
  node = test_parse (g_bytes_get_data (t.body, NULL));
  g_assert_cmpuint (json_array_get_length (results_of (node)), ==, 0);
  g_bytes_unref (t.body);
}

/* One write wakes every waiting feed of the database at once, and the
 * unfiltered ones share one read of the new rows: each must still get
 * the rows of its own cursor and flags. A normal feed answered in one
 * go has a Content-Length, not chunks. */
static void
test_longpoll_shared_wake (Fixture *f, gconstpointer data)
{
  static const char *const queries[] = {
    "feed=longpoll&timeout=10000",
    "feed=longpoll&timeout=10000&include_docs=true",
    "feed=longpoll&timeout=10000&style=all_docs",
    "feed=continuous&timeout=1000",
  };
  g_autoptr (SoupSession) other =
      soup_session_new_with_options ("max-conns", 20, "max-conns-per-host", 20, NULL);
  g_autoptr (JsonNode) now = NULL;
  g_autoptr (SoupMessage) ahead_msg = NULL;
  g_autoptr (GPtrArray) msgs = g_ptr_array_new_with_free_func (g_object_unref);
  AsyncResult r[G_N_ELEMENTS (queries)] = { 0 }, ahead = { 0 };
  g_autofree char *ahead_path = NULL;
  gint64 seq, start;

  g_free (put_note (f, "note:before", NULL));
  now = test_json (&f->ts, "GET", "/db/_changes?since=now", NULL, 200);
  seq = json_object_get_int_member (json_node_get_object (now), "last_seq");

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *path =
          g_strdup_printf ("/db/_changes?%s&since=%" G_GINT64_FORMAT, queries[i], seq);
      SoupMessage *msg = test_message (&f->ts, "GET", path, NULL);

      g_ptr_array_add (msgs, msg);
      soup_session_send_and_read_async (other, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &r[i]);
    }
  /* A cursor ahead of the write: woken with the others, it waits on. */
  ahead_path =
      g_strdup_printf ("/db/_changes?feed=longpoll&timeout=800&since=%" G_GINT64_FORMAT, seq + 5);
  ahead_msg = test_message (&f->ts, "GET", ahead_path, NULL);
  soup_session_send_and_read_async (other, ahead_msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &ahead);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 300 * 1000)
    g_main_context_iteration (NULL, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    g_assert_null (r[i].body);

  g_free (put_note (f, "note:shared", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    while (r[i].body == NULL)
      g_main_context_iteration (NULL, TRUE);
  while (ahead.body == NULL)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text =
          g_strndup (g_bytes_get_data (r[i].body, NULL), g_bytes_get_size (r[i].body));
      g_autoptr (JsonNode) node = test_parse (text);
      JsonArray *rows = results_of (node);
      JsonObject *row;
      g_assert_cmpuint (json_array_get_length (rows), ==, 1);
      row = json_array_get_object_element (rows, 0);
      g_assert_cmpstr (json_object_get_string_member (row, "id"), ==, "note:shared");
      g_assert_cmpint (json_object_get_int_member (row, "seq"), ==, seq + 1);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "last_seq"), ==,
                       seq + 1);
      /* include_docs only where asked. */
      g_assert_true (json_object_has_member (row, "doc") == (i == 1));
      /* A longpoll without heartbeat held its headers while it waited:
       * its rows went with a length, not in chunks. */
      g_assert_cmpint (soup_message_headers_get_encoding (
                           soup_message_get_response_headers (g_ptr_array_index (msgs, i))),
                       ==, SOUP_ENCODING_CONTENT_LENGTH);
      if (i == 1)
        g_assert_cmpstr (
            json_object_get_string_member (json_object_get_object_member (row, "doc"), "_id"), ==,
            "note:shared");
    }

  /* The continuous feed: the row, then its end at the timeout. */
  {
    g_autofree char *text =
        g_strndup (g_bytes_get_data (r[3].body, NULL), g_bytes_get_size (r[3].body));
    g_auto (GStrv) lines = g_strsplit (g_strstrip (text), "\n", -1);
    g_autoptr (JsonNode) first = NULL;

    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    first = test_parse (lines[0]);
    g_assert_cmpstr (obj_str (first, "id"), ==, "note:shared");
  }

  /* The feed ahead saw nothing and ended at its timeout, at its cursor. */
  {
    g_autofree char *text =
        g_strndup (g_bytes_get_data (ahead.body, NULL), g_bytes_get_size (ahead.body));
    g_autoptr (JsonNode) node = test_parse (text);

    g_assert_cmpuint (json_array_get_length (results_of (node)), ==, 0);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "last_seq"), ==,
                     seq + 5);
    /* Woken for nothing, it stayed paused: still no headers sent then. */
    g_assert_cmpint (
        soup_message_headers_get_encoding (soup_message_get_response_headers (ahead_msg)), ==,
        SOUP_ENCODING_CONTENT_LENGTH);
  }
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    g_bytes_unref (r[i].body);
  g_bytes_unref (ahead.body);

  {
    g_autofree char *path =
        g_strdup_printf ("/db/_changes?style=all_docs&limit=100&since=%" G_GINT64_FORMAT, seq);
    g_autoptr (SoupMessage) msg = test_message (&f->ts, "GET", path, NULL);
    g_autoptr (GBytes) bytes = soup_session_send_and_read (other, msg, NULL, NULL);
    g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    g_autoptr (JsonNode) node = test_parse (text);

    g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_response_headers (msg)),
                     ==, SOUP_ENCODING_CONTENT_LENGTH);
    g_assert_cmpuint (json_array_get_length (results_of (node)), ==, 1);
  }
}

static void
test_continuous (Fixture *f, gconstpointer data)
{
  g_autoptr (SoupSession) other = soup_session_new ();
  g_autoptr (SoupMessage) msg = NULL;
  g_autofree char *body = NULL;
  g_auto (GStrv) lines = NULL;
  AsyncResult r = { 0 };
  gint64 start;
  guint empty = 0, rows = 0;

  g_free (put_note (f, "note:1", NULL));
  /* Without heartbeat the timeout ends the feed. */
  msg = test_message (&f->ts, "GET", "/db/_changes?feed=continuous&timeout=700", NULL);
  soup_session_send_and_read_async (other, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &r);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 200 * 1000)
    g_main_context_iteration (NULL, FALSE);
  g_free (put_note (f, "note:2", NULL));
  while (r.body == NULL)
    g_main_context_iteration (NULL, TRUE);

  body = g_strndup (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body));
  lines = g_strsplit (body, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "{\"seq\""))
      rows++;
  g_assert_cmpuint (rows, ==, 2);
  g_assert_true (g_str_has_suffix (body, "{\"last_seq\":2}\n"));
  g_bytes_unref (r.body);
  g_clear_object (&msg);
  g_clear_pointer (&lines, g_strfreev);
  g_clear_pointer (&body, g_free);

  /* With a heartbeat it stays open and sends newlines: read for 700 ms. */
  {
    g_autoptr (GInputStream) stream = NULL;
    g_autoptr (GError) error = NULL;
    char buffer[4096];
    g_autoptr (GString) seen = g_string_new (NULL);

    msg =
        test_message (&f->ts, "GET", "/db/_changes?feed=continuous&since=now&heartbeat=100", NULL);
    stream = soup_session_send (other, msg, NULL, &error);
    g_assert_no_error (error);
    start = g_get_monotonic_time ();
    while (g_get_monotonic_time () - start < 700 * 1000)
      {
        gssize n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, &error);

        g_assert_no_error (error);
        g_assert_cmpint (n, >, 0);
        g_string_append_len (seen, buffer, n);
      }
    for (const char *p = seen->str; *p; p++)
      empty += *p == '\n';
    g_assert_cmpuint (empty, >=, 4);
    g_input_stream_close (stream, NULL, NULL);
  }
}

static void
test_all_docs (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) all = NULL;
  g_autoptr (JsonNode) range = NULL;
  g_autoptr (JsonNode) keys = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *path = NULL;
  JsonArray *rows;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("note:%u", i);

      g_free (put_note (f, id, NULL));
    }
  rev = put_note (f, "note:gone", NULL);
  path = g_strdup_printf ("/db/note:gone?rev=%s", rev);
  json_node_unref (test_json (&f->ts, "DELETE", path, NULL, 200));

  all = test_json (&f->ts, "GET", "/db/_all_docs?include_docs=true", NULL, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (all), "total_rows"), ==, 5);
  rows = json_object_get_array_member (json_node_get_object (all), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  g_assert_cmpstr (
      json_object_get_string_member (
          json_object_get_object_member (json_array_get_object_element (rows, 0), "doc"), "_id"),
      ==, "note:0");

  range = test_json (&f->ts, "GET",
                     "/db/_all_docs?startkey=%22note:1%22&endkey=%22note:3%22&limit=2", NULL, 200);
  rows = json_object_get_array_member (json_node_get_object (range), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "id"),
                   ==, "note:2");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (range), "offset"), ==, 1);

  keys = test_json (&f->ts, "POST", "/db/_all_docs",
                    "{\"keys\":[\"note:4\",\"note:none\",\"note:gone\"]}", 200);
  rows = json_object_get_array_member (json_node_get_object (keys), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "id"),
                   ==, "note:4");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "error"),
                   ==, "not_found");
  g_assert_true (json_object_get_boolean_member (
      json_object_get_object_member (json_array_get_object_element (rows, 2), "value"), "deleted"));
}

static void
test_misc (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) commit = test_json (&f->ts, "POST", "/db/_ensure_full_commit", "{}", 201);
  g_autoptr (JsonNode) security = test_json (&f->ts, "GET", "/db/_security", NULL, 200);
  g_autoptr (JsonNode) put = NULL;
  g_autoptr (JsonNode) again = NULL;

  g_assert_true (json_object_get_boolean_member (json_node_get_object (commit), "ok"));
  g_assert_cmpstr (obj_str (commit, "instance_start_time"), ==, "0");
  g_assert_true (json_object_has_member (json_node_get_object (security), "members"));

  put = test_json (&f->ts, "PUT", "/db/_security",
                   "{\"admins\":{\"names\":[\"ana\"],\"roles\":[]},"
                   "\"members\":{\"names\":[],\"roles\":[\"agence:1\"]}}",
                   200);
  again = test_json (&f->ts, "GET", "/db/_security", NULL, 200);
  g_assert_cmpstr (
      json_array_get_string_element (
          json_object_get_array_member (
              json_object_get_object_member (json_node_get_object (again), "admins"), "names"),
          0),
      ==, "ana");
  test_error (&f->ts, "PUT", "/db/_security", "{\"admins\":{\"names\":[1]}}", 400, "bad_request",
              NULL);
}

static void
test_limits (Fixture *f, gconstpointer data)
{
  g_autoptr (GString) big = g_string_new ("{\"type\":\"note\",\"schema_version\":2,\"x\":\"");
  g_autoptr (GString) many = g_string_new ("{\"docs\":[");
  g_autofree char *long_id = g_strnfill (513, 'x');
  g_autofree char *path = g_strconcat ("/db/note:", long_id, NULL);

  for (guint i = 0; i < 70000; i++)
    g_string_append_c (big, 'a');
  g_string_append (big, "\"}");
  test_error (&f->ts, "PUT", "/db/note:big", big->str, 413, "too_large", NULL);

  for (guint i = 0; i < 201; i++)
    g_string_append_printf (many, "%s{}", i > 0 ? "," : "");
  g_string_append (many, "]}");
  test_error (&f->ts, "POST", "/db/_bulk_docs", many->str, 413, "too_large", NULL);

  test_error (&f->ts, "PUT", path, "{\"type\":\"note\",\"schema_version\":2}", 400, "bad_request",
              NULL);
  test_error (&f->ts, "GET", "/db/a%00b", NULL, 400, "bad_request", NULL);
}

/* A client asking to close is told the connection closes (node's
 * keep-alive agent would otherwise reuse it: PouchDB's "socket hang up"). */
static void
test_connection_close (Fixture *f, gconstpointer data)
{
  const char *paths[] = { "/db", "/db/_changes?limit=3", "/_up" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    for (guint close = 0; close < 2; close++)
      {
        g_autoptr (SoupMessage) msg = test_message (&f->ts, "GET", paths[i], NULL);
        g_autoptr (GBytes) bytes = NULL;
        g_autoptr (GError) error = NULL;
        SoupMessageHeaders *response;

        if (close)
          soup_message_headers_replace (soup_message_get_request_headers (msg), "Connection",
                                        "close");
        bytes = soup_session_send_and_read (f->ts.session, msg, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
        response = soup_message_get_response_headers (msg);
        g_assert_cmpint (soup_message_headers_header_contains (response, "Connection", "close"), ==,
                         close);
      }
}

/* Many clients connecting at once (PouchDB feeds after a restart) are all
 * queued by the kernel: with GSocket's default backlog of 10 the SYNs
 * beyond it were dropped and retried only a second later. The server is
 * stopped meanwhile, so nothing is accepted and only the backlog counts. */
static void
test_listen_backlog (Fixture *f, gconstpointer data)
{
  enum
  {
    N_CLIENTS = 64
  };
  g_autoptr (GUri) uri = g_uri_parse (f->ts.url, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address =
      g_inet_socket_address_new (loopback, (guint16) g_uri_get_port (uri));
  GSocket *sockets[N_CLIENTS];
  gint64 deadline;
  guint connected = 0;

  g_subprocess_send_signal (f->ts.process, SIGSTOP);
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      g_autoptr (GError) error = NULL;

      sockets[i] =
          g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
      g_assert_no_error (error);
      g_socket_set_blocking (sockets[i], FALSE);
      if (!g_socket_connect (sockets[i], address, NULL, &error))
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
    }

  deadline = g_get_monotonic_time () + 500 * G_TIME_SPAN_MILLISECOND;
  for (guint i = 0; i < N_CLIENTS; i++)
    {
      gint64 left = MAX (deadline - g_get_monotonic_time (), 0);

      if (g_socket_condition_timed_wait (sockets[i], G_IO_OUT, left, NULL, NULL) &&
          g_socket_check_connect_result (sockets[i], NULL))
        connected++;
      g_object_unref (sockets[i]);
    }
  g_subprocess_send_signal (f->ts.process, SIGCONT);
  g_assert_cmpuint (connected, ==, N_CLIENTS);
}

static guint
count_server_fds (Fixture *f)
{
  g_autofree char *path =
      g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (f->ts.process));
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Reads from @connection until @needle appears in what came (kept in
 * @seen) or 3 s pass; returns the µs it took. */
static gint64
read_until (GSocketConnection *connection, GString *seen, const char *needle)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  gint64 start = g_get_monotonic_time ();

  g_socket_set_timeout (g_socket_connection_get_socket (connection), 3);
  while (strstr (seen->str, needle) == NULL)
    {
      g_autoptr (GError) error = NULL;
      char buffer[4096];
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (seen, buffer, n);
    }
  return g_get_monotonic_time () - start;
}

static GSocketConnection *
raw_connect (Fixture *f, const char *request)
{
  g_autoptr (GUri) uri = g_uri_parse (f->ts.url, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GError) error = NULL;
  GSocketConnection *connection =
      g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);

  g_assert_no_error (error);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                             strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

/* Responses leave headers and body in one TCP segment (TCP_CORK until the
 * body is written): whatever must go out before that, a 100 Continue or
 * a stream's heartbeat, is not held back (the kernel would hold it 200 ms). */
static void
test_response_segments (Fixture *f, gconstpointer data)
{
  static const char body[] = "{\"type\":\"note\",\"schema_version\":2}";
  g_autofree char *put = g_strdup_printf (
      "PUT /db/note:expect HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " TEST_ADMIN_BASIC
      "\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
      "Expect: 100-continue\r\n\r\n",
      strlen (body));
  g_autoptr (GSocketConnection) expect = raw_connect (f, put);
  g_autoptr (GSocketConnection) feed = NULL;
  g_autoptr (GString) seen = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  gint64 took;

  took = read_until (expect, seen, "\r\n\r\n");
  g_assert_true (g_str_has_prefix (seen->str, "HTTP/1.1 100 Continue\r\n"));
  g_assert_cmpint (took, <, 170 * 1000);
  g_string_truncate (seen, 0);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (expect)), body,
                             strlen (body), NULL, NULL, &error);
  g_assert_no_error (error);
  read_until (expect, seen, "\"ok\":true");
  g_assert_true (g_str_has_prefix (seen->str, "HTTP/1.1 201"));

  /* A longpoll with heartbeats streams at once: chunked, newlines. */
  feed = raw_connect (f, "GET /db/_changes?feed=longpoll&since=now&heartbeat=50 HTTP/1.1\r\n"
                         "Host: localhost\r\nAuthorization: Basic " TEST_ADMIN_BASIC "\r\n\r\n");
  g_string_truncate (seen, 0);
  took = read_until (feed, seen, "\r\n\r\n1\r\n\n\r\n");
  g_assert_nonnull (strstr (seen->str, "Transfer-Encoding: chunked"));
  g_assert_cmpint (took, <, 170 * 1000);
  g_free (put_note (f, "note:beat", NULL));
  read_until (feed, seen, "\"last_seq\"");
  g_assert_nonnull (strstr (seen->str, "\"id\":\"note:beat\""));
}

/* Clients that close a kept-alive connection while it is idle (every
 * replicator when it is done) must not leave a descriptor behind each:
 * libsoup 3.2 does, and the server reaps them (relais-connection-reaper.c). */
static void
test_idle_connections_reaped (Fixture *f, gconstpointer data)
{
  g_autoptr (GUri) uri = g_uri_parse (f->ts.url, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  guint before = count_server_fds (f);
  guint after = 0;
  static const char request[] = "GET /_up HTTP/1.1\r\nHost: localhost\r\n\r\n";

  for (guint i = 0; i < 30; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GSocketConnection) connection =
          g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);
      char reply[4096];
      gssize n;

      g_assert_no_error (error);
      g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), request,
                                 sizeof request - 1, NULL, NULL, &error);
      g_assert_no_error (error);
      n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), reply,
                               sizeof reply - 1, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (n, >, 0);
      reply[n] = '\0';
      g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 200"));
      /* Idle a moment first: libsoup then waits for the next request. */
      g_usleep (20 * 1000);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    }

  /* The reaper sweeps once a second. */
  for (guint tries = 0; tries < 40; tries++)
    {
      after = count_server_fds (f);
      if (after <= before + 2)
        break;
      g_usleep (100 * 1000);
    }
  g_test_message ("server descriptors: %u before, %u after 30 closed connections", before, after);
  g_assert_cmpuint (after, <=, before + 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/server/root", test_root);
  ADD ("/server/connection-close", test_connection_close);
  ADD ("/server/listen-backlog", test_listen_backlog);
  ADD ("/server/db", test_db);
  ADD ("/server/doc", test_doc);
  ADD ("/server/open-revs", test_open_revs);
  ADD ("/server/local", test_local);
  ADD ("/server/bulk-docs", test_bulk_docs);
  ADD ("/server/bulk-docs-replicated-paths", test_bulk_docs_replicated_paths);
  ADD ("/server/revs-diff", test_revs_diff);
  ADD ("/server/bulk-get", test_bulk_get);
  ADD ("/server/changes", test_changes);
  ADD ("/server/longpoll", test_longpoll);
  ADD ("/server/longpoll-shared-wake", test_longpoll_shared_wake);
  ADD ("/server/continuous", test_continuous);
  ADD ("/server/all-docs", test_all_docs);
  ADD ("/server/misc", test_misc);
  ADD ("/server/limits", test_limits);
  ADD ("/server/idle-connections-reaped", test_idle_connections_reaped);
  ADD ("/server/response-segments", test_response_segments);
#undef ADD

  return g_test_run ();
}

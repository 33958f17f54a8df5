/* test-server-auth.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Authentication and authorisation of the real relais-server over HTTP:
 * Basic and cookie sessions (expiry, renewal, logout revoking the cookie),
 * failed-login rate limiting, _security membership across agencies, the
 * per-type write rules
 * on every write path, the user and db subcommands, TLS and the log line.
 */

#include "config.h"

#include "server-admin-utils.h"

#define PASSWORD "correct horse"

typedef struct
{
  TestServer ts;
} Fixture;

/* Auxiliary methods */

static char *
run_cli (Fixture *f, const char *stdin_text, int expected_status, ...)
{
  g_autofree char *binary =
      g_test_build_filename (G_TEST_BUILT, "..", "src", "server", "relais-server", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, binary);
  va_start (args, expected_status);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, "--data-dir");
  g_ptr_array_add (argv, f->ts.data_dir);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                   G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != expected_status)
    g_error ("relais-server %s: exit %d, expected %d: %s%s", (char *) argv->pdata[1],
             g_subprocess_get_exit_status (process), expected_status, out, err);
  return g_steal_pointer (&out);
}

static void
add_user (Fixture *f, const char *name, const char *roles)
{
  g_free (
      run_cli (f, NULL, 0, "user", "add", name, "--roles", roles, "--password", PASSWORD, NULL));
}

typedef struct
{
  guint status;
  char *body;
  char *set_cookie;
} Reply;

static void
reply_clear (Reply *r)
{
  g_free (r->body);
  g_free (r->set_cookie);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

/* A request as @user (NULL: anonymous) or with the session @cookie. */
static void
send_as (Fixture *f,
         Reply *r,
         const char *method,
         const char *path,
         const char *body,
         const char *user,
         const char *password,
         const char *cookie)
{
  g_autoptr (SoupMessage) msg =
      test_message_as (&f->ts, method, path, body, user, password, cookie);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  bytes = soup_session_send_and_read (f->ts.session, msg, NULL, &error);
  g_assert_no_error (error);
  reply_clear (r);
  r->status = soup_message_get_status (msg);
  r->body = g_strndup (g_bytes_get_size (bytes) > 0 ? g_bytes_get_data (bytes, NULL) : "",
                       g_bytes_get_size (bytes));
  r->set_cookie = g_strdup (
      soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie"));
}

static void
assert_reply (Reply *r, guint status, const char *error)
{
  g_autoptr (JsonNode) node = NULL;

  if (r->status != status)
    g_error ("expected %u, got %u: %s", status, r->status, r->body);
  if (error != NULL)
    {
      node = test_parse (r->body);
      g_assert_cmpstr (obj_str (node, "error"), ==, error);
    }
}

/* The value of AuthSession in a Set-Cookie header. */
static char *
cookie_value (const char *set_cookie)
{
  const char *end;

  g_assert_nonnull (set_cookie);
  g_assert_true (g_str_has_prefix (set_cookie, "AuthSession="));
  end = strchr (set_cookie, ';');
  return g_strndup (set_cookie + strlen ("AuthSession="),
                    (end != NULL ? end : set_cookie + strlen (set_cookie)) - set_cookie -
                        strlen ("AuthSession="));
}

static char *
login (Fixture *f, const char *name, const char *password)
{
  g_auto (Reply) r = { 0 };
  g_autofree char *body = g_strdup_printf ("{\"name\":\"%s\",\"password\":\"%s\"}", name, password);

  send_as (f, &r, "POST", "/_session", body, NULL, NULL, NULL);
  assert_reply (&r, 200, NULL);
  return cookie_value (r.set_cookie);
}

static char *
session_name (Fixture *f, const char *cookie)
{
  g_auto (Reply) r = { 0 };
  g_autoptr (JsonNode) node = NULL;
  JsonObject *ctx;

  send_as (f, &r, "GET", "/_session", NULL, NULL, NULL, cookie);
  assert_reply (&r, 200, NULL);
  node = test_parse (r.body);
  ctx = json_object_get_object_member (json_node_get_object (node), "userCtx");
  return g_strdup (json_object_get_string_member_with_default (ctx, "name", NULL));
}

static void
put_security (Fixture *f, const char *db, const char *members_roles)
{
  g_autofree char *path = g_strconcat ("/", db, "/_security", NULL);
  g_autofree char *body = g_strdup_printf ("{\"admins\":{\"names\":[],\"roles\":[\"_admin\"]},"
                                           "\"members\":{\"names\":[],\"roles\":[\"%s\"]}}",
                                           members_roles);
  g_autofree char *db_path = g_strconcat ("/", db, NULL);

  json_node_unref (test_json (&f->ts, "PUT", db_path, NULL, 201));
  json_node_unref (test_json (&f->ts, "PUT", path, body, 200));
}

static void
sleep_ms (guint ms)
{
  g_usleep (ms * 1000);
}

/* Fixtures */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->ts.extra_config = data;
  test_server_start (&f->ts);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_server_stop (&f->ts);
}

/* Tests */

static void
test_anonymous (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autoptr (JsonNode) node = NULL;
  JsonObject *session;

  json_node_unref (test_json (&f->ts, "PUT", "/db", NULL, 201));

  /* A new database is admin-only (CouchDB 3's default _security). */
  send_as (f, &r, "GET", "/db", NULL, NULL, NULL, NULL);
  assert_reply (&r, 401, "unauthorized");
  send_as (f, &r, "GET", "/db/_all_docs", NULL, NULL, NULL, NULL);
  assert_reply (&r, 401, "unauthorized");
  send_as (f, &r, "PUT", "/db/de:1", "{}", NULL, NULL, NULL);
  assert_reply (&r, 401, "unauthorized");
  send_as (f, &r, "GET", "/_all_dbs", NULL, NULL, NULL, NULL);
  assert_reply (&r, 401, "unauthorized");
  send_as (f, &r, "PUT", "/other", NULL, NULL, NULL, NULL);
  assert_reply (&r, 401, "unauthorized");
  node = test_json (&f->ts, "GET", "/db/_security", NULL, 200);
  g_assert_cmpstr (
      json_array_get_string_element (
          json_object_get_array_member (
              json_object_get_object_member (json_node_get_object (node), "members"), "roles"),
          0),
      ==, "_admin");

  /* Public endpoints. */
  send_as (f, &r, "GET", "/", NULL, NULL, NULL, NULL);
  assert_reply (&r, 200, NULL);
  send_as (f, &r, "GET", "/_up", NULL, NULL, NULL, NULL);
  assert_reply (&r, 200, NULL);
  send_as (f, &r, "GET", "/_session", NULL, NULL, NULL, NULL);
  assert_reply (&r, 200, NULL);
  g_clear_pointer (&node, json_node_unref);
  node = test_parse (r.body);
  session = json_node_get_object (node);
  g_assert_true (
      json_object_get_null_member (json_object_get_object_member (session, "userCtx"), "name"));
  g_assert_false (
      json_object_has_member (json_object_get_object_member (session, "info"), "authenticated"));

  /* An empty members list is public, as CouchDB. */
  json_node_unref (test_json (&f->ts, "PUT", "/db/_security",
                              "{\"members\":{\"names\":[],\"roles\":[]},"
                              "\"admins\":{\"names\":[],\"roles\":[]}}",
                              200));
  send_as (f, &r, "GET", "/db", NULL, NULL, NULL, NULL);
  assert_reply (&r, 200, NULL);
}

static void
test_basic (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autoptr (JsonNode) node = NULL;
  JsonObject *session;

  add_user (f, "ana", "conseiller,agence:a");
  put_security (f, "agence-a", "agence:a");

  send_as (f, &r, "GET", "/agence-a", NULL, "ana", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
  /* Again: served from the verified-credentials cache, same answer. */
  send_as (f, &r, "GET", "/agence-a", NULL, "ana", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);

  send_as (f, &r, "GET", "/agence-a", NULL, "ana", "wrong", NULL);
  assert_reply (&r, 401, "unauthorized");
  g_clear_pointer (&node, json_node_unref);
  node = test_parse (r.body);
  g_assert_cmpstr (obj_str (node, "reason"), ==, "Name or password is incorrect.");
  send_as (f, &r, "GET", "/", NULL, "nobody", PASSWORD, NULL);
  assert_reply (&r, 401, "unauthorized");
  send_as (f, &r, "GET", "/", NULL, TEST_ADMIN_NAME, "wrong", NULL);
  assert_reply (&r, 401, "unauthorized");

  send_as (f, &r, "GET", "/_session", NULL, "ana", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
  g_clear_pointer (&node, json_node_unref);
  node = test_parse (r.body);
  session = json_node_get_object (node);
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (session, "userCtx"), "name"),
      ==, "ana");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (session, "info"),
                                                  "authenticated"),
                   ==, "default");
}

static void
test_users_db (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autoptr (JsonNode) doc = NULL;
  JsonObject *object;

  /* An admin creates a user over HTTP, as in CouchDB: the password is
   * hashed on the way in, and only the hash is kept. */
  json_node_unref (test_json (&f->ts, "PUT", "/_users", NULL, 201));
  json_node_unref (test_json (&f->ts, "PUT", "/_users/org.couchdb.user:bea",
                              "{\"type\":\"user\",\"name\":\"bea\",\"roles\":[\"eld\"],"
                              "\"password\":\"" PASSWORD "\"}",
                              201));
  doc = test_json (&f->ts, "GET", "/_users/org.couchdb.user:bea", NULL, 200);
  object = json_node_get_object (doc);
  g_assert_false (json_object_has_member (object, "password"));
  g_assert_cmpstr (json_object_get_string_member (object, "password_scheme"), ==, "argon2id");
  g_assert_true (
      g_str_has_prefix (json_object_get_string_member (object, "derived_key"), "$argon2id$"));
  {
    g_autofree char *text =
        test_request (&f->ts, "GET", "/_users/org.couchdb.user:bea", NULL, NULL);

    g_assert_null (strstr (text, PASSWORD));
  }

  send_as (f, &r, "GET", "/_session", NULL, "bea", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
  /* Not a member of _users: users cannot read the hashes. */
  send_as (f, &r, "GET", "/_users/org.couchdb.user:bea", NULL, "bea", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");

  /* Malformed user documents are refused. */
  test_error (&f->ts, "PUT", "/_users/org.couchdb.user:cid",
              "{\"type\":\"user\",\"name\":\"other\",\"roles\":[],\"password\":\"x\"}", 403,
              "forbidden", NULL);
  test_error (&f->ts, "PUT", "/_users/org.couchdb.user:cid",
              "{\"type\":\"user\",\"name\":\"cid\",\"roles\":[]}", 403, "forbidden", NULL);
}

/* [admins] may hold an argon2id hash instead of the password. */
static void
test_hashed_admin (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autoptr (JsonNode) doc = NULL;
  g_autofree char *config = NULL;

  add_user (f, "tmp", "conseiller");
  doc = test_json (&f->ts, "GET", "/_users/org.couchdb.user:tmp", NULL, 200);
  config = g_strdup_printf ("[admins]\nboss = %s\n", obj_str (doc, "derived_key"));

  test_server_kill (&f->ts);
  f->ts.extra_config = config;
  test_server_start_in (&f->ts, f->ts.data_dir);
  send_as (f, &r, "GET", "/_all_dbs", NULL, "boss", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
  send_as (f, &r, "GET", "/_all_dbs", NULL, "boss", "wrong", NULL);
  assert_reply (&r, 401, "unauthorized");
  /* The plain [admins] entry of test_config still works alongside. */
  json_node_unref (test_json (&f->ts, "GET", "/_all_dbs", NULL, 200));
}

static void
test_session (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *cookie = NULL;
  g_autofree char *name = NULL;
  g_autofree char *forged = NULL;
  JsonObject *session;

  add_user (f, "ana", "conseiller,agence:a");
  put_security (f, "agence-a", "agence:a");

  send_as (f, &r, "POST", "/_session", "{\"name\":\"ana\",\"password\":\"" PASSWORD "\"}", NULL,
           NULL, NULL);
  assert_reply (&r, 200, NULL);
  node = test_parse (r.body);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
  g_assert_cmpstr (obj_str (node, "name"), ==, "ana");
  g_assert_cmpstr (json_array_get_string_element (
                       json_object_get_array_member (json_node_get_object (node), "roles"), 0),
                   ==, "conseiller");
  g_assert_true (g_str_has_suffix (r.set_cookie, "; Version=1; Path=/; HttpOnly"));
  cookie = cookie_value (r.set_cookie);

  /* The cookie alone authenticates. */
  send_as (f, &r, "GET", "/agence-a", NULL, NULL, NULL, cookie);
  assert_reply (&r, 200, NULL);
  g_assert_null (r.set_cookie); /* young session: no renewal */
  send_as (f, &r, "GET", "/_session", NULL, NULL, NULL, cookie);
  g_clear_pointer (&node, json_node_unref);
  node = test_parse (r.body);
  session = json_node_get_object (node);
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (session, "userCtx"), "name"),
      ==, "ana");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (session, "info"),
                                                  "authenticated"),
                   ==, "cookie");

  /* A tampered cookie is anonymous. */
  forged = g_strdup (cookie);
  forged[strlen (forged) - 2] = forged[strlen (forged) - 2] == 'A' ? 'B' : 'A';
  name = session_name (f, forged);
  g_assert_null (name);
  send_as (f, &r, "GET", "/agence-a", NULL, NULL, NULL, forged);
  assert_reply (&r, 401, "unauthorized");
  send_as (f, &r, "GET", "/agence-a", NULL, NULL, NULL, "not base64 !");
  assert_reply (&r, 401, "unauthorized");

  /* The form CouchDB's replicator posts. */
  {
    g_autoptr (SoupMessage) msg = test_message (&f->ts, "POST", "/_session", NULL);
    g_autoptr (GBytes) form = g_bytes_new_static ("name=ana&password=correct+horse", 31);
    g_autoptr (GBytes) bytes = NULL;

    soup_message_headers_remove (soup_message_get_request_headers (msg), "Authorization");
    soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", form);
    bytes = soup_session_send_and_read (f->ts.session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_nonnull (
        soup_message_headers_get_one (soup_message_get_response_headers (msg), "Set-Cookie"));
  }

  /* Bad credentials. */
  send_as (f, &r, "POST", "/_session", "{\"name\":\"ana\",\"password\":\"nope\"}", NULL, NULL,
           NULL);
  assert_reply (&r, 401, "unauthorized");
  g_clear_pointer (&node, json_node_unref);
  node = test_parse (r.body);
  g_assert_cmpstr (obj_str (node, "reason"), ==, "Name or password is incorrect.");
  g_assert_null (r.set_cookie);

  /* Logout clears the cookie. */
  send_as (f, &r, "DELETE", "/_session", NULL, NULL, NULL, cookie);
  assert_reply (&r, 200, NULL);
  g_assert_true (g_str_has_prefix (r.set_cookie, "AuthSession=;"));
  g_assert_nonnull (strstr (r.set_cookie, "Max-Age=0"));

  /* A password change ends the sessions of that user. */
  g_free (run_cli (f, "another password\n", 0, "user", "passwd", "ana", NULL));
  g_free (name);
  name = session_name (f, cookie);
  g_assert_null (name);
  send_as (f, &r, "GET", "/agence-a", NULL, "ana", PASSWORD, NULL);
  assert_reply (&r, 401, "unauthorized");
  send_as (f, &r, "GET", "/agence-a", NULL, "ana", "another password", NULL);
  assert_reply (&r, 200, NULL);
}

/* Logout revokes the cookie on the server: a copy of it is refused, after
 * a restart too; another session of the same user lives on. */
static void
test_logout_revokes (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autofree char *copied = NULL;
  g_autofree char *other = NULL;
  g_autofree char *name = NULL;
  g_autoptr (JsonNode) node = NULL;

  add_user (f, "ana", "conseiller,agence:a");
  put_security (f, "agence-a", "agence:a");
  copied = login (f, "ana", PASSWORD);
  other = login (f, "ana", PASSWORD);
  name = session_name (f, copied);
  g_assert_cmpstr (name, ==, "ana");

  send_as (f, &r, "DELETE", "/_session", NULL, NULL, NULL, copied);
  assert_reply (&r, 200, NULL);
  node = test_parse (r.body);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
  g_assert_true (g_str_has_prefix (r.set_cookie, "AuthSession=;"));

  g_clear_pointer (&name, g_free);
  name = session_name (f, copied);
  g_assert_null (name);
  send_as (f, &r, "GET", "/agence-a", NULL, NULL, NULL, copied);
  assert_reply (&r, 401, "unauthorized");
  g_clear_pointer (&name, g_free);
  name = session_name (f, other);
  g_assert_cmpstr (name, ==, "ana");

  /* Logging out again, or with no cookie, is still ok (CouchDB). */
  send_as (f, &r, "DELETE", "/_session", NULL, NULL, NULL, copied);
  assert_reply (&r, 200, NULL);
  send_as (f, &r, "DELETE", "/_session", NULL, NULL, NULL, NULL);
  assert_reply (&r, 200, NULL);

  test_server_halt (&f->ts);
  test_server_start_in (&f->ts, f->ts.data_dir);
  g_clear_pointer (&name, g_free);
  name = session_name (f, copied);
  g_assert_null (name);
  g_clear_pointer (&name, g_free);
  name = session_name (f, other);
  g_assert_cmpstr (name, ==, "ana");
  send_as (f, &r, "GET", "/agence-a", NULL, NULL, NULL, other);
  assert_reply (&r, 200, NULL);
}

static guint
count_lines (const char *path)
{
  g_autofree char *text = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  for (const char *p = text; *p; p++)
    n += *p == '\n';
  return n;
}

/* What a logout keeps goes once its cookie has expired anyway. */
static void
test_logout_bounded (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = g_build_filename (f->ts.data_dir, "revoked-sessions", NULL);

  add_user (f, "ana", "conseiller");
  first = login (f, "ana", PASSWORD);
  send_as (f, &r, "DELETE", "/_session", NULL, NULL, NULL, first);
  assert_reply (&r, 200, NULL);
  g_assert_cmpuint (count_lines (path), ==, 1);

  /* session-timeout = 2 s */
  g_usleep (2100 * 1000);
  second = login (f, "ana", PASSWORD);
  send_as (f, &r, "DELETE", "/_session", NULL, NULL, NULL, second);
  assert_reply (&r, 200, NULL);
  g_assert_cmpuint (count_lines (path), ==, 1);
  g_assert_null (strstr (first, second));
}

static void
test_session_expiry (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *renewed = NULL;
  g_autofree char *name = NULL;
  gint64 start;

  /* session-timeout = 3 s: renewed past 1.5 s, expired at 3 s. */
  add_user (f, "ana", "conseiller");
  start = g_get_monotonic_time ();
  first = login (f, "ana", PASSWORD);

  send_as (f, &r, "GET", "/_session", NULL, NULL, NULL, first);
  g_assert_null (r.set_cookie);

  sleep_ms (1800 - (g_get_monotonic_time () - start) / 1000);
  send_as (f, &r, "GET", "/_session", NULL, NULL, NULL, first);
  assert_reply (&r, 200, NULL);
  g_assert_nonnull (strstr (r.body, "\"name\":\"ana\""));
  renewed = cookie_value (r.set_cookie);
  g_assert_cmpstr (renewed, !=, first);

  sleep_ms (3300 - (g_get_monotonic_time () - start) / 1000);
  name = session_name (f, first);
  g_assert_null (name);
  name = session_name (f, renewed);
  g_assert_cmpstr (name, ==, "ana");
}

/* A cookie's text as the server encodes it: base64url, no padding. */
static char *
base64url (const char *text)
{
  char *encoded = g_base64_encode ((const guchar *) text, strlen (text));

  for (char *p = encoded; *p; p++)
    *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
  if (strchr (encoded, '=') != NULL)
    *strchr (encoded, '=') = '\0';
  return encoded;
}

/* A cookie renewed from a copy belongs to the same session: the logout
 * of either ends both, after a restart too; a cookie made up with another
 * session id, or one from before sessions had ids, is refused. */
static void
test_logout_ends_renewals (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *renewed = NULL;
  g_autofree char *other = NULL;
  g_autofree char *name = NULL;
  g_autofree char *forged = NULL;
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  gint64 start;

  /* session-timeout = 4 s: renewed past 2 s. */
  add_user (f, "ana", "conseiller");
  start = g_get_monotonic_time ();
  first = login (f, "ana", PASSWORD);
  other = login (f, "ana", PASSWORD);
  g_assert_cmpstr (first, !=, other);

  sleep_ms (2300 - (g_get_monotonic_time () - start) / 1000);
  send_as (f, &r, "GET", "/_session", NULL, NULL, NULL, first);
  assert_reply (&r, 200, NULL);
  renewed = cookie_value (r.set_cookie);
  g_assert_nonnull (renewed);
  g_assert_cmpstr (renewed, !=, first);

  /* The renewal and the original are one session: logging out with the
   * renewed cookie ends the original (and its copies) too. */
  send_as (f, &r, "DELETE", "/_session", NULL, NULL, NULL, renewed);
  assert_reply (&r, 200, NULL);
  name = session_name (f, first);
  g_assert_null (name);
  name = session_name (f, renewed);
  g_assert_null (name);
  name = session_name (f, other);
  g_assert_cmpstr (name, ==, "ana");
  g_clear_pointer (&name, g_free);

  test_server_halt (&f->ts);
  test_server_start_in (&f->ts, f->ts.data_dir);
  name = session_name (f, renewed);
  g_assert_null (name);
  name = session_name (f, other);
  g_assert_cmpstr (name, ==, "ana");
  g_clear_pointer (&name, g_free);

  /* "NAME:SESSION:TIME:MAC": another session id under the same MAC, and
   * the older "NAME:TIME:MAC" form, are refused. */
  {
    g_autoptr (GString) b64 = g_string_new (other);

    for (gsize i = 0; i < b64->len; i++)
      b64->str[i] = b64->str[i] == '-' ? '+' : b64->str[i] == '_' ? '/' : b64->str[i];
    while (b64->len % 4 != 0)
      g_string_append_c (b64, '=');
    plain = g_base64_decode (b64->str, &len);
    text = g_strndup ((const char *) plain, len);
  }
  g_assert_true (g_str_has_prefix (text, "ana:"));
  /* The text re-encoded as it came is still the valid cookie. */
  forged = base64url (text);
  g_assert_cmpstr (forged, ==, other);
  g_clear_pointer (&forged, g_free);
  text[4] = text[4] == 'a' ? 'b' : 'a';
  forged = base64url (text);
  name = session_name (f, forged);
  g_assert_null (name);
  g_clear_pointer (&forged, g_free);
  text[4] = text[4] == 'a' ? 'b' : 'a';
  {
    /* Without the session id: "ana" + the rest from the second colon. */
    g_autofree char *legacy = g_strconcat ("ana", strchr (text + 4, ':'), NULL);

    forged = base64url (legacy);
  }
  name = session_name (f, forged);
  g_assert_null (name);
}

static void
test_rate_limit (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autoptr (JsonNode) node = NULL;

  /* auth-max-failures = 3 within auth-failure-window = 2 s. */
  add_user (f, "ana", "conseiller");
  add_user (f, "bob", "conseiller");

  for (guint i = 0; i < 3; i++)
    {
      send_as (f, &r, "GET", "/_session", NULL, "ana", "wrong", NULL);
      assert_reply (&r, 401, "unauthorized");
    }
  /* Now refused even with the right password, by Basic and by POST. */
  send_as (f, &r, "GET", "/_session", NULL, "ana", PASSWORD, NULL);
  assert_reply (&r, 429, "too_many_requests");
  send_as (f, &r, "POST", "/_session", "{\"name\":\"ana\",\"password\":\"" PASSWORD "\"}", NULL,
           NULL, NULL);
  assert_reply (&r, 429, "too_many_requests");
  node = test_parse (r.body);
  g_assert_true (g_str_has_prefix (obj_str (node, "reason"), "Too many failed logins"));

  /* Another name is not affected. */
  send_as (f, &r, "GET", "/_session", NULL, "bob", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);

  /* Once the window has passed, the right password works again. */
  sleep_ms (2100);
  send_as (f, &r, "GET", "/_session", NULL, "ana", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
}

static void
test_agencies (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };

  add_user (f, "ca", "conseiller,agence:a");
  add_user (f, "cb", "conseiller,agence:b");
  add_user (f, "boss", "admin");
  put_security (f, "agence-a", "agence:a");
  put_security (f, "agence-b", "agence:b");

  send_as (f, &r, "PUT", "/agence-a/note:1", "{\"type\":\"note\",\"schema_version\":2}", "ca",
           PASSWORD, NULL);
  assert_reply (&r, 201, NULL);
  send_as (f, &r, "GET", "/agence-a/note:1", NULL, "ca", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);

  /* Cross-agency: authenticated, not a member. */
  send_as (f, &r, "GET", "/agence-a/note:1", NULL, "cb", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "GET", "/agence-a/_changes", NULL, "cb", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "POST", "/agence-a/_bulk_docs", "{\"docs\":[]}", "cb", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "GET", "/agence-a/_local/x", NULL, "cb", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");

  /* Members are not db admins nor server admins. */
  send_as (f, &r, "PUT", "/agence-a/_security", "{}", "ca", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "PUT", "/agence-a/_design/x", "{}", "ca", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "DELETE", "/agence-a", NULL, "ca", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "PUT", "/agence-c", NULL, "ca", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "GET", "/_all_dbs", NULL, "ca", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");

  /* Role "admin" is a server admin. */
  send_as (f, &r, "GET", "/_all_dbs", NULL, "boss", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
  send_as (f, &r, "GET", "/agence-b", NULL, "boss", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
  send_as (f, &r, "PUT", "/agence-c", NULL, "boss", PASSWORD, NULL);
  assert_reply (&r, 201, NULL);
}

#define DIAG(id) "{\"_id\":\"" id "\",\"type\":\"diagnostic\",\"schema_version\":2}"
#define NOTE(id) "{\"_id\":\"" id "\",\"type\":\"note\",\"schema_version\":2}"
#define ROME "{\"_id\":\"rome:A1101\",\"type\":\"rome\",\"schema_version\":2}"

static void
assert_bulk (Reply *r, const char *forbidden_id, guint n_items)
{
  g_autoptr (JsonNode) node = test_parse (r->body);
  JsonArray *items = json_node_get_array (node);
  gboolean seen = FALSE;

  assert_reply (r, 201, NULL);
  g_assert_cmpuint (json_array_get_length (items), ==, n_items);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (item, "id"), forbidden_id) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (item, "error"), ==, "forbidden");
          g_assert_nonnull (json_object_get_string_member (item, "reason"));
          seen = TRUE;
        }
      else
        g_assert_false (json_object_has_member (item, "error"));
    }
  g_assert_true (seen);
}

static void
test_eld_rules (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autofree char *rev = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonNode) node = NULL;

  add_user (f, "ca", "conseiller,agence:a");
  add_user (f, "ea", "eld,agence:a");
  put_security (f, "agence-a", "agence:a");

  /* PUT, POST, DELETE. */
  send_as (f, &r, "PUT", "/agence-a/diagnostic:1", DIAG ("diagnostic:1"), "ca", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "POST", "/agence-a", DIAG ("diagnostic:2"), "ca", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "PUT", "/agence-a/portefeuille:1",
           "{\"type\":\"portefeuille\",\"schema_version\":2}", "ca", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "PUT", "/agence-a/action_prospection:1",
           "{\"type\":\"action_prospection\",\"schema_version\":2}", "ca", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "PUT", "/agence-a/diagnostic:1", DIAG ("diagnostic:1"), "ea", PASSWORD, NULL);
  assert_reply (&r, 201, NULL);
  node = test_parse (r.body);
  rev = g_strdup (obj_str (node, "rev"));
  path = g_strdup_printf ("/agence-a/diagnostic:1?rev=%s", rev);
  send_as (f, &r, "DELETE", path, NULL, "ca", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  /* A counsellor still reads it, and writes ordinary documents. */
  send_as (f, &r, "GET", "/agence-a/diagnostic:1", NULL, "ca", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);

  /* _bulk_docs, new_edits=true: per-document forbidden, the rest written. */
  send_as (f, &r, "POST", "/agence-a/_bulk_docs",
           "{\"docs\":[" NOTE ("note:1") "," DIAG ("diagnostic:3") "," NOTE ("note:2") "]}", "ca",
           PASSWORD, NULL);
  assert_bulk (&r, "diagnostic:3", 3);
  send_as (f, &r, "GET", "/agence-a/note:2", NULL, "ca", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
  send_as (f, &r, "GET", "/agence-a/diagnostic:3", NULL, "ca", PASSWORD, NULL);
  assert_reply (&r, 404, "not_found");

  /* new_edits=false, as a replicator pushes: only the errors come back. */
  send_as (f, &r, "POST", "/agence-a/_bulk_docs",
           "{\"new_edits\":false,\"docs\":["
           "{\"_id\":\"note:3\",\"_rev\":\"1-aa\",\"type\":\"note\",\"schema_version\":2},"
           "{\"_id\":\"diagnostic:4\",\"_rev\":\"1-bb\",\"type\":\"diagnostic\","
           "\"schema_version\":2}]}",
           "ca", PASSWORD, NULL);
  assert_bulk (&r, "diagnostic:4", 1);
  send_as (f, &r, "GET", "/agence-a/note:3", NULL, "ca", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
  send_as (f, &r, "GET", "/agence-a/diagnostic:4", NULL, "ca", PASSWORD, NULL);
  assert_reply (&r, 404, "not_found");

  /* The ELD writes them all, by both paths. */
  send_as (f, &r, "POST", "/agence-a/_bulk_docs",
           "{\"docs\":[" DIAG ("diagnostic:5") ",{\"_id\":\"portefeuille:2\","
                                               "\"type\":\"portefeuille\",\"schema_version\":2}]}",
           "ea", PASSWORD, NULL);
  assert_reply (&r, 201, NULL);
  g_assert_null (strstr (r.body, "error"));
  send_as (f, &r, "POST", "/agence-a/_bulk_docs",
           "{\"new_edits\":false,\"docs\":[{\"_id\":\"diagnostic:4\",\"_rev\":\"1-bb\","
           "\"type\":\"diagnostic\",\"schema_version\":2}]}",
           "ea", PASSWORD, NULL);
  assert_reply (&r, 201, NULL);
  g_assert_cmpstr (r.body, ==, "[]\n");

  /* Schema validation still runs after the rules. */
  send_as (f, &r, "PUT", "/agence-a/diagnostic:9", "{\"type\":\"diagnostic\",\"schema_version\":1}",
           "ea", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
}

static void
test_referentiel (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };

  add_user (f, "ea", "eld,agence:a");
  /* Everyone of the agency may read the referential… */
  put_security (f, "referentiel", "agence:a");
  send_as (f, &r, "GET", "/referentiel", NULL, "ea", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
  /* …but only admins write it, by any path. */
  send_as (f, &r, "PUT", "/referentiel/rome:A1101", ROME, "ea", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");
  send_as (f, &r, "POST", "/referentiel/_bulk_docs",
           "{\"new_edits\":false,\"docs\":[{\"_id\":\"rome:A1101\",\"_rev\":\"1-aa\","
           "\"type\":\"rome\",\"schema_version\":2}]}",
           "ea", PASSWORD, NULL);
  assert_bulk (&r, "rome:A1101", 1);
  json_node_unref (test_json (&f->ts, "PUT", "/referentiel/rome:A1101", ROME, 201));
}

static void
test_cli (Fixture *f, gconstpointer data)
{
  g_auto (Reply) r = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *users = NULL;
  g_autofree char *dbs = NULL;
  g_autofree char *security = NULL;

  /* Password from stdin (not a terminal here). */
  out = run_cli (f, PASSWORD "\n", 0, "user", "add", "ana", "--roles", "conseiller,agence:75001",
                 NULL);
  g_assert_cmpstr (out, ==, "user ana added\n");
  g_free (run_cli (f, NULL, 0, "user", "add", "eli", "--roles", "eld", "--password", "pw", NULL));
  g_free (run_cli (f, NULL, 1, "user", "add", "ana", "--password", "x", NULL));
  g_free (run_cli (f, NULL, 1, "user", "add", "bad:name", "--password", "x", NULL));
  g_free (run_cli (f, "", 1, "user", "add", "nopw", NULL));
  users = run_cli (f, NULL, 0, "user", "list", NULL);
  g_assert_cmpstr (users, ==, "ana\tconseiller,agence:75001\neli\teld\n");
  g_assert_null (strstr (users, "argon2"));

  out = (g_free (out),
         run_cli (f, NULL, 0, "db", "create", "agence-75001", "--agence", "75001", NULL));
  g_free (run_cli (f, NULL, 0, "db", "create", "agence-75002", NULL));
  g_free (run_cli (f, NULL, 1, "db", "create", "agence-75002", NULL));
  dbs = run_cli (f, NULL, 0, "db", "list", NULL);
  g_assert_cmpstr (dbs, ==, "_users\nagence-75001\nagence-75002\n");
  security = run_cli (f, NULL, 0, "db", "security", "agence-75001", NULL);
  g_assert_cmpstr (security, ==,
                   "{\"admins\":{\"names\":[],\"roles\":[\"_admin\"]},"
                   "\"members\":{\"names\":[],\"roles\":[\"agence:75001\"]}}\n");

  /* The running server sees what the subcommands wrote. */
  send_as (f, &r, "GET", "/agence-75001", NULL, "ana", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
  send_as (f, &r, "GET", "/agence-75002", NULL, "ana", PASSWORD, NULL);
  assert_reply (&r, 403, "forbidden");

  g_free (security);
  security = run_cli (f, NULL, 0, "db", "security", "agence-75002", "--members-roles",
                      "agence:75001,eld", "--admins-roles", "eld", NULL);
  g_assert_cmpstr (security, ==,
                   "{\"admins\":{\"names\":[],\"roles\":[\"eld\"]},"
                   "\"members\":{\"names\":[],\"roles\":[\"agence:75001\",\"eld\"]}}\n");
  send_as (f, &r, "GET", "/agence-75002", NULL, "ana", PASSWORD, NULL);
  assert_reply (&r, 200, NULL);
  send_as (f, &r, "PUT", "/agence-75002/_security", security, "eli", "pw", NULL);
  assert_reply (&r, 200, NULL);

  g_free (run_cli (f, NULL, 0, "user", "passwd", "eli", "--password", "pw2", NULL));
  send_as (f, &r, "GET", "/_session", NULL, "eli", "pw", NULL);
  assert_reply (&r, 401, "unauthorized");
  send_as (f, &r, "GET", "/_session", NULL, "eli", "pw2", NULL);
  assert_reply (&r, 200, NULL);
  g_free (run_cli (f, NULL, 1, "user", "passwd", "nobody", "--password", "x", NULL));
}

static void
test_log_user (void)
{
  Fixture f = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *log = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_auto (Reply) r = { 0 };

  f.ts.extra_config = "[server]\nlog-level = info\n";
  f.ts.capture_stderr = TRUE;
  test_server_start (&f.ts);
  node = test_json (&f.ts, "GET", "/_session", NULL, 200);
  send_as (&f, &r, "GET", "/_up", NULL, NULL, NULL, NULL);

  g_subprocess_send_signal (f.ts.process, SIGTERM);
  {
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();

    g_output_stream_splice (out, g_subprocess_get_stderr_pipe (f.ts.process),
                            G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
    g_assert_no_error (error);
    log = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                     g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
  }
  g_subprocess_wait (f.ts.process, NULL, NULL);
  g_assert_nonnull (strstr (log, "GET /_session 200"));
  g_assert_nonnull (strstr (log, "user=admin"));
  g_assert_nonnull (strstr (log, "GET /_up 200"));
  g_assert_nonnull (strstr (log, "user=-"));
  g_clear_object (&f.ts.process);
  test_server_stop (&f.ts);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, config)                                                                    \
  g_test_add ("/server-auth/" path, Fixture, config, fixture_setup, func, fixture_teardown)
  ADD ("anonymous", test_anonymous, NULL);
  ADD ("basic", test_basic, NULL);
  ADD ("users-db", test_users_db, NULL);
  ADD ("hashed-admin", test_hashed_admin, NULL);
  ADD ("session", test_session, NULL);
  ADD ("session-expiry", test_session_expiry, "[server]\nsession-timeout = 3\n");
  ADD ("logout-revokes", test_logout_revokes, NULL);
  ADD ("logout-ends-renewals", test_logout_ends_renewals, "[server]\nsession-timeout = 4\n");
  ADD ("logout-bounded", test_logout_bounded, "[server]\nsession-timeout = 2\n");
  ADD ("rate-limit", test_rate_limit, "[server]\nauth-max-failures = 3\nauth-failure-window = 2\n");
  ADD ("agencies", test_agencies, NULL);
  ADD ("eld-rules", test_eld_rules, NULL);
  ADD ("referentiel", test_referentiel, NULL);
  ADD ("cli", test_cli, NULL);
#undef ADD
  g_test_add_func ("/server-auth/log-user", test_log_user);
  return g_test_run ();
}

/* test-server-admin-live.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The administration subcommands run while the real relais-server serves
 * the same data folder: what they change applies to the running server
 * at once, over HTTP: a new user logs in, a new password works and the
 * old one fails, a new database and a _security change apply, an import
 * is visible, and feeds waiting on a database the subcommand wrote to
 * are woken.
 */

#include "config.h"

#include "server-admin-utils.h"

#define NO_JOBS "\n[jobs]\ninterval = 0\n"

typedef struct
{
  TestServer ts;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *base = g_dir_make_tmp ("relais-admin-live-XXXXXX", NULL);
  g_autofree char *config = g_strconcat (test_config, NO_JOBS, NULL);

  g_assert_nonnull (base);
  f->ts.data_dir = g_build_filename (base, "data", NULL);
  test_server_start_with_config (&f->ts, f->ts.data_dir, config);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_server_stop (&f->ts);
}

/* `relais-server ARGS… --data-dir DIR`, which must succeed. */
static void
tool (Fixture *f, const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, "--data-dir");
  g_ptr_array_add (args, f->ts.data_dir);
  g_ptr_array_add (args, NULL);
  out = test_run_server_toolv (&status, &err, (const char *const *) args->pdata);
  if (status != 0)
    g_error ("relais-server %s failed: %s", first, err);
}

/* The status of @method @path as @user:@password (Basic), or with the
 * session @cookie when @user is NULL; *body_out (optional) the body. */
static guint
status_as (Fixture *f,
           const char *method,
           const char *path,
           const char *user,
           const char *password,
           const char *cookie,
           char **body_out)
{
  g_autoptr (SoupMessage) msg =
      test_message_as (&f->ts, method, path, NULL, user, password, cookie);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  bytes = soup_session_send_and_read (f->ts.session, msg, NULL, &error);
  g_assert_no_error (error);
  if (body_out != NULL)
    *body_out = g_strndup (g_bytes_get_size (bytes) > 0 ? g_bytes_get_data (bytes, NULL) : "",
                           g_bytes_get_size (bytes));
  return soup_message_get_status (msg);
}

/* The name GET /_session gives for @user:@password (NULL: anonymous). */
static char *
session_name (Fixture *f, const char *user, const char *password, const char *cookie)
{
  g_autofree char *body = NULL;
  g_autoptr (JsonNode) node = NULL;
  JsonObject *ctx;

  g_assert_cmpuint (status_as (f, "GET", "/_session", user, password, cookie, &body), ==, 200);
  node = test_parse (body);
  ctx = json_object_get_object_member (json_node_get_object (node), "userCtx");
  return json_object_get_null_member (ctx, "name")
             ? NULL
             : g_strdup (json_object_get_string_member (ctx, "name"));
}

static void
test_users (Fixture *f, gconstpointer data)
{
  g_autofree char *name = NULL;
  g_autofree char *renamed = NULL;

  /* Unknown before. */
  g_assert_cmpuint (status_as (f, "GET", "/_session", "ana", "first", NULL, NULL), ==, 401);

  tool (f, "user", "add", "ana", "--roles", "conseiller,agence:35001", "--password", "first", NULL);
  name = session_name (f, "ana", "first", NULL);
  g_assert_cmpstr (name, ==, "ana");

  tool (f, "user", "passwd", "ana", "--password", "second", NULL);
  g_assert_cmpuint (status_as (f, "GET", "/_session", "ana", "first", NULL, NULL), ==, 401);
  renamed = session_name (f, "ana", "second", NULL);
  g_assert_cmpstr (renamed, ==, "ana");
}

static void
test_db_security (Fixture *f, gconstpointer data)
{
  tool (f, "user", "add", "ana", "--roles", "conseiller,agence:35001", "--password", "pw", NULL);
  tool (f, "user", "add", "bob", "--roles", "conseiller,agence:35002", "--password", "pw", NULL);

  g_assert_cmpuint (status_as (f, "GET", "/rennes", "ana", "pw", NULL, NULL), ==, 404);
  tool (f, "db", "create", "rennes", "--agence", "35001", NULL);
  g_assert_cmpuint (status_as (f, "GET", "/rennes", "ana", "pw", NULL, NULL), ==, 200);
  g_assert_cmpuint (status_as (f, "GET", "/rennes", "bob", "pw", NULL, NULL), ==, 403);

  /* The agency changes hands: bob in, ana out. */
  tool (f, "db", "security", "rennes", "--members-roles", "agence:35002", NULL);
  g_assert_cmpuint (status_as (f, "GET", "/rennes", "ana", "pw", NULL, NULL), ==, 403);
  g_assert_cmpuint (status_as (f, "GET", "/rennes", "bob", "pw", NULL, NULL), ==, 200);
}

typedef struct
{
  GBytes *body;
  gint64 done_at;
} Async;

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Async *a = user_data;
  g_autoptr (GError) error = NULL;

  a->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  a->done_at = g_get_monotonic_time ();
}

/* A longpoll waiting on _users sees the user a subcommand adds: the
 * server notices writes it did not make itself. */
static void
test_feed_woken (Fixture *f, gconstpointer data)
{
  g_autoptr (SoupSession) other = soup_session_new ();
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;
  JsonArray *rows;
  Async a = { 0 };
  gint64 start, written_at;

  tool (f, "user", "add", "ana", "--roles", "conseiller", "--password", "pw", NULL);
  msg =
      test_message (&f->ts, "GET", "/_users/_changes?feed=longpoll&since=now&timeout=20000", NULL);
  soup_session_send_and_read_async (other, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &a);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 300 * 1000)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (a.body);

  tool (f, "user", "add", "bea", "--roles", "eld", "--password", "pw", NULL);
  written_at = g_get_monotonic_time ();
  while (a.body == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("woken %.0f ms after the subcommand", (a.done_at - written_at) / 1000.0);
  g_assert_cmpint (a.done_at - written_at, <, 2 * G_USEC_PER_SEC);
  text = g_strndup (g_bytes_get_data (a.body, NULL), g_bytes_get_size (a.body));
  node = test_parse (text);
  rows = json_object_get_array_member (json_node_get_object (node), "results");
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "id"),
                   ==, "org.couchdb.user:bea");
  g_bytes_unref (a.body);
}

static void
test_referential_import (Fixture *f, gconstpointer data)
{
  const char *dir = g_getenv ("RELAIS_REFERENTIAL_DIR");
  g_autoptr (JsonNode) info = NULL;
  g_autoptr (JsonNode) rome = NULL;

  g_assert_nonnull (dir);
  tool (f, "referential", "import", dir, NULL);
  info = test_json (&f->ts, "GET", "/referentiel", NULL, 200);
  g_assert_cmpint (obj_int (info, "doc_count"), >, 47000);
  rome = test_json (&f->ts, "GET", "/referentiel/rome:K2204", NULL, 200);
  g_assert_cmpstr (obj_str (rome, "libelle"), ==, "Nettoyage de locaux");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add ("/server-admin-live/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("users", test_users);
  ADD ("db-security", test_db_security);
  ADD ("feed-woken", test_feed_woken);
  ADD ("referential-import", test_referential_import);
#undef ADD
  return g_test_run ();
}

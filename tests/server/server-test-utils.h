/* server-test-utils.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Runs the real `relais-server serve` binary on a free loopback port with
 * a temporary data folder, and talks to it over HTTP with a SoupSession.
 */

#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/prctl.h>
#include <signal.h>

typedef struct
{
  GSubprocess *process;
  SoupSession *session;
  char *data_dir;
  char *url; /* "http://127.0.0.1:PORT/" (https with TLS) */
  /* Optional: more configuration after test_config (groups merge, later
   * keys win), and the server's stderr as a pipe (for its log lines). */
  const char *extra_config;
  gboolean capture_stderr;
  const char *config; /* the configuration file's text; NULL: test_config */
} TestServer;

/* The server admin of every test server, from its configuration file
 * (as CouchDB's [admins]); test_message() authenticates as it. */
#define TEST_ADMIN_NAME "admin"
#define TEST_ADMIN_PASSWORD "relais-test-admin"
#define TEST_ADMIN_BASIC "YWRtaW46cmVsYWlzLXRlc3QtYWRtaW4=" /* base64 of "admin:…" */

/* Small limits so that the tests reach them cheaply; a tiny chunk size
 * makes every feed span several chunks. */
static const char test_config[] = "[server]\n"
                                  "max-body-size = 65536\n"
                                  "max-docs-per-batch = 200\n"
                                  "changes-chunk-rows = 7\n"
                                  "log-level = warning\n"
                                  "\n"
                                  "[admins]\n"
                                  "admin = " TEST_ADMIN_PASSWORD "\n";

/* A test that fails kills its server too, or the server would keep the
 * test's output pipe open and the harness would wait for it. */
static void
test_server_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts the server on @data_dir with @config_text as its configuration
 * (test_config, maybe with more groups after it). */
static inline void
test_server_start_with_config (TestServer *ts, const char *data_dir, const char *config_text)
{
  g_autofree char *binary =
      g_test_build_filename (G_TEST_BUILT, "..", "src", "server", "relais-server", NULL);
  g_autofree char *base = g_path_get_dirname (data_dir);
  g_autofree char *config = g_build_filename (base, "relais-test.ini", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_PIPE |
      (ts->capture_stderr ? G_SUBPROCESS_FLAGS_STDERR_PIPE : G_SUBPROCESS_FLAGS_NONE));
  g_autofree char *text =
      g_strconcat (ts->config != NULL ? ts->config : config_text, "\n", ts->extra_config, NULL);

  g_assert_true (g_file_set_contents (config, text, -1, NULL));
  g_subprocess_launcher_set_child_setup (launcher, test_server_child_setup, NULL, NULL);
  ts->process = g_subprocess_launcher_spawn (launcher, &error, binary, "serve", "--config", config,
                                             "--port", "0", "--data-dir", data_dir, NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (ts->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:") ||
                 g_str_has_prefix (line, "listening on https://127.0.0.1:"));
  g_free (ts->url);
  ts->url = g_strdup (line + strlen ("listening on "));
  if (ts->session == NULL)
    ts->session = soup_session_new_with_options ("timeout", 30, NULL);
}

/* A self-signed certificate for 127.0.0.1 and its key, made by openssl
 * in @dir: a server's tls-certificate and tls-key, and a client's CA. */
static inline void
test_make_certificate (const char *dir, char **cert, char **key)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) openssl = NULL;

  *cert = g_build_filename (dir, "cert.pem", NULL);
  *key = g_build_filename (dir, "key.pem", NULL);
  openssl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-keyout", *key, "-out", *cert, "-days", "1", "-subj",
                              "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (openssl, NULL, &error));
  g_assert_no_error (error);
}

static inline void
test_server_start_in (TestServer *ts, const char *data_dir)
{
  test_server_start_with_config (ts, data_dir, test_config);
}

static inline void
test_server_start (TestServer *ts)
{
  g_autofree char *base = g_dir_make_tmp ("relais-server-XXXXXX", NULL);

  g_assert_nonnull (base);
  ts->data_dir = g_build_filename (base, "data", NULL);
  test_server_start_in (ts, ts->data_dir);
}

static inline void
test_server_kill (TestServer *ts)
{
  if (ts->process == NULL)
    return;
  g_subprocess_force_exit (ts->process);
  g_subprocess_wait (ts->process, NULL, NULL);
  g_clear_object (&ts->process);
}

/* The server started again on @port ("12345") with the same data and
 * configuration, as after a reboot. */
static inline void
test_server_start_on_port (TestServer *ts, const char *port)
{
  g_autofree char *binary =
      g_test_build_filename (G_TEST_BUILT, "..", "src", "server", "relais-server", NULL);
  g_autofree char *base = g_path_get_dirname (ts->data_dir);
  g_autofree char *config = g_build_filename (base, "relais-test.ini", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GDataInputStream) lines = NULL;
  g_autofree char *line = NULL;

  g_subprocess_launcher_set_child_setup (launcher, test_server_child_setup, NULL, NULL);
  ts->process = g_subprocess_launcher_spawn (launcher, &error, binary, "serve", "--config", config,
                                             "--port", port, "--data-dir", ts->data_dir, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (ts->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (line, "listening on "));
}

static inline void
rm_rf (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline void
test_server_stop (TestServer *ts)
{
  g_autofree char *base = g_path_get_dirname (ts->data_dir);

  if (ts->process != NULL)
    {
      g_subprocess_send_signal (ts->process, SIGTERM);
      g_subprocess_wait (ts->process, NULL, NULL);
      g_assert_true (g_subprocess_get_if_exited (ts->process));
      g_assert_cmpint (g_subprocess_get_exit_status (ts->process), ==, 0);
      g_clear_object (&ts->process);
    }
  rm_rf (base);
  g_clear_object (&ts->session);
  g_clear_pointer (&ts->url, g_free);
  g_clear_pointer (&ts->data_dir, g_free);
}

static inline SoupMessage *
test_message (TestServer *ts, const char *method, const char *path, const char *body)
{
  g_autofree char *uri = g_strconcat (ts->url, path[0] == '/' ? path + 1 : path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Basic " TEST_ADMIN_BASIC);
  return msg;
}

/* test_message() as @user:@password (HTTP Basic) and/or with the session
 * @cookie instead of the test admin; anonymous when both are NULL. */
static inline SoupMessage *
test_message_as (TestServer *ts,
                 const char *method,
                 const char *path,
                 const char *body,
                 const char *user,
                 const char *password,
                 const char *cookie)
{
  SoupMessage *msg = test_message (ts, method, path, body);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_remove (headers, "Authorization");
  if (user != NULL)
    {
      g_autofree char *plain = g_strconcat (user, ":", password, NULL);
      g_autofree char *b64 = g_base64_encode ((const guchar *) plain, strlen (plain));
      g_autofree char *header = g_strconcat ("Basic ", b64, NULL);

      soup_message_headers_replace (headers, "Authorization", header);
    }
  if (cookie != NULL)
    {
      g_autofree char *header = g_strconcat ("AuthSession=", cookie, NULL);

      soup_message_headers_replace (headers, "Cookie", header);
    }
  return msg;
}

/* Sends a request and returns the body as text; *status gets the code. */
static inline char *
test_request (TestServer *ts, const char *method, const char *path, const char *body, guint *status)
{
  g_autoptr (SoupMessage) msg = test_message (ts, method, path, body);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = soup_session_send_and_read (ts->session, msg, NULL, &error);

  g_assert_no_error (error);
  if (status != NULL)
    *status = soup_message_get_status (msg);
  /* An empty body has no data pointer: answer "" rather than NULL. */
  return g_strndup (g_bytes_get_size (bytes) > 0 ? g_bytes_get_data (bytes, NULL) : "",
                    g_bytes_get_size (bytes));
}

static inline JsonNode *
test_parse (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

/* Sends, checks the status, returns the parsed JSON body. */
static inline JsonNode *
test_json (TestServer *ts, const char *method, const char *path, const char *body, guint expected)
{
  guint status = 0;
  g_autofree char *text = test_request (ts, method, path, body, &status);

  if (status != expected)
    g_error ("%s %s: expected %u, got %u: %s", method, path, expected, status, text);
  return test_parse (text);
}

static inline const char *
obj_str (JsonNode *node, const char *member)
{
  return json_object_get_string_member (json_node_get_object (node), member);
}

/* Checks a CouchDB error reply: status, "error" and (if given) "reason". */
static inline void
test_error (TestServer *ts,
            const char *method,
            const char *path,
            const char *body,
            guint expected,
            const char *error,
            const char *reason)
{
  g_autoptr (JsonNode) node = test_json (ts, method, path, body, expected);

  g_assert_cmpstr (obj_str (node, "error"), ==, error);
  if (reason != NULL)
    g_assert_cmpstr (obj_str (node, "reason"), ==, reason);
}

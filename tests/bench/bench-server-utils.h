/* bench-server-utils.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The server benchmarks run the relais-server binary of their own build
 * (../../src/server/relais-server from the benchmark) on a free loopback
 * port, with a temporary data folder and the default limits.
 */

#pragma once

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#define BENCH_ADMIN_BASIC "Basic YWRtaW46cmVsYWlzLXRlc3QtYWRtaW4=" /* admin:relais-test-admin */

typedef struct
{
  GSubprocess *process;
  char *base; /* temporary folder: config and data */
  char *url;  /* "http://127.0.0.1:PORT/" */
} BenchServer;

static void
bench_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static inline void
bench_server_start (BenchServer *bs, const char *argv0)
{
  g_autofree char *dir = g_path_get_dirname (argv0);
  g_autofree char *binary =
      g_build_filename (dir, "..", "..", "src", "server", "relais-server", NULL);
  g_autofree char *config = NULL;
  g_autofree char *data = NULL;
  g_autofree char *line = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GSubprocessLauncher) launcher =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);

  bs->base = g_dir_make_tmp ("relais-bench-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (bs->base, "relais.ini", NULL);
  data = g_build_filename (bs->base, "data", NULL);
  /* BENCH_SERVER_LOG_LEVEL=info: the server's one line per request, with
   * its own duration, to tell the server's time from the client's. */
  g_autofree char *ini = g_strdup_printf (
      "[server]\nlog-level = %s\n\n[admins]\nadmin = relais-test-admin\n",
      g_getenv ("BENCH_SERVER_LOG_LEVEL") != NULL ? g_getenv ("BENCH_SERVER_LOG_LEVEL")
                                                  : "warning");

  g_file_set_contents (config, ini, -1, &error);
  g_assert_no_error (error);

  g_subprocess_launcher_set_child_setup (launcher, bench_child_setup, NULL, NULL);
  bs->process = g_subprocess_launcher_spawn (launcher, &error, binary, "serve", "--config", config,
                                             "--port", "0", "--data-dir", data, NULL);
  if (bs->process == NULL)
    g_error ("%s: %s", binary, error->message);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bs->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    g_error ("relais-server did not start: %s", error != NULL ? error->message : "no output");
  bs->url = g_strdup (line + strlen ("listening on "));
}

static inline void
bench_rm_rf (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        bench_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline void
bench_server_stop (BenchServer *bs)
{
  g_subprocess_send_signal (bs->process, SIGTERM);
  g_subprocess_wait (bs->process, NULL, NULL);
  g_clear_object (&bs->process);
  bench_rm_rf (bs->base);
  g_clear_pointer (&bs->base, g_free);
  g_clear_pointer (&bs->url, g_free);
}

static inline SoupMessage *
bench_message (BenchServer *bs, const char *method, const char *path, const char *body)
{
  g_autofree char *uri = g_strconcat (bs->url, path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  g_assert (msg != NULL);
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                BENCH_ADMIN_BASIC);
  return msg;
}

/* A synchronous request that must answer @expected; returns the body. */
static inline GBytes *
bench_request (BenchServer *bs,
               SoupSession *session,
               const char *method,
               const char *path,
               const char *body,
               guint expected)
{
  g_autoptr (SoupMessage) msg = bench_message (bs, method, path, body);
  g_autoptr (GError) error = NULL;
  GBytes *bytes = soup_session_send_and_read (session, msg, NULL, &error);

  if (bytes == NULL)
    g_error ("%s %s: %s", method, path, error->message);
  if (soup_message_get_status (msg) != expected)
    g_error ("%s %s: %u, expected %u: %.*s", method, path, soup_message_get_status (msg), expected,
             (int) MIN (g_bytes_get_size (bytes), 300),
             (const char *) g_bytes_get_data (bytes, NULL));
  return bytes;
}

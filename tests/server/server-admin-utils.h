/* server-admin-utils.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Running the administration subcommands of the real relais-server
 * binary, and stopping a test server while keeping its data folder.
 */

#pragma once

#include "server-test-utils.h"

/* Stops the server (SIGTERM, as systemd does) and keeps its data. */
static inline void
test_server_halt (TestServer *ts)
{
  g_assert_nonnull (ts->process);
  g_subprocess_send_signal (ts->process, SIGTERM);
  g_subprocess_wait (ts->process, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (ts->process));
  g_assert_cmpint (g_subprocess_get_exit_status (ts->process), ==, 0);
  g_clear_object (&ts->process);
}

/* Runs `relais-server ARGS` (@args NULL-terminated) to its end; returns
 * its stdout, *status gets the exit status, *err_out (optional) its
 * stderr. */
static inline char *
test_run_server_toolv (int *status, char **err_out, const char *const *args)
{
  g_autofree char *binary =
      g_test_build_filename (G_TEST_BUILT, "..", "src", "server", "relais-server", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process =
      g_subprocess_newv ((const char *const *) argv->pdata,
                         G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  *status = g_subprocess_get_exit_status (process);
  if (err_out != NULL)
    *err_out = g_steal_pointer (&err);
  return g_steal_pointer (&out);
}

/* The same with ARGS… as arguments (NULL-terminated). */
static inline char *
test_run_server_tool (int *status, char **err_out, const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return test_run_server_toolv (status, err_out, (const char *const *) args->pdata);
}

static inline gint64
obj_int (JsonNode *node, const char *member)
{
  return json_object_get_int_member (json_node_get_object (node), member);
}

/* The number of files in a folder, dot files left out. */
static inline guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] != '.')
      n++;
  return n;
}

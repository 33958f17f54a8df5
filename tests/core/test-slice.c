/* test-slice.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * relais_slice_use_malloc() starts the program again with
 * G_SLICE=always-malloc, under its own name, with the same arguments;
 * a G_SLICE already set is left alone. This program is its own child:
 * `--child` runs the call and prints what the restarted process sees.
 */

#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "relais-slice.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

static char *self_path;

static int
child_main (char **argv)
{
  g_autofree char *comm = NULL;
  const char *slice;

  relais_slice_use_malloc (argv);
  slice = g_getenv ("G_SLICE");
  g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL);
  g_strchomp (comm);
  printf ("G_SLICE=%s comm=%s args=%s,%s\n", slice != NULL ? slice : "(unset)", comm, argv[1],
          argv[2]);
  return 0;
}

static char *
run_child (const char *slice)
{
  const char *argv[] = { self_path, "--child", "x y", NULL };
  g_auto (GStrv) env = g_get_environ ();
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = -1;

  env = slice != NULL ? g_environ_setenv (env, "G_SLICE", slice, TRUE)
                      : g_environ_unsetenv (env, "G_SLICE");
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static void
test_restarts_with_malloc (void)
{
  g_autofree char *out = run_child (NULL);

  /* Sanitizer builds keep the slices (LeakSanitizer would see the
   * libraries' objects they hide); GLib ≥ 2.76 has no slices to avoid. */
  if (SANITIZED || glib_check_version (2, 76, 0) == NULL)
    g_assert_cmpstr (out, ==, "G_SLICE=(unset) comm=test-slice args=--child,x y\n");
  else
    g_assert_cmpstr (out, ==, "G_SLICE=always-malloc comm=test-slice args=--child,x y\n");
}

static void
test_set_value_kept (void)
{
  g_autofree char *empty = run_child ("");
  g_autofree char *debug = run_child ("debug-blocks");

  g_assert_cmpstr (empty, ==, "G_SLICE= comm=test-slice args=--child,x y\n");
  g_assert_cmpstr (debug, ==, "G_SLICE=debug-blocks comm=test-slice args=--child,x y\n");
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "--child") == 0)
    return child_main (argv);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self_path);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/slice/restarts-with-malloc", test_restarts_with_malloc);
  g_test_add_func ("/slice/set-value-kept", test_set_value_kept);
  return g_test_run ();
}

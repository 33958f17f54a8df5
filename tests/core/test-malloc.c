/* test-slice.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * relais_malloc_setup() starts the program again with
 * G_SLICE=always-malloc, under its own name, with the same arguments;
 * a G_SLICE already set is left alone. This program is its own child:
 * `--child` runs the call and prints what the restarted process sees.
 */

#include "config.h"

#include <glib.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "relais-malloc.h"

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

  relais_malloc_setup (argv);
  slice = g_getenv ("G_SLICE");
  g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL);
  g_strchomp (comm);
  printf ("G_SLICE=%s comm=%s args=%s,%s\n", slice != NULL ? slice : "(unset)", comm, argv[1],
          argv[2]);
  return 0;
}

/* Small blocks freed beyond what the thread cache keeps (7 a size) go
 * to the fast bins when they are on; fsmblks counts their bytes. */
static int
child_bins_main (char **argv)
{
  enum
  {
    N = 1000
  };
  static void *blocks[N];

  relais_malloc_setup (argv);
  for (guint i = 0; i < N; i++)
    blocks[i] = malloc (40);
  for (guint i = 0; i < N; i++)
    free (blocks[i]);
  printf ("%zu\n", mallinfo2 ().fsmblks);
  return 0;
}

static char *
run_child_full (const char *mode, const char *slice, const char *tunables)
{
  const char *argv[] = { self_path, mode, "x y", NULL };
  g_auto (GStrv) env = g_get_environ ();
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  int status = -1;

  env = slice != NULL ? g_environ_setenv (env, "G_SLICE", slice, TRUE)
                      : g_environ_unsetenv (env, "G_SLICE");
  env = tunables != NULL ? g_environ_setenv (env, "GLIBC_TUNABLES", tunables, TRUE)
                         : g_environ_unsetenv (env, "GLIBC_TUNABLES");
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status,
                &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static char *
run_child (const char *slice)
{
  return run_child_full ("--child", slice, NULL);
}

static void
test_restarts_with_malloc (void)
{
  g_autofree char *out = run_child (NULL);

  /* Sanitizer builds keep the slices (LeakSanitizer would see the
   * libraries' objects they hide); GLib ≥ 2.76 has no slices to avoid. */
  if (SANITIZED || glib_check_version (2, 76, 0) == NULL)
    g_assert_cmpstr (out, ==, "G_SLICE=(unset) comm=test-malloc args=--child,x y\n");
  else
    g_assert_cmpstr (out, ==, "G_SLICE=always-malloc comm=test-malloc args=--child,x y\n");
}

static void
test_set_value_kept (void)
{
  g_autofree char *empty = run_child ("");
  g_autofree char *debug = run_child ("debug-blocks");

  g_assert_cmpstr (empty, ==, "G_SLICE= comm=test-malloc args=--child,x y\n");
  g_assert_cmpstr (debug, ==, "G_SLICE=debug-blocks comm=test-malloc args=--child,x y\n");
}

static void
test_no_fast_bins (void)
{
  g_autofree char *off = NULL;
  g_autofree char *on = NULL;

  if (SANITIZED)
    {
      g_test_skip ("the sanitizer's allocator replaces glibc's");
      return;
    }
  off = run_child_full ("--child-bins", NULL, NULL);
  on = run_child_full ("--child-bins", NULL, "glibc.malloc.mxfast=128");
  g_assert_cmpstr (off, ==, "0\n");
  /* The tunable is left to say: the same blocks then wait in fast bins. */
  g_assert_cmpuint (g_ascii_strtoull (on, NULL, 10), >, 0);
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "--child") == 0)
    return child_main (argv);
  if (argc > 1 && strcmp (argv[1], "--child-bins") == 0)
    return child_bins_main (argv);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_assert_nonnull (self_path);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/malloc/restarts-with-malloc", test_restarts_with_malloc);
  g_test_add_func ("/malloc/set-value-kept", test_set_value_kept);
  g_test_add_func ("/malloc/no-fast-bins", test_no_fast_bins);
  return g_test_run ();
}

/* gui-demo-server.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * For the GUI tests that connect: the real relais-server on a data folder
 * filled by `relais-server demo`, whose counsellor conseiller-suivi the
 * app logs in as.
 */

#pragma once

#include "../server/server-test-utils.h"

typedef struct
{
  char *db;         /* the agency's database */
  char *password;   /* conseiller-suivi's */
  char *conseiller; /* "conseiller:…", his id */
} DemoServer;

/* The demo's database name and the counsellor's password and id, from
 * what `relais-server demo` prints once. */
static inline void
demo_server_make (DemoServer *f, const char *data_dir)
{
  g_autofree char *binary =
      g_test_build_filename (G_TEST_BUILT, "..", "src", "server", "relais-server", NULL);
  g_autofree char *out = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GSubprocess) demo =
      g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                        binary, "demo", data_dir, "--de", "60", "--seed", "3", NULL);

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (demo, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (demo));
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      g_autoptr (GStrvBuilder) kept = g_strv_builder_new ();
      g_auto (GStrv) w = NULL;
      guint n;

      for (guint j = 0; words[j] != NULL; j++)
        if (words[j][0] != '\0')
          g_strv_builder_add (kept, words[j]);
      w = g_strv_builder_end (kept);
      n = g_strv_length (w);
      if (n >= 3 && g_str_equal (w[0], "users") && g_str_equal (w[1], "of"))
        f->db = g_strdup (w[2]);
      else if (n >= 3 && g_str_equal (w[0], "conseiller-suivi"))
        {
          f->password = g_strdup (w[1]);
          f->conseiller = g_strndup (w[n - 1] + 1, strlen (w[n - 1]) - 2); /* "(…)" */
        }
    }
  g_assert_nonnull (f->db);
  g_assert_nonnull (f->password);
  g_assert_true (g_str_has_prefix (f->conseiller, "conseiller:"));
}

static inline void
demo_server_clear (DemoServer *f)
{
  g_clear_pointer (&f->db, g_free);
  g_clear_pointer (&f->password, g_free);
  g_clear_pointer (&f->conseiller, g_free);
}

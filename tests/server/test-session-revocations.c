/* test-session-revocations.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The store of logged-out session cookies, linked in: what it keeps on
 * disk, its bound (the oldest cookies folded into their user's "not
 * before", never un-revoked) and the expiry of its entries. Over HTTP,
 * test-server-auth covers logout itself.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "relais-session-revocations.h"

#define HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("relais-revocations-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "revoked-sessions", NULL);

  g_unlink (path);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static RelaisSessionRevocations *
load (Fixture *f, guint max)
{
  g_autoptr (GError) error = NULL;
  RelaisSessionRevocations *r = relais_session_revocations_load (f->dir, max, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static void
add (RelaisSessionRevocations *r, const char *mac, const char *name, gint64 issued)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (relais_session_revocations_add (r, mac, name, issued, HOUR, &error));
  g_assert_no_error (error);
}

static void
test_persisted (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time ();
  g_autoptr (RelaisSessionRevocations) first = load (f, 100);
  g_autoptr (RelaisSessionRevocations) again = NULL;

  g_assert_false (relais_session_revocations_contains (first, "aa", "ana", now - 10));
  add (first, "aa", "ana", now - 10);
  add (first, "bb", "jean pierre", now - 5); /* a name with a space: the rest of the line */
  g_assert_true (relais_session_revocations_contains (first, "aa", "ana", now - 10));
  g_assert_false (relais_session_revocations_contains (first, "cc", "ana", now - 10));

  again = load (f, 100);
  g_assert_true (relais_session_revocations_contains (again, "aa", "ana", now - 10));
  g_assert_true (relais_session_revocations_contains (again, "bb", "jean pierre", now - 5));
  g_assert_false (relais_session_revocations_contains (again, "cc", "ana", now - 1));
}

static void
test_bounded (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time ();
  g_autoptr (RelaisSessionRevocations) r = load (f, 2);
  g_autoptr (RelaisSessionRevocations) again = NULL;
  g_autofree char *path = g_build_filename (f->dir, "revoked-sessions", NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  add (r, "a1", "ana", now - 300);
  add (r, "b1", "bob", now - 200);
  add (r, "a2", "ana", now - 100); /* one too many: a1 is folded */

  /* Still revoked, and so is any older cookie of ana's, not a newer one
   * nor bob's. */
  g_assert_true (relais_session_revocations_contains (r, "a1", "ana", now - 300));
  g_assert_true (relais_session_revocations_contains (r, "a0", "ana", now - 400));
  g_assert_false (relais_session_revocations_contains (r, "a3", "ana", now - 250));
  g_assert_false (relais_session_revocations_contains (r, "b0", "bob", now - 400));
  g_assert_true (relais_session_revocations_contains (r, "a2", "ana", now - 100));

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4); /* two cookies, ana's "not before", "" */
  again = load (f, 2);
  g_assert_true (relais_session_revocations_contains (again, "a1", "ana", now - 300));
  g_assert_true (relais_session_revocations_contains (again, "b1", "bob", now - 200));
  g_assert_false (relais_session_revocations_contains (again, "a3", "ana", now - 250));
}

/* An entry for a cookie older than the session timeout goes. */
static void
test_expired_dropped (Fixture *f, gconstpointer data)
{
  gint64 now = g_get_real_time ();
  g_autoptr (RelaisSessionRevocations) r = load (f, 100);
  g_autoptr (RelaisSessionRevocations) again = NULL;

  add (r, "old", "ana", now - 2 * HOUR);
  add (r, "new", "ana", now - 10);
  again = load (f, 100);
  g_assert_false (relais_session_revocations_contains (again, "old", "ana", now - 2 * HOUR));
  g_assert_true (relais_session_revocations_contains (again, "new", "ana", now - 10));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/session-revocations/persisted", Fixture, NULL, fixture_setup, test_persisted,
              fixture_teardown);
  g_test_add ("/session-revocations/bounded", Fixture, NULL, fixture_setup, test_bounded,
              fixture_teardown);
  g_test_add ("/session-revocations/expired-dropped", Fixture, NULL, fixture_setup,
              test_expired_dropped, fixture_teardown);
  return g_test_run ();
}

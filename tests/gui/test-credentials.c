/* test-credentials.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The counsellor's password in a real Secret Service: run by
 * with-keyring.sh inside its own D-Bus session with a gnome-keyring-daemon
 * unlocked on a throw-away HOME, so nothing touches the developer's keyring.
 */

#include "config.h"

#include <gio/gio.h>

#include "keyring-test-utils.h"

static void
test_nothing_stored (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *password = keyring_lookup ("https://relais.example:5984", "nobody", &error);

  /* Nothing there is not an error: the app then asks for the password. */
  g_assert_no_error (error);
  g_assert_null (password);
}

static void
test_store_then_lookup (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *password = NULL;

  keyring_store ("http://127.0.0.1:5984", "conseiller-suivi", "mot de passe é€");
  password = keyring_lookup ("http://127.0.0.1:5984", "conseiller-suivi", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "mot de passe é€");
}

static void
test_keyed_by_server_and_user (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *other_user = NULL;
  g_autofree char *other_server = NULL;
  g_autofree char *same = NULL;

  keyring_store ("http://relais-a:5984", "eld", "secret-a");
  other_user = keyring_lookup ("http://relais-a:5984", "conseiller-guide", &error);
  g_assert_no_error (error);
  g_assert_null (other_user);
  other_server = keyring_lookup ("http://relais-b:5984", "eld", &error);
  g_assert_no_error (error);
  g_assert_null (other_server);
  same = keyring_lookup ("http://relais-a:5984", "eld", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (same, ==, "secret-a");
}

static void
test_new_password_replaces_old (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *password = NULL;

  /* A changed password saved again must not leave the old one to be found. */
  keyring_store ("http://relais-c:5984", "administrateur", "ancien");
  keyring_store ("http://relais-c:5984", "administrateur", "nouveau");
  password = keyring_lookup ("http://relais-c:5984", "administrateur", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "nouveau");
}

static void
test_no_keyring_is_not_fatal (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *password = NULL;

      /* libsecret keeps its bus connection: only a fresh process sees no bus. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "disabled:", TRUE);
      password = keyring_lookup ("http://127.0.0.1:5984", "conseiller-suivi", &error);
      g_assert_null (password);
      g_assert_nonnull (error);
      g_print ("no keyring: %s\n", error->message);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*no keyring:*");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/nothing-stored", test_nothing_stored);
  g_test_add_func ("/credentials/store-then-lookup", test_store_then_lookup);
  g_test_add_func ("/credentials/keyed-by-server-and-user", test_keyed_by_server_and_user);
  g_test_add_func ("/credentials/new-password-replaces-old", test_new_password_replaces_old);
  g_test_add_func ("/credentials/no-keyring-is-not-fatal", test_no_keyring_is_not_fatal);
  return g_test_run ();
}

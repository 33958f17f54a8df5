/* test-preferences.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The preferences window under Xvfb, inside with-keyring.sh's private
 * D-Bus session with a real gnome-keyring-daemon: it shows the account of
 * the settings or of the running session, switches the ELD views, and
 * signing out stops the sync, forgets the password in the keyring and the
 * account in the settings, but keeps the workstation and the local store.
 */

#include "config.h"

#include "gui-test-utils.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "relais-application.h"
#include "relais-context.h"
#include "keyring-test-utils.h"
#include "relais-preferences-window.h"

#define SERVER "http://127.0.0.1:9/agence"

typedef struct
{
  char *dir;
  char *store_path;
  RelaisContext *context;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  GSettings *settings;

  fixture->dir = g_dir_make_tmp ("relais-preferences-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "agence.db", NULL);
  fill_demo_store (fixture->store_path, 5);
  fixture->context = relais_context_new (fixture->store_path, NULL);
  settings = relais_context_get_settings (fixture->context);
  /* The memory backend is shared by the whole process: start clean. */
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "username");
  g_settings_reset (settings, "conseiller-id");
  g_settings_reset (settings, "workstation-id");
  g_settings_reset (settings, "eld-mode");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->context);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store_path);
}

/* The AdwActionRow whose title is @title (with its mnemonic underline). */
static AdwActionRow *
find_row (GtkWidget *widget, const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return ADW_ACTION_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *row = find_row (child, title);

      if (row != NULL)
        return row;
    }
  return NULL;
}

/* The password of @user on the test's server, asserting the call worked. */
static char *
lookup (const char *user)
{
  g_autoptr (GError) error = NULL;
  char *password = keyring_lookup (SERVER, user, &error);

  g_assert_no_error (error);
  return password;
}

/* Until the keyring's answer to the forget call has come back. */
static void
wait_forgotten (const char *user)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *password = lookup (user);

      if (password == NULL)
        return;
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_not_reached ();
}

static void
test_shows_account (Fixture *fixture, gconstpointer data)
{
  GSettings *settings = relais_context_get_settings (fixture->context);
  RelaisPreferencesWindow *window;
  AdwActionRow *server_row;
  AdwActionRow *user_row;

  window = relais_preferences_window_new (NULL, fixture->context);
  gtk_window_present (GTK_WINDOW (window));
  spin ();

  server_row = find_row (GTK_WIDGET (window), "Central server");
  user_row = find_row (GTK_WIDGET (window), "User name");
  g_assert_nonnull (server_row);
  g_assert_nonnull (user_row);
  g_assert_cmpstr (adw_action_row_get_subtitle (server_row), ==, "None");
  /* Nothing to sign out of yet. */
  g_assert_false (
      gtk_widget_get_sensitive (GTK_WIDGET (find_row (GTK_WIDGET (window), "_Sign Out"))));

  /* The rows follow the settings as the connection dialog writes them. */
  g_settings_set_string (settings, "server-url", SERVER);
  g_settings_set_string (settings, "username", "conseiller-suivi");
  g_settings_set_string (settings, "workstation-id", "poste:test");
  spin ();
  g_assert_cmpstr (adw_action_row_get_subtitle (server_row), ==, SERVER);
  g_assert_cmpstr (adw_action_row_get_subtitle (user_row), ==, "conseiller-suivi");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (GTK_WIDGET (window), "Workstation")), ==,
                   "poste:test");
  g_assert_true (
      gtk_widget_get_sensitive (GTK_WIDGET (find_row (GTK_WIDGET (window), "_Sign Out"))));

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

static void
test_eld_switch (Fixture *fixture, gconstpointer data)
{
  GSettings *settings = relais_context_get_settings (fixture->context);
  RelaisPreferencesWindow *window;
  GtkSwitch *eld_switch;

  window = relais_preferences_window_new (NULL, fixture->context);
  gtk_window_present (GTK_WINDOW (window));
  spin ();
  eld_switch = GTK_SWITCH (find_widget (GTK_WIDGET (window), GTK_TYPE_SWITCH));
  g_assert_false (gtk_switch_get_active (eld_switch));

  gtk_switch_set_active (eld_switch, TRUE);
  g_assert_true (g_settings_get_boolean (settings, "eld-mode"));
  g_settings_set_boolean (settings, "eld-mode", FALSE);
  g_assert_false (gtk_switch_get_active (eld_switch));

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

static void
test_sign_out (Fixture *fixture, gconstpointer data)
{
  GSettings *settings = relais_context_get_settings (fixture->context);
  g_autoptr (RelaisSyncSession) session = NULL;
  g_autofree char *before = NULL;
  g_autofree char *workstation = NULL;
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (GError) error = NULL;
  RelaisPreferencesWindow *window;

  g_settings_set_string (settings, "server-url", SERVER);
  g_settings_set_string (settings, "username", "conseiller-guide");
  g_settings_set_string (settings, "conseiller-id", "conseiller:x");
  g_settings_set_string (settings, "workstation-id", "poste:garde");
  keyring_store (SERVER, "conseiller-guide", "secret");
  before = lookup ("conseiller-guide");
  g_assert_cmpstr (before, ==, "secret");
  session = relais_sync_session_new (fixture->store_path, SERVER, "conseiller-guide", "secret",
                                     "conseiller:x", "poste:garde");
  relais_context_set_sync (fixture->context, session);

  window = relais_preferences_window_new (NULL, fixture->context);
  gtk_window_present (GTK_WINDOW (window));
  spin ();
  relais_preferences_window_sign_out (window);
  spin ();

  g_assert_null (relais_context_get_sync (fixture->context));
  g_assert_cmpstr (g_settings_get_string (settings, "server-url"), ==, "");
  g_assert_cmpstr (g_settings_get_string (settings, "username"), ==, "");
  g_assert_cmpstr (g_settings_get_string (settings, "conseiller-id"), ==, "");
  workstation = g_settings_get_string (settings, "workstation-id");
  g_assert_cmpstr (workstation, ==, "poste:garde");
  wait_forgotten ("conseiller-guide");
  g_assert_cmpstr (adw_action_row_get_subtitle (find_row (GTK_WIDGET (window), "Central server")),
                   ==, "None");
  g_assert_false (
      gtk_widget_get_sensitive (GTK_WIDGET (find_row (GTK_WIDGET (window), "_Sign Out"))));

  /* The local store and what it holds stay. */
  store = relais_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (relais_store_count_type (store, "de", NULL), ==, 5);

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

static void
test_french (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      RelaisPreferencesWindow *window = relais_preferences_window_new (NULL, fixture->context);

      g_print ("%s|%s|%s\n", gtk_window_get_title (GTK_WINDOW (window)),
               adw_preferences_row_get_title (
                   ADW_PREFERENCES_ROW (find_row (GTK_WIDGET (window), _ ("Central server")))),
               adw_action_row_get_subtitle (find_row (GTK_WIDGET (window), _ ("Central server"))));
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("Préférences|Serveur central|Aucun*");
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add ("/preferences/shows-account", Fixture, NULL, fixture_set_up, test_shows_account,
              fixture_tear_down);
  g_test_add ("/preferences/eld-switch", Fixture, NULL, fixture_set_up, test_eld_switch,
              fixture_tear_down);
  g_test_add ("/preferences/sign-out", Fixture, NULL, fixture_set_up, test_sign_out,
              fixture_tear_down);
  g_test_add ("/preferences/french", Fixture, NULL, fixture_set_up, test_french, fixture_tear_down);
  return g_test_run ();
}

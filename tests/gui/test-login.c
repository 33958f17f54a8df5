/* test-login.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The connection dialog (RelaisLoginDialog) against the real relais-server:
 * right credentials keep the address, the user, his conseiller id and his
 * roles (the ELD's "eld" shows its views) and start the sync session; a
 * wrong password says so and keeps the dialog open; the dialog cannot be
 * closed while the server has not answered.
 */

#include "config.h"

#include "../server/server-test-utils.h"
#include "gui-test-utils.h"

#include "relais-context.h"
#include "relais-login-dialog.h"
#include "relais-sync-session.h"
#include "relais-window.h"

#define DB "agence-35238"
#define PASSWORD "mot-de-passe-eld"

typedef struct
{
  TestServer ts;
  char *dir;
  RelaisContext *context;
  GSettings *settings;
  GtkWidget *parent;
  GtkWidget *dialog;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *answer = NULL;
  guint status = 0;

  memset (&fixture->ts, 0, sizeof fixture->ts);
  test_server_start (&fixture->ts);
  g_free (test_request (&fixture->ts, "PUT", "/" DB, NULL, &status));
  g_assert_cmpuint (status, ==, 201);
  g_free (test_request (&fixture->ts, "PUT", "/" DB "/_security",
                        "{\"admins\":{\"names\":[],\"roles\":[\"_admin\"]},"
                        "\"members\":{\"names\":[],\"roles\":[\"agence:35238\"]}}",
                        &status));
  g_assert_cmpuint (status, ==, 200);
  g_free (test_request (&fixture->ts, "PUT", "/_users", NULL, &status));
  answer = test_request (&fixture->ts, "PUT", "/_users/org.couchdb.user:bea",
                         "{\"type\":\"user\",\"name\":\"bea\",\"password\":\"" PASSWORD "\","
                         "\"roles\":[\"conseiller:c-bea\",\"eld\",\"agence:35238\"]}",
                         &status);
  g_assert_cmpuint (status, ==, 201);

  fixture->dir = g_dir_make_tmp ("relais-login-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (fixture->dir, "agence.db", NULL);
  fixture->context = relais_context_new (store_path, NULL);
  fixture->settings = g_object_ref (relais_context_get_settings (fixture->context));
  g_settings_reset (fixture->settings, "user-roles");
  g_settings_reset (fixture->settings, "conseiller-id");
  g_settings_set_string (fixture->settings, "username", "bea");
  fixture->parent = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (fixture->parent));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  gtk_window_destroy (GTK_WINDOW (fixture->parent));
  if (relais_context_get_sync (fixture->context) != NULL)
    relais_sync_session_stop (relais_context_get_sync (fixture->context));
  spin ();
  g_clear_object (&fixture->context);
  g_settings_reset (fixture->settings, "user-roles");
  g_settings_reset (fixture->settings, "conseiller-id");
  g_settings_reset (fixture->settings, "username");
  g_settings_reset (fixture->settings, "server-url");
  g_clear_object (&fixture->settings);
  test_server_stop (&fixture->ts);
  rm_rf (fixture->dir);
  g_free (fixture->dir);
}

static RelaisLoginDialog *
open_dialog (Fixture *fixture, const char *password)
{
  g_autofree char *url = g_strconcat (fixture->ts.url, DB, NULL);
  RelaisLoginDialog *dialog;

  fixture->dialog = relais_login_dialog_new (GTK_WINDOW (fixture->parent), fixture->context, NULL);
  g_object_add_weak_pointer (G_OBJECT (fixture->dialog), (gpointer *) &fixture->dialog);
  gtk_window_present (GTK_WINDOW (fixture->dialog));
  dialog = RELAIS_LOGIN_DIALOG (fixture->dialog);
  /* Filled from the settings. */
  g_assert_cmpstr (gtk_editable_get_text (relais_login_dialog_get_entry (dialog, "user")), ==,
                   "bea");
  gtk_editable_set_text (relais_login_dialog_get_entry (dialog, "url"), url);
  gtk_editable_set_text (relais_login_dialog_get_entry (dialog, "password"), password);
  return dialog;
}

static void
wait_answer (Fixture *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  while (fixture->dialog != NULL &&
         relais_login_dialog_get_busy (RELAIS_LOGIN_DIALOG (fixture->dialog)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  spin ();
}

static void
test_login_eld (Fixture *fixture, gconstpointer data)
{
  RelaisLoginDialog *dialog = open_dialog (fixture, PASSWORD);
  g_auto (GStrv) roles = NULL;
  g_autofree char *conseiller = NULL;

  /* "Connect", as the response would. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "connect");
  g_assert_true (relais_login_dialog_get_busy (dialog));
  /* Closing waits for the answer. */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_nonnull (fixture->dialog);
  wait_answer (fixture);

  /* Accepted: the dialog is gone, the settings say who and what. */
  g_assert_null (fixture->dialog);
  conseiller = g_settings_get_string (fixture->settings, "conseiller-id");
  g_assert_cmpstr (conseiller, ==, "conseiller:c-bea");
  roles = g_settings_get_strv (fixture->settings, "user-roles");
  g_assert_true (g_strv_contains ((const char *const *) roles, "eld"));
  g_assert_true (relais_window_is_eld (fixture->settings));
  g_assert_nonnull (relais_context_get_sync (fixture->context));
}

static void
test_login_wrong_password (Fixture *fixture, gconstpointer data)
{
  RelaisLoginDialog *dialog = open_dialog (fixture, "pas-le-bon");
  GtkLabel *error_label = relais_login_dialog_get_error_label (dialog);
  g_auto (GStrv) roles = NULL;

  relais_login_dialog_connect (dialog);
  wait_answer (fixture);

  g_assert_nonnull (fixture->dialog);
  g_assert_false (relais_login_dialog_get_busy (dialog));
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "connect"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_cmpstr (gtk_label_get_label (error_label), ==, "Wrong user name or password.");
  roles = g_settings_get_strv (fixture->settings, "user-roles");
  g_assert_cmpuint (g_strv_length (roles), ==, 0);
  g_assert_null (relais_context_get_sync (fixture->context));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/login/eld", Fixture, NULL, fixture_set_up, test_login_eld, fixture_tear_down);
  g_test_add ("/login/wrong-password", Fixture, NULL, fixture_set_up, test_login_wrong_password,
              fixture_tear_down);

  return g_test_run ();
}

/* test-connect.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The first run: a window on no store, the connection dialog filled and
 * answered as a counsellor would (against relais-server demo), then the
 * portfolio the first pull brings, searchable (Ctrl+F). Also "Later" and
 * a wrong password.
 */

#include "config.h"

#include "gui-demo-server.h"
#include "gui-test-utils.h"

#include "relais-application.h"
#include "relais-connect.h"
#include "relais-de-list.h"
#include "relais-portfolio-view.h"
#include "relais-window.h"

typedef struct
{
  TestServer server;
  DemoServer demo;
  char *dir;
  char *store_path;
  RelaisApplication *app;
  RelaisWindow *window;
  GtkWindow *dialog;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *data_dir = NULL;
  g_autoptr (GError) error = NULL;

  f->dir = g_dir_make_tmp ("relais-connect-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  data_dir = g_build_filename (f->dir, "server", NULL);
  demo_server_make (&f->demo, data_dir);
  f->server.data_dir = g_strdup (data_dir);
  test_server_start_in (&f->server, f->server.data_dir);
  f->store_path = g_build_filename (f->dir, "poste", "relais.db", NULL);
  f->app = relais_application_new ();
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
  f->window = relais_window_new (f->app, f->store_path);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  f->dialog = relais_connect_dialog_present (GTK_WINDOW (f->window),
                                             relais_window_get_context (f->window), NULL);
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
  spin ();
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  if (f->dialog != NULL)
    gtk_window_destroy (f->dialog);
  if (f->window != NULL)
    {
      relais_context_set_sync (relais_window_get_context (f->window), NULL);
      gtk_window_destroy (GTK_WINDOW (f->window));
    }
  spin ();
  g_clear_object (&f->app);
  test_server_stop (&f->server); /* removes f->dir */
  demo_server_clear (&f->demo);
  g_free (f->dir);
  g_free (f->store_path);
}

static GtkWidget *
find_labelled (GtkWidget *widget, GType type, const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) &&
      (label == NULL ||
       (GTK_IS_BUTTON (widget) &&
        g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0) ||
       (ADW_IS_PREFERENCES_ROW (widget) &&
        g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), label) == 0)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_labelled (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
fill (Fixture *f, const char *password)
{
  g_autofree char *url = g_strconcat (f->server.url, f->demo.db, NULL);
  GtkWidget *dialog = GTK_WIDGET (f->dialog);

  gtk_editable_set_text (
      GTK_EDITABLE (find_labelled (dialog, ADW_TYPE_ENTRY_ROW, "Server Address")), url);
  gtk_editable_set_text (GTK_EDITABLE (find_labelled (dialog, ADW_TYPE_ENTRY_ROW, "User Name")),
                         "conseiller-suivi");
  gtk_editable_set_text (
      GTK_EDITABLE (find_labelled (dialog, ADW_TYPE_PASSWORD_ENTRY_ROW, "Password")), password);
}

/* As a click does: libadwaita closes the dialog, then emits the response. */
static void
click (Fixture *f, const char *label)
{
  GtkWidget *button = find_labelled (GTK_WIDGET (f->dialog), GTK_TYPE_BUTTON, label);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static gboolean
wait_for (gboolean (*check) (Fixture *), Fixture *f, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!check (f))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static gboolean
dialog_gone (Fixture *f)
{
  return f->dialog == NULL;
}

static gboolean
portfolio_pulled (Fixture *f)
{
  GtkWidget *view = relais_window_get_visible_view (f->window);

  return RELAIS_IS_PORTFOLIO_VIEW (view) &&
         g_list_model_get_n_items (relais_portfolio_view_get_model (RELAIS_PORTFOLIO_VIEW (view))) >
             0;
}

/* The server answered: "connect" can be chosen again. */
static gboolean
answered (Fixture *f)
{
  return f->dialog != NULL &&
         adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (f->dialog), "connect");
}

static gboolean
has_error_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error") &&
      gtk_widget_get_visible (widget) &&
      g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_error_label (child, text))
      return TRUE;
  return FALSE;
}

/* Connect stays open until the server has answered, then closes; the
 * window made on no store shows the pulled portfolio, and Ctrl+F's action
 * (disabled while there was no store) goes to its search entry. */
static void
test_connect_first_run (Fixture *f, gconstpointer data)
{
  RelaisContext *context = relais_window_get_context (f->window);
  GSettings *settings = relais_context_get_settings (context);
  g_autofree char *conseiller = NULL;
  GtkWidget *view;
  GtkWidget *focus;

  g_assert_null (relais_window_get_visible_view (f->window));
  fill (f, f->demo.password);
  click (f, "C_onnect");
  spin ();
  /* Not closed by the click: the login is under way. */
  g_assert_nonnull (f->dialog);
  g_assert_true (wait_for (dialog_gone, f, 20));
  g_assert_nonnull (relais_context_get_sync (context));
  conseiller = g_settings_get_string (settings, "conseiller-id");
  g_assert_cmpstr (conseiller, ==, f->demo.conseiller);
  g_assert_true (g_file_test (f->store_path, G_FILE_TEST_EXISTS));

  g_assert_true (wait_for (portfolio_pulled, f, 30));
  view = relais_window_get_visible_view (f->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  spin ();
  focus = gtk_window_get_focus (GTK_WINDOW (f->window));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));
  g_assert_true (gtk_widget_is_ancestor (focus, view));
}

/* "Later" closes the dialog and connects nothing. */
static void
test_connect_later (Fixture *f, gconstpointer data)
{
  click (f, "_Later");
  spin ();
  g_assert_null (f->dialog);
  g_assert_null (relais_context_get_sync (relais_window_get_context (f->window)));
  g_assert_false (g_file_test (f->store_path, G_FILE_TEST_EXISTS));
}

/* Escape (a close request) closes it as "Later" does. */
static void
test_connect_escape (Fixture *f, gconstpointer data)
{
  gtk_window_close (f->dialog);
  spin ();
  g_assert_null (f->dialog);
  g_assert_null (relais_context_get_sync (relais_window_get_context (f->window)));
}

/* A wrong password keeps the dialog open, says why and lets the
 * counsellor try again. */
static void
test_connect_wrong_password (Fixture *f, gconstpointer data)
{
  fill (f, "not-the-password");
  click (f, "C_onnect");
  spin ();
  g_assert_false (
      adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (f->dialog), "connect"));
  g_assert_true (wait_for (answered, f, 20));
  g_assert_true (has_error_label (GTK_WIDGET (f->dialog), "Wrong user name or password."));
  g_assert_null (relais_context_get_sync (relais_window_get_context (f->window)));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/connect/first-run", test_connect_first_run);
  ADD ("/connect/later", test_connect_later);
  ADD ("/connect/escape", test_connect_escape);
  ADD ("/connect/wrong-password", test_connect_wrong_password);

  return g_test_run ();
}

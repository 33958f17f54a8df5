/* relais-connect.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Connecting the workstation to the central server: the dialog of the
 * first run (server address, user name, password) checks the credentials
 * with relais_login_async(), keeps the address, the user and his
 * conseiller id in the settings and the password in the keyring, then
 * starts the sync session of the context.
 */

#define G_LOG_DOMAIN "relais-connect"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-connect.h"
#include "relais-credentials.h"
#include "relais-login.h"

typedef struct
{
  RelaisContext *context;
  AdwMessageDialog *dialog;
  AdwEntryRow *url_row;
  AdwEntryRow *user_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel *error_label;
  GCancellable *cancellable;
  gboolean in_close_request;
  gboolean closing;
} Dialog;

static void
dialog_free (Dialog *d)
{
  g_cancellable_cancel (d->cancellable);
  g_clear_object (&d->cancellable);
  g_clear_object (&d->context);
  g_free (d);
}

/* Starts (or restarts) the context's sync session with these credentials. */
void
relais_connect_start (RelaisContext *context,
                      const char *server_url,
                      const char *user,
                      const char *password,
                      const char *conseiller_id)
{
  g_autofree char *workstation = NULL;
  g_autoptr (RelaisSyncSession) session = NULL;

  g_return_if_fail (RELAIS_IS_CONTEXT (context));

  workstation = relais_context_dup_workstation_id (context);
  session = relais_sync_session_new (relais_context_get_store_path (context), server_url, user,
                                     password, conseiller_id, workstation);
  relais_context_set_sync (context, session);
  relais_sync_session_start (session);
}

static void
stored_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* No keyring (a headless session): the next start asks again. */
  if (!relais_credentials_store_finish (result, &error))
    g_message ("The password is not kept: %s", error->message);
}

static void
login_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Dialog *d = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *conseiller = relais_login_finish (result, &error);
  GSettings *settings;
  const char *url, *user, *password;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  adw_message_dialog_set_response_enabled (d->dialog, "connect", TRUE);
  if (conseiller == NULL)
    {
      gtk_label_set_label (d->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (d->error_label), TRUE);
      return;
    }
  url = gtk_editable_get_text (GTK_EDITABLE (d->url_row));
  user = gtk_editable_get_text (GTK_EDITABLE (d->user_row));
  password = gtk_editable_get_text (GTK_EDITABLE (d->password_row));
  settings = relais_context_get_settings (d->context);
  g_settings_set_string (settings, "server-url", url);
  g_settings_set_string (settings, "username", user);
  g_settings_set_string (settings, "conseiller-id", conseiller);
  relais_credentials_store_async (url, user, password, NULL, stored_cb, NULL);
  relais_connect_start (d->context, url, user, password, conseiller);
  d->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (d->dialog));
}

static void
response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  Dialog *d = user_data;

  if (g_strcmp0 (response, "connect") != 0)
    {
      /* Escape or the close button: the close request under way closes
       * the dialog; a "Later" click comes after a refused close. */
      d->closing = TRUE;
      if (!d->in_close_request)
        gtk_window_destroy (GTK_WINDOW (d->dialog));
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (d->error_label), FALSE);
  adw_message_dialog_set_response_enabled (d->dialog, "connect", FALSE);
  g_cancellable_cancel (d->cancellable);
  g_clear_object (&d->cancellable);
  d->cancellable = g_cancellable_new ();
  relais_login_async (gtk_editable_get_text (GTK_EDITABLE (d->url_row)),
                      gtk_editable_get_text (GTK_EDITABLE (d->user_row)),
                      gtk_editable_get_text (GTK_EDITABLE (d->password_row)), d->cancellable,
                      login_cb, d);
}

/* libadwaita closes the dialog on every response, before emitting it: a
 * "connect" that closed it would cancel the login it starts. So every close
 * is refused unless the response handler said to close (Escape and the
 * close button emit the close response from the class handler, between
 * these two handlers). */
static gboolean
close_request_cb (GtkWindow *window, gpointer user_data)
{
  Dialog *d = user_data;

  d->in_close_request = TRUE;
  return FALSE;
}

static gboolean
close_request_after_cb (GtkWindow *window, gpointer user_data)
{
  Dialog *d = user_data;

  d->in_close_request = FALSE;
  return !d->closing;
}

/* The first run's dialog, filled from the settings; @message (nullable)
 * says why it is shown again. */
GtkWindow *
relais_connect_dialog_present (GtkWindow *parent, RelaisContext *context, const char *message)
{
  GSettings *settings;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  GtkWidget *list;
  Dialog *d;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  settings = relais_context_get_settings (context);
  url = g_settings_get_string (settings, "server-url");
  user = g_settings_get_string (settings, "username");
  d = g_new0 (Dialog, 1);
  d->context = g_object_ref (context);
  d->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      parent, _ ("Connect to the Central Server"),
      _ ("Relais keeps your portfolio on this computer and synchronises it with the agency’s "
         "server. Your password is kept in the keyring.")));
  adw_message_dialog_add_responses (d->dialog, "cancel", _ ("_Later"), "connect", _ ("C_onnect"),
                                    NULL);
  adw_message_dialog_set_response_appearance (d->dialog, "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (d->dialog, "connect");
  adw_message_dialog_set_close_response (d->dialog, "cancel");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  d->url_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->url_row), _ ("Server Address"));
  gtk_editable_set_text (GTK_EDITABLE (d->url_row), url);
  d->user_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->user_row), _ ("User Name"));
  gtk_editable_set_text (GTK_EDITABLE (d->user_row), user);
  d->password_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (d->password_row), _ ("Password"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (d->url_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (d->user_row));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (d->password_row));
  d->error_label = GTK_LABEL (gtk_label_new (message));
  gtk_label_set_wrap (d->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (d->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (d->error_label), message != NULL);
  {
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

    gtk_box_append (GTK_BOX (box), list);
    gtk_box_append (GTK_BOX (box), GTK_WIDGET (d->error_label));
    adw_message_dialog_set_extra_child (d->dialog, box);
  }
  /* "connect" must not close the dialog before the server answers. */
  g_signal_connect (d->dialog, "response", G_CALLBACK (response_cb), d);
  g_signal_connect (d->dialog, "close-request", G_CALLBACK (close_request_cb), d);
  g_signal_connect_after (d->dialog, "close-request", G_CALLBACK (close_request_after_cb), d);
  g_object_set_data_full (G_OBJECT (d->dialog), "relais-connect", d, (GDestroyNotify) dialog_free);
  gtk_window_present (GTK_WINDOW (d->dialog));
  return GTK_WINDOW (d->dialog);
}

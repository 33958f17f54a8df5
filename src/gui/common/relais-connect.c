/* relais-connect.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Connecting the workstation to the central server: the sync session of
 * the context, and the dialog of the first run (RelaisLoginDialog) that
 * asks for the credentials when there are none or they failed.
 */

#define G_LOG_DOMAIN "relais-connect"

#include "config.h"

#include "relais-connect.h"
#include "relais-login-dialog.h"

/* The roles decide the ELD's views (RelaisWindow follows the setting).
 * A --server run delays the settings: the roles it reads stay in it. */
static void
on_session_roles_notify_cb (RelaisContext *context, GParamSpec *pspec, RelaisSyncSession *session)
{
  const char *const *roles = relais_sync_session_get_roles (session);
  GSettings *settings = relais_context_get_settings (context);
  g_auto (GStrv) kept = g_settings_get_strv (settings, "user-roles");

  if (roles != NULL && !g_strv_equal ((const char *const *) kept, roles))
    g_settings_set_strv (settings, "user-roles", roles);
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
  g_signal_connect_object (session, "notify::roles", G_CALLBACK (on_session_roles_notify_cb),
                           context, G_CONNECT_SWAPPED);
  relais_context_set_sync (context, session);
  relais_sync_session_start (session);
}

/* The first run's dialog, filled from the settings; @message (nullable)
 * says why it is shown again. */
GtkWindow *
relais_connect_dialog_present (GtkWindow *parent, RelaisContext *context, const char *message)
{
  GtkWidget *dialog;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  dialog = relais_login_dialog_new (parent, context, message);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

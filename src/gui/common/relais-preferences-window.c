/* relais-preferences-window.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The preferences: which server and account this workstation syncs with
 * (shown, changed through the connection dialog, or signed out of), and
 * the views of the management team. Everything is in GSettings but the
 * password, which only the keyring holds.
 */

#define G_LOG_DOMAIN "relais-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-credentials.h"
#include "relais-preferences-window.h"

struct _RelaisPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template Widgets */
  AdwActionRow *server_row;
  AdwActionRow *user_row;
  AdwActionRow *workstation_row;
  AdwActionRow *disconnect_row;
  GtkButton *disconnect_button;
  GtkSwitch *eld_switch;

  /* Owned References */
  RelaisContext *context;
};

G_DEFINE_FINAL_TYPE (RelaisPreferencesWindow,
                     relais_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static void
set_subtitle (AdwActionRow *row, const char *value)
{
  /* TRANSLATORS: shown for the server, user or workstation of a workstation never connected */
  adw_action_row_set_subtitle (row, value != NULL && value[0] != '\0' ? value : _ ("None"));
}

/* The running session wins over the settings: `--server` syncs for one run
 * without writing them. */
static void
update_account (RelaisPreferencesWindow *self)
{
  GSettings *settings = relais_context_get_settings (self->context);
  RelaisSyncSession *sync = relais_context_get_sync (self->context);
  g_autofree char *url = g_settings_get_string (settings, "server-url");
  g_autofree char *user = g_settings_get_string (settings, "username");
  g_autofree char *workstation = g_settings_get_string (settings, "workstation-id");

  set_subtitle (self->server_row, sync ? relais_sync_session_get_server_url (sync) : url);
  set_subtitle (self->user_row, sync ? relais_sync_session_get_user (sync) : user);
  set_subtitle (self->workstation_row, workstation);
  gtk_widget_set_sensitive (GTK_WIDGET (self->disconnect_row), sync != NULL || url[0] != '\0');
}

static void
forget_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;

  /* Without a keyring there was no password to forget: it is never kept elsewhere. */
  if (!relais_credentials_forget_finish (result, &error))
    g_debug ("keyring: %s", error->message);
}

static void
settings_changed_cb (RelaisPreferencesWindow *self, const char *key, GSettings *settings)
{
  update_account (self);
}

static void
sync_changed_cb (RelaisPreferencesWindow *self, GParamSpec *pspec, RelaisContext *context)
{
  update_account (self);
}

/* Signal handlers */

static void
sign_out_response_cb (AdwMessageDialog *dialog, const char *response, gpointer user_data)
{
  RelaisPreferencesWindow *self = user_data;

  if (g_strcmp0 (response, "sign-out") == 0)
    relais_preferences_window_sign_out (self);
}

static void
on_disconnect_button_clicked_cb (RelaisPreferencesWindow *self, GtkButton *button)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_WINDOW (self), _ ("Sign Out?"),
      _ ("Changes not yet sent stay in the local store and are sent at the next connection.")));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"),
                                    "sign-out", _ ("_Sign Out"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "sign-out", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject */

static void
relais_preferences_window_constructed (GObject *object)
{
  RelaisPreferencesWindow *self = RELAIS_PREFERENCES_WINDOW (object);
  GSettings *settings = relais_context_get_settings (self->context);

  G_OBJECT_CLASS (relais_preferences_window_parent_class)->constructed (object);

  g_settings_bind (settings, "eld-mode", self->eld_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings, "changed", G_CALLBACK (settings_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::sync", G_CALLBACK (sync_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_account (self);
}

static void
relais_preferences_window_dispose (GObject *object)
{
  RelaisPreferencesWindow *self = RELAIS_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RELAIS_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_preferences_window_parent_class)->dispose (object);
}

static void
relais_preferences_window_set_property (GObject *object,
                                        guint prop_id,
                                        const GValue *value,
                                        GParamSpec *pspec)
{
  RelaisPreferencesWindow *self = RELAIS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_preferences_window_get_property (GObject *object,
                                        guint prop_id,
                                        GValue *value,
                                        GParamSpec *pspec)
{
  RelaisPreferencesWindow *self = RELAIS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_preferences_window_class_init (RelaisPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = relais_preferences_window_constructed;
  object_class->dispose = relais_preferences_window_dispose;
  object_class->get_property = relais_preferences_window_get_property;
  object_class->set_property = relais_preferences_window_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE
                                               "/ui/common/relais-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisPreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisPreferencesWindow, workstation_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisPreferencesWindow, disconnect_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisPreferencesWindow, disconnect_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisPreferencesWindow, eld_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_disconnect_button_clicked_cb);
}

static void
relais_preferences_window_init (RelaisPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

RelaisPreferencesWindow *
relais_preferences_window_new (GtkWindow *parent, RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  return g_object_new (RELAIS_TYPE_PREFERENCES_WINDOW, "transient-for", parent, "context", context,
                       NULL);
}

/* Stops the sync, forgets the password and the account: the next start
 * asks for a connection. The local store and its unsent changes stay. */
void
relais_preferences_window_sign_out (RelaisPreferencesWindow *self)
{
  GSettings *settings;
  RelaisSyncSession *sync;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;

  g_return_if_fail (RELAIS_IS_PREFERENCES_WINDOW (self));

  settings = relais_context_get_settings (self->context);
  sync = relais_context_get_sync (self->context);
  url = g_strdup (sync ? relais_sync_session_get_server_url (sync) : NULL);
  user = g_strdup (sync ? relais_sync_session_get_user (sync) : NULL);
  if (url == NULL)
    {
      g_clear_pointer (&user, g_free);
      url = g_settings_get_string (settings, "server-url");
      user = g_settings_get_string (settings, "username");
    }

  relais_context_set_sync (self->context, NULL);
  if (url[0] != '\0' && user != NULL && user[0] != '\0')
    relais_credentials_forget_async (url, user, NULL, forget_cb, NULL);
  g_settings_reset (settings, "server-url");
  g_settings_reset (settings, "username");
  g_settings_reset (settings, "conseiller-id");
  update_account (self);
  adw_preferences_window_add_toast (
      ADW_PREFERENCES_WINDOW (self),
      adw_toast_new (_ ("Signed out. The local store stays on this computer.")));
}

/* relais-login-dialog.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The first run's dialog (server address, user name, password), filled
 * from the settings. "Connect" checks the credentials with
 * relais_login_async() and keeps the dialog open until the server has
 * answered; on success it keeps the address, the user, his conseiller id
 * and his roles (which show the ELD's views) in the settings and the
 * password in the keyring, then starts the sync session of the context.
 */

#define G_LOG_DOMAIN "relais-login-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-connect.h"
#include "relais-credentials.h"
#include "relais-login-dialog.h"
#include "relais-login.h"

struct _RelaisLoginDialog
{
  AdwMessageDialog parent_instance;

  /* Template Widgets */
  GtkLabel *error_label;
  AdwPasswordEntryRow *password_row;
  AdwEntryRow *url_row;
  AdwEntryRow *user_row;

  /* Owned References */
  RelaisContext *context;
  GCancellable *cancellable;

  /* State */
  gboolean in_close_request;
  gboolean closing; /* a response other than "connect" came */
};

G_DEFINE_FINAL_TYPE (RelaisLoginDialog, relais_login_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

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
  g_autoptr (RelaisLoginDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *conseiller = relais_login_finish (result, &error);
  const char *const *roles = relais_login_get_roles (result);
  const char *const no_roles[] = { NULL };
  GSettings *settings;
  const char *url, *user, *password;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "connect", TRUE);
  if (conseiller == NULL)
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  url = gtk_editable_get_text (GTK_EDITABLE (self->url_row));
  user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  settings = relais_context_get_settings (self->context);
  g_settings_set_string (settings, "server-url", url);
  g_settings_set_string (settings, "username", user);
  g_settings_set_string (settings, "conseiller-id", conseiller);
  g_settings_set_strv (settings, "user-roles", roles != NULL ? roles : no_roles);
  relais_credentials_store_async (url, user, password, NULL, stored_cb, NULL);
  relais_connect_start (self->context, url, user, password, conseiller);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Signal callbacks */

static void
on_response_cb (RelaisLoginDialog *self, const char *response)
{
  if (g_strcmp0 (response, "connect") == 0)
    {
      relais_login_dialog_connect (self);
      return;
    }
  /* Escape or the close button: the close request under way closes the
   * dialog; a "Later" click comes after its close was refused. */
  self->closing = TRUE;
  if (!self->in_close_request)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* Parent overrides */

static gboolean
relais_login_dialog_close_request (GtkWindow *window)
{
  RelaisLoginDialog *self = RELAIS_LOGIN_DIALOG (window);
  gboolean stop;

  /* libadwaita closes the dialog on every response button BEFORE it emits
   * the response: "Connect" would close it and cancel the login it starts,
   * and a wrong password would have no dialog to be shown in. So a close is
   * refused unless a response other than "connect" says to close: Escape
   * and the close button emit the close response from the parent's handler
   * below; a button's response comes after this returns. */
  self->in_close_request = TRUE;
  stop = GTK_WINDOW_CLASS (relais_login_dialog_parent_class)->close_request (window);
  self->in_close_request = FALSE;
  return stop || !self->closing;
}

static void
relais_login_dialog_constructed (GObject *object)
{
  RelaisLoginDialog *self = RELAIS_LOGIN_DIALOG (object);
  GSettings *settings;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;

  G_OBJECT_CLASS (relais_login_dialog_parent_class)->constructed (object);

  g_assert (RELAIS_IS_CONTEXT (self->context));
  settings = relais_context_get_settings (self->context);
  url = g_settings_get_string (settings, "server-url");
  user = g_settings_get_string (settings, "username");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
}

static void
relais_login_dialog_dispose (GObject *object)
{
  RelaisLoginDialog *self = RELAIS_LOGIN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_login_dialog_parent_class)->dispose (object);
}

static void
relais_login_dialog_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisLoginDialog *self = RELAIS_LOGIN_DIALOG (object);

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
relais_login_dialog_set_property (GObject *object,
                                  guint prop_id,
                                  const GValue *value,
                                  GParamSpec *pspec)
{
  RelaisLoginDialog *self = RELAIS_LOGIN_DIALOG (object);

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
relais_login_dialog_class_init (RelaisLoginDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = relais_login_dialog_constructed;
  object_class->dispose = relais_login_dialog_dispose;
  object_class->get_property = relais_login_dialog_get_property;
  object_class->set_property = relais_login_dialog_set_property;
  window_class->close_request = relais_login_dialog_close_request;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/common/relais-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisLoginDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisLoginDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisLoginDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisLoginDialog, user_row);
}

static void
relais_login_dialog_init (RelaisLoginDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "response", G_CALLBACK (on_response_cb), NULL);
}

/* Public API */

/* @message (nullable) says why the dialog is shown again. */
GtkWidget *
relais_login_dialog_new (GtkWindow *parent, RelaisContext *context, const char *message)
{
  RelaisLoginDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  self = g_object_new (RELAIS_TYPE_LOGIN_DIALOG, "transient-for", parent, "modal", parent != NULL,
                       "context", context, NULL);
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  return GTK_WIDGET (self);
}

/* What "Connect" does: checks the credentials with the server, the
 * button disabled until it answers. */
void
relais_login_dialog_connect (RelaisLoginDialog *self)
{
  g_return_if_fail (RELAIS_IS_LOGIN_DIALOG (self));

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "connect", FALSE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  relais_login_async (gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                      gtk_editable_get_text (GTK_EDITABLE (self->user_row)),
                      gtk_editable_get_text (GTK_EDITABLE (self->password_row)), self->cancellable,
                      login_cb, g_object_ref (self));
}

/* Whether a check of the credentials is on its way to the server. */
gboolean
relais_login_dialog_get_busy (RelaisLoginDialog *self)
{
  g_return_val_if_fail (RELAIS_IS_LOGIN_DIALOG (self), FALSE);

  return self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable);
}

/* Returns: (transfer none) (nullable): the "url", "user" or "password" entry. */
GtkEditable *
relais_login_dialog_get_entry (RelaisLoginDialog *self, const char *name)
{
  g_return_val_if_fail (RELAIS_IS_LOGIN_DIALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "url"))
    return GTK_EDITABLE (self->url_row);
  if (g_str_equal (name, "user"))
    return GTK_EDITABLE (self->user_row);
  if (g_str_equal (name, "password"))
    return GTK_EDITABLE (self->password_row);
  return NULL;
}

GtkLabel *
relais_login_dialog_get_error_label (RelaisLoginDialog *self)
{
  g_return_val_if_fail (RELAIS_IS_LOGIN_DIALOG (self), NULL);
  return self->error_label;
}

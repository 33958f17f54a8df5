/* relais-sync-status.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The synchronisation state, always in sight in the header bar as GNOME
 * apps show a background activity: an icon and a short line (online or
 * not, when it last caught up, what waits to be sent), a badge with the
 * documents in conflict, and a popover with the details and
 * "Synchronize Now". Without a session it offers to connect.
 */

#define G_LOG_DOMAIN "relais-sync-status"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-accessible.h"
#include "relais-sync-status.h"

struct _RelaisSyncStatus
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkLabel *badge_label;
  GtkLabel *conflicts_label;
  GtkButton *connect_button;
  GtkLabel *error_label;
  GtkLabel *last_sync_label;
  GtkMenuButton *menu_button;
  GtkPopover *popover;
  GtkLabel *server_label;
  GtkLabel *state_label;
  GtkImage *state_icon;
  GtkLabel *summary_label;
  GtkButton *sync_button;
  GtkLabel *unsent_label;

  /* Owned References */
  RelaisSyncSession *session;
  GSignalGroup *signals;
};

G_DEFINE_FINAL_TYPE (RelaisSyncStatus, relais_sync_status, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static char *
format_time (GDateTime *time)
{
  /* TRANSLATORS: a time of day, strftime format */
  return g_date_time_format (time, _ ("%H:%M"));
}

static void
update (RelaisSyncStatus *self)
{
  RelaisSyncSession *session = self->session;
  RelaisSyncConnection connection;
  GDateTime *last;
  gint64 unsent;
  guint conflicts;
  g_autofree char *when = NULL;
  g_autofree char *primary = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *text = NULL;
  g_autofree char *badge = NULL;
  const char *icon;
  const char *state;
  const char *error;

  g_assert (RELAIS_IS_SYNC_STATUS (self));

  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), session != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_button),
                          session == NULL || relais_sync_session_get_connection (session) ==
                                                 RELAIS_SYNC_CONNECTION_ERROR);
  gtk_widget_set_visible (GTK_WIDGET (self->last_sync_label), session != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->unsent_label), session != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_label), session != NULL);
  if (session == NULL)
    {
      gtk_image_set_from_icon_name (self->state_icon, "network-offline-symbolic");
      gtk_label_set_label (self->summary_label, _ ("Not connected"));
      gtk_label_set_label (self->state_label, _ ("Not connected to the central server"));
      gtk_label_set_label (self->server_label,
                           _ ("The work stays on this computer until you connect."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->badge_label), FALSE);
      return;
    }

  connection = relais_sync_session_get_connection (session);
  last = relais_sync_session_get_last_sync (session);
  unsent = relais_sync_session_get_unsent (session);
  conflicts = relais_sync_session_get_conflicts (session);
  error = relais_sync_session_get_error_message (session);
  when = last != NULL ? format_time (last) : NULL;

  switch (connection)
    {
    case RELAIS_SYNC_CONNECTION_ONLINE:
      icon = "emblem-ok-symbolic";
      state = _ ("Online");
      /* TRANSLATORS: %s is a time of day */
      primary = when != NULL ? g_strdup_printf (_ ("Synced at %s"), when) : g_strdup (state);
      break;
    case RELAIS_SYNC_CONNECTION_OFFLINE:
      icon = "network-offline-symbolic";
      state = _ ("Offline");
      primary = g_strdup (state);
      break;
    case RELAIS_SYNC_CONNECTION_ERROR:
      icon = "dialog-warning-symbolic";
      state = _ ("Synchronisation stopped");
      primary = g_strdup (state);
      break;
    case RELAIS_SYNC_CONNECTION_CONNECTING:
    default:
      icon = "content-loading-symbolic";
      state = _ ("Connecting…");
      primary = g_strdup (state);
      break;
    }

  if (unsent > 0)
    /* TRANSLATORS: the header bar's short line: "Offline · 2 to send" */
    summary = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%s · %d to send", "%s · %d to send", (gulong) unsent),
        primary, (int) unsent);
  else
    summary = g_strdup (primary);
  gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_label_set_label (self->summary_label, summary);
  gtk_label_set_label (self->state_label, state);
  text = g_strdup_printf (_ ("%s on %s"), relais_sync_session_get_user (session),
                          relais_sync_session_get_server_url (session));
  gtk_label_set_label (self->server_label, text);
  g_clear_pointer (&text, g_free);

  text = when != NULL ? g_strdup_printf (_ ("Last synchronisation at %s"), when)
                      : g_strdup (_ ("Not synchronised yet"));
  gtk_label_set_label (self->last_sync_label, text);
  g_clear_pointer (&text, g_free);

  if (unsent < 0)
    text = g_strdup (_ ("Counting the changes to send…"));
  else if (unsent == 0)
    text = g_strdup (_ ("Every change is on the server"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d change waiting to be sent",
                                         "%d changes waiting to be sent", (gulong) unsent),
                            (int) unsent);
  gtk_label_set_label (self->unsent_label, text);
  g_clear_pointer (&text, g_free);

  text = conflicts == 0 ? g_strdup (_ ("No conflict"))
                        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document in conflict",
                                                        "%u documents in conflict", conflicts),
                                           conflicts);
  gtk_label_set_label (self->conflicts_label, text);

  badge = g_strdup_printf ("%u", conflicts);
  gtk_label_set_label (self->badge_label, badge);
  gtk_widget_set_visible (GTK_WIDGET (self->badge_label), conflicts > 0);
  gtk_label_set_label (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

/* Signal callbacks */

static void
on_session_notify_cb (RelaisSyncStatus *self, GParamSpec *pspec, RelaisSyncSession *session)
{
  update (self);
}

static void
on_sync_button_clicked_cb (RelaisSyncStatus *self, GtkButton *button)
{
  g_assert (RELAIS_IS_SYNC_STATUS (self));

  if (self->session != NULL)
    relais_sync_session_sync_now (self->session);
  gtk_popover_popdown (self->popover);
}

/* GObject */

static void
relais_sync_status_dispose (GObject *object)
{
  RelaisSyncStatus *self = RELAIS_SYNC_STATUS (object);

  g_signal_group_set_target (self->signals, NULL);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAIS_TYPE_SYNC_STATUS);
  G_OBJECT_CLASS (relais_sync_status_parent_class)->dispose (object);
}

static void
relais_sync_status_finalize (GObject *object)
{
  RelaisSyncStatus *self = RELAIS_SYNC_STATUS (object);

  g_clear_object (&self->signals);
  G_OBJECT_CLASS (relais_sync_status_parent_class)->finalize (object);
}

static void
relais_sync_status_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisSyncStatus *self = RELAIS_SYNC_STATUS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_sync_status_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  RelaisSyncStatus *self = RELAIS_SYNC_STATUS (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      relais_sync_status_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_sync_status_class_init (RelaisSyncStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relais_sync_status_dispose;
  object_class->finalize = relais_sync_status_finalize;
  object_class->get_property = relais_sync_status_get_property;
  object_class->set_property = relais_sync_status_set_property;

  properties[PROP_SESSION] =
      g_param_spec_object ("session", NULL, NULL, RELAIS_TYPE_SYNC_SESSION,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/common/relais-sync-status.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, badge_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, conflicts_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, connect_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, error_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, last_sync_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, menu_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, popover);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, server_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, state_icon);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, state_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, sync_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisSyncStatus, unsent_label);
  gtk_widget_class_bind_template_callback (widget_class, on_sync_button_clicked_cb);
}

static void
relais_sync_status_init (RelaisSyncStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  relais_accessible_name_mnemonic_buttons (GTK_WIDGET (self));
  self->signals = g_signal_group_new (RELAIS_TYPE_SYNC_SESSION);
  g_signal_group_connect_swapped (self->signals, "notify", G_CALLBACK (on_session_notify_cb), self);
  update (self);
}

/* Public API */

GtkWidget *
relais_sync_status_new (void)
{
  return g_object_new (RELAIS_TYPE_SYNC_STATUS, NULL);
}

RelaisSyncSession *
relais_sync_status_get_session (RelaisSyncStatus *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_STATUS (self), NULL);
  return self->session;
}

void
relais_sync_status_set_session (RelaisSyncStatus *self, RelaisSyncSession *session)
{
  g_return_if_fail (RELAIS_IS_SYNC_STATUS (self));
  g_return_if_fail (!session || RELAIS_IS_SYNC_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;
  g_signal_group_set_target (self->signals, session);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* The header bar's line, as shown. */
const char *
relais_sync_status_get_summary (RelaisSyncStatus *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_STATUS (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

/* The popover's visible lines, one per line. */
char *
relais_sync_status_get_details (RelaisSyncStatus *self)
{
  GtkLabel *labels[] = { self->state_label,  self->server_label,    self->last_sync_label,
                         self->unsent_label, self->conflicts_label, self->error_label };
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_val_if_fail (RELAIS_IS_SYNC_STATUS (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (labels[i])))
      g_string_append_printf (text, "%s\n", gtk_label_get_label (labels[i]));
  return g_strdup (text->str);
}

/* Returns: (nullable): the conflict badge's text, NULL when hidden. */
const char *
relais_sync_status_get_badge (RelaisSyncStatus *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_STATUS (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->badge_label))
             ? gtk_label_get_label (self->badge_label)
             : NULL;
}

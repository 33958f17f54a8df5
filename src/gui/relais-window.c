/* relais-window.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The main window. For now it opens the local store and says what it holds;
 * the views (portefeuille, entretiens, offres…) come in later issues.
 */

#define G_LOG_DOMAIN "relais-window"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-store-summary.h"
#include "relais-window.h"

struct _RelaisWindow
{
  AdwApplicationWindow parent_instance;

  /* Template Widgets */
  AdwStatusPage *status_page;
  AdwWindowTitle *window_title;

  /* Owned References */
  GSettings *settings;
  char *store_path;
};

G_DEFINE_FINAL_TYPE (RelaisWindow, relais_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_STORE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static void
show_store_summary (RelaisWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStoreSummary) summary = relais_store_summary_read (self->store_path, &error);

  g_assert (RELAIS_IS_WINDOW (self));

  if (summary == NULL)
    {
      adw_status_page_set_icon_name (self->status_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->status_page, _ ("The local store cannot be opened"));
      adw_status_page_set_description (self->status_page, error->message);
      return;
    }

  adw_window_title_set_subtitle (
      self->window_title, summary->agence_nom != NULL ? summary->agence_nom : _ ("No agency yet"));
  adw_status_page_set_title (self->status_page, _ ("Local store ready"));
  {
    g_autofree char *description = relais_store_summary_describe (summary);

    adw_status_page_set_description (self->status_page, description);
  }
}

static void
restore_window_state (RelaisWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* Parent overrides */

static gboolean
relais_window_close_request (GtkWindow *window)
{
  RelaisWindow *self = RELAIS_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (relais_window_parent_class)->close_request (window);
}

static void
relais_window_constructed (GObject *object)
{
  RelaisWindow *self = RELAIS_WINDOW (object);

  G_OBJECT_CLASS (relais_window_parent_class)->constructed (object);

  restore_window_state (self);
  show_store_summary (self);
}

static void
relais_window_finalize (GObject *object)
{
  RelaisWindow *self = RELAIS_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->store_path, g_free);

  G_OBJECT_CLASS (relais_window_parent_class)->finalize (object);
}

static void
relais_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisWindow *self = RELAIS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      g_value_set_string (value, self->store_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelaisWindow *self = RELAIS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      self->store_path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_window_class_init (RelaisWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = relais_window_constructed;
  object_class->finalize = relais_window_finalize;
  object_class->get_property = relais_window_get_property;
  object_class->set_property = relais_window_set_property;
  window_class->close_request = relais_window_close_request;

  properties[PROP_STORE_PATH] =
      g_param_spec_string ("store-path", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/relais-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, window_title);
}

static void
relais_window_init (RelaisWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (SCHEMA_ID);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/* Public API */

RelaisWindow *
relais_window_new (RelaisApplication *application, const char *store_path)
{
  g_return_val_if_fail (RELAIS_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store_path != NULL, NULL);

  return g_object_new (RELAIS_TYPE_WINDOW, "application", application, "store-path", store_path,
                       NULL);
}

const char *
relais_window_get_store_path (RelaisWindow *self)
{
  g_return_val_if_fail (RELAIS_IS_WINDOW (self), NULL);

  return self->store_path;
}

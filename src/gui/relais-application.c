/* relais-application.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The application object: command-line options, the local store, the app
 * actions (about, quit, shortcuts) and, for headless runs, a screenshot of
 * the window written to a file before quitting.
 */

#define G_LOG_DOMAIN "relais-application"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-application.h"
#include "relais-screenshot.h"
#include "relais-window.h"

struct _RelaisApplication
{
  AdwApplication parent_instance;

  /* Owned References */
  char *store_path;
  char *screenshot_path;
};

G_DEFINE_FINAL_TYPE (RelaisApplication, relais_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "store", 's', 0, G_OPTION_ARG_FILENAME, NULL, N_ ("Open the local store in FILE"),
    N_ ("FILE") },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_ ("Write a PNG of the main window to FILE, then quit"), N_ ("FILE") },
  { "version", 'v', 0, G_OPTION_ARG_NONE, NULL, N_ ("Print the version and quit"), NULL },
  { NULL }
};

/* Auxiliary methods */

static char *
default_store_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "relais", "agence.db", NULL);
}

static void
screenshot_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelaisApplication) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!relais_screenshot_finish (result, &error))
    {
      g_printerr ("%s\n", error->message);
      g_application_quit (G_APPLICATION (self));
      return;
    }

  g_print (_ ("Screenshot written to %s\n"), self->screenshot_path);
  g_application_quit (G_APPLICATION (self));
}

/* Parent overrides */

static int
relais_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  RelaisApplication *self = RELAIS_APPLICATION (app);
  g_autofree char *store = NULL;
  g_autofree char *screenshot = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("relais %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "store", "^ay", &store))
    {
      g_free (self->store_path);
      self->store_path = g_steal_pointer (&store);
    }
  if (g_variant_dict_lookup (options, "screenshot", "^ay", &screenshot))
    {
      g_free (self->screenshot_path);
      self->screenshot_path = g_steal_pointer (&screenshot);
    }

  return -1;
}

static void
relais_application_activate (GApplication *app)
{
  RelaisApplication *self = RELAIS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      g_autofree char *path =
          self->store_path ? g_strdup (self->store_path) : default_store_path ();

      window = GTK_WINDOW (relais_window_new (self, path));
    }

  gtk_window_present (window);

  if (self->screenshot_path != NULL)
    relais_screenshot_async (GTK_WIDGET (window), self->screenshot_path, NULL, screenshot_done_cb,
                             g_object_ref (self));
}

static void
relais_application_constructed (GObject *object)
{
  G_OBJECT_CLASS (relais_application_parent_class)->constructed (object);

  /* AdwApplication loads style.css and gtk/help-overlay.ui from here. */
  g_application_set_resource_base_path (G_APPLICATION (object), RESOURCE_BASE);
}

static void
relais_application_finalize (GObject *object)
{
  RelaisApplication *self = RELAIS_APPLICATION (object);

  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->screenshot_path, g_free);

  G_OBJECT_CLASS (relais_application_parent_class)->finalize (object);
}

/* Actions */

static void
about_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _ ("The Relais developers"), NULL };
  GtkWidget *about;

  about =
      g_object_new (ADW_TYPE_ABOUT_WINDOW, "transient-for", gtk_application_get_active_window (app),
                    "application-name", _ ("Relais"), "application-icon", APP_ID, "version",
                    PACKAGE_VERSION, "developers", developers, "license-type", GTK_LICENSE_CUSTOM,
                    "license", _ ("European Union Public Licence v. 1.2 (EUPL-1.2)"), "comments",
                    _ ("Interviews, portfolios, offers and preselection for employment "
                       "agency counsellors, online or not."),
                    "translator-credits", _ ("translator-credits"), NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_activated_cb },
  { "quit", quit_activated_cb },
};

static void
relais_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (relais_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);
}

static void
relais_application_class_init (RelaisApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->constructed = relais_application_constructed;
  object_class->finalize = relais_application_finalize;

  app_class->activate = relais_application_activate;
  app_class->startup = relais_application_startup;
  app_class->handle_local_options = relais_application_handle_local_options;
}

static void
relais_application_init (RelaisApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

/* Public API */

RelaisApplication *
relais_application_new (void)
{
  /* NON_UNIQUE: a screenshot run or a test must never hand its command line
   * to an instance a counsellor already has open. */
  return g_object_new (RELAIS_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_NON_UNIQUE, NULL);
}

/* Uninstalled runs (the README's run command, tests) point this at the
 * build tree's compiled catalogues. */
const char *
relais_application_locale_dir (void)
{
  const char *dir = g_getenv ("RELAIS_LOCALEDIR");

  return dir != NULL && *dir != '\0' ? dir : LOCALEDIR;
}

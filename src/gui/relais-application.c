/* relais-application.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The application object: command-line options, the local store, the app
 * actions (about, quit, shortcuts) and, for headless runs, a screenshot of
 * the window written to a file before quitting.
 *
 * The sync: with `--server URL --user NAME` (scripted and demo runs, the
 * password from $RELAIS_PASSWORD) the app logs in and syncs for this run
 * only, without touching the settings or the keyring. Otherwise the
 * connection of the settings starts with the keyring's password, online or
 * not; without a server or a password the connection dialog asks.
 */

#define G_LOG_DOMAIN "relais-application"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-application.h"
#include "relais-connect.h"
#include "relais-de-list.h"
#include "relais-credentials.h"
#include "relais-login.h"
#include "relais-agency-view.h"
#include "relais-portfolio-view.h"
#include "relais-preferences-window.h"
#include "relais-screenshot.h"
#include "relais-window.h"

struct _RelaisApplication
{
  AdwApplication parent_instance;

  /* Owned References */
  char *store_path;
  char *screenshot_path;
  char *server_url;
  char *user;
  char *view; /* --view, until shown */
  guint shot_wait_id;
  gint64 shot_deadline;
};

G_DEFINE_FINAL_TYPE (RelaisApplication, relais_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "store", 's', 0, G_OPTION_ARG_FILENAME, NULL, N_ ("Open the local store in FILE"),
    N_ ("FILE") },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_ ("Write a PNG of the main window to FILE, then quit"), N_ ("FILE") },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Synchronise with the database at URL for this run (demos, tests; the password comes "
        "from $RELAIS_PASSWORD)"),
    N_ ("URL") },
  { "user", 0, 0, G_OPTION_ARG_STRING, NULL, N_ ("With --server: the user name"), N_ ("NAME") },
  { "view", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Show VIEW first: portfolio, agenda, offers, conflicts, agency, territory (ELD), or de:ID "
        "for a job seeker's file"),
    N_ ("VIEW") },
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

/* Shows the --view once the window has its views (a first connection
 * creates them later). */
static void
show_pending_view (RelaisApplication *self, GtkWindow *window)
{
  if (self->view != NULL && RELAIS_IS_WINDOW (window) &&
      relais_window_show_view_named (RELAIS_WINDOW (window), self->view))
    g_clear_pointer (&self->view, g_free);
}

static void take_screenshot (RelaisApplication *self, GtkWindow *window);

static void
shot_list_loading_notify_cb (RelaisDeList *list, GParamSpec *pspec, RelaisApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (relais_de_list_get_loading (list))
    return;
  g_signal_handlers_disconnect_by_func (list, shot_list_loading_notify_cb, self);
  if (window != NULL)
    take_screenshot (self, window);
}

static void
take_screenshot (RelaisApplication *self, GtkWindow *window)
{
  GtkWidget *view;

  show_pending_view (self, window);
  /* The portfolio shows its rows before their alerts, the Agence view
   * counts from the same list: the picture waits for both. */
  view = relais_window_get_visible_view (RELAIS_WINDOW (window));
  if (RELAIS_IS_PORTFOLIO_VIEW (view) || RELAIS_IS_AGENCY_VIEW (view))
    {
      g_autoptr (RelaisDeList) list = NULL;

      if (RELAIS_IS_PORTFOLIO_VIEW (view))
        list = g_object_ref (relais_portfolio_view_get_de_list (RELAIS_PORTFOLIO_VIEW (view)));
      else
        g_object_get (view, "de-list", &list, NULL);
      if (list != NULL && relais_de_list_get_loading (list))
        {
          g_signal_connect_object (list, "notify::loading",
                                   G_CALLBACK (shot_list_loading_notify_cb), self, 0);
          return;
        }
    }
  relais_screenshot_async (GTK_WIDGET (window), self->screenshot_path, NULL, screenshot_done_cb,
                           g_object_ref (self));
}

static gboolean
shot_wait_cb (gpointer user_data)
{
  RelaisApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  RelaisSyncSession *sync =
      RELAIS_IS_WINDOW (window)
          ? relais_context_get_sync (relais_window_get_context (RELAIS_WINDOW (window)))
          : NULL;
  gboolean settled = sync != NULL && relais_sync_session_get_last_sync (sync) != NULL &&
                     relais_sync_session_get_unsent (sync) == 0;

  if (!settled && g_get_monotonic_time () < self->shot_deadline)
    return G_SOURCE_CONTINUE;
  self->shot_wait_id = 0;
  self->shot_deadline = 0;
  if (window != NULL)
    take_screenshot (self, window);
  return G_SOURCE_REMOVE;
}

/* RELAIS_BENCH_FIRST_FRAME=1 (for tests/bench/bench-app.c): once a frame
 * has painted the portfolio with its rows, print "first-frame <µs>"
 * (g_get_monotonic_time, CLOCK_MONOTONIC); once one has painted it with
 * their alerts too (the list computes them after showing the rows), print
 * "complete-frame <µs>" and quit; =wait stays open so that the bench can
 * read the process's memory, then kill it. After-paint comes right after
 * the paint with nothing in between: if the list is loaded now, the frame
 * just painted showed it. */
static void
bench_after_paint_cb (GdkFrameClock *clock, gpointer user_data)
{
  GtkWindow *window = user_data;
  GtkWidget *view = relais_window_get_visible_view (RELAIS_WINDOW (window));
  RelaisDeList *list;

  if (!RELAIS_IS_PORTFOLIO_VIEW (view))
    return;
  list = relais_portfolio_view_get_de_list (RELAIS_PORTFOLIO_VIEW (view));
  if (relais_de_list_get_loading_items (list))
    return;
  if (g_object_get_data (G_OBJECT (window), "relais-bench-first-frame") == NULL)
    {
      g_object_set_data (G_OBJECT (window), "relais-bench-first-frame", GINT_TO_POINTER (1));
      g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
      fflush (stdout);
      /* Alerts on rows out of sight change nothing on screen: paint anyway. */
      g_signal_connect_object (list, "notify::loading", G_CALLBACK (gtk_widget_queue_draw), window,
                               G_CONNECT_SWAPPED);
    }
  if (relais_de_list_get_loading (list))
    return;

  g_signal_handlers_disconnect_by_func (clock, bench_after_paint_cb, user_data);
  g_print ("complete-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  if (g_strcmp0 (g_getenv ("RELAIS_BENCH_FIRST_FRAME"), "wait") != 0)
    g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

static gboolean
bench_first_frame_enabled (void)
{
  const char *value = g_getenv ("RELAIS_BENCH_FIRST_FRAME");

  return value != NULL && *value != '\0' && g_strcmp0 (value, "0") != 0;
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
  g_variant_dict_lookup (options, "server", "s", &self->server_url);
  g_variant_dict_lookup (options, "user", "s", &self->user);
  if ((self->server_url == NULL) != (self->user == NULL))
    {
      g_printerr ("%s\n", _ ("--server and --user go together"));
      return 2;
    }
  if (g_variant_dict_lookup (options, "view", "s", &self->view) &&
      !g_str_equal (self->view, "portfolio") && !g_str_equal (self->view, "conflicts") &&
      !g_str_equal (self->view, "agenda") && !g_str_equal (self->view, "offers") &&
      !g_str_equal (self->view, "agency") && !g_str_equal (self->view, "territory") &&
      !(g_str_has_prefix (self->view, "de:") && self->view[3] != '\0'))
    {
      g_printerr (_ ("Unknown view “%s”: portfolio, agenda, offers, conflicts, agency, territory "
                     "or de:ID\n"),
                  self->view);
      return 2;
    }
  if (g_variant_dict_lookup (options, "screenshot", "^ay", &screenshot))
    {
      g_free (self->screenshot_path);
      self->screenshot_path = g_steal_pointer (&screenshot);
    }

  return -1;
}

typedef struct
{
  RelaisApplication *app;
  RelaisContext *context;
  char *password;
} Connecting;

static void
connecting_free (Connecting *c)
{
  g_object_unref (c->app);
  g_object_unref (c->context);
  g_free (c->password);
  g_free (c);
}

static void
ask_connection (RelaisApplication *self, RelaisContext *context, const char *message)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* A screenshot or bench run must not wait for a person. */
  if (self->screenshot_path == NULL && !bench_first_frame_enabled ())
    relais_connect_dialog_present (window, context, message);
}

static void
option_login_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Connecting *c = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *conseiller = relais_login_finish (result, &error);

  if (conseiller == NULL)
    {
      g_printerr ("relais: %s\n", error->message);
      ask_connection (c->app, c->context, error->message);
    }
  else
    {
      const char *const *roles = relais_login_get_roles (result);
      const char *const no_roles[] = { NULL };
      GSettings *settings = relais_context_get_settings (c->context);

      /* The roles decide the ELD's views. Delayed and never applied: this
       * run sees them, the settings on disk stay as they were. */
      g_settings_delay (settings);
      g_settings_set_strv (settings, "user-roles", roles != NULL ? roles : no_roles);
      relais_connect_start (c->context, c->app->server_url, c->app->user, c->password, conseiller);
    }
  connecting_free (c);
}

static void
keyring_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Connecting *c = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *password = relais_credentials_lookup_finish (result, &error);
  GSettings *settings = relais_context_get_settings (c->context);
  g_autofree char *url = g_settings_get_string (settings, "server-url");
  g_autofree char *user = g_settings_get_string (settings, "username");
  g_autofree char *conseiller = g_settings_get_string (settings, "conseiller-id");

  /* No keyring or no password in it: ask again, never a plain file. */
  if (password == NULL || conseiller[0] == '\0')
    ask_connection (c->app, c->context, NULL);
  else
    relais_connect_start (c->context, url, user, password, conseiller);
  connecting_free (c);
}

/* Starts the sync of @context as the options or the settings say. */
static void
connect_context (RelaisApplication *self, RelaisContext *context)
{
  GSettings *settings = relais_context_get_settings (context);
  g_autofree char *url = g_settings_get_string (settings, "server-url");
  g_autofree char *user = g_settings_get_string (settings, "username");
  Connecting *c = g_new0 (Connecting, 1);

  c->app = g_object_ref (self);
  c->context = g_object_ref (context);
  if (self->server_url != NULL)
    {
      const char *password = g_getenv ("RELAIS_PASSWORD");

      if (password == NULL)
        {
          g_printerr ("relais: %s\n", _ ("--server needs the password in $RELAIS_PASSWORD"));
          connecting_free (c);
          return;
        }
      c->password = g_strdup (password);
      relais_login_async (self->server_url, self->user, password, NULL, option_login_cb, c);
      return;
    }
  if (url[0] != '\0' && user[0] != '\0')
    {
      relais_credentials_lookup_async (url, user, NULL, keyring_cb, c);
      return;
    }
  connecting_free (c);
  ask_connection (self, context, NULL);
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
      gtk_window_present (window);
      if (bench_first_frame_enabled ())
        g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                                 G_CALLBACK (bench_after_paint_cb), window, 0);
      connect_context (self, relais_window_get_context (RELAIS_WINDOW (window)));
    }

  gtk_window_present (window);
  show_pending_view (self, window);
  if (self->screenshot_path == NULL)
    return;
  /* With --server the picture waits for the first sync (or 30 s), so that
   * it shows the pulled portfolio and the live status. */
  if (self->server_url != NULL)
    {
      self->shot_deadline = g_get_monotonic_time () + 30 * G_TIME_SPAN_SECOND;
      self->shot_wait_id = g_timeout_add (200, shot_wait_cb, self);
      return;
    }
  take_screenshot (self, window);
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
  g_clear_pointer (&self->view, g_free);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->user, g_free);

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

static void
connect_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);

  if (RELAIS_IS_WINDOW (window))
    relais_connect_dialog_present (window, relais_window_get_context (RELAIS_WINDOW (window)),
                                   NULL);
}

static void
preferences_activated_cb (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *window = gtk_application_get_active_window (app);

  if (RELAIS_IS_WINDOW (window))
    gtk_window_present (GTK_WINDOW (relais_preferences_window_new (
        window, relais_window_get_context (RELAIS_WINDOW (window)))));
}

static const GActionEntry app_actions[] = {
  { "about", about_activated_cb },
  { "preferences", preferences_activated_cb },
  { "connect", connect_activated_cb },
  { "quit", quit_activated_cb },
};

static void
relais_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *help_accels[] = { "<Control>question", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  RelaisApplication *self = RELAIS_APPLICATION (app);
  g_autofree char *path = self->store_path ? g_strdup (self->store_path) : default_store_path ();

  /* Before GTK's and libadwaita's start-up (the chain-up, ~230 ms under
   * load): the portfolio's rows are read meanwhile in a thread, and the
   * window's list takes them over (relais_de_list_preload()). */
  relais_de_list_preload (path, NULL);

  G_APPLICATION_CLASS (relais_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay",
                                         help_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
}

static void
relais_application_shutdown (GApplication *app)
{
  /* A window that never opened its list leaves its rows unclaimed. */
  relais_de_list_cancel_preload ();

  G_APPLICATION_CLASS (relais_application_parent_class)->shutdown (app);
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
  app_class->shutdown = relais_application_shutdown;
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

/* test-roles.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The user's roles (the user-roles setting, which shows the ELD's views)
 * follow the server at every start, also when the app connects with the
 * credentials the keyring kept and no login dialog reads /_session: the
 * real relais-server, a counsellor named ELD on the server between two
 * starts of the app then no longer ELD, inside with-keyring.sh's private
 * D-Bus session with a real gnome-keyring-daemon.
 */

#include "config.h"

#include "gui-demo-server.h"
#include "gui-test-utils.h"

#include "keyring-test-utils.h"
#include "relais-application.h"
#include "relais-context.h"
#include "relais-window.h"

#define USER "conseiller-suivi"

typedef struct
{
  TestServer server;
  DemoServer demo;
  char *dir;
  char *url;
  GSettings *settings;
  RelaisWindow *window;
} Fixture;

/* One application for the process, as on the desktop: its D-Bus object
 * stays exported while it lives. A start is a window of its own, with a
 * new context and a new connection from the settings and the keyring. */
static RelaisApplication *app;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *data_dir = NULL;
  const char *const stale[] = { "conseiller", NULL };

  f->dir = g_dir_make_tmp ("relais-roles-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  data_dir = g_build_filename (f->dir, "server", NULL);
  demo_server_make (&f->demo, data_dir);
  f->server.data_dir = g_strdup (data_dir);
  test_server_start_in (&f->server, f->server.data_dir);
  f->url = g_strconcat (f->server.url, f->demo.db, NULL);

  /* An earlier start logged in (roles without "eld") and kept the
   * password in the keyring. */
  f->settings = g_settings_new (SCHEMA_ID);
  g_settings_set_string (f->settings, "server-url", f->url);
  g_settings_set_string (f->settings, "username", USER);
  g_settings_set_string (f->settings, "conseiller-id", f->demo.conseiller);
  g_settings_set_strv (f->settings, "user-roles", stale);
  g_settings_set_boolean (f->settings, "eld-mode", FALSE);
  keyring_store (f->url, USER, f->demo.password);
}

static void
stop_app (Fixture *f)
{
  if (f->window != NULL)
    {
      relais_context_set_sync (relais_window_get_context (f->window), NULL);
      gtk_window_destroy (GTK_WINDOW (f->window));
      spin ();
    }
  g_assert_null (f->window);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  stop_app (f);
  g_settings_reset (f->settings, "server-url");
  g_settings_reset (f->settings, "username");
  g_settings_reset (f->settings, "conseiller-id");
  g_settings_reset (f->settings, "user-roles");
  g_clear_object (&f->settings);
  test_server_stop (&f->server); /* removes f->dir */
  demo_server_clear (&f->demo);
  g_free (f->dir);
  g_free (f->url);
}

/* A start as the desktop does it: the window on the default store, then
 * the connection with the settings and the keyring. */
static void
start_app (Fixture *f)
{
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_application_activate (G_APPLICATION (app));
  f->window = RELAIS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (RELAIS_IS_WINDOW (f->window));
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
}

/* The user's roles on the server, as an administrator changes them. */
static void
set_server_roles (Fixture *f, gboolean eld)
{
  g_autofree char *path = g_strconcat ("/_users/org.couchdb.user:", USER, NULL);
  g_autoptr (JsonNode) node = test_json (&f->server, "GET", path, NULL, 200);
  JsonObject *user = json_node_get_object (node);
  JsonArray *old = json_object_get_array_member (user, "roles");
  JsonArray *roles = json_array_new ();
  g_autoptr (JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *body = NULL;
  g_autoptr (JsonNode) answer = NULL;

  for (guint i = 0; i < json_array_get_length (old); i++)
    if (g_strcmp0 (json_array_get_string_element (old, i), "eld") != 0)
      json_array_add_string_element (roles, json_array_get_string_element (old, i));
  if (eld)
    json_array_add_string_element (roles, "eld");
  json_object_set_array_member (user, "roles", roles);
  /* The hash is never returned: the same password is written again. */
  json_object_set_string_member (user, "password", f->demo.password);
  json_node_set_object (root, user);
  body = json_to_string (root, FALSE);
  answer = test_json (&f->server, "PUT", path, body, 201);
}

static gboolean
has_eld_role (Fixture *f)
{
  g_auto (GStrv) roles = g_settings_get_strv (f->settings, "user-roles");

  return g_strv_contains ((const char *const *) roles, "eld");
}

static void
wait_eld_role (Fixture *f, gboolean eld)
{
  gint64 deadline = g_get_monotonic_time () + 12 * G_USEC_PER_SEC;

  while (has_eld_role (f) != eld && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  g_assert_cmpint (has_eld_role (f), ==, eld);
}

static void
test_roles_follow_server (Fixture *f, gconstpointer data)
{
  RelaisSyncSession *sync;

  /* Named ELD on the server since the last start. */
  set_server_roles (f, TRUE);
  start_app (f);
  g_assert_false (relais_window_show_view_named (f->window, "agency"));
  wait_eld_role (f, TRUE);
  sync = relais_context_get_sync (relais_window_get_context (f->window));
  g_assert_nonnull (sync);
  g_assert_true (g_strv_contains (relais_sync_session_get_roles (sync), "eld"));
  /* The window follows the setting: the ELD's views are there. */
  g_assert_true (relais_window_show_view_named (f->window, "agency"));
  g_assert_true (relais_window_show_view_named (f->window, "territory"));
  g_assert_cmpstr (g_settings_get_string (f->settings, "conseiller-id"), ==, f->demo.conseiller);
  stop_app (f);

  /* No longer ELD: the next start opens with the kept roles, then
   * drops the views once the server said so. */
  set_server_roles (f, FALSE);
  start_app (f);
  g_assert_true (relais_window_show_view_named (f->window, "agency"));
  wait_eld_role (f, FALSE);
  g_assert_false (relais_window_show_view_named (f->window, "agency"));
  g_assert_false (relais_window_show_view_named (f->window, "territory"));
}

/* A reconnection in the same run (the sync started again, as after the
 * network came back) reads them again too. */
static void
test_roles_on_reconnection (Fixture *f, gconstpointer data)
{
  RelaisSyncSession *sync;

  start_app (f);
  sync = relais_context_get_sync (relais_window_get_context (f->window));
  while (sync == NULL || relais_sync_session_get_roles (sync) == NULL)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
      sync = relais_context_get_sync (relais_window_get_context (f->window));
    }
  g_assert_false (has_eld_role (f));

  set_server_roles (f, TRUE);
  relais_sync_session_sync_now (sync);
  wait_eld_role (f, TRUE);
  g_assert_true (relais_window_show_view_named (f->window, "agency"));
}

int
main (int argc, char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  app = relais_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/roles/follow-server", Fixture, NULL, fixture_setup, test_roles_follow_server,
              fixture_teardown);
  g_test_add ("/roles/on-reconnection", Fixture, NULL, fixture_setup, test_roles_on_reconnection,
              fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}

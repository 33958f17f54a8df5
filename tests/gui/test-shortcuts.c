/* test-shortcuts.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The window's keyboard shortcuts, by their actions and their key
 * bindings: Ctrl+F searches in each view, Ctrl+N makes what is new where
 * something can be made, Ctrl+? shows the shortcuts window, which lists
 * every one of them with a key.
 */

#include "config.h"

#include "gui-test-utils.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "relais-agency-view.h"
#include "relais-application.h"
#include "relais-de-list.h"
#include "relais-jobseeker-page.h"
#include "relais-portfolio-view.h"
#include "relais-territory-view.h"
#include "relais-window.h"

typedef struct
{
  char *dir;
  char *store_path;
  RelaisApplication *app;
  RelaisWindow *window;
  GSettings *settings;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  RelaisPortfolioView *portfolio;

  fixture->dir = g_dir_make_tmp ("relais-shortcuts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "agence.db", NULL);
  fill_demo_store (fixture->store_path, 200);
  fixture->app = relais_application_new ();
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);
  fixture->settings = g_settings_new (SCHEMA_ID);
  g_settings_set_boolean (fixture->settings, "eld-mode", TRUE);

  fixture->window = relais_window_new (fixture->app, fixture->store_path);
  gtk_application_add_window (GTK_APPLICATION (fixture->app), GTK_WINDOW (fixture->window));
  gtk_window_present (GTK_WINDOW (fixture->window));
  portfolio = RELAIS_PORTFOLIO_VIEW (relais_window_get_visible_view (fixture->window));
  while (relais_de_list_get_loading (relais_portfolio_view_get_de_list (portfolio)))
    g_main_context_iteration (NULL, TRUE);
  spin ();
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  spin ();
  g_settings_reset (fixture->settings, "eld-mode");
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->app);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store_path);
}

static GtkWidget *
focused_search_entry (Fixture *fixture)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));

  while (focus != NULL && !GTK_IS_SEARCH_ENTRY (focus))
    focus = gtk_widget_get_parent (focus);
  return focus;
}

/* The key binding of an action, as the widget class declares it. */
static gboolean
has_binding (GtkWidget *widget, guint key, GdkModifierType modifiers, const char *action)
{
  {
    g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

        if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
          continue;
        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
          {
            g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
            GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
            GtkShortcutAction *shortcut_action = gtk_shortcut_get_action (shortcut);

            if (GTK_IS_KEYVAL_TRIGGER (trigger) && GTK_IS_NAMED_ACTION (shortcut_action) &&
                gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == key &&
                gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
                g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (shortcut_action)),
                           action) == 0)
              return TRUE;
          }
      }
  }
  return FALSE;
}

static void
test_shortcuts_bindings (Fixture *fixture, gconstpointer data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_auto (GStrv) help = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app),
                                                               "win.show-help-overlay");

  g_assert_true (has_binding (window, GDK_KEY_f, GDK_CONTROL_MASK, "win.search"));
  g_assert_true (has_binding (window, GDK_KEY_n, GDK_CONTROL_MASK, "win.new"));
  g_assert_true (g_strv_contains ((const char *const *) help, "<Control>question"));
}

/* Ctrl+F: the Agence and the Diagnostic territorial search their own rows,
 * the other views go to the portfolio's search. */
static void
test_shortcuts_search (Fixture *fixture, gconstpointer data)
{
  GtkWidget *view;
  GtkWidget *entry;

  g_assert_true (relais_window_show_view_named (fixture->window, "agency"));
  view = relais_window_get_visible_view (fixture->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  entry = focused_search_entry (fixture);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_ancestor (entry, view));
  g_assert_true (relais_window_get_visible_view (fixture->window) == view);

  g_assert_true (relais_window_show_view_named (fixture->window, "territory"));
  view = relais_window_get_visible_view (fixture->window);
  g_assert_true (RELAIS_IS_TERRITORY_VIEW (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  entry = focused_search_entry (fixture);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_ancestor (entry, view));

  g_assert_true (relais_window_show_view_named (fixture->window, "conflicts"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  view = relais_window_get_visible_view (fixture->window);
  g_assert_true (RELAIS_IS_PORTFOLIO_VIEW (view));
  entry = focused_search_entry (fixture);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_ancestor (entry, view));
}

/* Ctrl+N: a new diagnostic, a new contact in a DE's file; nothing in the
 * portfolio, where DE are not created. */
static void
test_shortcuts_new (Fixture *fixture, gconstpointer data)
{
  GtkWidget *view;
  g_autofree char *before = NULL;
  g_autofree char *de_id = NULL;
  JsonObject *diagnostic;
  GListModel *model;
  g_autoptr (RelaisDeItem) item = NULL;

  /* Disabled in the portfolio: activating it does nothing. */
  g_assert_true (relais_window_show_view_named (fixture->window, "portfolio"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL);
  g_assert_true (RELAIS_IS_PORTFOLIO_VIEW (relais_window_get_visible_view (fixture->window)));

  g_assert_true (relais_window_show_view_named (fixture->window, "territory"));
  view = relais_window_get_visible_view (fixture->window);
  before = g_strdup (json_object_get_string_member (
      relais_territory_view_get_diagnostic (RELAIS_TERRITORY_VIEW (view)), "_id"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  diagnostic = relais_territory_view_get_diagnostic (RELAIS_TERRITORY_VIEW (view));
  g_assert_cmpstr (json_object_get_string_member (diagnostic, "_id"), !=, before);
  g_assert_false (json_object_has_member (diagnostic, "_rev"));

  g_assert_true (relais_window_show_view_named (fixture->window, "portfolio"));
  model = relais_portfolio_view_get_model (
      RELAIS_PORTFOLIO_VIEW (relais_window_get_visible_view (fixture->window)));
  item = g_list_model_get_item (model, 0);
  de_id = g_strconcat ("", relais_de_item_get_id (item), NULL);
  g_assert_true (relais_window_show_view_named (fixture->window, de_id));
  view = relais_window_get_visible_view (fixture->window);
  g_assert_true (RELAIS_IS_JOBSEEKER_PAGE (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  /* The focus is in the new contact's Subject row. */
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (fixture->window));

    while (focus != NULL && !ADW_IS_ENTRY_ROW (focus))
      focus = gtk_widget_get_parent (focus);
    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, view));
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (focus)), ==, "Subject");
  }
}

/* Ctrl+? shows the shortcuts window, and every shortcut there has a key. */
static void
test_shortcuts_help_overlay (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GtkBuilder) builder =
      gtk_builder_new_from_resource (RESOURCE_BASE "/gtk/help-overlay.ui");
  GSList *objects = gtk_builder_get_objects (builder);
  GtkShortcutsWindow *overlay;
  guint n = 0;
  gboolean new_listed = FALSE, search_listed = FALSE;

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;
      g_autofree char *title = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, "action-name", &action, "title", &title,
                    NULL);
      if (accelerator == NULL || *accelerator == '\0')
        {
          g_auto (GStrv) accels =
              gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), action);

          g_assert_nonnull (action);
          g_assert_nonnull (accels[0]);
        }
      if (g_strcmp0 (accelerator, "<Control>n") == 0)
        new_listed = TRUE;
      if (g_strcmp0 (accelerator, "<Control>f") == 0)
        search_listed = TRUE;
      n++;
    }
  g_slist_free (objects);
  g_assert_cmpuint (n, >=, 15);
  g_assert_true (new_listed);
  g_assert_true (search_listed);

  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-help-overlay", NULL));
  spin ();
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window));
  g_assert_nonnull (overlay);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (overlay)));
  gtk_window_close (GTK_WINDOW (overlay));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, relais_application_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/shortcuts/bindings", Fixture, NULL, fixture_set_up, test_shortcuts_bindings,
              fixture_tear_down);
  g_test_add ("/shortcuts/search", Fixture, NULL, fixture_set_up, test_shortcuts_search,
              fixture_tear_down);
  g_test_add ("/shortcuts/new", Fixture, NULL, fixture_set_up, test_shortcuts_new,
              fixture_tear_down);
  g_test_add ("/shortcuts/help-overlay", Fixture, NULL, fixture_set_up, test_shortcuts_help_overlay,
              fixture_tear_down);

  return g_test_run ();
}

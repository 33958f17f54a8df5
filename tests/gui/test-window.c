/* test-window.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The application shell in a real window under Xvfb: it opens a store filled
 * by the demo generator and says what it holds, in French when asked.
 */

#include "config.h"

#include "gui-test-utils.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "relais-agenda-view.h"
#include "relais-application.h"
#include "relais-conflicts-view.h"
#include "relais-de-item.h"
#include "relais-de-list.h"
#include "relais-demo.h"
#include "relais-jobseeker-page.h"
#include "relais-offers-view.h"
#include "relais-portfolio-view.h"
#include "relais-screenshot.h"
#include "relais-store.h"
#include "relais-window.h"

typedef struct
{
  char *dir;
  char *store_path;
  RelaisApplication *app;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("relais-window-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "agence.db", NULL);
  fixture->app = relais_application_new ();
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->app);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store_path);
}

/* The status page is the window's only AdwStatusPage. */
static AdwStatusPage *
find_status_page (GtkWidget *widget)
{
  if (ADW_IS_STATUS_PAGE (widget))
    return ADW_STATUS_PAGE (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwStatusPage *found = find_status_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The sidebar's footnote: what the store holds offline. */
static const char *
find_summary (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), "offline") != NULL)
    return gtk_label_get_label (GTK_LABEL (widget));
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), "hors connexion"))
    return gtk_label_get_label (GTK_LABEL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *found = find_summary (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
wait_loaded (RelaisPortfolioView *view)
{
  RelaisDeList *list = relais_portfolio_view_get_de_list (view);

  while (relais_de_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  spin ();
}

static void
test_window_shows_store (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelaisStore) store = NULL;
  RelaisWindow *window;
  GtkWidget *view;
  g_autofree char *expected_de = NULL;
  const char *description;
  guint64 n_de;

  fill_demo_store (fixture->store_path, 40);
  store = relais_store_open (fixture->store_path, NULL);
  n_de = relais_store_count_type (store, "de", NULL);
  expected_de = g_strdup_printf ("%lu job seekers", (unsigned long) n_de);

  window = relais_window_new (fixture->app, fixture->store_path);
  gtk_window_present (GTK_WINDOW (window));
  spin ();

  g_assert_cmpstr (relais_window_get_store_path (window), ==, fixture->store_path);
  g_assert_cmpstr (relais_context_get_store_path (relais_window_get_context (window)), ==,
                   fixture->store_path);

  /* The portfolio is the view it opens on, with every job seeker. */
  view = relais_window_get_visible_view (window);
  g_assert_true (RELAIS_IS_PORTFOLIO_VIEW (view));
  wait_loaded (RELAIS_PORTFOLIO_VIEW (view));
  g_assert_cmpuint (
      g_list_model_get_n_items (relais_portfolio_view_get_model (RELAIS_PORTFOLIO_VIEW (view))), ==,
      n_de);

  description = find_summary (GTK_WIDGET (window));
  g_assert_nonnull (description);
  g_assert_nonnull (strstr (description, expected_de));
  g_assert_nonnull (strstr (description, "available offline"));

  /* Ctrl+F's action puts the focus in the search entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (window)),
                                         find_widget (view, GTK_TYPE_SEARCH_ENTRY)));

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

/* The views beside the portfolio are made after its first frame, in idle
 * time, or at once when asked for before. */
static void
test_window_views_made_later (Fixture *fixture, gconstpointer data)
{
  RelaisWindow *window;
  RelaisPortfolioView *portfolio;
  gint64 deadline;

  fill_demo_store (fixture->store_path, 10);
  window = relais_window_new (fixture->app, fixture->store_path);
  g_assert_null (relais_window_peek_view (window, "agenda"));
  g_assert_null (relais_window_peek_view (window, "offers"));
  /* Asked for before: made then. */
  g_assert_true (relais_window_show_view_named (window, "offers"));
  g_assert_true (RELAIS_IS_OFFERS_VIEW (relais_window_get_visible_view (window)));
  g_assert_true (relais_window_peek_view (window, "offers") ==
                 relais_window_get_visible_view (window));
  g_assert_true (relais_window_show_view_named (window, "portfolio"));

  gtk_window_present (GTK_WINDOW (window));
  portfolio = RELAIS_PORTFOLIO_VIEW (relais_window_get_visible_view (window));
  wait_loaded (portfolio);
  deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
  while (relais_window_peek_view (window, "agenda") == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (RELAIS_IS_AGENDA_VIEW (relais_window_peek_view (window, "agenda")));
  /* Still on the portfolio: making a view does not show it. */
  g_assert_true (relais_window_get_visible_view (window) == GTK_WIDGET (portfolio));
  g_assert_true (relais_window_show_view_named (window, "agenda"));
  g_assert_true (relais_window_get_visible_view (window) ==
                 relais_window_peek_view (window, "agenda"));

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

/* --view: each view by name, as the screenshots of the run command show
 * them; a DE id opens that job seeker's file. */
static void
test_window_show_view_named (Fixture *fixture, gconstpointer data)
{
  RelaisWindow *window;
  RelaisPortfolioView *portfolio;
  g_autoptr (RelaisDeItem) item = NULL;
  GtkWidget *view;

  fill_demo_store (fixture->store_path, 10);
  window = relais_window_new (fixture->app, fixture->store_path);
  gtk_window_present (GTK_WINDOW (window));
  spin ();
  portfolio = RELAIS_PORTFOLIO_VIEW (relais_window_get_visible_view (window));
  wait_loaded (portfolio);
  item = g_list_model_get_item (relais_portfolio_view_get_model (portfolio), 0);
  g_assert_nonnull (item);

  g_assert_true (relais_window_show_view_named (window, "conflicts"));
  g_assert_true (RELAIS_IS_CONFLICTS_VIEW (relais_window_get_visible_view (window)));

  g_assert_true (relais_window_show_view_named (window, relais_de_item_get_id (item)));
  view = relais_window_get_visible_view (window);
  g_assert_true (RELAIS_IS_JOBSEEKER_PAGE (view));
  g_assert_cmpstr (relais_jobseeker_page_get_de_id (RELAIS_JOBSEEKER_PAGE (view)), ==,
                   relais_de_item_get_id (item));

  g_assert_true (relais_window_show_view_named (window, "portfolio"));
  g_assert_true (relais_window_get_visible_view (window) == GTK_WIDGET (portfolio));
  g_assert_false (relais_window_show_view_named (window, "offres"));
  g_assert_true (relais_window_get_visible_view (window) == GTK_WIDGET (portfolio));

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();

  /* Without a store there is no view to show. */
  g_remove (fixture->store_path);
  window = relais_window_new (fixture->app, fixture->dir);
  g_assert_false (relais_window_show_view_named (window, "portfolio"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_missing_store (Fixture *fixture, gconstpointer data)
{
  RelaisWindow *window = relais_window_new (fixture->app, fixture->store_path);
  AdwStatusPage *page = find_status_page (GTK_WIDGET (window));

  g_assert_null (relais_window_get_visible_view (window));

  g_assert_cmpstr (adw_status_page_get_title (page), ==, "The local store cannot be opened");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "No local store"));
  g_assert_false (g_file_test (fixture->store_path, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_damaged_store (Fixture *fixture, gconstpointer data)
{
  RelaisWindow *window;
  AdwStatusPage *page;

  g_assert_true (g_file_set_contents (fixture->store_path, "not a database, just text", -1, NULL));
  window = relais_window_new (fixture->app, fixture->store_path);
  page = find_status_page (GTK_WIDGET (window));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "The local store cannot be opened");
  g_assert_nonnull (strstr (adw_status_page_get_description (page), "damaged"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
screenshot_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (relais_screenshot_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_window_screenshot (Fixture *fixture, gconstpointer data)
{
  g_autofree char *png = g_build_filename (fixture->dir, "shot.png", NULL);
  g_autoptr (GdkTexture) texture = NULL;
  g_autoptr (GError) error = NULL;
  RelaisWindow *window;
  gboolean done = FALSE;

  fill_demo_store (fixture->store_path, 10);
  window = relais_window_new (fixture->app, fixture->store_path);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  gtk_window_present (GTK_WINDOW (window));
  relais_screenshot_async (GTK_WIDGET (window), png, NULL, screenshot_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (GTK_WIDGET (window)));
  g_assert_cmpint (gdk_texture_get_height (texture), >, 100);

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

static void
test_window_french (Fixture *fixture, gconstpointer data)
{
  RelaisWindow *window;
  GtkWidget *view;

  if (g_test_subprocess ())
    {
      fill_demo_store (fixture->store_path, 5);
      window = relais_window_new (fixture->app, fixture->store_path);
      view = relais_window_get_visible_view (window);
      wait_loaded (RELAIS_PORTFOLIO_VIEW (view));
      g_print ("%s\n%s\n", gtk_window_get_title (GTK_WINDOW (window)),
               find_summary (GTK_WIDGET (window)));
      gtk_window_destroy (GTK_WINDOW (window));
      spin ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*5 demandeurs d'emploi*disponibles hors connexion*");
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add ("/window/shows-store", Fixture, NULL, fixture_set_up, test_window_shows_store,
              fixture_tear_down);
  g_test_add ("/window/show-view-named", Fixture, NULL, fixture_set_up, test_window_show_view_named,
              fixture_tear_down);
  g_test_add ("/window/views-made-later", Fixture, NULL, fixture_set_up,
              test_window_views_made_later, fixture_tear_down);
  g_test_add ("/window/missing-store", Fixture, NULL, fixture_set_up, test_window_missing_store,
              fixture_tear_down);
  g_test_add ("/window/damaged-store", Fixture, NULL, fixture_set_up, test_window_damaged_store,
              fixture_tear_down);
  g_test_add ("/window/screenshot", Fixture, NULL, fixture_set_up, test_window_screenshot,
              fixture_tear_down);
  g_test_add ("/window/french", Fixture, NULL, fixture_set_up, test_window_french,
              fixture_tear_down);

  return g_test_run ();
}

/* test-agency.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The ELD's Agence view in a real window over a store filled by the demo
 * generator: the loads it shows are the store's, a reassignment writes the
 * DE's new revision and its affectation entry and is refused over the
 * renforcé cap, the counsellors' modalities are counted and edited, and
 * the view follows the user's roles. French in a subprocess.
 */

#include "config.h"

#include "gui-test-utils.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "relais-agency-view.h"
#include "relais-application.h"
#include "relais-de-list.h"
#include "relais-doc-query.h"
#include "relais-doc.h"
#include "relais-portfolio-load.h"
#include "relais-portfolio-view.h"
#include "relais-screenshot.h"
#include "relais-window.h"

#define N_DE 600

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

  fixture->dir = g_dir_make_tmp ("relais-agency-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "agence.db", NULL);
  fill_demo_store (fixture->store_path, N_DE);
  fixture->app = relais_application_new ();
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);
  fixture->settings = g_settings_new (SCHEMA_ID);
  g_settings_reset (fixture->settings, "eld-mode");
  g_settings_reset (fixture->settings, "user-roles");
  g_settings_reset (fixture->settings, "username");
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  spin ();
  g_settings_reset (fixture->settings, "eld-mode");
  g_settings_reset (fixture->settings, "user-roles");
  g_settings_reset (fixture->settings, "username");
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->app);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store_path);
}

static RelaisStore *
store_of (Fixture *fixture)
{
  return relais_context_get_store (relais_window_get_context (fixture->window));
}

static void
open_window (Fixture *fixture)
{
  RelaisPortfolioView *portfolio;

  fixture->window = relais_window_new (fixture->app, fixture->store_path);
  gtk_window_present (GTK_WINDOW (fixture->window));
  portfolio = RELAIS_PORTFOLIO_VIEW (relais_window_get_visible_view (fixture->window));
  while (relais_de_list_get_loading (relais_portfolio_view_get_de_list (portfolio)))
    g_main_context_iteration (NULL, TRUE);
  spin ();
}

static RelaisAgencyView *
open_agency (Fixture *fixture)
{
  g_settings_set_boolean (fixture->settings, "eld-mode", TRUE);
  open_window (fixture);
  g_assert_true (relais_window_show_view_named (fixture->window, "agency"));
  return RELAIS_AGENCY_VIEW (relais_window_get_visible_view (fixture->window));
}

static guint
count_in_store (Fixture *fixture, const char *portefeuille)
{
  g_autoptr (GPtrArray) ids =
      relais_store_find_by_field (store_of (fixture), "de", "portefeuille", portefeuille, NULL);

  g_assert_nonnull (ids);
  return ids->len;
}

/* The fullest (or emptiest) portfolio of modality @code. */
static RelaisPortfolioLoad *
find_load (Fixture *fixture, RelaisAgencyView *view, const char *code, gboolean heaviest)
{
  GListModel *model = relais_agency_view_get_model (view);
  RelaisPortfolioLoad *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (RelaisPortfolioLoad) load = g_list_model_get_item (model, i);
      g_autoptr (JsonObject) doc =
          relais_store_get (store_of (fixture), relais_portfolio_load_get_id (load), NULL, 0, NULL);
      guint n = relais_portfolio_load_get_n_de (load);

      if (g_strcmp0 (relais_doc_query_string (doc, "modalite"), code) != 0)
        continue;
      if (found == NULL || (heaviest ? n > relais_portfolio_load_get_n_de (found)
                                     : n < relais_portfolio_load_get_n_de (found)))
        g_set_object (&found, load);
    }
  g_assert_nonnull (found);
  return found;
}

/* Every portefeuille of the store, with its DE, capacity and counsellor. */
static void
test_agency_loads_match_store (Fixture *fixture, gconstpointer data)
{
  RelaisAgencyView *view = open_agency (fixture);
  GListModel *model = relais_agency_view_get_model (view);
  g_autoptr (GPtrArray) portefeuilles =
      relais_doc_query_type (store_of (fixture), "portefeuille", NULL);
  guint total = 0;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, portefeuilles->len);
  g_assert_cmpuint (portefeuilles->len, >, 4);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (RelaisPortfolioLoad) load = g_list_model_get_item (model, i);
      const char *id = relais_portfolio_load_get_id (load);
      g_autoptr (JsonObject) doc = relais_store_get (store_of (fixture), id, NULL, 0, NULL);
      g_autoptr (JsonObject) conseiller = NULL;
      g_autofree char *name = NULL;

      g_assert_nonnull (doc);
      g_assert_cmpuint (relais_portfolio_load_get_n_de (load), ==, count_in_store (fixture, id));
      g_assert_cmpint (relais_portfolio_load_get_capacite (load), ==,
                       json_object_get_int_member (doc, "capacite"));
      conseiller = relais_store_get (store_of (fixture),
                                     relais_doc_query_string (doc, "conseiller"), NULL, 0, NULL);
      g_assert_nonnull (conseiller);
      name = relais_doc_query_person_name (conseiller);
      g_assert_cmpstr (relais_portfolio_load_get_conseiller (load), ==, name);
      total += relais_portfolio_load_get_n_de (load);
    }
  g_assert_cmpuint (total, ==, N_DE);
}

static void
screenshot_done_cb (GObject *object, GAsyncResult *result, gpointer loop)
{
  g_autoptr (GError) error = NULL;

  relais_screenshot_finish (result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (loop);
}

/* RELAIS_TEST_SCREENSHOT_AGENCY=PREFIX writes PREFIX-NAME.png of the
 * window, to look at the view. */
static void
maybe_screenshot (Fixture *fixture, const char *name)
{
  const char *prefix = g_getenv ("RELAIS_TEST_SCREENSHOT_AGENCY");
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *path = NULL;

  if (prefix == NULL)
    return;
  loop = g_main_loop_new (NULL, FALSE);
  path = g_strdup_printf ("%s-%s.png", prefix, name);
  relais_screenshot_async (GTK_WIDGET (fixture->window), path, NULL, screenshot_done_cb, loop);
  g_main_loop_run (loop);
}

static void
select_first (RelaisAgencyView *view, guint n)
{
  GtkSelectionModel *selection = relais_agency_view_get_de_selection (view);

  gtk_selection_model_unselect_all (selection);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), >=, n);
  gtk_selection_model_select_range (selection, 0, n, TRUE);
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* Into a renforcé portfolio up to 70 and not one more; each move is a DE
 * revision (portefeuille, référent, modality) and an affectation entry. */
static void
test_agency_reassign (Fixture *fixture, gconstpointer data)
{
  RelaisAgencyView *view;
  g_autoptr (RelaisPortfolioLoad) source = NULL;
  g_autoptr (RelaisPortfolioLoad) target = NULL;
  g_autoptr (GPtrArray) moving = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (JsonObject) target_doc = NULL;
  GtkSelectionModel *selection;
  GtkWidget *button;
  GtkLabel *status;
  g_autofree char *source_id = NULL;
  g_autofree char *target_id = NULL;
  guint room;

  g_settings_set_string (fixture->settings, "username", "eld-test");
  view = open_agency (fixture);
  source = find_load (fixture, view, "suivi", TRUE);
  target = find_load (fixture, view, "renforce", FALSE);
  source_id = g_strdup (relais_portfolio_load_get_id (source));
  target_id = g_strdup (relais_portfolio_load_get_id (target));
  room = 70 - relais_portfolio_load_get_n_de (target);
  g_assert_cmpuint (room, >, 0);
  target_doc = relais_store_get (store_of (fixture), target_id, NULL, 0, NULL);

  g_assert_true (relais_agency_view_select_portfolio (view, source_id));
  selection = relais_agency_view_get_de_selection (view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==,
                    count_in_store (fixture, source_id));
  g_assert_true (relais_agency_view_set_target (view, target_id));
  /* The portfolio shown is not a destination. */
  g_assert_false (relais_agency_view_set_target (view, source_id));
  button = relais_agency_view_get_reassign_button (view);
  status = relais_agency_view_get_status_label (view);

  /* One too many: refused, nothing written. */
  select_first (view, room + 1);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
  g_assert_nonnull (strstr (gtk_label_get_label (status), "70"));
  g_assert_cmpuint (count_in_store (fixture, target_id), ==, 70 - room);
  g_assert_cmpuint (relais_store_count_type (store_of (fixture), "affectation", NULL), ==, 0);

  /* Exactly up to the cap. */
  select_first (view, room);
  for (guint i = 0; i < room; i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (G_LIST_MODEL (selection), i);

      g_ptr_array_add (moving, g_strdup (relais_de_item_get_id (item)));
    }
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
  g_assert_cmpuint (count_in_store (fixture, target_id), ==, 70);
  for (guint i = 0; i < moving->len; i++)
    {
      g_autoptr (JsonObject) de =
          relais_store_get (store_of (fixture), moving->pdata[i], NULL, 0, NULL);

      g_assert_cmpstr (relais_doc_query_string (de, "portefeuille"), ==, target_id);
      g_assert_cmpstr (relais_doc_query_string (de, "referent"), ==,
                       relais_doc_query_string (target_doc, "conseiller"));
      g_assert_cmpstr (relais_doc_query_string (de, "modalite"), ==, "renforce");
      g_assert_cmpstr (relais_doc_query_string (de, "modifie_par"), ==, "eld-test");
      g_assert_true (g_str_has_prefix (relais_doc_query_string (de, "_rev"), "2-"));
    }

  entries = relais_doc_query_type (store_of (fixture), "affectation", NULL);
  g_assert_cmpuint (entries->len, ==, room);
  for (guint i = 0; i < entries->len; i++)
    {
      JsonObject *entry = entries->pdata[i];

      g_assert_true (g_ptr_array_find_with_equal_func (
          moving, relais_doc_query_string (entry, "de"), g_str_equal, NULL));
      g_assert_cmpstr (relais_doc_query_string (entry, "depuis"), ==, source_id);
      g_assert_cmpstr (relais_doc_query_string (entry, "vers"), ==, target_id);
      g_assert_cmpstr (relais_doc_query_string (entry, "auteur"), ==, "eld-test");
      g_assert_nonnull (relais_doc_query_string (entry, "date"));
    }

  /* The table, the DE list and the history show it. */
  {
    GListModel *model = relais_agency_view_get_model (view);

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr (RelaisPortfolioLoad) load = g_list_model_get_item (model, i);

        if (g_str_equal (relais_portfolio_load_get_id (load), target_id))
          g_assert_cmpuint (relais_portfolio_load_get_n_de (load), ==, 70);
        if (g_str_equal (relais_portfolio_load_get_id (load), source_id))
          g_assert_cmpuint (relais_portfolio_load_get_n_de (load), ==,
                            count_in_store (fixture, source_id));
      }
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==,
                    count_in_store (fixture, source_id));
  g_assert_cmpuint (n_rows (relais_agency_view_get_history_list (view)), ==, room);
  select_first (view, 3);
  maybe_screenshot (fixture, "portfolios");
  relais_agency_view_show_page (view, "history");
  maybe_screenshot (fixture, "history");
  relais_agency_view_show_page (view, "portfolios");

  /* Full now: one more is refused. */
  select_first (view, 1);
  g_assert_true (relais_agency_view_set_target (view, target_id));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
  g_assert_cmpuint (count_in_store (fixture, target_id), ==, 70);
}

/* The toast after a move offers Undo: the DE go back with the référent
 * and modality they had, the journal records the return, and a DE
 * written since the move stays as it is. */
static void
test_agency_undo_reassign (Fixture *fixture, gconstpointer data)
{
  RelaisAgencyView *view;
  g_autoptr (RelaisPortfolioLoad) source = NULL;
  g_autoptr (RelaisPortfolioLoad) target = NULL;
  g_autoptr (GPtrArray) before =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GError) error = NULL;
  GtkSelectionModel *selection;
  GtkWidget *undo;
  g_autofree char *source_id = NULL;
  g_autofree char *target_id = NULL;
  guint n_source;

  g_settings_set_string (fixture->settings, "username", "eld-test");
  view = open_agency (fixture);
  source = find_load (fixture, view, "suivi", TRUE);
  target = find_load (fixture, view, "renforce", FALSE);
  source_id = g_strdup (relais_portfolio_load_get_id (source));
  target_id = g_strdup (relais_portfolio_load_get_id (target));
  n_source = count_in_store (fixture, source_id);
  g_assert_true (relais_agency_view_select_portfolio (view, source_id));
  g_assert_true (relais_agency_view_set_target (view, target_id));
  selection = relais_agency_view_get_de_selection (view);
  select_first (view, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (G_LIST_MODEL (selection), i);

      g_ptr_array_add (before, relais_store_get (store_of (fixture), relais_de_item_get_id (item),
                                                 NULL, 0, NULL));
    }
  g_signal_emit_by_name (relais_agency_view_get_reassign_button (view), "clicked");
  g_assert_cmpuint (count_in_store (fixture, source_id), ==, n_source - 3);

  /* The third one is changed meanwhile, as a sync would. */
  {
    g_autoptr (JsonObject) third =
        relais_store_get (store_of (fixture), relais_doc_get_id (before->pdata[2]), NULL, 0, NULL);
    g_autofree char *rev = NULL;

    json_object_set_string_member (third, "telephone", "0601020304");
    rev = relais_store_put (store_of (fixture), third, TRUE, &error);
    g_assert_no_error (error);
  }

  undo = find_button_labelled (GTK_WIDGET (fixture->window), "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  spin ();

  g_assert_cmpuint (count_in_store (fixture, source_id), ==, n_source - 1);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *was = before->pdata[i];
      g_autoptr (JsonObject) now =
          relais_store_get (store_of (fixture), relais_doc_get_id (was), NULL, 0, NULL);

      g_assert_true (g_str_has_prefix (relais_doc_query_string (now, "_rev"), "3-"));
      g_assert_cmpstr (relais_doc_query_string (now, "portefeuille"), ==, source_id);
      g_assert_cmpstr (relais_doc_query_string (now, "referent"), ==,
                       relais_doc_query_string (was, "referent"));
      g_assert_cmpstr (relais_doc_query_string (now, "modalite"), ==,
                       relais_doc_query_string (was, "modalite"));
    }
  {
    g_autoptr (JsonObject) third =
        relais_store_get (store_of (fixture), relais_doc_get_id (before->pdata[2]), NULL, 0, NULL);

    g_assert_cmpstr (relais_doc_query_string (third, "portefeuille"), ==, target_id);
    g_assert_cmpstr (relais_doc_query_string (third, "telephone"), ==, "0601020304");
  }
  /* Three moves and two returns in the journal and the history. */
  g_assert_cmpuint (relais_store_count_type (store_of (fixture), "affectation", NULL), ==, 5);
  g_assert_cmpuint (n_rows (relais_agency_view_get_history_list (view)), ==, 5);
  g_assert_nonnull (strstr (gtk_label_get_label (relais_agency_view_get_status_label (view)), "1"));
}

/* The counts per modality are the store's; a changed modality is a new
 * conseiller revision. */
static void
test_agency_counsellors (Fixture *fixture, gconstpointer data)
{
  RelaisAgencyView *view = open_agency (fixture);
  GtkListBox *list = relais_agency_view_get_counsellors_list (view);
  g_autoptr (GPtrArray) conseillers =
      relais_doc_query_type (store_of (fixture), "conseiller", NULL);
  g_autoptr (JsonObject) changed = NULL;
  guint n_counsellors = 0, n_suivi = 0;
  AdwComboRow *row;

  for (guint i = 0; i < conseillers->len; i++)
    {
      const char *modalite = relais_doc_query_string (conseillers->pdata[i], "modalite");

      if (modalite != NULL)
        n_counsellors++;
      if (g_strcmp0 (modalite, "suivi") == 0)
        n_suivi++;
    }
  g_assert_cmpuint (n_rows (list), ==, n_counsellors);
  relais_agency_view_show_page (view, "counsellors");
  spin ();
  maybe_screenshot (fixture, "counsellors");

  /* The first row with suivi goes to guidé. */
  row = NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (adw_combo_row_get_selected (ADW_COMBO_ROW (child)) == 0)
      {
        row = ADW_COMBO_ROW (child);
        break;
      }
  g_assert_nonnull (row);
  adw_combo_row_set_selected (row, 1);
  changed =
      relais_store_get (store_of (fixture), gtk_widget_get_name (GTK_WIDGET (row)), NULL, 0, NULL);
  g_assert_cmpstr (relais_doc_query_string (changed, "modalite"), ==, "guide");
  g_assert_true (g_str_has_prefix (relais_doc_query_string (changed, "_rev"), "2-"));
  g_assert_cmpuint (n_suivi, >, 0);
}

/* Shown for the role "eld" of the server or the eld-mode override only. */
static void
test_agency_follows_roles (Fixture *fixture, gconstpointer data)
{
  const char *eld[] = { "conseiller", "eld", "agence:35238", NULL };
  const char *counsellor[] = { "conseiller", "agence:35238", NULL };

  open_window (fixture);
  g_assert_false (relais_window_show_view_named (fixture->window, "agency"));
  g_assert_false (relais_window_show_view_named (fixture->window, "territory"));

  g_settings_set_strv (fixture->settings, "user-roles", eld);
  spin ();
  g_assert_true (relais_window_show_view_named (fixture->window, "agency"));
  g_assert_true (RELAIS_IS_AGENCY_VIEW (relais_window_get_visible_view (fixture->window)));
  g_assert_true (relais_window_show_view_named (fixture->window, "territory"));

  /* Back to a counsellor: the views go, the window shows the portfolio. */
  g_settings_set_strv (fixture->settings, "user-roles", counsellor);
  spin ();
  g_assert_false (relais_window_show_view_named (fixture->window, "agency"));
  g_assert_true (RELAIS_IS_PORTFOLIO_VIEW (relais_window_get_visible_view (fixture->window)));

  /* The setting alone, offline. */
  g_settings_set_boolean (fixture->settings, "eld-mode", TRUE);
  spin ();
  g_assert_true (relais_window_show_view_named (fixture->window, "agency"));
}

static void
test_agency_french (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      RelaisAgencyView *view = open_agency (fixture);
      g_autoptr (RelaisPortfolioLoad) source = find_load (fixture, view, "suivi", TRUE);
      g_autoptr (RelaisPortfolioLoad) target = find_load (fixture, view, "renforce", FALSE);

      g_assert_true (
          relais_agency_view_select_portfolio (view, relais_portfolio_load_get_id (source)));
      g_assert_true (relais_agency_view_set_target (view, relais_portfolio_load_get_id (target)));
      select_first (view, 71 - relais_portfolio_load_get_n_de (target));
      g_signal_emit_by_name (relais_agency_view_get_reassign_button (view), "clicked");
      g_print ("%s\n%s\n",
               gtk_button_get_label (GTK_BUTTON (relais_agency_view_get_reassign_button (view))),
               gtk_label_get_label (relais_agency_view_get_status_label (view)));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("_Réaffecter\nLe portefeuille renforcé « *» compterait 71 DE : il en "
                             "suit 70 au plus.\n");
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add ("/agency/loads-match-store", Fixture, NULL, fixture_set_up,
              test_agency_loads_match_store, fixture_tear_down);
  g_test_add ("/agency/reassign", Fixture, NULL, fixture_set_up, test_agency_reassign,
              fixture_tear_down);
  g_test_add ("/agency/undo-reassign", Fixture, NULL, fixture_set_up, test_agency_undo_reassign,
              fixture_tear_down);
  g_test_add ("/agency/counsellors", Fixture, NULL, fixture_set_up, test_agency_counsellors,
              fixture_tear_down);
  g_test_add ("/agency/follows-roles", Fixture, NULL, fixture_set_up, test_agency_follows_roles,
              fixture_tear_down);
  g_test_add ("/agency/french", Fixture, NULL, fixture_set_up, test_agency_french,
              fixture_tear_down);

  return g_test_run ();
}

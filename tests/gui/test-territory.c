/* test-territory.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The ELD's Diagnostic territorial over a store filled by the demo
 * generator: it shows the store's diagnostic and prospection actions with
 * their figures, saves an edited diagnostic and a new one as the core
 * validates them, refuses an invalid one, adds a trade in tension from the
 * referential, filters the prospection. French in a subprocess.
 */

#include "config.h"

#include "gui-test-utils.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "relais-application.h"
#include "relais-context.h"
#include "relais-doc-query.h"
#include "relais-referential.h"
#include "relais-territory-view.h"

#define N_DE 600

typedef struct
{
  char *dir;
  char *store_path;
  RelaisContext *context;
  GtkWidget *window;
  RelaisTerritoryView *view;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("relais-territory-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "agence.db", NULL);
  fill_demo_store (fixture->store_path, N_DE);
  fixture->context = relais_context_new (fixture->store_path, NULL);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 800);
  fixture->view = RELAIS_TERRITORY_VIEW (relais_territory_view_new (fixture->context));
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  spin ();
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  spin ();
  g_clear_object (&fixture->context);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store_path);
}

static RelaisStore *
store_of (Fixture *fixture)
{
  return relais_context_get_store (fixture->context);
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

static guint
array_length (JsonObject *doc, const char *member)
{
  return json_array_get_length (json_object_get_array_member (doc, member));
}

static void
assert_figure (Fixture *fixture, const char *name, guint expected)
{
  g_autofree char *text = g_strdup_printf ("%u", expected);

  g_assert_cmpstr (relais_territory_view_get_figure (fixture->view, name), ==, text);
}

static void
test_territory_shows_store (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) diagnostics =
      relais_doc_query_type (store_of (fixture), "diagnostic", NULL);
  g_autoptr (GPtrArray) actions =
      relais_doc_query_type (store_of (fixture), "action_prospection", NULL);
  const char *statuts[] = { "planifiee", "realisee", "annulee" };
  JsonObject *shown = relais_territory_view_get_diagnostic (fixture->view);
  JsonObject *stored;

  g_assert_cmpuint (diagnostics->len, ==, 1);
  g_assert_cmpuint (relais_territory_view_get_n_diagnostics (fixture->view), ==, 1);
  stored = diagnostics->pdata[0];
  g_assert_cmpstr (relais_doc_query_string (shown, "_id"), ==,
                   relais_doc_query_string (stored, "_id"));
  g_assert_cmpstr (gtk_editable_get_text (
                       GTK_EDITABLE (relais_territory_view_get_row (fixture->view, "synthese"))),
                   ==, relais_doc_query_string (stored, "synthese"));
  g_assert_cmpstr (relais_territory_view_get_figure (fixture->view, "bassin"), ==,
                   relais_doc_query_string (stored, "bassin"));
  assert_figure (fixture, "secteurs", array_length (stored, "secteurs_tension"));
  assert_figure (fixture, "cibles", array_length (stored, "entreprises_cibles"));
  g_assert_cmpuint (array_length (stored, "secteurs_tension"), >, 0);

  for (guint s = 0; s < G_N_ELEMENTS (statuts); s++)
    {
      g_autofree char *name = g_strdup_printf ("prospection-%s", statuts[s]);
      guint n = 0;

      for (guint i = 0; i < actions->len; i++)
        if (g_strcmp0 (relais_doc_query_string (actions->pdata[i], "statut"), statuts[s]) == 0)
          n++;
      assert_figure (fixture, name, n);
    }
  g_assert_cmpuint (actions->len, >=, 3);
  g_assert_cmpuint (n_rows (relais_territory_view_get_prospection_list (fixture->view)), ==,
                    actions->len);
}

static void
test_territory_edit (Fixture *fixture, gconstpointer data)
{
  g_autofree char *id = g_strdup (
      relais_doc_query_string (relais_territory_view_get_diagnostic (fixture->view), "_id"));
  GtkTextBuffer *constats =
      gtk_text_view_get_buffer (relais_territory_view_get_constats_view (fixture->view));
  GtkLabel *problem = relais_territory_view_get_problem_label (fixture->view);
  g_autoptr (JsonObject) saved = NULL;
  g_autoptr (JsonObject) unchanged = NULL;

  gtk_editable_set_text (GTK_EDITABLE (relais_territory_view_get_row (fixture->view, "synthese")),
                         "Synthèse revue en comité");
  gtk_text_buffer_set_text (constats, "Premier constat\n\n  Second constat  \n", -1);
  g_assert_true (relais_territory_view_save (fixture->view));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (problem)));
  saved = relais_store_get (store_of (fixture), id, NULL, 0, NULL);
  g_assert_true (g_str_has_prefix (relais_doc_query_string (saved, "_rev"), "2-"));
  g_assert_cmpstr (relais_doc_query_string (saved, "synthese"), ==, "Synthèse revue en comité");
  g_assert_cmpuint (array_length (saved, "constats"), ==, 2);
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (saved, "constats"), 1), ==,
      "Second constat");
  /* The rest is kept. */
  g_assert_cmpuint (array_length (saved, "entreprises_cibles"), >, 0);

  /* A day that does not exist: the core refuses, nothing is written. */
  gtk_editable_set_text (GTK_EDITABLE (relais_territory_view_get_row (fixture->view, "date")),
                         "2026-02-30");
  g_assert_false (relais_territory_view_save (fixture->view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (problem)));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (problem), "date: "));
  unchanged = relais_store_get (store_of (fixture), id, NULL, 0, NULL);
  g_assert_true (g_str_has_prefix (relais_doc_query_string (unchanged, "_rev"), "2-"));
}

/* A new diagnostic of the agency's bassin, dated today; a second one in
 * the store and in the list. */
static void
test_territory_new (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) agences = relais_doc_query_type (store_of (fixture), "agence", NULL);
  g_autoptr (GPtrArray) diagnostics = NULL;
  JsonObject *current;
  g_autofree char *id = NULL;
  g_autoptr (JsonObject) saved = NULL;
  char today[16];

  g_date_strftime (today, sizeof today, "%Y-%m-%d", relais_context_get_today (fixture->context));
  relais_territory_view_new_diagnostic (fixture->view);
  current = relais_territory_view_get_diagnostic (fixture->view);
  id = g_strdup (relais_doc_query_string (current, "_id"));
  g_assert_true (g_str_has_prefix (id, "diagnostic:"));
  g_assert_null (relais_doc_query_string (current, "_rev"));
  g_assert_cmpstr (
      gtk_editable_get_text (GTK_EDITABLE (relais_territory_view_get_row (fixture->view, "date"))),
      ==, today);
  gtk_editable_set_text (GTK_EDITABLE (relais_territory_view_get_row (fixture->view, "synthese")),
                         "Nouveau diagnostic");
  g_assert_true (relais_territory_view_save (fixture->view));

  diagnostics = relais_doc_query_type (store_of (fixture), "diagnostic", NULL);
  g_assert_cmpuint (diagnostics->len, ==, 2);
  g_assert_cmpuint (relais_territory_view_get_n_diagnostics (fixture->view), ==, 2);
  saved = relais_store_get (store_of (fixture), id, NULL, 0, NULL);
  g_assert_cmpstr (relais_doc_query_string (saved, "agence"), ==,
                   relais_doc_query_string (agences->pdata[0], "_id"));
  g_assert_cmpstr (relais_doc_query_string (saved, "bassin"), ==,
                   relais_doc_query_string (agences->pdata[0], "bassin"));
  g_assert_cmpstr (relais_doc_query_string (saved, "date"), ==, today);
  /* Newest first: the new one is shown. */
  g_assert_cmpstr (
      relais_doc_query_string (relais_territory_view_get_diagnostic (fixture->view), "_id"), ==,
      id);
}

static void
test_territory_add_secteur (Fixture *fixture, gconstpointer data)
{
  g_autofree char *dir = relais_referential_default_dir ();
  g_autoptr (RelaisReferential) referential = relais_referential_load_or_builtin (dir);
  const RelaisRomeFiche *fiche = relais_referential_get_fiche (referential, 0);
  GtkWidget *row = relais_territory_view_get_row (fixture->view, "add-secteur");
  JsonObject *current = relais_territory_view_get_diagnostic (fixture->view);
  guint before = array_length (current, "secteurs_tension");
  g_autofree char *id = NULL;
  g_autoptr (JsonObject) saved = NULL;
  JsonArray *secteurs;
  JsonObject *added;

  gtk_editable_set_text (GTK_EDITABLE (row), "Z9999");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_get_visible (
      GTK_WIDGET (relais_territory_view_get_problem_label (fixture->view))));
  g_assert_cmpuint (array_length (current, "secteurs_tension"), ==, before);

  gtk_editable_set_text (GTK_EDITABLE (row), fiche->code);
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpuint (array_length (current, "secteurs_tension"), ==, before + 1);
  assert_figure (fixture, "secteurs", before + 1);
  /* A save reads the diagnostic back: @current is gone after it. */
  id = g_strdup (relais_doc_query_string (current, "_id"));
  g_assert_true (relais_territory_view_save (fixture->view));
  saved = relais_store_get (store_of (fixture), id, NULL, 0, NULL);
  secteurs = json_object_get_array_member (saved, "secteurs_tension");
  g_assert_cmpuint (json_array_get_length (secteurs), ==, before + 1);
  added = json_array_get_object_element (secteurs, before);
  g_assert_cmpstr (relais_doc_query_string (added, "code_rome"), ==, fiche->code);
  g_assert_cmpstr (relais_doc_query_string (added, "libelle"), ==, fiche->label);
}

static void
test_territory_search (Fixture *fixture, gconstpointer data)
{
  GtkListBox *list = relais_territory_view_get_prospection_list (fixture->view);
  GtkWidget *first = gtk_widget_get_first_child (GTK_WIDGET (list));
  g_autofree char *company = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)));
  guint all = n_rows (list);
  GtkWidget *entry = NULL;

  /* The search entry is the only one in the header. */
  relais_territory_view_focus_search (fixture->view);
  entry = gtk_window_get_focus (GTK_WINDOW (fixture->window));
  g_assert_nonnull (entry);
  while (entry != NULL && !GTK_IS_SEARCH_ENTRY (entry))
    entry = gtk_widget_get_parent (entry);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), company);
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpuint (n_rows (list), <, all);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, company);
}

static gboolean
print_labels (GtkWidget *widget, const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_label (GTK_LABEL (widget)), needle) != NULL)
    {
      g_print ("%s\n", gtk_label_get_label (GTK_LABEL (widget)));
      return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (print_labels (child, needle))
      return TRUE;
  return FALSE;
}

static void
test_territory_french (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      print_labels (GTK_WIDGET (fixture->view), "Actions de prospection");
      print_labels (GTK_WIDGET (fixture->view), "Bassin d’emploi :");
      gtk_editable_set_text (GTK_EDITABLE (relais_territory_view_get_row (fixture->view, "date")),
                             "x");
      relais_territory_view_save (fixture->view);
      g_print ("%s\n",
               gtk_label_get_label (relais_territory_view_get_problem_label (fixture->view)));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout (
      "Actions de prospection : Planifiées\nBassin d’emploi : * communes, * habitants\ndate: *");
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add ("/territory/shows-store", Fixture, NULL, fixture_set_up, test_territory_shows_store,
              fixture_tear_down);
  g_test_add ("/territory/edit", Fixture, NULL, fixture_set_up, test_territory_edit,
              fixture_tear_down);
  g_test_add ("/territory/new", Fixture, NULL, fixture_set_up, test_territory_new,
              fixture_tear_down);
  g_test_add ("/territory/add-secteur", Fixture, NULL, fixture_set_up, test_territory_add_secteur,
              fixture_tear_down);
  g_test_add ("/territory/search", Fixture, NULL, fixture_set_up, test_territory_search,
              fixture_tear_down);
  g_test_add ("/territory/french", Fixture, NULL, fixture_set_up, test_territory_french,
              fixture_tear_down);

  return g_test_run ();
}

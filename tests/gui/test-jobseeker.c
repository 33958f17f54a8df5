/* test-jobseeker.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The job seeker's file on a store filled by the demo generator: the rows
 * show the stored document; a changed modality saved gives a new revision
 * in the store and a line in the history; an invalid e-mail shows core's
 * reason next to its row (in French too) and writes nothing; the portfolio
 * opens the file on row activation and follows a save.
 */

#include "config.h"

#include "gui-test-utils.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "relais-application.h"
#include "relais-context.h"
#include "relais-demo.h"
#include "relais-jobseeker-page.h"
#include "relais-portfolio-view.h"
#include "relais-screenshot.h"
#include "relais-store.h"

#define N_DE 30

typedef struct
{
  char *dir;
  char *store_path;
  RelaisContext *context;
  GtkWidget *window;
  RelaisJobseekerPage *page;
  char *de_id; /* a DE in guidé or suivi without "100 % web" */
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;
  RelaisDemoOptions options;

  fixture->dir = g_dir_make_tmp ("relais-jobseeker-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "agence.db", NULL);

  relais_demo_options_init (&options);
  options.n_de = N_DE;
  g_assert_true (relais_demo_generate (&options, store_test_collect_cb, docs, &error));
  store = relais_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  results = relais_store_bulk_put (store, docs, TRUE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < docs->len && fixture->de_id == NULL; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      const char *modalite = json_object_get_string_member_with_default (doc, "modalite", "");

      if (g_str_equal (json_object_get_string_member (doc, "type"), "de") &&
          (g_str_equal (modalite, "suivi") || g_str_equal (modalite, "guide")) &&
          !json_object_get_boolean_member_with_default (doc, "web_100", FALSE))
        fixture->de_id = g_strdup (json_object_get_string_member (doc, "_id"));
    }
  g_assert_nonnull (fixture->de_id);
}

static void
open_page (Fixture *fixture)
{
  GtkWidget *overlay = adw_toast_overlay_new ();

  fixture->context = relais_context_new (fixture->store_path, NULL);
  g_assert_nonnull (relais_context_get_store (fixture->context));
  fixture->page =
      RELAIS_JOBSEEKER_PAGE (relais_jobseeker_page_new (fixture->context, fixture->de_id));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 1400);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->page));
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  gtk_window_present (GTK_WINDOW (fixture->window));
  spin ();
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      spin ();
    }
  if (fixture->context != NULL)
    g_assert_finalize_object (fixture->context);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store_path);
  g_free (fixture->de_id);
}

static JsonObject *
stored (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  JsonObject *doc = relais_store_get (relais_context_get_store (fixture->context), fixture->de_id,
                                      NULL, RELAIS_GET_NONE, &error);

  g_assert_no_error (error);
  return doc;
}

static const char *
entry_text (Fixture *fixture, const char *path)
{
  GtkWidget *row = relais_jobseeker_page_get_field_row (fixture->page, path);

  g_assert_true (ADW_IS_ENTRY_ROW (row));
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
set_entry (Fixture *fixture, const char *path, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (relais_jobseeker_page_get_field_row (fixture->page, path)),
                         text);
}

static const char *
combo_label (AdwComboRow *row)
{
  GObject *item = adw_combo_row_get_selected_item (row);

  return gtk_string_object_get_string (GTK_STRING_OBJECT (item));
}

/* Selects the entry of @row whose label is @label. */
static void
select_label (AdwComboRow *row, const char *label)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), label))
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
  g_error ("No entry “%s”", label);
}

/* "title\nsubtitle" of each action row of a group, in order. */
static GString *
group_text (Fixture *fixture, const char *name, GString *out, GtkWidget *widget)
{
  if (widget == NULL)
    widget = relais_jobseeker_page_get_group (fixture->page, name);
  if (ADW_IS_ACTION_ROW (widget))
    g_string_append_printf (out, "%s\n%s\n",
                            adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                            adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)) ?: "");
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    group_text (fixture, name, out, child);
  return out;
}

static void
test_shows_doc (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonObject) doc = NULL;
  AdwComboRow *modalite;

  open_page (fixture);
  doc = stored (fixture);

  g_assert_cmpstr (entry_text (fixture, "nom"), ==, json_object_get_string_member (doc, "nom"));
  g_assert_cmpstr (entry_text (fixture, "prenom"), ==,
                   json_object_get_string_member (doc, "prenom"));
  g_assert_cmpstr (entry_text (fixture, "identifiant"), ==,
                   json_object_get_string_member (doc, "identifiant"));
  g_assert_cmpstr (entry_text (fixture, "date_inscription"), ==,
                   json_object_get_string_member (doc, "date_inscription"));
  if (json_object_has_member (doc, "email"))
    g_assert_cmpstr (entry_text (fixture, "email"), ==,
                     json_object_get_string_member (doc, "email"));
  modalite = ADW_COMBO_ROW (relais_jobseeker_page_get_field_row (fixture->page, "modalite"));
  g_assert_cmpstr (combo_label (modalite), ==,
                   relais_de_modalite_label (json_object_get_string_member (doc, "modalite")));
  g_assert_false (relais_jobseeker_page_get_modified (fixture->page));
}

static GtkWidget *find_widget (GtkWidget *widget, GType type);

static GtkWidget *
find_button (GtkWidget *widget, const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* GTK 4.8 joins a widget's accessible label and the names of what labels
 * it ("Modalité Modalité", "_Save Save"): the rows and the buttons with a
 * mnemonic are named by their title or label alone. */
static void
test_accessible_names (Fixture *fixture, gconstpointer data)
{
  GtkAccessible *modalite;
  GtkAccessible *save;
  GtkAccessible *add_contact;

  open_page (fixture);
  modalite = GTK_ACCESSIBLE (relais_jobseeker_page_get_field_row (fixture->page, "modalite"));
  g_assert_false (gtk_test_accessible_has_property (modalite, GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_test_accessible_has_relation (modalite, GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_false (gtk_test_accessible_has_property (
      GTK_ACCESSIBLE (relais_jobseeker_page_get_field_row (fixture->page, "nom")),
      GTK_ACCESSIBLE_PROPERTY_LABEL));

  save = GTK_ACCESSIBLE (find_button (GTK_WIDGET (fixture->page), _ ("_Save")));
  add_contact = GTK_ACCESSIBLE (find_button (GTK_WIDGET (fixture->page), _ ("Add _contact")));
  g_assert_nonnull (save);
  g_assert_nonnull (add_contact);
  g_assert_false (gtk_test_accessible_has_property (save, GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_true (gtk_test_accessible_has_relation (save, GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_false (gtk_test_accessible_has_property (add_contact, GTK_ACCESSIBLE_PROPERTY_LABEL));
}

static void
screenshot_done_cb (GObject *object, GAsyncResult *result, gpointer loop)
{
  g_autoptr (GError) error = NULL;

  relais_screenshot_finish (result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (loop);
}

static void
test_save_modality (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonObject) before = NULL;
  g_autoptr (JsonObject) after = NULL;
  g_autoptr (GString) history = g_string_new (NULL);
  AdwComboRow *modalite;
  const char *target;

  open_page (fixture);
  before = stored (fixture);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (before, "_rev"), "1-"));
  target = g_str_equal (json_object_get_string_member (before, "modalite"), "guide") ? "renforce"
                                                                                     : "guide";
  modalite = ADW_COMBO_ROW (relais_jobseeker_page_get_field_row (fixture->page, "modalite"));
  select_label (modalite, relais_de_modalite_label (target));
  g_assert_true (relais_jobseeker_page_get_modified (fixture->page));

  g_assert_true (relais_jobseeker_page_save (fixture->page));
  after = stored (fixture);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (after, "_rev"), "2-"));
  g_assert_cmpstr (json_object_get_string_member (after, "modalite"), ==, target);
  g_assert_cmpstr (json_object_get_string_member (after, "modifie_par"), ==, g_get_user_name ());
  g_assert_true (json_object_has_member (after, "modifie_le"));
  /* Everything else is kept as stored. */
  g_assert_cmpstr (json_object_get_string_member (after, "identifiant"), ==,
                   json_object_get_string_member (before, "identifiant"));
  g_assert_cmpuint (json_object_get_size (after), ==, json_object_get_size (before) + 2);
  g_assert_false (relais_jobseeker_page_get_modified (fixture->page));

  group_text (fixture, "history", history, NULL);
  g_test_message ("%s", history->str);
  g_assert_nonnull (strstr (history->str, "Revision 2\n"));
  g_assert_nonnull (strstr (history->str, "changed: modalite"));
  g_assert_nonnull (strstr (history->str, g_get_user_name ()));
  g_assert_nonnull (strstr (history->str, "Revision 1\ncreated"));

  if (g_getenv ("RELAIS_TEST_SCREENSHOT") != NULL)
    {
      g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      GtkWidget *scrolled = find_widget (fixture->window, GTK_TYPE_SCROLLED_WINDOW);

      /* RELAIS_TEST_SCREENSHOT_BOTTOM shows the contacts and the history. */
      if (g_getenv ("RELAIS_TEST_SCREENSHOT_BOTTOM") != NULL)
        {
          GtkAdjustment *adjustment =
              gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
          spin ();
        }

      relais_screenshot_async (fixture->window, g_getenv ("RELAIS_TEST_SCREENSHOT"), NULL,
                               screenshot_done_cb, loop);
      g_main_loop_run (loop);
    }
}

static const char *
other_modality (JsonObject *doc)
{
  return g_str_equal (json_object_get_string_member (doc, "modalite"), "guide") ? "renforce"
                                                                                : "guide";
}

/* The toast after a save offers Undo: the file as it was comes back as a
 * new revision, in the store and on the page. */
static void
test_undo_save (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonObject) before = NULL;
  g_autoptr (JsonObject) saved = NULL;
  g_autoptr (JsonObject) undone = NULL;
  g_autoptr (GString) history = g_string_new (NULL);
  AdwComboRow *modalite;
  GtkWidget *undo;

  open_page (fixture);
  before = stored (fixture);
  modalite = ADW_COMBO_ROW (relais_jobseeker_page_get_field_row (fixture->page, "modalite"));
  select_label (modalite, relais_de_modalite_label (other_modality (before)));
  g_assert_true (relais_jobseeker_page_save (fixture->page));
  saved = stored (fixture);
  g_assert_cmpstr (json_object_get_string_member (saved, "modalite"), ==, other_modality (before));

  undo = find_button_labelled (fixture->window, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  spin ();

  undone = stored (fixture);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (undone, "_rev"), "3-"));
  g_assert_cmpstr (json_object_get_string_member (undone, "modalite"), ==,
                   json_object_get_string_member (before, "modalite"));
  g_assert_cmpstr (json_object_get_string_member (undone, "identifiant"), ==,
                   json_object_get_string_member (before, "identifiant"));
  g_assert_cmpstr (adw_combo_row_get_selected_item (modalite) != NULL
                       ? gtk_string_object_get_string (adw_combo_row_get_selected_item (modalite))
                       : NULL,
                   ==,
                   relais_de_modalite_label (json_object_get_string_member (before, "modalite")));
  g_assert_false (relais_jobseeker_page_get_modified (fixture->page));
  /* Once only: the toast is going, and its button does nothing more. */
  if ((undo = find_button_labelled (fixture->window, "_Undo")) != NULL)
    g_signal_emit_by_name (undo, "clicked");
  spin ();
  {
    g_autoptr (JsonObject) again = stored (fixture);

    g_assert_cmpstr (json_object_get_string_member (again, "_rev"), ==,
                     json_object_get_string_member (undone, "_rev"));
  }
  group_text (fixture, "history", history, NULL);
  g_assert_nonnull (strstr (history->str, "Revision 3\n"));
}

/* A revision written after the save (a sync, another window) is not
 * overwritten by Undo: the store keeps it and the toast says why. */
static void
test_undo_after_other_write (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonObject) before = NULL;
  g_autoptr (JsonObject) saved = NULL;
  g_autoptr (JsonObject) after = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = NULL;
  AdwComboRow *modalite;
  GtkWidget *undo;

  open_page (fixture);
  before = stored (fixture);
  modalite = ADW_COMBO_ROW (relais_jobseeker_page_get_field_row (fixture->page, "modalite"));
  select_label (modalite, relais_de_modalite_label (other_modality (before)));
  g_assert_true (relais_jobseeker_page_save (fixture->page));

  saved = stored (fixture);
  json_object_set_string_member (saved, "telephone", "0601020304");
  rev = relais_store_put (relais_context_get_store (fixture->context), saved, TRUE, &error);
  g_assert_no_error (error);

  undo = find_button_labelled (fixture->window, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  spin ();

  after = stored (fixture);
  g_assert_cmpstr (json_object_get_string_member (after, "_rev"), ==, rev);
  g_assert_cmpstr (json_object_get_string_member (after, "telephone"), ==, "0601020304");
  g_assert_cmpstr (json_object_get_string_member (after, "modalite"), ==, other_modality (before));
}

static void
test_invalid_email (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonObject) before = NULL;
  g_autoptr (JsonObject) after = NULL;
  GtkLabel *error;

  open_page (fixture);
  before = stored (fixture);
  error = relais_jobseeker_page_get_error_label (fixture->page, "email");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error)));

  set_entry (fixture, "email", "x@");
  g_assert_false (relais_jobseeker_page_save (fixture->page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_cmpstr (gtk_label_get_label (error), ==, _ ("must be an e-mail address"));
  g_assert_true (gtk_widget_has_css_class (
      relais_jobseeker_page_get_field_row (fixture->page, "email"), "error"));
  /* Only that row shows a problem. */
  g_assert_false (gtk_widget_get_visible (
      GTK_WIDGET (relais_jobseeker_page_get_error_label (fixture->page, "nom"))));

  after = stored (fixture);
  g_assert_cmpstr (json_object_get_string_member (after, "_rev"), ==,
                   json_object_get_string_member (before, "_rev"));
  g_assert_true (relais_jobseeker_page_get_modified (fixture->page));

  /* Fixed, it saves and the problem goes. */
  set_entry (fixture, "email", "prenom.nom@example.fr");
  g_assert_true (relais_jobseeker_page_save (fixture->page));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error)));
}

static void
test_global_needs_partner (Fixture *fixture, gconstpointer data)
{
  g_autoptr (JsonObject) after = NULL;
  GtkLabel *error;

  open_page (fixture);
  select_label (ADW_COMBO_ROW (relais_jobseeker_page_get_field_row (fixture->page, "modalite")),
                relais_de_modalite_label ("global"));
  g_assert_false (relais_jobseeker_page_save (fixture->page));
  /* "accompagnement_global is required" lands on its partner row. */
  error = relais_jobseeker_page_get_error_label (fixture->page, "accompagnement_global.partenaire");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));

  set_entry (fixture, "accompagnement_global.partenaire", "Conseil départemental");
  select_label (ADW_COMBO_ROW (relais_jobseeker_page_get_field_row (fixture->page, "orientation")),
                _ ("Socio-professional"));
  g_assert_true (relais_jobseeker_page_save (fixture->page));
  after = stored (fixture);
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (after, "accompagnement_global"),
                                     "partenaire"),
      ==, "Conseil départemental");
}

static void
closed_cb (RelaisJobseekerPage *page, gpointer data)
{
  (*(guint *) data)++;
}

static void
test_unsaved_changes (Fixture *fixture, gconstpointer data)
{
  g_autofree char *nom = NULL;
  guint closed = 0;

  open_page (fixture);
  g_signal_connect (fixture->page, "closed", G_CALLBACK (closed_cb), &closed);
  nom = g_strdup (entry_text (fixture, "nom"));

  set_entry (fixture, "nom", "Autrenom");
  g_assert_true (relais_jobseeker_page_get_modified (fixture->page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "jobseeker.back", NULL));
  spin ();
  g_assert_cmpuint (closed, ==, 0); /* a dialog asks first */

  set_entry (fixture, "nom", nom);
  g_assert_false (relais_jobseeker_page_get_modified (fixture->page));
  relais_jobseeker_page_request_close (fixture->page);
  g_assert_cmpuint (closed, ==, 1);
}

static void
test_rome_search (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GString) before = g_string_new (NULL);
  g_autoptr (GString) results = g_string_new (NULL);

  open_page (fixture);
  group_text (fixture, "rome", before, NULL);
  relais_jobseeker_page_search_rome (fixture->page, "K2204");
  group_text (fixture, "rome", results, NULL);
  g_test_message ("%s", results->str);
  g_assert_nonnull (strstr (results->str, "\nK2204\n"));
  g_assert_cmpuint (results->len, >, before->len);
}

static void
open_de_cb (RelaisPortfolioView *view, const char *id, gpointer data)
{
  g_free (*(char **) data);
  *(char **) data = g_strdup (id);
}

static void
items_changed_cb (GListModel *list, guint position, guint removed, guint added, gpointer data)
{
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (added, ==, 1);
  (*(guint *) data)++;
}

static void
test_from_portfolio (Fixture *fixture, gconstpointer data)
{
  RelaisPortfolioView *view;
  GListModel *model;
  g_autofree char *opened = NULL;
  g_autoptr (GObject) first = NULL;
  g_autoptr (JsonObject) doc = NULL;
  guint changes = 0;

  fixture->context = relais_context_new (fixture->store_path, NULL);
  view = RELAIS_PORTFOLIO_VIEW (relais_portfolio_view_new (fixture->context));
  fixture->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  while (relais_de_list_get_loading (relais_portfolio_view_get_de_list (view)))
    g_main_context_iteration (NULL, TRUE);
  spin ();

  g_signal_connect (view, "open-de", G_CALLBACK (open_de_cb), &opened);
  model = relais_portfolio_view_get_model (view);
  first = g_list_model_get_item (model, 0);
  g_signal_emit_by_name (find_widget (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW), "activate", 0);
  g_assert_cmpstr (opened, ==, relais_de_item_get_id (RELAIS_DE_ITEM (first)));

  /* The list follows a saved file. */
  g_signal_connect (relais_portfolio_view_get_de_list (view), "items-changed",
                    G_CALLBACK (items_changed_cb), &changes);
  doc = relais_store_get (relais_context_get_store (fixture->context), opened, NULL, 0, NULL);
  json_object_set_string_member (doc, "nom", "Zzzz");
  relais_de_list_update (relais_portfolio_view_get_de_list (view), doc);
  g_assert_cmpuint (changes, ==, 1);
  {
    g_autoptr (GObject) last = g_list_model_get_item (model, g_list_model_get_n_items (model) - 1);

    g_assert_cmpstr (relais_de_item_get_nom (RELAIS_DE_ITEM (last)), ==, "Zzzz");
  }
}

static void
test_french (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      open_page (fixture);
      set_entry (fixture, "email", "x@");
      g_assert_false (relais_jobseeker_page_save (fixture->page));
      g_print ("[%s]\n", gtk_label_get_label (
                             relais_jobseeker_page_get_error_label (fixture->page, "email")));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*[doit être une adresse électronique]*");
}

int
main (int argc, char **argv)
{
  /* GTK's test accessibility backend keeps the accessible properties
   * and relations for test_accessible_names ("none" drops them). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gui_test_init (&argc, &argv);

  g_test_add ("/jobseeker/shows-doc", Fixture, NULL, fixture_set_up, test_shows_doc,
              fixture_tear_down);
  g_test_add ("/jobseeker/save-modality", Fixture, NULL, fixture_set_up, test_save_modality,
              fixture_tear_down);
  g_test_add ("/jobseeker/undo-save", Fixture, NULL, fixture_set_up, test_undo_save,
              fixture_tear_down);
  g_test_add ("/jobseeker/undo-after-other-write", Fixture, NULL, fixture_set_up,
              test_undo_after_other_write, fixture_tear_down);
  g_test_add ("/jobseeker/invalid-email", Fixture, NULL, fixture_set_up, test_invalid_email,
              fixture_tear_down);
  g_test_add ("/jobseeker/global-needs-partner", Fixture, NULL, fixture_set_up,
              test_global_needs_partner, fixture_tear_down);
  g_test_add ("/jobseeker/unsaved-changes", Fixture, NULL, fixture_set_up, test_unsaved_changes,
              fixture_tear_down);
  g_test_add ("/jobseeker/rome-search", Fixture, NULL, fixture_set_up, test_rome_search,
              fixture_tear_down);
  g_test_add ("/jobseeker/from-portfolio", Fixture, NULL, fixture_set_up, test_from_portfolio,
              fixture_tear_down);
  g_test_add ("/jobseeker/accessible-names", Fixture, NULL, fixture_set_up, test_accessible_names,
              fixture_tear_down);
  g_test_add ("/jobseeker/french", Fixture, NULL, fixture_set_up, test_french, fixture_tear_down);

  return g_test_run ();
}

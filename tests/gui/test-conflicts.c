/* test-conflicts.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The conflicts view on a real store file holding a job seeker edited on
 * two workstations apart (two branches written with new_edits=FALSE, as
 * a replication writes them): listed, its differing fields shown with
 * every version's value, settled field by field into one live leaf;
 * an invalid choice and a store that changed meanwhile write nothing.
 */

#include "config.h"

#include "gui-test-utils.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "relais-application.h"
#include "relais-conflict-item.h"
#include "relais-conflicts-view.h"
#include "relais-context.h"
#include "relais-doc.h"
#include "relais-json.h"
#include "relais-store-conflicts.h"
#include "relais-store.h"
#include "relais-window.h"

#define ID "de:0b7d8c1e-conflit"
#define BASE_REV "1-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define WINNER "2-cccccccccccccccccccccccccccccccc"
#define OTHER "2-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define FIELDS                                                                                     \
  "\"type\":\"de\",\"schema_version\":1,\"nom\":\"Martin\",\"prenom\":\"Léa\","                   \
  "\"identifiant\":\"1234567A\",\"agence\":\"agence:0001\",\"date_inscription\":\"2024-01-15\""

typedef struct
{
  char *dir;
  char *store_path;
  RelaisContext *context;
  GtkWidget *window;
  RelaisConflictsView *view;
} Fixture;

static void
put_replicated (RelaisStore *store, const char *json)
{
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;

  g_ptr_array_add (docs, relais_json_parse_object (json, -1, &error));
  g_assert_no_error (error);
  results = relais_store_bulk_put (store, docs, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
}

static void
put_branch (RelaisStore *store, const char *rev, const char *fields)
{
  g_autofree char *json =
      g_strdup_printf ("{\"_id\":\"" ID "\",\"_rev\":\"%s\",\"_revisions\":{\"start\":2,\"ids\":"
                       "[\"%s\",\"%s\"]}," FIELDS ",%s}",
                       rev, strchr (rev, '-') + 1, strchr (BASE_REV, '-') + 1, fields);

  put_replicated (store, json);
}

/* The base revision, then the winner (higher hash) with modalite guide
 * and the other branch with @other_fields. */
static void
make_conflict (const char *path, const char *other_fields)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = relais_store_open (path, &error);
  g_autoptr (GPtrArray) list = NULL;

  g_assert_no_error (error);
  put_replicated (store, "{\"_id\":\"" ID "\",\"_rev\":\"" BASE_REV "\"," FIELDS
                         ",\"modalite\":\"suivi\",\"telephone\":\"01 23 45 67 89\"}");
  put_branch (store, WINNER, "\"modalite\":\"guide\",\"telephone\":\"01 99 99 99 99\"");
  put_branch (store, OTHER, other_fields);
  list = relais_store_list_conflicts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((RelaisConflictInfo *) g_ptr_array_index (list, 0))->winner, ==, WINNER);
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("relais-conflicts-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "agence.db", NULL);
}

static void
open_view (Fixture *fixture)
{
  fixture->context = relais_context_new (fixture->store_path, NULL);
  g_assert_nonnull (relais_context_get_store (fixture->context));
  fixture->view = RELAIS_CONFLICTS_VIEW (relais_conflicts_view_new (fixture->context));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
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
}

static RelaisStore *
store_of (Fixture *fixture)
{
  return relais_context_get_store (fixture->context);
}

static guint
n_live_leaves (RelaisStore *store)
{
  g_autoptr (JsonObject) doc = relais_store_get (store, ID, NULL, RELAIS_GET_CONFLICTS, NULL);

  g_assert_nonnull (doc);
  return 1 + (json_object_has_member (doc, "_conflicts")
                  ? json_array_get_length (json_object_get_array_member (doc, "_conflicts"))
                  : 0);
}

static const char *
choice_label (Fixture *fixture, const char *path, guint version)
{
  GtkCheckButton *button = relais_conflicts_view_get_choice (fixture->view, path, version);

  g_assert_nonnull (button);
  return gtk_check_button_get_label (button);
}

static void
test_conflicts_empty (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = relais_store_open (fixture->store_path, &error);

  g_assert_no_error (error);
  g_clear_object (&store);
  open_view (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (relais_conflicts_view_get_model (fixture->view)), ==,
                    0);
  g_assert_cmpstr (relais_conflicts_view_get_page (fixture->view), ==, "empty");
  g_assert_null (relais_conflicts_view_get_selected_id (fixture->view));
}

static void
test_conflicts_resolve (Fixture *fixture, gconstpointer data)
{
  GListModel *model;
  g_autoptr (RelaisConflictItem) item = NULL;
  g_autoptr (JsonObject) doc = NULL;
  g_auto (GStrv) leaves = NULL;
  GPtrArray *fields;

  make_conflict (fixture->store_path, "\"modalite\":\"renforce\",\"telephone\":\"06 11 22 33 44\"");
  open_view (fixture);

  model = relais_conflicts_view_get_model (fixture->view);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  item = g_list_model_get_item (model, 0);
  g_assert_cmpstr (relais_conflict_item_get_id (item), ==, ID);
  g_assert_cmpstr (relais_conflict_item_get_title (item), ==, "Léa MARTIN (1234567A)");
  g_assert_cmpuint (relais_conflict_item_get_n_versions (item), ==, 2);
  g_assert_cmpstr (relais_conflicts_view_get_page (fixture->view), ==, "conflicts");
  g_assert_cmpstr (relais_conflicts_view_get_selected_id (fixture->view), ==, ID);

  /* Only the two differing fields, each with both versions' values, the
   * winner's chosen by default. */
  fields = relais_conflicts_view_get_fields (fixture->view);
  g_assert_cmpuint (fields->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fields, 0), ==, "modalite");
  g_assert_cmpstr (g_ptr_array_index (fields, 1), ==, "telephone");
  g_assert_null (relais_conflicts_view_get_choice (fixture->view, "nom", 0));
  g_assert_cmpstr (choice_label (fixture, "modalite", 0), ==, "Guided");
  g_assert_cmpstr (choice_label (fixture, "modalite", 1), ==, "Reinforced");
  g_assert_cmpstr (choice_label (fixture, "telephone", 0), ==, "01 99 99 99 99");
  g_assert_cmpstr (choice_label (fixture, "telephone", 1), ==, "06 11 22 33 44");
  g_assert_null (relais_conflicts_view_get_choice (fixture->view, "telephone", 2));
  g_assert_true (gtk_check_button_get_active (
      relais_conflicts_view_get_choice (fixture->view, "modalite", 0)));
  g_assert_false (gtk_check_button_get_active (
      relais_conflicts_view_get_choice (fixture->view, "modalite", 1)));

  /* The other workstation's modalite, this one's phone. */
  gtk_check_button_set_active (relais_conflicts_view_get_choice (fixture->view, "modalite", 1),
                               TRUE);
  g_assert_false (gtk_check_button_get_active (
      relais_conflicts_view_get_choice (fixture->view, "modalite", 0)));
  g_signal_emit_by_name (relais_conflicts_view_get_save_button (fixture->view), "clicked");
  spin ();

  g_assert_cmpuint (n_live_leaves (store_of (fixture)), ==, 1);
  doc = relais_store_get (store_of (fixture), ID, NULL, 0, NULL);
  g_assert_cmpstr (json_object_get_string_member (doc, "modalite"), ==, "renforce");
  g_assert_cmpstr (json_object_get_string_member (doc, "telephone"), ==, "01 99 99 99 99");
  g_assert_cmpstr (json_object_get_string_member (doc, "nom"), ==, "Martin");
  /* An ordinary revision on the winning branch. */
  g_assert_true (g_str_has_prefix (relais_doc_get_rev (doc), "3-"));
  leaves = relais_store_get_leaves (store_of (fixture), ID, NULL);
  g_assert_cmpuint (g_strv_length (leaves), ==, 2);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpstr (relais_conflicts_view_get_page (fixture->view), ==, "empty");
  g_assert_null (relais_conflicts_view_get_selected_id (fixture->view));
}

static void
test_conflicts_invalid_choice (Fixture *fixture, gconstpointer data)
{
  GtkLabel *problems;

  /* A replicated branch is not validated on the way in; keeping its
   * value must be refused before anything is written. */
  make_conflict (fixture->store_path, "\"modalite\":\"guide\",\"telephone\":\"pas de numéro\"");
  open_view (fixture);
  problems = relais_conflicts_view_get_problems_label (fixture->view);
  g_assert_cmpuint (relais_conflicts_view_get_fields (fixture->view)->len, ==, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (problems)));

  gtk_check_button_set_active (relais_conflicts_view_get_choice (fixture->view, "telephone", 1),
                               TRUE);
  g_signal_emit_by_name (relais_conflicts_view_get_save_button (fixture->view), "clicked");
  spin ();

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (problems)));
  g_assert_nonnull (strstr (gtk_label_get_label (problems), "Phone"));
  g_assert_cmpuint (n_live_leaves (store_of (fixture)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (relais_conflicts_view_get_model (fixture->view)), ==,
                    1);

  /* Back to the valid value: saved. */
  gtk_check_button_set_active (relais_conflicts_view_get_choice (fixture->view, "telephone", 0),
                               TRUE);
  g_signal_emit_by_name (relais_conflicts_view_get_save_button (fixture->view), "clicked");
  spin ();
  g_assert_cmpuint (n_live_leaves (store_of (fixture)), ==, 1);
}

static void
test_conflicts_store_changed (Fixture *fixture, gconstpointer data)
{
  make_conflict (fixture->store_path, "\"modalite\":\"renforce\",\"telephone\":\"06 11 22 33 44\"");
  open_view (fixture);
  g_assert_cmpuint (relais_conflicts_view_get_fields (fixture->view)->len, ==, 2);

  /* A third branch comes in by replication after the view read the two. */
  put_branch (store_of (fixture), "2-dddddddddddddddddddddddddddddddd",
              "\"modalite\":\"global\",\"telephone\":\"06 11 22 33 44\"");
  g_signal_emit_by_name (relais_conflicts_view_get_save_button (fixture->view), "clicked");
  spin ();

  /* Nothing written; the view shows the three versions now. */
  g_assert_cmpuint (n_live_leaves (store_of (fixture)), ==, 3);
  g_assert_cmpstr (relais_conflicts_view_get_selected_id (fixture->view), ==, ID);
  g_assert_nonnull (relais_conflicts_view_get_choice (fixture->view, "modalite", 2));
  g_assert_cmpstr (choice_label (fixture, "modalite", 0), ==, "Global");
}

static GtkWidget *
find_by_css_class (GtkWidget *widget, const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_css_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_by_type (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_conflicts_window_badge (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelaisApplication) app = relais_application_new ();
  g_autoptr (GError) error = NULL;
  RelaisWindow *window;
  GtkWidget *badge;
  RelaisConflictsView *view;

  make_conflict (fixture->store_path, "\"modalite\":\"renforce\",\"telephone\":\"06 11 22 33 44\"");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = relais_window_new (app, fixture->store_path);
  badge = find_by_css_class (GTK_WIDGET (window), "relais-badge");
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (badge)), ==, "1");

  view = RELAIS_CONFLICTS_VIEW (find_by_type (GTK_WIDGET (window), RELAIS_TYPE_CONFLICTS_VIEW));
  g_assert_nonnull (view);
  g_signal_emit_by_name (relais_conflicts_view_get_save_button (view), "clicked");
  spin ();
  g_assert_false (gtk_widget_get_visible (badge));

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

static void
test_conflicts_french (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      GtkCheckButton *button;

      make_conflict (fixture->store_path,
                     "\"modalite\":\"renforce\",\"telephone\":\"06 11 22 33 44\"");
      open_view (fixture);
      button = relais_conflicts_view_get_choice (fixture->view, "modalite", 0);
      g_print ("%s\n%s\n", gtk_widget_get_tooltip_text (GTK_WIDGET (button)),
               gtk_button_get_label (relais_conflicts_view_get_save_button (fixture->view)));
      g_signal_emit_by_name (relais_conflicts_view_get_save_button (fixture->view), "clicked");
      spin ();
      g_print ("%s\n", relais_conflicts_view_get_page (fixture->view));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("Garder « Guidé » (version 1, actuelle)\n"
                             "_Enregistrer la résolution\nempty\n");
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add ("/conflicts/empty", Fixture, NULL, fixture_set_up, test_conflicts_empty,
              fixture_tear_down);
  g_test_add ("/conflicts/resolve", Fixture, NULL, fixture_set_up, test_conflicts_resolve,
              fixture_tear_down);
  g_test_add ("/conflicts/invalid-choice", Fixture, NULL, fixture_set_up,
              test_conflicts_invalid_choice, fixture_tear_down);
  g_test_add ("/conflicts/store-changed", Fixture, NULL, fixture_set_up,
              test_conflicts_store_changed, fixture_tear_down);
  g_test_add ("/conflicts/window-badge", Fixture, NULL, fixture_set_up, test_conflicts_window_badge,
              fixture_tear_down);
  g_test_add ("/conflicts/french", Fixture, NULL, fixture_set_up, test_conflicts_french,
              fixture_tear_down);

  return g_test_run ();
}

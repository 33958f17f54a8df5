/* test-agenda.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The Agenda et entretiens view on a store filled by the demo generator,
 * on the generator's "today": the week's rows are the store's interviews
 * of that week, in order; the interviews due are the core's M4/M9 alerts;
 * planning one from its row writes a valid planned entretien and the row
 * then says it is booked; an ajustement after an old EID cannot be
 * planned; a row opens the DE's file; the list follows a write made
 * directly in the store by another connection; the strings are French
 * with LANGUAGE=fr.
 */

#include "config.h"

#include "gui-test-utils.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "relais-agenda-view.h"
#include "relais-agenda.h"
#include "relais-application.h"
#include "relais-context.h"
#include "relais-json.h"
#include "relais-jobseeker-page.h"
#include "relais-offers-view.h"
#include "relais-plan-dialog.h"
#include "relais-window.h"
#include "relais-validate.h"

#define N_DE 400
/* An ELD's whole agency: its first read took 0.5 to 2 s on the main thread. */
#define N_DE_LARGE 5000

typedef struct
{
  char *dir;
  char *store_path;
  RelaisContext *context;
  GtkWidget *window;
  RelaisAgendaView *view;
  GDate today;
} Fixture;

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("relais-agenda-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "agence.db", NULL);
  fill_demo_store (fixture->store_path, N_DE);
  /* The demo generator's default "today". */
  g_date_clear (&fixture->today, 1);
  g_date_set_dmy (&fixture->today, 24, G_DATE_NOVEMBER, 2026);
}

static void
fixture_set_up_large (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("relais-agenda-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "agence.db", NULL);
  fill_demo_store (fixture->store_path, N_DE_LARGE);
  g_date_clear (&fixture->today, 1);
  g_date_set_dmy (&fixture->today, 24, G_DATE_NOVEMBER, 2026);
}

/* Until the interviews due are computed and every row made (a frame at
 * a time), ten seconds at most. */
static void
wait_view_settled (RelaisAgendaView *view)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (relais_agenda_view_get_busy (view) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (relais_agenda_view_get_busy (view));
  spin ();
}

static void
open_view (Fixture *fixture)
{
  fixture->context = relais_context_new (fixture->store_path, &fixture->today);
  g_assert_nonnull (relais_context_get_store (fixture->context));
  fixture->view = RELAIS_AGENDA_VIEW (relais_agenda_view_new (fixture->context));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  spin ();
  wait_list_loaded (relais_agenda_view_get_list (fixture->view));
  wait_view_settled (fixture->view);
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

/* The live documents of one type, read straight from the store file. */
static GPtrArray *
stored_docs (Fixture *fixture, const char *prefix)
{
  return read_stored_docs (fixture->store_path, prefix);
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_LIST_BOX_ROW (child);
  return n;
}

/* The Monday and Sunday of the fixture's week. */
static void
week_of (const GDate *day, GDate *first, GDate *last)
{
  *first = *day;
  g_date_subtract_days (first, g_date_get_weekday (day) - G_DATE_MONDAY);
  *last = *first;
  g_date_add_days (last, 6);
}

static guint
count_in_week (GPtrArray *entretiens, const GDate *today)
{
  GDate first, last, day;
  guint n = 0;

  week_of (today, &first, &last);
  for (guint i = 0; i < entretiens->len; i++)
    if (relais_agenda_entretien_start (g_ptr_array_index (entretiens, i), &day, NULL) &&
        g_date_compare (&day, &first) >= 0 && g_date_compare (&day, &last) <= 0)
      n++;
  return n;
}

static void
test_agenda_rows_match_store (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) entretiens = stored_docs (fixture, "entretien:");
  GListModel *model;
  guint expected = count_in_week (entretiens, &fixture->today);
  gint64 previous = G_MININT64;

  open_view (fixture);
  model = relais_agenda_view_get_model (fixture->view);

  /* The demo has interviews that week (M4/M9 planned around today). */
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected);
  g_assert_cmpuint (n_rows (relais_agenda_view_get_entretien_list (fixture->view)), ==, expected);
  g_assert_cmpuint (
      g_list_model_get_n_items (G_LIST_MODEL (relais_agenda_view_get_list (fixture->view))), ==,
      entretiens->len);
  for (guint i = 0; i < expected; i++)
    {
      g_autoptr (RelaisEntretienItem) item = g_list_model_get_item (model, i);
      g_autofree char *name = NULL;
      JsonObject *de = relais_entretien_list_get_de (relais_agenda_view_get_list (fixture->view),
                                                     relais_entretien_item_get_de_id (item));

      /* In order of start, each row named after its DE. */
      g_assert_cmpint (relais_entretien_item_get_sort_key (item), >=, previous);
      previous = relais_entretien_item_get_sort_key (item);
      g_assert_nonnull (de);
      name = g_strdup_printf ("%s %s", json_object_get_string_member (de, "prenom"),
                              json_object_get_string_member (de, "nom"));
      g_assert_cmpstr (relais_entretien_item_get_de_name (item), ==, name);
    }

  /* The day view shows that day only; the next week is another set. */
  relais_agenda_view_show_day (fixture->view, &fixture->today, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), <=, expected);
}

static guint
count_due (Fixture *fixture)
{
  g_autoptr (GPtrArray) des = stored_docs (fixture, "de:");
  g_autoptr (GPtrArray) entretiens = stored_docs (fixture, "entretien:");
  guint n = 0;

  for (guint i = 0; i < des->len; i++)
    {
      JsonObject *de = g_ptr_array_index (des, i);
      g_autoptr (GPtrArray) mine = g_ptr_array_new ();
      g_autoptr (GPtrArray) alerts = NULL;

      for (guint j = 0; j < entretiens->len; j++)
        if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (entretiens, j), "de"),
                       json_object_get_string_member (de, "_id")) == 0)
          g_ptr_array_add (mine, g_ptr_array_index (entretiens, j));
      alerts = relais_alerts_for_de (de, mine, NULL, &fixture->today);
      for (guint j = 0; j < alerts->len; j++)
        n += relais_agenda_nature_for_alert (
                 ((RelaisAlert *) g_ptr_array_index (alerts, j))->kind) != NULL;
    }
  return n;
}

/* The first due row still to plan, and its Plan button. */
static GtkWidget *
find_plan_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && g_object_get_data (G_OBJECT (widget), "nature") != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_plan_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_plan_button_for (GtkWidget *widget, const char *de_id, const char *nature)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (g_object_get_data (G_OBJECT (widget), "nature"), nature) == 0 &&
      g_strcmp0 (g_object_get_data (G_OBJECT (widget), "de-id"), de_id) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_plan_button_for (child, de_id, nature))
      return TRUE;
  return FALSE;
}

static void
test_agenda_due (Fixture *fixture, gconstpointer data)
{
  guint expected = count_due (fixture);

  GtkListBox *list;
  GtkListBoxRow *last;
  g_autofree char *more = NULL;

  open_view (fixture);
  list = relais_agenda_view_get_due_list (fixture->view);
  /* The demo's 400 DE have more than the 100 rows shown: the most urgent,
   * then a row that says how many follow. */
  g_assert_cmpuint (expected, >, 100);
  g_assert_cmpuint (n_rows (list), ==, 101);
  last = gtk_list_box_get_row_at_index (list, 100);
  g_assert_cmpstr (gtk_widget_get_name (GTK_WIDGET (last)), ==, "more-due");
  g_assert_false (gtk_list_box_row_get_activatable (last));
  more = g_strdup_printf ("%u more interviews due, after these", expected - 100);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_list_box_row_get_child (last))), ==, more);
  g_assert_null (g_object_get_data (G_OBJECT (last), "de-id"));
}

static GtkWindow *
find_plan_dialog (void)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (RELAIS_IS_PLAN_DIALOG (l->data))
      return l->data;
  return NULL;
}

static void
test_agenda_plan (Fixture *fixture, gconstpointer data)
{
  GtkWidget *button;
  RelaisPlanDialog *dialog;
  g_autofree char *de_id = NULL;
  const char *nature; /* static strings of the core */
  g_autoptr (GPtrArray) before = stored_docs (fixture, "entretien:");
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *planned = NULL;

  open_view (fixture);
  button = find_plan_button (GTK_WIDGET (relais_agenda_view_get_due_list (fixture->view)));
  g_assert_nonnull (button);
  de_id = g_strdup (g_object_get_data (G_OBJECT (button), "de-id"));
  nature = g_object_get_data (G_OBJECT (button), "nature");
  g_assert_true (has_plan_button_for (GTK_WIDGET (relais_agenda_view_get_due_list (fixture->view)),
                                      de_id, nature));

  g_signal_emit_by_name (button, "clicked");
  spin ();
  dialog = RELAIS_PLAN_DIALOG (find_plan_dialog ());
  g_assert_nonnull (dialog);
  /* Opened for that DE and that interview, with free slots proposed. */
  g_assert_cmpstr (relais_plan_dialog_get_de_id (dialog), ==, de_id);
  g_assert_cmpuint (relais_plan_dialog_get_n_days (dialog), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (
                        relais_plan_dialog_get_combo_row (dialog, "slot"))),
                    >, 0);
  gtk_editable_set_text (GTK_EDITABLE (relais_plan_dialog_get_entry_row (dialog, "lieu")),
                         "Agence, bureau 3");
  g_signal_emit_by_name (relais_plan_dialog_get_save_button (dialog), "clicked");
  spin ();
  g_assert_null (find_plan_dialog ());

  /* One more document: a valid, planned interview of that DE. */
  after = stored_docs (fixture, "entretien:");
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < after->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (after, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (doc, "lieu", NULL),
                     "Agence, bureau 3") == 0)
        planned = doc;
    }
  g_assert_nonnull (planned);
  g_assert_cmpstr (json_object_get_string_member (planned, "de"), ==, de_id);
  g_assert_cmpstr (json_object_get_string_member (planned, "statut"), ==, "planifie");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (planned, "_rev"), "1-"));
  g_assert_true (relais_validate_doc (planned, &problems, &error));

  wait_view_settled (fixture->view);
  /* The due row now says it is booked: no Plan button for that DE. */
  g_assert_false (has_plan_button_for (GTK_WIDGET (relais_agenda_view_get_due_list (fixture->view)),
                                       de_id, nature));
}

static void
test_agenda_ajustement_closed (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) before = stored_docs (fixture, "entretien:");
  g_autoptr (GPtrArray) after = NULL;
  RelaisPlanDialog *dialog;
  const char *de_id = NULL;

  open_view (fixture);
  /* A DE whose EID was held long before "today". */
  for (guint i = 0; i < before->len && de_id == NULL; i++)
    if (g_strcmp0 (json_object_get_string_member (g_ptr_array_index (before, i), "nature"),
                   "eid") == 0)
      de_id = json_object_get_string_member (g_ptr_array_index (before, i), "de");
  g_assert_nonnull (de_id);

  dialog = RELAIS_PLAN_DIALOG (relais_agenda_view_plan (fixture->view, de_id, "ajustement"));
  spin ();
  g_assert_cmpuint (relais_plan_dialog_get_n_days (dialog), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (relais_plan_dialog_get_error_label (dialog))));
  g_assert_false (relais_plan_dialog_save (dialog));
  after = stored_docs (fixture, "entretien:");
  g_assert_cmpuint (after->len, ==, before->len);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
}

static void
on_open_de_cb (RelaisAgendaView *view, const char *id, char **out)
{
  g_free (*out);
  *out = g_strdup (id);
}

static void
test_agenda_open_de (Fixture *fixture, gconstpointer data)
{
  g_autofree char *opened = NULL;
  GtkListBoxRow *row;
  g_autoptr (RelaisEntretienItem) item = NULL;

  open_view (fixture);
  g_signal_connect (fixture->view, "open-de", G_CALLBACK (on_open_de_cb), &opened);
  row = gtk_list_box_get_row_at_index (relais_agenda_view_get_entretien_list (fixture->view), 0);
  g_assert_nonnull (row);
  g_signal_emit_by_name (relais_agenda_view_get_entretien_list (fixture->view), "row-activated",
                         row);
  item = g_list_model_get_item (relais_agenda_view_get_model (fixture->view), 0);
  g_assert_cmpstr (opened, ==, relais_entretien_item_get_de_id (item));
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @model holds @n items or 5 s passed. */
static void
wait_for_n_items (GListModel *model, guint n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, timeout_cb, &timed_out);

  while (g_list_model_get_n_items (model) != n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
}

static void
test_agenda_follows_store (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelaisStore) other = NULL;
  g_autoptr (JsonObject) doc = NULL;
  g_autoptr (JsonObject) tombstone = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *rev2 = NULL;
  GListModel *model;
  guint n;

  open_view (fixture);
  model = relais_agenda_view_get_model (fixture->view);
  n = g_list_model_get_n_items (model);

  /* Another connection (as the replicator's) writes an interview today. */
  other = relais_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  doc = relais_agenda_build_entretien ("de:from-the-replicator", "conseiller:x", "m9",
                                       &fixture->today, 16 * 60, "visio", NULL, NULL, NULL);
  rev = relais_store_put (other, doc, TRUE, &error);
  g_assert_no_error (error);
  wait_for_n_items (model, n + 1);

  /* …then deletes it. */
  json_object_set_string_member (tombstone, "_id", json_object_get_string_member (doc, "_id"));
  json_object_set_string_member (tombstone, "_rev", rev);
  json_object_set_boolean_member (tombstone, "_deleted", TRUE);
  rev2 = relais_store_put (other, tombstone, TRUE, &error);
  g_assert_no_error (error);
  wait_for_n_items (model, n);
}

typedef struct
{
  RelaisStoreList *list;
  guint during_load;
  gint64 last;
  gint64 longest_gap;
  gint64 apply_gap; /* the gap in which the read was applied */
} Ticks;

static gboolean
tick_cb (gpointer user_data)
{
  Ticks *ticks = user_data;
  gint64 now = g_get_monotonic_time ();

  if (relais_store_list_get_loading (ticks->list))
    {
      ticks->during_load++;
      ticks->longest_gap = MAX (ticks->longest_gap, now - ticks->last);
    }
  else if (ticks->apply_gap == 0)
    ticks->apply_gap = now - ticks->last;
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

/* The first read of a whole agency runs in a worker: the view shows its
 * loading state, the main loop keeps running (a 10 ms timeout fires
 * during the load), then the rows are the store's. */
static void
test_agenda_loads_in_worker (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) entretiens = stored_docs (fixture, "entretien:");
  guint expected = count_in_week (entretiens, &fixture->today);
  Ticks ticks = { 0 };
  GtkWidget *spinner;
  GtkWidget *more;
  g_autofree char *label = NULL;
  GtkStack *stack;
  gint64 start;
  guint id;

  fixture->context = relais_context_new (fixture->store_path, &fixture->today);
  fixture->view = RELAIS_AGENDA_VIEW (relais_agenda_view_new (fixture->context));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  start = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (fixture->window));

  ticks.list = RELAIS_STORE_LIST (relais_agenda_view_get_list (fixture->view));
  ticks.last = g_get_monotonic_time ();
  g_assert_true (relais_store_list_get_loading (ticks.list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ticks.list)), ==, 0);
  /* The first stack is the interviews': its loading page, spinning. */
  stack = GTK_STACK (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_STACK));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "loading");
  spinner = find_widget (gtk_stack_get_visible_child (stack), GTK_TYPE_SPINNER);
  g_assert_nonnull (spinner);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_false (gtk_widget_get_sensitive (relais_agenda_view_get_plan_button (fixture->view)));

  id = g_timeout_add (10, tick_cb, &ticks);
  wait_list_loaded (ticks.list);
  while (ticks.apply_gap == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  g_test_message ("first read of %u DE: %.0f ms, %u ticks of 10 ms during it, longest gap %.0f "
                  "ms; main loop held %.0f ms to apply it",
                  N_DE_LARGE, (g_get_monotonic_time () - start) / 1000.0, ticks.during_load,
                  ticks.longest_gap / 1000.0, ticks.apply_gap / 1000.0);
  g_assert_cmpuint (ticks.during_load, >=, 2);
  g_assert_cmpint (ticks.longest_gap, <, G_USEC_PER_SEC);

  wait_view_settled (fixture->view);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_true (gtk_widget_get_sensitive (relais_agenda_view_get_plan_button (fixture->view)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ticks.list)), ==, entretiens->len);
  g_assert_cmpuint (g_list_model_get_n_items (relais_agenda_view_get_model (fixture->view)), ==,
                    expected);
  g_assert_cmpuint (n_rows (relais_agenda_view_get_due_list (fixture->view)), ==, 101);

  /* Every counsellor's week: rows a hundred at a time, more on demand. */
  g_assert_cmpuint (expected, >, 200);
  g_assert_cmpuint (expected, <=, 300);
  g_assert_cmpuint (n_rows (relais_agenda_view_get_entretien_list (fixture->view)), ==, 100);
  more = find_button_labelled (GTK_WIDGET (fixture->view), "Show 100 More Interviews");
  g_assert_nonnull (more);
  g_assert_true (gtk_widget_get_visible (more));
  g_signal_emit_by_name (more, "clicked");
  wait_view_settled (fixture->view);
  g_assert_cmpuint (n_rows (relais_agenda_view_get_entretien_list (fixture->view)), ==, 200);
  label = g_strdup_printf ("Show %u More Interviews", MIN (expected - 200, 100));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, label);
  g_signal_emit_by_name (more, "clicked");
  wait_view_settled (fixture->view);
  g_assert_cmpuint (n_rows (relais_agenda_view_get_entretien_list (fixture->view)), ==,
                    MIN (expected, 300));
  g_assert_cmpint (gtk_widget_get_visible (more), ==, expected > 300);
  /* In order of start, whatever the page. */
  {
    GtkListBox *list = relais_agenda_view_get_entretien_list (fixture->view);
    gint64 previous = G_MININT64;

    for (guint i = 0; i < MIN (expected, 300); i++)
      {
        g_autoptr (RelaisEntretienItem) item =
            g_list_model_get_item (relais_agenda_view_get_model (fixture->view), i);

        g_assert_nonnull (gtk_list_box_get_row_at_index (list, (int) i));
        g_assert_cmpint (relais_entretien_item_get_sort_key (item), >=, previous);
        previous = relais_entretien_item_get_sort_key (item);
      }
  }

  /* Another week starts with one page again. */
  relais_agenda_view_show_day (fixture->view, &fixture->today, TRUE);
  wait_view_settled (fixture->view);
  g_assert_cmpuint (n_rows (relais_agenda_view_get_entretien_list (fixture->view)), ==, 100);
  g_assert_true (gtk_widget_get_visible (more));
}

/* A refresh on the main thread while the first read of a whole agency is
 * being applied in slices (its DE absorbed, no item made yet): the refresh
 * applies the rest first, then what was written since; every interview of
 * the store is there once, the new one too. */
static void
test_agenda_refresh_mid_apply (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) entretiens = stored_docs (fixture, "entretien:");
  g_autoptr (RelaisStore) other = NULL;
  g_autoptr (JsonObject) doc = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *rev = NULL;
  RelaisEntretienList *list;
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  gboolean caught = FALSE;

  fixture->context = relais_context_new (fixture->store_path, &fixture->today);
  list = relais_entretien_list_new (fixture->context);
  while (relais_store_list_get_loading (RELAIS_STORE_LIST (list)) && !caught &&
         g_get_monotonic_time () < end)
    {
      g_autoptr (GPtrArray) des = NULL;

      g_main_context_iteration (NULL, TRUE);
      des = relais_entretien_list_get_de_ids (list, NULL);
      caught = des->len > 0 && relais_store_list_get_loading (RELAIS_STORE_LIST (list)) &&
               g_list_model_get_n_items (G_LIST_MODEL (list)) == 0;
    }
  g_assert_true (caught);

  other = relais_store_open (fixture->store_path, &error);
  g_assert_no_error (error);
  doc = relais_agenda_build_entretien ("de:written-meanwhile", "conseiller:x", "m4",
                                       &fixture->today, 9 * 60, "physique", NULL, NULL, NULL);
  rev = relais_store_put (other, doc, TRUE, &error);
  g_assert_no_error (error);

  relais_store_list_refresh (RELAIS_STORE_LIST (list));
  g_assert_false (relais_store_list_get_loading (RELAIS_STORE_LIST (list)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, entretiens->len + 1);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      RelaisEntretienItem *item = relais_store_list_peek_item (RELAIS_STORE_LIST (list), i);
      const char *id = relais_entretien_item_get_id (item);

      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
    }
  g_assert_true (g_hash_table_contains (seen, json_object_get_string_member (doc, "_id")));
  for (guint i = 0; i < entretiens->len; i++)
    g_assert_true (g_hash_table_contains (
        seen, json_object_get_string_member (g_ptr_array_index (entretiens, i), "_id")));

  /* Nothing more comes in from the idle slices once the main loop runs. */
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, entretiens->len + 1);
  g_hash_table_remove_all (seen);
  g_clear_object (&list);
}

static void
collect_row_names (GtkWidget *widget, GString *names)
{
  if (GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_get_name (widget) != NULL &&
      !g_str_has_prefix (gtk_widget_get_name (widget), "Gtk") &&
      !g_str_has_prefix (gtk_widget_get_name (widget), "Adw"))
    g_string_append_printf (names, "%s ", gtk_widget_get_name (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_row_names (child, names);
}

/* In the window: the sidebar lists the views in the order of the issue,
 * --view names them, and a DE opened from the agenda returns to it. */
static void
test_agenda_window (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelaisApplication) app = relais_application_new ();
  g_autoptr (GString) names = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  RelaisWindow *window;
  GtkWidget *view;
  g_autoptr (RelaisEntretienItem) item = NULL;
  GtkListBox *list;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  window = relais_window_new (app, fixture->store_path);
  gtk_window_present (GTK_WINDOW (window));
  spin ();

  collect_row_names (GTK_WIDGET (window), names);
  g_assert_true (strstr (names->str, "portfolio agenda offers conflicts ") != NULL);
  g_assert_true (relais_window_show_view_named (window, "offers"));
  g_assert_true (RELAIS_IS_OFFERS_VIEW (relais_window_get_visible_view (window)));
  g_assert_true (relais_window_show_view_named (window, "agenda"));
  view = relais_window_get_visible_view (window);
  g_assert_true (RELAIS_IS_AGENDA_VIEW (view));
  wait_list_loaded (relais_agenda_view_get_list (RELAIS_AGENDA_VIEW (view)));

  /* Whatever week today is, go to one with interviews. */
  relais_agenda_view_show_day (RELAIS_AGENDA_VIEW (view), &fixture->today, TRUE);
  list = relais_agenda_view_get_entretien_list (RELAIS_AGENDA_VIEW (view));
  item = g_list_model_get_item (relais_agenda_view_get_model (RELAIS_AGENDA_VIEW (view)), 0);
  g_assert_nonnull (item);
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 0));
  spin ();
  g_assert_true (RELAIS_IS_JOBSEEKER_PAGE (relais_window_get_visible_view (window)));
  g_assert_cmpstr (relais_jobseeker_page_get_de_id (
                       RELAIS_JOBSEEKER_PAGE (relais_window_get_visible_view (window))),
                   ==, relais_entretien_item_get_de_id (item));
  relais_jobseeker_page_request_close (
      RELAIS_JOBSEEKER_PAGE (relais_window_get_visible_view (window)));
  spin ();
  g_assert_true (relais_window_get_visible_view (window) == view);

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

static void
test_agenda_french (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GtkWidget) row = g_object_ref_sink (relais_agenda_view_create_sidebar_row ());

      open_view (fixture);
      g_print ("[%s]\n", relais_agenda_view_get_range_text (fixture->view));
      g_print ("[%s]\n", gtk_button_get_label (
                             GTK_BUTTON (relais_agenda_view_get_plan_button (fixture->view))));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*[Semaine du 23 nov. – 29 nov. 2026]*");
  g_test_trap_assert_stdout ("*[_Planifier un entretien]*");
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add ("/agenda/rows-match-store", Fixture, NULL, fixture_set_up,
              test_agenda_rows_match_store, fixture_tear_down);
  g_test_add ("/agenda/due", Fixture, NULL, fixture_set_up, test_agenda_due, fixture_tear_down);
  g_test_add ("/agenda/plan", Fixture, NULL, fixture_set_up, test_agenda_plan, fixture_tear_down);
  g_test_add ("/agenda/ajustement-closed", Fixture, NULL, fixture_set_up,
              test_agenda_ajustement_closed, fixture_tear_down);
  g_test_add ("/agenda/open-de", Fixture, NULL, fixture_set_up, test_agenda_open_de,
              fixture_tear_down);
  g_test_add ("/agenda/follows-store", Fixture, NULL, fixture_set_up, test_agenda_follows_store,
              fixture_tear_down);
  g_test_add ("/agenda/refresh-mid-apply", Fixture, NULL, fixture_set_up_large,
              test_agenda_refresh_mid_apply, fixture_tear_down);
  g_test_add ("/agenda/loads-in-worker", Fixture, NULL, fixture_set_up_large,
              test_agenda_loads_in_worker, fixture_tear_down);
  g_test_add ("/agenda/window", Fixture, NULL, fixture_set_up, test_agenda_window,
              fixture_tear_down);
  g_test_add ("/agenda/french", Fixture, NULL, fixture_set_up, test_agenda_french,
              fixture_tear_down);

  return g_test_run ();
}

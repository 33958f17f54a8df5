/* test-portfolio.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The portefeuille view on a store filled by the demo generator: every job
 * seeker is listed, sorted by name, searched through the store's full-text
 * index and filtered by modality; months and milestones follow "today".
 * Expected values are read from the store independently of the view.
 */

#include "config.h"

#include "gui-test-utils.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "relais-agency-view.h"
#include "relais-alerts.h"
#include "relais-application.h"
#include "relais-context.h"
#include "relais-de-item.h"
#include "relais-de-list.h"
#include "relais-demo.h"
#include "relais-portfolio-load.h"
#include "relais-portfolio-view.h"
#include "relais-screenshot.h"
#include "relais-store.h"
#include "relais-text-cell.h"

#define N_DE 60

typedef struct
{
  char *dir;
  char *store_path;
  RelaisContext *context;
  GtkWidget *window;
  RelaisPortfolioView *view;
} Fixture;

static void
wait_loaded (RelaisPortfolioView *view)
{
  RelaisDeList *list = relais_portfolio_view_get_de_list (view);

  while (relais_de_list_get_loading (list))
    g_main_context_iteration (NULL, TRUE);
  spin ();
}

/* Spins for @ms milliseconds: long enough for the search entry's delay. */
static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("relais-portfolio-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->store_path = g_build_filename (fixture->dir, "agence.db", NULL);
  fill_demo_store (fixture->store_path, N_DE);
}

static void
open_view (Fixture *fixture, const GDate *today)
{
  fixture->context = relais_context_new (fixture->store_path, today);
  g_assert_nonnull (relais_context_get_store (fixture->context));
  fixture->view = RELAIS_PORTFOLIO_VIEW (relais_portfolio_view_new (fixture->context));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_loaded (fixture->view);
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

static void
test_portfolio_lists_every_de (Fixture *fixture, gconstpointer data)
{
  GListModel *model;

  open_view (fixture, NULL);
  model = relais_portfolio_view_get_model (fixture->view);

  g_assert_cmpuint (relais_store_count_type (store_of (fixture), "de", NULL), ==, N_DE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_DE);
  for (guint i = 0; i < N_DE; i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (model, i);

      g_assert_true (RELAIS_IS_DE_ITEM (item));
    }
}

typedef struct
{
  guint emissions;
  guint position, removed, added;
} ItemsChanged;

static void
items_changed_cb (GListModel *model, guint position, guint removed, guint added, gpointer data)
{
  ItemsChanged *changed = data;

  changed->emissions++;
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
}

static void
load_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  gboolean *done = user_data;
  g_autoptr (GError) error = NULL;

  g_assert_true (relais_de_list_load_finish (RELAIS_DE_LIST (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* One load is one precise items-changed, and a reload replaces every item. */
static void
test_portfolio_list_items_changed (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelaisDeList) list = NULL;
  ItemsChanged changed = { 0 };
  gboolean done = FALSE;

  fixture->context = relais_context_new (fixture->store_path, NULL);
  list = relais_de_list_new (fixture->context);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  relais_de_list_load_async (list, NULL, load_done_cb, &done);
  g_assert_true (relais_de_list_get_loading (list));
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (relais_de_list_get_loading (list));
  g_assert_cmpuint (changed.emissions, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, N_DE);

  done = FALSE;
  relais_de_list_load_async (list, NULL, load_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (changed.emissions, ==, 2);
  g_assert_cmpuint (changed.removed, ==, N_DE);
  g_assert_cmpuint (changed.added, ==, N_DE);

  g_signal_handlers_disconnect_by_data (list, &changed);
  g_assert_finalize_object (g_steal_pointer (&list));
}

static RelaisDeList *
load_list (RelaisContext *context)
{
  RelaisDeList *list = relais_de_list_new (context);
  gboolean done = FALSE;

  relais_de_list_load_async (list, NULL, load_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return list;
}

/* The rows, one a line: id, names, modality, portefeuille, alerts. */
static char *
describe_list (RelaisDeList *list)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      g_string_append_printf (
          text, "%s|%s|%s|%s|%s|%u\n", relais_de_item_get_id (item), relais_de_item_get_nom (item),
          relais_de_item_get_prenom (item), relais_de_item_get_modalite_code (item),
          relais_de_item_get_portefeuille (item), relais_de_item_get_n_alerts (item));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The portefeuille counts of the capacity banner, as the items say. */
static void
assert_counts (RelaisDeList *list)
{
  g_autoptr (GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      const char *portefeuille = relais_de_item_get_portefeuille (item);

      if (portefeuille != NULL)
        g_hash_table_insert (
            counts, (gpointer) portefeuille,
            GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, portefeuille)) + 1));
    }
  g_assert_cmpuint (g_hash_table_size (counts), >, 0);
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_assert_cmpuint (relais_de_list_count_in_portefeuille (list, key), ==,
                      GPOINTER_TO_UINT (value));
  g_assert_cmpuint (relais_de_list_count_in_portefeuille (list, "portefeuille:none"), ==, 0);
}

/* The app's first load, started before the window (and GTK) exists, gives
 * the list the same rows, in the same order, as a load of its own; a
 * preload of another store is not taken. The counts of the capacity
 * banner follow the loads and a DE moved to another portefeuille. */
static void
test_portfolio_preload (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelaisDeList) plain = NULL;
  g_autoptr (RelaisDeList) preloaded = NULL;
  g_autoptr (RelaisDeList) other = NULL;
  g_autofree char *plain_text = NULL;
  g_autofree char *preloaded_text = NULL;
  g_autofree char *other_path = g_build_filename (fixture->dir, "other.db", NULL);
  g_autoptr (RelaisDeItem) first = NULL;
  g_autoptr (JsonObject) doc = NULL;
  g_autoptr (GError) error = NULL;
  const char *old_portefeuille;
  guint old_count;

  fixture->context = relais_context_new (fixture->store_path, NULL);
  plain = load_list (fixture->context);
  plain_text = describe_list (plain);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (plain)), ==, N_DE);
  assert_counts (plain);

  relais_de_list_preload (fixture->store_path, NULL);
  preloaded = load_list (fixture->context);
  preloaded_text = describe_list (preloaded);
  g_assert_cmpstr (preloaded_text, ==, plain_text);
  assert_counts (preloaded);

  /* Another store's preload stays pending, then is dropped. */
  fill_demo_store (other_path, 3);
  relais_de_list_preload (other_path, NULL);
  other = load_list (fixture->context);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (other)), ==, N_DE);
  relais_de_list_cancel_preload ();

  /* A DE saved in another portefeuille moves one count over. */
  first = g_list_model_get_item (G_LIST_MODEL (preloaded), 0);
  old_portefeuille = relais_de_item_get_portefeuille (first);
  g_assert_nonnull (old_portefeuille);
  old_count = relais_de_list_count_in_portefeuille (preloaded, old_portefeuille);
  doc = relais_store_get (store_of (fixture), relais_de_item_get_id (first), NULL, RELAIS_GET_NONE,
                          &error);
  g_assert_no_error (error);
  json_object_set_string_member (doc, "portefeuille", "portefeuille:moved");
  relais_de_list_update (preloaded, doc);
  g_assert_cmpuint (relais_de_list_count_in_portefeuille (preloaded, old_portefeuille), ==,
                    old_count - 1);
  g_assert_cmpuint (relais_de_list_count_in_portefeuille (preloaded, "portefeuille:moved"), ==, 1);
  assert_counts (preloaded);

  g_assert_finalize_object (g_steal_pointer (&plain));
  g_assert_finalize_object (g_steal_pointer (&preloaded));
  g_assert_finalize_object (g_steal_pointer (&other));
}

/* GtkStringSorter's key for ignore-case sorting. */
static char *
sort_key (const char *s)
{
  g_autofree char *folded = g_utf8_casefold (s, -1);

  return g_utf8_collate_key (folded, -1);
}

static int
compare_keys (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
test_portfolio_sort_by_nom (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  GtkColumnView *column_view;
  g_autoptr (GtkColumnViewColumn) nom_column = NULL;
  GListModel *model;

  open_view (fixture, NULL);
  model = relais_portfolio_view_get_model (fixture->view);

  ids = relais_store_find_by_field (store_of (fixture), "de", "type", "de", NULL);
  g_assert_cmpuint (ids->len, ==, N_DE);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (JsonObject) doc =
          relais_store_get (store_of (fixture), ids->pdata[i], NULL, RELAIS_GET_NONE, NULL);

      g_ptr_array_add (expected, sort_key (json_object_get_string_member (doc, "nom")));
    }
  g_ptr_array_sort (expected, compare_keys);

  /* Sorted by name, ascending, when it opens. */
  for (guint i = 0; i < N_DE; i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (model, i);
      g_autofree char *key = sort_key (relais_de_item_get_nom (item));

      g_assert_cmpstr (key, ==, expected->pdata[i]);
    }

  /* And descending when the column is sorted the other way. */
  column_view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_COLUMN_VIEW));
  nom_column = g_list_model_get_item (gtk_column_view_get_columns (column_view), 0);
  gtk_column_view_sort_by_column (column_view, nom_column, GTK_SORT_DESCENDING);
  spin ();
  for (guint i = 0; i < N_DE; i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (model, i);
      g_autofree char *key = sort_key (relais_de_item_get_nom (item));

      g_assert_cmpstr (key, ==, expected->pdata[N_DE - 1 - i]);
    }
}

static void
test_portfolio_search (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (RelaisDeItem) first = NULL;
  g_autofree char *prefix = NULL;
  GtkEditable *entry;
  GListModel *model;
  g_autofree char *previous = NULL;

  open_view (fixture, NULL);
  model = relais_portfolio_view_get_model (fixture->view);
  first = g_list_model_get_item (model, N_DE / 2);
  prefix = g_utf8_substring (relais_de_item_get_nom (first), 0, 3);

  g_assert_true (relais_store_search_de (store_of (fixture), prefix, 0, &found, NULL));
  g_assert_cmpuint (found->len, >, 0);
  g_assert_cmpuint (found->len, <, N_DE);
  for (guint i = 0; i < found->len; i++)
    g_hash_table_add (expected, found->pdata[i]);

  entry = GTK_EDITABLE (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_SEARCH_ENTRY));
  gtk_editable_set_text (entry, prefix);
  spin_for (gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (entry)) + 200);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, found->len);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (model, i);

      g_assert_true (g_hash_table_contains (expected, relais_de_item_get_id (item)));
      /* Still sorted by name. */
      {
        g_autofree char *key = sort_key (relais_de_item_get_nom (item));

        if (previous != NULL)
          g_assert_cmpint (strcmp (previous, key), <=, 0);
        g_free (previous);
        previous = g_steal_pointer (&key);
      }
    }

  /* Clearing the search shows everyone again. */
  gtk_editable_set_text (entry, "");
  spin_for (gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (entry)) + 200);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_DE);
}

static void
set_true_cb (gboolean *flag)
{
  *flag = TRUE;
}

/* The rows shown for @text are the ones the store's full-text index
 * finds, whatever was typed before. */
static void
assert_search_as_store (Fixture *fixture, GtkEditable *entry, const char *text)
{
  GListModel *model = relais_portfolio_view_get_model (fixture->view);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  gboolean changed = FALSE;
  gulong handler =
      g_signal_connect_swapped (entry, "search-changed", G_CALLBACK (set_true_cb), &changed);

  g_test_message ("search “%s”", text);
  gtk_editable_set_text (entry, text);
  /* The same folded text twice is no new search. */
  while (!changed && g_strcmp0 (text, "  ") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (entry, handler);
  spin ();

  g_assert_true (relais_store_search_de (store_of (fixture), text, 0, &found, NULL));
  for (guint i = 0; i < found->len; i++)
    g_hash_table_add (expected, found->pdata[i]);
  if (*stripped == '\0' || g_strcmp0 (text, "-") == 0)
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_DE);
  else
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, found->len);
  for (guint i = 0; found->len > 0 && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (model, i);

      g_assert_true (g_hash_table_contains (expected, relais_de_item_get_id (item)));
    }
}

typedef struct
{
  GtkWidget *widget;
  double y;
} NameCell;

static int
compare_name_cells (gconstpointer a, gconstpointer b)
{
  const NameCell *x = a, *y = b;

  return x->y < y->y ? -1 : x->y > y->y;
}

static void
collect_inscriptions (GtkWidget *widget, GPtrArray *found)
{
  if (RELAIS_IS_TEXT_CELL (widget) && gtk_widget_get_mapped (widget))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_inscriptions (child, found);
}

/* The texts of the name column's cells, top to bottom; with @on_screen,
 * only those inside the scrolled window's viewport. */
static GPtrArray *
name_column_texts (RelaisPortfolioView *view, gboolean on_screen)
{
  GtkWidget *column_view = find_widget (GTK_WIDGET (view), GTK_TYPE_COLUMN_VIEW);
  GtkWidget *scrolled = gtk_widget_get_ancestor (column_view, GTK_TYPE_SCROLLED_WINDOW);
  g_autoptr (GPtrArray) inscriptions = g_ptr_array_new ();
  g_autoptr (GArray) cells = g_array_new (FALSE, FALSE, sizeof (NameCell));
  GPtrArray *texts = g_ptr_array_new ();
  double first_x = G_MAXDOUBLE;

  collect_inscriptions (column_view, inscriptions);
  for (guint i = 0; i < inscriptions->len; i++)
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (inscriptions->pdata[i], scrolled, &bounds));
      first_x = MIN (first_x, bounds.origin.x);
    }
  for (guint i = 0; i < inscriptions->len; i++)
    {
      graphene_rect_t bounds;
      NameCell cell = { inscriptions->pdata[i], 0 };

      g_assert_true (gtk_widget_compute_bounds (cell.widget, scrolled, &bounds));
      cell.y = bounds.origin.y;
      if (bounds.origin.x > first_x + 1)
        continue;
      if (on_screen && (bounds.origin.y < 0 ||
                        bounds.origin.y + bounds.size.height > gtk_widget_get_height (scrolled)))
        continue;
      g_array_append_val (cells, cell);
    }
  g_array_sort (cells, compare_name_cells);
  for (guint i = 0; i < cells->len; i++)
    g_ptr_array_add (texts, (gpointer) relais_text_cell_get_text (
                                RELAIS_TEXT_CELL (g_array_index (cells, NameCell, i).widget)));
  return texts;
}

/* @texts are the names of the model's first rows, in order. */
static void
assert_names_are_first_rows (GPtrArray *texts, GListModel *model)
{
  g_assert_cmpuint (texts->len, >, 0);
  g_assert_cmpuint (texts->len, <=, g_list_model_get_n_items (model));
  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (model, i);

      g_assert_cmpstr (texts->pdata[i], ==, relais_de_item_get_nom (item));
    }
}

static void
painted_cb (GdkFrameClock *clock, gboolean *painted)
{
  *painted = TRUE;
}

/* Until @widget's window painted a new frame: rows scrolled into view are
 * laid out then. */
static void
wait_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);

  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  spin ();
}

/* Each of @texts is the name of one of the model's last rows: a row
 * scrolled to may be mapped a frame before its allocation is final, so
 * their order on screen is not checked here. */
static void
assert_names_among_last_rows (GPtrArray *texts, GListModel *model)
{
  guint n = g_list_model_get_n_items (model);
  guint from = texts->len + 2 < n ? n - texts->len - 2 : 0;
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpuint (texts->len, >, 0);
  for (guint i = from; i < n; i++)
    {
      RelaisDeItem *item = g_list_model_get_item (model, i);

      g_ptr_array_add (items, item);
      g_hash_table_add (names, (gpointer) relais_de_item_get_nom (item));
    }
  for (guint i = 0; i < texts->len; i++)
    g_assert_true (g_hash_table_contains (names, texts->pdata[i]));
}

typedef struct
{
  RelaisPortfolioView *view;
  gboolean checked;
} OnScreenProbe;

/* Right after the view's own handler, before any idle or frame: the rows
 * on screen show the new results, rows off screen may still wait. */
static void
check_on_screen_cb (GtkSearchEntry *entry, OnScreenProbe *probe)
{
  g_autoptr (GPtrArray) shown = name_column_texts (probe->view, TRUE);
  g_autoptr (GPtrArray) all = name_column_texts (probe->view, FALSE);

  assert_names_are_first_rows (shown, relais_portfolio_view_get_model (probe->view));
  /* There are realized rows off screen, and they were left for later. */
  g_assert_cmpuint (all->len, >, shown->len);
  g_assert_cmpuint (relais_portfolio_view_get_n_rows_pending (probe->view), >, 0);
  probe->checked = TRUE;
}

/* A keystroke updates the rows on screen at once and the 200 rows GTK
 * keeps realized in idle time: once idle, every row shows its DE; a
 * scroll shows up-to-date rows too. */
static void
test_portfolio_rows_on_screen_first (Fixture *fixture, gconstpointer data)
{
  GListModel *model;
  GtkEditable *entry;
  GtkAdjustment *adjustment;
  OnScreenProbe probe = { NULL, FALSE };
  char best[2] = "a";
  guint best_n = 0;
  gulong handler;

  open_view (fixture, NULL);
  model = relais_portfolio_view_get_model (fixture->view);
  /* The letter that starts the words of the most DE: many rows stay, and
   * most of them change. */
  for (char c = 'a'; c <= 'z'; c++)
    {
      char text[2] = { c, '\0' };
      g_autoptr (GPtrArray) found = NULL;

      g_assert_true (relais_store_search_de (store_of (fixture), text, 0, &found, NULL));
      if (found->len > best_n && found->len < N_DE)
        {
          best_n = found->len;
          best[0] = c;
        }
    }
  g_test_message ("searching “%s”: %u DE", best, best_n);
  g_assert_cmpuint (best_n, >=, 30);

  entry = GTK_EDITABLE (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_SEARCH_ENTRY));
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), 0);
  probe.view = fixture->view;
  handler =
      g_signal_connect_after (entry, "search-changed", G_CALLBACK (check_on_screen_cb), &probe);
  gtk_editable_set_text (entry, best);
  while (!probe.checked)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (entry, handler);

  spin ();
  g_assert_cmpuint (relais_portfolio_view_get_n_rows_pending (fixture->view), ==, 0);
  {
    g_autoptr (GPtrArray) shown = name_column_texts (fixture->view, TRUE);
    g_autoptr (GPtrArray) all = name_column_texts (fixture->view, FALSE);

    /* GTK maps a few rows past the viewport: they caught up too. */
    g_assert_cmpuint (all->len, >, shown->len);
    assert_names_are_first_rows (all, model);
  }

  /* Clearing, then scrolling down before the idle caught up. */
  gtk_editable_set_text (entry, "");
  while (g_list_model_get_n_items (model) != N_DE)
    g_main_context_iteration (NULL, TRUE);
  adjustment = gtk_scrollable_get_vadjustment (
      GTK_SCROLLABLE (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_COLUMN_VIEW)));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  wait_frame (GTK_WIDGET (fixture->view));
  wait_frame (GTK_WIDGET (fixture->view));
  g_assert_cmpuint (relais_portfolio_view_get_n_rows_pending (fixture->view), ==, 0);
  {
    g_autoptr (GPtrArray) shown = name_column_texts (fixture->view, TRUE);
    g_autoptr (GPtrArray) all = name_column_texts (fixture->view, FALSE);

    /* Scrolled to the end: the rows mapped show the last DE. */
    g_assert_cmpuint (shown->len, >, 0);
    assert_names_among_last_rows (all, model);
  }
}

/* A text cell is as wide as its characters say and one line high,
 * whatever its text; it keeps the text it shows. */
static void
test_portfolio_text_cell (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *wide = relais_text_cell_new (16, 0.0f, FALSE);
  GtkWidget *narrow = relais_text_cell_new (4, 1.0f, TRUE);
  int wide_min, wide_nat, narrow_min, narrow_nat, empty_height, full_height, long_height;

  gtk_box_append (GTK_BOX (box), wide);
  gtk_box_append (GTK_BOX (box), narrow);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  spin ();

  gtk_widget_measure (wide, GTK_ORIENTATION_HORIZONTAL, -1, &wide_min, &wide_nat, NULL, NULL);
  gtk_widget_measure (narrow, GTK_ORIENTATION_HORIZONTAL, -1, &narrow_min, &narrow_nat, NULL, NULL);
  g_assert_cmpint (wide_min, ==, narrow_min);
  g_assert_cmpint (wide_nat, >, narrow_nat);
  g_assert_cmpint (wide_nat, ==, 4 * narrow_nat);

  gtk_widget_measure (wide, GTK_ORIENTATION_VERTICAL, -1, &empty_height, NULL, NULL, NULL);
  g_assert_cmpint (empty_height, >, 0);
  relais_text_cell_set_text (RELAIS_TEXT_CELL (wide), "Hélène Lefèvre-Dupont");
  gtk_widget_measure (wide, GTK_ORIENTATION_VERTICAL, -1, &full_height, NULL, NULL, NULL);
  relais_text_cell_set_text (RELAIS_TEXT_CELL (wide),
                             "Un texte bien plus long que la cellule, qui finit en points");
  gtk_widget_measure (wide, GTK_ORIENTATION_VERTICAL, 40, &long_height, NULL, NULL, NULL);
  g_assert_cmpint (full_height, ==, empty_height);
  g_assert_cmpint (long_height, ==, empty_height);
  g_assert_cmpstr (relais_text_cell_get_text (RELAIS_TEXT_CELL (wide)), ==,
                   "Un texte bien plus long que la cellule, qui finit en points");
  relais_text_cell_set_text (RELAIS_TEXT_CELL (wide), NULL);
  g_assert_null (relais_text_cell_get_text (RELAIS_TEXT_CELL (wide)));
  /* Drawn without a text, then with one. */
  spin ();
  relais_text_cell_set_text (RELAIS_TEXT_CELL (narrow), "12");
  spin ();

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

/* Typing, erasing and retyping narrows and widens the rows as the index
 * would, names, identifiers, skills and ROME codes alike, accents or not. */
static void
test_portfolio_search_as_you_type (Fixture *fixture, gconstpointer data)
{
  g_autoptr (RelaisDeItem) first = NULL;
  g_autofree char *nom = NULL;
  g_autofree char *identifiant = NULL;
  GtkEditable *entry;
  const char *const texts[] = {
    "c",         "co", "con", "cond",  "conduite", "conduite d", "conduite", "cond",
    "CONDUITE",  "h2", "h21", "h2102", "pr",       "pré",        "pre",      "prép",
    "prep comm", "  ", "-",   "élé",   "ele",      "zzzz",
  };

  open_view (fixture, NULL);
  first = g_list_model_get_item (relais_portfolio_view_get_model (fixture->view), 7);
  nom = g_utf8_strdown (relais_de_item_get_nom (first), -1);
  identifiant = g_strdup (relais_de_item_get_identifiant (first));
  entry = GTK_EDITABLE (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_SEARCH_ENTRY));
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), 0);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_search_as_store (fixture, entry, texts[i]);
  /* A name letter by letter, then the identifier's start after it. */
  for (const char *c = nom; *c != '\0'; c = g_utf8_next_char (c))
    {
      g_autofree char *prefix = g_strndup (nom, g_utf8_next_char (c) - nom);

      assert_search_as_store (fixture, entry, prefix);
    }
  {
    g_autofree char *both = g_strdup_printf ("%s %.4s", nom, identifiant);

    assert_search_as_store (fixture, entry, both);
  }
  assert_search_as_store (fixture, entry, "");
}

static void
test_portfolio_modality_filter (Fixture *fixture, gconstpointer data)
{
  static const char *const codes[] = { "suivi", "guide", "renforce", "global" };
  GtkDropDown *drop_down;
  GListModel *model;
  guint total = 0;

  open_view (fixture, NULL);
  model = relais_portfolio_view_get_model (fixture->view);
  drop_down = GTK_DROP_DOWN (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_DROP_DOWN));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (drop_down)), ==, 5);

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr (GPtrArray) ids =
          relais_store_find_by_field (store_of (fixture), "de", "modalite", codes[i], NULL);

      gtk_drop_down_set_selected (drop_down, i + 1);
      spin ();
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, ids->len);
      for (guint j = 0; j < g_list_model_get_n_items (model); j++)
        {
          g_autoptr (RelaisDeItem) item = g_list_model_get_item (model, j);

          g_assert_cmpstr (relais_de_item_get_modalite_code (item), ==, codes[i]);
        }
      total += ids->len;
    }
  /* The demo gives every modality to someone, and a few DE none yet. */
  g_assert_cmpuint (total, <=, N_DE);

  gtk_drop_down_set_selected (drop_down, 0);
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_DE);
}

static JsonObject *
de_registered (const char *date)
{
  JsonObject *doc = json_object_new ();

  json_object_set_string_member (doc, "_id", "de:test");
  json_object_set_string_member (doc, "type", "de");
  json_object_set_string_member (doc, "nom", "Le Goff");
  json_object_set_string_member (doc, "prenom", "Anne");
  json_object_set_string_member (doc, "identifiant", "1234567A");
  json_object_set_string_member (doc, "modalite", "renforce");
  json_object_set_string_member (doc, "date_inscription", date);
  return doc;
}

static void
check_months (const char *registered, const char *today_iso, int months, const char *milestone)
{
  g_autoptr (JsonObject) doc = de_registered (registered);
  g_autoptr (RelaisDeItem) item = NULL;
  g_autofree char *next = NULL;
  int value = -2;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_parse (&today, today_iso);
  g_assert_true (g_date_valid (&today));

  item = relais_de_item_new_from_json (doc, &today);
  g_object_get (item, "months-since-registration", &value, "next-milestone", &next, NULL);
  g_assert_cmpint (value, ==, months);
  g_assert_cmpstr (next, ==, milestone);
}

static void
test_portfolio_months (void)
{
  /* Across a month end: 31 January + 4 months is 31 May. */
  check_months ("2026-01-31", "2026-05-30", 3, "M4");
  check_months ("2026-01-31", "2026-05-31", 4, "M4");
  check_months ("2026-01-31", "2026-06-01", 4, "M4");
  check_months ("2026-01-31", "2026-06-30", 5, "M9");
  /* A shorter month completes on its last day. */
  check_months ("2026-01-31", "2026-02-28", 1, "M4");
  check_months ("2026-01-31", "2026-02-27", 0, "M4");
  check_months ("2025-12-15", "2026-09-14", 8, "M9");
  check_months ("2025-12-15", "2026-09-15", 9, "M9");
  check_months ("2025-12-15", "2026-10-15", 10, "—");
  /* Registered after "today" (a clock set wrong): nothing elapsed. */
  check_months ("2026-03-01", "2026-02-01", 0, "M4");
}

/* The context's "today" reaches the items the view loads. */
static void
test_portfolio_injected_today (Fixture *fixture, gconstpointer data)
{
  GDate *today = g_date_new_dmy (31, G_DATE_MAY, 2027);
  GListModel *model;

  open_view (fixture, today);
  g_assert_cmpint (g_date_compare (relais_context_get_today (fixture->context), today), ==, 0);
  model = relais_portfolio_view_get_model (fixture->view);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (model, i);
      GDate registered;

      g_date_clear (&registered, 1);
      g_date_set_parse (&registered, relais_de_item_get_date_inscription (item));
      g_assert_cmpint (relais_de_item_get_months_since_registration (item), ==,
                       relais_de_months_between (&registered, today));
    }
  g_date_free (today);
}

static void
screenshot_done_cb (GObject *object, GAsyncResult *result, gpointer loop)
{
  g_autoptr (GError) error = NULL;

  relais_screenshot_finish (result, &error);
  g_assert_no_error (error);
  g_main_loop_quit (loop);
}

/* The fixed "today" of the alert tests. */
static GDate *
alert_today (void)
{
  return g_date_new_dmy (1, G_DATE_DECEMBER, 2026);
}

static JsonObject *
crafted_de (const char *id,
            const char *nom,
            const char *modalite,
            const char *date_inscription,
            const char *referent)
{
  JsonObject *doc = json_object_new ();

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "de");
  json_object_set_string_member (doc, "nom", nom);
  json_object_set_string_member (doc, "prenom", "Test");
  json_object_set_string_member (doc, "identifiant", "9999999Z");
  json_object_set_string_member (doc, "modalite", modalite);
  json_object_set_string_member (doc, "date_inscription", date_inscription);
  if (referent != NULL)
    json_object_set_string_member (doc, "referent", referent);
  return doc;
}

static JsonObject *
crafted_entretien (const char *id, const char *de, const char *nature, const char *date)
{
  JsonObject *doc = json_object_new ();

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "entretien");
  json_object_set_string_member (doc, "de", de);
  json_object_set_string_member (doc, "conseiller", "conseiller:test");
  json_object_set_string_member (doc, "date", date);
  json_object_set_string_member (doc, "nature", nature);
  json_object_set_string_member (doc, "statut", "realise");
  json_object_set_string_member (doc, "mode", "physique");
  return doc;
}

static void
put_docs (const char *path, GPtrArray *docs)
{
  g_ptr_array_unref (store_test_put_docs (path, docs));
}

/* Three DE added to the demo store, registered 5 months before "today":
 * a guidé without référent (the référent and the M4 are overdue, both
 * blocking), the same in SARE (informative), and a guidé with a référent
 * whose M4 was held (no alert). */
static void
add_crafted_de (Fixture *fixture)
{
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  g_ptr_array_add (docs, crafted_de ("de:crafted-guide", "Zzguide", "guide", "2026-07-01", NULL));
  g_ptr_array_add (docs, crafted_de ("de:crafted-suivi", "Zzsuivi", "suivi", "2026-07-01", NULL));
  g_ptr_array_add (
      docs, crafted_de ("de:crafted-held", "Zzheld", "guide", "2026-07-01", "conseiller:test"));
  g_ptr_array_add (docs, crafted_entretien ("entretien:crafted-m4", "de:crafted-held", "m4",
                                            "2026-10-20T10:00:00Z"));
  put_docs (fixture->store_path, docs);
}

static RelaisDeItem *
find_item (GListModel *model, const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (relais_de_item_get_id (item), id) == 0)
        return g_steal_pointer (&item);
    }
  return NULL;
}

/* The alerts of every DE of the store, computed here from the stored
 * documents by the core, independently of the list: de id → alerts. */
static GHashTable *
expected_alerts (Fixture *fixture, const GDate *today)
{
  RelaisStore *store = store_of (fixture);
  g_autoptr (GPtrArray) de_ids = relais_store_find_by_field (store, "de", "type", "de", NULL);
  GHashTable *result =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < de_ids->len; i++)
    {
      const char *id = de_ids->pdata[i];
      g_autoptr (JsonObject) de = relais_store_get (store, id, NULL, RELAIS_GET_NONE, NULL);
      g_autoptr (GPtrArray) entretiens =
          g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_autoptr (GPtrArray) contacts =
          g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_autoptr (GPtrArray) e_ids = relais_store_find_by_field (store, "entretien", "de", id, NULL);
      g_autoptr (GPtrArray) c_ids = relais_store_find_by_field (store, "contact", "de", id, NULL);

      for (guint j = 0; j < e_ids->len; j++)
        g_ptr_array_add (entretiens,
                         relais_store_get (store, e_ids->pdata[j], NULL, RELAIS_GET_NONE, NULL));
      for (guint j = 0; j < c_ids->len; j++)
        g_ptr_array_add (contacts,
                         relais_store_get (store, c_ids->pdata[j], NULL, RELAIS_GET_NONE, NULL));
      g_hash_table_insert (result, g_strdup (id),
                           relais_alerts_for_de (de, entretiens, contacts, today));
    }
  return result;
}

static guint
count_blocking (GPtrArray *alerts)
{
  guint n = 0;

  for (guint i = 0; i < alerts->len; i++)
    if (((RelaisAlert *) alerts->pdata[i])->level == RELAIS_ALERT_BLOCKING)
      n++;
  return n;
}

static gboolean
has_milestone (GPtrArray *alerts)
{
  for (guint i = 0; i < alerts->len; i++)
    switch (((RelaisAlert *) alerts->pdata[i])->kind)
      {
      case RELAIS_ALERT_M4_DUE:
      case RELAIS_ALERT_M4_OVERDUE:
      case RELAIS_ALERT_M9_DUE:
      case RELAIS_ALERT_M9_OVERDUE:
        return TRUE;
      case RELAIS_ALERT_REFERENT_MISSING:
      case RELAIS_ALERT_AJUSTEMENT_LATE:
      case RELAIS_ALERT_PORTFOLIO_OVER_CAPACITY:
      case RELAIS_ALERT_ESCALADE_OPEN:
      default:
        break;
      }
  return FALSE;
}

static GtkWidget *
find_named (GtkWidget *widget, const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The alerts cells shown: a box holding an icon then a label. */
static void
collect_alert_cells (GtkWidget *widget, GPtrArray *cells)
{
  GtkWidget *first = gtk_widget_get_first_child (widget);

  if (GTK_IS_BOX (widget) && first != NULL && GTK_IS_IMAGE (first) &&
      GTK_IS_LABEL (gtk_widget_get_next_sibling (first)) && gtk_widget_get_mapped (widget))
    {
      g_ptr_array_add (cells, widget);
      return;
    }
  for (GtkWidget *child = first; child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_alert_cells (child, cells);
}

static void
search_for (Fixture *fixture, const char *text)
{
  GtkEditable *entry =
      GTK_EDITABLE (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_SEARCH_ENTRY));

  gtk_editable_set_text (entry, text);
  spin_for (gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (entry)) + 200);
}

/* Checks the single row shown: its alerts cell says @count, in the error
 * colour when @blocking, and lists the alerts in its tooltip. */
static void
assert_single_alert_cell (Fixture *fixture, const char *count, gboolean blocking)
{
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();
  GtkWidget *cell, *label;

  g_autoptr (RelaisDeItem) item = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (relais_portfolio_view_get_model (fixture->view)), ==,
                    1);
  item = g_list_model_get_item (relais_portfolio_view_get_model (fixture->view), 0);
  /* Let the column view create and bind its rows. */
  spin_for (100);
  collect_alert_cells (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_COLUMN_VIEW), cells);
  g_assert_cmpuint (cells->len, ==, 1);
  cell = cells->pdata[0];
  label = gtk_widget_get_next_sibling (gtk_widget_get_first_child (cell));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, count);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_first_child (cell)) == (*count != '\0'));
  g_assert_true (gtk_widget_has_css_class (cell, "error") == blocking);
  if (*count != '\0')
    {
      g_autofree char *referent =
          g_strdup_printf (_ ("No référent designated by month 4 (%s)"), "01/11/2026");
      g_autofree char *m4 =
          g_strdup_printf (_ ("Entretien du 4e mois overdue since %s"), "01/11/2026");

      /* One alert a line. */
      g_assert_nonnull (strstr (relais_de_item_get_alerts_text (item), referent));
      g_assert_nonnull (strstr (relais_de_item_get_alerts_text (item), m4));
      g_assert_nonnull (strchr (relais_de_item_get_alerts_text (item), '\n'));
    }
  else
    g_assert_null (relais_de_item_get_alerts_text (item));

  /* The tooltip is asked for when shown: the cell gives one when its DE
   * has alerts. */
  g_assert_true (gtk_widget_get_has_tooltip (cell));
  {
    g_autoptr (GObject) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
    gboolean shown = FALSE;

    g_signal_emit_by_name (cell, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
    g_assert_true (shown == (*count != '\0'));
  }
}

static void
test_portfolio_alerts_column (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDate) today = alert_today ();
  g_autoptr (RelaisDeItem) guide = NULL;
  g_autoptr (RelaisDeItem) suivi = NULL;
  g_autoptr (RelaisDeItem) held = NULL;
  g_autoptr (GHashTable) expected = NULL;
  GListModel *model;
  GHashTableIter iter;
  gpointer key, value;

  add_crafted_de (fixture);
  open_view (fixture, today);
  model = relais_portfolio_view_get_model (fixture->view);

  /* Registered on 1 July: M4 on 1 November, neither référent nor M4 since. */
  guide = find_item (model, "de:crafted-guide");
  g_assert_cmpuint (relais_de_item_get_n_alerts (guide), ==, 2);
  g_assert_cmpuint (relais_de_item_get_n_blocking_alerts (guide), ==, 2);
  g_assert_true (relais_de_item_get_milestone_due (guide));
  suivi = find_item (model, "de:crafted-suivi");
  g_assert_cmpuint (relais_de_item_get_n_alerts (suivi), ==, 2);
  g_assert_cmpuint (relais_de_item_get_n_blocking_alerts (suivi), ==, 0);
  held = find_item (model, "de:crafted-held");
  g_assert_cmpuint (relais_de_item_get_n_alerts (held), ==, 0);
  g_assert_false (relais_de_item_get_milestone_due (held));

  /* Every DE of the demo agrees with the core's alerts on its documents. */
  expected = expected_alerts (fixture, today);
  g_assert_cmpuint (g_hash_table_size (expected), ==, N_DE + 3);
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr (RelaisDeItem) item = find_item (model, key);

      g_assert_nonnull (item);
      g_assert_cmpuint (relais_de_item_get_n_alerts (item), ==, ((GPtrArray *) value)->len);
      g_assert_cmpuint (relais_de_item_get_n_blocking_alerts (item), ==, count_blocking (value));
    }

  /* The cells: the count, red when blocking, the texts in the tooltip. */
  search_for (fixture, "Zzguide");
  assert_single_alert_cell (fixture, "2", TRUE);
  search_for (fixture, "Zzsuivi");
  assert_single_alert_cell (fixture, "2", FALSE);
  search_for (fixture, "Zzheld");
  assert_single_alert_cell (fixture, "", FALSE);
}

/* Sorting by the Alertes column puts the blocking alerts first. */
static void
test_portfolio_alerts_sort (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDate) today = alert_today ();
  g_autoptr (GtkColumnViewColumn) column = NULL;
  GtkColumnView *column_view;
  GListModel *columns, *model;
  guint previous = G_MAXUINT;

  add_crafted_de (fixture);
  open_view (fixture, today);
  model = relais_portfolio_view_get_model (fixture->view);
  column_view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_COLUMN_VIEW));
  columns = gtk_column_view_get_columns (column_view);
  column = g_list_model_get_item (columns, g_list_model_get_n_items (columns) - 1);
  g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, _ ("Alerts"));
  gtk_column_view_sort_by_column (column_view, column, GTK_SORT_ASCENDING);
  spin ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (model, i);
      guint rank =
          relais_de_item_get_n_blocking_alerts (item) * 1000 + relais_de_item_get_n_alerts (item);

      /* The alerts sorter is descending for the column's "ascending". */
      g_assert_cmpuint (rank, <=, previous);
      previous = rank;
    }
  g_assert_cmpuint (previous, ==, 0);
}

static void
assert_filter_keeps (Fixture *fixture, GHashTable *expected, gboolean (*keep) (GPtrArray *alerts))
{
  GListModel *model = relais_portfolio_view_get_model (fixture->view);
  GHashTableIter iter;
  gpointer key, value;
  guint n_expected = 0;
  g_autofree char *count = NULL;
  GtkLabel *count_label;

  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (keep (value))
      {
        g_autoptr (RelaisDeItem) item = find_item (model, key);

        g_assert_nonnull (item);
        n_expected++;
      }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_expected);

  /* The count follows the filter. */
  count = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%lu job seeker", "%lu job seekers", n_expected),
      (unsigned long) n_expected);
  count_label = GTK_LABEL (find_named (GTK_WIDGET (fixture->view), "count"));
  g_assert_nonnull (count_label);
  g_assert_cmpstr (gtk_label_get_label (count_label), ==, count);
}

static gboolean
keep_any (GPtrArray *alerts)
{
  return alerts->len > 0;
}

static gboolean
keep_blocking (GPtrArray *alerts)
{
  return count_blocking (alerts) > 0;
}

static gboolean
keep_all (GPtrArray *alerts)
{
  return TRUE;
}

static gboolean
keep_blocking_milestone (GPtrArray *alerts)
{
  return count_blocking (alerts) > 0 && has_milestone (alerts);
}

static void
test_portfolio_alert_filters (Fixture *fixture, gconstpointer data)
{
  g_autoptr (GDate) today = alert_today ();
  g_autoptr (GHashTable) expected = NULL;
  GtkDropDown *alerts;
  GtkToggleButton *milestone;

  add_crafted_de (fixture);
  open_view (fixture, today);
  expected = expected_alerts (fixture, today);
  alerts = GTK_DROP_DOWN (find_named (GTK_WIDGET (fixture->view), "alert-filter"));
  milestone = GTK_TOGGLE_BUTTON (find_named (GTK_WIDGET (fixture->view), "milestone-filter"));
  g_assert_nonnull (alerts);
  g_assert_nonnull (milestone);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (alerts)), ==, 3);

  gtk_drop_down_set_selected (alerts, 1);
  spin ();
  assert_filter_keeps (fixture, expected, keep_any);
  gtk_drop_down_set_selected (alerts, 2);
  spin ();
  assert_filter_keeps (fixture, expected, keep_blocking);
  /* The milestone filter composes with the others. */
  gtk_toggle_button_set_active (milestone, TRUE);
  spin ();
  assert_filter_keeps (fixture, expected, keep_blocking_milestone);
  gtk_drop_down_set_selected (alerts, 0);
  spin ();
  assert_filter_keeps (fixture, expected, has_milestone);
  gtk_toggle_button_set_active (milestone, FALSE);
  spin ();
  assert_filter_keeps (fixture, expected, keep_all);

  /* The crafted DE land where they should. */
  {
    g_autoptr (RelaisDeItem) guide = NULL;
    g_autoptr (RelaisDeItem) suivi = NULL;

    gtk_drop_down_set_selected (alerts, 2);
    spin ();
    guide = find_item (relais_portfolio_view_get_model (fixture->view), "de:crafted-guide");
    suivi = find_item (relais_portfolio_view_get_model (fixture->view), "de:crafted-suivi");
    g_assert_nonnull (guide);
    g_assert_null (suivi);
  }
}

static JsonObject *
capacity_portefeuille (void)
{
  JsonObject *doc = json_object_new ();

  json_object_set_string_member (doc, "_id", "portefeuille:renforce");
  json_object_set_string_member (doc, "type", "portefeuille");
  json_object_set_string_member (doc, "agence", "agence:test");
  json_object_set_string_member (doc, "modalite", "renforce");
  json_object_set_int_member (doc, "capacite", 70);
  json_object_set_string_member (doc, "libelle", "Renforcé 1");
  return doc;
}

static void
put_portfolio_de (const char *path, guint first, guint n)
{
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = first; i < first + n; i++)
    {
      g_autofree char *id = g_strdup_printf ("de:renforce-%03u", i);
      g_autofree char *nom = g_strdup_printf ("Renforce%03u", i);
      JsonObject *doc = crafted_de (id, nom, "renforce", i % 2 ? "2026-07-01" : "2026-10-15",
                                    i % 3 ? "conseiller:test" : NULL);

      json_object_set_string_member (doc, "portefeuille", "portefeuille:renforce");
      g_ptr_array_add (docs, doc);
    }
  put_docs (path, docs);
}

static void
reload (Fixture *fixture)
{
  gboolean done = FALSE;

  relais_de_list_load_async (relais_portfolio_view_get_de_list (fixture->view), NULL, load_done_cb,
                             &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  spin ();
}

/* A renforcé portfolio holds at most 70 DE: the banner says so from 71. */
static void
test_portfolio_capacity (void)
{
  g_autoptr (GDate) today = alert_today ();
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *warning = NULL;
  Fixture fixture = { 0 };
  g_autoptr (GError) error = NULL;

  fixture.dir = g_dir_make_tmp ("relais-portfolio-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.store_path = g_build_filename (fixture.dir, "agence.db", NULL);
  g_ptr_array_add (docs, capacity_portefeuille ());
  put_docs (fixture.store_path, docs);
  put_portfolio_de (fixture.store_path, 0, 70);

  open_view (&fixture, today);
  g_assert_cmpuint (g_list_model_get_n_items (relais_portfolio_view_get_model (fixture.view)), ==,
                    70);
  g_assert_null (relais_portfolio_view_get_capacity_warning (fixture.view));

  put_portfolio_de (fixture.store_path, 70, 1);
  reload (&fixture);
  g_assert_cmpuint (g_list_model_get_n_items (relais_portfolio_view_get_model (fixture.view)), ==,
                    71);
  warning = g_strdup_printf (_ ("Portfolio over capacity: %u job seekers for %u places"), 71, 70);
  g_assert_cmpstr (relais_portfolio_view_get_capacity_warning (fixture.view), ==, warning);
  g_assert_true (gtk_widget_get_mapped (find_named (GTK_WIDGET (fixture.view), "capacity")));

  if (g_getenv ("RELAIS_TEST_SCREENSHOT") != NULL)
    {
      g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

      /* AdwApplication loads the app's style sheet; a bare window does not. */
      gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
      gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                  GTK_STYLE_PROVIDER (css),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      spin ();
      relais_screenshot_async (fixture.window, g_getenv ("RELAIS_TEST_SCREENSHOT"), NULL,
                               screenshot_done_cb, loop);
      g_main_loop_run (loop);
    }

  fixture_tear_down (&fixture, NULL);
}

static GtkWidget *
find_inscription (GtkWidget *widget, const char *text)
{
  if (GTK_IS_INSCRIPTION (widget) &&
      g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (widget)), text) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_inscription (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The ELD's Agence view: each portefeuille with its load and the DE with
 * open alerts, the heaviest first. */
static void
test_portfolio_agency (void)
{
  g_autoptr (GDate) today = alert_today ();
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (RelaisPortfolioLoad) first = NULL;
  g_autoptr (RelaisPortfolioLoad) second = NULL;
  JsonObject *guide;
  Fixture fixture = { 0 };
  g_autoptr (GError) error = NULL;
  RelaisAgencyView *agency;
  GtkWidget *cell;
  GListModel *model;

  fixture.dir = g_dir_make_tmp ("relais-portfolio-XXXXXX", &error);
  g_assert_no_error (error);
  fixture.store_path = g_build_filename (fixture.dir, "agence.db", NULL);
  g_ptr_array_add (docs, capacity_portefeuille ());
  guide = json_object_new ();
  json_object_set_string_member (guide, "_id", "portefeuille:guide");
  json_object_set_string_member (guide, "type", "portefeuille");
  json_object_set_string_member (guide, "agence", "agence:test");
  json_object_set_string_member (guide, "modalite", "guide");
  json_object_set_int_member (guide, "capacite", 200);
  json_object_set_string_member (guide, "libelle", "Guidé 1");
  g_ptr_array_add (docs, guide);
  /* Two guidé DE of 5 months without référent nor M4, one without alert. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("de:guide-%u", i);
      JsonObject *de = crafted_de (id, "Guide", "guide", i < 2 ? "2026-07-01" : "2026-11-01", NULL);

      json_object_set_string_member (de, "portefeuille", "portefeuille:guide");
      g_ptr_array_add (docs, de);
    }
  put_docs (fixture.store_path, docs);
  put_portfolio_de (fixture.store_path, 0, 71);

  open_view (&fixture, today);
  agency = RELAIS_AGENCY_VIEW (
      relais_agency_view_new (relais_portfolio_view_get_de_list (fixture.view)));
  gtk_window_set_child (GTK_WINDOW (fixture.window), GTK_WIDGET (agency));
  spin_for (100);

  model = relais_agency_view_get_model (agency);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  /* Sorted by load: 71 / 70 before 3 / 200. */
  first = g_list_model_get_item (model, 0);
  second = g_list_model_get_item (model, 1);
  g_assert_cmpstr (relais_portfolio_load_get_id (first), ==, "portefeuille:renforce");
  g_assert_cmpuint (relais_portfolio_load_get_n_de (first), ==, 71);
  g_assert_cmpint (relais_portfolio_load_get_capacite (first), ==, 70);
  g_assert_true (relais_portfolio_load_get_over_capacity (first));
  /* The odd ones were registered 5 months ago and their M4 is overdue
   * (blocking in renforcé); the even ones, 1.5 month ago, have no alert. */
  g_assert_cmpuint (relais_portfolio_load_get_n_with_alerts (first), ==, 35);
  g_assert_cmpuint (relais_portfolio_load_get_n_blocking (first), ==, 35);
  g_assert_cmpstr (relais_portfolio_load_get_id (second), ==, "portefeuille:guide");
  g_assert_cmpuint (relais_portfolio_load_get_n_de (second), ==, 3);
  g_assert_false (relais_portfolio_load_get_over_capacity (second));
  g_assert_cmpuint (relais_portfolio_load_get_n_with_alerts (second), ==, 2);
  g_assert_cmpuint (relais_portfolio_load_get_n_blocking (second), ==, 2);

  /* The over-capacity load reads in the error colour; the other does not. */
  cell = find_inscription (GTK_WIDGET (agency), "71 / 70");
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_has_css_class (cell, "error"));
  cell = find_inscription (GTK_WIDGET (agency), "3 / 200");
  g_assert_nonnull (cell);
  g_assert_false (gtk_widget_has_css_class (cell, "error"));

  if (g_getenv ("RELAIS_TEST_SCREENSHOT_AGENCY") != NULL)
    {
      g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);

      relais_screenshot_async (fixture.window, g_getenv ("RELAIS_TEST_SCREENSHOT_AGENCY"), NULL,
                               screenshot_done_cb, loop);
      g_main_loop_run (loop);
    }

  fixture_tear_down (&fixture, NULL);
}

static void
print_labels (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    g_print ("%s|", gtk_label_get_label (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    print_labels (child);
}

static void
test_portfolio_french (Fixture *fixture, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GString) titles = g_string_new (NULL);
      GtkColumnView *column_view;
      GListModel *columns;

      open_view (fixture, NULL);
      column_view =
          GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_COLUMN_VIEW));
      columns = gtk_column_view_get_columns (column_view);
      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

          g_string_append_printf (titles, "%s|", gtk_column_view_column_get_title (column));
        }
      g_print ("%s\n", titles->str);
      print_labels (GTK_WIDGET (fixture->view));
      g_print ("\n");
      {
        GtkDropDown *drop_down =
            GTK_DROP_DOWN (find_widget (GTK_WIDGET (fixture->view), GTK_TYPE_DROP_DOWN));
        GListModel *modalites = gtk_drop_down_get_model (drop_down);

        for (guint i = 0; i < g_list_model_get_n_items (modalites); i++)
          g_print ("%s|", gtk_string_list_get_string (GTK_STRING_LIST (modalites), i));
        g_print ("\n%s\n", relais_de_modalite_label ("guide"));
        modalites = gtk_drop_down_get_model (
            GTK_DROP_DOWN (find_named (GTK_WIDGET (fixture->view), "alert-filter")));
        for (guint i = 0; i < g_list_model_get_n_items (modalites); i++)
          g_print ("%s|", gtk_string_list_get_string (GTK_STRING_LIST (modalites), i));
        g_print ("\n");
      }
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout (
      "*Nom|Prénom|Identifiant|Modalité|Inscription|Mois|Prochain jalon|Alertes|*");
  g_test_trap_assert_stdout ("*60 demandeurs d'emploi*");
  g_test_trap_assert_stdout ("*Toutes les modalités|Suivi|Guidé|Renforcé|Global|*");
  g_test_trap_assert_stdout ("*Prochain jalon|Alertes|*");
  g_test_trap_assert_stdout ("*Tous les DE|Avec alertes|Alertes bloquantes|*");
  g_test_trap_assert_stdout ("*|Jalon à faire|*");
}

int
main (int argc, char **argv)
{
  gui_test_init (&argc, &argv);

  g_test_add ("/portfolio/lists-every-de", Fixture, NULL, fixture_set_up,
              test_portfolio_lists_every_de, fixture_tear_down);
  g_test_add ("/portfolio/list-items-changed", Fixture, NULL, fixture_set_up,
              test_portfolio_list_items_changed, fixture_tear_down);
  g_test_add ("/portfolio/preload", Fixture, NULL, fixture_set_up, test_portfolio_preload,
              fixture_tear_down);
  g_test_add ("/portfolio/sort-by-nom", Fixture, NULL, fixture_set_up, test_portfolio_sort_by_nom,
              fixture_tear_down);
  g_test_add ("/portfolio/search", Fixture, NULL, fixture_set_up, test_portfolio_search,
              fixture_tear_down);
  g_test_add ("/portfolio/search-as-you-type", Fixture, NULL, fixture_set_up,
              test_portfolio_search_as_you_type, fixture_tear_down);
  g_test_add ("/portfolio/rows-on-screen-first", Fixture, NULL, fixture_set_up,
              test_portfolio_rows_on_screen_first, fixture_tear_down);
  g_test_add ("/portfolio/modality-filter", Fixture, NULL, fixture_set_up,
              test_portfolio_modality_filter, fixture_tear_down);
  g_test_add_func ("/portfolio/months", test_portfolio_months);
  g_test_add_func ("/portfolio/text-cell", test_portfolio_text_cell);
  g_test_add ("/portfolio/injected-today", Fixture, NULL, fixture_set_up,
              test_portfolio_injected_today, fixture_tear_down);
  g_test_add ("/portfolio/alerts-column", Fixture, NULL, fixture_set_up,
              test_portfolio_alerts_column, fixture_tear_down);
  g_test_add ("/portfolio/alerts-sort", Fixture, NULL, fixture_set_up, test_portfolio_alerts_sort,
              fixture_tear_down);
  g_test_add ("/portfolio/alert-filters", Fixture, NULL, fixture_set_up,
              test_portfolio_alert_filters, fixture_tear_down);
  g_test_add_func ("/portfolio/capacity", test_portfolio_capacity);
  g_test_add_func ("/portfolio/agency", test_portfolio_agency);
  g_test_add ("/portfolio/french", Fixture, NULL, fixture_set_up, test_portfolio_french,
              fixture_tear_down);

  return g_test_run ();
}

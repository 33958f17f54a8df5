/* relais-lazy-rows.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Visible rows first: when the slot of a row of a column view changes its
 * item (relais-row-slots.h), the row's cells show the new item at once if
 * the row is on screen, and in an idle otherwise, or as soon as scrolling
 * brings the row on screen.
 *
 * Why: GTK 4.8's list views keep 200 rows realized whatever the height of
 * the window (GTK_LIST_VIEW_MAX_LIST_ITEMS), about eight times what a
 * window shows. A keystroke of search as you type changed the texts of
 * 200 rows × 8 cells before the next frame: 10 to 20 ms, of which the
 * counsellor saw one eighth. Rows off screen still get their texts within
 * a few idle passes, so that screen readers and keyboard moves find them
 * up to date.
 */

#define G_LOG_DOMAIN "relais-lazy-rows"

#include "config.h"

#include "relais-lazy-rows.h"

/* Rows around the visible ones updated at once too: the row pitch is an
 * estimate, and a few rows cover the header and a scroll in progress. */
#define MARGIN_ROWS 4
/* Rows updated per idle pass: about a millisecond, so that a keystroke or
 * a frame waits at most that long behind them. */
#define ROWS_PER_IDLE 12

struct _RelaisLazyRows
{
  GtkColumnView *view; /* not owned: it owns the cells */
  RelaisLazyRowsUpdateFunc update;
  GHashTable *rows;  /* slot → Row, for the slots bound to cells */
  GHashTable *stale; /* Row set: rows whose cells show an older item */
  GtkAdjustment *vadjustment;
  guint idle_id;
  guint tick_id; /* holds a reference */
};

typedef struct
{
  RelaisLazyRows *owner;
  GObject *slot;
  GPtrArray *cells; /* GtkListItem, not owned: unbinding removes them */
  gulong handler;
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  g_signal_handler_disconnect (row->slot, row->handler);
  g_object_unref (row->slot);
  g_ptr_array_unref (row->cells);
  g_free (row);
}

static void
row_update (Row *row)
{
  RelaisLazyRows *self = row->owner;

  g_hash_table_remove (self->stale, row);
  for (guint i = 0; i < row->cells->len; i++)
    self->update (row->cells->pdata[i]);
}

/* Whether @row is on screen, or close: estimated from the scroll position
 * and the mean row height, which GTK's adjustment gives (upper / rows).
 * Unknown geometry counts as visible. */
static gboolean
row_is_visible (Row *row)
{
  RelaisLazyRows *self = row->owner;
  GtkSelectionModel *model = gtk_column_view_get_model (self->view);
  guint position = gtk_list_item_get_position (row->cells->pdata[0]);
  guint n_items = model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
  double upper, page, value, pitch;

  if (self->vadjustment == NULL || position == GTK_INVALID_LIST_POSITION || n_items == 0)
    return TRUE;
  upper = gtk_adjustment_get_upper (self->vadjustment);
  page = gtk_adjustment_get_page_size (self->vadjustment);
  value = gtk_adjustment_get_value (self->vadjustment);
  if (upper <= 0 || page <= 0)
    return TRUE;
  pitch = upper / n_items;
  return position + MARGIN_ROWS >= value / pitch &&
         position <= (value + page) / pitch + MARGIN_ROWS;
}

static gboolean
idle_cb (gpointer user_data)
{
  RelaisLazyRows *self = user_data;
  GHashTableIter iter;
  gpointer row;
  g_autoptr (GPtrArray) batch = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, self->stale);
  while (batch->len < ROWS_PER_IDLE && g_hash_table_iter_next (&iter, &row, NULL))
    g_ptr_array_add (batch, row);
  for (guint i = 0; i < batch->len; i++)
    row_update (batch->pdata[i]);
  if (g_hash_table_size (self->stale) > 0)
    return G_SOURCE_CONTINUE;
  self->idle_id = 0;
  return G_SOURCE_REMOVE;
}

static void
slot_item_notify_cb (GObject *slot, GParamSpec *pspec, Row *row)
{
  RelaisLazyRows *self = row->owner;

  if (row_is_visible (row))
    {
      row_update (row);
      return;
    }
  g_hash_table_add (self->stale, row);
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, idle_cb, self, NULL);
}

/* Before the next frame's layout, the stale rows now on screen. */
static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  RelaisLazyRows *self = user_data;
  g_autoptr (GPtrArray) shown = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer row;

  self->tick_id = 0;
  g_hash_table_iter_init (&iter, self->stale);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    if (row_is_visible (row))
      g_ptr_array_add (shown, row);
  for (guint i = 0; i < shown->len; i++)
    row_update (shown->pdata[i]);
  return G_SOURCE_REMOVE;
}

/* A scroll or a new window height. The adjustment also changes while the
 * list is being allocated, when cells must not change: their update waits
 * for the next frame's update phase, which comes before its layout. */
static void
adjustment_changed_cb (GtkAdjustment *adjustment, RelaisLazyRows *self)
{
  if (self->tick_id != 0 || g_hash_table_size (self->stale) == 0)
    return;
  self->tick_id =
      gtk_widget_add_tick_callback (GTK_WIDGET (self->view), tick_cb, relais_lazy_rows_ref (self),
                                    (GDestroyNotify) relais_lazy_rows_unref);
}

static void
follow_adjustment (RelaisLazyRows *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));

  if (adjustment == self->vadjustment)
    return;
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment != NULL)
    {
      g_signal_connect (adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self);
      g_signal_connect (adjustment, "changed", G_CALLBACK (adjustment_changed_cb), self);
    }
}

RelaisLazyRows *
relais_lazy_rows_new (GtkColumnView *view, RelaisLazyRowsUpdateFunc update)
{
  RelaisLazyRows *self;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  g_return_val_if_fail (update != NULL, NULL);

  self = g_rc_box_new0 (RelaisLazyRows);
  self->view = view;
  self->update = update;
  self->rows = g_hash_table_new_full (NULL, NULL, NULL, row_free);
  self->stale = g_hash_table_new (NULL, NULL);
  return self;
}

static void
lazy_rows_clear (gpointer data)
{
  RelaisLazyRows *self = data;

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);
  g_hash_table_destroy (self->stale);
  g_hash_table_destroy (self->rows);
}

/* The view and each cell factory of its columns hold a reference: cells
 * are unbound while the column view is disposed, after the view. */
RelaisLazyRows *
relais_lazy_rows_ref (RelaisLazyRows *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_rc_box_acquire (self);
}

void
relais_lazy_rows_unref (RelaisLazyRows *self)
{
  g_return_if_fail (self != NULL);

  g_rc_box_release_full (self, lazy_rows_clear);
}

/* @cell now shows the item of its slot (the caller updates it): it
 * follows the slot from now on. */
void
relais_lazy_rows_bind (RelaisLazyRows *self, GtkListItem *cell)
{
  GObject *slot = gtk_list_item_get_item (cell);
  Row *row;

  g_return_if_fail (self != NULL);
  g_return_if_fail (GTK_IS_LIST_ITEM (cell));

  if (slot == NULL)
    return;
  follow_adjustment (self);
  row = g_hash_table_lookup (self->rows, slot);
  if (row == NULL)
    {
      row = g_new0 (Row, 1);
      row->owner = self;
      row->slot = g_object_ref (slot);
      row->cells = g_ptr_array_new ();
      row->handler = g_signal_connect (slot, "notify::item", G_CALLBACK (slot_item_notify_cb), row);
      g_hash_table_insert (self->rows, slot, row);
    }
  g_ptr_array_add (row->cells, cell);
}

void
relais_lazy_rows_unbind (RelaisLazyRows *self, GtkListItem *cell)
{
  GObject *slot = gtk_list_item_get_item (cell);
  Row *row;

  g_return_if_fail (self != NULL);

  if (slot == NULL || (row = g_hash_table_lookup (self->rows, slot)) == NULL)
    return;
  g_ptr_array_remove_fast (row->cells, cell);
  if (row->cells->len > 0)
    return;
  g_hash_table_remove (self->stale, row);
  g_hash_table_remove (self->rows, slot);
}

/* Rows whose cells still show an older item: 0 once the idle is done. */
guint
relais_lazy_rows_get_n_stale (RelaisLazyRows *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->stale);
}

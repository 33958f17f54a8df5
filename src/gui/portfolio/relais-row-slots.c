/* relais-row-slots.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A list of stable row slots over a list of items: slot i shows item i of
 * the source. When the source changes, the slots already handed out stay
 * in place and change their item (RelaisRowSlot:item notifies), and the
 * list itself only grows or shrinks at its end.
 *
 * Why: GTK 4.8's list views keep 200 rows realized whatever their height
 * and only reuse a row's widgets for the same item. Under a filter, each
 * keystroke of a search replaced most of those items, and GTK destroyed
 * and built again up to 200 rows of 8 cells: 40 to 100 ms a keystroke for
 * a filter that took 0.1 ms. Over slots the rows stay and their cells
 * update their text.
 */

#define G_LOG_DOMAIN "relais-row-slots"

#include "config.h"

#include "relais-row-slots.h"

struct _RelaisRowSlot
{
  GObject parent_instance;

  /* Owned References */
  GObject *item;
};

G_DEFINE_FINAL_TYPE (RelaisRowSlot, relais_row_slot, G_TYPE_OBJECT)

enum
{
  SLOT_PROP_0,
  SLOT_PROP_ITEM,
  SLOT_N_PROPS
};

static GParamSpec *slot_properties[SLOT_N_PROPS];

struct _RelaisRowSlots
{
  GObject parent_instance;

  /* Owned References */
  GListModel *source;
  GPtrArray *slots; /* one per source item, NULL until asked for */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RelaisRowSlots,
                               relais_row_slots,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

/* RelaisRowSlot */

static void
relais_row_slot_finalize (GObject *object)
{
  RelaisRowSlot *self = RELAIS_ROW_SLOT (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (relais_row_slot_parent_class)->finalize (object);
}

static void
relais_row_slot_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisRowSlot *self = RELAIS_ROW_SLOT (object);

  switch (prop_id)
    {
    case SLOT_PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_row_slot_class_init (RelaisRowSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = relais_row_slot_finalize;
  object_class->get_property = relais_row_slot_get_property;

  slot_properties[SLOT_PROP_ITEM] =
      g_param_spec_object ("item", NULL, NULL, G_TYPE_OBJECT,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, SLOT_N_PROPS, slot_properties);
}

static void
relais_row_slot_init (RelaisRowSlot *self)
{
}

/* @item: (transfer full) */
static void
slot_take_item (RelaisRowSlot *self, GObject *item)
{
  /* The old item lives until the cells following the slot let it go. */
  g_autoptr (GObject) old = NULL;

  if (item == self->item)
    {
      g_clear_object (&item);
      return;
    }
  old = g_steal_pointer (&self->item);
  self->item = item;
  g_object_notify_by_pspec (G_OBJECT (self), slot_properties[SLOT_PROP_ITEM]);
}

/* Returns: (transfer none) (type GObject): the item the slot shows. */
gpointer
relais_row_slot_get_item (RelaisRowSlot *self)
{
  g_return_val_if_fail (RELAIS_IS_ROW_SLOT (self), NULL);

  return self->item;
}

/* RelaisRowSlots */

static void
slot_free (gpointer slot)
{
  if (slot != NULL)
    g_object_unref (slot);
}

static void
source_items_changed_cb (
    RelaisRowSlots *self, guint position, guint removed, guint added, GListModel *source)
{
  guint old_n = self->slots->len;
  guint new_n = old_n - removed + added;
  /* Past the change, the items only moved when the length changed. */
  guint end = removed == added ? position + added : new_n;

  if (new_n < old_n)
    g_ptr_array_remove_range (self->slots, new_n, old_n - new_n);
  else if (new_n > old_n)
    g_ptr_array_set_size (self->slots, new_n);

  for (guint i = position; i < end && i < self->slots->len; i++)
    {
      RelaisRowSlot *slot = g_ptr_array_index (self->slots, i);

      if (slot != NULL)
        slot_take_item (slot, g_list_model_get_item (source, i));
    }

  if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
  else if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
}

static GType
relais_row_slots_get_item_type (GListModel *model)
{
  return RELAIS_TYPE_ROW_SLOT;
}

static guint
relais_row_slots_get_n_items (GListModel *model)
{
  return RELAIS_ROW_SLOTS (model)->slots->len;
}

static gpointer
relais_row_slots_get_item (GListModel *model, guint position)
{
  RelaisRowSlots *self = RELAIS_ROW_SLOTS (model);
  RelaisRowSlot *slot;

  if (position >= self->slots->len)
    return NULL;
  slot = g_ptr_array_index (self->slots, position);
  if (slot == NULL)
    {
      slot = g_object_new (RELAIS_TYPE_ROW_SLOT, NULL);
      slot->item = g_list_model_get_item (self->source, position);
      g_ptr_array_index (self->slots, position) = slot;
    }
  return g_object_ref (slot);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = relais_row_slots_get_item_type;
  iface->get_n_items = relais_row_slots_get_n_items;
  iface->get_item = relais_row_slots_get_item;
}

static void
relais_row_slots_dispose (GObject *object)
{
  RelaisRowSlots *self = RELAIS_ROW_SLOTS (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (relais_row_slots_parent_class)->dispose (object);
}

static void
relais_row_slots_finalize (GObject *object)
{
  RelaisRowSlots *self = RELAIS_ROW_SLOTS (object);

  g_clear_pointer (&self->slots, g_ptr_array_unref);

  G_OBJECT_CLASS (relais_row_slots_parent_class)->finalize (object);
}

static void
relais_row_slots_class_init (RelaisRowSlotsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relais_row_slots_dispose;
  object_class->finalize = relais_row_slots_finalize;
}

static void
relais_row_slots_init (RelaisRowSlots *self)
{
  self->slots = g_ptr_array_new_with_free_func (slot_free);
}

/* The slots follow @source (referenced) from now on. */
RelaisRowSlots *
relais_row_slots_new (GListModel *source)
{
  RelaisRowSlots *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);

  self = g_object_new (RELAIS_TYPE_ROW_SLOTS, NULL);
  self->source = g_object_ref (source);
  g_ptr_array_set_size (self->slots, g_list_model_get_n_items (source));
  g_signal_connect_object (source, "items-changed", G_CALLBACK (source_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/* relais-conflict-list.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The conflicted documents of the local store as a GListModel of
 * RelaisConflictItem, in id order. A reload runs on the main thread:
 * relais_store_list_conflicts() skips in SQL every document whose tree
 * cannot branch, and conflicts are rare (most merge automatically), so
 * only a handful of bodies are read.
 */

#define G_LOG_DOMAIN "relais-conflict-list"

#include "config.h"

#include "relais-conflict-format.h"
#include "relais-conflict-list.h"
#include "relais-store-conflicts.h"

struct _RelaisConflictList
{
  GObject parent_instance;

  /* Owned References */
  RelaisStore *store;
  GPtrArray *items;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RelaisConflictList,
                               relais_conflict_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel */

static GType
relais_conflict_list_get_item_type (GListModel *model)
{
  return RELAIS_TYPE_CONFLICT_ITEM;
}

static guint
relais_conflict_list_get_n_items (GListModel *model)
{
  return RELAIS_CONFLICT_LIST (model)->items->len;
}

static gpointer
relais_conflict_list_get_item (GListModel *model, guint position)
{
  RelaisConflictList *self = RELAIS_CONFLICT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = relais_conflict_list_get_item_type;
  iface->get_n_items = relais_conflict_list_get_n_items;
  iface->get_item = relais_conflict_list_get_item;
}

/* Parent overrides */

static void
relais_conflict_list_finalize (GObject *object)
{
  RelaisConflictList *self = RELAIS_CONFLICT_LIST (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (relais_conflict_list_parent_class)->finalize (object);
}

static void
relais_conflict_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisConflictList *self = RELAIS_CONFLICT_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_conflict_list_class_init (RelaisConflictListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = relais_conflict_list_finalize;
  object_class->get_property = relais_conflict_list_get_property;

  properties[PROP_N_ITEMS] =
      g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relais_conflict_list_init (RelaisConflictList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

RelaisConflictList *
relais_conflict_list_new (RelaisStore *store)
{
  RelaisConflictList *self;

  g_return_val_if_fail (RELAIS_IS_STORE (store), NULL);

  self = g_object_new (RELAIS_TYPE_CONFLICT_LIST, NULL);
  self->store = g_object_ref (store);
  return self;
}

/* Reads the conflicts of the store again and replaces the items with one
 * items-changed. */
gboolean
relais_conflict_list_reload (RelaisConflictList *self, GError **error)
{
  g_autoptr (GPtrArray) infos = NULL;
  g_autoptr (GPtrArray) items = NULL;
  guint old_len;

  g_return_val_if_fail (RELAIS_IS_CONFLICT_LIST (self), FALSE);

  if ((infos = relais_store_list_conflicts (self->store, error)) == NULL)
    return FALSE;
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < infos->len; i++)
    {
      RelaisConflictInfo *info = g_ptr_array_index (infos, i);
      g_autoptr (JsonObject) doc = relais_store_get (self->store, info->id, NULL, 0, NULL);
      g_autofree char *title = relais_conflict_doc_title (info->id, doc);

      g_ptr_array_add (items,
                       relais_conflict_item_new (info->id, title, relais_conflict_doc_kind (doc),
                                                 1 + g_strv_length (info->others)));
    }

  old_len = self->items->len;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&items);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
  if (old_len != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}

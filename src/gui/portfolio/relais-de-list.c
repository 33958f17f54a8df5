/* relais-de-list.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Every job seeker of the local store as a GListModel of RelaisDeItem.
 *
 * Reading 20 000 documents and parsing their JSON takes about half a
 * second, too long for the UI thread, so a load runs in a GTask thread on
 * a store connection of its own (a RelaisStore is one SQLite connection,
 * used by one thread at a time) and swaps the items in at the end with a
 * single precise items-changed.
 */

#define G_LOG_DOMAIN "relais-de-list"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-de-list.h"

struct _RelaisDeList
{
  GObject parent_instance;

  /* Owned References */
  RelaisContext *context;
  GPtrArray *items;

  guint n_loads;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RelaisDeList,
                               relais_de_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char *store_path;
  GDate today;
  gint64 begin;
  GCancellable *cancellable; /* borrowed from the task, in the thread */
  GPtrArray *items;
} LoadData;

/* Auxiliary methods */

static void
load_data_free (LoadData *data)
{
  g_free (data->store_path);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_free (data);
}

static gboolean
collect_de_cb (const RelaisChange *change, gpointer user_data)
{
  LoadData *data = user_data;
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *doc;

  if (g_cancellable_is_cancelled (data->cancellable))
    return FALSE;

  /* Ids carry their type as a prefix (DOCUMENTS.md), which spares parsing
   * the interviews, offers and other documents around the job seekers. */
  if (change->deleted || change->doc_json == NULL || !g_str_has_prefix (change->id, "de:"))
    return TRUE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, change->doc_json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;

  doc = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (doc, "type", NULL), "de") != 0)
    return TRUE;

  g_ptr_array_add (data->items, relais_de_item_new_from_json (doc, &data->today));
  return TRUE;
}

static void
load_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (GError) error = NULL;

  data->cancellable = cancellable;
  if ((store = relais_store_open (data->store_path, &error)) == NULL ||
      !relais_store_changes (store, 0, 0, RELAIS_CHANGES_INCLUDE_DOCS, collect_de_cb, data, NULL,
                             &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
load_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelaisDeList *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  guint old_len = self->items->len;

  g_assert (RELAIS_IS_DE_LIST (self));

  self->n_loads--;
  if (self->n_loads == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_clear_pointer (&self->items, g_ptr_array_unref);
  self->items = g_steal_pointer (&data->items);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
  g_debug ("Loaded %u job seekers in %.1f ms", self->items->len,
           (g_get_monotonic_time () - data->begin) / 1000.0);
  if (old_len != self->items->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  g_task_return_boolean (task, TRUE);
}

/* GListModel */

static GType
relais_de_list_get_item_type (GListModel *model)
{
  return RELAIS_TYPE_DE_ITEM;
}

static guint
relais_de_list_get_n_items (GListModel *model)
{
  return RELAIS_DE_LIST (model)->items->len;
}

static gpointer
relais_de_list_get_item (GListModel *model, guint position)
{
  RelaisDeList *self = RELAIS_DE_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = relais_de_list_get_item_type;
  iface->get_n_items = relais_de_list_get_n_items;
  iface->get_item = relais_de_list_get_item;
}

/* Parent overrides */

static void
relais_de_list_dispose (GObject *object)
{
  RelaisDeList *self = RELAIS_DE_LIST (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_de_list_parent_class)->dispose (object);
}

static void
relais_de_list_finalize (GObject *object)
{
  RelaisDeList *self = RELAIS_DE_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (relais_de_list_parent_class)->finalize (object);
}

static void
relais_de_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisDeList *self = RELAIS_DE_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->n_loads > 0);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_de_list_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelaisDeList *self = RELAIS_DE_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_LOADING:
    case PROP_N_ITEMS:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_de_list_class_init (RelaisDeListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relais_de_list_dispose;
  object_class->finalize = relais_de_list_finalize;
  object_class->get_property = relais_de_list_get_property;
  object_class->set_property = relais_de_list_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
      g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
      g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relais_de_list_init (RelaisDeList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

RelaisDeList *
relais_de_list_new (RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  return g_object_new (RELAIS_TYPE_DE_LIST, "context", context, NULL);
}

RelaisContext *
relais_de_list_get_context (RelaisDeList *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_LIST (self), NULL);

  return self->context;
}

gboolean
relais_de_list_get_loading (RelaisDeList *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_LIST (self), FALSE);

  return self->n_loads > 0;
}

/* Reads every job seeker of the context's store again and replaces the
 * items when done. */
void
relais_de_list_load_async (RelaisDeList *self,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTask) worker = NULL;
  LoadData *data;

  g_return_if_fail (RELAIS_IS_DE_LIST (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relais_de_list_load_async);

  data = g_new0 (LoadData, 1);
  data->begin = g_get_monotonic_time ();
  data->store_path = g_strdup (relais_context_get_store_path (self->context));
  data->today = *relais_context_get_today (self->context);
  data->items = g_ptr_array_new_with_free_func (g_object_unref);

  /* The outer task reports to the caller; the worker task owns the data
   * and hands the items over on the main thread. The worker has no source
   * object: the thread pool may drop its last reference after the main
   * thread is done, and the list must not be finalized in that thread. */
  worker = g_task_new (NULL, cancellable, load_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, load_thread);
  g_task_set_task_data (worker, data, (GDestroyNotify) load_data_free);
  g_task_set_return_on_cancel (worker, FALSE);

  if (self->n_loads++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  g_task_run_in_thread (worker, load_thread);
}

gboolean
relais_de_list_load_finish (RelaisDeList *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (RELAIS_IS_DE_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Replaces the item of @doc's DE after a save, with one items-changed, so
 * that views over the list follow without reading the store again. */
void
relais_de_list_update (RelaisDeList *self, JsonObject *doc)
{
  const char *id;

  g_return_if_fail (RELAIS_IS_DE_LIST (self));
  g_return_if_fail (doc != NULL);

  id = json_object_get_string_member_with_default (doc, "_id", NULL);
  for (guint i = 0; id != NULL && i < self->items->len; i++)
    if (g_strcmp0 (relais_de_item_get_id (g_ptr_array_index (self->items, i)), id) == 0)
      {
        g_object_unref (g_ptr_array_index (self->items, i));
        g_ptr_array_index (self->items, i) =
            relais_de_item_new_from_json (doc, relais_context_get_today (self->context));
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
        return;
      }
}

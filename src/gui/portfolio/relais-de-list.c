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
 *
 * The same pass collects the interviews and contacts of each DE, from
 * which the core computes its alerts (relais-alerts.h), and the
 * portefeuilles, whose load the view checks against their capacity. The
 * interviews and contacts stay in the list so that an item rebuilt after
 * a save keeps its alerts right.
 */

#define G_LOG_DOMAIN "relais-de-list"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-alerts.h"
#include "relais-de-list.h"

struct _RelaisDeList
{
  GObject parent_instance;

  /* Owned References */
  RelaisContext *context;
  GPtrArray *items;
  GHashTable *related;      /* de id → Related */
  GPtrArray *portefeuilles; /* JsonObject */

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

/* The documents about one DE that its alerts depend on. */
typedef struct
{
  GPtrArray *entretiens; /* JsonObject */
  GPtrArray *contacts;   /* JsonObject */
} Related;

typedef struct
{
  char *store_path;
  GDate today;
  gint64 begin;
  GCancellable *cancellable; /* borrowed from the task, in the thread */
  GPtrArray *items;
  GPtrArray *de_docs; /* JsonObject */
  GHashTable *related;
  GPtrArray *portefeuilles;
} LoadData;

/* Auxiliary methods */

static void
related_free (Related *related)
{
  g_ptr_array_unref (related->entretiens);
  g_ptr_array_unref (related->contacts);
  g_free (related);
}

static GHashTable *
related_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) related_free);
}

static GPtrArray *
json_objects_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

static Related *
lookup_related (GHashTable *table, const char *de_id)
{
  Related *related = g_hash_table_lookup (table, de_id);

  if (related == NULL)
    {
      related = g_new0 (Related, 1);
      related->entretiens = json_objects_new ();
      related->contacts = json_objects_new ();
      g_hash_table_insert (table, g_strdup (de_id), related);
    }
  return related;
}

static RelaisDeItem *
make_item (JsonObject *doc, GHashTable *related_table, const GDate *today)
{
  RelaisDeItem *item = relais_de_item_new_from_json (doc, today);
  const char *id = relais_de_item_get_id (item);
  Related *related = id != NULL ? g_hash_table_lookup (related_table, id) : NULL;
  g_autoptr (GPtrArray) alerts = relais_alerts_for_de (doc, related ? related->entretiens : NULL,
                                                       related ? related->contacts : NULL, today);

  relais_de_item_set_alerts (item, alerts);
  return item;
}

static void
load_data_free (LoadData *data)
{
  g_free (data->store_path);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_clear_pointer (&data->de_docs, g_ptr_array_unref);
  g_clear_pointer (&data->related, g_hash_table_unref);
  g_clear_pointer (&data->portefeuilles, g_ptr_array_unref);
  g_free (data);
}

static gboolean
collect_de_cb (const RelaisChange *change, gpointer user_data)
{
  LoadData *data = user_data;
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *doc;
  const char *type;

  if (g_cancellable_is_cancelled (data->cancellable))
    return FALSE;

  /* Ids carry their type as a prefix (DOCUMENTS.md), which spares parsing
   * the offers and other documents the portfolio does not show. */
  if (change->deleted || change->doc_json == NULL ||
      !(g_str_has_prefix (change->id, "de:") || g_str_has_prefix (change->id, "entretien:") ||
        g_str_has_prefix (change->id, "contact:") ||
        g_str_has_prefix (change->id, "portefeuille:")))
    return TRUE;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, change->doc_json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;

  doc = json_node_get_object (root);
  type = json_object_get_string_member_with_default (doc, "type", NULL);
  if (g_strcmp0 (type, "de") == 0)
    g_ptr_array_add (data->de_docs, json_object_ref (doc));
  else if (g_strcmp0 (type, "portefeuille") == 0)
    g_ptr_array_add (data->portefeuilles, json_object_ref (doc));
  else if (g_strcmp0 (type, "entretien") == 0 || g_strcmp0 (type, "contact") == 0)
    {
      const char *de = json_object_get_string_member_with_default (doc, "de", NULL);

      if (de != NULL)
        {
          Related *related = lookup_related (data->related, de);

          g_ptr_array_add (type[0] == 'e' ? related->entretiens : related->contacts,
                           json_object_ref (doc));
        }
    }
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

  /* Interviews may come before their DE in the changes feed (a sync
   * writes in any order): alerts are computed once everything is read. */
  for (guint i = 0; i < data->de_docs->len; i++)
    g_ptr_array_add (data->items,
                     make_item (g_ptr_array_index (data->de_docs, i), data->related, &data->today));

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
  g_clear_pointer (&self->related, g_hash_table_unref);
  self->related = g_steal_pointer (&data->related);
  g_clear_pointer (&self->portefeuilles, g_ptr_array_unref);
  self->portefeuilles = g_steal_pointer (&data->portefeuilles);
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
  g_clear_pointer (&self->related, g_hash_table_unref);
  g_clear_pointer (&self->portefeuilles, g_ptr_array_unref);

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
  self->related = related_table_new ();
  self->portefeuilles = json_objects_new ();
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
  data->de_docs = json_objects_new ();
  data->related = related_table_new ();
  data->portefeuilles = json_objects_new ();

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
            make_item (doc, self->related, relais_context_get_today (self->context));
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
        return;
      }
}

/* Returns: (transfer none) (element-type JsonObject): the portefeuille
 * documents of the store, as of the last load. */
GPtrArray *
relais_de_list_get_portefeuilles (RelaisDeList *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_LIST (self), NULL);

  return self->portefeuilles;
}

/* relais-store-list.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A GListModel of one type of document of the local store that follows
 * the store through the changes feed: each refresh reads only what was
 * written since the last one (by the replicator, another window or this
 * app) and replaces, adds or removes exactly those items, with one
 * precise items-changed each, so a view keeps its scroll and selection.
 * The agenda's interviews and the offers derive from it: a subclass says
 * which ids it reads, makes the items, and keeps what they derive from
 * the other documents it reads (the DE's names, the candidatures).
 *
 * The first read, and every read the store watch asks for (a pull may
 * bring thousands of documents), runs in a worker thread on a connection
 * of the list's own: parsing an agency's 5,000 DE and their interviews
 * held the main thread for half a second to two seconds. "loading" is
 * TRUE until the first read is applied, for the views' loading state.
 * relais_store_list_refresh() reads on the main thread: the views call it
 * right after writing, when they need the items to hold their own write
 * at once (a handful of changes).
 */

#define G_LOG_DOMAIN "relais-store-list"

#include "config.h"

#include "relais-doc.h"
#include "relais-json.h"
#include "relais-store-list.h"
#include "relais-store-watch.h"

#define READ_CACHE_KIB 2048
/* A first read larger than this is applied a slice at a time, in idle
 * steps: an agency's 60,000 interviews and 20,000 DE, made into items in
 * one go, held the window for half a second after the worker was done. */
#define APPLY_SLICE 2000

/* A first read being applied: its documents absorbed (the DE) then made
 * into items, which the list takes at the end, in one items-changed. */
typedef struct
{
  GPtrArray *ids;  /* owned, from the read */
  GPtrArray *docs; /* owned, from the read */
  GPtrArray *items;
  GPtrArray *item_docs;
  GHashTable *touched; /* unused on a first read: absorb() wants one */
  guint next;
  gboolean making; /* FALSE: absorbing the other documents first */
  guint idle_id;
} SlicedApply;

typedef struct
{
  /* Owned References */
  RelaisContext *context;
  RelaisStoreWatch *watch;
  GPtrArray *items;   /* GObject of item_type */
  GPtrArray *docs;    /* JsonObject, the items' documents, parallel */
  GHashTable *by_id;  /* id → JsonObject of docs */
  RelaisStore *store; /* the worker's connection, NULL while it reads */
  GCancellable *cancellable;

  SlicedApply *sliced; /* a first read being applied, or NULL */

  guint64 last_seq;
  gboolean loading;
  gboolean reading;
  gboolean read_again;
} RelaisStoreListPrivate;

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (RelaisStoreList,
                                  relais_store_list,
                                  G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (RelaisStoreList)
                                      G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                             list_model_iface_init))

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  N_PROPS
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* What one read of the changes feed collected: ids and their documents,
 * NULL for a deleted one. Filled in the worker or on the main thread. */
typedef struct
{
  char *path;
  RelaisStore *store;
  const char *const *prefixes;
  GCancellable *cancellable;
  guint64 since;
  guint64 last_seq;
  GPtrArray *ids;
  GPtrArray *docs;
} Read;

/* Auxiliary methods */

static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    json_object_unref (object);
}

static Read *
read_new (const char *const *prefixes, guint64 since)
{
  Read *read = g_new0 (Read, 1);

  read->prefixes = prefixes;
  read->since = since;
  read->last_seq = since;
  read->ids = g_ptr_array_new_with_free_func (g_free);
  read->docs = g_ptr_array_new_with_free_func (unref_nullable);
  return read;
}

static void
read_free (Read *read)
{
  g_free (read->path);
  g_clear_object (&read->store);
  g_clear_object (&read->cancellable);
  g_ptr_array_unref (read->ids);
  g_ptr_array_unref (read->docs);
  g_free (read);
}

static gboolean
collect_cb (const RelaisChange *change, gpointer user_data)
{
  Read *read = user_data;
  gboolean wanted = FALSE;

  if (read->cancellable != NULL && g_cancellable_is_cancelled (read->cancellable))
    return FALSE;
  /* Ids carry their type (DOCUMENTS.md): the rest is not parsed. */
  for (guint i = 0; read->prefixes[i] != NULL && !wanted; i++)
    wanted = g_str_has_prefix (change->id, read->prefixes[i]);
  if (!wanted)
    return TRUE;
  g_ptr_array_add (read->ids, g_strdup (change->id));
  g_ptr_array_add (read->docs, !change->deleted && change->doc_json != NULL
                                   ? relais_json_parse_object (change->doc_json, -1, NULL)
                                   : NULL);
  return TRUE;
}

static gboolean
read_changes (Read *read, RelaisStore *store, GError **error)
{
  return relais_store_changes (store, read->since, 0, RELAIS_CHANGES_INCLUDE_DOCS, collect_cb, read,
                               &read->last_seq, error);
}

static gint
find_position (RelaisStoreListPrivate *priv, const char *id)
{
  JsonObject *doc = g_hash_table_lookup (priv->by_id, id);

  /* Most ids of a large batch are new: no scan for them. */
  if (doc == NULL)
    return -1;
  for (guint i = 0; i < priv->docs->len; i++)
    if (g_ptr_array_index (priv->docs, i) == doc)
      return (gint) i;
  return -1;
}

static void
set_item (RelaisStoreList *self, guint position, JsonObject *doc)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);
  GObject *item = RELAIS_STORE_LIST_GET_CLASS (self)->make_item (self, doc);

  g_object_unref (g_ptr_array_index (priv->items, position));
  g_ptr_array_index (priv->items, position) = item;
  if (g_ptr_array_index (priv->docs, position) != doc)
    {
      json_object_unref (g_ptr_array_index (priv->docs, position));
      g_ptr_array_index (priv->docs, position) = json_object_ref (doc);
      g_hash_table_insert (priv->by_id, g_strdup (relais_doc_get_id (doc)), doc);
    }
}

/* Applies one read; returns whether it held any document of the list. */
static gboolean
apply_read (RelaisStoreList *self, Read *read)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);
  RelaisStoreListClass *klass = RELAIS_STORE_LIST_GET_CLASS (self);
  g_autoptr (GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) remade = g_hash_table_new (g_str_hash, g_str_equal);
  /* The first read: every item is new. An items-changed for each of a
   * 20,000-DE agency's interviews kept the window from showing for
   * minutes. */
  gboolean fresh = priv->items->len == 0;

  priv->last_seq = read->last_seq;
  if (read->ids->len == 0)
    return FALSE;

  /* What the items derive from first (names, candidatures). */
  for (guint i = 0; i < read->ids->len; i++)
    {
      const char *id = g_ptr_array_index (read->ids, i);

      if (!g_str_has_prefix (id, klass->item_prefix) && klass->absorb != NULL)
        klass->absorb (self, id, g_ptr_array_index (read->docs, i), touched);
    }

  for (guint i = 0; i < read->ids->len; i++)
    {
      const char *id = g_ptr_array_index (read->ids, i);
      JsonObject *doc = g_ptr_array_index (read->docs, i);
      gint pos;

      if (!g_str_has_prefix (id, klass->item_prefix))
        continue;
      g_hash_table_add (remade, (gpointer) id);
      pos = fresh ? -1 : find_position (priv, id);
      if (doc == NULL && pos >= 0)
        {
          g_hash_table_remove (priv->by_id, id);
          g_ptr_array_remove_index (priv->items, (guint) pos);
          g_ptr_array_remove_index (priv->docs, (guint) pos);
          g_list_model_items_changed (G_LIST_MODEL (self), (guint) pos, 1, 0);
        }
      else if (doc != NULL && pos >= 0)
        {
          set_item (self, (guint) pos, doc);
          g_list_model_items_changed (G_LIST_MODEL (self), (guint) pos, 1, 1);
        }
      else if (doc != NULL)
        {
          g_ptr_array_add (priv->items, klass->make_item (self, doc));
          g_ptr_array_add (priv->docs, json_object_ref (doc));
          g_hash_table_insert (priv->by_id, g_strdup (id), doc);
          if (!fresh)
            g_list_model_items_changed (G_LIST_MODEL (self), priv->items->len - 1, 0, 1);
        }
    }
  if (fresh && priv->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, priv->items->len);

  /* Items whose derived data moved without their own document (not on
   * the first read: its items were made after all it absorbed). */
  for (guint i = 0; !fresh && g_hash_table_size (touched) > 0 && i < priv->items->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (priv->docs, i);

      if (!g_hash_table_contains (remade, relais_doc_get_id (doc)) &&
          klass->is_touched (self, doc, touched))
        {
          set_item (self, i, doc);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
        }
    }
  return TRUE;
}

static void
set_loading (RelaisStoreList *self, gboolean loading)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  if (priv->loading == loading)
    return;
  priv->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
read_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Read *read = task_data;
  g_autoptr (GError) error = NULL;

  /* The connection stays with the list for its later reads: a small
   * cache, the pages come from the memory map the main one shares. */
  if (read->store == NULL && ((read->store = relais_store_open (read->path, &error)) == NULL ||
                              !relais_store_set_cache_size (read->store, READ_CACHE_KIB, &error)))
    {
      g_clear_object (&read->store);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!read_changes (read, read->store, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_boolean (task, TRUE);
}

static void
sliced_apply_free (SlicedApply *sliced)
{
  g_clear_handle_id (&sliced->idle_id, g_source_remove);
  g_ptr_array_unref (sliced->ids);
  g_ptr_array_unref (sliced->docs);
  g_ptr_array_unref (sliced->items);
  g_ptr_array_unref (sliced->item_docs);
  g_hash_table_unref (sliced->touched);
  g_free (sliced);
}

/* The end of a read in its worker, applied or not. */
static void
read_finished (RelaisStoreList *self)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  priv->reading = FALSE;
  set_loading (self, FALSE);
  if (priv->read_again)
    {
      priv->read_again = FALSE;
      relais_store_list_refresh_async (self);
    }
}

/* Applies up to @max documents of the first read; at the end, the list
 * takes the items. Returns whether it is done. */
static gboolean
sliced_apply_step (RelaisStoreList *self, guint max)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);
  RelaisStoreListClass *klass = RELAIS_STORE_LIST_GET_CLASS (self);
  SlicedApply *sliced = priv->sliced;
  guint n_items;

  for (guint n = 0; n < max && sliced->next < sliced->ids->len; n++, sliced->next++)
    {
      const char *id = g_ptr_array_index (sliced->ids, sliced->next);
      JsonObject *doc = g_ptr_array_index (sliced->docs, sliced->next);
      gboolean is_item = g_str_has_prefix (id, klass->item_prefix);

      if (!sliced->making && !is_item && klass->absorb != NULL)
        klass->absorb (self, id, doc, sliced->touched);
      else if (sliced->making && is_item && doc != NULL)
        {
          g_ptr_array_add (sliced->items, klass->make_item (self, doc));
          g_ptr_array_add (sliced->item_docs, json_object_ref (doc));
        }
    }
  if (sliced->next < sliced->ids->len)
    return FALSE;
  if (!sliced->making)
    {
      /* What the items derive from is all in: now the items. */
      sliced->making = TRUE;
      sliced->next = 0;
      return FALSE;
    }

  g_ptr_array_extend_and_steal (priv->items, g_steal_pointer (&sliced->items));
  g_ptr_array_extend_and_steal (priv->docs, g_steal_pointer (&sliced->item_docs));
  sliced->items = g_ptr_array_new ();
  sliced->item_docs = g_ptr_array_new ();
  for (guint i = 0; i < priv->docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (priv->docs, i);

      g_hash_table_insert (priv->by_id, g_strdup (relais_doc_get_id (doc)), doc);
    }
  n_items = priv->items->len;
  g_clear_pointer (&priv->sliced, sliced_apply_free);
  if (n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, n_items);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  read_finished (self);
  return TRUE;
}

static gboolean
sliced_apply_cb (gpointer user_data)
{
  RelaisStoreList *self = user_data;
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  priv->sliced->idle_id = 0;
  if (sliced_apply_step (self, APPLY_SLICE))
    return G_SOURCE_REMOVE;
  priv->sliced->idle_id = g_source_get_id (g_main_current_source ());
  return G_SOURCE_CONTINUE;
}

/* Takes the read's documents over; "loading" and "reading" stay TRUE
 * until the last slice is applied. */
static void
start_sliced_apply (RelaisStoreList *self, Read *read)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);
  SlicedApply *sliced = g_new0 (SlicedApply, 1);

  priv->last_seq = read->last_seq;
  sliced->ids = g_steal_pointer (&read->ids);
  sliced->docs = g_steal_pointer (&read->docs);
  read->ids = g_ptr_array_new_with_free_func (g_free);
  read->docs = g_ptr_array_new_with_free_func (unref_nullable);
  sliced->items = g_ptr_array_new_with_free_func (g_object_unref);
  sliced->item_docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sliced->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->sliced = sliced;
  /* Below drawing and input: the window answers between the slices. */
  sliced->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, sliced_apply_cb, self, NULL);
}

/* A read on the main thread needs the first one applied whole. */
static void
finish_sliced_apply (RelaisStoreList *self)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  if (priv->sliced != NULL)
    {
      g_clear_handle_id (&priv->sliced->idle_id, g_source_remove);
      while (!sliced_apply_step (self, G_MAXUINT))
        ;
    }
}

static void
apply_done (RelaisStoreList *self, Read *read, const GError *error)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  if (priv->store == NULL)
    priv->store = g_steal_pointer (&read->store);
  /* A refresh on the main thread read past this one's start while it
   * ran: it holds all this read has, and newer. */
  if (error == NULL && read->since == priv->last_seq)
    {
      if (priv->items->len == 0 && read->ids->len > APPLY_SLICE)
        {
          start_sliced_apply (self, read);
          return;
        }
      if (apply_read (self, read))
        g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
  read_finished (self);
}

static void
read_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr (RelaisStoreList) self = g_weak_ref_get (weak);
  Read *read = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  g_weak_ref_clear (weak);
  g_free (weak);
  if (!g_task_propagate_boolean (G_TASK (result), &error) && self != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("Cannot read the store: %s", error->message);
  if (self != NULL && !g_cancellable_is_cancelled (read->cancellable))
    apply_done (self, read, error);
  /* The documents' references are dropped here, on the main thread that
   * shares them now: json-glib counts them without atomics, and the task
   * (with this data) may be finalized in its worker, after this. */
  g_ptr_array_set_size (read->ids, 0);
  g_ptr_array_set_size (read->docs, 0);
}

/* Signal callbacks */

static void
on_watch_changed_cb (RelaisStoreList *self, RelaisStoreWatch *watch)
{
  g_assert (RELAIS_IS_STORE_LIST (self));

  relais_store_list_refresh_async (self);
}

/* GListModel */

static GType
relais_store_list_get_item_type (GListModel *model)
{
  return RELAIS_STORE_LIST_GET_CLASS (model)->item_type;
}

static guint
relais_store_list_get_n_items (GListModel *model)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (RELAIS_STORE_LIST (model));

  return priv->items->len;
}

static gpointer
relais_store_list_get_item (GListModel *model, guint position)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (RELAIS_STORE_LIST (model));

  if (position >= priv->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (priv->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = relais_store_list_get_item_type;
  iface->get_n_items = relais_store_list_get_n_items;
  iface->get_item = relais_store_list_get_item;
}

/* Parent overrides */

static void
relais_store_list_constructed (GObject *object)
{
  RelaisStoreList *self = RELAIS_STORE_LIST (object);
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  G_OBJECT_CLASS (relais_store_list_parent_class)->constructed (object);

  g_assert (RELAIS_STORE_LIST_GET_CLASS (self)->make_item != NULL);
  g_assert (RELAIS_STORE_LIST_GET_CLASS (self)->prefixes != NULL);

  priv->watch = relais_store_watch_new (priv->context);
  g_signal_connect_object (priv->watch, "changed", G_CALLBACK (on_watch_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* No store yet (before the first connection): the watch reads it
   * when the replicator creates it. */
  if (relais_context_get_store (priv->context) != NULL)
    {
      priv->loading = TRUE;
      relais_store_list_refresh_async (self);
    }
}

static void
relais_store_list_dispose (GObject *object)
{
  RelaisStoreList *self = RELAIS_STORE_LIST (object);
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  g_cancellable_cancel (priv->cancellable);
  g_clear_pointer (&priv->sliced, sliced_apply_free);
  g_clear_object (&priv->watch);
  g_clear_object (&priv->context);
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (relais_store_list_parent_class)->dispose (object);
}

static void
relais_store_list_finalize (GObject *object)
{
  RelaisStoreList *self = RELAIS_STORE_LIST (object);
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->items, g_ptr_array_unref);
  g_clear_pointer (&priv->docs, g_ptr_array_unref);
  g_clear_pointer (&priv->by_id, g_hash_table_unref);

  G_OBJECT_CLASS (relais_store_list_parent_class)->finalize (object);
}

static void
relais_store_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisStoreList *self = RELAIS_STORE_LIST (object);
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, priv->context);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, priv->loading);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_store_list_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  RelaisStoreList *self = RELAIS_STORE_LIST (object);
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      priv->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_store_list_class_init (RelaisStoreListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = relais_store_list_constructed;
  object_class->dispose = relais_store_list_dispose;
  object_class->finalize = relais_store_list_finalize;
  object_class->get_property = relais_store_list_get_property;
  object_class->set_property = relais_store_list_set_property;

  klass->item_type = G_TYPE_OBJECT;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
      g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A refresh read documents of the list: what derives from them (the
   * interviews due, an open offer's page) must be computed again. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
relais_store_list_init (RelaisStoreList *self)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  priv->items = g_ptr_array_new_with_free_func (g_object_unref);
  priv->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  priv->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  priv->cancellable = g_cancellable_new ();
}

/* Public API */

RelaisContext *
relais_store_list_get_context (RelaisStoreList *self)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  g_return_val_if_fail (RELAIS_IS_STORE_LIST (self), NULL);
  return priv->context;
}

/* Whether the first read is still running (in its worker). */
gboolean
relais_store_list_get_loading (RelaisStoreList *self)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  g_return_val_if_fail (RELAIS_IS_STORE_LIST (self), FALSE);
  return priv->loading;
}

/* Reads what the store got since the last refresh, on the main thread,
 * and updates the items before returning. */
void
relais_store_list_refresh (RelaisStoreList *self)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);
  RelaisStore *store;
  g_autoptr (GError) error = NULL;
  Read *read;

  g_return_if_fail (RELAIS_IS_STORE_LIST (self));

  if ((store = relais_context_get_store (priv->context)) == NULL)
    return;
  finish_sliced_apply (self);
  read = read_new (RELAIS_STORE_LIST_GET_CLASS (self)->prefixes, priv->last_seq);
  if (!read_changes (read, store, &error))
    g_warning ("Cannot read the store: %s", error->message);
  else if (apply_read (self, read))
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  read_free (read);
  /* A first read still in its worker is now superseded. */
  set_loading (self, FALSE);
}

/* Reads what the store got since the last refresh in a worker thread and
 * updates the items when it is done. */
void
relais_store_list_refresh_async (RelaisStoreList *self)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);
  g_autoptr (GTask) task = NULL;
  GWeakRef *weak;
  Read *read;

  g_return_if_fail (RELAIS_IS_STORE_LIST (self));

  if (relais_context_get_store (priv->context) == NULL)
    return;
  if (priv->reading)
    {
      priv->read_again = TRUE;
      return;
    }
  priv->reading = TRUE;
  read = read_new (RELAIS_STORE_LIST_GET_CLASS (self)->prefixes, priv->last_seq);
  read->path = g_strdup (relais_context_get_store_path (priv->context));
  read->store = g_steal_pointer (&priv->store);
  read->cancellable = g_object_ref (priv->cancellable);
  /* The task does not hold the list: a view closed during the read
   * finalizes it (and its context) at once. */
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, priv->cancellable, read_done_cb, weak);
  g_task_set_source_tag (task, relais_store_list_refresh_async);
  g_task_set_task_data (task, read, (GDestroyNotify) read_free);
  g_task_run_in_thread (task, read_thread);
}

/* Returns: (transfer none): the item at @position. */
gpointer
relais_store_list_peek_item (RelaisStoreList *self, guint position)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  g_return_val_if_fail (RELAIS_IS_STORE_LIST (self), NULL);
  g_return_val_if_fail (position < priv->items->len, NULL);
  return g_ptr_array_index (priv->items, position);
}

/* Returns: (transfer none): the document of the item at @position. */
JsonObject *
relais_store_list_peek_doc (RelaisStoreList *self, guint position)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  g_return_val_if_fail (RELAIS_IS_STORE_LIST (self), NULL);
  g_return_val_if_fail (position < priv->docs->len, NULL);
  return g_ptr_array_index (priv->docs, position);
}

/* Returns: (transfer none) (nullable): the document of the item @id. */
JsonObject *
relais_store_list_lookup (RelaisStoreList *self, const char *id)
{
  RelaisStoreListPrivate *priv = relais_store_list_get_instance_private (self);

  g_return_val_if_fail (RELAIS_IS_STORE_LIST (self), NULL);
  return id != NULL ? g_hash_table_lookup (priv->by_id, id) : NULL;
}

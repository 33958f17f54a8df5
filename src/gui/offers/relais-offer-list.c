/* relais-offer-list.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The employers' offers of the local store as a GListModel of
 * RelaisOfferItem, with their candidatures and the names of the DE and
 * counsellors these name. Like the agenda's list it follows the store
 * through the changes feed: each refresh reads what was written since the
 * last one and
 * replaces, adds or removes exactly those offers (a candidature that
 * changed rebuilds its offer's item, whose count of candidates moved).
 * An agency has a few hundred open offers (N/10 of its DE in the demo):
 * the first read runs on the main thread.
 */

#define G_LOG_DOMAIN "relais-offer-list"

#include "config.h"

#include "relais-doc.h"
#include "relais-json.h"
#include "relais-offer-list.h"
#include "relais-store-watch.h"

struct _RelaisOfferList
{
  GObject parent_instance;

  /* Owned References */
  RelaisContext *context;
  RelaisStoreWatch *watch;
  GPtrArray *items;         /* RelaisOfferItem */
  GHashTable *candidatures; /* candidature id → JsonObject */
  GHashTable *by_offre;     /* offre id → GPtrArray of JsonObject, rebuilt on demand */
  GHashTable *de_names;     /* de id → utf8 */

  guint64 last_seq;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RelaisOfferList,
                               relais_offer_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  GPtrArray *ids;  /* utf8 */
  GPtrArray *docs; /* JsonObject or NULL when deleted, parallel */
} Batch;

/* Auxiliary methods */

/* Deleted documents stand as NULL in a batch. */
static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    json_object_unref (object);
}

static gboolean
collect_cb (const RelaisChange *change, gpointer user_data)
{
  Batch *batch = user_data;

  /* Ids carry their type (DOCUMENTS.md): the rest is not parsed. */
  if (!g_str_has_prefix (change->id, "offre:") && !g_str_has_prefix (change->id, "candidature:") &&
      !g_str_has_prefix (change->id, "de:") && !g_str_has_prefix (change->id, "conseiller:"))
    return TRUE;
  g_ptr_array_add (batch->ids, g_strdup (change->id));
  g_ptr_array_add (batch->docs, !change->deleted && change->doc_json != NULL
                                    ? relais_json_parse_object (change->doc_json, -1, NULL)
                                    : NULL);
  return TRUE;
}

static gint
find_position (RelaisOfferList *self, const char *id)
{
  for (guint i = 0; i < self->items->len; i++)
    if (g_strcmp0 (relais_offer_item_get_id (g_ptr_array_index (self->items, i)), id) == 0)
      return (gint) i;
  return -1;
}

static GHashTable *
by_offre (RelaisOfferList *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->by_offre != NULL)
    return self->by_offre;
  self->by_offre =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  g_hash_table_iter_init (&iter, self->candidatures);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *offre = json_object_get_string_member_with_default (value, "offre", NULL);
      GPtrArray *list;

      if (offre == NULL)
        continue;
      if ((list = g_hash_table_lookup (self->by_offre, offre)) == NULL)
        g_hash_table_insert (self->by_offre, g_strdup (offre), list = g_ptr_array_new ());
      g_ptr_array_add (list, value);
    }
  return self->by_offre;
}

static RelaisOfferItem *
make_item (RelaisOfferList *self, JsonObject *doc)
{
  GPtrArray *candidatures = g_hash_table_lookup (by_offre (self), relais_doc_get_id (doc));

  return relais_offer_item_new (doc, candidatures != NULL ? candidatures->len : 0);
}

static void
apply_batch (RelaisOfferList *self, Batch *batch)
{
  g_autoptr (GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Candidatures and DE first: the offers' items count the former. */
  for (guint i = 0; i < batch->ids->len; i++)
    {
      const char *id = g_ptr_array_index (batch->ids, i);
      JsonObject *doc = g_ptr_array_index (batch->docs, i);
      JsonObject *old;

      /* DE and counsellors: the names of candidates and correspondants. */
      if (g_str_has_prefix (id, "de:") || g_str_has_prefix (id, "conseiller:"))
        {
          const char *prenom =
              doc != NULL ? json_object_get_string_member_with_default (doc, "prenom", "") : NULL;
          const char *nom =
              doc != NULL ? json_object_get_string_member_with_default (doc, "nom", "") : NULL;

          if (doc == NULL)
            g_hash_table_remove (self->de_names, id);
          else
            g_hash_table_insert (self->de_names, g_strdup (id), g_strjoin (" ", prenom, nom, NULL));
          continue;
        }
      if (!g_str_has_prefix (id, "candidature:"))
        continue;
      if ((old = g_hash_table_lookup (self->candidatures, id)) != NULL)
        g_hash_table_add (touched,
                          g_strdup (json_object_get_string_member_with_default (old, "offre", "")));
      if (doc != NULL)
        {
          g_hash_table_add (
              touched, g_strdup (json_object_get_string_member_with_default (doc, "offre", "")));
          g_hash_table_insert (self->candidatures, g_strdup (id), json_object_ref (doc));
        }
      else
        g_hash_table_remove (self->candidatures, id);
      g_clear_pointer (&self->by_offre, g_hash_table_unref);
    }

  for (guint i = 0; i < batch->ids->len; i++)
    {
      const char *id = g_ptr_array_index (batch->ids, i);
      JsonObject *doc = g_ptr_array_index (batch->docs, i);
      gint pos;

      if (!g_str_has_prefix (id, "offre:"))
        continue;
      g_hash_table_remove (touched, id);
      pos = find_position (self, id);
      if (doc == NULL && pos >= 0)
        {
          g_ptr_array_remove_index (self->items, (guint) pos);
          g_list_model_items_changed (G_LIST_MODEL (self), (guint) pos, 1, 0);
        }
      else if (doc != NULL && pos >= 0)
        {
          g_object_unref (g_ptr_array_index (self->items, (guint) pos));
          g_ptr_array_index (self->items, (guint) pos) = make_item (self, doc);
          g_list_model_items_changed (G_LIST_MODEL (self), (guint) pos, 1, 1);
        }
      else if (doc != NULL)
        {
          g_ptr_array_add (self->items, make_item (self, doc));
          g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
        }
    }

  /* Offers whose candidates changed without the offer itself. */
  for (guint i = 0; g_hash_table_size (touched) > 0 && i < self->items->len; i++)
    {
      RelaisOfferItem *item = g_ptr_array_index (self->items, i);

      if (g_hash_table_contains (touched, relais_offer_item_get_id (item)))
        {
          g_ptr_array_index (self->items, i) = make_item (self, relais_offer_item_get_doc (item));
          g_object_unref (item);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
        }
    }
}

/* Signal callbacks */

static void
on_watch_changed_cb (RelaisOfferList *self, RelaisStoreWatch *watch)
{
  g_assert (RELAIS_IS_OFFER_LIST (self));

  relais_offer_list_refresh (self);
}

/* GListModel */

static GType
relais_offer_list_get_item_type (GListModel *model)
{
  return RELAIS_TYPE_OFFER_ITEM;
}

static guint
relais_offer_list_get_n_items (GListModel *model)
{
  return RELAIS_OFFER_LIST (model)->items->len;
}

static gpointer
relais_offer_list_get_item (GListModel *model, guint position)
{
  RelaisOfferList *self = RELAIS_OFFER_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = relais_offer_list_get_item_type;
  iface->get_n_items = relais_offer_list_get_n_items;
  iface->get_item = relais_offer_list_get_item;
}

/* Parent overrides */

static void
relais_offer_list_constructed (GObject *object)
{
  RelaisOfferList *self = RELAIS_OFFER_LIST (object);

  G_OBJECT_CLASS (relais_offer_list_parent_class)->constructed (object);

  self->watch = relais_store_watch_new (self->context);
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (on_watch_changed_cb), self,
                           G_CONNECT_SWAPPED);
  relais_offer_list_refresh (self);
}

static void
relais_offer_list_dispose (GObject *object)
{
  RelaisOfferList *self = RELAIS_OFFER_LIST (object);

  g_clear_object (&self->watch);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_offer_list_parent_class)->dispose (object);
}

static void
relais_offer_list_finalize (GObject *object)
{
  RelaisOfferList *self = RELAIS_OFFER_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_offre, g_hash_table_unref);
  g_clear_pointer (&self->candidatures, g_hash_table_unref);
  g_clear_pointer (&self->de_names, g_hash_table_unref);

  G_OBJECT_CLASS (relais_offer_list_parent_class)->finalize (object);
}

static void
relais_offer_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisOfferList *self = RELAIS_OFFER_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_offer_list_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  RelaisOfferList *self = RELAIS_OFFER_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_offer_list_class_init (RelaisOfferListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = relais_offer_list_constructed;
  object_class->dispose = relais_offer_list_dispose;
  object_class->finalize = relais_offer_list_finalize;
  object_class->get_property = relais_offer_list_get_property;
  object_class->set_property = relais_offer_list_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A refresh read offers, candidatures or DE: an open offer page reads
   * its documents again. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
relais_offer_list_init (RelaisOfferList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->candidatures =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  self->de_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public API */

RelaisOfferList *
relais_offer_list_new (RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  return g_object_new (RELAIS_TYPE_OFFER_LIST, "context", context, NULL);
}

RelaisContext *
relais_offer_list_get_context (RelaisOfferList *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_LIST (self), NULL);
  return self->context;
}

/* Reads what the store got since the last refresh and updates the items. */
void
relais_offer_list_refresh (RelaisOfferList *self)
{
  RelaisStore *store;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) docs = NULL;
  guint64 last_seq;
  Batch batch;

  g_return_if_fail (RELAIS_IS_OFFER_LIST (self));

  if ((store = relais_context_get_store (self->context)) == NULL)
    return;
  ids = g_ptr_array_new_with_free_func (g_free);
  docs = g_ptr_array_new_with_free_func (unref_nullable);
  batch = (Batch){ ids, docs };
  last_seq = self->last_seq;
  if (!relais_store_changes (store, self->last_seq, 0, RELAIS_CHANGES_INCLUDE_DOCS, collect_cb,
                             &batch, &last_seq, &error))
    {
      g_warning ("Cannot read the offers of the store: %s", error->message);
      return;
    }
  self->last_seq = last_seq;
  if (ids->len == 0)
    return;
  apply_batch (self, &batch);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Returns: (transfer none) (nullable): the offre document @id. */
JsonObject *
relais_offer_list_get_offer (RelaisOfferList *self, const char *id)
{
  gint pos;

  g_return_val_if_fail (RELAIS_IS_OFFER_LIST (self), NULL);

  pos = find_position (self, id);
  return pos >= 0 ? relais_offer_item_get_doc (g_ptr_array_index (self->items, (guint) pos)) : NULL;
}

/* Returns: (transfer none) (nullable) (element-type JsonObject): the
 * candidatures of @offre_id, in no order. */
GPtrArray *
relais_offer_list_get_candidatures (RelaisOfferList *self, const char *offre_id)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_LIST (self), NULL);
  return offre_id != NULL ? g_hash_table_lookup (by_offre (self), offre_id) : NULL;
}

/* The DE's name, or his id while his document has not synced. */
char *
relais_offer_list_dup_de_name (RelaisOfferList *self, const char *de_id)
{
  const char *name;

  g_return_val_if_fail (RELAIS_IS_OFFER_LIST (self), NULL);

  name = de_id != NULL ? g_hash_table_lookup (self->de_names, de_id) : NULL;
  return g_strdup (name != NULL ? name : de_id);
}

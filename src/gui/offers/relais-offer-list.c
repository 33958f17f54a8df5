/* relais-offer-list.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The employers' offers of the local store as a GListModel of
 * RelaisOfferItem, with their candidatures and the names of the DE and
 * counsellors these name. A RelaisStoreList, like the agenda's: it
 * follows the store through the changes feed, its first read in a worker
 * thread; a candidature that changed makes its offer's item again, whose
 * count of candidates moved.
 */

#define G_LOG_DOMAIN "relais-offer-list"

#include "config.h"

#include "relais-doc.h"
#include "relais-offer-list.h"

struct _RelaisOfferList
{
  RelaisStoreList parent_instance;

  /* Owned References */
  GHashTable *candidatures; /* candidature id → JsonObject */
  GHashTable *by_offre;     /* offre id → GPtrArray of JsonObject, rebuilt on demand */
  GHashTable *de_names;     /* de id → utf8 */
};

G_DEFINE_FINAL_TYPE (RelaisOfferList, relais_offer_list, RELAIS_TYPE_STORE_LIST)

static const char *const prefixes[] = { "offre:", "candidature:", "de:", "conseiller:", NULL };

/* Auxiliary methods */

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

/* RelaisStoreList */

static GObject *
relais_offer_list_make_item (RelaisStoreList *list, JsonObject *doc)
{
  RelaisOfferList *self = RELAIS_OFFER_LIST (list);
  GPtrArray *candidatures = g_hash_table_lookup (by_offre (self), relais_doc_get_id (doc));

  return G_OBJECT (relais_offer_item_new (doc, candidatures != NULL ? candidatures->len : 0));
}

static void
relais_offer_list_absorb (RelaisStoreList *list,
                          const char *id,
                          JsonObject *doc,
                          GHashTable *touched)
{
  RelaisOfferList *self = RELAIS_OFFER_LIST (list);
  JsonObject *old;

  /* DE and counsellors: the names of candidates and correspondants. */
  if (!g_str_has_prefix (id, "candidature:"))
    {
      const char *prenom =
          doc != NULL ? json_object_get_string_member_with_default (doc, "prenom", "") : NULL;
      const char *nom =
          doc != NULL ? json_object_get_string_member_with_default (doc, "nom", "") : NULL;

      if (doc == NULL)
        g_hash_table_remove (self->de_names, id);
      else
        g_hash_table_insert (self->de_names, g_strdup (id), g_strjoin (" ", prenom, nom, NULL));
      return;
    }
  /* The offer a candidature left and the one it names now. */
  if ((old = g_hash_table_lookup (self->candidatures, id)) != NULL)
    g_hash_table_add (touched,
                      g_strdup (json_object_get_string_member_with_default (old, "offre", "")));
  if (doc != NULL)
    {
      g_hash_table_add (touched,
                        g_strdup (json_object_get_string_member_with_default (doc, "offre", "")));
      g_hash_table_insert (self->candidatures, g_strdup (id), json_object_ref (doc));
    }
  else
    g_hash_table_remove (self->candidatures, id);
  g_clear_pointer (&self->by_offre, g_hash_table_unref);
}

static gboolean
relais_offer_list_is_touched (RelaisStoreList *list, JsonObject *doc, GHashTable *touched)
{
  return g_hash_table_contains (touched, relais_doc_get_id (doc));
}

/* Parent overrides */

static void
relais_offer_list_finalize (GObject *object)
{
  RelaisOfferList *self = RELAIS_OFFER_LIST (object);

  g_clear_pointer (&self->by_offre, g_hash_table_unref);
  g_clear_pointer (&self->candidatures, g_hash_table_unref);
  g_clear_pointer (&self->de_names, g_hash_table_unref);

  G_OBJECT_CLASS (relais_offer_list_parent_class)->finalize (object);
}

static void
relais_offer_list_class_init (RelaisOfferListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelaisStoreListClass *list_class = RELAIS_STORE_LIST_CLASS (klass);

  object_class->finalize = relais_offer_list_finalize;

  list_class->item_type = RELAIS_TYPE_OFFER_ITEM;
  list_class->item_prefix = "offre:";
  list_class->prefixes = prefixes;
  list_class->make_item = relais_offer_list_make_item;
  list_class->absorb = relais_offer_list_absorb;
  list_class->is_touched = relais_offer_list_is_touched;
}

static void
relais_offer_list_init (RelaisOfferList *self)
{
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

/* Returns: (transfer none) (nullable): the offre document @id. */
JsonObject *
relais_offer_list_get_offer (RelaisOfferList *self, const char *id)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_LIST (self), NULL);

  return relais_store_list_lookup (RELAIS_STORE_LIST (self), id);
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

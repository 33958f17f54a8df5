/* relais-store-list.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "relais-context.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_STORE_LIST (relais_store_list_get_type ())
G_DECLARE_DERIVABLE_TYPE (RelaisStoreList, relais_store_list, RELAIS, STORE_LIST, GObject)

struct _RelaisStoreListClass
{
  GObjectClass parent_class;

  /* Set in class_init, read by the worker thread too: constant data. */
  GType item_type;
  const char *item_prefix;     /* the ids of the documents listed, "offre:" */
  const char *const *prefixes; /* every id prefix read, item_prefix included */

  /* The item of a live document of item_prefix. */
  GObject *(*make_item) (RelaisStoreList *self, JsonObject *doc);
  /* A document read that is not an item (NULL: deleted): keep what the
   * items derive from it, and add to @touched the keys that
   * is_touched() recognises. Called before the items of the batch. */
  void (*absorb) (RelaisStoreList *self, const char *id, JsonObject *doc, GHashTable *touched);
  /* Whether the item of @doc must be made again after absorb(). */
  gboolean (*is_touched) (RelaisStoreList *self, JsonObject *doc, GHashTable *touched);
};

RelaisContext *relais_store_list_get_context (RelaisStoreList *self);
gboolean relais_store_list_get_loading (RelaisStoreList *self);
void relais_store_list_refresh (RelaisStoreList *self);
void relais_store_list_refresh_async (RelaisStoreList *self);
gpointer relais_store_list_peek_item (RelaisStoreList *self, guint position);
JsonObject *relais_store_list_peek_doc (RelaisStoreList *self, guint position);
JsonObject *relais_store_list_lookup (RelaisStoreList *self, const char *id);

G_END_DECLS

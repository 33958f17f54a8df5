/* relais-de-list.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>

#include "relais-context.h"
#include "relais-de-item.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_DE_LIST (relais_de_list_get_type ())
G_DECLARE_FINAL_TYPE (RelaisDeList, relais_de_list, RELAIS, DE_LIST, GObject)

RelaisDeList *relais_de_list_new (RelaisContext *context);
RelaisContext *relais_de_list_get_context (RelaisDeList *self);
gboolean relais_de_list_get_loading (RelaisDeList *self);
gboolean relais_de_list_get_loading_items (RelaisDeList *self);
void relais_de_list_load_async (RelaisDeList *self,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
void relais_de_list_update (RelaisDeList *self, JsonObject *doc);
GPtrArray *relais_de_list_get_portefeuilles (RelaisDeList *self);
guint relais_de_list_count_in_portefeuille (RelaisDeList *self, const char *portefeuille_id);
void relais_de_list_preload (const char *store_path, const GDate *today);
void relais_de_list_cancel_preload (void);
gboolean relais_de_list_load_finish (RelaisDeList *self, GAsyncResult *result, GError **error);

G_END_DECLS

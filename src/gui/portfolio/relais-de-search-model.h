/* relais-de-search-model.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RELAIS_TYPE_DE_SEARCH_MODEL (relais_de_search_model_get_type ())
G_DECLARE_FINAL_TYPE (RelaisDeSearchModel, relais_de_search_model, RELAIS, DE_SEARCH_MODEL, GObject)

RelaisDeSearchModel *relais_de_search_model_new (GListModel *source);
gboolean relais_de_search_model_set_query (RelaisDeSearchModel *self, const char *text);
gboolean relais_de_search_model_get_active (RelaisDeSearchModel *self);
void relais_de_search_model_refresh (RelaisDeSearchModel *self);

G_END_DECLS

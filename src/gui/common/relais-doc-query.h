/* relais-doc-query.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>

#include "relais-store.h"

G_BEGIN_DECLS

GPtrArray *relais_doc_query_type (RelaisStore *store, const char *type, GError **error);
const char *relais_doc_query_string (JsonObject *doc, const char *name);
char *relais_doc_query_person_name (JsonObject *doc);
char *relais_doc_query_dup_user (GSettings *settings);

G_END_DECLS

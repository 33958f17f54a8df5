/* relais-conflict-format.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *relais_conflict_doc_title (const char *id, JsonObject *body);
const char *relais_conflict_doc_kind (JsonObject *body);
const char *relais_conflict_field_label (const char *path);
char *relais_conflict_value_text (const char *path, JsonNode *node);
JsonNode *relais_conflict_lookup (JsonObject *body, const char *path);
JsonObject *relais_conflict_deep_copy (JsonObject *body);
void relais_conflict_assign (JsonObject *body, const char *path, JsonNode *node);

G_END_DECLS

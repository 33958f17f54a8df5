/* relais-json.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RELAIS_DOC_ERROR (relais_doc_error_quark ())

typedef enum
{
  RELAIS_DOC_ERROR_INVALID_JSON,
  RELAIS_DOC_ERROR_NOT_OBJECT,
  RELAIS_DOC_ERROR_INVALID_ID,
  RELAIS_DOC_ERROR_INVALID_REV,
  RELAIS_DOC_ERROR_INVALID_REVISIONS,
} RelaisDocError;

GQuark relais_doc_error_quark (void);

JsonNode *relais_json_parse (const char *text, gssize length, GError **error);
JsonObject *relais_json_parse_object (const char *text, gssize length, GError **error);
void relais_json_append_string (GString *out, const char *str);
void relais_json_append_canonical (GString *out, JsonNode *node);
void relais_json_append_canonical_object (GString *out, JsonObject *object, gboolean skip_meta);
char *relais_json_canonical (JsonNode *node);
char *relais_json_object_canonical (JsonObject *object);

G_END_DECLS

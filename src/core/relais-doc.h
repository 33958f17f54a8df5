/* relais-doc.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Every document carries this schema version in "schema_version"; a reader
 * that meets a higher one keeps the unknown fields untouched. */
#define RELAIS_DOC_SCHEMA_VERSION 1
#define RELAIS_DOC_MAX_ID_LENGTH 512

const char *relais_doc_get_id (JsonObject *doc);
const char *relais_doc_get_rev (JsonObject *doc);
const char *relais_doc_get_doc_type (JsonObject *doc);
gboolean relais_doc_is_deleted (JsonObject *doc);
gint64 relais_doc_get_schema_version (JsonObject *doc);
char *relais_doc_new_id (const char *type);
gboolean relais_doc_id_is_local (const char *id);
gboolean relais_doc_validate_id (const char *id, GError **error);
char *relais_doc_id_type (const char *id);
JsonObject *relais_doc_strip_meta (JsonObject *doc);
char *relais_doc_body_canonical (JsonObject *doc);

G_END_DECLS

/* relais-http.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

void relais_http_reply_json (SoupServerMessage *msg, guint status, const char *json);
void relais_http_reply_json_take (SoupServerMessage *msg, guint status, char *json);
void relais_http_reply_error (SoupServerMessage *msg,
                              guint status,
                              const char *error,
                              const char *reason);
void relais_http_reply_gerror (SoupServerMessage *msg, const GError *error);
void relais_http_error_describe (const GError *error,
                                 guint *status,
                                 const char **name,
                                 const char **reason);
void relais_http_append_error_members (GString *out, const GError *error);

const char *relais_http_query (GHashTable *query, const char *name);
gboolean relais_http_query_bool (
    GHashTable *query, const char *name, gboolean fallback, gboolean *value, GError **error);
gboolean relais_http_query_uint64 (
    GHashTable *query, const char *name, guint64 fallback, guint64 *value, GError **error);
JsonNode *relais_http_query_json (GHashTable *query, const char *name, GError **error);

JsonNode *relais_http_parse_body (SoupServerMessage *msg, GError **error);
JsonObject *relais_http_parse_body_object (SoupServerMessage *msg, GError **error);
JsonNode *relais_http_parse_bytes (GBytes *bytes, GError **error);
JsonObject *relais_http_parse_bytes_object (GBytes *bytes, GError **error);

G_END_DECLS

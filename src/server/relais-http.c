/* relais-http.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * CouchDB's conventions on the wire: JSON replies, `{"error","reason"}`
 * bodies with the status CouchDB uses for each failure, and query and body
 * parsing that turns malformed input into 400 bad_request.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-core.h"
#include "relais-http.h"
#include "relais-server-error.h"
#include "relais-store.h"
#include "relais-validate.h"

GQuark
relais_server_error_quark (void)
{
  return g_quark_from_static_string ("relais-server-error-quark");
}

void
relais_http_reply_json_take (SoupServerMessage *msg, guint status, char *json)
{
  soup_server_message_set_status (msg, status, NULL);
  /* CouchDB ends every JSON body with a newline; some clients split on it. */
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, json, strlen (json));
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC, "\n",
                            1);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control",
                                "must-revalidate");
}

void
relais_http_reply_json (SoupServerMessage *msg, guint status, const char *json)
{
  relais_http_reply_json_take (msg, status, g_strdup (json));
}

/* A reason may quote a query parameter, which nobody checked for UTF-8
 * ("Malformed since parameter: \xff…"): the answer must stay valid JSON
 * (found by fuzz-server-request). */
static void
append_reason (GString *out, const char *reason)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (reason, -1, NULL))
    reason = valid = g_utf8_make_valid (reason, -1);
  relais_json_append_string (out, reason);
}

void
relais_http_reply_error (SoupServerMessage *msg,
                         guint status,
                         const char *error,
                         const char *reason)
{
  GString *out = g_string_new ("{\"error\":");

  relais_json_append_string (out, error);
  g_string_append (out, ",\"reason\":");
  append_reason (out, reason);
  g_string_append_c (out, '}');
  relais_http_reply_json_take (msg, status, g_string_free (out, FALSE));
}

/* Maps our errors to CouchDB's: the status, the "error" name and the
 * "reason", which is the GError message unless CouchDB has a fixed text. */
void
relais_http_error_describe (const GError *error,
                            guint *status,
                            const char **name,
                            const char **reason)
{
  *status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  *name = "internal_server_error";
  *reason = error->message;

  if (error->domain == RELAIS_SERVER_ERROR)
    {
      static const struct
      {
        guint status;
        const char *name;
      } map[] = {
        [RELAIS_SERVER_ERROR_BAD_REQUEST] = { 400, "bad_request" },
        [RELAIS_SERVER_ERROR_ILLEGAL_DB_NAME] = { 400, "illegal_database_name" },
        [RELAIS_SERVER_ERROR_UNAUTHORIZED] = { 401, "unauthorized" },
        [RELAIS_SERVER_ERROR_FORBIDDEN] = { 403, "forbidden" },
        [RELAIS_SERVER_ERROR_DB_NOT_FOUND] = { 404, "not_found" },
        [RELAIS_SERVER_ERROR_NOT_FOUND] = { 404, "not_found" },
        [RELAIS_SERVER_ERROR_METHOD_NOT_ALLOWED] = { 405, "method_not_allowed" },
        [RELAIS_SERVER_ERROR_DB_EXISTS] = { 412, "file_exists" },
        [RELAIS_SERVER_ERROR_TOO_LARGE] = { 413, "too_large" },
        [RELAIS_SERVER_ERROR_BAD_CONTENT_TYPE] = { 415, "bad_content_type" },
        [RELAIS_SERVER_ERROR_INTERNAL] = { 500, "internal_server_error" },
        [RELAIS_SERVER_ERROR_TOO_MANY_REQUESTS] = { 429, "too_many_requests" },
      };

      if (error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (map))
        {
          *status = map[error->code].status;
          *name = map[error->code].name;
        }
    }
  else if (error->domain == RELAIS_STORE_ERROR)
    {
      switch ((RelaisStoreError) error->code)
        {
        case RELAIS_STORE_ERROR_CONFLICT:
          *status = 409, *name = "conflict", *reason = "Document update conflict.";
          break;
        case RELAIS_STORE_ERROR_NOT_FOUND:
          *status = 404, *name = "not_found", *reason = "missing";
          break;
        case RELAIS_STORE_ERROR_DELETED:
          *status = 404, *name = "not_found", *reason = "deleted";
          break;
        case RELAIS_STORE_ERROR_INVALID:
          *status = 400, *name = "bad_request";
          break;
        case RELAIS_STORE_ERROR_CORRUPT:
        case RELAIS_STORE_ERROR_IO:
        default:
          break;
        }
    }
  else if (error->domain == RELAIS_DOC_ERROR)
    {
      *status = 400;
      *name = error->code == RELAIS_DOC_ERROR_INVALID_JSON ? "bad_request" : "bad_request";
    }
  else if (error->domain == RELAIS_ACCESS_ERROR)
    {
      /* The per-type write rules, reported as validate_doc_update does. */
      *status = 403, *name = "forbidden";
    }
  else if (error->domain == RELAIS_VALIDATION_ERROR)
    {
      /* As a validate_doc_update function throwing {forbidden: …}. */
      *status = 403, *name = "forbidden";
    }
  else if (error->domain == JSON_PARSER_ERROR)
    {
      *status = 400, *name = "bad_request", *reason = "invalid UTF-8 JSON";
    }
}

void
relais_http_reply_gerror (SoupServerMessage *msg, const GError *error)
{
  guint status;
  const char *name, *reason;

  relais_http_error_describe (error, &status, &name, &reason);
  if (status >= 500)
    g_warning ("%s: %s", g_quark_to_string (error->domain), error->message);
  relais_http_reply_error (msg, status, name, reason);
}

/* `"error":…,"reason":…` for the per-document items of the bulk APIs. */
void
relais_http_append_error_members (GString *out, const GError *error)
{
  guint status;
  const char *name, *reason;

  relais_http_error_describe (error, &status, &name, &reason);
  g_string_append (out, "\"error\":");
  relais_json_append_string (out, name);
  g_string_append (out, ",\"reason\":");
  append_reason (out, reason);
}

const char *
relais_http_query (GHashTable *query, const char *name)
{
  return query != NULL ? g_hash_table_lookup (query, name) : NULL;
}

gboolean
relais_http_query_bool (
    GHashTable *query, const char *name, gboolean fallback, gboolean *value, GError **error)
{
  const char *text = relais_http_query (query, name);

  *value = fallback;
  if (text == NULL)
    return TRUE;
  if (g_str_equal (text, "true"))
    *value = TRUE;
  else if (g_str_equal (text, "false"))
    *value = FALSE;
  else
    {
      g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                   "Invalid boolean parameter: \"%s\"", name);
      return FALSE;
    }
  return TRUE;
}

gboolean
relais_http_query_uint64 (
    GHashTable *query, const char *name, guint64 fallback, guint64 *value, GError **error)
{
  const char *text = relais_http_query (query, name);

  *value = fallback;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, value, NULL))
    {
      g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                   "Invalid value for %s: \"%s\", expected a non-negative integer", name, text);
      return FALSE;
    }
  return TRUE;
}

/* Parameters such as startkey, keys and open_revs are JSON values. */
JsonNode *
relais_http_query_json (GHashTable *query, const char *name, GError **error)
{
  const char *text = relais_http_query (query, name);
  JsonNode *node;

  if (text == NULL)
    return NULL;
  if ((node = relais_json_parse (text, -1, NULL)) == NULL)
    g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                 "Invalid JSON in the %s parameter", name);
  return node;
}

/* A mutable tree: handlers set _id and _rev from the URL before writing. */
JsonNode *
relais_http_parse_body (SoupServerMessage *msg, GError **error)
{
  g_autoptr (GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  return relais_http_parse_bytes (bytes, error);
}

/* The same, for a body taken from its message (to parse on a thread). */
JsonNode *
relais_http_parse_bytes (GBytes *bytes, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len == 0 || !g_utf8_validate (data, len, NULL) ||
      !json_parser_load_from_data (parser, data, len, NULL) ||
      json_parser_get_root (parser) == NULL)
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                           "invalid UTF-8 JSON");
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

JsonObject *
relais_http_parse_body_object (SoupServerMessage *msg, GError **error)
{
  g_autoptr (GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));

  return relais_http_parse_bytes_object (bytes, error);
}

JsonObject *
relais_http_parse_bytes_object (GBytes *bytes, GError **error)
{
  g_autoptr (JsonNode) node = relais_http_parse_bytes (bytes, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                           "Request body must be a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

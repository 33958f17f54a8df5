/* relais-handlers-all-docs.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * GET/POST /{db}/_all_docs: live winners in id order, with startkey,
 * endkey, inclusive_end, descending, skip, limit, include_docs and keys.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-core.h"
#include "relais-server-private.h"
#include "relais-store-query.h"

static const char *const ALL_DOCS_METHODS[] = { "GET", "HEAD", "POST", NULL };

typedef struct
{
  GString *out;
  const char *key; /* for keys: the key asked, which may differ from nothing */
  gboolean first;
} RowsData;

static gboolean
append_row_cb (const RelaisDocInfo *info, gpointer user_data)
{
  RowsData *data = user_data;
  GString *out = data->out;

  if (!data->first)
    g_string_append (out, ",\n");
  data->first = FALSE;

  g_string_append (out, "{\"id\":");
  relais_json_append_string (out, info->id);
  g_string_append (out, ",\"key\":");
  relais_json_append_string (out, info->id);
  g_string_append (out, ",\"value\":{\"rev\":");
  relais_json_append_string (out, info->rev);
  if (info->deleted)
    g_string_append (out, ",\"deleted\":true}");
  else
    g_string_append_c (out, '}');
  if (info->doc_json != NULL)
    {
      g_string_append (out, ",\"doc\":");
      g_string_append (out, info->doc_json);
    }
  else if (info->deleted && data->key != NULL)
    g_string_append (out, ",\"doc\":null");
  g_string_append_c (out, '}');
  return TRUE;
}

/* startkey and friends are JSON strings; CouchDB accepts both spellings. */
static gboolean
key_param (RelaisRequest *req, const char *name, const char *alias, char **key, GError **error)
{
  g_autoptr (JsonNode) node = NULL;

  if ((node = relais_http_query_json (req->query, name, error)) == NULL && *error == NULL)
    node = relais_http_query_json (req->query, alias, error);
  if (*error != NULL)
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                   "%s must be a JSON string (document ids are strings)", name);
      return FALSE;
    }
  *key = g_strdup (json_node_get_string (node));
  return TRUE;
}

static JsonArray *
keys_param (RelaisRequest *req, GError **error)
{
  g_autoptr (JsonNode) node = NULL;

  if (g_str_equal (req->method, "POST"))
    {
      g_autoptr (JsonObject) body = relais_http_parse_body_object (req->msg, error);

      if (body == NULL)
        return NULL;
      if (json_object_has_member (body, "keys"))
        node = json_node_ref (json_object_get_member (body, "keys"));
    }
  else
    node = relais_http_query_json (req->query, "keys", error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                           "`keys` member must be an array.");
      return NULL;
    }
  return json_array_ref (json_node_get_array (node));
}

typedef struct
{
  RelaisAllDocsQuery query;
  char *start_key;
  char *end_key;
  JsonArray *keys; /* or NULL */
} AllDocs;

static void
all_docs_free (AllDocs *all)
{
  g_free (all->start_key);
  g_free (all->end_key);
  g_clear_pointer (&all->keys, json_array_unref);
  g_free (all);
}

/* On a worker thread: with include_docs, a full dump is a pull's work. */
static void
all_docs_func (RelaisStore *reader, gpointer user_data, RelaisThreadReply *reply)
{
  AllDocs *all = user_data;
  RelaisAllDocsQuery *query = &all->query;
  JsonArray *keys = all->keys;
  RowsData data = { NULL, NULL, TRUE };
  guint64 offset;

  query->start_key = all->start_key;
  query->end_key = all->end_key;

  /* TODO: stream like _changes; the rows are built whole for now, which
   * is fine for the apps' and tests' ranges but not for a full dump. */
  data.out = g_string_new (NULL);
  offset = keys != NULL ? 0
                        : query->skip + relais_store_count_before (reader, all->start_key,
                                                                   query->descending, NULL);
  g_string_append_printf (data.out,
                          "{\"total_rows\":%" G_GUINT64_FORMAT ",\"offset\":%" G_GUINT64_FORMAT
                          ",\"rows\":[\n",
                          relais_store_get_doc_count (reader), offset);

  if (keys != NULL)
    {
      for (guint i = 0; i < json_array_get_length (keys); i++)
        {
          JsonNode *key = json_array_get_element (keys, i);
          g_autoptr (GError) local_error = NULL;

          if (json_node_get_value_type (key) == G_TYPE_STRING)
            {
              data.key = json_node_get_string (key);
              if (relais_store_get_doc_info (reader, data.key, query->include_docs, append_row_cb,
                                             &data, &local_error))
                continue;
            }
          if (!data.first)
            g_string_append (data.out, ",\n");
          data.first = FALSE;
          g_string_append (data.out, "{\"key\":");
          if (json_node_get_value_type (key) == G_TYPE_STRING)
            relais_json_append_string (data.out, json_node_get_string (key));
          else
            g_string_append (data.out, "null");
          g_string_append (data.out, ",\"error\":\"not_found\"}");
        }
    }
  else if (!relais_store_all_docs (reader, query, append_row_cb, &data, &reply->error))
    {
      g_string_free (data.out, TRUE);
      return;
    }

  g_string_append (data.out, "\n]}");
  reply->status = SOUP_STATUS_OK;
  reply->body = g_string_free (data.out, FALSE);
}

void
_relais_handle_all_docs (RelaisRequest *req)
{
  g_autoptr (GError) error = NULL;
  AllDocs *all;

  if (!_relais_request_check_method (req, ALL_DOCS_METHODS) ||
      !_relais_request_authorize (req, RELAIS_ACTION_DB_READ))
    return;

  all = g_new0 (AllDocs, 1);
  if (!key_param (req, "startkey", "start_key", &all->start_key, &error) ||
      !key_param (req, "endkey", "end_key", &all->end_key, &error) ||
      !relais_http_query_bool (req->query, "inclusive_end", TRUE, &all->query.inclusive_end,
                               &error) ||
      !relais_http_query_bool (req->query, "descending", FALSE, &all->query.descending, &error) ||
      !relais_http_query_bool (req->query, "include_docs", FALSE, &all->query.include_docs,
                               &error) ||
      !relais_http_query_uint64 (req->query, "skip", 0, &all->query.skip, &error) ||
      !relais_http_query_uint64 (req->query, "limit", G_MAXUINT64, &all->query.limit, &error) ||
      ((all->keys = keys_param (req, &error)) == NULL && error != NULL))
    {
      all_docs_free (all);
      _relais_request_reply_gerror (req, error);
      return;
    }

  if (all->keys != NULL && json_array_get_length (all->keys) >
                               _relais_server_get_config (req->server)->max_docs_per_batch)
    {
      all_docs_free (all);
      relais_http_reply_error (req->msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                               "Too many keys in one request.");
      return;
    }

  _relais_request_read_in_thread (req, all_docs_func, all, (GDestroyNotify) all_docs_free);
}

/* relais-handlers-local.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * GET/PUT/DELETE /{db}/_local/{id}: replication checkpoints. Not
 * replicated, not in _changes, revisions "0-N". The router has already
 * joined everything after "_local/" into the id, "/" included.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-core.h"
#include "relais-server-private.h"

static const char *const LOCAL_METHODS[] = { "GET", "HEAD", "PUT", "DELETE", NULL };

static char *
ok_body (const char *id, const char *rev)
{
  GString *out = g_string_new ("{\"ok\":true,\"id\":");

  relais_json_append_string (out, id);
  g_string_append (out, ",\"rev\":");
  relais_json_append_string (out, rev);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

typedef struct
{
  char *id;
  JsonObject *doc; /* PUT; NULL for DELETE */
  char *rev;       /* DELETE's ?rev= */
} LocalWrite;

static void
local_write_free (LocalWrite *write)
{
  g_free (write->id);
  g_clear_pointer (&write->doc, json_object_unref);
  g_free (write->rev);
  g_free (write);
}

/* On the writer thread: checkpoints go in order with the documents. */
static void
local_write_func (RelaisStore *writer, gpointer data, RelaisThreadReply *reply)
{
  LocalWrite *write = data;
  g_autofree char *rev = NULL;

  if (write->doc != NULL)
    {
      if ((rev = relais_store_put_local (writer, write->id, write->doc, &reply->error)) == NULL)
        return;
      reply->status = SOUP_STATUS_CREATED;
      reply->body = ok_body (write->id, rev);
      return;
    }
  if (!relais_store_delete_local (writer, write->id, write->rev, &reply->error))
    return;
  reply->status = SOUP_STATUS_OK;
  reply->body = ok_body (write->id, "0-0");
}

void
_relais_handle_local (RelaisRequest *req)
{
  RelaisStore *store = relais_db_get_store (req->db);
  g_autoptr (GError) error = NULL;
  LocalWrite *write;

  if (!_relais_request_check_method (req, LOCAL_METHODS))
    return;

  if (!_relais_request_check_doc_id (req, req->doc_id, &error))
    {
      _relais_request_reply_gerror (req, error);
      return;
    }

  if (g_str_equal (req->method, "GET") || g_str_equal (req->method, "HEAD"))
    {
      g_autofree char *json = NULL;

      if (!_relais_request_authorize (req, RELAIS_ACTION_DB_READ))
        return;
      if ((json = relais_store_get_local_json (store, req->doc_id, &error)) == NULL)
        _relais_request_reply_gerror (req, error);
      else
        relais_http_reply_json_take (req->msg, SOUP_STATUS_OK, g_steal_pointer (&json));
      return;
    }

  if (!_relais_request_authorize (req, RELAIS_ACTION_DB_WRITE))
    return;

  write = g_new0 (LocalWrite, 1);
  write->id = g_strdup (req->doc_id);
  if (g_str_equal (req->method, "PUT"))
    {
      g_autoptr (JsonObject) doc = NULL;
      const char *query_rev = relais_http_query (req->query, "rev");

      if ((doc = relais_http_parse_body_object (req->msg, &error)) == NULL ||
          !_relais_doc_check_types (doc, &error))
        {
          local_write_free (write);
          _relais_request_reply_gerror (req, error);
          return;
        }
      if (query_rev != NULL && relais_doc_get_rev (doc) == NULL)
        json_object_set_string_member (doc, "_rev", query_rev);
      json_object_set_string_member (doc, "_id", req->doc_id);
      write->doc = g_steal_pointer (&doc);
    }
  else /* DELETE */
    write->rev = g_strdup (relais_http_query (req->query, "rev"));
  _relais_request_write_in_thread (req, local_write_func, write, (GDestroyNotify) local_write_free);
}

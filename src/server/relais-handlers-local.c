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

static void
reply_ok (RelaisRequest *req, guint status, const char *rev)
{
  GString *out = g_string_new ("{\"ok\":true,\"id\":");

  relais_json_append_string (out, req->doc_id);
  g_string_append (out, ",\"rev\":");
  relais_json_append_string (out, rev);
  g_string_append_c (out, '}');
  relais_http_reply_json_take (req->msg, status, g_string_free (out, FALSE));
}

void
_relais_handle_local (RelaisRequest *req)
{
  RelaisStore *store = relais_db_get_store (req->db);
  g_autoptr (GError) error = NULL;

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

  if (g_str_equal (req->method, "PUT"))
    {
      g_autoptr (JsonObject) doc = NULL;
      g_autofree char *rev = NULL;
      const char *query_rev = relais_http_query (req->query, "rev");

      if ((doc = relais_http_parse_body_object (req->msg, &error)) == NULL ||
          !_relais_doc_check_types (doc, &error))
        {
          _relais_request_reply_gerror (req, error);
          return;
        }
      if (query_rev != NULL && relais_doc_get_rev (doc) == NULL)
        json_object_set_string_member (doc, "_rev", query_rev);
      json_object_set_string_member (doc, "_id", req->doc_id);

      if ((rev = relais_store_put_local (store, req->doc_id, doc, &error)) == NULL)
        _relais_request_reply_gerror (req, error);
      else
        reply_ok (req, SOUP_STATUS_CREATED, rev);
      return;
    }

  /* DELETE */
  {
    const char *rev = relais_http_query (req->query, "rev");

    if (!relais_store_delete_local (store, req->doc_id, rev, &error))
      _relais_request_reply_gerror (req, error);
    else
      reply_ok (req, SOUP_STATUS_OK, "0-0");
  }
}

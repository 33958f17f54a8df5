/* relais-handlers-db.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * GET/HEAD/PUT/DELETE/POST /{db} and GET/PUT /{db}/_security.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-core.h"
#include "relais-server-private.h"

static const char *const DB_METHODS[] = { "GET", "HEAD", "PUT", "DELETE", "POST", NULL };
static const char *const SECURITY_METHODS[] = { "GET", "HEAD", "PUT", NULL };

/* Called once per PouchDB batch: only counters kept by the store. */
static void
reply_info (RelaisRequest *req)
{
  RelaisStore *store = relais_db_get_store (req->db);
  GString *out = g_string_new ("{\"db_name\":");

  relais_json_append_string (out, relais_db_get_name (req->db));
  g_string_append_printf (
      out,
      ",\"doc_count\":%" G_GUINT64_FORMAT ",\"doc_del_count\":%" G_GUINT64_FORMAT
      ",\"update_seq\":%" G_GUINT64_FORMAT ",\"purge_seq\":0,\"compact_running\":false"
      ",\"instance_start_time\":\"0\",\"disk_format_version\":8}",
      relais_store_get_doc_count (store), relais_store_get_deleted_count (store),
      relais_store_get_update_seq (store));
  relais_http_reply_json_take (req->msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

void
_relais_handle_db (RelaisRequest *req)
{
  RelaisDbRegistry *registry = _relais_server_get_registry (req->server);
  const char *name = req->segments[0];
  g_autoptr (GError) error = NULL;

  if (!_relais_request_check_method (req, DB_METHODS))
    return;

  if (g_str_equal (req->method, "PUT"))
    {
      if (!_relais_request_authorize (req, RELAIS_ACTION_SERVER_ADMIN))
        return;
      if ((req->db = relais_db_registry_create (registry, name, &error)) == NULL)
        _relais_request_reply_gerror (req, error);
      else
        relais_http_reply_json (req->msg, SOUP_STATUS_CREATED, "{\"ok\":true}");
      return;
    }

  if ((req->db = relais_db_registry_open (registry, name, &error)) == NULL)
    {
      _relais_request_reply_gerror (req, error);
      return;
    }

  if (g_str_equal (req->method, "DELETE"))
    {
      if (!_relais_request_authorize (req, RELAIS_ACTION_SERVER_ADMIN))
        return;
      if (!relais_db_registry_delete (registry, name, &error))
        _relais_request_reply_gerror (req, error);
      else
        relais_http_reply_json (req->msg, SOUP_STATUS_OK, "{\"ok\":true}");
      return;
    }

  if (g_str_equal (req->method, "POST"))
    {
      /* POST /db creates a document, with a new id when it has none. */
      _relais_handle_doc (req);
      return;
    }

  if (!_relais_request_authorize (req, RELAIS_ACTION_DB_READ))
    return;
  reply_info (req);
}

/* {"admins":{"names":[…],"roles":[…]},"members":{…}}: only those two
 * members, each with string lists, as CouchDB checks them. */
static gboolean
validate_security (JsonObject *security, GError **error)
{
  static const char *const sections[] = { "admins", "members" };

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      JsonNode *section = json_object_get_member (security, sections[i]);
      static const char *const lists[] = { "names", "roles" };

      if (section == NULL)
        continue;
      if (!JSON_NODE_HOLDS_OBJECT (section))
        goto bad;
      for (guint j = 0; j < G_N_ELEMENTS (lists); j++)
        {
          JsonNode *list = json_object_get_member (json_node_get_object (section), lists[j]);

          if (list == NULL)
            continue;
          if (!JSON_NODE_HOLDS_ARRAY (list))
            goto bad;
          for (guint k = 0; k < json_array_get_length (json_node_get_array (list)); k++)
            if (json_node_get_value_type (json_array_get_element (json_node_get_array (list), k)) !=
                G_TYPE_STRING)
              goto bad;
        }
    }
  return TRUE;

bad:
  g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                       "names and roles must be lists of strings in admins and members");
  return FALSE;
}

void
_relais_handle_security (RelaisRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) security = NULL;
  g_autofree char *text = NULL;

  if (!_relais_request_check_method (req, SECURITY_METHODS) ||
      !_relais_request_authorize (req, g_str_equal (req->method, "PUT") ? RELAIS_ACTION_DB_ADMIN
                                                                        : RELAIS_ACTION_DB_READ))
    return;

  if (!g_str_equal (req->method, "PUT"))
    {
      relais_http_reply_json_take (req->msg, SOUP_STATUS_OK, relais_db_get_security (req->db));
      return;
    }

  if ((security = relais_http_parse_body_object (req->msg, &error)) == NULL ||
      !validate_security (security, &error))
    {
      _relais_request_reply_gerror (req, error);
      return;
    }

  text = relais_json_object_canonical (security);
  if (!relais_db_set_security (req->db, text, &error))
    {
      _relais_request_reply_gerror (req, error);
      return;
    }
  relais_http_reply_json (req->msg, SOUP_STATUS_OK, "{\"ok\":true}");
}

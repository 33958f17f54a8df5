/* relais-handlers-server.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Server-wide endpoints: GET /, /_all_dbs and /_up.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-core.h"
#include "relais-server-private.h"

static const char *const GET_HEAD[] = { "GET", "HEAD", NULL };

void
_relais_handle_root (RelaisRequest *req)
{
  GString *out;

  if (!_relais_request_check_method (req, GET_HEAD) ||
      !_relais_request_authorize (req, RELAIS_ACTION_SERVER_READ))
    return;

  /* PouchDB builds its replication id from "uuid"; "version" tells
   * CouchDB's replicator which API generation it talks to. */
  out = g_string_new ("{\"couchdb\":\"Welcome\",\"version\":\"3.3.3\",\"uuid\":");
  relais_json_append_string (out, relais_server_get_uuid (req->server));
  g_string_append (out, ",\"vendor\":{\"name\":\"relais-server\",\"version\":");
  relais_json_append_string (out, PACKAGE_VERSION);
  g_string_append (out, "},\"features\":[]}");
  relais_http_reply_json_take (req->msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

void
_relais_handle_all_dbs (RelaisRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) names = NULL;
  GString *out;

  /* Admins only, as CouchDB 3: the list names every agency. */
  if (!_relais_request_check_method (req, GET_HEAD) ||
      !_relais_request_authorize (req, RELAIS_ACTION_SERVER_ADMIN))
    return;

  if ((names = relais_db_registry_list (_relais_server_get_registry (req->server), &error)) == NULL)
    {
      _relais_request_reply_gerror (req, error);
      return;
    }

  out = g_string_new ("[");
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      relais_json_append_string (out, names[i]);
    }
  g_string_append_c (out, ']');
  relais_http_reply_json_take (req->msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

void
_relais_handle_up (RelaisRequest *req)
{
  if (!_relais_request_check_method (req, GET_HEAD))
    return;
  /* Unauthenticated on purpose: load balancers and systemd probe it. */
  relais_http_reply_json (req->msg, SOUP_STATUS_OK, "{\"status\":\"ok\"}");
}

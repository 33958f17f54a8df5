/* relais-handlers-session.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * GET/POST/DELETE /_session: CouchDB's cookie authentication.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-core.h"
#include "relais-server-private.h"

static const char *const SESSION_METHODS[] = { "GET", "HEAD", "POST", "DELETE", NULL };

static void
append_roles (GString *out, const RelaisUserCtx *user)
{
  g_string_append_c (out, '[');
  for (guint i = 0; user->roles[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      relais_json_append_string (out, user->roles[i]);
    }
  g_string_append_c (out, ']');
}

static void
get_session (RelaisRequest *req)
{
  const RelaisUserCtx *user = req->user;
  GString *out = g_string_new ("{\"ok\":true,\"userCtx\":{\"name\":");

  if (user->name != NULL)
    relais_json_append_string (out, user->name);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"roles\":");
  append_roles (out, user);
  g_string_append (out, "},\"info\":{\"authentication_db\":\"" RELAIS_DB_USERS "\","
                        "\"authentication_handlers\":[\"cookie\",\"default\"]");
  if (user->method != RELAIS_AUTH_NONE)
    g_string_append_printf (out, ",\"authenticated\":\"%s\"",
                            user->method == RELAIS_AUTH_COOKIE_SESSION ? "cookie" : "default");
  g_string_append (out, "}}");
  relais_http_reply_json_take (req->msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

/* The credentials of a POST, as JSON or as an HTML form (CouchDB's
 * replicator sends the form). */
static gboolean
read_credentials (RelaisRequest *req, char **name, char **password, GError **error)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  if (g_strcmp0 (type, "application/x-www-form-urlencoded") == 0)
    {
      g_autoptr (GBytes) bytes =
          soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autoptr (GHashTable) form = soup_form_decode (text);

      *name = g_strdup (g_hash_table_lookup (form, "name"));
      *password = g_strdup (g_hash_table_lookup (form, "password"));
    }
  else
    {
      g_autoptr (JsonObject) body = relais_http_parse_body_object (req->msg, error);
      JsonNode *n, *p;

      if (body == NULL)
        return FALSE;
      n = json_object_get_member (body, "name");
      p = json_object_get_member (body, "password");
      if (n != NULL && json_node_get_value_type (n) == G_TYPE_STRING)
        *name = g_strdup (json_node_get_string (n));
      if (p != NULL && json_node_get_value_type (p) == G_TYPE_STRING)
        *password = g_strdup (json_node_get_string (p));
    }

  if (*name == NULL || *password == NULL)
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_UNAUTHORIZED,
                           "Name or password is incorrect.");
      return FALSE;
    }
  return TRUE;
}

static void
post_session (RelaisRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *password = NULL;
  g_autoptr (RelaisUserCtx) user = NULL;
  GString *out;

  if (!read_credentials (req, &name, &password, &error) ||
      (user = _relais_server_check_password (req->server, req->msg, name, password, &error)) ==
          NULL)
    {
      _relais_request_reply_gerror (req, error);
      return;
    }

  _relais_request_set_user (req, g_steal_pointer (&user));
  _relais_request_set_session_cookie (req, TRUE);

  out = g_string_new ("{\"ok\":true,\"name\":");
  relais_json_append_string (out, req->user->name);
  g_string_append (out, ",\"roles\":");
  append_roles (out, req->user);
  g_string_append_c (out, '}');
  relais_http_reply_json_take (req->msg, SOUP_STATUS_OK, g_string_free (out, FALSE));
}

void
_relais_handle_session (RelaisRequest *req)
{
  if (!_relais_request_check_method (req, SESSION_METHODS))
    return;

  if (g_str_equal (req->method, "POST"))
    post_session (req);
  else if (g_str_equal (req->method, "DELETE"))
    {
      g_autoptr (GError) error = NULL;

      /* The client forgets its cookie, and the server refuses any copy
       * of it (CouchDB does not: its cookies stay valid until expiry). */
      if (!_relais_request_revoke_session (req, &error))
        {
          g_warning ("logout: the revoked session cannot be saved: %s", error->message);
          relais_http_reply_error (req->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                   "internal_server_error", "The session could not be ended.");
          return;
        }
      _relais_request_set_session_cookie (req, FALSE);
      relais_http_reply_json (req->msg, SOUP_STATUS_OK, "{\"ok\":true}");
    }
  else
    get_session (req);
}

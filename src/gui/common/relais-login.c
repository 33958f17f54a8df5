/* relais-login.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Checks a counsellor's credentials before the app keeps them: GET
 * /_session with Basic authentication says whether the password is right
 * and which conseiller document the user is (the server gives each
 * counsellor the role "conseiller:<uuid>", his document's id), then GET on
 * the database says it exists and the user may read it. Each failure gets
 * its own code so that the dialog can say in words what went wrong.
 */

#define G_LOG_DOMAIN "relais-login"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "relais-login.h"

G_DEFINE_QUARK (relais - login - error - quark, relais_login_error)

typedef struct
{
  SoupSession *session;
  char *database_url;
  char *authorization;
  char *conseiller_id;
  GStrv roles;
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_clear_object (&data->session);
  g_free (data->database_url);
  g_free (data->authorization);
  g_free (data->conseiller_id);
  g_strfreev (data->roles);
  g_free (data);
}

/* The server's root ("http://host:port/") of a database URL. */
char *
relais_login_server_root (const char *database_url, GError **error)
{
  g_autoptr (GUri) uri = NULL;
  g_autoptr (GUri) root = NULL;
  const char *path;

  g_return_val_if_fail (database_url != NULL, NULL);

  uri = g_uri_parse (database_url, G_URI_FLAGS_ENCODED, NULL);
  path = uri != NULL ? g_uri_get_path (uri) : NULL;
  if (uri == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
       g_strcmp0 (g_uri_get_scheme (uri), "https") != 0) ||
      g_uri_get_host (uri) == NULL || path == NULL || strlen (path) < 2)
    {
      g_set_error (error, RELAIS_LOGIN_ERROR, RELAIS_LOGIN_ERROR_BAD_URL,
                   _ ("“%s” is not the address of a database, such as "
                      "https://relais.example.fr/agence-35238"),
                   database_url);
      return NULL;
    }
  root = g_uri_build (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                      g_uri_get_port (uri), "/", NULL, NULL);
  return g_uri_to_string (root);
}

static SoupMessage *
new_message (LoginData *data, const char *url)
{
  SoupMessage *msg = soup_message_new ("GET", url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept",
                                "application/json");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                data->authorization);
  return msg;
}

/* Returns: whether the answer is a success; sets @error in French words. */
static gboolean
check_answer (SoupMessage *msg, GBytes *bytes, GError *send_error, GError **error)
{
  guint status;

  if (bytes == NULL)
    {
      if (g_error_matches (send_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, send_error);
      else
        {
          g_set_error (error, RELAIS_LOGIN_ERROR, RELAIS_LOGIN_ERROR_UNREACHABLE,
                       _ ("The server cannot be reached (%s). Check the address and the network."),
                       send_error->message);
          g_error_free (send_error);
        }
      return FALSE;
    }
  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_set_error_literal (error, RELAIS_LOGIN_ERROR, RELAIS_LOGIN_ERROR_WRONG_PASSWORD,
                           _ ("Wrong user name or password."));
      return FALSE;
    }
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      g_set_error_literal (error, RELAIS_LOGIN_ERROR, RELAIS_LOGIN_ERROR_NO_DATABASE,
                           _ ("The server has no database at this address."));
      return FALSE;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_set_error (error, RELAIS_LOGIN_ERROR, RELAIS_LOGIN_ERROR_FAILED,
                   _ ("The server answered with an error (%u)."), status);
      return FALSE;
    }
  return TRUE;
}

static void
database_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  LoginData *data = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  GError *send_error = NULL;
  g_autoptr (GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &send_error);
  GError *error = NULL;

  if (!check_answer (msg, bytes, send_error, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&data->conseiller_id), g_free);
}

/* The user's conseiller id from /_session's roles; @roles_out gets them all. */
static char *
conseiller_of_session (GBytes *bytes, GStrv *roles_out)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  char *conseiller = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *root, *ctx;
  JsonArray *roles;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   (gssize) g_bytes_get_size (bytes), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  ctx = json_object_get_object_member (root, "userCtx");
  if (ctx == NULL || !json_object_has_member (ctx, "roles") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (ctx, "roles")))
    return NULL;
  roles = json_object_get_array_member (ctx, "roles");
  for (guint i = 0; i < json_array_get_length (roles); i++)
    {
      JsonNode *node = json_array_get_element (roles, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;
      g_strv_builder_add (builder, json_node_get_string (node));
      if (conseiller == NULL && g_str_has_prefix (json_node_get_string (node), "conseiller:"))
        conseiller = g_strdup (json_node_get_string (node));
    }
  *roles_out = g_strv_builder_end (builder);
  return conseiller;
}

static void
session_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  LoginData *data = g_task_get_task_data (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  GError *send_error = NULL;
  g_autoptr (GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &send_error);
  g_autoptr (SoupMessage) next = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!check_answer (msg, bytes, send_error, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if ((data->conseiller_id = conseiller_of_session (bytes, &data->roles)) == NULL)
    {
      g_task_return_new_error (task, RELAIS_LOGIN_ERROR, RELAIS_LOGIN_ERROR_NOT_COUNSELLOR, "%s",
                               _ ("This account is not a counsellor’s: the server gives it no "
                                  "portfolio."));
      return;
    }
  next = new_message (data, data->database_url);
  cancellable = g_task_get_cancellable (task);
  soup_session_send_and_read_async (data->session, next, G_PRIORITY_DEFAULT, cancellable,
                                    database_cb, g_steal_pointer (&task));
}

/* Finishes with the user's conseiller id ("conseiller:<uuid>"). */
void
relais_login_async (const char *database_url,
                    const char *user,
                    const char *password,
                    GCancellable *cancellable,
                    GAsyncReadyCallback callback,
                    gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *session_url = NULL;
  g_autofree char *pair = NULL;
  g_autofree char *basic = NULL;
  LoginData *data;

  g_return_if_fail (database_url != NULL);
  g_return_if_fail (user != NULL);
  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, relais_login_async);
  if ((root = relais_login_server_root (database_url, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data = g_new0 (LoginData, 1);
  data->session = soup_session_new_with_options ("timeout", 20, NULL);
  data->database_url = g_strdup (database_url);
  pair = g_strconcat (user, ":", password, NULL);
  basic = g_base64_encode ((const guchar *) pair, strlen (pair));
  data->authorization = g_strconcat ("Basic ", basic, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);

  session_url = g_strconcat (root, "_session", NULL);
  msg = new_message (data, session_url);
  soup_session_send_and_read_async (data->session, msg, G_PRIORITY_DEFAULT, cancellable, session_cb,
                                    g_steal_pointer (&task));
}

char *
relais_login_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Returns: (transfer none) (nullable): the user's roles as /_session gave
 * them ("eld", "conseiller", "agence:…"), once relais_login_async() has
 * finished with a success. */
const char *const *
relais_login_get_roles (GAsyncResult *result)
{
  LoginData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  data = g_task_get_task_data (G_TASK (result));
  return data != NULL ? (const char *const *) data->roles : NULL;
}

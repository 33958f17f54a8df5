/* relais-remote-endpoint.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A database on a CouchDB-protocol server (relais-server or CouchDB 3)
 * through libsoup 3, asynchronously on the caller's main context. Large
 * answers (_bulk_get) are parsed in a worker thread.
 */

#define G_LOG_DOMAIN "relais-sync"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "relais-core.h"
#include "relais-remote-endpoint.h"
#include "relais-sync-trace.h"

#define DEFAULT_MAX_REQUEST_BYTES (8 * 1024 * 1024)
#define DEFAULT_HEARTBEAT_MS 10000

struct _RelaisRemoteEndpoint
{
  GObject parent_instance;

  /* Owned References */
  SoupSession *session;
  GUri *db_uri;   /* ends with "/", no user info */
  GUri *root_uri; /* the server's "/" */
  char *db_name;
  char *user;
  char *password;
  GMutex lock; /* guards timings (parsing happens in workers) */
  RelaisSyncTimings timings;

  RelaisAuthMode mode;
  gboolean logged_in;
  gboolean session_unsupported; /* /_session answered 404: Basic instead */
  gboolean create_target;
  gsize max_request_bytes;
  guint heartbeat_ms;
  guint n_logins;
  char *selector_body; /* {"selector":…} for a filtered feed, else NULL */
};

static void relais_remote_endpoint_iface_init (RelaisEndpointInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RelaisRemoteEndpoint,
                               relais_remote_endpoint,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RELAIS_TYPE_ENDPOINT,
                                                      relais_remote_endpoint_iface_init))

/* HTTP calls */

typedef struct
{
  char *method;
  GUri *uri;
  char *content_type;
  GBytes *body;
  SoupMessage *msg;
  gboolean auth_retried;
  gint64 started;
  guint status;
} Call;

static void
call_free (Call *call)
{
  g_free (call->method);
  g_uri_unref (call->uri);
  g_free (call->content_type);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->msg);
  g_free (call);
}

static void call_send (GTask *task);

static void
add_timing (RelaisRemoteEndpoint *self, gint64 network_us, gint64 parse_us)
{
  g_autoptr (GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&self->lock);

  self->timings.network_us += network_us;
  self->timings.parse_us += parse_us;
  if (network_us > 0)
    self->timings.requests++;
}

static gboolean
use_basic (RelaisRemoteEndpoint *self)
{
  return self->user != NULL && (self->mode == RELAIS_AUTH_BASIC || self->session_unsupported);
}

static void
login_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  guint status;

  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  status = soup_message_get_status (call->msg);
  g_clear_object (&call->msg);
  self->n_logins++;
  if (status == SOUP_STATUS_NOT_FOUND)
    /* No cookie sessions on this server: CouchDB's replicator then falls
     * back to Basic, and so do we. */
    self->session_unsupported = TRUE;
  else if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_task_return_new_error (task, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_UNAUTHORIZED,
                               "Login as %s refused by the server", self->user);
      return;
    }
  else if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_new_error (task, RELAIS_SYNC_ERROR,
                               status >= 500 ? RELAIS_SYNC_ERROR_SERVER : RELAIS_SYNC_ERROR_HTTP,
                               "POST /_session: HTTP %u", status);
      return;
    }
  else
    self->logged_in = TRUE;
  call_send (g_steal_pointer (&task));
}

static void
login (GTask *task)
{
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr (GUri) uri =
      g_uri_parse_relative (self->root_uri, "_session", G_URI_FLAGS_ENCODED, NULL);
  char *form =
      soup_form_encode ("name", self->user, "password", self->password ? self->password : "", NULL);
  gsize len = strlen (form);
  g_autoptr (GBytes) body = g_bytes_new_take (form, len);

  g_clear_object (&call->msg);
  call->msg = soup_message_new_from_uri ("POST", uri);
  soup_message_set_request_body_from_bytes (call->msg, "application/x-www-form-urlencoded", body);
  soup_message_headers_replace (soup_message_get_request_headers (call->msg), "Accept",
                                "application/json");
  soup_session_send_and_read_async (self->session, call->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), login_cb, task);
}

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  add_timing (self, g_get_monotonic_time () - call->started, 0);
  RELAIS_SYNC_TRACE ("http %s %s: %u, %zu bytes, %.2f ms", call->method, g_uri_get_path (call->uri),
                     soup_message_get_status (call->msg), bytes ? g_bytes_get_size (bytes) : 0,
                     (g_get_monotonic_time () - call->started) / 1e3);
  if (bytes == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  call->status = soup_message_get_status (call->msg);

  /* An expired AuthSession cookie: log in again, once per call. */
  if (call->status == SOUP_STATUS_UNAUTHORIZED && self->mode == RELAIS_AUTH_SESSION &&
      self->user != NULL && !self->session_unsupported && !call->auth_retried)
    {
      call->auth_retried = TRUE;
      self->logged_in = FALSE;
      login (g_steal_pointer (&task));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
}

static void
call_send (GTask *task)
{
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_clear_object (&call->msg);
  call->msg = soup_message_new_from_uri (call->method, call->uri);
  headers = soup_message_get_request_headers (call->msg);
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (call->msg, call->content_type, call->body);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (use_basic (self))
    {
      g_autofree char *pair =
          g_strdup_printf ("%s:%s", self->user, self->password ? self->password : "");
      g_autofree char *b64 = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *value = g_strconcat ("Basic ", b64, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
    }
  call->started = g_get_monotonic_time ();
  soup_session_send_and_read_async (self->session, call->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), sent_cb, task);
}

/* Sends @method @path (relative to the database, or to the server root
 * when @path starts with "/"); the task returns the answer's bytes. */
static void
call_async (RelaisRemoteEndpoint *self,
            const char *method,
            const char *path,
            const char *body,
            gssize body_len,
            GCancellable *cancellable,
            GAsyncReadyCallback callback,
            gpointer user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  call->method = g_strdup (method);
  call->uri = path[0] == '/'
                  ? g_uri_parse_relative (self->root_uri, path + 1, G_URI_FLAGS_ENCODED, NULL)
                  : g_uri_parse_relative (self->db_uri, path, G_URI_FLAGS_ENCODED, NULL);
  g_assert (call->uri != NULL);
  if (body != NULL)
    {
      gsize len = body_len < 0 ? strlen (body) : (gsize) body_len;

      call->body = g_bytes_new (body, len);
      call->content_type = g_strdup ("application/json");
    }
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  if (self->mode == RELAIS_AUTH_SESSION && self->user != NULL && !self->logged_in &&
      !self->session_unsupported)
    login (task);
  else
    call_send (task);
}

static GBytes *
call_finish (GAsyncResult *result, guint *status, GError **error)
{
  Call *call = g_task_get_task_data (G_TASK (result));
  GBytes *bytes = g_task_propagate_pointer (G_TASK (result), error);

  *status = call->status;
  return bytes;
}

static JsonNode *
parse_bytes (GBytes *bytes, GError **error)
{
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  return relais_json_parse (len > 0 ? data : "", (gssize) len, error);
}

/* The CouchDB error of a non-2xx answer. */
static gboolean
check_status (guint status, GBytes *bytes, const char *what, GError **error)
{
  g_autoptr (JsonNode) node = NULL;
  const char *name = NULL, *reason = NULL;
  int code;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return TRUE;

  if (bytes != NULL && (node = parse_bytes (bytes, NULL)) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);

      name = json_object_get_string_member_with_default (object, "error", NULL);
      reason = json_object_get_string_member_with_default (object, "reason", NULL);
    }
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      code = RELAIS_SYNC_ERROR_UNAUTHORIZED;
      break;
    case SOUP_STATUS_FORBIDDEN:
      code = RELAIS_SYNC_ERROR_FORBIDDEN;
      break;
    case SOUP_STATUS_NOT_FOUND:
      code = RELAIS_SYNC_ERROR_NOT_FOUND;
      break;
    case SOUP_STATUS_CONFLICT:
      code = RELAIS_SYNC_ERROR_CONFLICT;
      break;
    case SOUP_STATUS_REQUEST_TIMEOUT:
    case 429:
      code = RELAIS_SYNC_ERROR_SERVER;
      break;
    default:
      code = status >= 500 ? RELAIS_SYNC_ERROR_SERVER : RELAIS_SYNC_ERROR_HTTP;
    }
  g_set_error (error, RELAIS_SYNC_ERROR, code, "%s: HTTP %u%s%s%s%s", what, status, name ? " " : "",
               name ? name : "", reason ? ": " : "", reason ? reason : "");
  return FALSE;
}

static JsonNode *
finish_json (RelaisRemoteEndpoint *self, GAsyncResult *result, const char *what, GError **error)
{
  guint status = 0;
  g_autoptr (GBytes) bytes = call_finish (result, &status, error);
  gint64 start = g_get_monotonic_time ();
  JsonNode *node;

  if (bytes == NULL || !check_status (status, bytes, what, error))
    return NULL;
  node = parse_bytes (bytes, error);
  add_timing (self, 0, g_get_monotonic_time () - start);
  if (node == NULL)
    g_prefix_error (error, "%s: ", what);
  return node;
}

static char *
seq_to_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("0");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return relais_json_canonical (node);
}

static char *
local_path (const char *id)
{
  g_autofree char *escaped = g_uri_escape_string (id + strlen ("_local/"), NULL, FALSE);

  return g_strconcat ("_local/", escaped, NULL);
}

/* info: GET / for the server's uuid and GET /db (PUT /db first when it
 * is missing and we may create it), both at once unless a login must
 * come first: a round trip less in the fixed cost of every run. */

typedef struct
{
  char *uuid;
  char *update_seq;
  GError *error;       /* the first failure */
  guint pending;       /* answers awaited */
  gboolean root_first; /* GET db waits for GET / (and its login) */
  gboolean created;
} InfoData;

static void
info_data_free (InfoData *data)
{
  g_free (data->uuid);
  g_free (data->update_seq);
  g_clear_error (&data->error);
  g_free (data);
}

static void info_db_cb (GObject *source, GAsyncResult *result, gpointer user_data);

/* One answer is in (@error: it failed); the task ends with the last. */
static void
info_part_done (GTask *task, GError *error)
{
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  InfoData *data = g_task_get_task_data (task);
  RelaisEndpointInfo *info;

  if (error != NULL && data->error == NULL)
    data->error = error;
  else if (error != NULL)
    g_error_free (error);
  if (--data->pending > 0)
    return;
  if (data->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      return;
    }
  info = g_new0 (RelaisEndpointInfo, 1);
  info->update_seq = g_steal_pointer (&data->update_seq);
  /* As PouchDB: the server's uuid names it whatever host or port it is
   * reached by; without one, the URL does. */
  if (data->uuid != NULL)
    info->peer_id = g_strconcat (data->uuid, "/", self->db_name, NULL);
  else
    info->peer_id = g_uri_to_string (self->db_uri);
  g_task_return_pointer (task, info, (GDestroyNotify) relais_endpoint_info_free);
}

static void
info_created_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GCancellable *cancellable;
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  guint status = 0;
  g_autoptr (GBytes) bytes = call_finish (result, &status, &error);

  /* 412: someone created it meanwhile, which is as good. */
  if (bytes == NULL || (status != SOUP_STATUS_PRECONDITION_FAILED &&
                        !check_status (status, bytes, "PUT db", &error)))
    {
      info_part_done (task, g_steal_pointer (&error));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  call_async (self, "GET", "", NULL, 0, cancellable, info_db_cb, g_steal_pointer (&task));
}

static void
info_db_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  InfoData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = finish_json (self, result, "GET db", &error);

  if (node == NULL && g_error_matches (error, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_NOT_FOUND) &&
      self->create_target && !data->created)
    {
      data->created = TRUE;
      GCancellable *cancellable = g_task_get_cancellable (task);

      call_async (self, "PUT", "", NULL, 0, cancellable, info_created_cb, g_steal_pointer (&task));
      return;
    }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (error == NULL)
        g_set_error (&error, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_PROTOCOL,
                     "GET db: not an object");
      info_part_done (task, g_steal_pointer (&error));
      return;
    }
  data->update_seq =
      seq_to_text (json_object_get_member (json_node_get_object (node), "update_seq"));
  info_part_done (task, NULL);
}

static void
info_root_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  InfoData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = finish_json (self, result, "GET /", &error);

  /* A server that refuses GET / (a proxy's rule) is still a peer: the URL
   * names it. */
  if (node == NULL &&
      (error->domain != RELAIS_SYNC_ERROR || relais_sync_error_is_transient (error)))
    {
      info_part_done (task, g_steal_pointer (&error));
      return;
    }
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    data->uuid = g_strdup (
        json_object_get_string_member_with_default (json_node_get_object (node), "uuid", NULL));
  if (data->root_first)
    {
      /* Logged in now: the database's info follows. */
      GCancellable *cancellable = g_task_get_cancellable (task);

      call_async (self, "GET", "", NULL, 0, cancellable, info_db_cb, g_steal_pointer (&task));
      return;
    }
  info_part_done (task, NULL);
}

static void
remote_info_async (RelaisEndpoint *endpoint,
                   GCancellable *c,
                   GAsyncReadyCallback cb,
                   gpointer user_data)
{
  RelaisRemoteEndpoint *self = RELAIS_REMOTE_ENDPOINT (endpoint);
  GTask *task = g_task_new (self, c, cb, user_data);
  InfoData *data = g_new0 (InfoData, 1);
  /* Two requests before the session cookie would log in twice. */
  gboolean at_once = !(self->mode == RELAIS_AUTH_SESSION && self->user != NULL &&
                       !self->logged_in && !self->session_unsupported);

  g_task_set_task_data (task, data, (GDestroyNotify) info_data_free);
  data->pending = at_once ? 2 : 1;
  data->root_first = !at_once;
  if (at_once)
    call_async (self, "GET", "", NULL, 0, c, info_db_cb, g_object_ref (task));
  call_async (self, "GET", "/", NULL, 0, c, info_root_cb, task);
}

/* _local documents */

static void
get_local_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = finish_json (self, result, "GET _local", &error);

  if (node == NULL && g_error_matches (error, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_NOT_FOUND))
    g_task_return_pointer (task, NULL, NULL);
  else if (node == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!JSON_NODE_HOLDS_OBJECT (node))
    g_task_return_new_error (task, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_PROTOCOL,
                             "GET _local: not an object");
  else
    g_task_return_pointer (task, json_node_dup_object (node), (GDestroyNotify) json_object_unref);
}

static void
remote_get_local_async (RelaisEndpoint *endpoint,
                        const char *id,
                        GCancellable *c,
                        GAsyncReadyCallback cb,
                        gpointer user_data)
{
  RelaisRemoteEndpoint *self = RELAIS_REMOTE_ENDPOINT (endpoint);
  g_autofree char *path = local_path (id);

  call_async (self, "GET", path, NULL, 0, c, get_local_cb, g_task_new (self, c, cb, user_data));
}

static void
put_local_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = finish_json (self, result, "PUT _local", &error);
  const char *rev;

  if (node == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  rev = JSON_NODE_HOLDS_OBJECT (node)
            ? json_object_get_string_member_with_default (json_node_get_object (node), "rev", NULL)
            : NULL;
  if (rev == NULL)
    g_task_return_new_error (task, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_PROTOCOL,
                             "PUT _local: no rev in the answer");
  else
    g_task_return_pointer (task, g_strdup (rev), g_free);
}

static void
remote_put_local_async (RelaisEndpoint *endpoint,
                        const char *id,
                        JsonObject *doc,
                        GCancellable *c,
                        GAsyncReadyCallback cb,
                        gpointer user_data)
{
  RelaisRemoteEndpoint *self = RELAIS_REMOTE_ENDPOINT (endpoint);
  g_autofree char *path = local_path (id);
  g_autofree char *body = relais_json_object_canonical (doc);

  call_async (self, "PUT", path, body, -1, c, put_local_cb, g_task_new (self, c, cb, user_data));
}

/* _changes */

static void
changes_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = finish_json (self, result, "GET _changes", &error);
  g_autoptr (RelaisChangesBatch) batch = NULL;
  JsonObject *object;
  JsonArray *results;

  if (node == NULL)
    {
      /* A 2xx feed that is not JSON was cut short: a server that stops
       * (or a connection that drops) ends a waiting longpoll after its
       * heartbeats, and libsoup takes the end of the chunked stream for
       * the end of the answer. The server is going away, not speaking
       * another protocol: retry, as for a refused connection. */
      if (error->domain == JSON_PARSER_ERROR || error->domain == RELAIS_DOC_ERROR)
        {
          g_task_return_new_error (task, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_SERVER,
                                   "The changes feed was cut short (%s)", error->message);
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member ((object = json_node_get_object (node)), "results") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "results")))
    {
      g_task_return_new_error (task, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_PROTOCOL,
                               "GET _changes: no results");
      return;
    }

  batch = g_new0 (RelaisChangesBatch, 1);
  batch->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) relais_change_row_free);
  results = json_object_get_array_member (object, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *element = json_array_get_element (results, i);
      JsonObject *row_object =
          JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonNode *changes = row_object ? json_object_get_member (row_object, "changes") : NULL;
      const char *id =
          row_object ? json_object_get_string_member_with_default (row_object, "id", NULL) : NULL;
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      RelaisChangeRow *row;

      if (id == NULL || changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes))
        continue;
      for (guint j = 0; j < json_array_get_length (json_node_get_array (changes)); j++)
        {
          JsonNode *change = json_array_get_element (json_node_get_array (changes), j);
          const char *rev = JSON_NODE_HOLDS_OBJECT (change)
                                ? json_object_get_string_member_with_default (
                                      json_node_get_object (change), "rev", NULL)
                                : NULL;

          if (rev != NULL)
            g_strv_builder_add (builder, rev);
        }
      row = g_new0 (RelaisChangeRow, 1);
      row->id = g_strdup (id);
      row->revs = g_strv_builder_end (builder);
      row->deleted = json_object_get_boolean_member_with_default (row_object, "deleted", FALSE);
      g_ptr_array_add (batch->rows, row);
    }
  batch->last_seq = seq_to_text (json_object_get_member (object, "last_seq"));
  g_task_return_pointer (task, g_steal_pointer (&batch),
                         (GDestroyNotify) relais_changes_batch_free);
}

static void
remote_changes_async (RelaisEndpoint *endpoint,
                      const char *since,
                      guint limit,
                      guint wait_ms,
                      GCancellable *c,
                      GAsyncReadyCallback cb,
                      gpointer user_data)
{
  RelaisRemoteEndpoint *self = RELAIS_REMOTE_ENDPOINT (endpoint);
  g_autofree char *since_escaped = g_uri_escape_string (since, NULL, FALSE);
  g_autoptr (GString) path = g_string_new ("_changes?style=all_docs&since=");

  g_string_append (path, since_escaped);
  if (limit > 0)
    g_string_append_printf (path, "&limit=%u", limit);
  /* A longpoll with heartbeats: the newlines keep proxies and our read
   * timeout from closing a quiet feed; a dead server shows as an error. */
  if (wait_ms > 0)
    g_string_append_printf (path, "&feed=longpoll&heartbeat=%u", self->heartbeat_ms);
  if (self->selector_body != NULL)
    {
      /* CouchDB takes a selector in a POST body only. */
      g_string_append (path, "&filter=_selector");
      call_async (self, "POST", path->str, self->selector_body,
                  (gssize) strlen (self->selector_body), c, changes_cb,
                  g_task_new (self, c, cb, user_data));
      return;
    }
  call_async (self, "GET", path->str, NULL, 0, c, changes_cb, g_task_new (self, c, cb, user_data));
}

/* _revs_diff */

static void
revs_diff_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = finish_json (self, result, "POST _revs_diff", &error);

  if (node == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (!JSON_NODE_HOLDS_OBJECT (node))
    g_task_return_new_error (task, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_PROTOCOL,
                             "POST _revs_diff: not an object");
  else
    g_task_return_pointer (task, json_node_dup_object (node), (GDestroyNotify) json_object_unref);
}

static void
remote_revs_diff_async (RelaisEndpoint *endpoint,
                        JsonObject *request,
                        GCancellable *c,
                        GAsyncReadyCallback cb,
                        gpointer user_data)
{
  RelaisRemoteEndpoint *self = RELAIS_REMOTE_ENDPOINT (endpoint);
  g_autofree char *body = relais_json_object_canonical (request);

  call_async (self, "POST", "_revs_diff", body, -1, c, revs_diff_cb,
              g_task_new (self, c, cb, user_data));
}

/* _bulk_get: the answer (the whole batch's bodies) is parsed in a worker. */

/* The target's work done here, in the parsing worker, rather than in the
 * one thread that writes: the body's canonical text and the revision
 * path. A path that does not decode is left for the target to refuse. */
static RelaisSyncDoc *
prepare_doc (JsonObject *object)
{
  RelaisSyncDoc *doc = relais_sync_doc_new (NULL, object);
  JsonNode *revisions = json_object_get_member (object, "_revisions");
  g_auto (GStrv) hashes = NULL;
  guint64 start;

  doc->body = relais_doc_body_canonical (object);
  if (revisions != NULL && JSON_NODE_HOLDS_OBJECT (revisions) &&
      relais_revisions_decode (json_node_get_object (revisions), &start, &hashes, NULL))
    doc->revs = relais_revisions_to_revs (start, (const char *const *) hashes);
  return doc;
}

static void
bulk_get_parse_thread (GTask *task,
                       gpointer source_object,
                       gpointer task_data,
                       GCancellable *cancellable)
{
  RelaisRemoteEndpoint *self = source_object;
  GBytes *bytes = task_data;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (JsonNode) node = parse_bytes (bytes, &error);
  g_autoptr (GPtrArray) docs =
      g_ptr_array_new_with_free_func ((GDestroyNotify) relais_sync_doc_free);
  JsonArray *results;

  if (node == NULL)
    {
      g_prefix_error (&error, "POST _bulk_get: ");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node) ||
      (results = json_object_get_array_member (json_node_get_object (node), "results")) == NULL)
    {
      g_task_return_new_error (task, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_PROTOCOL,
                               "POST _bulk_get: no results");
      return;
    }
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      JsonArray *items = result ? json_object_get_array_member (result, "docs") : NULL;

      for (guint j = 0; items != NULL && j < json_array_get_length (items); j++)
        {
          JsonObject *item = json_array_get_object_element (items, j);
          JsonNode *ok = item ? json_object_get_member (item, "ok") : NULL;

          /* An {"error":…} item is a revision gone since the feed: the
           * next feed brings its successor. */
          if (ok != NULL && JSON_NODE_HOLDS_OBJECT (ok))
            g_ptr_array_add (docs, prepare_doc (json_node_dup_object (ok)));
        }
    }
  add_timing (self, 0, g_get_monotonic_time () - start);
  g_task_return_pointer (task, g_steal_pointer (&docs), (GDestroyNotify) g_ptr_array_unref);
}

/* A fetch: the revisions asked, in requests of a range of them each. A
 * server whose limit on documents per request is below the batch answers
 * 413: that range is asked again in two halves (as CouchDB's replicator
 * does), down to one revision a request. */
typedef struct
{
  guint start, end;
} FetchRange;

typedef struct
{
  GPtrArray *ids;  /* (element-type utf8) each revision's id… */
  GPtrArray *revs; /* …and rev, in request order */
  GPtrArray *docs; /* (element-type RelaisSyncDoc) the answers so far */
  GQueue ranges;   /* of FetchRange, still to ask */
  FetchRange current;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_ptr_array_unref (fetch->ids);
  g_ptr_array_unref (fetch->revs);
  g_ptr_array_unref (fetch->docs);
  g_queue_clear_full (&fetch->ranges, g_free);
  g_free (fetch);
}

static void fetch_next (GTask *task);

static void
fetch_range_parsed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = g_task_propagate_pointer (G_TASK (result), &error);

  if (docs == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_extend_and_steal (fetch->docs, g_steal_pointer (&docs));
  fetch_next (g_steal_pointer (&task));
}

static void
bulk_get_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  FetchRange range = fetch->current;
  g_autoptr (GError) error = NULL;
  guint status = 0;
  g_autoptr (GBytes) bytes = call_finish (result, &status, &error);
  GCancellable *cancellable;
  GTask *parse;

  if (bytes != NULL && status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE &&
      range.end - range.start > 1)
    {
      FetchRange *first = g_new (FetchRange, 1);
      FetchRange *second = g_new (FetchRange, 1);

      first->start = range.start;
      first->end = second->start = range.start + (range.end - range.start) / 2;
      second->end = range.end;
      g_queue_push_head (&fetch->ranges, second);
      g_queue_push_head (&fetch->ranges, first);
      fetch_next (g_steal_pointer (&task));
      return;
    }
  if (bytes == NULL || !check_status (status, bytes, "POST _bulk_get", &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  parse = g_task_new (self, cancellable, fetch_range_parsed_cb, g_steal_pointer (&task));
  g_task_set_task_data (parse, g_steal_pointer (&bytes), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (parse, bulk_get_parse_thread);
  g_object_unref (parse);
}

/* Asks the next range, or returns every answer. */
static void
fetch_next (GTask *task)
{
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  Fetch *fetch = g_task_get_task_data (task);
  g_autofree FetchRange *range = g_queue_pop_head (&fetch->ranges);
  g_autoptr (GString) body = NULL;

  if (range == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_ref (fetch->docs),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  fetch->current = *range;
  body = g_string_new ("{\"docs\":[");
  for (guint i = range->start; i < range->end; i++)
    {
      g_string_append (body, i > range->start ? ",{\"id\":" : "{\"id\":");
      relais_json_append_string (body, g_ptr_array_index (fetch->ids, i));
      g_string_append (body, ",\"rev\":");
      relais_json_append_string (body, g_ptr_array_index (fetch->revs, i));
      g_string_append_c (body, '}');
    }
  g_string_append (body, "]}");
  call_async (self, "POST", "_bulk_get?revs=true&latest=true", body->str, (gssize) body->len,
              g_task_get_cancellable (task), bulk_get_cb, task);
}

static void
remote_fetch_async (RelaisEndpoint *endpoint,
                    JsonObject *missing,
                    GCancellable *c,
                    GAsyncReadyCallback cb,
                    gpointer user_data)
{
  RelaisRemoteEndpoint *self = RELAIS_REMOTE_ENDPOINT (endpoint);
  GTask *task = g_task_new (self, c, cb, user_data);
  Fetch *fetch = g_new0 (Fetch, 1);
  FetchRange *all = g_new (FetchRange, 1);
  JsonObjectIter iter;
  const char *id;
  JsonNode *entry;

  fetch->ids = g_ptr_array_new_with_free_func (g_free);
  fetch->revs = g_ptr_array_new_with_free_func (g_free);
  fetch->docs = g_ptr_array_new_with_free_func ((GDestroyNotify) relais_sync_doc_free);
  g_queue_init (&fetch->ranges);
  json_object_iter_init (&iter, missing);
  while (json_object_iter_next (&iter, &id, &entry))
    {
      JsonArray *revs = JSON_NODE_HOLDS_OBJECT (entry)
                            ? json_object_get_array_member (json_node_get_object (entry), "missing")
                            : NULL;

      for (guint i = 0; revs != NULL && i < json_array_get_length (revs); i++)
        {
          g_ptr_array_add (fetch->ids, g_strdup (id));
          g_ptr_array_add (fetch->revs, g_strdup (json_array_get_string_element (revs, i)));
        }
    }
  all->start = 0;
  all->end = fetch->ids->len;
  g_queue_push_head (&fetch->ranges, all);
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);
  fetch_next (task);
}

/* _bulk_docs new_edits=false, in requests of at most max_request_bytes
 * and WRITE_CHUNK_DOCS documents, WRITES_IN_FLIGHT at a time: the server
 * parses and checks one request while its writer thread writes the other
 * (a push of 20,000 DE was a third parsing, one request after the
 * other). Replicated revisions may be written in any order. A 413 (the
 * server's own limit is lower) splits the request in two. */
#define WRITE_CHUNK_DOCS 250
#define WRITES_IN_FLIGHT 2

typedef struct
{
  GPtrArray *texts;  /* (element-type utf8) one per document */
  GPtrArray *revs;   /* (element-type utf8) their _rev, for errors */
  GPtrArray *ids;    /* (element-type utf8) */
  GQueue pending;    /* of ranges [start, end) as pairs of GUINT_TO_POINTER */
  GPtrArray *errors; /* (element-type RelaisSyncDocError) */
  guint in_flight;
  GError *error; /* the first failure: the task returns it once all are back */
} Write;

typedef struct
{
  GTask *task; /* owned */
  guint start, end;
} WriteRange;

static void
write_free (Write *write)
{
  g_ptr_array_unref (write->texts);
  g_ptr_array_unref (write->revs);
  g_ptr_array_unref (write->ids);
  g_queue_clear (&write->pending);
  g_ptr_array_unref (write->errors);
  g_clear_error (&write->error);
  g_free (write);
}

static void
push_range (Write *write, guint start, guint end)
{
  g_queue_push_tail (&write->pending, GUINT_TO_POINTER (start));
  g_queue_push_tail (&write->pending, GUINT_TO_POINTER (end));
}

static void write_next (GTask *task);

/* The errors of one answer, added to write->errors. */
static void
read_bulk_docs_errors (Write *write, WriteRange *range, JsonNode *node)
{
  JsonArray *items;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return;
  items = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *name =
          item ? json_object_get_string_member_with_default (item, "error", NULL) : NULL;
      const char *id, *rev;

      if (name == NULL)
        continue;
      id = json_object_get_string_member_with_default (item, "id", NULL);
      rev = json_object_get_string_member_with_default (item, "rev", NULL);
      /* CouchDB's error items carry no rev: ours says which one. */
      for (guint j = range->start; rev == NULL && id != NULL && j < range->end; j++)
        if (g_strcmp0 (g_ptr_array_index (write->ids, j), id) == 0)
          rev = g_ptr_array_index (write->revs, j);
      g_ptr_array_add (
          write->errors,
          relais_sync_doc_error_new (
              id, rev, name, json_object_get_string_member_with_default (item, "reason", NULL)));
    }
}

static void
bulk_docs_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autofree WriteRange *range = user_data;
  g_autoptr (GTask) task = range->task;
  Write *write = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  guint status = 0;
  g_autoptr (GBytes) bytes = call_finish (result, &status, &error);
  g_autoptr (JsonNode) node = NULL;

  write->in_flight--;
  if (write->error != NULL)
    ;
  else if (bytes != NULL && status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    {
      if (range->end - range->start > 1)
        {
          guint middle = range->start + (range->end - range->start) / 2;

          /* The halves go first, before what was queued. */
          g_queue_push_head (&write->pending, GUINT_TO_POINTER (range->end));
          g_queue_push_head (&write->pending, GUINT_TO_POINTER (middle));
          g_queue_push_head (&write->pending, GUINT_TO_POINTER (middle));
          g_queue_push_head (&write->pending, GUINT_TO_POINTER (range->start));
        }
      else
        g_ptr_array_add (write->errors, relais_sync_doc_error_new (
                                            g_ptr_array_index (write->ids, range->start),
                                            g_ptr_array_index (write->revs, range->start),
                                            "too_large", "Document too large for the server"));
    }
  else if (bytes == NULL || !check_status (status, bytes, "POST _bulk_docs", &error) ||
           (node = parse_bytes (bytes, &error)) == NULL)
    write->error = g_steal_pointer (&error);
  else
    read_bulk_docs_errors (write, range, node);
  write_next (g_steal_pointer (&task));
}

/* Sends pending ranges up to WRITES_IN_FLIGHT; the task returns when
 * every answer is back. Consumes the reference to @task. */
static void
write_next (GTask *task)
{
  RelaisRemoteEndpoint *self = g_task_get_source_object (task);
  Write *write = g_task_get_task_data (task);

  while (write->error == NULL && write->in_flight < WRITES_IN_FLIGHT &&
         !g_queue_is_empty (&write->pending))
    {
      WriteRange *range = g_new0 (WriteRange, 1);
      g_autoptr (GString) body = g_string_new ("{\"new_edits\":false,\"docs\":[");

      range->start = GPOINTER_TO_UINT (g_queue_pop_head (&write->pending));
      range->end = GPOINTER_TO_UINT (g_queue_pop_head (&write->pending));
      range->task = g_object_ref (task);
      for (guint i = range->start; i < range->end; i++)
        {
          if (i > range->start)
            g_string_append_c (body, ',');
          g_string_append (body, g_ptr_array_index (write->texts, i));
        }
      g_string_append (body, "]}");
      write->in_flight++;
      call_async (self, "POST", "_bulk_docs", body->str, (gssize) body->len,
                  g_task_get_cancellable (task), bulk_docs_cb, range);
    }

  if (write->in_flight == 0)
    {
      if (write->error != NULL)
        g_task_return_error (task, g_steal_pointer (&write->error));
      else
        g_task_return_pointer (task, g_ptr_array_ref (write->errors),
                               (GDestroyNotify) g_ptr_array_unref);
    }
  g_object_unref (task);
}

static void
remote_write_async (RelaisEndpoint *endpoint,
                    GPtrArray *docs,
                    GCancellable *c,
                    GAsyncReadyCallback cb,
                    gpointer user_data)
{
  RelaisRemoteEndpoint *self = RELAIS_REMOTE_ENDPOINT (endpoint);
  GTask *task = g_task_new (self, c, cb, user_data);
  Write *write = g_new0 (Write, 1);
  gsize size = 0;
  guint start = 0;

  write->texts = g_ptr_array_new_with_free_func (g_free);
  write->revs = g_ptr_array_new_with_free_func (g_free);
  write->ids = g_ptr_array_new_with_free_func (g_free);
  write->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) relais_sync_doc_error_free);
  g_queue_init (&write->pending);

  for (guint i = 0; i < docs->len; i++)
    {
      RelaisSyncDoc *doc = g_ptr_array_index (docs, i);
      /* Text from a store goes out as it is; only parsed documents (from
       * another server) are written out again. */
      char *text =
          doc->json != NULL ? g_strdup (doc->json) : relais_json_object_canonical (doc->object);
      g_autoptr (JsonObject) parsed = doc->object != NULL ? json_object_ref (doc->object) : NULL;
      gsize len = strlen (text);

      /* id and rev for the error list: a store source gives them; parsing
       * 20,000 texts again for them took a fifth of a push. */
      if (parsed == NULL && (doc->id == NULL || doc->rev == NULL))
        parsed = relais_json_parse_object (text, (gssize) len, NULL);
      g_ptr_array_add (write->ids, g_strdup (doc->id != NULL ? doc->id
                                             : parsed        ? relais_doc_get_id (parsed)
                                                             : NULL));
      g_ptr_array_add (write->revs, g_strdup (doc->rev != NULL ? doc->rev
                                              : parsed         ? relais_doc_get_rev (parsed)
                                                               : NULL));

      if (size > 0 && (size + len > self->max_request_bytes || i - start >= WRITE_CHUNK_DOCS))
        {
          push_range (write, start, i);
          start = i;
          size = 0;
        }
      size += len + 1;
      g_ptr_array_add (write->texts, text);
    }
  if (start < docs->len)
    push_range (write, start, docs->len);

  g_task_set_task_data (task, write, (GDestroyNotify) write_free);
  write_next (task);
}

/* RelaisEndpoint */

static char *
remote_describe (RelaisEndpoint *endpoint)
{
  return g_uri_to_string (RELAIS_REMOTE_ENDPOINT (endpoint)->db_uri);
}

static void
remote_get_timings (RelaisEndpoint *endpoint, RelaisSyncTimings *timings)
{
  RelaisRemoteEndpoint *self = RELAIS_REMOTE_ENDPOINT (endpoint);
  g_autoptr (GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&self->lock);

  *timings = self->timings;
}

static void
relais_remote_endpoint_iface_init (RelaisEndpointInterface *iface)
{
  iface->describe = remote_describe;
  iface->get_timings = remote_get_timings;
  iface->info_async = remote_info_async;
  iface->get_local_async = remote_get_local_async;
  iface->put_local_async = remote_put_local_async;
  iface->changes_async = remote_changes_async;
  iface->revs_diff_async = remote_revs_diff_async;
  iface->fetch_async = remote_fetch_async;
  iface->write_async = remote_write_async;
}

/* GObject */

static void
relais_remote_endpoint_finalize (GObject *object)
{
  RelaisRemoteEndpoint *self = RELAIS_REMOTE_ENDPOINT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->db_uri, g_uri_unref);
  g_clear_pointer (&self->root_uri, g_uri_unref);
  g_free (self->db_name);
  g_free (self->user);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->selector_body);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (relais_remote_endpoint_parent_class)->finalize (object);
}

static void
relais_remote_endpoint_class_init (RelaisRemoteEndpointClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relais_remote_endpoint_finalize;
}

static void
relais_remote_endpoint_init (RelaisRemoteEndpoint *self)
{
  g_autoptr (SoupCookieJar) jar = soup_cookie_jar_new ();

  g_mutex_init (&self->lock);
  self->max_request_bytes = DEFAULT_MAX_REQUEST_BYTES;
  self->heartbeat_ms = DEFAULT_HEARTBEAT_MS;
  /* The read timeout must outlast a heartbeat interval. */
  self->session = soup_session_new_with_options ("timeout", 60, "user-agent",
                                                 "relais-sync/" PACKAGE_VERSION, NULL);
  soup_session_add_feature (self->session, SOUP_SESSION_FEATURE (jar));
}

/**
 * relais_remote_endpoint_new:
 * @url: `http(s)://[user:password@]host[:port]/db`
 *
 * Credentials in the URL are taken out of it (they never reach the
 * replication id nor the logs) and used as Basic credentials.
 */
RelaisRemoteEndpoint *
relais_remote_endpoint_new (const char *url, GError **error)
{
  g_autoptr (RelaisRemoteEndpoint) self = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autofree char *path = NULL;
  const char *scheme;
  char *last;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_HAS_PASSWORD, error);
  if (uri == NULL)
    return NULL;
  scheme = g_uri_get_scheme (uri);
  if ((g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL)
    {
      g_set_error (error, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_INVALID_LOCATION,
                   "%s is not an http(s) URL", url);
      return NULL;
    }

  path = g_strdup (g_uri_get_path (uri));
  while (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  last = strrchr (path, '/');
  if (last == NULL || last[1] == '\0')
    {
      g_set_error (error, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_INVALID_LOCATION,
                   "%s names no database", url);
      return NULL;
    }

  self = g_object_new (RELAIS_TYPE_REMOTE_ENDPOINT, NULL);
  self->db_name = g_uri_unescape_string (last + 1, NULL);
  if (g_uri_get_user (uri) != NULL)
    {
      self->user = g_uri_unescape_string (g_uri_get_user (uri), NULL);
      self->password =
          g_uri_get_password (uri) ? g_uri_unescape_string (g_uri_get_password (uri), NULL) : NULL;
    }
  {
    g_autofree char *db_path = g_strconcat (path, "/", NULL);

    self->db_uri = g_uri_build (G_URI_FLAGS_ENCODED, scheme, NULL, g_uri_get_host (uri),
                                g_uri_get_port (uri), db_path, NULL, NULL);
    self->root_uri = g_uri_build (G_URI_FLAGS_ENCODED, scheme, NULL, g_uri_get_host (uri),
                                  g_uri_get_port (uri), "/", NULL, NULL);
  }
  return g_steal_pointer (&self);
}

/**
 * relais_remote_endpoint_set_credentials:
 * @mode: RELAIS_AUTH_SESSION logs in with POST /_session and then sends
 *   the AuthSession cookie, logging in again on a 401; a server without
 *   /_session (404) gets Basic instead
 */
void
relais_remote_endpoint_set_credentials (RelaisRemoteEndpoint *self,
                                        const char *user,
                                        const char *password,
                                        RelaisAuthMode mode)
{
  g_return_if_fail (RELAIS_IS_REMOTE_ENDPOINT (self));

  g_free (self->user);
  g_free (self->password);
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  self->mode = mode;
  self->logged_in = FALSE;
  self->session_unsupported = FALSE;
}

/* The CAs to trust for https (the system's by default). */
void
relais_remote_endpoint_set_tls_database (RelaisRemoteEndpoint *self, GTlsDatabase *database)
{
  g_return_if_fail (RELAIS_IS_REMOTE_ENDPOINT (self));
  g_object_set (self->session, "tls-database", database, NULL);
}

gboolean
relais_remote_endpoint_set_ca_file (RelaisRemoteEndpoint *self, const char *path, GError **error)
{
  g_autoptr (GTlsDatabase) database = NULL;

  g_return_val_if_fail (RELAIS_IS_REMOTE_ENDPOINT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if ((database = g_tls_file_database_new (path, error)) == NULL)
    return FALSE;
  relais_remote_endpoint_set_tls_database (self, database);
  return TRUE;
}

/* As CouchDB's create_target: PUT the database when it is missing. */
void
relais_remote_endpoint_set_create_target (RelaisRemoteEndpoint *self, gboolean create)
{
  g_return_if_fail (RELAIS_IS_REMOTE_ENDPOINT (self));
  self->create_target = create;
}

void
relais_remote_endpoint_set_max_request_bytes (RelaisRemoteEndpoint *self, gsize bytes)
{
  g_return_if_fail (RELAIS_IS_REMOTE_ENDPOINT (self));
  self->max_request_bytes = MAX (bytes, 1024);
}

void
relais_remote_endpoint_set_heartbeat (RelaisRemoteEndpoint *self, guint ms)
{
  g_return_if_fail (RELAIS_IS_REMOTE_ENDPOINT (self));
  self->heartbeat_ms = MAX (ms, 100);
}

/* How many times POST /_session was sent (tests, diagnostics). */
guint
relais_remote_endpoint_get_n_logins (RelaisRemoteEndpoint *self)
{
  g_return_val_if_fail (RELAIS_IS_REMOTE_ENDPOINT (self), 0);
  return self->n_logins;
}

/* Only the changes of documents matching @selector (a Mango selector,
 * relais-selector.h) come from this source; NULL for all. */
void
relais_remote_endpoint_set_selector (RelaisRemoteEndpoint *self, JsonObject *selector)
{
  g_return_if_fail (RELAIS_IS_REMOTE_ENDPOINT (self));

  g_clear_pointer (&self->selector_body, g_free);
  if (selector != NULL)
    {
      g_autoptr (GString) body = g_string_new ("{\"selector\":");

      relais_json_append_canonical_object (body, selector, FALSE);
      g_string_append_c (body, '}');
      self->selector_body = g_string_free (g_steal_pointer (&body), FALSE);
    }
}

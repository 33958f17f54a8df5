/* relais-server.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The SoupServer, the router from a path to a handler, the single point
 * where requests are authorised, and the one-line-per-request log.
 *
 * Every handler runs on the main thread and the stores are used from it
 * only: writes to a database are therefore serialised, and a write is
 * committed before its response is queued. Feeds that wait (longpoll,
 * continuous) pause their message and never block the loop.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <string.h>

#include "relais-connection-reaper.h"
#include "relais-core.h"
#include "relais-jobs.h"
#include "relais-response-cork.h"
#include "relais-server-private.h"

struct _RelaisServer
{
  GObject parent_instance;

  /* Owned References */
  RelaisServerConfig *config;
  RelaisDbRegistry *registry;
  RelaisAuth *auth;
  SoupServer *soup;
  char *uuid;
  RelaisJobsTimer *jobs;
  RelaisConnectionReaper *reaper;

  /* Requests whose headers were read and that are not answered yet. */
  guint in_flight;
  /* relais_server_drain() */
  gboolean draining;
  gint64 drain_start;
  gint64 drain_deadline;
  guint drain_id;
  GSourceFunc drained;
  gpointer drained_data;
};

G_DEFINE_FINAL_TYPE (RelaisServer, relais_server, G_TYPE_OBJECT)

typedef struct
{
  gint64 start;
  char *method;
  char *path;
  char *user;
} RequestLog;

static const char *const ANY_METHOD[] = { NULL };

/* Pending connections the kernel queues before accept() (capped by
 * net.core.somaxconn, 4096 on Debian 12). */
#define LISTEN_BACKLOG 1024

/* A drain lasts at least this long, so that requests already sent when
 * it began (in the sockets' buffers, their headers not read yet) are
 * answered too, and checks every DRAIN_CHECK_MS whether it is over. */
#define DRAIN_MIN_MS 200
#define DRAIN_CHECK_MS 20
#define IN_FLIGHT_KEY "relais-in-flight"

/* Auxiliary methods */

static void
request_log_free (RequestLog *log)
{
  g_free (log->method);
  g_free (log->path);
  g_free (log->user);
  g_free (log);
}

static void
request_clear (RelaisRequest *req)
{
  g_clear_pointer (&req->segments, g_strfreev);
  g_clear_pointer (&req->db, relais_db_unref);
  g_clear_pointer (&req->doc_id, g_free);
  g_clear_pointer (&req->security, json_object_unref);
}

/* The replication id of PouchDB and CouchDB includes the server's uuid:
 * it must survive restarts, or every checkpoint would be lost. */
static char *
load_uuid (const char *data_dir, GError **error)
{
  g_autofree char *path = g_build_filename (data_dir, "server.uuid", NULL);
  g_autofree char *text = NULL;
  g_autofree char *uuid = NULL;
  GString *hex;

  if (g_file_get_contents (path, &text, NULL, NULL) && strlen (g_strstrip (text)) == 32)
    return g_steal_pointer (&text);

  uuid = g_uuid_string_random ();
  hex = g_string_new (NULL);
  for (const char *p = uuid; *p; p++)
    if (*p != '-')
      g_string_append_c (hex, *p);
  if (!g_file_set_contents (path, hex->str, -1, error))
    {
      g_string_free (hex, TRUE);
      return NULL;
    }
  return g_string_free (hex, FALSE);
}

/* Splits the raw (still percent-encoded) path on "/" and only then decodes
 * each segment, so that "%2F" stays inside a document id. */
static gboolean
split_path (const char *raw, char ***segments_out, guint *n_out)
{
  g_auto (GStrv) parts = g_strsplit (raw[0] == '/' ? raw + 1 : raw, "/", -1);
  g_autoptr (GPtrArray) segments = g_ptr_array_new_with_free_func (g_free);
  guint n = g_strv_length (parts);

  /* "/db/" is "/db", as PouchDB writes it. */
  if (n > 0 && parts[n - 1][0] == '\0')
    n--;

  for (guint i = 0; i < n; i++)
    {
      char *segment = g_uri_unescape_string (parts[i], NULL);

      if (segment == NULL || !g_utf8_validate (segment, -1, NULL))
        {
          g_free (segment);
          return FALSE;
        }
      g_ptr_array_add (segments, segment);
    }

  *n_out = segments->len;
  g_ptr_array_add (segments, NULL);
  *segments_out = (char **) g_ptr_array_free (g_steal_pointer (&segments), FALSE);
  return TRUE;
}

static char *
join_segments (RelaisRequest *req, guint from)
{
  return g_strjoinv ("/", req->segments + from);
}

static gboolean
open_request_db (RelaisRequest *req)
{
  g_autoptr (GError) error = NULL;

  req->db = relais_db_registry_open (req->server->registry, req->segments[0], &error);
  if (req->db == NULL)
    {
      _relais_request_reply_gerror (req, error);
      return FALSE;
    }
  return TRUE;
}

static RelaisHandlerFunc
route_db_special (const char *name)
{
  static const struct
  {
    const char *name;
    RelaisHandlerFunc func;
  } routes[] = {
    { "_changes", _relais_handle_changes },
    { "_revs_diff", _relais_handle_revs_diff },
    { "_bulk_get", _relais_handle_bulk_get },
    { "_bulk_docs", _relais_handle_bulk_docs },
    { "_ensure_full_commit", _relais_handle_ensure_full_commit },
    { "_all_docs", _relais_handle_all_docs },
    { "_security", _relais_handle_security },
  };

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    if (g_str_equal (name, routes[i].name))
      return routes[i].func;
  return NULL;
}

static void
route (RelaisRequest *req)
{
  const char *first = req->n_segments > 0 ? req->segments[0] : NULL;
  RelaisHandlerFunc func;

  if (first == NULL)
    {
      _relais_handle_root (req);
      return;
    }

  if (first[0] == '_' && !g_str_equal (first, RELAIS_DB_USERS))
    {
      if (req->n_segments == 1 && g_str_equal (first, "_all_dbs"))
        _relais_handle_all_dbs (req);
      else if (req->n_segments == 1 && g_str_equal (first, "_up"))
        _relais_handle_up (req);
      else if (req->n_segments == 1 && g_str_equal (first, "_session"))
        _relais_handle_session (req);
      else
        relais_http_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found", "missing");
      return;
    }

  if (req->n_segments == 1)
    {
      _relais_handle_db (req);
      return;
    }

  /* Everything below needs an existing database. */
  if (!open_request_db (req))
    return;

  if ((func = route_db_special (req->segments[1])) != NULL && req->n_segments == 2)
    {
      func (req);
      return;
    }

  if (g_str_equal (req->segments[1], "_local") || g_str_equal (req->segments[1], "_design"))
    {
      g_autofree char *rest = NULL;

      if (req->n_segments < 3)
        {
          relais_http_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                   "Document id must not be empty");
          return;
        }
      /* Any characters after "_local/", "/" included, encoded or not. */
      rest = join_segments (req, 2);
      req->doc_id = g_strconcat (req->segments[1], "/", rest, NULL);
      if (g_str_equal (req->segments[1], "_local"))
        _relais_handle_local (req);
      else
        _relais_handle_doc (req);
      return;
    }

  /* "_local%2Fx" (a client that encodes the whole id) names the same
   * document as "_local/x", as in CouchDB. */
  if (req->n_segments == 2 && (g_str_has_prefix (req->segments[1], "_local/") ||
                               g_str_has_prefix (req->segments[1], "_design/")))
    {
      req->doc_id = g_strdup (req->segments[1]);
      if (g_str_has_prefix (req->doc_id, "_local/"))
        _relais_handle_local (req);
      else
        _relais_handle_doc (req);
      return;
    }

  if (req->segments[1][0] == '_')
    {
      relais_http_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               "Only reserved document ids may start with underscore.");
      return;
    }

  if (req->n_segments > 2)
    {
      /* /db/doc/name is an attachment in CouchDB; ids with "/" come as %2F. */
      relais_http_reply_error (req->msg, SOUP_STATUS_NOT_FOUND, "not_found",
                               "Document is missing attachment");
      return;
    }

  req->doc_id = g_strdup (req->segments[1]);
  _relais_handle_doc (req);
}

/* Signal callbacks */

static void
message_finished_cb (SoupServerMessage *msg, gpointer user_data)
{
  RequestLog *log = g_object_get_data (G_OBJECT (msg), "relais-log");

  if (log == NULL)
    return;

  /* One line per request; "user" is "-" when anonymous.
   * g_log_structured(): g_info() would be dropped by GLib's default
   * handler unless G_MESSAGES_DEBUG is set, before our writer sees it. */
  g_log_structured (G_LOG_DOMAIN, G_LOG_LEVEL_INFO, "MESSAGE", "%s %s %u %.1fms user=%s",
                    log->method, log->path, soup_server_message_get_status (msg),
                    (g_get_monotonic_time () - log->start) / 1000.0,
                    log->user != NULL ? log->user : "-");
}

/* The request is answered, or it failed (its client went away): either
 * ends it, once. The server's own signals, not each message's: no
 * closure made and freed per request. */
static void
request_done_cb (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  RelaisServer *self = RELAIS_SERVER (user_data);

  if (g_object_steal_data (G_OBJECT (msg), IN_FLIGHT_KEY) != NULL)
    self->in_flight--;
}

static void
early_handler_cb (SoupServer *soup,
                  SoupServerMessage *msg,
                  const char *path,
                  GHashTable *query,
                  gpointer user_data)
{
  RelaisServer *self = RELAIS_SERVER (user_data);
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  self->in_flight++;
  g_object_set_data (G_OBJECT (msg), IN_FLIGHT_KEY, GINT_TO_POINTER (1));

  /* The request line is kept only when it will be logged: at the default
   * level "warning", 200 longpoll clients answered after every write
   * would pay for a line nobody writes. */
  if (self->config->log_level >= G_LOG_LEVEL_INFO)
    {
      RequestLog *log = g_new0 (RequestLog, 1);

      log->start = g_get_monotonic_time ();
      log->method = g_strdup (soup_server_message_get_method (msg));
      log->path = g_strdup (g_uri_get_path (soup_server_message_get_uri (msg)));
      g_object_set_data_full (G_OBJECT (msg), "relais-log", log, (GDestroyNotify) request_log_free);
      g_signal_connect (msg, "finished", G_CALLBACK (message_finished_cb), NULL);
    }
  relais_response_cork (msg);

  /* libsoup closes the connection after the response when the request
   * said "Connection: close", but does not say so in the response
   * (RFC 9112 §9.6: it SHOULD). node's keep-alive agent — PouchDB sends
   * "close" through node-fetch — then reuses the socket it thinks is
   * still open and the next request fails with "socket hang up". */
  if (soup_message_headers_header_contains (headers, "Connection", "close"))
    soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                  "close");

  /* Stopping: what was not begun is not begun (the client tries again
   * later, against the next server), and the connection goes. */
  if (self->draining)
    {
      relais_http_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable",
                               "The server is shutting down.");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                    "close");
      return;
    }

  /* Refuse an announced oversized body before reading it. */
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset) self->config->max_body_size)
    {
      relais_http_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                               "The request body is too large.");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                    "close");
    }
}

/* "Basic base64(name:password)" → name and password. */
static gboolean
parse_basic (const char *header, char **name, char **password)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  char *colon;

  decoded = g_base64_decode (header + strlen ("Basic "), &len);
  text = g_strndup ((const char *) decoded, len);
  if (strlen (text) != len || !g_utf8_validate (text, -1, NULL) ||
      (colon = strchr (text, ':')) == NULL)
    return FALSE;
  *name = g_strndup (text, colon - text);
  *password = g_strdup (colon + 1);
  return TRUE;
}

static char *
find_cookie (SoupServerMessage *msg, const char *name)
{
  const char *header =
      soup_message_headers_get_list (soup_server_message_get_request_headers (msg), "Cookie");
  g_auto (GStrv) parts = NULL;

  if (header == NULL)
    return NULL;
  parts = g_strsplit_set (header, ";,", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);

      if (g_str_has_prefix (part, name) && part[strlen (name)] == '=')
        return g_strdup (part + strlen (name) + 1);
    }
  return NULL;
}

/* Who the request comes from: Basic credentials (wrong ones are a 401,
 * as CouchDB, even where anonymous would do), else a session cookie (an
 * expired or forged one is anonymous), else anonymous. */
static gboolean
authenticate (RelaisServer *self, RelaisRequest *req)
{
  const char *header = soup_message_headers_get_one (
      soup_server_message_get_request_headers (req->msg), "Authorization");
  g_autofree char *cookie = NULL;
  RelaisUserCtx *user = NULL;
  gboolean renew = FALSE;

  if (header != NULL && g_ascii_strncasecmp (header, "Basic ", strlen ("Basic ")) == 0)
    {
      g_autofree char *name = NULL;
      g_autofree char *password = NULL;
      g_autoptr (GError) error = NULL;

      if (!parse_basic (header, &name, &password))
        g_set_error_literal (&error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_UNAUTHORIZED,
                             "Name or password is incorrect.");
      else
        user = _relais_server_check_password (self, req->msg, name, password, &error);
      if (user == NULL)
        {
          _relais_request_reply_gerror (req, error);
          return FALSE;
        }
      user->method = RELAIS_AUTH_DEFAULT;
    }
  else if ((cookie = find_cookie (req->msg, RELAIS_AUTH_COOKIE)) != NULL)
    user = relais_auth_check_cookie (self->auth, cookie, &renew);

  _relais_request_set_user (req, user != NULL ? user : relais_user_ctx_new_anonymous ());
  if (renew)
    _relais_request_set_session_cookie (req, TRUE);
  return TRUE;
}

static void
handler_cb (SoupServer *soup,
            SoupServerMessage *msg,
            const char *path,
            GHashTable *query,
            gpointer user_data)
{
  RelaisServer *self = RELAIS_SERVER (user_data);
  RelaisRequest req = { 0 };
  const char *raw = g_uri_get_path (soup_server_message_get_uri (msg));

  if (soup_server_message_get_status (msg) != 0)
    return; /* already answered by the early handler */

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Server",
                                "relais-server/" PACKAGE_VERSION);

  if (soup_server_message_get_request_body (msg)->length > (goffset) self->config->max_body_size)
    {
      relais_http_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large",
                               "The request body is too large.");
      return;
    }

  req.server = self;
  req.msg = msg;
  req.query = query;
  req.method = soup_server_message_get_method (msg);

  if (!split_path (raw, &req.segments, &req.n_segments))
    {
      relais_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               "Invalid percent-encoding in the path");
      return;
    }

  if (authenticate (self, &req))
    route (&req);
  request_clear (&req);
}

/* GObject */

static void
relais_server_dispose (GObject *object)
{
  RelaisServer *self = RELAIS_SERVER (object);

  g_clear_handle_id (&self->drain_id, g_source_remove);

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_pointer (&self->reaper, relais_connection_reaper_free);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->jobs, relais_jobs_timer_stop);
  if (self->registry != NULL)
    relais_db_registry_close_all (self->registry);
  g_clear_pointer (&self->auth, relais_auth_free);
  g_clear_object (&self->registry);
  G_OBJECT_CLASS (relais_server_parent_class)->dispose (object);
}

static void
relais_server_finalize (GObject *object)
{
  RelaisServer *self = RELAIS_SERVER (object);

  g_clear_pointer (&self->config, relais_server_config_free);
  g_clear_pointer (&self->uuid, g_free);
  G_OBJECT_CLASS (relais_server_parent_class)->finalize (object);
}

static void
relais_server_class_init (RelaisServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relais_server_dispose;
  object_class->finalize = relais_server_finalize;
}

static void
relais_server_init (RelaisServer *self)
{
}

/* Private API */

const RelaisServerConfig *
_relais_server_get_config (RelaisServer *self)
{
  return self->config;
}

RelaisDbRegistry *
_relais_server_get_registry (RelaisServer *self)
{
  return self->registry;
}

void
_relais_request_reply_gerror (RelaisRequest *req, const GError *error)
{
  relais_http_reply_gerror (req->msg, error);
}

/* Replies 405 unless the method is one of @allowed (NULL-terminated). */
gboolean
_relais_request_check_method (RelaisRequest *req, const char *const *allowed)
{
  g_autofree char *list = NULL;
  g_autofree char *reason = NULL;

  if (allowed == ANY_METHOD || g_strv_contains (allowed, req->method))
    return TRUE;

  list = g_strjoinv (",", (char **) allowed);
  reason = g_strdup_printf ("Only %s allowed", list);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Allow", list);
  relais_http_reply_error (req->msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", reason);
  return FALSE;
}

void
_relais_request_set_user (RelaisRequest *req, RelaisUserCtx *user)
{
  RequestLog *log = g_object_get_data (G_OBJECT (req->msg), "relais-log");

  g_object_set_data_full (G_OBJECT (req->msg), "relais-user", user,
                          (GDestroyNotify) relais_user_ctx_free);
  req->user = user;
  if (log != NULL)
    {
      g_free (log->user);
      log->user = g_strdup (user->name);
    }
}

/* Sets (a fresh one for req->user) or clears the session cookie. */
void
_relais_request_set_session_cookie (RelaisRequest *req, gboolean set)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  const char *secure = req->server->config->tls_certificate != NULL ? "; Secure" : "";
  g_autofree char *value = NULL;
  g_autofree char *header = NULL;

  if (set && req->user->name != NULL)
    {
      value = relais_auth_make_cookie (req->server->auth, req->user);
      header =
          g_strdup_printf (RELAIS_AUTH_COOKIE "=%s; Version=1; Path=/; HttpOnly%s", value, secure);
    }
  else
    header = g_strdup_printf (RELAIS_AUTH_COOKIE "=; Version=1; Expires=Fri, 02-Jan-1970 "
                                                 "00:00:00 GMT; Max-Age=0; Path=/; HttpOnly%s",
                              secure);
  soup_message_headers_replace (headers, "Set-Cookie", header);
}

/* Logout: the request's session cookie, if any, is refused from now on. */
gboolean
_relais_request_revoke_session (RelaisRequest *req, GError **error)
{
  g_autofree char *cookie = find_cookie (req->msg, RELAIS_AUTH_COOKIE);

  return cookie == NULL || relais_auth_revoke_cookie (req->server->auth, cookie, error);
}

RelaisUserCtx *
_relais_server_check_password (RelaisServer *self,
                               SoupServerMessage *msg,
                               const char *name,
                               const char *password,
                               GError **error)
{
  return relais_auth_check_password (self->auth, name, password,
                                     soup_server_message_get_remote_host (msg), error);
}

static JsonObject *
load_security (RelaisServer *self, const char *db_name)
{
  g_autoptr (RelaisDb) db = relais_db_registry_open (self->registry, db_name, NULL);
  g_autofree char *text = NULL;
  g_autoptr (JsonNode) node = NULL;

  if (db == NULL)
    return NULL;
  text = relais_db_get_security (db);
  if ((node = json_from_string (text, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/* The decision, on a user and (for database actions) the database's
 * _security, read into *security when NULL. */
static gboolean
authorize_user (RelaisServer *self,
                const RelaisUserCtx *user,
                const char *db,
                RelaisAction action,
                JsonObject **security,
                GError **error)
{
  gboolean allowed = FALSE;
  const char *reason = "You are not allowed to access this db.";

  if (action == RELAIS_ACTION_SERVER_READ || relais_user_ctx_is_admin (user))
    return TRUE;

  switch (action)
    {
    case RELAIS_ACTION_SERVER_ADMIN:
      reason = "You are not a server admin.";
      break;
    case RELAIS_ACTION_DB_ADMIN:
      reason = "You are not a db or server admin.";
      G_GNUC_FALLTHROUGH;
    case RELAIS_ACTION_DB_READ:
    case RELAIS_ACTION_DB_WRITE:
      if (db != NULL && *security == NULL)
        *security = load_security (self, db);
      if (*security == NULL)
        break; /* unreadable _security: admins only */
      allowed = action == RELAIS_ACTION_DB_ADMIN ? relais_user_ctx_is_db_admin (user, *security)
                                                 : relais_user_ctx_is_member (user, *security);
      break;
    case RELAIS_ACTION_SERVER_READ:
    default:
      break;
    }

  if (allowed)
    return TRUE;
  if (user->name == NULL)
    g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_UNAUTHORIZED,
                         "You are not authorized to access this db.");
  else
    g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_FORBIDDEN, reason);
  return FALSE;
}

gboolean
_relais_request_authorize (RelaisRequest *req, RelaisAction action)
{
  g_autoptr (GError) error = NULL;

  if (authorize_user (req->server, req->user,
                      req->db != NULL ? relais_db_get_name (req->db) : req->segments[0], action,
                      &req->security, &error))
    return TRUE;
  _relais_request_reply_gerror (req, error);
  return FALSE;
}

/* What the write rules need, copied: the writer thread checks each
 * document with it while the request's user context stays here. */
RelaisWriteRules *
_relais_request_get_write_rules (RelaisRequest *req)
{
  RelaisWriteRules *rules = g_new0 (RelaisWriteRules, 1);

  rules->db_name = g_strdup (relais_db_get_name (req->db));
  rules->roles = g_strdupv (req->user->roles);
  rules->is_admin = relais_user_ctx_is_admin (req->user);
  rules->max_id_length = req->server->config->max_id_length;
  if (!rules->is_admin)
    {
      if (req->security == NULL)
        req->security = load_security (req->server, relais_db_get_name (req->db));
      rules->db_admin =
          req->security != NULL && relais_user_ctx_is_db_admin (req->user, req->security);
    }
  return rules;
}

void
_relais_write_rules_free (RelaisWriteRules *rules)
{
  if (rules == NULL)
    return;
  g_free (rules->db_name);
  g_strfreev (rules->roles);
  g_free (rules);
}

/* The per-document rules of src/core, on every write path (after the
 * database-level _relais_request_authorize). Any thread. */
gboolean
_relais_write_rules_check_write (const RelaisWriteRules *rules, const char *id, GError **error)
{
  if (rules->is_admin)
    return TRUE;
  return relais_access_check_doc_write (rules->db_name, (const char *const *) rules->roles,
                                        rules->db_admin, id, error);
}

gboolean
_relais_request_check_doc_write (RelaisRequest *req, const char *id, GError **error)
{
  g_autoptr (RelaisWriteRules) rules = _relais_request_get_write_rules (req);

  return _relais_write_rules_check_write (rules, id, error);
}

/* The limits on ids CouchDB leaves open: our length bound and syntax. */
gboolean
_relais_write_rules_check_id (const RelaisWriteRules *rules, const char *id, GError **error)
{
  if (id != NULL && strlen (id) > rules->max_id_length)
    {
      g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                   "Document id is longer than %u bytes", rules->max_id_length);
      return FALSE;
    }
  /* A document error maps to 400 bad_request. */
  return relais_doc_validate_id (id, error);
}

gboolean
_relais_request_check_doc_id (RelaisRequest *req, const char *id, GError **error)
{
  RelaisWriteRules rules = { .max_id_length = req->server->config->max_id_length };

  return _relais_write_rules_check_id (&rules, id, error);
}

/* Public API */

RelaisServer *
relais_server_new (const RelaisServerConfig *config, GError **error)
{
  g_autoptr (RelaisServer) self = g_object_new (RELAIS_TYPE_SERVER, NULL);
  g_autoptr (GTlsCertificate) tls = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  self->config = relais_server_config_copy (config);

  if ((self->registry = relais_db_registry_new (config->data_dir, error)) == NULL)
    return NULL;
  if ((self->uuid = load_uuid (config->data_dir, error)) == NULL)
    return NULL;
  if ((self->auth = relais_auth_new (self->config, self->registry, error)) == NULL)
    return NULL;
  if (config->tls_certificate != NULL &&
      (tls = g_tls_certificate_new_from_files (config->tls_certificate, config->tls_key, error)) ==
          NULL)
    return NULL;
  {
    g_autoptr (GError) jobs_error = NULL;

    /* NULL without an error: [jobs] interval = 0. */
    self->jobs = relais_jobs_timer_start (self->registry, self->config, &jobs_error);
    if (jobs_error != NULL)
      {
        g_propagate_error (error, g_steal_pointer (&jobs_error));
        return NULL;
      }
  }

  /* raw-paths: we split on "/" first and decode each segment after, so
   * that "%2F" stays inside a database name or a document id. */
  self->soup = soup_server_new ("server-header", "relais-server/" PACKAGE_VERSION, "raw-paths",
                                TRUE, "tls-certificate", tls, NULL);
  self->reaper = relais_connection_reaper_new (self->soup);
  soup_server_add_early_handler (self->soup, NULL, early_handler_cb, self, NULL);
  g_signal_connect (self->soup, "request-finished", G_CALLBACK (request_done_cb), self);
  g_signal_connect (self->soup, "request-aborted", G_CALLBACK (request_done_cb), self);
  soup_server_add_handler (self->soup, NULL, handler_cb, self, NULL);
  return g_steal_pointer (&self);
}

gboolean
relais_server_listen (RelaisServer *self, GError **error)
{
  g_autoptr (GInetAddress) inet = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GSocket) socket = NULL;

  g_return_val_if_fail (RELAIS_IS_SERVER (self), FALSE);

  if ((inet = g_inet_address_new_from_string (self->config->address)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Invalid address “%s”",
                   self->config->address);
      return FALSE;
    }
  address = g_inet_socket_address_new (inet, self->config->port);

  /* Our own socket for its backlog: soup_server_listen() keeps GSocket's
   * default of 10, and when many clients connect at once (200 PouchDB
   * feeds coming back after a restart) the kernel drops the SYNs beyond
   * it, which the clients retry only after 1 s, then 3 s. */
  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL || !g_socket_bind (socket, address, TRUE, error))
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  return g_socket_listen (socket, error) &&
         soup_server_listen_socket (
             self->soup, socket,
             self->config->tls_certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

/* Returns: (transfer full): "http://address:port/" of the first listener */
char *
relais_server_get_url (RelaisServer *self)
{
  g_autoslist (GUri) uris = soup_server_get_uris (self->soup);

  if (uris == NULL)
    return NULL;
  return g_uri_to_string (uris->data);
}

const char *
relais_server_get_uuid (RelaisServer *self)
{
  return self->uuid;
}

static gboolean
drain_check_cb (gpointer user_data)
{
  RelaisServer *self = RELAIS_SERVER (user_data);
  gint64 now = g_get_monotonic_time ();

  if ((self->in_flight > 0 || now - self->drain_start < DRAIN_MIN_MS * 1000) &&
      now < self->drain_deadline)
    return G_SOURCE_CONTINUE;
  if (self->in_flight > 0)
    g_warning ("stopping with %u request(s) still in progress", self->in_flight);
  self->drain_id = 0;
  self->drained (self->drained_data);
  return G_SOURCE_REMOVE;
}

/**
 * relais_server_drain:
 * @timeout_ms: the longest wait for the requests in progress
 * @drained: called once, from the main loop, when they are all answered
 *   (or at the timeout)
 *
 * The first half of a graceful stop (SIGTERM): the waiting changes feeds
 * end with what they have, new requests are answered 503 "unavailable"
 * with Connection: close, and the requests in progress, writes queued
 * on a database's writer above all, complete and are answered. A client
 * whose write was cut would not know whether it was done, and an edit
 * sent again would then meet its own revision as a conflict. Then
 * relais_server_shutdown().
 */
void
relais_server_drain (RelaisServer *self, guint timeout_ms, GSourceFunc drained, gpointer user_data)
{
  g_return_if_fail (RELAIS_IS_SERVER (self));
  g_return_if_fail (drained != NULL);
  g_return_if_fail (!self->draining);

  self->draining = TRUE;
  self->drain_start = g_get_monotonic_time ();
  self->drain_deadline = self->drain_start + (gint64) timeout_ms * 1000;
  self->drained = drained;
  self->drained_data = user_data;
  _relais_changes_end_waiting ();
  self->drain_id = g_timeout_add (DRAIN_CHECK_MS, drain_check_cb, self);
}

/* Stops accepting connections and closes them; the stores stay open
 * until the object goes, so that the writes already acknowledged are all
 * committed (they are: a write is committed before its response is
 * queued). */
void
relais_server_shutdown (RelaisServer *self)
{
  g_return_if_fail (RELAIS_IS_SERVER (self));

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}

/**
 * relais_server_authorize:
 * @db: (nullable): the database name, NULL for server-wide requests
 *
 * The single point where every request is authorised, for the user the
 * server authenticated @msg as: server admins may do anything; database
 * actions follow the database's _security (members read and write, admins
 * also administer); creating and deleting databases is for server admins.
 * The per-document-type rules come after, on each written document.
 *
 * Returns: TRUE when allowed, else FALSE with RELAIS_SERVER_ERROR_UNAUTHORIZED
 *   or _FORBIDDEN
 */
gboolean
relais_server_authorize (
    RelaisServer *self, SoupServerMessage *msg, const char *db, RelaisAction action, GError **error)
{
  RelaisUserCtx *user;
  g_autoptr (JsonObject) security = NULL;
  g_autoptr (RelaisUserCtx) anonymous = NULL;

  g_return_val_if_fail (RELAIS_IS_SERVER (self), FALSE);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), FALSE);

  if ((user = g_object_get_data (G_OBJECT (msg), "relais-user")) == NULL)
    user = anonymous = relais_user_ctx_new_anonymous ();
  return authorize_user (self, user, db, action, &security, error);
}

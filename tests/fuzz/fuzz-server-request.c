/* fuzz-server-request.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * libFuzzer target: one HTTP request to the real request handling of
 * relais-server (router, handlers, JSON bodies, store). The input reads as
 * a small HTTP request:
 *
 *   METHOD /path?query
 *   Header-Name: value        (optional lines, up to an empty line)
 *
 *   body
 *
 * When the line after the first is not a header, everything after the first
 * line is the body. A SoupServerMessage cannot be made by hand, so the
 * RelaisServer runs in this process on 127.0.0.1, port 0, and each input is
 * sent over one kept-alive loopback connection with an asynchronous
 * SoupSession, the main context iterated until the answer. Database
 * "fuzzdb" is filled once at start (documents, a conflict, a tombstone, a
 * _local document) so that GET, _changes, _all_docs and _bulk_get work on
 * something; it is filled again when an input deletes it, and databases an
 * input creates are deleted at once, so that the state stays small.
 *
 * A bug is: a crash or a sanitizer report (libFuzzer keeps the input), a
 * GLib critical (made fatal), a 5xx answer, a transport error other than
 * our own cancellation, or an answer that says JSON and does not parse.
 */

#define G_LOG_DOMAIN "fuzz"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "fuzz-common.h"
#include "relais-server.h"

/* admin:relais-test-admin, the admin of the server tests. */
#define FUZZ_AUTHORIZATION "Basic YWRtaW46cmVsYWlzLXRlc3QtYWRtaW4="

/* Feeds that wait (longpoll, continuous, heartbeat) are cut after this:
 * the cancellation itself exercises the server's "client went away". */
#define FUZZ_DEADLINE_MS 100

static RelaisServer *server;
static SoupSession *session;
static char *base_url; /* "http://127.0.0.1:PORT" */
static guint n_requests, n_cut;

static void
print_stats (void)
{
  g_printerr ("fuzz-server-request: %u requests, %u cut at the deadline\n", n_requests, n_cut);
}

typedef struct
{
  GBytes *body;
  GError *error;
  gboolean done;
} Pending;

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Pending *pending = user_data;

  pending->body =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &pending->error);
  pending->done = TRUE;
}

static gboolean
deadline_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
is_token (const char *text, gsize len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    /* strchr() finds the terminating NUL too: a NUL is no token byte. */
    if (text[i] == '\0' ||
        (!g_ascii_isalnum (text[i]) && strchr ("!#$%&'*+-.^_`|~", text[i]) == NULL))
      return FALSE;
  return TRUE;
}

/* The request target as GUri wants it: bytes it would refuse (controls,
 * spaces, non-ASCII, '#') percent-encoded; a '%' stays as it is, so that
 * invalid escapes reach the server's own path decoding when GUri lets
 * them through. */
static char *
encode_target (const char *target, gsize len)
{
  GString *out = g_string_new (len == 0 || target[0] != '/' ? "/" : "");

  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) target[i];

      if (c <= 0x20 || c >= 0x7f || c == '#' || c == '"' || c == '<' || c == '>' || c == '\\' ||
          c == '^' || c == '`' || c == '{' || c == '|' || c == '}')
        g_string_append_printf (out, "%%%02X", c);
      else
        g_string_append_c (out, (char) c);
    }
  return g_string_free (out, FALSE);
}

/* Returns: the status, 0 when the deadline cut the request */
static guint
send_request (const char *method,
              const char *target,
              SoupMessageHeaders *extra,
              const char *body,
              gsize body_len,
              GBytes **response)
{
  g_autofree char *url = g_strconcat (base_url, target, NULL);
  g_autoptr (GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  SoupMessageHeaders *headers;
  Pending pending = { 0 };
  guint deadline;

  if (uri == NULL)
    return G_MAXUINT; /* GUri refuses the target: nothing was sent */
  msg = soup_message_new_from_uri (method, uri);
  headers = soup_message_get_request_headers (msg);
  if (extra != NULL)
    {
      SoupMessageHeadersIter iter;
      const char *name, *value;

      soup_message_headers_iter_init (&iter, extra);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        soup_message_headers_append (headers, name, value);
    }
  /* The admin of a server with [admins]; while every request is allowed,
   * the header is simply ignored. */
  if (soup_message_headers_get_one (headers, "Authorization") == NULL)
    soup_message_headers_replace (headers, "Authorization", FUZZ_AUTHORIZATION);
  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, body_len);
      const char *type = soup_message_headers_get_one (headers, "Content-Type");

      soup_message_set_request_body_from_bytes (msg, type != NULL ? NULL : "application/json",
                                                bytes);
    }

  n_requests++;
  deadline = g_timeout_add (FUZZ_DEADLINE_MS, deadline_cb, cancellable);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable, sent_cb,
                                    &pending);
  while (!pending.done)
    g_main_context_iteration (NULL, TRUE);
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (deadline);

  if (pending.error != NULL)
    {
      if (g_error_matches (pending.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          n_cut++;
          g_error_free (pending.error);
          return 0;
        }
      g_error ("%s %s: transport error: %s", method, target, pending.error->message);
    }

  {
    guint status = soup_message_get_status (msg);
    SoupMessageHeaders *answer = soup_message_get_response_headers (msg);
    const char *type = soup_message_headers_get_content_type (answer, NULL);
    gsize len = g_bytes_get_size (pending.body);

    if (status >= 500)
      g_error ("%s %s: status %u: %.*s", method, target, status, (int) MIN (len, 500),
               (const char *) g_bytes_get_data (pending.body, NULL));
    /* A fixed-length JSON answer must parse; a chunked one is a feed,
     * continuous feeds are lines. */
    if (len > 0 && g_strcmp0 (type, "application/json") == 0 &&
        soup_message_headers_get_encoding (answer) == SOUP_ENCODING_CONTENT_LENGTH)
      {
        g_autoptr (JsonParser) parser = json_parser_new ();

        if (!json_parser_load_from_data (parser, g_bytes_get_data (pending.body, NULL), len, NULL))
          g_error ("%s %s: status %u, invalid JSON: %.*s", method, target, status,
                   (int) MIN (len, 500), (const char *) g_bytes_get_data (pending.body, NULL));
      }
    if (response != NULL)
      *response = g_steal_pointer (&pending.body);
    g_clear_pointer (&pending.body, g_bytes_unref);
    return status;
  }
}

static void
seed_request (const char *method, const char *target, const char *body, guint expected)
{
  g_autoptr (GBytes) answer = NULL;
  guint status =
      send_request (method, target, NULL, body, body != NULL ? strlen (body) : 0, &answer);
  g_autofree char *text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));

  /* _bulk_docs answers 201 with per-document errors: none is expected. */
  if (status != expected || strstr (text, "\"error\"") != NULL)
    g_error ("seeding: %s %s: status %u, expected %u: %s", method, target, status, expected, text);
}

#define NOTE "\"type\":\"note\",\"schema_version\":2"

static void
seed_documents (void)
{
  seed_request ("POST", "/fuzzdb/_bulk_docs",
                "{\"docs\":[{\"_id\":\"note:a\"," NOTE ",\"n\":1},"
                "{\"_id\":\"note:b\"," NOTE ",\"tags\":[\"x\"]},"
                "{\"_id\":\"note:c\"," NOTE ",\"s\":\"Hélène\"},"
                "{\"_id\":\"_design/app\",\"views\":{}}]}",
                201);
  /* A conflict and a tombstone, as a replicator writes them. */
  seed_request (
      "POST", "/fuzzdb/_bulk_docs",
      "{\"new_edits\":false,\"docs\":["
      "{\"_id\":\"note:k\",\"_rev\":\"2-0b\",\"_revisions\":{\"start\":2,\"ids\":[\"0b\","
      "\"0a\"]}," NOTE ",\"side\":\"b\"},"
      "{\"_id\":\"note:k\",\"_rev\":\"2-0c\",\"_revisions\":{\"start\":2,\"ids\":[\"0c\","
      "\"0a\"]}," NOTE ",\"side\":\"c\"},"
      "{\"_id\":\"note:gone\",\"_rev\":\"2-0e\",\"_revisions\":{\"start\":2,\"ids\":[\"0e\","
      "\"0d\"]}," NOTE ",\"_deleted\":true}]}",
      201);
  seed_request ("PUT", "/fuzzdb/_local/checkpoint", "{\"last_seq\":\"3\"}", 201);
}

static void
seed_database (void)
{
  seed_request ("PUT", "/fuzzdb", NULL, 201);
  seed_documents ();
}

static gboolean
path_has_one_segment (const char *target)
{
  const char *end = strpbrk (target, "?");
  gsize len = end != NULL ? (gsize) (end - target) : strlen (target);
  const char *slash = memchr (target + 1, '/', len > 0 ? len - 1 : 0);

  /* "/db" or "/db/", as the router reads it. */
  return len > 1 && (slash == NULL || slash == target + len - 1);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const char *dir = fuzz_init ("fuzz-server");
  g_autoptr (RelaisServerConfig) config = relais_server_config_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;

  g_free (config->data_dir);
  config->data_dir = g_build_filename (dir, "data", NULL);
  g_mkdir_with_parents (config->data_dir, 0700);
  config->port = 0;
  /* The limits of the server tests: reached cheaply by small inputs. */
  config->max_body_size = 65536;
  config->max_docs_per_batch = 200;
  config->changes_chunk_rows = 7;
  /* The admin FUZZ_AUTHORIZATION sends, as [admins] would give it, so
   * that inputs reach the handlers rather than stopping at 401. */
  g_hash_table_insert (config->admins, g_strdup ("admin"), g_strdup ("relais-test-admin"));

  if ((server = relais_server_new (config, &error)) == NULL ||
      !relais_server_listen (server, &error))
    g_error ("cannot start the server: %s", error->message);
  url = relais_server_get_url (server);
  base_url = g_strndup (url, strlen (url) - (g_str_has_suffix (url, "/") ? 1 : 0));
  /* One connection, kept alive: a TCP handshake per input costs more
   * than most requests. */
  session = soup_session_new_with_options ("max-conns", 1, "max-conns-per-host", 1, NULL);
  seed_database ();
  atexit (print_stats);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data, *end = text + size;
  const char *eol = memchr (text, '\n', size);
  const char *line_end = eol != NULL ? eol : end;
  const char *space = memchr (text, ' ', line_end - text);
  const char *body = NULL;
  g_autofree char *method = NULL;
  g_autofree char *target = NULL;
  g_autoptr (SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  guint status;

  if (space == NULL || !is_token (text, space - text))
    return -1;
  method = g_strndup (text, space - text);
  target = encode_target (space + 1, line_end - space - 1 - (line_end[-1] == '\r'));

  /* Header lines "Name: value" up to an empty line; else the body. */
  if (eol != NULL)
    {
      const char *p = eol + 1;

      body = p;
      while (p < end)
        {
          const char *next = memchr (p, '\n', end - p);
          const char *stop = next != NULL ? next : end;
          const char *colon = memchr (p, ':', stop - p);
          gsize value_len;

          if (stop == p || (stop == p + 1 && *p == '\r'))
            {
              body = next != NULL ? next + 1 : end;
              break;
            }
          if (colon == NULL || !is_token (p, colon - p))
            break; /* not a header: the body starts at the first line */
          {
            static const char *const framing[] = { "Content-Length", "Transfer-Encoding",
                                                   "Connection", "Host", "Expect" };
            g_autofree char *name = g_strndup (p, colon - p);
            const char *value = colon + 1;
            g_autofree char *copy = NULL;
            gboolean skip = FALSE;

            value_len = stop - value - (stop > value && stop[-1] == '\r' ? 1 : 0);
            /* NUL, CR or LF in a value would cut it or split the header. */
            if (memchr (value, '\0', value_len) != NULL || memchr (value, '\r', value_len) != NULL)
              return -1;
            /* The framing is libsoup's to write: a made-up one would only
             * desynchronise the connection, not test our handlers. */
            for (guint i = 0; i < G_N_ELEMENTS (framing); i++)
              skip |= g_ascii_strcasecmp (name, framing[i]) == 0;
            copy = g_strstrip (g_strndup (value, value_len));
            if (!skip)
              soup_message_headers_append (headers, name, copy);
          }
          p = stop + 1;
          body = p;
        }
      if (body > end)
        body = end;
    }

  status =
      send_request (method, target, headers, body, body != NULL ? (gsize) (end - body) : 0, NULL);
  if (status == G_MAXUINT)
    return -1;

  /* Keep the state small and the seeded database there. */
  if (g_str_equal (method, "DELETE") && status >= 200 && status < 300 &&
      send_request ("PUT", "/fuzzdb", NULL, NULL, 0, NULL) == 201)
    seed_documents ();
  else if (g_str_equal (method, "PUT") && status == 201 && path_has_one_segment (target) &&
           !g_str_has_prefix (target, "/fuzzdb"))
    send_request ("DELETE", target, NULL, NULL, 0, NULL);
  return 0;
}

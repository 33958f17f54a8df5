/* relais-handlers-changes.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * GET/POST /{db}/_changes: feed=normal|longpoll|continuous. Every feed is
 * streamed with chunked encoding, a chunk of at most changes-chunk-rows
 * rows at a time, the next one read from the store only when the previous
 * one has been written: a feed of any size never sits whole in memory.
 * Waiting feeds pause their message, register a waiter on the database
 * and are woken by every successful write; heartbeats are newlines.
 *
 * filter=_selector (POST body {"selector": …}, as CouchDB): each row's
 * winning revision is parsed and tested (relais_selector_matches); rows
 * that do not match are skipped but still move last_seq on, and `limit`
 * counts the rows sent. A feed that skips many rows scans a bounded
 * number of chunks at a time, then goes on from an idle so that other
 * clients are served meanwhile.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-core.h"
#include "relais-server-private.h"

#define DEFAULT_TIMEOUT_MS 60000
#define DEFAULT_HEARTBEAT_MS 60000
#define MAX_SCAN_CHUNKS 8 /* filtered: chunks read in one go when none matches */

static const char *const CHANGES_METHODS[] = { "GET", "HEAD", "POST", NULL };

typedef enum
{
  FEED_NORMAL,
  FEED_LONGPOLL,
  FEED_CONTINUOUS,
} FeedMode;

typedef enum
{
  FEED_STREAMING, /* rows are being written chunk after chunk */
  FEED_WAITING,   /* caught up, waiting for a write, a heartbeat or the timeout */
  FEED_DONE,      /* the last chunk is queued */
} FeedState;

typedef struct
{
  /* Owned References */
  SoupServerMessage *msg;
  RelaisDb *db;
  JsonObject *selector; /* filter=_selector, else NULL */

  FeedMode mode;
  FeedState state;
  RelaisChangesFlags flags;
  guint64 cursor;    /* the seq the next read starts after (before, descending) */
  guint64 remaining; /* rows still allowed by `limit` */
  guint chunk_rows;
  guint heartbeat_ms;
  guint timeout_ms; /* 0: wait forever (heartbeat given) */
  gboolean header_written;
  gboolean any_row;
  gboolean send_docs; /* include_docs asked (a selector reads them anyway) */

  guint heartbeat_id;
  guint timeout_id;
  guint wake_id;
  guint waiter_id;
  guint scan_id;
} Feed;

typedef struct
{
  Feed *feed;
  GString *out;
  guint n_rows;    /* sent */
  guint n_scanned; /* read from the store, sent or skipped */
  gboolean limit_hit;
} BatchData;

static void feed_pump (Feed *feed);

/* Auxiliary methods */

static void
feed_stop_waiting (Feed *feed)
{
  g_clear_handle_id (&feed->heartbeat_id, g_source_remove);
  g_clear_handle_id (&feed->timeout_id, g_source_remove);
  g_clear_handle_id (&feed->wake_id, g_source_remove);
  g_clear_handle_id (&feed->scan_id, g_source_remove);
  if (feed->waiter_id != 0)
    {
      relais_db_remove_waiter (feed->db, feed->waiter_id);
      feed->waiter_id = 0;
    }
}

static void
feed_free (Feed *feed)
{
  feed_stop_waiting (feed);
  g_clear_object (&feed->msg);
  g_clear_pointer (&feed->db, relais_db_unref);
  g_clear_pointer (&feed->selector, json_object_unref);
  g_free (feed);
}

static void
feed_append (Feed *feed, GString *text)
{
  gsize len = text->len;

  if (len == 0)
    {
      g_string_free (text, TRUE);
      return;
    }
  soup_message_body_append (soup_server_message_get_response_body (feed->msg), SOUP_MEMORY_TAKE,
                            g_string_free (text, FALSE), len);
}

static gboolean
append_row_cb (const RelaisChange *change, gpointer user_data)
{
  BatchData *data = user_data;
  Feed *feed = data->feed;
  GString *out = data->out;

  data->n_scanned++;
  if (feed->selector != NULL)
    {
      g_autoptr (JsonObject) doc = relais_json_parse_object (change->doc_json, -1, NULL);

      if (doc == NULL || !relais_selector_matches (feed->selector, doc))
        {
          feed->cursor = change->seq;
          return TRUE;
        }
    }

  if (feed->mode != FEED_CONTINUOUS && feed->any_row)
    g_string_append (out, ",\n");
  feed->any_row = TRUE;

  g_string_append_printf (out, "{\"seq\":%" G_GUINT64_FORMAT ",\"id\":", change->seq);
  relais_json_append_string (out, change->id);
  g_string_append (out, ",\"changes\":[");
  for (guint i = 0; change->revs[i] != NULL; i++)
    {
      g_string_append (out, i > 0 ? ",{\"rev\":" : "{\"rev\":");
      relais_json_append_string (out, change->revs[i]);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  if (change->deleted)
    g_string_append (out, ",\"deleted\":true");
  if (change->doc_json != NULL && feed->send_docs)
    {
      g_string_append (out, ",\"doc\":");
      g_string_append (out, change->doc_json);
    }
  g_string_append_c (out, '}');
  if (feed->mode == FEED_CONTINUOUS)
    g_string_append_c (out, '\n');

  feed->cursor = change->seq;
  data->n_rows++;
  if (--feed->remaining == 0)
    {
      data->limit_hit = TRUE;
      return FALSE;
    }
  return TRUE;
}

/* Ends the feed; @out (nullable, taken) holds rows still to send, which
 * go out in the same chunk as the end: one write instead of two for
 * every longpoll answer. */
static void
feed_finish (Feed *feed, GString *out)
{
  if (out == NULL)
    out = g_string_new (NULL);

  feed_stop_waiting (feed);
  if (feed->mode == FEED_CONTINUOUS)
    g_string_append_printf (out, "{\"last_seq\":%" G_GUINT64_FORMAT "}\n", feed->cursor);
  else
    {
      if (!feed->header_written)
        g_string_append (out, "{\"results\":[\n");
      g_string_append_printf (out, "\n],\n\"last_seq\":%" G_GUINT64_FORMAT ",\"pending\":0}\n",
                              feed->cursor);
    }
  feed->header_written = TRUE;
  feed->state = FEED_DONE;
  feed_append (feed, out);
  soup_message_body_complete (soup_server_message_get_response_body (feed->msg));
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  Feed *feed = user_data;

  soup_message_body_append (soup_server_message_get_response_body (feed->msg), SOUP_MEMORY_STATIC,
                            "\n", 1);
  soup_server_message_unpause (feed->msg);
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_cb (gpointer user_data)
{
  Feed *feed = user_data;

  feed->timeout_id = 0;
  feed_finish (feed, NULL);
  soup_server_message_unpause (feed->msg);
  return G_SOURCE_REMOVE;
}

static gboolean
wake_cb (gpointer user_data)
{
  Feed *feed = user_data;

  feed->wake_id = 0;
  if (feed->state != FEED_WAITING)
    return G_SOURCE_REMOVE;

  if (relais_db_is_deleted (feed->db))
    feed_finish (feed, NULL);
  else
    {
      feed->state = FEED_STREAMING;
      feed_pump (feed);
    }
  soup_server_message_unpause (feed->msg);
  return G_SOURCE_REMOVE;
}

/* A write happened: the work is deferred so that the writer's response
 * is not delayed, and so that a burst of writes wakes us once. At the
 * default priority, not an idle's: under a steady stream of requests
 * (sockets are default priority) idles would wait for a quiet moment
 * that never comes, and watchers would see writes only seconds later. */
static void
db_changed_cb (RelaisDb *db, gpointer user_data)
{
  Feed *feed = user_data;

  if (feed->wake_id == 0)
    feed->wake_id = g_idle_add_full (G_PRIORITY_DEFAULT, wake_cb, feed, NULL);
}

static void
feed_wait (Feed *feed)
{
  feed->state = FEED_WAITING;
  if (feed->waiter_id == 0)
    feed->waiter_id = relais_db_add_waiter (feed->db, db_changed_cb, feed);
  if (feed->heartbeat_ms > 0 && feed->heartbeat_id == 0)
    feed->heartbeat_id = g_timeout_add (feed->heartbeat_ms, heartbeat_cb, feed);
  if (feed->timeout_ms > 0 && feed->timeout_id == 0)
    feed->timeout_id = g_timeout_add (feed->timeout_ms, timeout_cb, feed);
}

static gboolean
scan_cb (gpointer user_data)
{
  Feed *feed = user_data;

  feed->scan_id = 0;
  feed_pump (feed);
  soup_server_message_unpause (feed->msg);
  return G_SOURCE_REMOVE;
}

/* Reads and queues the next chunk of rows, then decides what comes next:
 * more chunks (from wrote-chunk), the end of the response, or waiting. */
static void
feed_pump (Feed *feed)
{
  g_autoptr (GError) error = NULL;
  BatchData data = { feed, g_string_new (NULL), 0, 0, FALSE };
  guint64 before = feed->cursor;
  gboolean exhausted = FALSE;
  guint chunks = 0;

  if (feed->state != FEED_STREAMING)
    {
      g_string_free (data.out, TRUE);
      return;
    }

  /* A filtered feed reads whole chunks (limit counts the rows sent) and
   * reads on while nothing matched, a few chunks at a time. */
  do
    {
      guint want = feed->selector != NULL
                       ? feed->chunk_rows
                       : (guint) MIN ((guint64) feed->chunk_rows, feed->remaining);

      data.n_scanned = 0;
      if (want == 0)
        break;
      if (!relais_store_changes (relais_db_get_store (feed->db), feed->cursor, want, feed->flags,
                                 append_row_cb, &data, NULL, &error))
        {
          /* The status is sent already: end the feed where it is. */
          g_warning ("changes feed of %s stopped after seq %" G_GUINT64_FORMAT ": %s",
                     relais_db_get_name (feed->db), before, error->message);
          feed_finish (feed, data.out);
          return;
        }
      exhausted = !data.limit_hit && data.n_scanned < want;
    }
  while (feed->selector != NULL && data.n_rows == 0 && !exhausted && feed->remaining > 0 &&
         ++chunks < MAX_SCAN_CHUNKS);

  if (data.n_rows == 0 && !exhausted && feed->remaining > 0)
    {
      /* Filtered, nothing matched yet, more to read: go on later. */
      g_string_free (data.out, TRUE);
      feed->scan_id = g_idle_add (scan_cb, feed);
      return;
    }

  /* A longpoll with nothing to say yet waits before writing anything. */
  if (feed->mode == FEED_LONGPOLL && !feed->any_row && feed->remaining > 0)
    {
      g_string_free (data.out, TRUE);
      feed_wait (feed);
      return;
    }

  if (feed->mode != FEED_CONTINUOUS && !feed->header_written)
    {
      g_string_prepend (data.out, "{\"results\":[\n");
      feed->header_written = TRUE;
    }
  if (feed->remaining == 0 || (exhausted && feed->mode != FEED_CONTINUOUS))
    {
      feed_finish (feed, data.out);
      return;
    }
  feed_append (feed, data.out);
  if (exhausted)
    feed_wait (feed);
  /* else: wrote-chunk asks for the next chunk once this one is out. */
}

/* Signal callbacks */

static void
wrote_chunk_cb (SoupServerMessage *msg, gpointer user_data)
{
  Feed *feed = user_data;

  if (feed->state == FEED_STREAMING)
    feed_pump (feed);
}

static void
finished_cb (SoupServerMessage *msg, gpointer user_data)
{
  Feed *feed = user_data;

  /* The response is complete, or the client went away ("disconnected"
   * comes without "finished" when it leaves a paused feed: a later
   * unpause would then find no connection). */
  g_signal_handlers_disconnect_by_data (msg, feed);
  feed_free (feed);
}

/* Parameters */

static gboolean
parse_since (RelaisStore *store, const char *text, guint64 *since, GError **error)
{
  const char *end = NULL;

  *since = 0;
  if (text == NULL || *text == '\0')
    return TRUE;
  if (g_str_equal (text, "now"))
    {
      *since = relais_store_get_update_seq (store);
      return TRUE;
    }
  /* Opaque to clients; ours are integers, maybe quoted, and a CouchDB
   * cluster seq "N-…" is read by its leading number. */
  if (text[0] == '"')
    text++;
  *since = g_ascii_strtoull (text, (char **) &end, 10);
  if (end == text || (*end != '\0' && *end != '-' && *end != '"'))
    {
      g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                   "Malformed since parameter: %s", text);
      return FALSE;
    }
  return TRUE;
}

/* Only CouchDB's built-in _selector filter: design-document filters
 * would run code, and _doc_ids is not used by our replicator. */
static gboolean
parse_filter (RelaisRequest *req, Feed *feed, GError **error)
{
  const char *filter = relais_http_query (req->query, "filter");
  g_autoptr (JsonObject) body = NULL;
  JsonNode *selector;

  if (!g_str_equal (filter, "_selector"))
    {
      g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                   "Unsupported filter %s: only _selector", filter);
      return FALSE;
    }
  if (!g_str_equal (soup_server_message_get_method (req->msg), "POST"))
    {
      /* CouchDB's words. */
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                           "Selector must be specified in POST payload");
      return FALSE;
    }
  if ((body = relais_http_parse_body_object (req->msg, error)) == NULL)
    return FALSE;
  selector = json_object_get_member (body, "selector");
  if (selector == NULL)
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                           "Selector must be specified in POST payload");
      return FALSE;
    }
  if (!relais_selector_check (selector, error))
    {
      g_autoptr (GError) cause = g_steal_pointer (error);

      g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                   "Invalid selector: %s", cause->message);
      return FALSE;
    }
  feed->selector = json_object_ref (json_node_get_object (selector));
  return TRUE;
}

static gboolean
parse_params (RelaisRequest *req, Feed *feed, GError **error)
{
  GHashTable *q = req->query;
  const char *feed_name = relais_http_query (q, "feed");
  const char *style = relais_http_query (q, "style");
  const char *heartbeat = relais_http_query (q, "heartbeat");
  gboolean include_docs, descending;
  guint64 limit, timeout;

  if (feed_name == NULL || g_str_equal (feed_name, "normal"))
    feed->mode = FEED_NORMAL;
  else if (g_str_equal (feed_name, "longpoll"))
    feed->mode = FEED_LONGPOLL;
  else if (g_str_equal (feed_name, "continuous") || g_str_equal (feed_name, "eventsource"))
    feed->mode = FEED_CONTINUOUS;
  else
    {
      g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                   "Supported `feed` types: normal, continuous, longpoll");
      return FALSE;
    }

  if (style != NULL && g_str_equal (style, "all_docs"))
    feed->flags |= RELAIS_CHANGES_ALL_DOCS;
  else if (style != NULL && !g_str_equal (style, "main_only"))
    {
      g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                   "Supported `style` values: main_only, all_docs");
      return FALSE;
    }

  if (relais_http_query (q, "filter") != NULL && !parse_filter (req, feed, error))
    return FALSE;

  if (!relais_http_query_bool (q, "include_docs", FALSE, &include_docs, error) ||
      !relais_http_query_bool (q, "descending", FALSE, &descending, error) ||
      !relais_http_query_uint64 (q, "limit", G_MAXUINT64, &limit, error) ||
      !relais_http_query_uint64 (q, "timeout", DEFAULT_TIMEOUT_MS, &timeout, error) ||
      !parse_since (relais_db_get_store (req->db), relais_http_query (q, "since"), &feed->cursor,
                    error))
    return FALSE;
  feed->send_docs = include_docs;
  /* The selector is tested on the document: the store splices it anyway. */
  if (include_docs || feed->selector != NULL)
    feed->flags |= RELAIS_CHANGES_INCLUDE_DOCS;
  if (descending)
    {
      /* Newest first makes sense for a one-shot feed only. */
      feed->flags |= RELAIS_CHANGES_DESCENDING;
      feed->mode = FEED_NORMAL;
    }
  feed->remaining = limit;

  if (heartbeat != NULL)
    {
      guint64 ms = DEFAULT_HEARTBEAT_MS;

      if (!g_str_equal (heartbeat, "true") &&
          !g_ascii_string_to_unsigned (heartbeat, 10, 1, G_MAXUINT, &ms, NULL))
        {
          g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                               "Invalid heartbeat value. Expecting a positive integer value.");
          return FALSE;
        }
      feed->heartbeat_ms = (guint) ms;
    }

  /* A heartbeat keeps the feed open until the client goes (CouchDB). */
  feed->timeout_ms = feed->heartbeat_ms > 0 ? 0 : (guint) MIN (MAX (timeout, 1), G_MAXUINT);
  return TRUE;
}

void
_relais_handle_changes (RelaisRequest *req)
{
  g_autoptr (GError) error = NULL;
  Feed *feed;
  SoupMessageHeaders *headers;

  if (!_relais_request_check_method (req, CHANGES_METHODS) ||
      !_relais_request_authorize (req, RELAIS_ACTION_DB_READ))
    return;

  feed = g_new0 (Feed, 1);
  feed->chunk_rows = _relais_server_get_config (req->server)->changes_chunk_rows;
  if (!parse_params (req, feed, &error))
    {
      g_clear_pointer (&feed->selector, json_object_unref);
      g_free (feed);
      _relais_request_reply_gerror (req, error);
      return;
    }

  feed->msg = g_object_ref (req->msg);
  feed->db = relais_db_ref (req->db);
  feed->state = FEED_STREAMING;

  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  headers = soup_server_message_get_response_headers (req->msg);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_replace (headers, "Cache-Control", "must-revalidate");
  /* Written chunks are dropped, not kept for the whole response. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (req->msg), FALSE);

  g_signal_connect (req->msg, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), feed);
  g_signal_connect (req->msg, "finished", G_CALLBACK (finished_cb), feed);
  g_signal_connect (req->msg, "disconnected", G_CALLBACK (finished_cb), feed);

  feed_pump (feed);
}

/* relais-handlers-changes.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * GET/POST /{db}/_changes: feed=normal|longpoll|continuous. Every feed is
 * streamed with chunked encoding, a chunk of at most changes-chunk-rows
 * rows at a time, the next one read from the store only when the previous
 * one has been written: a feed of any size never sits whole in memory.
 * Waiting feeds pause their message, join their database's group of
 * waiting feeds and are woken by every successful write (and, within
 * EXTERNAL_POLL_MS, by the writes of another process on the same store,
 * such as the admin subcommands); heartbeats are newlines. A write wakes
 * the whole group at once, and the group's unfiltered feeds share one
 * read of the new rows: 200 clients waiting on a database cost one store
 * read per write, not 200.
 * A feed whose whole answer is known before anything is sent is sent
 * with a Content-Length instead of chunks: a normal feed that ends within
 * its request's handler (at most changes-chunk-rows rows, a replicator's
 * batch), a longpoll answered at once, and a longpoll without heartbeat
 * that waited (its message is paused before its headers, which leave
 * with the rows). One write of the body instead of a chunk-size line,
 * the data, its CRLF and the last chunk, and no thread: libsoup 3.2 ends
 * a chunked body with g_output_stream_close_async(), which runs on a
 * worker thread and comes back through the main loop.
 *
 * filter=_selector (POST body {"selector": …}, as CouchDB): each row's
 * winning revision is parsed and tested (relais_selector_matches); rows
 * that do not match are skipped but still move last_seq on, and `limit`
 * counts the rows sent. A feed that skips many rows scans a bounded
 * number of chunks at a time, then goes on from an idle so that other
 * clients are served meanwhile.
 *
 * When the server drains before it stops (SIGTERM), every waiting feed
 * ends with what it has, as at its timeout, and no feed waits any more:
 * the clients are answered, not cut, and come back to the next server.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <string.h>

#include "relais-core.h"
#include "relais-server-private.h"

#define DEFAULT_TIMEOUT_MS 60000
#define DEFAULT_HEARTBEAT_MS 60000
#define EXTERNAL_POLL_MS 250 /* see group_poll_cb() */
#define MAX_SCAN_CHUNKS 8    /* filtered: chunks read in one go when none matches */

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
  gboolean in_handler; /* the first pump, in the handler: nothing is sent yet */
  gboolean held;       /* a longpoll waiting with its headers not sent (paused) */
  gboolean any_row;
  gboolean send_docs; /* include_docs asked (a selector reads them anyway) */

  guint heartbeat_id;
  guint timeout_id;
  guint scan_id;
  gboolean in_group; /* in its database's FeedGroup */
} Feed;

/* The feeds of one database that wait for its next write (or stream on,
 * their waiter kept): one waiter on the database and one wake for all. */
typedef struct
{
  /* Owned References */
  RelaisDb *db;
  GPtrArray *feeds; /* of Feed (borrowed: a feed leaves before it is freed) */

  guint waiter_id;
  guint wake_id;
  guint poll_id; /* writes of other processes (the admin subcommands) */
} FeedGroup;

/* One read of the rows after the lowest cursor of a wake's feeds, for the
 * feeds of one set of flags; each takes the rows after its own cursor. */
typedef struct
{
  RelaisChangesFlags flags;
  guint64 from;
  GArray *seqs;       /* of guint64 */
  GPtrArray *rows;    /* the row objects as JSON text, no separator */
  gboolean exhausted; /* every row after `from` is here */
  gboolean failed;
} SharedRead;

typedef struct
{
  Feed *feed;
  GString *out;
  guint n_rows;    /* sent */
  guint n_scanned; /* read from the store, sent or skipped */
  gboolean limit_hit;
} BatchData;

static void feed_pump (Feed *feed);
static void group_join (Feed *feed);
static void group_leave (Feed *feed);

/* Set once by _relais_changes_end_waiting(): the process is stopping. */
static gboolean ending;

/* Auxiliary methods */

static void
feed_stop_waiting (Feed *feed)
{
  g_clear_handle_id (&feed->heartbeat_id, g_source_remove);
  g_clear_handle_id (&feed->timeout_id, g_source_remove);
  g_clear_handle_id (&feed->scan_id, g_source_remove);
  group_leave (feed);
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

/* The row object of @change, as every feed mode writes it. */
static void
append_row_json (GString *out, const RelaisChange *change, gboolean send_docs)
{
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
  if (change->doc_json != NULL && send_docs)
    {
      g_string_append (out, ",\"doc\":");
      g_string_append (out, change->doc_json);
    }
  g_string_append_c (out, '}');
}

/* Appends one row object (@row, its text) to the batch; FALSE once the
 * limit is reached. */
static gboolean
batch_add_row (BatchData *data, guint64 seq, const char *row, gsize len)
{
  Feed *feed = data->feed;

  if (feed->mode != FEED_CONTINUOUS && feed->any_row)
    g_string_append (data->out, ",\n");
  feed->any_row = TRUE;
  g_string_append_len (data->out, row, len);
  if (feed->mode == FEED_CONTINUOUS)
    g_string_append_c (data->out, '\n');

  feed->cursor = seq;
  data->n_rows++;
  if (--feed->remaining == 0)
    {
      data->limit_hit = TRUE;
      return FALSE;
    }
  return TRUE;
}

static gboolean
append_row_cb (const RelaisChange *change, gpointer user_data)
{
  BatchData *data = user_data;
  Feed *feed = data->feed;
  g_autoptr (GString) row = NULL;

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

  row = g_string_new (NULL);
  append_row_json (row, change, feed->send_docs);
  return batch_add_row (data, change->seq, row->str, row->len);
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
  /* Still in the handler, or a longpoll that waited with its headers
   * held: libsoup has written nothing, and the whole answer is known, its
   * length too. A chunked answer costs libsoup a thread hop for its last
   * chunk (g_output_stream_close_async of the chunked stream) and more
   * send()s: with 200 watchers woken by every write, that was a tenth of
   * the server's time. */
  if ((feed->in_handler || feed->held) && feed->mode != FEED_CONTINUOUS)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (feed->msg);

      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CONTENT_LENGTH);
      soup_message_headers_set_content_length (headers, out->len);
    }
  feed_append (feed, out);
  soup_message_body_complete (soup_server_message_get_response_body (feed->msg));
}

/* After a wake or a scan: a held longpoll that went back to waiting (the
 * write was not for it) stays paused, or libsoup would send its headers
 * now, chunked, and its rows could no longer go with a length. */
static void
feed_resume (Feed *feed)
{
  if (feed->held && feed->state == FEED_WAITING)
    return;
  soup_server_message_unpause (feed->msg);
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

static void
feed_wait (Feed *feed)
{
  feed->state = FEED_WAITING;
  group_join (feed);
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
  feed_resume (feed);
  return G_SOURCE_REMOVE;
}

/* What comes after a batch of rows (@out, taken; maybe none): more
 * chunks (from wrote-chunk), the end of the response, or waiting.
 * @exhausted: the store has no row after feed->cursor */
static void
feed_send_batch (Feed *feed, GString *out, gboolean exhausted)
{
  /* A longpoll with nothing to say yet waits before writing anything
   * (unless the server is stopping: it ends with no rows). */
  if (feed->mode == FEED_LONGPOLL && !feed->any_row && feed->remaining > 0 && !ending)
    {
      g_string_free (out, TRUE);
      /* Paused before its headers, so that the answer goes with a
       * Content-Length; one with heartbeats needs its chunks at once. */
      if (feed->in_handler && feed->heartbeat_ms == 0)
        {
          feed->held = TRUE;
          soup_server_message_pause (feed->msg);
        }
      feed_wait (feed);
      return;
    }

  if (feed->mode != FEED_CONTINUOUS && !feed->header_written)
    {
      g_string_prepend (out, "{\"results\":[\n");
      feed->header_written = TRUE;
    }
  if (feed->remaining == 0 || (exhausted && feed->mode != FEED_CONTINUOUS))
    {
      feed_finish (feed, out);
      return;
    }
  feed_append (feed, out);
  feed->held = FALSE; /* chunks from here on: the headers go out */
  if (exhausted && ending)
    feed_finish (feed, NULL);
  else if (exhausted)
    feed_wait (feed);
  /* else: wrote-chunk asks for the next chunk once this one is out. */
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

  /* A feed that waits when it has nothing (longpoll, continuous; a
   * descending one is normal) reads
   * nothing when the store is known to have nothing after its cursor: the
   * 200 clients woken by a write come back at once, each with the seq
   * the shared read gave them, and those 200 empty reads were a
   * fifteenth of the server's time. */
  if (feed->mode != FEED_NORMAL && relais_db_nothing_after (feed->db, feed->cursor))
    {
      feed_send_batch (feed, data.out, TRUE);
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
  feed_send_batch (feed, data.out, exhausted);
}

/* Groups of waiting feeds */

/* Main thread only, as the feeds: RelaisDb* → FeedGroup*. */
static GHashTable *groups;

static void
group_free (FeedGroup *group)
{
  g_clear_handle_id (&group->wake_id, g_source_remove);
  g_clear_handle_id (&group->poll_id, g_source_remove);
  if (group->waiter_id != 0)
    relais_db_remove_waiter (group->db, group->waiter_id);
  g_ptr_array_unref (group->feeds);
  relais_db_unref (group->db);
  g_free (group);
}

static void
shared_read_free (SharedRead *shared)
{
  g_array_unref (shared->seqs);
  g_ptr_array_unref (shared->rows);
  g_free (shared);
}

static gboolean
shared_row_cb (const RelaisChange *change, gpointer user_data)
{
  SharedRead *shared = user_data;
  GString *row = g_string_new (NULL);

  append_row_json (row, change, (shared->flags & RELAIS_CHANGES_INCLUDE_DOCS) != 0);
  g_array_append_val (shared->seqs, change->seq);
  g_ptr_array_add (shared->rows, g_string_free (row, FALSE));
  return TRUE;
}

/* The rows after the lowest cursor of @feeds that have @flags, read once. */
static SharedRead *
shared_read_new (RelaisDb *db, GPtrArray *feeds, RelaisChangesFlags flags, guint chunk_rows)
{
  g_autoptr (GError) error = NULL;
  SharedRead *shared = g_new0 (SharedRead, 1);

  shared->flags = flags;
  shared->from = G_MAXUINT64;
  shared->seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  shared->rows = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < feeds->len; i++)
    {
      Feed *feed = g_ptr_array_index (feeds, i);

      if (feed->selector == NULL && feed->flags == flags)
        shared->from = MIN (shared->from, feed->cursor);
    }
  if (!relais_store_changes (relais_db_get_store (db), shared->from, chunk_rows, flags,
                             shared_row_cb, shared, NULL, &error))
    {
      /* Each feed then reads (and reports) for itself. */
      shared->failed = TRUE;
      return shared;
    }
  shared->exhausted = shared->rows->len < chunk_rows;
  if (shared->exhausted)
    relais_db_set_read_to (db, shared->rows->len > 0
                                   ? g_array_index (shared->seqs, guint64, shared->seqs->len - 1)
                                   : shared->from);
  return shared;
}

/* A woken unfiltered feed takes its rows from @shared; one whose rows are
 * not all there (a cursor far ahead of the others) reads for itself. */
static void
feed_take_shared (Feed *feed, SharedRead *shared)
{
  BatchData data = { feed, g_string_new (NULL), 0, 0, FALSE };
  guint i = 0;

  while (i < shared->seqs->len && g_array_index (shared->seqs, guint64, i) <= feed->cursor)
    i++;
  if (shared->failed || (i == shared->seqs->len && !shared->exhausted))
    {
      g_string_free (data.out, TRUE);
      feed_pump (feed);
      return;
    }
  for (; i < shared->seqs->len && feed->remaining > 0; i++)
    {
      const char *row = g_ptr_array_index (shared->rows, i);

      if (!batch_add_row (&data, g_array_index (shared->seqs, guint64, i), row, strlen (row)))
        break;
    }
  feed_send_batch (feed, data.out, !data.limit_hit && shared->exhausted && i >= shared->seqs->len);
}

static gboolean
group_wake_cb (gpointer user_data)
{
  FeedGroup *group = user_data;
  g_autoptr (GPtrArray) woken = g_ptr_array_new ();
  g_autoptr (GPtrArray) reads = g_ptr_array_new_with_free_func ((GDestroyNotify) shared_read_free);
  gboolean deleted = relais_db_is_deleted (group->db);

  group->wake_id = 0;
  for (guint i = 0; i < group->feeds->len; i++)
    {
      Feed *feed = g_ptr_array_index (group->feeds, i);

      /* A streaming feed reads on to the end by itself. */
      if (feed->state == FEED_WAITING)
        g_ptr_array_add (woken, feed);
    }

  /* Ending or waking a feed may make it leave the group (the last one
   * frees it): only the local list is walked from here. */
  for (guint i = 0; i < woken->len; i++)
    {
      Feed *feed = g_ptr_array_index (woken, i);
      SharedRead *shared = NULL;

      if (deleted)
        feed_finish (feed, NULL);
      else if (feed->selector != NULL)
        {
          feed->state = FEED_STREAMING;
          feed_pump (feed);
        }
      else
        {
          for (guint j = 0; j < reads->len && shared == NULL; j++)
            if (((SharedRead *) g_ptr_array_index (reads, j))->flags == feed->flags)
              shared = g_ptr_array_index (reads, j);
          if (shared == NULL)
            {
              shared = shared_read_new (feed->db, woken, feed->flags, feed->chunk_rows);
              g_ptr_array_add (reads, shared);
            }
          feed->state = FEED_STREAMING;
          feed_take_shared (feed, shared);
        }
      feed_resume (feed);
    }
  return G_SOURCE_REMOVE;
}

/* A write happened: the work is deferred so that the writer's response
 * is not delayed, and so that a burst of writes wakes the group once. At
 * the default priority, not an idle's: under a steady stream of requests
 * (sockets are default priority) idles would wait for a quiet moment
 * that never comes, and watchers would see writes only seconds later. */
static void
db_changed_cb (RelaisDb *db, gpointer user_data)
{
  FeedGroup *group = user_data;

  if (group->wake_id == 0)
    group->wake_id = g_idle_add_full (G_PRIORITY_DEFAULT, group_wake_cb, group, NULL);
}

/* Our own writes wake the group (db_changed_cb); those of another
 * process on the same store file (`relais-server user add`, `referential
 * import` while the server runs) are seen here: a waiting feed whose
 * cursor is behind the store's update_seq has rows to take. One read of
 * a prepared statement per waiting database and period. */
static gboolean
group_poll_cb (gpointer user_data)
{
  FeedGroup *group = user_data;
  guint64 lowest = G_MAXUINT64;

  for (guint i = 0; i < group->feeds->len; i++)
    {
      Feed *feed = g_ptr_array_index (group->feeds, i);

      if (feed->state == FEED_WAITING)
        lowest = MIN (lowest, feed->cursor);
    }
  if (lowest != G_MAXUINT64 && !relais_db_is_deleted (group->db) &&
      relais_store_get_update_seq (relais_db_get_store (group->db)) > lowest)
    db_changed_cb (group->db, group);
  return G_SOURCE_CONTINUE;
}

static void
group_join (Feed *feed)
{
  FeedGroup *group;

  if (feed->in_group)
    return;
  if (groups == NULL)
    groups = g_hash_table_new (NULL, NULL);
  if ((group = g_hash_table_lookup (groups, feed->db)) == NULL)
    {
      group = g_new0 (FeedGroup, 1);
      group->db = relais_db_ref (feed->db);
      group->feeds = g_ptr_array_new ();
      group->waiter_id = relais_db_add_waiter (feed->db, db_changed_cb, group);
      group->poll_id = g_timeout_add (EXTERNAL_POLL_MS, group_poll_cb, group);
      g_hash_table_insert (groups, feed->db, group);
    }
  g_ptr_array_add (group->feeds, feed);
  feed->in_group = TRUE;
}

static void
group_leave (Feed *feed)
{
  FeedGroup *group;

  if (!feed->in_group)
    return;
  feed->in_group = FALSE;
  group = g_hash_table_lookup (groups, feed->db);
  g_assert (group != NULL);
  g_ptr_array_remove_fast (group->feeds, feed);
  if (group->feeds->len == 0)
    {
      g_hash_table_remove (groups, feed->db);
      group_free (group);
    }
}

/**
 * _relais_changes_end_waiting:
 *
 * The server is draining before it stops: every waiting feed of every
 * database is woken and ends with the rows it has (none, usually), and
 * from now on no feed waits. Main thread, as the feeds.
 */
void
_relais_changes_end_waiting (void)
{
  g_autoptr (GPtrArray) woken = g_ptr_array_new ();
  GHashTableIter iter;
  FeedGroup *group;

  ending = TRUE;
  if (groups == NULL)
    return;
  /* A wake may free its own group (its last feed leaves), never another:
   * the list is made first. */
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &group))
    g_ptr_array_add (woken, group);
  for (guint i = 0; i < woken->len; i++)
    {
      group = g_ptr_array_index (woken, i);
      g_clear_handle_id (&group->wake_id, g_source_remove);
      group_wake_cb (group);
    }
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
wrote_headers_cb (SoupServerMessage *msg, gpointer user_data)
{
  Feed *feed = user_data;

  feed->held = FALSE;
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

  g_signal_connect (req->msg, "wrote-headers", G_CALLBACK (wrote_headers_cb), feed);
  g_signal_connect (req->msg, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), feed);
  g_signal_connect (req->msg, "finished", G_CALLBACK (finished_cb), feed);
  g_signal_connect (req->msg, "disconnected", G_CALLBACK (finished_cb), feed);

  feed->in_handler = TRUE;
  feed_pump (feed);
  feed->in_handler = FALSE;
}

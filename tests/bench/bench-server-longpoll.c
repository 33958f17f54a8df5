/* bench-server-longpoll.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * 200 clients wait on feed=longpoll while 50 writers each PUT 10 DE, with
 * 20–100 ms between their writes (the first one too: each writer's
 * connection is opened with a GET before, and 50 PUTs sent in the same
 * microsecond on cold connections measured the start, not the fan-out;
 * BENCH_COLD_START=1 brings that start back). For every write: the delay from sending
 * the PUT to the moment the last of the 200 watchers has received it.
 * Then 50 lone writes, each 100 ms after the previous one was seen by
 * all: the fan-out without the queueing of the first phase.
 * Watchers and writers each have one keep-alive connection speaking plain
 * HTTP/1.1 themselves, because libsoup's client machinery cost more CPU
 * than the server and the figure measured it: with the writers on a
 * SoupSession, the first PUTs of the 50 writers reached the server 250 to
 * 600 ms after the bench took their "sent" time, queued in the bench's own
 * session behind the 200 watchers' traffic (BENCH_SOUP_WRITERS=1 brings
 * that client back). A write's "sent" time is taken just before its bytes
 * are written to its connection.
 * All in this one process on the same machine as the server, so its own
 * work is still in the figure. Bounded: 550 writes, 60 s a phase at most.
 * Not a test: prints `bench:` lines.
 */

#define G_LOG_DOMAIN "bench-server-longpoll"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>

#include "bench-server-utils.h"
#include "gen-de.h"

#define N_WATCHERS 200
#define N_WRITERS 50
#define WRITES_PER_WRITER 10
#define N_WRITES (N_WRITERS * WRITES_PER_WRITER)
#define N_SOLO 50
#define N_TOTAL (N_WRITES + N_SOLO)
#define DEADLINE_S 60

typedef struct
{
  gint64 sent;
  gint64 acked;
  gint64 all_seen;
  guint seen;
} Write;

typedef struct
{
  BenchServer bs;
  SoupSession *write_session;
  GPtrArray *docs;
  GHashTable *by_id; /* doc id → Write* */
  Write writes[N_TOTAL];
  guint next_doc;
  guint acked;
  guint fully_seen;
  guint target; /* writes acked and seen by all that end the current phase */
  guint warmed; /* watchers whose first (immediate) request came back */
  gpointer writers;
  GMainLoop *loop;
  GRand *rand;
} Bench;

typedef struct
{
  Bench *bench;
  guint64 since;
  guint index;
  GSocketConnection *connection;
  GByteArray *in; /* what the server sent for the current response */
  gboolean warm;  /* its connection was accepted: it may wait */
  guint8 buf[16384];
} Watcher;

static gboolean start_writers_cb (gpointer user_data);

typedef struct
{
  Bench *bench;
  guint done;
  gboolean solo; /* the second phase's writer: one write at a time */
  /* Plain HTTP (unless BENCH_SOUP_WRITERS): its connection, the response
   * being read and the write it answers. */
  GSocketConnection *connection;
  GByteArray *in;
  Write *current;
  gboolean warming;
  guint8 buf[4096];
} Writer;

static gboolean soup_writers;

static Writer solo_writer;
static gboolean write_later_cb (gpointer user_data);

static void watch (Watcher *w);
static void write_next (Writer *writer);

static void
maybe_quit (Bench *b)
{
  if (b->acked == b->target && b->fully_seen == b->target)
    g_main_loop_quit (b->loop);
}

/* The body of a complete response in @in (Content-Length or chunked),
 * or NULL (need more). */
static GByteArray *
dechunk (GByteArray *in)
{
  const char *data = (const char *) in->data;
  const char *end = data + in->len;
  const char *p = g_strstr_len (data, in->len, "\r\n\r\n");
  const char *length = NULL;
  GByteArray *body = g_byte_array_new ();

  if (p == NULL)
    goto more;
  p += 4;
  /* relais-server's headers are "Content-Length: N", case as written. */
  if ((length = g_strstr_len (data, p - data, "\r\nContent-Length: ")) != NULL)
    {
      guint64 size = g_ascii_strtoull (length + strlen ("\r\nContent-Length: "), NULL, 10);

      if ((guint64) (end - p) < size)
        goto more;
      g_byte_array_append (body, (const guint8 *) p, size);
      return body;
    }
  for (;;)
    {
      const char *line_end = g_strstr_len (p, end - p, "\r\n");
      guint64 size;

      if (line_end == NULL)
        goto more;
      size = g_ascii_strtoull (p, NULL, 16);
      if ((guint64) (end - line_end) < 2 + size + 2)
        goto more;
      if (size == 0)
        return body;
      g_byte_array_append (body, (const guint8 *) line_end + 2, size);
      p = line_end + 2 + size + 2;
    }

more:
  g_byte_array_unref (body);
  return NULL;
}

static void
got_response (Watcher *w, GByteArray *body)
{
  Bench *b = w->bench;
  gint64 now = g_get_monotonic_time ();
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = relais_json_parse ((const char *) body->data, body->len, &error);
  JsonObject *root;
  JsonArray *rows;

  if (node == NULL)
    g_error ("watcher %u: %s", w->index, error->message);
  root = json_node_get_object (node);
  rows = json_object_get_array_member (root, "results");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      const char *id =
          json_object_get_string_member (json_array_get_object_element (rows, i), "id");
      Write *write = g_hash_table_lookup (b->by_id, id);

      if (write != NULL && ++write->seen == N_WATCHERS)
        {
          write->all_seen = now;
          b->fully_seen++;
          if (write - b->writes >= N_WRITES && b->next_doc < N_TOTAL)
            g_timeout_add (100, write_later_cb, &solo_writer);
        }
    }
  w->since = (guint64) json_object_get_int_member (root, "last_seq");
  /* The listen backlog is short: writes start only once all 200
   * connections are accepted (one immediate answer each), and the
   * watchers had 300 ms to send their longpoll. */
  if (!w->warm)
    {
      w->warm = TRUE;
      if (++b->warmed == N_WATCHERS)
        g_timeout_add (300, start_writers_cb, b->writers);
    }
  maybe_quit (b);
  if (b->fully_seen < N_TOTAL)
    watch (w);
}

static void
read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Watcher *w = user_data;
  g_autoptr (GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  GByteArray *body;

  if (n <= 0)
    g_error ("watcher %u: %s", w->index, error != NULL ? error->message : "connection closed");
  g_byte_array_append (w->in, w->buf, n);
  if ((body = dechunk (w->in)) == NULL)
    {
      g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (w->connection)), w->buf,
                                 sizeof w->buf, G_PRIORITY_DEFAULT, NULL, read_cb, w);
      return;
    }
  got_response (w, body);
  g_byte_array_unref (body);
}

static void
watch (Watcher *w)
{
  g_autofree char *request = g_strdup_printf (
      "GET /lp/_changes?feed=%s&since=%" G_GUINT64_FORMAT "&timeout=%u HTTP/1.1\r\n"
      "Host: 127.0.0.1\r\nAuthorization: " BENCH_ADMIN_BASIC "\r\n\r\n",
      w->warm ? "longpoll" : "normal", w->since, DEADLINE_S * 1000);
  g_autoptr (GError) error = NULL;

  /* Small requests on an idle connection: a blocking write does not wait. */
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (w->connection)),
                                  request, strlen (request), NULL, NULL, &error))
    g_error ("watcher %u: %s", w->index, error->message);
  g_byte_array_set_size (w->in, 0);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (w->connection)), w->buf,
                             sizeof w->buf, G_PRIORITY_DEFAULT, NULL, read_cb, w);
}

static GSocketConnection *
connect_to_server (Bench *b)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GUri) uri = g_uri_parse (b->bs.url, G_URI_FLAGS_NONE, NULL);
  g_autoptr (GError) error = NULL;
  GSocketConnection *connection =
      g_socket_client_connect_to_host (client, "127.0.0.1", g_uri_get_port (uri), NULL, &error);

  if (connection == NULL)
    g_error ("connect: %s", error->message);
  g_socket_set_option (g_socket_connection_get_socket (connection), IPPROTO_TCP, TCP_NODELAY, 1,
                       NULL);
  return connection;
}

static void
watcher_connect (Watcher *w)
{
  w->connection = connect_to_server (w->bench);
  w->in = g_byte_array_new ();
}

static gboolean
write_later_cb (gpointer user_data)
{
  write_next (user_data);
  return G_SOURCE_REMOVE;
}

static void
write_acked (Writer *writer, Write *write)
{
  Bench *b = writer->bench;

  write->acked = g_get_monotonic_time ();
  b->acked++;
  maybe_quit (b);
  if (!writer->solo && ++writer->done < WRITES_PER_WRITER)
    g_timeout_add (g_rand_int_range (b->rand, 20, 101), write_later_cb, writer);
}

static void
write_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Writer *writer = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  Write *write = g_object_get_data (G_OBJECT (msg), "bench-write");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (bytes == NULL || soup_message_get_status (msg) != 201)
    g_error ("write: %s", error != NULL ? error->message : "not 201");
  write_acked (writer, write);
}

static void warmed (Writer *writer);

/* Plain HTTP: the answer to the writer's request (its warm-up GET or a PUT). */
static void
writer_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Writer *writer = user_data;
  g_autoptr (GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  GByteArray *body;

  if (n <= 0)
    g_error ("writer: %s", error != NULL ? error->message : "connection closed");
  g_byte_array_append (writer->in, writer->buf, n);
  if ((body = dechunk (writer->in)) == NULL)
    {
      g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (writer->connection)),
                                 writer->buf, sizeof writer->buf, G_PRIORITY_DEFAULT, NULL,
                                 writer_read_cb, writer);
      return;
    }
  g_byte_array_unref (body);
  if (writer->warming)
    {
      writer->warming = FALSE;
      warmed (writer);
      return;
    }
  if (writer->in->len < 12 || memcmp (writer->in->data, "HTTP/1.1 201", 12) != 0)
    g_error ("write: not 201");
  write_acked (writer, writer->current);
}

/* Plain HTTP: sends @request (small: a blocking write does not wait) and
 * reads the answer. */
static void
writer_send (Writer *writer, const char *request, gsize len)
{
  g_autoptr (GError) error = NULL;

  g_byte_array_set_size (writer->in, 0);
  if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (writer->connection)),
                                  request, len, NULL, NULL, &error))
    g_error ("writer: %s", error->message);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (writer->connection)),
                             writer->buf, sizeof writer->buf, G_PRIORITY_DEFAULT, NULL,
                             writer_read_cb, writer);
}

static void
write_next (Writer *writer)
{
  Bench *b = writer->bench;
  guint index = b->next_doc++;
  JsonObject *doc = b->docs->pdata[index];
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), doc);
  g_autofree char *body = json_to_string (node, FALSE);
  g_autofree char *escaped = g_uri_escape_string (relais_doc_get_id (doc), NULL, FALSE);
  g_autofree char *path = g_strconcat ("lp/", escaped, NULL);
  g_autoptr (SoupMessage) msg = NULL;
  Write *write = &b->writes[index];

  if (!soup_writers)
    {
      g_autofree char *request = g_strdup_printf (
          "PUT /%s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " BENCH_ADMIN_BASIC "\r\n"
          "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
          path, strlen (body), body);

      writer->current = write;
      write->sent = g_get_monotonic_time ();
      writer_send (writer, request, strlen (request));
      return;
    }
  msg = bench_message (&b->bs, "PUT", path, body);
  g_object_set_data (G_OBJECT (msg), "bench-write", write);
  write->sent = g_get_monotonic_time ();
  soup_session_send_and_read_async (b->write_session, msg, G_PRIORITY_DEFAULT, NULL, write_cb,
                                    writer);
}

static gboolean
deadline_cb (gpointer user_data)
{
  Bench *b = user_data;

  fprintf (stderr, "bench-server-longpoll: deadline: %u/%d writes acked, %u seen by all\n",
           b->acked, b->target, b->fully_seen);
  g_main_loop_quit (b->loop);
  return G_SOURCE_REMOVE;
}

static void
warmed (Writer *writer)
{
  g_timeout_add (g_rand_int_range (writer->bench->rand, 20, 101), write_later_cb, writer);
}

static void
warmed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (bytes == NULL)
    g_error ("warm-up: %s", error->message);
  warmed (user_data);
}

static gboolean
start_writers_cb (gpointer user_data)
{
  Writer *writers = user_data;
  gboolean cold = g_getenv ("BENCH_COLD_START") != NULL;

  for (guint i = 0; i < N_WRITERS; i++)
    {
      g_autoptr (SoupMessage) msg = NULL;

      if (!soup_writers)
        {
          static const char warm[] = "GET /lp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                     "Authorization: " BENCH_ADMIN_BASIC "\r\n\r\n";

          /* Connected now, as the session would connect for its first
           * request; cold: the first PUT is that request. */
          writers[i].connection = connect_to_server (writers[i].bench);
          writers[i].in = g_byte_array_new ();
          if (cold)
            write_next (&writers[i]);
          else
            {
              writers[i].warming = TRUE;
              writer_send (&writers[i], warm, sizeof warm - 1);
            }
          continue;
        }
      if (cold)
        {
          write_next (&writers[i]);
          continue;
        }
      msg = bench_message (&writers[i].bench->bs, "GET", "lp", NULL);
      soup_session_send_and_read_async (writers[i].bench->write_session, msg, G_PRIORITY_DEFAULT,
                                        NULL, warmed_cb, &writers[i]);
    }
  return G_SOURCE_REMOVE;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted, double p)
{
  guint i = (guint) MIN (sorted->len - 1, (guint) (p * sorted->len));

  return g_array_index (sorted, double, i);
}

/* Prints the figures of writes [from, to) made by @n_writers writers. */
static void
report (Bench *b, guint from, guint to, guint n_writers)
{
  g_autoptr (GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) acks = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = from; i < to; i++)
    {
      Write *write = &b->writes[i];
      double seen = (write->all_seen - write->sent) / 1000.0;
      double acked = (write->acked - write->sent) / 1000.0;

      if (write->all_seen > 0)
        g_array_append_val (delays, seen);
      if (write->acked > 0)
        g_array_append_val (acks, acked);
      if (g_getenv ("BENCH_DEBUG") != NULL)
        fprintf (stderr, "write %u sent %.1f acked %.1f all %.1f\n", i,
                 (write->sent - b->writes[from].sent) / 1000.0, acked, seen);
    }
  g_array_sort (delays, compare_doubles);
  g_array_sort (acks, compare_doubles);

  printf ("bench: server_longpoll_%dw_%uwr_seen_by_all %u writes\n", N_WATCHERS, n_writers,
          delays->len);
  if (delays->len > 0)
    {
      printf ("bench: server_longpoll_%dw_%uwr_p50 %.1f ms\n", N_WATCHERS, n_writers,
              percentile (delays, 0.50));
      printf ("bench: server_longpoll_%dw_%uwr_p99 %.1f ms\n", N_WATCHERS, n_writers,
              percentile (delays, 0.99));
      printf ("bench: server_longpoll_%dw_%uwr_max %.1f ms\n", N_WATCHERS, n_writers,
              g_array_index (delays, double, delays->len - 1));
    }
  if (acks->len > 0)
    printf ("bench: server_longpoll_%dw_%uwr_put_ack_p50 %.1f ms\n", N_WATCHERS, n_writers,
            percentile (acks, 0.50));
  fflush (stdout);
}

int
main (int argc, char **argv)
{
  static Bench b;
  static Watcher watchers[N_WATCHERS];
  static Writer writers[N_WRITERS];
  g_autoptr (SoupSession) setup = soup_session_new ();

  b.docs = gen_de_docs (N_TOTAL, 3);
  b.by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < N_TOTAL; i++)
    g_hash_table_insert (b.by_id, (gpointer) relais_doc_get_id (b.docs->pdata[i]), &b.writes[i]);
  b.rand = g_rand_new_with_seed (42);
  soup_writers = g_getenv ("BENCH_SOUP_WRITERS") != NULL;
  b.loop = g_main_loop_new (NULL, FALSE);

  bench_server_start (&b.bs, argv[0]);
  g_bytes_unref (bench_request (&b.bs, setup, "PUT", "lp", NULL, 201));
  b.write_session = soup_session_new_with_options ("max-conns", N_WRITERS + 10,
                                                   "max-conns-per-host", N_WRITERS + 10, NULL);

  for (guint i = 0; i < N_WATCHERS; i++)
    {
      /* One connection per waiting client, as 200 PouchDB instances. */
      watchers[i].bench = &b;
      watchers[i].index = i;
      watcher_connect (&watchers[i]);
      watch (&watchers[i]);
    }
  for (guint i = 0; i < N_WRITERS; i++)
    writers[i] = (Writer){ &b, 0 };
  b.writers = writers;
  b.target = N_WRITES;
  g_timeout_add_seconds (DEADLINE_S, deadline_cb, &b);
  g_main_loop_run (b.loop);
  report (&b, 0, N_WRITES, N_WRITERS);

  if (b.fully_seen == N_WRITES)
    {
      solo_writer = (Writer){ &b, 0, TRUE };
      if (!soup_writers)
        {
          solo_writer.connection = connect_to_server (&b);
          solo_writer.in = g_byte_array_new ();
        }
      b.target = N_TOTAL;
      g_timeout_add_seconds (DEADLINE_S, deadline_cb, &b);
      write_next (&solo_writer);
      g_main_loop_run (b.loop);
      report (&b, N_WRITES, N_TOTAL, 1);
    }

  /* Closing the waiting connections first lets the server stop at once. */
  for (guint i = 0; i < N_WATCHERS; i++)
    {
      g_clear_object (&watchers[i].connection);
      g_byte_array_unref (watchers[i].in);
    }
  for (guint i = 0; i < N_WRITERS; i++)
    {
      g_clear_object (&writers[i].connection);
      g_clear_pointer (&writers[i].in, g_byte_array_unref);
    }
  g_clear_object (&solo_writer.connection);
  g_clear_pointer (&solo_writer.in, g_byte_array_unref);
  g_clear_object (&b.write_session);
  bench_server_stop (&b.bs);
  g_hash_table_unref (b.by_id);
  g_ptr_array_unref (b.docs);
  g_rand_free (b.rand);
  g_main_loop_unref (b.loop);
  return 0;
}

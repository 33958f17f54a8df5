/* bench-server-longpoll.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * 200 clients wait on feed=longpoll while 50 writers each PUT 10 DE, with
 * 20–100 ms between their writes. For every write: the delay from sending
 * the PUT to the moment the last of the 200 watchers has received it.
 * Watchers and writers are async SoupSession requests in this one process
 * (so its own work is in the figure). Bounded: 500 writes, 60 s at most.
 * Not a test: prints `bench:` lines.
 */

#define G_LOG_DOMAIN "bench-server-longpoll"

#include "config.h"

#include <stdio.h>

#include "bench-server-utils.h"
#include "gen-de.h"

#define N_WATCHERS 200
#define N_WRITERS 50
#define WRITES_PER_WRITER 10
#define N_WRITES (N_WRITERS * WRITES_PER_WRITER)
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
  SoupSession *watch_session;
  SoupSession *write_session;
  GPtrArray *docs;
  GHashTable *by_id; /* doc id → Write* */
  Write writes[N_WRITES];
  guint next_doc;
  guint acked;
  guint fully_seen;
  GMainLoop *loop;
  GRand *rand;
} Bench;

typedef struct
{
  Bench *bench;
  guint64 since;
  guint index;
} Watcher;

typedef struct
{
  Bench *bench;
  guint done;
} Writer;

static void watch (Watcher *w);
static void write_next (Writer *writer);

static void
maybe_quit (Bench *b)
{
  if (b->acked == N_WRITES && b->fully_seen == N_WRITES)
    g_main_loop_quit (b->loop);
}

static void
watch_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Watcher *w = user_data;
  Bench *b = w->bench;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  gint64 now = g_get_monotonic_time ();
  g_autoptr (JsonNode) node = NULL;
  JsonObject *root;
  JsonArray *rows;
  gsize size;
  const char *text;

  if (bytes == NULL)
    g_error ("watcher %u: %s", w->index, error->message);
  text = g_bytes_get_data (bytes, &size);
  if ((node = relais_json_parse (text, size, &error)) == NULL)
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
        }
    }
  w->since = (guint64) json_object_get_int_member (root, "last_seq");
  maybe_quit (b);
  if (b->fully_seen < N_WRITES)
    watch (w);
}

static void
watch (Watcher *w)
{
  g_autofree char *path =
      g_strdup_printf ("lp/_changes?feed=longpoll&since=%" G_GUINT64_FORMAT "&timeout=%u", w->since,
                       DEADLINE_S * 1000);
  g_autoptr (SoupMessage) msg = bench_message (&w->bench->bs, "GET", path, NULL);

  soup_session_send_and_read_async (w->bench->watch_session, msg, G_PRIORITY_DEFAULT, NULL,
                                    watch_cb, w);
}

static gboolean
write_later_cb (gpointer user_data)
{
  write_next (user_data);
  return G_SOURCE_REMOVE;
}

static void
write_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Writer *writer = user_data;
  Bench *b = writer->bench;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  Write *write = g_object_get_data (G_OBJECT (msg), "bench-write");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes =
      soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (bytes == NULL || soup_message_get_status (msg) != 201)
    g_error ("write: %s", error != NULL ? error->message : "not 201");
  write->acked = g_get_monotonic_time ();
  b->acked++;
  maybe_quit (b);
  if (++writer->done < WRITES_PER_WRITER)
    g_timeout_add (g_rand_int_range (b->rand, 20, 101), write_later_cb, writer);
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
  g_autoptr (SoupMessage) msg = bench_message (&b->bs, "PUT", path, body);
  Write *write = &b->writes[index];

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
           b->acked, N_WRITES, b->fully_seen);
  g_main_loop_quit (b->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
start_writers_cb (gpointer user_data)
{
  Writer *writers = user_data;

  for (guint i = 0; i < N_WRITERS; i++)
    write_next (&writers[i]);
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

int
main (int argc, char **argv)
{
  static Bench b;
  static Watcher watchers[N_WATCHERS];
  static Writer writers[N_WRITERS];
  g_autoptr (GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) acks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (SoupSession) setup = soup_session_new ();

  b.docs = gen_de_docs (N_WRITES, 3);
  b.by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < N_WRITES; i++)
    g_hash_table_insert (b.by_id, (gpointer) relais_doc_get_id (b.docs->pdata[i]), &b.writes[i]);
  b.rand = g_rand_new_with_seed (42);
  b.loop = g_main_loop_new (NULL, FALSE);

  bench_server_start (&b.bs, argv[0]);
  g_bytes_unref (bench_request (&b.bs, setup, "PUT", "lp", NULL, 201));
  /* One connection per waiting client, as 200 PouchDB instances would. */
  b.watch_session = soup_session_new_with_options (
      "max-conns", N_WATCHERS + 10, "max-conns-per-host", N_WATCHERS + 10, "timeout", 0, NULL);
  b.write_session = soup_session_new_with_options ("max-conns", N_WRITERS + 10,
                                                   "max-conns-per-host", N_WRITERS + 10, NULL);

  for (guint i = 0; i < N_WATCHERS; i++)
    {
      watchers[i] = (Watcher){ &b, 0, i };
      watch (&watchers[i]);
    }
  for (guint i = 0; i < N_WRITERS; i++)
    writers[i] = (Writer){ &b, 0 };
  /* Writes start once every watcher has had time to connect and wait. */
  g_timeout_add (1000, start_writers_cb, writers);
  g_timeout_add_seconds (DEADLINE_S, deadline_cb, &b);
  g_main_loop_run (b.loop);

  for (guint i = 0; i < N_WRITES; i++)
    {
      if (b.writes[i].all_seen > 0)
        {
          double ms = (b.writes[i].all_seen - b.writes[i].sent) / 1000.0;

          g_array_append_val (delays, ms);
        }
      if (b.writes[i].acked > 0)
        {
          double ms = (b.writes[i].acked - b.writes[i].sent) / 1000.0;

          g_array_append_val (acks, ms);
        }
    }
  g_array_sort (delays, compare_doubles);
  g_array_sort (acks, compare_doubles);

  printf ("bench: server_longpoll_%dw_%dwr_seen_by_all %u writes\n", N_WATCHERS, N_WRITERS,
          delays->len);
  if (delays->len > 0)
    {
      printf ("bench: server_longpoll_%dw_%dwr_p50 %.1f ms\n", N_WATCHERS, N_WRITERS,
              percentile (delays, 0.50));
      printf ("bench: server_longpoll_%dw_%dwr_p99 %.1f ms\n", N_WATCHERS, N_WRITERS,
              percentile (delays, 0.99));
      printf ("bench: server_longpoll_%dw_%dwr_max %.1f ms\n", N_WATCHERS, N_WRITERS,
              g_array_index (delays, double, delays->len - 1));
    }
  if (acks->len > 0)
    printf ("bench: server_longpoll_put_ack_p50 %.1f ms\n", percentile (acks, 0.50));

  /* Closing the waiting connections first lets the server stop at once. */
  g_clear_object (&b.watch_session);
  g_clear_object (&b.write_session);
  bench_server_stop (&b.bs);
  g_hash_table_unref (b.by_id);
  g_ptr_array_unref (b.docs);
  g_rand_free (b.rand);
  g_main_loop_unref (b.loop);
  return 0;
}

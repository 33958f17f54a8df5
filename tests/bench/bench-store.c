/* bench-store.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Store figures on a 20,000-DE agency from the demo generator: one bulk
 * insert (incl. the full-text index), a full changes feed, random gets and
 * search-as-you-type over realistic prefixes. Not a test: it prints
 * `bench: <name> <value> <unit>` lines for ./dev bench.
 */

#define G_LOG_DOMAIN "bench-store"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <time.h>

#include "relais-core.h"
#include "relais-demo.h"
#include "relais-store.h"

#define N_DE 20000

static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

#define N_QUERIES 200
#define N_GETS 1000

typedef struct
{
  GPtrArray *docs;    /* JsonObject, the DE only */
  GPtrArray *words;   /* search prefixes taken from the documents */
  GHashTable *unique; /* of words */
} Collect;

static void
add_prefix (Collect *c, const char *word, guint length)
{
  g_autofree char *down = NULL;
  glong n;

  if (word == NULL || (n = g_utf8_strlen (word, -1)) < 2)
    return;
  down = g_utf8_strdown (word, -1);
  /* Prefixes of 2 to 5 letters, as a counsellor types them. */
  {
    char *end = g_utf8_offset_to_pointer (down, MIN (n, (glong) length));
    char *prefix = g_strndup (down, end - down);

    /* The set owns the prefix; the list borrows it. */
    if (g_hash_table_contains (c->unique, prefix))
      g_free (prefix);
    else
      {
        g_hash_table_add (c->unique, prefix);
        g_ptr_array_add (c->words, prefix);
      }
  }
}

static gboolean
collect_cb (JsonObject *doc, gpointer user_data, GError **error)
{
  Collect *c = user_data;

  if (g_strcmp0 (json_object_get_string_member_with_default (doc, "type", NULL), "de") != 0)
    return TRUE;

  g_ptr_array_add (c->docs, json_object_ref (doc));
  if (c->docs->len % 97 == 0)
    {
      guint length = 2 + c->docs->len % 4;

      add_prefix (c, json_object_get_string_member_with_default (doc, "nom", NULL), length);
      add_prefix (c, json_object_get_string_member_with_default (doc, "prenom", NULL), length);
      if (json_object_has_member (doc, "competences"))
        {
          JsonArray *skills = json_object_get_array_member (doc, "competences");

          if (json_array_get_length (skills) > 0)
            add_prefix (c, json_array_get_string_element (skills, 0), length + 1);
        }
    }
  return TRUE;
}

static gboolean
count_cb (const RelaisChange *change, gpointer user_data)
{
  guint *n = user_data;

  (*n)++;
  return TRUE;
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (GPtrArray) results = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  RelaisDemoOptions options;
  Collect c = { 0 };
  gint64 start;
  double ms, cpu;
  guint n_rows = 0, n_hits = 0;

  c.docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  c.words = g_ptr_array_new ();
  c.unique = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  relais_demo_options_init (&options);
  options.n_de = N_DE;
  if (!relais_demo_generate (&options, collect_cb, &c, &error))
    g_error ("demo: %s", error->message);

  dir = g_dir_make_tmp ("bench-store-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "agence.db", NULL);
  store = relais_store_open (path, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  results = relais_store_bulk_put (store, c.docs, TRUE, &error);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    g_assert_null (((RelaisPutResult *) g_ptr_array_index (results, i))->error);
  printf ("bench: store_bulk_insert_20000_de %.1f ms\n", ms);
  printf ("bench: store_bulk_insert_rate %.0f docs/s\n", c.docs->len / (ms / 1000.0));

  /* The same documents as a pull writes them into an empty store: replicated
   * revisions whose body text and path the replicator computed ahead. */
  {
    g_autofree char *path2 = g_build_filename (dir, "pulled.db", NULL);
    g_autoptr (RelaisStore) pulled = relais_store_open (path2, &error);
    g_autofree RelaisStoreRevision *items = g_new0 (RelaisStoreRevision, c.docs->len);
    g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    g_autoptr (GPtrArray) put = NULL;

    g_assert_no_error (error);
    /* As the local endpoint's write connection: checkpoints left to another. */
    relais_store_defer_checkpoints (pulled);
    for (guint i = 0; i < c.docs->len; i++)
      {
        JsonObject *doc = g_ptr_array_index (c.docs, i);
        RelaisPutResult *result = g_ptr_array_index (results, i);
        const char *single[] = { result->rev, NULL };

        json_object_set_string_member (doc, "_rev", result->rev);
        g_ptr_array_add (bodies, relais_doc_body_canonical (doc));
        g_ptr_array_add (paths, g_strdupv ((GStrv) single));
        items[i].doc = doc;
        items[i].body = g_ptr_array_index (bodies, i);
        items[i].revs = g_ptr_array_index (paths, i);
      }
    /* In the replicator's batches of 500, one transaction each. */
    start = g_get_monotonic_time ();
    cpu = thread_cpu_ms ();
    for (guint i = 0; i < c.docs->len; i += 500)
      {
        guint n = MIN (500, c.docs->len - i);

        put = relais_store_put_revisions (pulled, items + i, n, &error);
        g_assert_no_error (error);
        for (guint j = 0; j < put->len; j++)
          g_assert_null (((RelaisPutResult *) g_ptr_array_index (put, j))->error);
        g_clear_pointer (&put, g_ptr_array_unref);
      }
    ms = (g_get_monotonic_time () - start) / 1000.0;
    printf ("bench: store_put_revisions_20000_de_by_500 %.1f ms\n", ms);
    /* This thread's CPU alone: on a busy machine the wall time varies
     * more than what the store costs. */
    printf ("bench: store_put_revisions_20000_de_by_500_cpu %.1f ms\n", thread_cpu_ms () - cpu);
    for (guint i = 0; i < c.docs->len; i++)
      json_object_remove_member (g_ptr_array_index (c.docs, i), "_rev");
    g_clear_object (&pulled);
    if (g_getenv ("BENCH_STORE_KEEP") == NULL)
      {
        const char *suffixes[] = { "", "-wal", "-shm" };

        for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
          {
            g_autofree char *file = g_strconcat (path2, suffixes[i], NULL);

            g_unlink (file);
          }
      }
  }

  /* The full feed as a replicator pulls it: every row with its document. */
  start = g_get_monotonic_time ();
  if (!relais_store_changes (store, 0, 0, RELAIS_CHANGES_INCLUDE_DOCS, count_cb, &n_rows, NULL,
                             &error))
    g_error ("changes: %s", error->message);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (n_rows, ==, c.docs->len);
  printf ("bench: store_changes_full_20000 %.1f ms\n", ms);

  n_rows = 0;
  start = g_get_monotonic_time ();
  if (!relais_store_changes (store, 0, 0, RELAIS_CHANGES_NONE, count_cb, &n_rows, NULL, &error))
    g_error ("changes: %s", error->message);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (n_rows, ==, c.docs->len);
  printf ("bench: store_changes_full_20000_no_docs %.1f ms\n", ms);

  /* Random reads of a winner as JSON text (what GET /db/{id} answers). */
  {
    g_autoptr (GRand) rand = g_rand_new_with_seed (42);
    g_autoptr (GArray) get_times = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < N_GETS; i++)
      {
        JsonObject *doc =
            g_ptr_array_index (c.docs, g_rand_int_range (rand, 0, (gint32) c.docs->len));
        const char *id = json_object_get_string_member (doc, "_id");
        g_autofree char *json = NULL;
        double us;

        start = g_get_monotonic_time ();
        json = relais_store_get_json (store, id, NULL, RELAIS_GET_NONE, &error);
        us = (double) (g_get_monotonic_time () - start);
        if (json == NULL)
          g_error ("get %s: %s", id, error->message);
        g_array_append_val (get_times, us);
      }
    g_array_sort (get_times, compare_doubles);
    printf ("bench: store_get_json_median %.1f us\n",
            g_array_index (get_times, double, N_GETS / 2));
  }

  /* Cycle through the prefixes until N_QUERIES searches ran. */
  g_assert_cmpuint (c.words->len, >, 0);
  for (guint i = 0; i < N_QUERIES; i++)
    {
      g_autoptr (GPtrArray) ids = NULL;
      const char *word = g_ptr_array_index (c.words, i % c.words->len);
      double one;

      start = g_get_monotonic_time ();
      if (!relais_store_search_de (store, word, 50, &ids, &error))
        g_error ("search %s: %s", word, error->message);
      one = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, one);
      n_hits += ids->len;
    }
  g_array_sort (times, compare_doubles);
  printf ("bench: store_fts_search_median %.3f ms\n", g_array_index (times, double, N_QUERIES / 2));
  printf ("bench: store_fts_search_p95 %.3f ms\n",
          g_array_index (times, double, N_QUERIES * 95 / 100));
  printf ("bench: store_fts_search_mean_hits %.1f ids\n", (double) n_hits / N_QUERIES);

  g_clear_object (&store);
  if (g_getenv ("BENCH_STORE_KEEP") != NULL)
    {
      printf ("kept %s\n", path);
      return 0;
    }
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);

  g_ptr_array_unref (c.docs);
  g_ptr_array_unref (c.words);
  g_hash_table_unref (c.unique);
  return 0;
}

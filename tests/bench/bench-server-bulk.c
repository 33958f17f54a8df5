/* bench-server-bulk.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * _bulk_docs throughput of relais-server over loopback HTTP: 20,000 DE
 * from the demo generator, in batches of 100 (PouchDB's default) and
 * 1,000, as edits (new_edits=true) and as a replicator writes them
 * (new_edits=false, with _revisions). Only the requests are timed, not
 * building the bodies. Not a test: prints `bench:` lines.
 */

#define G_LOG_DOMAIN "bench-server-bulk"

#include "config.h"

#include <stdio.h>

#include "bench-server-utils.h"
#include "gen-de.h"

#define N_DE 20000

static const guint batch_sizes[] = { 100, 1000 };

/* Seconds spent in the requests; fills @revs (id order) when not NULL. */
static double
post_all (BenchServer *bs,
          SoupSession *session,
          GPtrArray *docs,
          const char *db,
          guint batch,
          gboolean new_edits,
          GPtrArray *revs)
{
  g_autofree char *path = g_strdup_printf ("%s/_bulk_docs", db);
  g_autoptr (GPtrArray) bodies = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gint64 spent = 0;

  for (guint i = 0; i < docs->len; i += batch)
    g_ptr_array_add (bodies, gen_de_bulk_body (docs, i, batch, new_edits));

  for (guint i = 0; i < bodies->len; i++)
    {
      gint64 start = g_get_monotonic_time ();

      g_ptr_array_add (answers, bench_request (bs, session, "POST", path, bodies->pdata[i], 201));
      spent += g_get_monotonic_time () - start;
    }

  /* Checked after the clock: every document went in. */
  for (guint i = 0; i < answers->len; i++)
    {
      gsize size;
      const char *text = g_bytes_get_data (answers->pdata[i], &size);
      g_autoptr (JsonNode) node = relais_json_parse (text, size, NULL);
      JsonArray *rows = node != NULL ? json_node_get_array (node) : NULL;

      g_assert (rows != NULL);
      if (!new_edits)
        g_assert (json_array_get_length (rows) == 0); /* only errors are listed */
      for (guint j = 0; new_edits && j < json_array_get_length (rows); j++)
        {
          JsonObject *row = json_array_get_object_element (rows, j);

          if (!json_object_get_boolean_member_with_default (row, "ok", FALSE))
            g_error ("%s: %s", db, json_object_get_string_member_with_default (row, "reason", "?"));
          if (revs != NULL)
            g_ptr_array_add (revs, g_strdup (json_object_get_string_member (row, "rev")));
        }
    }
  return spent / 1e6;
}

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) docs = NULL;
  g_autoptr (GPtrArray) revs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (SoupSession) session = soup_session_new_with_options ("timeout", 120, NULL);
  BenchServer bs = { 0 };

  docs = gen_de_docs (N_DE, 1);
  bench_server_start (&bs, argv[0]);

  for (guint b = 0; b < G_N_ELEMENTS (batch_sizes); b++)
    {
      g_autofree char *db = g_strdup_printf ("edits%u", batch_sizes[b]);
      double s;

      g_bytes_unref (bench_request (&bs, session, "PUT", db, NULL, 201));
      s = post_all (&bs, session, docs, db, batch_sizes[b], TRUE, b == 0 ? revs : NULL);
      printf ("bench: server_bulk_docs_new_edits_true_b%u %.0f docs/s\n", batch_sizes[b], N_DE / s);
      fflush (stdout);
    }

  /* As a replicator sends them: the server's revs, with their history. */
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = docs->pdata[i];
      const char *rev = revs->pdata[i];
      JsonObject *revisions = json_object_new ();
      JsonArray *ids = json_array_new ();

      json_array_add_string_element (ids, strchr (rev, '-') + 1);
      json_object_set_int_member (revisions, "start", 1);
      json_object_set_array_member (revisions, "ids", ids);
      json_object_set_string_member (doc, "_rev", rev);
      json_object_set_object_member (doc, "_revisions", revisions);
    }
  for (guint b = 0; b < G_N_ELEMENTS (batch_sizes); b++)
    {
      g_autofree char *db = g_strdup_printf ("replica%u", batch_sizes[b]);
      double s;

      g_bytes_unref (bench_request (&bs, session, "PUT", db, NULL, 201));
      s = post_all (&bs, session, docs, db, batch_sizes[b], FALSE, NULL);
      printf ("bench: server_bulk_docs_new_edits_false_b%u %.0f docs/s\n", batch_sizes[b],
              N_DE / s);
      /* Again: every revision is already there (a replicator's retry). */
      s = post_all (&bs, session, docs, db, batch_sizes[b], FALSE, NULL);
      printf ("bench: server_bulk_docs_new_edits_false_present_b%u %.0f docs/s\n", batch_sizes[b],
              N_DE / s);
      fflush (stdout);
    }

  bench_server_stop (&bs);
  return 0;
}

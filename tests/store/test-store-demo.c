/* test-store-demo.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A generated agency (2,000 job seekers and everything around them) goes
 * into a store in batches: every document is written, the counters and
 * the per-type counts match what the generator emitted, and each sampled
 * job seeker is found by the first letters of its name.
 */

#include "config.h"

#include "relais-demo.h"
#include "store-test-utils.h"

#define N_DE 2000
#define BATCH 500

typedef struct
{
  RelaisStore *store;
  GPtrArray *batch;     /* JsonObject */
  GPtrArray *sample;    /* JsonObject, every 50th DE */
  GHashTable *per_type; /* type → count, as emitted */
  GHashTable *ids;      /* every emitted id */
  guint n_docs, n_de;
} Load;

static void
flush (Load *load)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) results = NULL;

  if (load->batch->len == 0)
    return;
  results = relais_store_bulk_put (load->store, load->batch, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, load->batch->len);
  for (guint i = 0; i < results->len; i++)
    {
      RelaisPutResult *result = g_ptr_array_index (results, i);

      g_assert_no_error (result->error);
      g_assert_true (g_str_has_prefix (result->rev, "1-"));
    }
  g_ptr_array_set_size (load->batch, 0);
}

static gboolean
emit_cb (JsonObject *doc, gpointer user_data, GError **error)
{
  Load *load = user_data;
  const char *type = json_object_get_string_member_with_default (doc, "type", "(none)");
  const char *id = json_object_get_string_member (doc, "_id");

  /* The generator's ids are unique: otherwise doc_count could not match. */
  g_assert_true (g_hash_table_add (load->ids, g_strdup (id)));
  g_hash_table_insert (
      load->per_type, g_strdup (type),
      GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (load->per_type, type)) + 1));
  load->n_docs++;
  if (g_str_equal (type, "de") && load->n_de++ % 50 == 0)
    g_ptr_array_add (load->sample, json_object_ref (doc));

  g_ptr_array_add (load->batch, json_object_ref (doc));
  if (load->batch->len == BATCH)
    flush (load);
  return TRUE;
}

static gboolean
search_has (RelaisStore *store, const char *text, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ids = NULL;

  g_assert_true (relais_store_search_de (store, text, 0, &ids, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return TRUE;
  return FALSE;
}

static void
test_load_demo (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  RelaisDemoOptions options;
  Load load = { 0 };
  GHashTableIter iter;
  gpointer key, value;

  load.store = fixture->store;
  load.batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  load.sample = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  load.per_type = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load.ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  relais_demo_options_init (&options);
  options.n_de = N_DE;
  g_assert_true (relais_demo_generate (&options, emit_cb, &load, &error));
  g_assert_no_error (error);
  flush (&load);

  g_assert_cmpuint (load.n_de, ==, N_DE);
  g_assert_cmpuint (load.n_docs, >, N_DE);
  g_assert_cmpuint (relais_store_get_doc_count (fixture->store), ==, load.n_docs);
  g_assert_cmpuint (relais_store_get_update_seq (fixture->store), ==, load.n_docs);
  g_assert_cmpuint (relais_store_get_deleted_count (fixture->store), ==, 0);

  g_hash_table_iter_init (&iter, load.per_type);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_test_message ("%s: %u", (const char *) key, GPOINTER_TO_UINT (value));
      g_assert_cmpuint (relais_store_count_type (fixture->store, key, NULL), ==,
                        GPOINTER_TO_UINT (value));
    }

  /* Every sampled DE by the first three letters of its name (and of its
   * first name), and by its identifier when it has one. */
  g_assert_cmpuint (load.sample->len, ==, N_DE / 50);
  for (guint i = 0; i < load.sample->len; i++)
    {
      JsonObject *de = g_ptr_array_index (load.sample, i);
      const char *id = json_object_get_string_member (de, "_id");
      const char *nom = json_object_get_string_member (de, "nom");
      const char *prenom = json_object_get_string_member_with_default (de, "prenom", NULL);
      const char *identifiant =
          json_object_get_string_member_with_default (de, "identifiant", NULL);
      g_autofree char *prefix = g_utf8_substring (nom, 0, MIN (3, g_utf8_strlen (nom, -1)));

      g_assert_true (search_has (fixture->store, prefix, id));
      if (prenom != NULL)
        {
          g_autofree char *both = NULL;
          g_autofree char *first = g_utf8_substring (prenom, 0, 3);

          both = g_strdup_printf ("%s %s", first, prefix);
          g_assert_true (search_has (fixture->store, both, id));
        }
      if (identifiant != NULL)
        g_assert_true (search_has (fixture->store, identifiant, id));
    }

  /* The data survive a reopen. */
  store_fixture_reopen (fixture);
  g_assert_cmpuint (relais_store_get_doc_count (fixture->store), ==, load.n_docs);
  g_assert_cmpuint (relais_store_count_type (fixture->store, "de", NULL), ==, N_DE);

  g_ptr_array_unref (load.batch);
  g_ptr_array_unref (load.sample);
  g_hash_table_unref (load.per_type);
  g_hash_table_unref (load.ids);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-demo/load", StoreFixture, NULL, store_fixture_set_up, test_load_demo,
              store_fixture_tear_down);

  return g_test_run ();
}

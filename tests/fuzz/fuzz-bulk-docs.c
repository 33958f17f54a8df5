/* fuzz-bulk-docs.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * libFuzzer target: a JSON array of replicated documents (with _rev and
 * _revisions) grafted with relais_store_bulk_put (new_edits=false), as
 * _bulk_docs does for a replicator, on one store kept for the whole run so
 * that later inputs graft onto the trees of earlier ones. After each input
 * the cheap invariants of the revision model are checked on every
 * document written: its revision is known (revs_diff reports nothing
 * missing), and the winner is a leaf that no live leaf beats.
 */

#define G_LOG_DOMAIN "fuzz"

#include "config.h"

#include "fuzz-common.h"
#include "relais-core.h"
#include "relais-server-private.h"
#include "relais-store.h"

static RelaisStore *store;

static void
check_written (const char *id, const char *rev)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) request = json_object_new ();
  g_autoptr (JsonArray) revs = json_array_new ();
  g_autoptr (JsonObject) diff = NULL;
  g_autoptr (GPtrArray) open = NULL;
  g_auto (GStrv) leaves = NULL;
  g_autofree char *winner_json = NULL;
  g_autoptr (JsonNode) winner_node = NULL;
  const char *winner_rev = NULL;
  g_autofree char *best_live = NULL;

  json_array_add_string_element (revs, rev);
  json_object_set_array_member (request, id, g_steal_pointer (&revs));
  if ((diff = relais_store_revs_diff (store, request, &error)) == NULL)
    g_error ("revs_diff after writing %s %s: %s", id, rev, error->message);
  if (json_object_has_member (diff, id))
    g_error ("revs_diff reports %s %s missing right after it was written", id, rev);

  if ((leaves = relais_store_get_leaves (store, id, &error)) == NULL)
    g_error ("no leaves for %s: %s", id, error->message);
  if ((open = relais_store_get_open_revs (store, id, NULL, RELAIS_GET_NONE, &error)) == NULL)
    g_error ("open_revs=all of %s: %s", id, error->message);
  if (open->len != g_strv_length (leaves))
    g_error ("%s: %u open revisions for %u leaves", id, open->len, g_strv_length (leaves));

  /* The best live leaf by CouchDB's rule (highest generation, then hash). */
  for (guint i = 0; i < open->len; i++)
    {
      g_autoptr (JsonNode) item = relais_json_parse (g_ptr_array_index (open, i), -1, NULL);
      JsonObject *doc;

      if (item == NULL || !JSON_NODE_HOLDS_OBJECT (item) ||
          !json_object_has_member (json_node_get_object (item), "ok"))
        g_error ("%s: open revision %u is not {\"ok\":doc}: %s", id, i,
                 (const char *) g_ptr_array_index (open, i));
      doc = json_object_get_object_member (json_node_get_object (item), "ok");
      if (!g_strv_contains ((const char *const *) leaves, relais_doc_get_rev (doc)))
        g_error ("%s: open revision %s is not a leaf", id, relais_doc_get_rev (doc));
      if (!relais_doc_is_deleted (doc) &&
          (best_live == NULL || relais_rev_compare (relais_doc_get_rev (doc), best_live) > 0))
        {
          g_free (best_live);
          best_live = g_strdup (relais_doc_get_rev (doc));
        }
    }

  winner_json = relais_store_get_json (store, id, NULL, RELAIS_GET_NONE, &error);
  if (winner_json == NULL)
    {
      /* Every leaf deleted: the document reads as deleted, nothing else. */
      if (best_live != NULL ||
          !g_error_matches (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_DELETED))
        g_error ("%s: no winner (%s) but live leaf %s", id, error->message,
                 best_live != NULL ? best_live : "-");
      return;
    }
  winner_node = relais_json_parse (winner_json, -1, NULL);
  if (winner_node == NULL || !JSON_NODE_HOLDS_OBJECT (winner_node))
    g_error ("%s: the winner is not a JSON object: %s", id, winner_json);
  winner_rev = relais_doc_get_rev (json_node_get_object (winner_node));
  if (winner_rev == NULL || !g_strv_contains ((const char *const *) leaves, winner_rev))
    g_error ("%s: winner %s is not a leaf", id, winner_rev != NULL ? winner_rev : "(none)");
  if (best_live == NULL || !g_str_equal (best_live, winner_rev))
    g_error ("%s: winner %s, but the best live leaf is %s", id, winner_rev,
             best_live != NULL ? best_live : "(none)");
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const char *dir = fuzz_init ("fuzz-bulk-docs");
  g_autofree char *path = g_build_filename (dir, "fuzz.relais", NULL);
  g_autoptr (GError) error = NULL;

  if ((store = relais_store_open (path, &error)) == NULL)
    g_error ("%s", error->message);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (JsonNode) root = fuzz_parse_json (data, size);
  g_autoptr (GPtrArray) docs = g_ptr_array_new ();
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return -1; /* not kept in the corpus */
  array = json_node_get_array (root);

  /* The server refuses metadata of the wrong JSON type before the store
   * (_relais_doc_check_types): the same gate here, the real one. */
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element) &&
          _relais_doc_check_types (json_node_get_object (element), NULL))
        g_ptr_array_add (docs, json_node_get_object (element));
    }

  if ((results = relais_store_bulk_put (store, docs, FALSE, &error)) == NULL)
    g_error ("bulk_put failed as a whole: %s", error->message);
  if (results->len != docs->len)
    g_error ("%u results for %u documents", results->len, docs->len);

  for (guint i = 0; i < results->len; i++)
    {
      RelaisPutResult *result = g_ptr_array_index (results, i);

      if (result->error != NULL)
        {
          if (result->error->domain != RELAIS_STORE_ERROR)
            g_error ("unexpected error domain: %s", result->error->message);
          continue;
        }
      if (result->rev == NULL || result->id == NULL)
        g_error ("a success without id or rev");
      check_written (result->id, result->rev);
    }

  /* The counters are unsigned: a wrong decrement shows as a huge value. */
  if (relais_store_get_doc_count (store) > G_MAXINT32 ||
      relais_store_get_deleted_count (store) > G_MAXINT32)
    g_error ("counters went negative: %" G_GUINT64_FORMAT " docs, %" G_GUINT64_FORMAT " deleted",
             relais_store_get_doc_count (store), relais_store_get_deleted_count (store));
  return 0;
}

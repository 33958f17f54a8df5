/* fuzz-revs-diff.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * libFuzzer target: a JSON object given both to relais_store_revs_diff (a
 * `_revs_diff` body, {"id": ["rev", …]}) and to the `_bulk_get` body
 * reader, whose items are then read with relais_store_get_open_revs as the
 * handler does. The store is filled once with documents that have
 * conflicts, tombstones and long histories, so that both do real work.
 */

#define G_LOG_DOMAIN "fuzz"

#include "config.h"

#include "fuzz-common.h"
#include "relais-bulk-get.h"
#include "relais-core.h"
#include "relais-store.h"

static RelaisStore *store;

/* Replicated revisions: a conflict on "conflicted", a deleted branch on
 * "mixed", a tombstone "gone", a design document and a long history. */
static const char seed_docs[] =
    "["
    "{\"_id\":\"plain\",\"_rev\":\"1-aaaa\",\"n\":1},"
    "{\"_id\":\"conflicted\",\"_rev\":\"2-bbbb\",\"_revisions\":{\"start\":2,\"ids\":[\"bbbb\","
    "\"aaaa\"]},\"side\":\"b\"},"
    "{\"_id\":\"conflicted\",\"_rev\":\"2-cccc\",\"_revisions\":{\"start\":2,\"ids\":[\"cccc\","
    "\"aaaa\"]},\"side\":\"c\"},"
    "{\"_id\":\"mixed\",\"_rev\":\"3-dddd\",\"_revisions\":{\"start\":3,\"ids\":[\"dddd\",\"eeee\","
    "\"ffff\"]},\"_deleted\":true},"
    "{\"_id\":\"mixed\",\"_rev\":\"2-9999\",\"_revisions\":{\"start\":2,\"ids\":[\"9999\","
    "\"ffff\"]},\"v\":[1,2,3]},"
    "{\"_id\":\"gone\",\"_rev\":\"2-0000\",\"_revisions\":{\"start\":2,\"ids\":[\"0000\",\"1111\"]}"
    ","
    "\"_deleted\":true},"
    "{\"_id\":\"_design/app\",\"_rev\":\"1-abcd\",\"views\":{}},"
    "{\"_id\":\"de:5\",\"_rev\":\"6-f6\",\"_revisions\":{\"start\":6,\"ids\":[\"f6\",\"f5\",\"f4\","
    "\"f3\",\"f2\",\"f1\"]},\"nom\":\"Hélène\"}"
    "]";

static void
check_revs_diff (JsonObject *request, JsonObject *answer)
{
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;

  /* Only what was asked can be missing. */
  json_object_iter_init (&iter, answer);
  while (json_object_iter_next (&iter, &id, &node))
    {
      JsonArray *asked, *missing;

      if (!json_object_has_member (request, id))
        g_error ("revs_diff answers %s, which was not asked", id);
      asked = json_object_get_array_member (request, id);
      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !json_object_has_member (json_node_get_object (node), "missing"))
        g_error ("revs_diff answer for %s has no missing list", id);
      missing = json_object_get_array_member (json_node_get_object (node), "missing");
      if (json_array_get_length (missing) == 0)
        g_error ("revs_diff answers %s with nothing missing", id);
      for (guint i = 0; i < json_array_get_length (missing); i++)
        {
          const char *rev = json_array_get_string_element (missing, i);
          gboolean found = FALSE;

          for (guint j = 0; j < json_array_get_length (asked) && !found; j++)
            found = g_strcmp0 (json_array_get_string_element (asked, j), rev) == 0;
          if (!found)
            g_error ("revs_diff reports %s %s missing, which was not asked", id, rev);
        }
    }
}

static void
bulk_get (JsonObject *body)
{
  g_autoptr (RelaisBulkGetRequest) request = relais_bulk_get_parse_request (body, FALSE, NULL);

  if (request == NULL)
    return;
  for (guint i = 0; i < request->items->len; i++)
    {
      RelaisBulkGetItem *item = &g_array_index (request->items, RelaisBulkGetItem, i);
      const char *single[] = { item->rev, NULL };
      g_autoptr (GPtrArray) docs = NULL;
      g_autoptr (GError) error = NULL;

      if (item->id == NULL)
        {
          if (item->rev != NULL)
            g_error ("a malformed _bulk_get item keeps a rev");
          continue;
        }
      docs = relais_store_get_open_revs (store, item->id, item->rev != NULL ? single : NULL,
                                         request->revs ? RELAIS_GET_REVS : RELAIS_GET_NONE, &error);
      if (docs == NULL && error->domain != RELAIS_STORE_ERROR)
        g_error ("open_revs of %s: %s", item->id, error->message);
      if (docs != NULL && item->rev != NULL && docs->len != 1)
        g_error ("open_revs of %s for one revision gives %u items", item->id, docs->len);
      for (guint j = 0; docs != NULL && j < docs->len; j++)
        {
          g_autoptr (JsonNode) parsed = relais_json_parse (g_ptr_array_index (docs, j), -1, NULL);

          /* The handler splices these texts into its answer unparsed. */
          if (parsed == NULL || !JSON_NODE_HOLDS_OBJECT (parsed))
            g_error ("open_revs of %s gives invalid JSON: %s", item->id,
                     (const char *) g_ptr_array_index (docs, j));
        }
    }
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  const char *dir = fuzz_init ("fuzz-revs-diff");
  g_autofree char *path = g_build_filename (dir, "fuzz.relais", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GPtrArray) docs = g_ptr_array_new ();
  g_autoptr (GPtrArray) results = NULL;
  JsonArray *array;

  if ((store = relais_store_open (path, &error)) == NULL)
    g_error ("%s", error->message);
  root = fuzz_parse_json ((const uint8_t *) seed_docs, strlen (seed_docs));
  g_assert (root != NULL);
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (docs, json_array_get_object_element (array, i));
  if ((results = relais_store_bulk_put (store, docs, FALSE, &error)) == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < results->len; i++)
    {
      RelaisPutResult *result = g_ptr_array_index (results, i);

      if (result->error != NULL)
        g_error ("seed document %u: %s", i, result->error->message);
    }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (JsonNode) root = fuzz_parse_json (data, size);
  g_autoptr (JsonObject) answer = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *body;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return -1;
  body = json_node_get_object (root);

  if ((answer = relais_store_revs_diff (store, body, &error)) != NULL)
    check_revs_diff (body, answer);
  else if (error->domain != RELAIS_STORE_ERROR || error->code != RELAIS_STORE_ERROR_INVALID)
    g_error ("revs_diff: %s", error->message);

  bulk_get (body);
  return 0;
}

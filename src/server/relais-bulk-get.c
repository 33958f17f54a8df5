/* relais-bulk-get.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The reading of a `_bulk_get` body, apart from the handler so that it can
 * be tested and fuzzed without HTTP: every shape a client can send becomes
 * either an error for the whole request or one item per element of "docs".
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-bulk-get.h"
#include "relais-server-error.h"

static void
item_clear (RelaisBulkGetItem *item)
{
  g_free (item->id);
  g_free (item->rev);
}

static void
parse_item (JsonNode *node, RelaisBulkGetItem *item)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *id = object != NULL ? json_object_get_member (object, "id") : NULL;
  JsonNode *rev = object != NULL ? json_object_get_member (object, "rev") : NULL;

  /* A malformed item gets its own error in the answer, not the request. */
  if (id == NULL || json_node_get_value_type (id) != G_TYPE_STRING ||
      (rev != NULL && json_node_get_value_type (rev) != G_TYPE_STRING))
    return;
  item->id = g_strdup (json_node_get_string (id));
  item->rev = rev != NULL ? g_strdup (json_node_get_string (rev)) : NULL;
}

/**
 * relais_bulk_get_parse_request:
 * @body: the request body
 * @revs_query: the `revs` query parameter
 *
 * Returns: (transfer full): the request, or NULL with
 *   RELAIS_SERVER_ERROR_BAD_REQUEST when "docs" is not a list
 */
RelaisBulkGetRequest *
relais_bulk_get_parse_request (JsonObject *body, gboolean revs_query, GError **error)
{
  g_autoptr (RelaisBulkGetRequest) request = g_new0 (RelaisBulkGetRequest, 1);
  JsonNode *revs = NULL, *docs_node = NULL;
  JsonArray *docs;

  g_return_val_if_fail (body != NULL, NULL);

  revs = json_object_get_member (body, "revs");
  docs_node = json_object_get_member (body, "docs");
  if (docs_node == NULL || !JSON_NODE_HOLDS_ARRAY (docs_node))
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                           "Missing JSON list of 'docs'.");
      return NULL;
    }

  /* The body may ask for revisions too (CouchDB's replicator does both).
   * Only a scalar counts: json_object_get_boolean_member_with_default()
   * would emit a critical on {"revs": {}}. */
  request->revs =
      revs_query || (revs != NULL && JSON_NODE_HOLDS_VALUE (revs) && json_node_get_boolean (revs));

  docs = json_node_get_array (docs_node);
  request->items =
      g_array_sized_new (FALSE, TRUE, sizeof (RelaisBulkGetItem), json_array_get_length (docs));
  g_array_set_clear_func (request->items, (GDestroyNotify) item_clear);
  g_array_set_size (request->items, json_array_get_length (docs));
  for (guint i = 0; i < json_array_get_length (docs); i++)
    parse_item (json_array_get_element (docs, i),
                &g_array_index (request->items, RelaisBulkGetItem, i));
  return g_steal_pointer (&request);
}

void
relais_bulk_get_request_free (RelaisBulkGetRequest *request)
{
  if (request == NULL)
    return;
  g_clear_pointer (&request->items, g_array_unref);
  g_free (request);
}

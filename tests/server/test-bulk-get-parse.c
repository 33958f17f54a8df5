/* test-bulk-get-parse.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * relais_bulk_get_parse_request(): the `_bulk_get` body reader, without HTTP.
 */

#include "config.h"

#include "relais-bulk-get.h"
#include "relais-core.h"
#include "relais-server-error.h"

static JsonObject *
parse (const char *text)
{
  g_autoptr (JsonNode) node = relais_json_parse (text, -1, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static const RelaisBulkGetItem *
item (RelaisBulkGetRequest *request, guint i)
{
  return &g_array_index (request->items, RelaisBulkGetItem, i);
}

static void
test_items (void)
{
  g_autoptr (JsonObject) body =
      parse ("{\"docs\":[{\"id\":\"a\"},{\"id\":\"b\",\"rev\":\"2-x\"},{\"id\":5},"
             "{\"id\":\"c\",\"rev\":null},{\"rev\":\"1-a\"},\"d\",{\"id\":\"e\",\"rev\":[]}]}");
  g_autoptr (RelaisBulkGetRequest) request = NULL;
  g_autoptr (GError) error = NULL;

  request = relais_bulk_get_parse_request (body, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (request->revs);
  g_assert_cmpuint (request->items->len, ==, 7);
  g_assert_cmpstr (item (request, 0)->id, ==, "a");
  g_assert_null (item (request, 0)->rev);
  g_assert_cmpstr (item (request, 1)->id, ==, "b");
  g_assert_cmpstr (item (request, 1)->rev, ==, "2-x");
  /* Malformed items stay in place, so that answers keep request order. */
  for (guint i = 2; i < 7; i++)
    {
      g_assert_null (item (request, i)->id);
      g_assert_null (item (request, i)->rev);
    }
}

static void
test_revs (void)
{
  static const struct
  {
    const char *body;
    gboolean query;
    gboolean expected;
  } cases[] = {
    { "{\"docs\":[]}", FALSE, FALSE },
    { "{\"docs\":[]}", TRUE, TRUE },
    { "{\"revs\":true,\"docs\":[]}", FALSE, TRUE },
    { "{\"revs\":false,\"docs\":[]}", TRUE, TRUE },
    { "{\"revs\":null,\"docs\":[]}", FALSE, FALSE },
    /* Not a scalar: ignored, without json-glib's critical. */
    { "{\"revs\":{},\"docs\":[]}", FALSE, FALSE },
    { "{\"revs\":[true],\"docs\":[]}", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonObject) body = parse (cases[i].body);
      g_autoptr (GError) error = NULL;
      g_autoptr (RelaisBulkGetRequest) request =
          relais_bulk_get_parse_request (body, cases[i].query, &error);

      g_assert_no_error (error);
      g_assert_cmpint (request->revs, ==, cases[i].expected);
      g_assert_cmpuint (request->items->len, ==, 0);
    }
}

static void
test_no_docs (void)
{
  static const char *const bodies[] = { "{}", "{\"docs\":{}}", "{\"docs\":\"a\"}",
                                        "{\"docs\":null}" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (JsonObject) body = parse (bodies[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (RelaisBulkGetRequest) request = relais_bulk_get_parse_request (body, TRUE, &error);

      g_assert_null (request);
      g_assert_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST);
      g_assert_cmpstr (error->message, ==, "Missing JSON list of 'docs'.");
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/server/bulk-get-parse/items", test_items);
  g_test_add_func ("/server/bulk-get-parse/revs", test_revs);
  g_test_add_func ("/server/bulk-get-parse/no-docs", test_no_docs);
  return g_test_run ();
}

/* test-selector.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The Mango selector subset used by filtered replication.
 */

#include "relais-core.h"

static const char doc_text[] =
    "{\"_id\":\"de:1\",\"type\":\"de\",\"referent\":\"conseiller:a\",\"nom\":\"Martin\","
    "\"age\":42,\"adresse\":{\"commune\":\"35238\",\"ligne\":\"1 rue\"},"
    "\"competences\":[\"soudure\",\"cariste\"],\"web_100\":false}";

static gboolean
match (const char *selector_text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) selector = relais_json_parse (selector_text, -1, &error);
  g_autoptr (JsonObject) doc = relais_json_parse_object (doc_text, -1, &error);

  g_assert_no_error (error);
  g_assert_true (relais_selector_check (selector, &error));
  g_assert_no_error (error);
  return relais_selector_matches (json_node_get_object (selector), doc);
}

static void
test_equality (void)
{
  g_assert_true (match ("{\"type\":\"de\"}"));
  g_assert_false (match ("{\"type\":\"offre\"}"));
  g_assert_true (match ("{\"type\":\"de\",\"referent\":\"conseiller:a\"}"));
  g_assert_false (match ("{\"type\":\"de\",\"referent\":\"conseiller:b\"}"));
  g_assert_true (match ("{\"type\":{\"$eq\":\"de\"}}"));
  g_assert_true (match ("{\"age\":42}"));
  g_assert_false (match ("{\"age\":\"42\"}"));
  g_assert_true (match ("{\"web_100\":false}"));
  g_assert_true (match ("{\"competences\":[\"soudure\",\"cariste\"]}"));
  g_assert_true (match ("{\"_id\":\"de:1\"}"));
  g_assert_true (match ("{}"));
}

static void
test_nested_paths (void)
{
  g_assert_true (match ("{\"adresse.commune\":\"35238\"}"));
  g_assert_false (match ("{\"adresse.commune\":\"35047\"}"));
  g_assert_true (match ("{\"adresse\":{\"commune\":\"35238\"}}"));
  g_assert_true (match ("{\"adresse\":{\"commune\":{\"$in\":[\"35238\",\"1\"]}}}"));
  g_assert_false (match ("{\"nom.x\":\"Martin\"}"));
}

static void
test_operators (void)
{
  g_assert_true (match ("{\"referent\":{\"$in\":[\"conseiller:b\",\"conseiller:a\"]}}"));
  g_assert_false (match ("{\"referent\":{\"$in\":[\"conseiller:b\"]}}"));
  g_assert_true (match ("{\"referent\":{\"$nin\":[\"conseiller:b\"]}}"));
  /* $in on an array field: one item in the list is enough. */
  g_assert_true (match ("{\"competences\":{\"$in\":[\"cariste\"]}}"));
  g_assert_true (match ("{\"type\":{\"$ne\":\"offre\"}}"));
  g_assert_false (match ("{\"type\":{\"$ne\":\"de\"}}"));
  /* A missing field matches nothing but $exists: false (Mango). */
  g_assert_false (match ("{\"portefeuille\":{\"$ne\":\"x\"}}"));
  g_assert_true (match ("{\"portefeuille\":{\"$exists\":false}}"));
  g_assert_false (match ("{\"nom\":{\"$exists\":false}}"));
  g_assert_true (match ("{\"nom\":{\"$exists\":true}}"));
  g_assert_true (match ("{\"age\":{\"$gt\":40,\"$lte\":42}}"));
  g_assert_false (match ("{\"age\":{\"$lt\":42}}"));
  g_assert_true (match ("{\"nom\":{\"$gte\":\"M\"}}"));
}

static void
test_combinations (void)
{
  g_assert_true (match ("{\"$or\":[{\"type\":\"offre\"},{\"referent\":\"conseiller:a\"}]}"));
  g_assert_false (match ("{\"$or\":[{\"type\":\"offre\"},{\"referent\":\"conseiller:b\"}]}"));
  g_assert_true (match ("{\"$and\":[{\"type\":\"de\"},{\"age\":42}]}"));
  g_assert_false (match ("{\"$and\":[{\"type\":\"de\"},{\"age\":41}]}"));
  g_assert_true (match ("{\"$nor\":[{\"type\":\"offre\"},{\"age\":41}]}"));
  g_assert_false (match ("{\"$not\":{\"type\":\"de\"}}"));
  g_assert_true (match ("{\"type\":\"de\",\"$or\":[{\"age\":1},{\"adresse.commune\":\"35238\"}]}"));
  g_assert_false (match ("{\"$or\":[]}"));
}

static void
test_invalid (void)
{
  const char *bad[] = {
    "[1]",
    "{\"a\":{\"$regex\":\"x\"}}",
    "{\"$or\":{\"a\":1}}",
    "{\"a\":{\"$in\":\"x\"}}",
    "{\"a\":{\"$exists\":1}}",
    "{\"$where\":[]}",
    "{\"$or\":[{\"a\":{\"$size\":1}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (JsonNode) node = relais_json_parse (bad[i], -1, NULL);

      g_assert_false (relais_selector_check (node, &error));
      g_assert_error (error, RELAIS_SELECTOR_ERROR, RELAIS_SELECTOR_ERROR_INVALID);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/selector/equality", test_equality);
  g_test_add_func ("/selector/nested-paths", test_nested_paths);
  g_test_add_func ("/selector/operators", test_operators);
  g_test_add_func ("/selector/combinations", test_combinations);
  g_test_add_func ("/selector/invalid", test_invalid);

  return g_test_run ();
}

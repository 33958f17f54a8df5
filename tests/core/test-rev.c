/* test-rev.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "relais-core.h"

/* Expected hashes computed independently: md5 of "<parent>\n<0|1>\n<body>". */
static void
test_rev_vectors (void)
{
  g_autoptr (JsonObject) doc =
      relais_json_parse_object ("{\"_id\":\"x\",\"b\":\"x\",\"a\":1}", -1, NULL);
  g_autofree char *body = relais_doc_body_canonical (doc);
  g_autofree char *first = relais_rev_compute (NULL, FALSE, body);
  g_autofree char *tomb = relais_rev_compute ("1-abc", TRUE, "{}");
  g_autofree char *utf8 = relais_rev_compute (NULL, FALSE, "{\"nom\":\"Hélène\"}");

  g_assert_cmpstr (body, ==, "{\"a\":1,\"b\":\"x\"}");
  g_assert_cmpstr (first, ==, "1-dd07a2c5c3ca32b64cc5adf8f4498c46");
  g_assert_cmpstr (tomb, ==, "2-8d8b758a9fd90f02e62439fda066f88d");
  g_assert_cmpstr (utf8, ==, "1-aaec0e8d13869e9d5d418568fbf1bec6");
}

static void
test_rev_deterministic (void)
{
  g_autofree char *a = relais_rev_compute ("3-ff", FALSE, "{\"a\":1}");
  g_autofree char *b = relais_rev_compute ("3-ff", FALSE, "{\"a\":1}");
  g_autofree char *c = relais_rev_compute ("3-ff", TRUE, "{\"a\":1}");
  g_autofree char *d = relais_rev_compute ("3-fe", FALSE, "{\"a\":1}");

  g_assert_cmpstr (a, ==, b);
  g_assert_true (g_str_has_prefix (a, "4-"));
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (a, !=, d);
}

static void
test_rev_parse (void)
{
  guint64 gen = 0;
  const char *hash = NULL;
  g_autoptr (GError) error = NULL;
  const char *bad[] = { "",      "0-abc",  "abc",
                        "1-",    "-abc",   "1-ab-c",
                        "1x-ab", "1-ab c", "99999999999999999999-a" };

  g_assert_true (relais_rev_parse ("12-d726abc", &gen, &hash, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gen, ==, 12);
  g_assert_cmpstr (hash, ==, "d726abc");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (relais_rev_parse (bad[i], NULL, NULL, &error));
      g_assert_error (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_REV);
      g_clear_error (&error);
    }
}

static void
test_rev_compare (void)
{
  /* SYNC-NOTES §1.3: 2-ffff… beats 1-d726…; generation is numeric, not textual. */
  g_assert_cmpint (relais_rev_compare ("2-ffff", "1-d726"), >, 0);
  g_assert_cmpint (relais_rev_compare ("10-a", "9-f"), >, 0);
  g_assert_cmpint (relais_rev_compare ("3-b", "3-a"), >, 0);
  g_assert_cmpint (relais_rev_compare ("3-a", "3-a"), ==, 0);
  g_assert_cmpint (relais_rev_compare ("1-a", "1-b"), <, 0);
}

static void
test_revisions_roundtrip (void)
{
  const char *hashes[] = { "ccc", "bbb", "aaa", NULL };
  g_autoptr (JsonNode) node = relais_revisions_encode (3, hashes);
  g_autofree char *text = relais_json_canonical (node);
  g_auto (GStrv) decoded = NULL;
  g_auto (GStrv) revs = NULL;
  guint64 start = 0;
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (text, ==, "{\"ids\":[\"ccc\",\"bbb\",\"aaa\"],\"start\":3}");
  g_assert_true (relais_revisions_decode (json_node_get_object (node), &start, &decoded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (start, ==, 3);
  g_assert_cmpstrv (decoded, hashes);

  revs = relais_revisions_to_revs (start, (const char *const *) decoded);
  g_assert_cmpstr (revs[0], ==, "3-ccc");
  g_assert_cmpstr (revs[2], ==, "1-aaa");
  g_assert_null (revs[3]);
}

static void
test_revisions_invalid (void)
{
  const char *bad[] = {
    "{\"start\":1}",
    "{\"ids\":[\"a\"]}",
    "{\"start\":1,\"ids\":[]}",
    "{\"start\":1,\"ids\":[\"a\",\"b\"]}",
    "{\"start\":0,\"ids\":[\"a\"]}",
    "{\"start\":\"2\",\"ids\":[\"a\"]}",
    "{\"start\":2,\"ids\":[\"a\",3]}",
    "{\"start\":2,\"ids\":[\"a\",\"\"]}",
    /* A hash _rev would refuse (fuzz-bulk-docs: the tree became unreadable). */
    "{\"start\":2,\"ids\":[\"a\",\"04%2F2b\"]}",
    "{\"start\":2,\"ids\":[\"a/b\",\"c\"]}",
    "{\"start\":1,\"ids\":[\"a b\"]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (JsonObject) object = relais_json_parse_object (bad[i], -1, NULL);
      g_autoptr (GError) error = NULL;

      g_assert_nonnull (object);
      g_assert_false (relais_revisions_decode (object, NULL, NULL, &error));
      g_assert_error (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_REVISIONS);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rev/vectors", test_rev_vectors);
  g_test_add_func ("/rev/deterministic", test_rev_deterministic);
  g_test_add_func ("/rev/parse", test_rev_parse);
  g_test_add_func ("/rev/compare", test_rev_compare);
  g_test_add_func ("/revisions/roundtrip", test_revisions_roundtrip);
  g_test_add_func ("/revisions/invalid", test_revisions_invalid);

  return g_test_run ();
}

/* test-json.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "relais-core.h"

static char *
canonical_of (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = relais_json_parse (text, -1, &error);

  g_assert_no_error (error);
  return relais_json_canonical (node);
}

static void
test_canonical_key_order (void)
{
  g_autofree char *a =
      canonical_of ("{\"b\": 1, \"a\": {\"z\": true, \"y\": null}, \"A\": [3, 2]}");
  g_autofree char *b = canonical_of ("{\"A\":[3,2],\"a\":{\"y\":null,\"z\":true},\"b\":1}");

  /* In order but for the last pair, and in order around an object that
   * is not: each object is sorted on its own. */
  g_autofree char *late = canonical_of ("{\"a\":1,\"b\":2,\"d\":3,\"c\":4}");
  g_autofree char *nested = canonical_of ("{\"a\":{\"n\":1,\"m\":2},\"b\":[{\"y\":1,\"x\":2}]}");

  g_assert_cmpstr (a, ==, "{\"A\":[3,2],\"a\":{\"y\":null,\"z\":true},\"b\":1}");
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (late, ==, "{\"a\":1,\"b\":2,\"c\":4,\"d\":3}");
  g_assert_cmpstr (nested, ==, "{\"a\":{\"m\":2,\"n\":1},\"b\":[{\"x\":2,\"y\":1}]}");
}

static void
test_canonical_strings (void)
{
  g_autofree char *text =
      canonical_of ("{\"nom\":\"H\\u00e9l\\u00e8ne \\\"la\\\" \\n\\t\\u0001/\"}");

  /* Non-ASCII is kept as UTF-8, controls and quotes escaped, "/" left alone. */
  g_assert_cmpstr (text, ==, "{\"nom\":\"Hélène \\\"la\\\" \\n\\t\\u0001/\"}");
}

static void
test_canonical_numbers (void)
{
  g_autofree char *text = canonical_of ("[1, -0, 2.5, 1e3, 12345678901234, 0.1, -7]");

  g_assert_cmpstr (text, ==, "[1,0,2.5,1000,12345678901234,0.1,-7]");
}

static void
test_parse_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) object = NULL;

  object = relais_json_parse_object ("{\"a\":", -1, &error);
  g_assert_null (object);
  g_assert_nonnull (error);
  g_clear_error (&error);

  object = relais_json_parse_object ("[1,2]", -1, &error);
  g_assert_null (object);
  g_assert_error (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_NOT_OBJECT);
}

static void
test_doc_meta (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) doc = relais_json_parse_object (
      "{\"_id\":\"de:1\",\"_rev\":\"1-abc\",\"type\":\"de\",\"schema_version\":1,"
      "\"_deleted\":true,\"futur\":{\"x\":1}}",
      -1, &error);
  g_autofree char *body = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (relais_doc_get_id (doc), ==, "de:1");
  g_assert_cmpstr (relais_doc_get_rev (doc), ==, "1-abc");
  g_assert_cmpstr (relais_doc_get_doc_type (doc), ==, "de");
  g_assert_true (relais_doc_is_deleted (doc));
  g_assert_cmpint (relais_doc_get_schema_version (doc), ==, 1);

  /* Unknown fields survive; CouchDB's "_" metadata does not enter the body. */
  body = relais_doc_body_canonical (doc);
  g_assert_cmpstr (body, ==, "{\"futur\":{\"x\":1},\"schema_version\":1,\"type\":\"de\"}");
}

static void
test_doc_ids (void)
{
  g_autofree char *a = relais_doc_new_id ("de");
  g_autofree char *b = relais_doc_new_id ("de");
  g_autofree char *type = relais_doc_id_type (a);
  g_autofree char *long_id = g_strnfill (RELAIS_DOC_MAX_ID_LENGTH + 1, 'x');
  g_autoptr (GError) error = NULL;

  g_assert_true (g_str_has_prefix (a, "de:"));
  g_assert_cmpuint (strlen (a), ==, 3 + 36);
  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (type, ==, "de");
  g_assert_null (relais_doc_id_type ("sansprefixe"));

  g_assert_true (relais_doc_validate_id ("entretien:é/ü=.", NULL));
  g_assert_true (relais_doc_validate_id ("_local/a=b.c/d", NULL));
  g_assert_true (relais_doc_id_is_local ("_local/x"));
  g_assert_false (relais_doc_id_is_local ("de:x"));

  g_assert_false (relais_doc_validate_id ("", &error));
  g_assert_error (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_ID);
  g_clear_error (&error);
  g_assert_false (relais_doc_validate_id ("_secret", &error));
  g_assert_error (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_ID);
  g_clear_error (&error);
  g_assert_false (relais_doc_validate_id ("_local/", &error));
  g_clear_error (&error);
  g_assert_false (relais_doc_validate_id ("a\nb", &error));
  g_clear_error (&error);
  g_assert_false (relais_doc_validate_id (long_id, &error));
  g_clear_error (&error);
  g_assert_false (relais_doc_validate_id ("\xff\xfe", &error));
  g_assert_error (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_ID);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/canonical/key-order", test_canonical_key_order);
  g_test_add_func ("/json/canonical/strings", test_canonical_strings);
  g_test_add_func ("/json/canonical/numbers", test_canonical_numbers);
  g_test_add_func ("/json/parse-errors", test_parse_errors);
  g_test_add_func ("/doc/meta", test_doc_meta);
  g_test_add_func ("/doc/ids", test_doc_ids);

  return g_test_run ();
}

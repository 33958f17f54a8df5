/* test-merge.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The three-way merge rule and the differing fields a person compares.
 */

#include "relais-core.h"

static JsonObject *
obj (const char *text)
{
  g_autoptr (GError) error = NULL;
  JsonObject *object = relais_json_parse_object (text, -1, &error);

  g_assert_no_error (error);
  return object;
}

static char *
canonical (JsonObject *object)
{
  return relais_json_object_canonical (object);
}

static char *
joined (GPtrArray *paths)
{
  g_ptr_array_add (paths, NULL);
  return g_strjoinv (",", (char **) paths->pdata);
}

static void
test_disjoint_fields (void)
{
  g_autoptr (JsonObject) base = obj ("{\"nom\":\"Martin\",\"tel\":\"0601\",\"note\":\"a\"}");
  g_autoptr (JsonObject) ours = obj ("{\"nom\":\"Martin\",\"tel\":\"0699\",\"note\":\"a\"}");
  g_autoptr (JsonObject) theirs =
      obj ("{\"nom\":\"Martin\",\"tel\":\"0601\",\"note\":\"b\",\"email\":\"m@x.fr\"}");
  g_autoptr (GPtrArray) conflicts = NULL;
  g_autoptr (JsonObject) merged = relais_merge_three_way (base, ours, theirs, &conflicts);
  g_autofree char *text = NULL;

  g_assert_nonnull (merged);
  g_assert_cmpuint (conflicts->len, ==, 0);
  text = canonical (merged);
  g_assert_cmpstr (text, ==,
                   "{\"email\":\"m@x.fr\",\"nom\":\"Martin\",\"note\":\"b\",\"tel\":\"0699\"}");
}

static void
test_removed_member (void)
{
  g_autoptr (JsonObject) base = obj ("{\"a\":1,\"b\":2}");
  g_autoptr (JsonObject) ours = obj ("{\"a\":1}");
  g_autoptr (JsonObject) theirs = obj ("{\"a\":1,\"b\":2,\"c\":3}");
  g_autoptr (JsonObject) merged = relais_merge_three_way (base, ours, theirs, NULL);
  g_autofree char *text = NULL;

  g_assert_nonnull (merged);
  text = canonical (merged);
  g_assert_cmpstr (text, ==, "{\"a\":1,\"c\":3}");
}

static void
test_same_change_both_sides (void)
{
  g_autoptr (JsonObject) base = obj ("{\"statut\":\"prevue\"}");
  g_autoptr (JsonObject) ours = obj ("{\"statut\":\"realisee\"}");
  g_autoptr (JsonObject) theirs = obj ("{\"statut\":\"realisee\"}");
  g_autoptr (JsonObject) merged = relais_merge_three_way (base, ours, theirs, NULL);
  g_autofree char *text = canonical (merged);

  g_assert_cmpstr (text, ==, "{\"statut\":\"realisee\"}");
}

static void
test_overlapping_field (void)
{
  g_autoptr (JsonObject) base = obj ("{\"tel\":\"0601\",\"nom\":\"A\",\"x\":1}");
  g_autoptr (JsonObject) ours = obj ("{\"tel\":\"0602\",\"nom\":\"B\",\"x\":1}");
  g_autoptr (JsonObject) theirs = obj ("{\"tel\":\"0603\",\"nom\":\"A\",\"x\":2}");
  g_autoptr (GPtrArray) conflicts = NULL;
  g_autoptr (JsonObject) merged = relais_merge_three_way (base, ours, theirs, &conflicts);
  g_autofree char *list = NULL;

  g_assert_null (merged);
  list = joined (conflicts);
  g_assert_cmpstr (list, ==, "tel");
}

static void
test_nested_objects (void)
{
  g_autoptr (JsonObject) base =
      obj ("{\"adresse\":{\"ligne\":\"1 rue\",\"commune\":\"35238\"},\"freins\":[1]}");
  g_autoptr (JsonObject) ours =
      obj ("{\"adresse\":{\"ligne\":\"2 rue\",\"commune\":\"35238\"},\"freins\":[1]}");
  g_autoptr (JsonObject) theirs =
      obj ("{\"adresse\":{\"ligne\":\"1 rue\",\"commune\":\"35047\"},\"freins\":[1,2]}");
  g_autoptr (JsonObject) merged = relais_merge_three_way (base, ours, theirs, NULL);
  g_autofree char *text = canonical (merged);

  g_assert_cmpstr (text, ==,
                   "{\"adresse\":{\"commune\":\"35047\",\"ligne\":\"2 rue\"},\"freins\":[1,2]}");

  {
    /* Arrays are one value: both sides changing one is a conflict. */
    g_autoptr (JsonObject) ours2 = obj ("{\"adresse\":{\"ligne\":\"9 rue\"},\"freins\":[3]}");
    g_autoptr (JsonObject) theirs2 = obj ("{\"adresse\":{\"ligne\":\"8 rue\"},\"freins\":[1,2]}");
    g_autoptr (GPtrArray) conflicts = NULL;
    g_autoptr (JsonObject) none = relais_merge_three_way (base, ours2, theirs2, &conflicts);
    g_autofree char *list = NULL;

    g_assert_null (none);
    list = joined (conflicts);
    /* commune was removed on both sides: agreed; ligne differs. */
    g_assert_cmpstr (list, ==, "adresse.ligne,freins");
  }
}

static void
test_no_ancestor (void)
{
  g_autoptr (JsonObject) ours = obj ("{\"a\":1,\"b\":2}");
  g_autoptr (JsonObject) theirs = obj ("{\"a\":1,\"b\":3,\"c\":4}");
  g_autoptr (GPtrArray) conflicts = NULL;
  g_autoptr (JsonObject) merged = relais_merge_three_way (NULL, ours, theirs, &conflicts);
  g_autofree char *list = NULL;

  g_assert_null (merged);
  list = joined (conflicts);
  g_assert_cmpstr (list, ==, "b,c");
}

static void
test_metadata_ignored (void)
{
  g_autoptr (JsonObject) base = obj ("{\"_rev\":\"1-a\",\"a\":1}");
  g_autoptr (JsonObject) ours = obj ("{\"_rev\":\"2-b\",\"a\":1}");
  g_autoptr (JsonObject) theirs = obj ("{\"_rev\":\"2-c\",\"a\":2}");
  g_autoptr (JsonObject) merged = relais_merge_three_way (base, ours, theirs, NULL);
  g_autofree char *text = canonical (merged);

  g_assert_cmpstr (text, ==, "{\"a\":2}");
}

static void
test_differing_paths (void)
{
  g_autoptr (GPtrArray) versions =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) paths = NULL;
  g_autofree char *list = NULL;

  g_ptr_array_add (versions, obj ("{\"a\":1,\"o\":{\"x\":1,\"y\":2},\"l\":[1],\"same\":true}"));
  g_ptr_array_add (versions, obj ("{\"a\":2,\"o\":{\"x\":1,\"y\":3},\"l\":[1],\"same\":true}"));
  g_ptr_array_add (versions,
                   obj ("{\"a\":1,\"o\":{\"x\":1,\"y\":2},\"l\":[2],\"same\":true,\"n\":0}"));
  paths = relais_merge_differing_paths (versions);
  list = joined (paths);
  g_assert_cmpstr (list, ==, "a,l,n,o.y");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/merge/disjoint-fields", test_disjoint_fields);
  g_test_add_func ("/merge/removed-member", test_removed_member);
  g_test_add_func ("/merge/same-change-both-sides", test_same_change_both_sides);
  g_test_add_func ("/merge/overlapping-field", test_overlapping_field);
  g_test_add_func ("/merge/nested-objects", test_nested_objects);
  g_test_add_func ("/merge/no-ancestor", test_no_ancestor);
  g_test_add_func ("/merge/metadata-ignored", test_metadata_ignored);
  g_test_add_func ("/merge/differing-paths", test_differing_paths);

  return g_test_run ();
}

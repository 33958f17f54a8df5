/* test-rev-tree.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The in-memory revision tree: merging paths, winner and conflicts,
 * stemming, and grafting onto a stemmed tree. No SQLite involved.
 */

#include "config.h"

#include "relais-rev-tree.h"
#include "relais-store-error.h"

static guint
count_roots (RelaisRevTree *tree)
{
  guint roots = 0;

  for (guint i = 0; i < relais_rev_tree_get_n_nodes (tree); i++)
    if (relais_rev_tree_get_node (tree, i)->parent < 0)
      roots++;
  return roots;
}

static const char *
winner_rev (RelaisRevTree *tree)
{
  return relais_rev_tree_get_node (tree, relais_rev_tree_winner (tree))->rev;
}

static RelaisRevTreeMerge
merge (RelaisRevTree *tree, const char *const *path, gboolean deleted)
{
  int leaf = -1;
  RelaisRevTreeMerge result = relais_rev_tree_merge_path (tree, path, deleted, &leaf);

  g_assert_cmpint (leaf, >=, 0);
  g_assert_cmpstr (relais_rev_tree_get_node (tree, leaf)->rev, ==, path[0]);
  return result;
}

static void
test_extend_and_branch (void)
{
  g_autoptr (RelaisRevTree) tree = relais_rev_tree_new ();
  const char *first[] = { "1-a", NULL };
  const char *second[] = { "2-b", "1-a", NULL };
  const char *sibling[] = { "2-c", "1-a", NULL };
  g_autoptr (GPtrArray) leaves = NULL;
  g_auto (GStrv) conflicts = NULL;
  g_auto (GStrv) path = NULL;

  g_assert_cmpint (merge (tree, first, FALSE), ==, RELAIS_REV_TREE_NEW_LEAF);
  g_assert_cmpint (merge (tree, second, FALSE), ==, RELAIS_REV_TREE_NEW_LEAF);
  g_assert_cmpint (merge (tree, second, FALSE), ==, RELAIS_REV_TREE_UNCHANGED);
  g_assert_cmpuint (relais_rev_tree_get_n_nodes (tree), ==, 2);
  g_assert_true (relais_rev_tree_is_leaf (tree, relais_rev_tree_find (tree, "2-b")));
  g_assert_false (relais_rev_tree_is_leaf (tree, relais_rev_tree_find (tree, "1-a")));

  g_assert_cmpint (merge (tree, sibling, FALSE), ==, RELAIS_REV_TREE_NEW_BRANCH);
  leaves = relais_rev_tree_leaves (tree);
  g_assert_cmpuint (leaves->len, ==, 2);
  /* Same generation: the hash decides, bytewise. */
  g_assert_cmpstr (winner_rev (tree), ==, "2-c");
  conflicts = relais_rev_tree_conflicts (tree);
  g_assert_cmpuint (g_strv_length (conflicts), ==, 1);
  g_assert_cmpstr (conflicts[0], ==, "2-b");

  path = relais_rev_tree_path (tree, relais_rev_tree_find (tree, "2-b"));
  g_assert_cmpuint (g_strv_length (path), ==, 2);
  g_assert_cmpstr (path[0], ==, "2-b");
  g_assert_cmpstr (path[1], ==, "1-a");
}

static void
test_live_beats_deleted (void)
{
  g_autoptr (RelaisRevTree) tree = relais_rev_tree_new ();
  const char *live[] = { "2-a", "1-x", NULL };
  const char *tombstone[] = { "4-z", "3-y", "2-b", "1-x", NULL };
  g_auto (GStrv) conflicts = NULL;

  merge (tree, live, FALSE);
  merge (tree, tombstone, TRUE);
  /* The deleted leaf is two generations ahead and still loses. */
  g_assert_cmpstr (winner_rev (tree), ==, "2-a");
  g_assert_true (relais_rev_tree_get_node (tree, relais_rev_tree_find (tree, "4-z"))->deleted);
  /* A deleted leaf is not a conflict. */
  conflicts = relais_rev_tree_conflicts (tree);
  g_assert_cmpuint (g_strv_length (conflicts), ==, 0);
}

static void
test_higher_generation_wins (void)
{
  g_autoptr (RelaisRevTree) tree = relais_rev_tree_new ();
  const char *existing[] = { "1-d726b1ff2d8cd0cfd8e6a06d0bf1a9ee", NULL };
  const char *pushed[] = { "2-ffffffffffffffffffffffffffffffff", "1-0000", NULL };
  g_auto (GStrv) conflicts = NULL;

  merge (tree, existing, FALSE);
  g_assert_cmpint (merge (tree, pushed, FALSE), ==, RELAIS_REV_TREE_NEW_BRANCH);
  g_assert_cmpuint (count_roots (tree), ==, 2);
  g_assert_cmpstr (winner_rev (tree), ==, "2-ffffffffffffffffffffffffffffffff");
  conflicts = relais_rev_tree_conflicts (tree);
  g_assert_cmpuint (g_strv_length (conflicts), ==, 1);
  g_assert_cmpstr (conflicts[0], ==, "1-d726b1ff2d8cd0cfd8e6a06d0bf1a9ee");
}

static void
test_all_deleted (void)
{
  g_autoptr (RelaisRevTree) tree = relais_rev_tree_new ();
  const char *a[] = { "2-a", "1-x", NULL };
  const char *b[] = { "3-b", "2-c", "1-x", NULL };

  merge (tree, a, TRUE);
  merge (tree, b, TRUE);
  /* Only tombstones: the highest one wins, the document is deleted. */
  g_assert_cmpstr (winner_rev (tree), ==, "3-b");
  g_assert_true (relais_rev_tree_get_node (tree, relais_rev_tree_winner (tree))->deleted);
}

static void
test_stem (void)
{
  g_autoptr (RelaisRevTree) tree = relais_rev_tree_new ();
  const char *path[] = { "5-e", "4-d", "3-c", "2-b", "1-a", NULL };
  const char *branch[] = { "4-x", "3-c", "2-b", "1-a", NULL };
  g_autoptr (GPtrArray) dropped = NULL;
  g_autoptr (GPtrArray) dropped_again = NULL;

  merge (tree, path, FALSE);
  merge (tree, branch, FALSE);
  dropped = relais_rev_tree_stem (tree, 3);

  /* Each root-to-leaf path keeps its last 3 revisions: 5-e keeps 3-c, 4-x
   * keeps 2-b, so only 1-a goes. */
  g_assert_cmpuint (dropped->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (dropped, 0), ==, "1-a");
  g_assert_cmpint (relais_rev_tree_find (tree, "1-a"), <, 0);
  g_assert_cmpint (relais_rev_tree_find (tree, "2-b"), >=, 0);
  g_assert_cmpuint (count_roots (tree), ==, 1);
  g_assert_cmpstr (winner_rev (tree), ==, "5-e");

  dropped_again = relais_rev_tree_stem (tree, 2);
  g_assert_cmpuint (dropped_again->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (dropped_again, 0), ==, "2-b");
  /* 3-c now roots both branches; the parents were remapped. */
  g_assert_cmpint (relais_rev_tree_get_node (tree, relais_rev_tree_find (tree, "3-c"))->parent, ==,
                   -1);
  g_assert_cmpint (relais_rev_tree_get_node (tree, relais_rev_tree_find (tree, "4-x"))->parent, ==,
                   relais_rev_tree_find (tree, "3-c"));
}

static void
test_graft_onto_stemmed (void)
{
  g_autoptr (RelaisRevTree) tree = relais_rev_tree_new ();
  const char *first[] = { "5-e", "4-d", "3-c", "2-b", "1-a", NULL };
  const char *longer[] = { "7-g", "6-f", "5-e", "4-d", "3-c", "2-b", "1-a", NULL };
  g_autoptr (GPtrArray) dropped = NULL;
  g_autoptr (GPtrArray) dropped_again = NULL;
  g_auto (GStrv) path = NULL;

  merge (tree, first, FALSE);
  dropped = relais_rev_tree_stem (tree, 3);
  g_assert_cmpuint (dropped->len, ==, 2);

  /* The pushed path starts below the stemmed root (1-a < 3-c): it must
   * join the existing branch at 5-e, not start a second tree. */
  g_assert_cmpint (merge (tree, longer, FALSE), ==, RELAIS_REV_TREE_NEW_LEAF);
  g_assert_cmpuint (count_roots (tree), ==, 1);
  g_assert_cmpint (relais_rev_tree_find (tree, "1-a"), <, 0);
  dropped_again = relais_rev_tree_stem (tree, 3);
  path = relais_rev_tree_path (tree, relais_rev_tree_winner (tree));
  g_assert_cmpuint (g_strv_length (path), ==, 3);
  g_assert_cmpstr (path[0], ==, "7-g");
  g_assert_cmpstr (path[2], ==, "5-e");
  g_assert_cmpuint (count_roots (tree), ==, 1);
}

static void
test_missing_then_available (void)
{
  g_autoptr (RelaisRevTree) tree = relais_rev_tree_new ();
  const char *path[] = { "3-c", "2-b", "1-a", NULL };
  const char *ancestor[] = { "2-b", "1-a", NULL };
  int leaf = -1;

  merge (tree, path, FALSE);
  /* Ancestors arrive from _revisions without their bodies. */
  g_assert_false (relais_rev_tree_get_node (tree, relais_rev_tree_find (tree, "2-b"))->available);
  g_assert_cmpint (relais_rev_tree_merge_path (tree, ancestor, FALSE, &leaf), ==,
                   RELAIS_REV_TREE_UNCHANGED);
  relais_rev_tree_set_available (tree, leaf, TRUE);
  g_assert_true (relais_rev_tree_get_node (tree, relais_rev_tree_find (tree, "2-b"))->available);
  g_assert_cmpuint (relais_rev_tree_get_n_nodes (tree), ==, 3);
}

static void
test_serialize (void)
{
  g_autoptr (RelaisRevTree) tree = relais_rev_tree_new ();
  g_autoptr (RelaisRevTree) copy = NULL;
  g_autoptr (RelaisRevTree) bad = NULL;
  g_autoptr (GError) error = NULL;
  const char *a[] = { "2-a", "1-x", NULL };
  const char *b[] = { "2-b", "1-x", NULL };
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  merge (tree, a, FALSE);
  merge (tree, b, TRUE);
  relais_rev_tree_set_available (tree, relais_rev_tree_find (tree, "2-a"), TRUE);
  text = relais_rev_tree_serialize (tree);
  copy = relais_rev_tree_parse (text, &error);
  g_assert_no_error (error);
  text_again = relais_rev_tree_serialize (copy);
  g_assert_cmpstr (text, ==, text_again);
  g_assert_cmpstr (winner_rev (copy), ==, "2-a");
  g_assert_true (relais_rev_tree_get_node (copy, relais_rev_tree_find (copy, "2-b"))->deleted);

  /* The same tree spelled otherwise (spaces, an escaped letter, a flag
   * other than 1) reads the same: serialize()'s own text has a reader of
   * its own, and anything else goes to the JSON parser. */
  {
    g_autoptr (GString) other = g_string_new (text);
    g_autoptr (RelaisRevTree) spaced = NULL;
    g_autofree char *spaced_text = NULL;

    g_string_replace (other, ",", " , ", 0);
    g_string_replace (other, "\"2-a\"", "\"2-\\u0061\"", 0);
    g_string_replace (other, " 1]", " 7]", 0);
    g_assert_cmpstr (other->str, !=, text);
    spaced = relais_rev_tree_parse (other->str, &error);
    g_assert_no_error (error);
    spaced_text = relais_rev_tree_serialize (spaced);
    g_assert_cmpstr (spaced_text, ==, text);
  }

  /* A parent index pointing forward would make loops possible. */
  bad = relais_rev_tree_parse ("[[\"1-a\",1,0,1],[\"2-b\",0,0,1]]", &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CORRUPT);
  g_assert_null (bad);
  g_clear_error (&error);
  bad = relais_rev_tree_parse ("not json", &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CORRUPT);
}

/* Whatever text sits in the tree column, parsing answers CORRUPT and
 * never hands out a tree with a NULL or malformed revision. */
static void
test_parse_garbage (void)
{
  const char *garbage[] = {
    "",
    "{}",
    "[1]",
    "[[\"1-a\",-1,0]]",
    "[[1,-1,0,1]]",
    "[[null,-1,0,1]]",
    "[[[\"1-a\"],-1,0,1]]",
    "[[{},-1,0,1]]",
    "[[\"garbage\",-1,0,1]]",
    "[[\"1-a\",\"x\",0,1]]",
    "[[\"1-a\",[],0,1]]",
    "[[\"1-a\",-1,{},1]]",
    "[[\"1-a\",-1,0,null]]",
    "[[\"1-a\",-2,0,1]]",
    "[[\"1-a\",-1,0,1],[\"2-b\",5,0,1]]",
    /* What the reader of serialize()'s text must refuse too. */
    "[[\"1-a\",-1,0,1]",
    "[[\"1-a\",-1,0,1]]x",
    "[[\"1-a\",-1,0,1],]",
    "[[\"1-a\",0,0,1]]",
    "[[\"1-a\",-1,0,1],[\"2-b\",1,0,1]]",
    "[[\"1-a\",-1,0,1],[\"2-b\",99999999999,0,1]]",
    "[[\"1-a,-1,0,1]]",
    "[[\"1-a\",-,0,1]]",
    "[[\"\",-1,0,1]]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (RelaisRevTree) tree = relais_rev_tree_parse (garbage[i], &error);

      g_test_message ("tree text: %s", garbage[i]);
      g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CORRUPT);
      g_assert_null (tree);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rev-tree/extend-and-branch", test_extend_and_branch);
  g_test_add_func ("/rev-tree/live-beats-deleted", test_live_beats_deleted);
  g_test_add_func ("/rev-tree/higher-generation-wins", test_higher_generation_wins);
  g_test_add_func ("/rev-tree/all-deleted", test_all_deleted);
  g_test_add_func ("/rev-tree/stem", test_stem);
  g_test_add_func ("/rev-tree/graft-onto-stemmed", test_graft_onto_stemmed);
  g_test_add_func ("/rev-tree/missing-then-available", test_missing_then_available);
  g_test_add_func ("/rev-tree/serialize", test_serialize);
  g_test_add_func ("/rev-tree/parse-garbage", test_parse_garbage);

  return g_test_run ();
}

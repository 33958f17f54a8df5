/* relais-rev-tree.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * CouchDB's revision tree, as PouchDB's merge.js and couch_key_tree.erl
 * keep it: a forest (stemming cuts old ancestors and may leave several
 * roots), leaves are the current versions, the winner is chosen the same
 * way on every peer. Pure logic, no SQL: the store persists the tree as
 * JSON text `[[rev, parent, deleted, available], …]`.
 */

#define G_LOG_DOMAIN "relais-store"

#include "config.h"

#include "relais-core.h"
#include "relais-rev-tree.h"
#include "relais-store-error.h"

struct _RelaisRevTree
{
  GArray *nodes; /* RelaisRevNode */
};

static void
clear_node (gpointer data)
{
  RelaisRevNode *node = data;

  g_clear_pointer (&node->rev, g_free);
}

RelaisRevTree *
relais_rev_tree_new (void)
{
  RelaisRevTree *tree = g_new0 (RelaisRevTree, 1);

  tree->nodes = g_array_new (FALSE, TRUE, sizeof (RelaisRevNode));
  g_array_set_clear_func (tree->nodes, clear_node);
  return tree;
}

void
relais_rev_tree_free (RelaisRevTree *tree)
{
  if (tree == NULL)
    return;
  g_array_unref (tree->nodes);
  g_free (tree);
}

/* Takes @rev. */
static int
add_node_take (RelaisRevTree *tree, char *rev, int parent, gboolean deleted, gboolean available)
{
  RelaisRevNode node = { rev, parent, deleted, available };

  g_array_append_val (tree->nodes, node);
  return (int) tree->nodes->len - 1;
}

static int
add_node (RelaisRevTree *tree, const char *rev, int parent, gboolean deleted, gboolean available)
{
  return add_node_take (tree, g_strdup (rev), parent, deleted, available);
}

/* An integer of the tree's text, from -1 to @max. */
static gboolean
read_int (const char **p, int max, int *value)
{
  gboolean negative = **p == '-';
  gint64 n = 0;

  if (negative)
    (*p)++;
  if (!g_ascii_isdigit (**p))
    return FALSE;
  for (; g_ascii_isdigit (**p); (*p)++)
    if ((n = n * 10 + (**p - '0')) > G_MAXINT)
      return FALSE;
  n = negative ? -n : n;
  if (n < -1 || n > max)
    return FALSE;
  *value = (int) n;
  return TRUE;
}

/* The text relais_rev_tree_serialize() writes, read without a JSON parser:
 * the store reads a tree for every document a feed, _bulk_get or
 * _revs_diff answers for, and json-glib's parser (a GObject, a scanner)
 * took 3.6 µs of it for a one-revision tree, a fifth of reading a
 * document. Anything else (escapes, spaces, another writer's JSON) gives
 * FALSE and goes to json-glib. */
static gboolean
parse_serialized (RelaisRevTree *tree, const char *p)
{
  if (*p++ != '[')
    return FALSE;
  if (*p == ']')
    return p[1] == '\0';
  for (guint i = 0;; i++)
    {
      const char *start;
      g_autofree char *rev = NULL;
      int parent, deleted, available;

      if (*p++ != '[' || *p++ != '"')
        return FALSE;
      for (start = p; *p != '"'; p++)
        if (*p == '\\' || (guchar) *p < 0x20)
          return FALSE;
      rev = g_strndup (start, (gsize) (p - start));
      p++;
      if (*p++ != ',' || !read_int (&p, (int) i - 1, &parent) || *p++ != ',' ||
          !read_int (&p, 1, &deleted) || deleted < 0 || *p++ != ',' ||
          !read_int (&p, 1, &available) || available < 0 || *p++ != ']' ||
          !relais_rev_parse (rev, NULL, NULL, NULL))
        return FALSE;
      add_node_take (tree, g_steal_pointer (&rev), parent, deleted != 0, available != 0);
      if (*p == ']')
        return p[1] == '\0';
      if (*p++ != ',')
        return FALSE;
    }
}

RelaisRevTree *
relais_rev_tree_parse (const char *text, GError **error)
{
  g_autoptr (RelaisRevTree) tree = relais_rev_tree_new ();
  g_autoptr (JsonNode) root = NULL;

  if (parse_serialized (tree, text))
    return g_steal_pointer (&tree);
  g_array_set_size (tree->nodes, 0);
  root = relais_json_parse (text, -1, NULL);
  JsonArray *array;
  guint n;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    goto corrupt;

  array = json_node_get_array (root);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonArray *fields;
      gint64 parent;

      if (!JSON_NODE_HOLDS_ARRAY (element))
        goto corrupt;
      fields = json_node_get_array (element);
      if (json_array_get_length (fields) != 4)
        goto corrupt;
      /* Check each member's type: json-glib's getters return NULL or 0 for
       * the wrong type (or fail a critical), and a NULL or malformed rev
       * would crash the readers that split it at its '-'. */
      if (json_node_get_value_type (json_array_get_element (fields, 0)) != G_TYPE_STRING ||
          !relais_rev_parse (json_array_get_string_element (fields, 0), NULL, NULL, NULL))
        goto corrupt;
      for (guint j = 1; j < 4; j++)
        if (json_node_get_value_type (json_array_get_element (fields, j)) != G_TYPE_INT64)
          goto corrupt;
      parent = json_array_get_int_element (fields, 1);
      if (parent < -1 || parent >= (gint64) i)
        goto corrupt;
      add_node (tree, json_array_get_string_element (fields, 0), (int) parent,
                json_array_get_int_element (fields, 2) != 0,
                json_array_get_int_element (fields, 3) != 0);
    }

  return g_steal_pointer (&tree);

corrupt:
  g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CORRUPT,
                       "A revision tree in the store is damaged");
  return NULL;
}

char *
relais_rev_tree_serialize (const RelaisRevTree *tree)
{
  GString *out = g_string_sized_new (64 * tree->nodes->len + 2);

  g_string_append_c (out, '[');
  for (guint i = 0; i < tree->nodes->len; i++)
    {
      const RelaisRevNode *node = &g_array_index (tree->nodes, RelaisRevNode, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '[');
      relais_json_append_string (out, node->rev);
      g_string_append_printf (out, ",%d,%d,%d]", node->parent, node->deleted ? 1 : 0,
                              node->available ? 1 : 0);
    }
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

guint
relais_rev_tree_get_n_nodes (const RelaisRevTree *tree)
{
  return tree->nodes->len;
}

const RelaisRevNode *
relais_rev_tree_get_node (const RelaisRevTree *tree, guint index)
{
  g_return_val_if_fail (index < tree->nodes->len, NULL);

  return &g_array_index (tree->nodes, RelaisRevNode, index);
}

int
relais_rev_tree_find (const RelaisRevTree *tree, const char *rev)
{
  for (guint i = 0; i < tree->nodes->len; i++)
    if (g_str_equal (g_array_index (tree->nodes, RelaisRevNode, i).rev, rev))
      return (int) i;
  return -1;
}

gboolean
relais_rev_tree_is_leaf (const RelaisRevTree *tree, int index)
{
  for (guint i = 0; i < tree->nodes->len; i++)
    if (g_array_index (tree->nodes, RelaisRevNode, i).parent == index)
      return FALSE;
  return TRUE;
}

/* Indexes of the leaves, as GINT_TO_POINTER. */
GPtrArray *
relais_rev_tree_leaves (const RelaisRevTree *tree)
{
  GPtrArray *leaves = g_ptr_array_new ();
  g_autofree gboolean *has_child = g_new0 (gboolean, tree->nodes->len + 1);

  for (guint i = 0; i < tree->nodes->len; i++)
    {
      int parent = g_array_index (tree->nodes, RelaisRevNode, i).parent;

      if (parent >= 0)
        has_child[parent] = TRUE;
    }
  for (guint i = 0; i < tree->nodes->len; i++)
    if (!has_child[i])
      g_ptr_array_add (leaves, GINT_TO_POINTER (i));

  return leaves;
}

/* Live before deleted, then higher generation, then hash bytewise. */
static gboolean
beats (const RelaisRevNode *a, const RelaisRevNode *b)
{
  if (a->deleted != b->deleted)
    return !a->deleted;
  return relais_rev_compare (a->rev, b->rev) > 0;
}

int
relais_rev_tree_winner (const RelaisRevTree *tree)
{
  g_autoptr (GPtrArray) leaves = relais_rev_tree_leaves (tree);
  int best = -1;

  for (guint i = 0; i < leaves->len; i++)
    {
      int index = GPOINTER_TO_INT (g_ptr_array_index (leaves, i));

      if (best < 0 || beats (&g_array_index (tree->nodes, RelaisRevNode, index),
                             &g_array_index (tree->nodes, RelaisRevNode, best)))
        best = index;
    }

  return best;
}

/* The other live leaves, best first, as CouchDB lists `_conflicts`. */
static int
compare_nodes_desc (gconstpointer a, gconstpointer b)
{
  const RelaisRevNode *x = *(RelaisRevNode *const *) a;
  const RelaisRevNode *y = *(RelaisRevNode *const *) b;

  return relais_rev_compare (y->rev, x->rev);
}

GStrv
relais_rev_tree_conflicts (const RelaisRevTree *tree)
{
  g_autoptr (GPtrArray) leaves = relais_rev_tree_leaves (tree);
  g_autoptr (GPtrArray) live = g_ptr_array_new ();
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  int winner = relais_rev_tree_winner (tree);

  for (guint i = 0; i < leaves->len; i++)
    {
      int index = GPOINTER_TO_INT (g_ptr_array_index (leaves, i));
      RelaisRevNode *node = &g_array_index (tree->nodes, RelaisRevNode, index);

      if (index != winner && !node->deleted)
        g_ptr_array_add (live, node);
    }
  g_ptr_array_sort (live, compare_nodes_desc);
  for (guint i = 0; i < live->len; i++)
    g_strv_builder_add (builder, ((RelaisRevNode *) g_ptr_array_index (live, i))->rev);

  return g_strv_builder_end (builder);
}

/* Revisions from @index up to its root, newest first. */
GStrv
relais_rev_tree_path (const RelaisRevTree *tree, int index)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (int i = index; i >= 0; i = g_array_index (tree->nodes, RelaisRevNode, i).parent)
    g_strv_builder_add (builder, g_array_index (tree->nodes, RelaisRevNode, i).rev);

  return g_strv_builder_end (builder);
}

/**
 * relais_rev_tree_merge_path:
 * @revs: a revision path, newest first ("3-c", "2-b", "1-a")
 * @deleted: whether the newest revision is a tombstone
 * @leaf_index: (out): the node of the newest revision
 *
 * Grafts @revs where it meets the tree: under the newest of its revisions
 * the tree already knows, or as a new root when it knows none (the tree was
 * stemmed, or the branches never met).
 */
RelaisRevTreeMerge
relais_rev_tree_merge_path (RelaisRevTree *tree,
                            const char *const *revs,
                            gboolean deleted,
                            int *leaf_index)
{
  guint n = g_strv_length ((GStrv) revs);
  int anchor = -1;
  guint known = n;
  gboolean anchor_was_leaf;
  RelaisRevTreeMerge result;

  g_return_val_if_fail (n > 0, RELAIS_REV_TREE_UNCHANGED);

  for (guint i = 0; i < n; i++)
    if ((anchor = relais_rev_tree_find (tree, revs[i])) >= 0)
      {
        known = i;
        break;
      }

  if (known == 0)
    {
      *leaf_index = anchor;
      return RELAIS_REV_TREE_UNCHANGED;
    }

  anchor_was_leaf = anchor >= 0 && relais_rev_tree_is_leaf (tree, anchor);
  result = anchor_was_leaf || (anchor < 0 && tree->nodes->len == 0) ? RELAIS_REV_TREE_NEW_LEAF
                                                                    : RELAIS_REV_TREE_NEW_BRANCH;

  /* Known revisions a tombstone may not extend stay as they are: a
   * tombstone has no children unless the document is recreated, which is
   * also how CouchDB grafts a new edit on a deleted leaf. */
  for (guint i = known; i > 0; i--)
    anchor = add_node (tree, revs[i - 1], anchor, i == 1 && deleted, FALSE);

  *leaf_index = anchor;
  return result;
}

void
relais_rev_tree_set_available (RelaisRevTree *tree, int index, gboolean available)
{
  g_array_index (tree->nodes, RelaisRevNode, index).available = available;
}

/**
 * relais_rev_tree_stem:
 * @revs_limit: how many revisions each root-to-leaf path keeps
 *
 * Returns: (transfer full): the revisions dropped, whose bodies the store
 *   can delete
 */
GPtrArray *
relais_rev_tree_stem (RelaisRevTree *tree, guint revs_limit)
{
  g_autoptr (GPtrArray) leaves = relais_rev_tree_leaves (tree);
  g_autofree gboolean *keep = g_new0 (gboolean, tree->nodes->len + 1);
  g_autofree int *remap = g_new0 (int, tree->nodes->len + 1);
  GPtrArray *dropped = g_ptr_array_new_with_free_func (g_free);
  GArray *kept;

  g_return_val_if_fail (revs_limit > 0, dropped);

  for (guint i = 0; i < leaves->len; i++)
    {
      int index = GPOINTER_TO_INT (g_ptr_array_index (leaves, i));

      for (guint depth = 0; index >= 0 && depth < revs_limit; depth++)
        {
          keep[index] = TRUE;
          index = g_array_index (tree->nodes, RelaisRevNode, index).parent;
        }
    }

  kept = g_array_new (FALSE, TRUE, sizeof (RelaisRevNode));
  g_array_set_clear_func (kept, clear_node);
  for (guint i = 0; i < tree->nodes->len; i++)
    {
      RelaisRevNode *node = &g_array_index (tree->nodes, RelaisRevNode, i);

      if (!keep[i])
        {
          remap[i] = -1;
          g_ptr_array_add (dropped, g_steal_pointer (&node->rev));
          continue;
        }

      {
        RelaisRevNode copy = *node;

        /* Parents come before children, so the parent is remapped already. */
        copy.parent = node->parent >= 0 ? remap[node->parent] : -1;
        remap[i] = (int) kept->len;
        node->rev = NULL;
        g_array_append_val (kept, copy);
      }
    }

  g_array_unref (tree->nodes);
  tree->nodes = kept;
  return dropped;
}

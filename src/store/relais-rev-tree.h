/* relais-rev-tree.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A document's revision forest, small and flat: every node knows its
 * parent's index. Serialised as JSON text in the documents table. */
typedef struct
{
  char *rev;
  int parent; /* index in nodes, -1 for a root */
  gboolean deleted;
  gboolean available; /* the store holds this revision's body */
} RelaisRevNode;

typedef struct _RelaisRevTree RelaisRevTree;

typedef enum
{
  RELAIS_REV_TREE_UNCHANGED,  /* every revision was known already */
  RELAIS_REV_TREE_NEW_LEAF,   /* extended an existing leaf */
  RELAIS_REV_TREE_NEW_BRANCH, /* added a sibling: a conflict or a new root */
} RelaisRevTreeMerge;

RelaisRevTree *relais_rev_tree_new (void);
void relais_rev_tree_free (RelaisRevTree *tree);
RelaisRevTree *relais_rev_tree_parse (const char *text, GError **error);
char *relais_rev_tree_serialize (const RelaisRevTree *tree);

guint relais_rev_tree_get_n_nodes (const RelaisRevTree *tree);
const RelaisRevNode *relais_rev_tree_get_node (const RelaisRevTree *tree, guint index);
int relais_rev_tree_find (const RelaisRevTree *tree, const char *rev);
gboolean relais_rev_tree_is_leaf (const RelaisRevTree *tree, int index);
GPtrArray *relais_rev_tree_leaves (const RelaisRevTree *tree);
int relais_rev_tree_winner (const RelaisRevTree *tree);
GStrv relais_rev_tree_conflicts (const RelaisRevTree *tree);
GStrv relais_rev_tree_path (const RelaisRevTree *tree, int index);

RelaisRevTreeMerge relais_rev_tree_merge_path (RelaisRevTree *tree,
                                               const char *const *revs,
                                               gboolean deleted,
                                               int *leaf_index);
void relais_rev_tree_set_available (RelaisRevTree *tree, int index, gboolean available);
GPtrArray *relais_rev_tree_stem (RelaisRevTree *tree, guint revs_limit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisRevTree, relais_rev_tree_free)

G_END_DECLS

/* relais-store-conflicts.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A conflict is settled by one write on the winning branch (the merged
 * or chosen body) and a tombstone on every other live leaf, in the same
 * transaction: every replica then has one live leaf, and two replicas
 * that settle the same conflict the same way compute the same revision
 * ids (they hash the parent and the canonical body), so they converge
 * instead of conflicting again.
 */

#define G_LOG_DOMAIN "relais-store"

#include "config.h"

#include "relais-core.h"
#include "relais-rev-tree.h"
#include "relais-store-conflicts.h"
#include "relais-store-private.h"
#include "relais-validate.h"

void
relais_conflict_info_free (RelaisConflictInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->winner);
  g_strfreev (info->others);
  g_free (info);
}

void
relais_conflict_free (RelaisConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->id);
  g_strfreev (conflict->revs);
  g_clear_pointer (&conflict->bodies, g_ptr_array_unref);
  g_free (conflict->ancestor_rev);
  g_clear_pointer (&conflict->ancestor, json_object_unref);
  g_clear_pointer (&conflict->fields, g_ptr_array_unref);
  g_clear_pointer (&conflict->unmergeable, g_ptr_array_unref);
  g_free (conflict);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static RelaisRevTree *
load_tree (RelaisStore *self, const char *id, GError **error)
{
  sqlite3_stmt *stmt = _relais_store_stmt (self, STMT_GET_DOC);
  RelaisRevTree *tree = NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    tree = relais_rev_tree_parse ((const char *) sqlite3_column_text (stmt, 1), error);
  else
    g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND, "No document %s", id);
  sqlite3_reset (stmt);
  return tree;
}

/* The live leaves, the winner first; a single one means no conflict. */
static GStrv
live_leaves (RelaisRevTree *tree)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  int winner = relais_rev_tree_winner (tree);
  g_auto (GStrv) others = relais_rev_tree_conflicts (tree);

  if (!relais_rev_tree_get_node (tree, winner)->deleted)
    g_strv_builder_add (builder, relais_rev_tree_get_node (tree, winner)->rev);
  g_strv_builder_addv (builder, (const char **) others);
  return g_strv_builder_end (builder);
}

/**
 * relais_store_list_conflicts:
 *
 * Returns: (transfer full) (element-type RelaisConflictInfo): the live
 *   documents with more than one live leaf, in id order
 */
GPtrArray *
relais_store_list_conflicts (RelaisStore *self, GError **error)
{
  g_autoptr (GPtrArray) out =
      g_ptr_array_new_with_free_func ((GDestroyNotify) relais_conflict_info_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);

  /* A live winner is needed (live beats deleted, so a document with live
   * conflicts has one); the partial index docs_conflicted holds the
   * documents with several live leaves, so that no other tree is read. */
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, tree FROM docs INDEXED BY docs_conflicted"
                           " WHERE conflicted = 1 AND deleted = 0 ORDER BY id",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _relais_store_set_error (self, rc, error), NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr (RelaisRevTree) tree =
          relais_rev_tree_parse ((const char *) sqlite3_column_text (stmt, 1), NULL);
      g_auto (GStrv) others = NULL;
      RelaisConflictInfo *info;

      if (tree == NULL)
        continue;
      others = relais_rev_tree_conflicts (tree);
      if (others[0] == NULL)
        continue;
      info = g_new0 (RelaisConflictInfo, 1);
      info->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      info->winner = g_strdup (relais_rev_tree_get_node (tree, relais_rev_tree_winner (tree))->rev);
      info->others = g_steal_pointer (&others);
      g_ptr_array_add (out, info);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _relais_store_set_error (self, rc, error), NULL;
  return g_steal_pointer (&out);
}

/* The newest revision on both leaves' paths. */
static char *
common_ancestor (RelaisRevTree *tree, const char *a, const char *b)
{
  g_auto (GStrv) path_a = relais_rev_tree_path (tree, relais_rev_tree_find (tree, a));
  g_auto (GStrv) path_b = relais_rev_tree_path (tree, relais_rev_tree_find (tree, b));

  for (guint i = 0; path_b[i] != NULL; i++)
    if (g_strv_contains ((const char *const *) path_a, path_b[i]))
      return g_strdup (path_b[i]);
  return NULL;
}

static JsonObject *
rev_object (RelaisStore *self, const char *id, const char *rev, GError **error)
{
  g_autofree char *body = relais_store_get_rev_body (self, id, rev, error);

  return body != NULL ? relais_json_parse_object (body, -1, error) : NULL;
}

/* Merges every other leaf into the winner in turn, each against its own
 * common ancestor with the winner. */
static JsonObject *
try_merge (RelaisStore *self, RelaisRevTree *tree, RelaisConflict *conflict, GPtrArray *unmergeable)
{
  g_autoptr (JsonObject) merged = json_object_ref (g_ptr_array_index (conflict->bodies, 0));

  for (guint i = 1; conflict->revs[i] != NULL; i++)
    {
      g_autofree char *ancestor_rev = common_ancestor (tree, conflict->revs[0], conflict->revs[i]);
      g_autoptr (JsonObject) ancestor =
          ancestor_rev != NULL ? rev_object (self, conflict->id, ancestor_rev, NULL) : NULL;
      g_autoptr (GPtrArray) paths = NULL;
      g_autoptr (JsonObject) next = relais_merge_three_way (
          ancestor, merged, g_ptr_array_index (conflict->bodies, i), &paths);

      for (guint j = 0; j < paths->len; j++)
        if (!g_ptr_array_find_with_equal_func (unmergeable, g_ptr_array_index (paths, j),
                                               g_str_equal, NULL))
          g_ptr_array_add (unmergeable, g_strdup (g_ptr_array_index (paths, j)));
      if (next == NULL)
        return NULL;
      g_clear_pointer (&merged, json_object_unref);
      merged = g_steal_pointer (&next);
    }
  return g_steal_pointer (&merged);
}

static RelaisConflict *
load_conflict (RelaisStore *self, const char *id, RelaisRevTree **tree_out, GError **error)
{
  g_autoptr (RelaisRevTree) tree = load_tree (self, id, error);
  g_autoptr (RelaisConflict) conflict = NULL;

  if (tree == NULL)
    return NULL;
  conflict = g_new0 (RelaisConflict, 1);
  conflict->id = g_strdup (id);
  conflict->revs = live_leaves (tree);
  if (g_strv_length (conflict->revs) < 2)
    {
      g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND, "%s has no conflict",
                   id);
      return NULL;
    }
  conflict->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; conflict->revs[i] != NULL; i++)
    {
      JsonObject *body = rev_object (self, id, conflict->revs[i], error);

      if (body == NULL)
        return NULL;
      g_ptr_array_add (conflict->bodies, body);
    }
  conflict->ancestor_rev = common_ancestor (tree, conflict->revs[0], conflict->revs[1]);
  if (conflict->ancestor_rev != NULL)
    conflict->ancestor = rev_object (self, id, conflict->ancestor_rev, NULL);
  conflict->fields = relais_merge_differing_paths (conflict->bodies);
  conflict->unmergeable = g_ptr_array_new_with_free_func (g_free);
  if (tree_out != NULL)
    *tree_out = g_steal_pointer (&tree);
  return g_steal_pointer (&conflict);
}

/**
 * relais_store_get_conflict:
 *
 * Every live version of @id for a person to compare: the bodies, the
 * common ancestor when the store still has it, the differing fields, and
 * those a three-way merge cannot settle (`unmergeable`).
 *
 * Returns: (transfer full): the conflict, or NULL with NOT_FOUND when @id
 *   has a single live leaf
 */
RelaisConflict *
relais_store_get_conflict (RelaisStore *self, const char *id, GError **error)
{
  g_autoptr (RelaisRevTree) tree = NULL;
  g_autoptr (RelaisConflict) conflict = NULL;
  g_autoptr (JsonObject) merged = NULL;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if ((conflict = load_conflict (self, id, &tree, error)) == NULL)
    return NULL;
  merged = try_merge (self, tree, conflict, conflict->unmergeable);
  g_ptr_array_sort (conflict->unmergeable, compare_strings);
  return g_steal_pointer (&conflict);
}

/* One edit on the winner (unless @body is the winner's body already) and
 * a tombstone on each other leaf, all or nothing. */
static char *
write_resolution (
    RelaisStore *self, const char *id, const char *const *revs, JsonObject *body, GError **error)
{
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *winner_body = relais_store_get_rev_body (self, id, revs[0], error);
  g_autofree char *new_body = NULL;
  g_auto (GStrv) written = NULL;
  gboolean edit;

  if (winner_body == NULL)
    return NULL;
  new_body = relais_doc_body_canonical (body);
  edit = !g_str_equal (new_body, winner_body);
  if (edit)
    {
      JsonObject *doc = json_object_new ();
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_set_string_member (doc, "_id", id);
      json_object_set_string_member (doc, "_rev", revs[0]);
      json_object_iter_init (&iter, body);
      while (json_object_iter_next (&iter, &name, &node))
        if (name[0] != '_')
          json_object_set_member (doc, name, json_node_copy (node));
      g_ptr_array_add (docs, doc);
    }
  for (guint i = 1; revs[i] != NULL; i++)
    {
      JsonObject *tombstone = json_object_new ();

      json_object_set_string_member (tombstone, "_id", id);
      json_object_set_string_member (tombstone, "_rev", revs[i]);
      json_object_set_boolean_member (tombstone, "_deleted", TRUE);
      g_ptr_array_add (docs, tombstone);
    }
  if ((written = _relais_store_put_all (self, docs, error)) == NULL)
    return NULL;
  return g_strdup (edit ? written[0] : revs[0]);
}

/**
 * relais_store_resolve_conflict:
 * @revs: the live leaves the caller chose from, the winner first, as
 *   relais_store_get_conflict() gave them
 * @body: the body chosen (field by field) by the caller
 *
 * Writes @body as a new revision on the winning branch and closes every
 * other leaf, in one transaction. When the leaves changed since the
 * caller read them (a replication came in), nothing is written and the
 * error is CONFLICT: read the conflict again.
 *
 * Returns: (transfer full): the document's revision after the resolution
 */
char *
relais_store_resolve_conflict (
    RelaisStore *self, const char *id, const char *const *revs, JsonObject *body, GError **error)
{
  g_autoptr (RelaisRevTree) tree = NULL;
  g_auto (GStrv) current = NULL;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL && revs != NULL && revs[0] != NULL, NULL);
  g_return_val_if_fail (body != NULL, NULL);

  /* The check and the write are not in one transaction, but the store
   * has one writer per connection and the write itself refuses an edit
   * of a leaf that is gone (each item must extend a leaf). */
  if ((tree = load_tree (self, id, error)) == NULL)
    return NULL;
  current = live_leaves (tree);
  if (!g_strv_equal ((const char *const *) current, revs))
    {
      g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT,
                   "The versions of %s changed since they were read", id);
      return NULL;
    }
  return write_resolution (self, id, revs, body, error);
}

/**
 * relais_store_merge_conflicts:
 * @n_merged: (out) (optional): conflicts settled automatically
 * @n_left: (out) (optional): conflicts that need a person
 *
 * Merges every conflict whose edits touch different fields, when the
 * merged document is still valid (DOCUMENTS.md rules, relais_validate_doc);
 * the others stay for relais_store_get_conflict().
 */
gboolean
relais_store_merge_conflicts (RelaisStore *self, guint *n_merged, guint *n_left, GError **error)
{
  g_autoptr (GPtrArray) list = NULL;
  guint merged = 0, left = 0;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);

  if ((list = relais_store_list_conflicts (self, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      RelaisConflictInfo *info = g_ptr_array_index (list, i);
      g_autoptr (RelaisRevTree) tree = NULL;
      g_autoptr (GError) local_error = NULL;
      g_autoptr (RelaisConflict) conflict = load_conflict (self, info->id, &tree, &local_error);
      g_autoptr (JsonObject) body = NULL;
      g_autofree char *rev = NULL;

      if (conflict == NULL)
        {
          /* A missing body (compacted) leaves it to a person; a failing
           * database stops. */
          if (local_error->domain != RELAIS_STORE_ERROR ||
              local_error->code == RELAIS_STORE_ERROR_IO ||
              local_error->code == RELAIS_STORE_ERROR_CORRUPT)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          left++;
          continue;
        }
      body = try_merge (self, tree, conflict, conflict->unmergeable);
      /* The merged body is new: the _id validation needs is added to it
       * (the write takes the body members only). */
      if (body != NULL)
        json_object_set_string_member (body, "_id", info->id);
      if (body == NULL || !relais_validate_doc (body, NULL, NULL))
        {
          left++;
          continue;
        }
      rev = write_resolution (self, info->id, (const char *const *) conflict->revs, body,
                              &local_error);
      if (rev == NULL)
        {
          if (g_error_matches (local_error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT))
            {
              left++;
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("%s: merged %u versions into %s", info->id, g_strv_length (conflict->revs), rev);
      merged++;
    }
  if (n_merged != NULL)
    *n_merged = merged;
  if (n_left != NULL)
    *n_left = left;
  return TRUE;
}

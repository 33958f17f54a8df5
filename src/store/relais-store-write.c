/* relais-store-write.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Writes: one transaction per call, however many documents, so that a
 * process killed in the middle leaves the file as before or after the call.
 */

#define G_LOG_DOMAIN "relais-store"

#include "config.h"

#include "relais-core.h"
#include "relais-rev-tree.h"
#include "relais-store-private.h"

typedef struct
{
  gint64 update_seq;
  gint64 doc_count;
  gint64 deleted_count;
  guint revs_limit;
} Counters;

void
relais_put_result_free (RelaisPutResult *result)
{
  if (result == NULL)
    return;
  g_free (result->id);
  g_free (result->rev);
  g_clear_error (&result->error);
  g_free (result);
}

static gboolean
conflict (GError **error)
{
  g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT,
                       "Document update conflict.");
  return FALSE;
}

static gboolean
invalid (GError **error, const GError *cause)
{
  g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID, cause->message);
  return FALSE;
}

/* The revision path a write adds, newest first: computed for an edit,
 * taken from `_revisions` (or `_rev` alone) for a replicated one. */
static GStrv
incoming_path (JsonObject *doc,
               RelaisRevTree *tree,
               gboolean new_edits,
               gboolean deleted,
               const char *body,
               GError **error)
{
  const char *given = relais_doc_get_rev (doc);
  g_autoptr (GError) local_error = NULL;

  if (!new_edits)
    {
      JsonNode *revisions = json_object_get_member (doc, "_revisions");
      g_auto (GStrv) hashes = NULL;
      guint64 start, generation;
      const char *hash;

      if (given == NULL || !relais_rev_parse (given, &generation, &hash, &local_error))
        {
          if (local_error == NULL)
            g_set_error_literal (&local_error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_REV,
                                 "A replicated document needs its _rev");
          invalid (error, local_error);
          return NULL;
        }
      if (revisions == NULL)
        {
          const char *single[] = { given, NULL };

          return g_strdupv ((GStrv) single);
        }
      if (!JSON_NODE_HOLDS_OBJECT (revisions) ||
          !relais_revisions_decode (json_node_get_object (revisions), &start, &hashes,
                                    &local_error) ||
          start != generation || !g_str_equal (hashes[0], hash))
        {
          if (local_error == NULL)
            g_set_error_literal (&local_error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_REVISIONS,
                                 "_revisions does not end with _rev");
          invalid (error, local_error);
          return NULL;
        }
      return relais_revisions_to_revs (start, (const char *const *) hashes);
    }

  /* An edit: its parent is the given leaf; without _rev, a new document or
   * one whose winner is a tombstone (CouchDB recreates it on top). */
  {
    int parent = -1;
    g_autofree char *rev = NULL;

    if (given != NULL)
      {
        if (!relais_rev_parse (given, NULL, NULL, &local_error))
          {
            invalid (error, local_error);
            return NULL;
          }
        parent = relais_rev_tree_find (tree, given);
        if (parent < 0 || !relais_rev_tree_is_leaf (tree, parent))
          {
            conflict (error);
            return NULL;
          }
      }
    else if (relais_rev_tree_get_n_nodes (tree) > 0)
      {
        int winner = relais_rev_tree_winner (tree);

        if (!relais_rev_tree_get_node (tree, winner)->deleted)
          {
            conflict (error);
            return NULL;
          }
        parent = winner;
      }

    if (parent >= 0 && relais_rev_tree_get_node (tree, parent)->deleted && deleted)
      {
        /* Deleting a tombstone again: CouchDB answers a conflict. */
        conflict (error);
        return NULL;
      }

    rev = relais_rev_compute (parent >= 0 ? relais_rev_tree_get_node (tree, parent)->rev : NULL,
                              deleted, body);
    {
      g_auto (GStrv) parents = parent >= 0 ? relais_rev_tree_path (tree, parent) : NULL;
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

      g_strv_builder_add (builder, rev);
      if (parents != NULL)
        g_strv_builder_addv (builder, (const char **) parents);
      return g_strv_builder_end (builder);
    }
  }
}

/* A replicated revision path given by the caller: it must name revisions,
 * and the document's _rev when it has one. */
static GStrv
given_path (JsonObject *doc, const char *const *revs, GError **error)
{
  const char *rev = relais_doc_get_rev (doc);
  g_autoptr (GError) local_error = NULL;

  if (revs[0] == NULL || (rev != NULL && !g_str_equal (rev, revs[0])))
    g_set_error_literal (&local_error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_REVISIONS,
                         "The revision path does not start with _rev");
  for (guint i = 0; local_error == NULL && revs[i] != NULL; i++)
    relais_rev_parse (revs[i], NULL, NULL, &local_error);
  if (local_error != NULL)
    {
      invalid (error, local_error);
      return NULL;
    }
  return g_strdupv ((GStrv) revs);
}

/* docs.conflicted: more than one live leaf (relais_store_list_conflicts()
 * looks at those documents only). */
static gboolean
has_live_branches (const RelaisRevTree *tree)
{
  g_autoptr (GPtrArray) leaves = relais_rev_tree_leaves (tree);
  guint live = 0;

  for (guint i = 0; i < leaves->len; i++)
    if (!relais_rev_tree_get_node (tree, GPOINTER_TO_INT (g_ptr_array_index (leaves, i)))->deleted)
      live++;
  return live > 1;
}

static gboolean
write_one (RelaisStore *self,
           const RelaisStoreRevision *item,
           gboolean new_edits,
           Counters *counters,
           char **rev_out,
           GError **error)
{
  JsonObject *doc = item->doc;
  const char *id = relais_doc_get_id (doc);
  gboolean deleted = relais_doc_is_deleted (doc);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (RelaisRevTree) tree = NULL;
  g_autofree char *body = NULL;
  g_autofree char *tree_text = NULL;
  g_autofree char *winner_body = NULL;
  g_autoptr (JsonObject) parsed = NULL;
  JsonObject *winner_object;
  g_autofree char *old_winner = NULL;
  g_auto (GStrv) path = NULL;
  g_autoptr (GPtrArray) dropped = NULL;
  sqlite3_stmt *stmt;
  gint64 rowid = -1;
  gboolean existed, was_live = FALSE, winner_changed, incoming_wins;
  int leaf, winner;
  const RelaisRevNode *winner_node;
  RelaisRevTreeMerge merge;

  if (id == NULL || !relais_doc_validate_id (id, &local_error) || relais_doc_id_is_local (id))
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_ID,
                             id == NULL ? "Document must have an _id" : "Use the _local API");
      return invalid (error, local_error);
    }

  stmt = _relais_store_stmt (self, STMT_GET_DOC);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      rowid = sqlite3_column_int64 (stmt, 0);
      tree = relais_rev_tree_parse ((const char *) sqlite3_column_text (stmt, 1), error);
      old_winner = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      was_live = sqlite3_column_int (stmt, 3) == 0;
    }
  sqlite3_reset (stmt);
  existed = rowid >= 0;
  if (existed && tree == NULL)
    return FALSE;
  if (tree == NULL)
    tree = relais_rev_tree_new ();

  /* Text and path computed ahead (a replicator's worker) are taken as
   * they are: serialising 20,000 bodies again costs a tenth of a pull. */
  body = item->body != NULL ? g_strdup (item->body) : relais_doc_body_canonical (doc);
  path = item->revs != NULL ? given_path (doc, item->revs, error)
                            : incoming_path (doc, tree, new_edits, deleted, body, error);
  if (path == NULL)
    return FALSE;

  {
    int known = relais_rev_tree_find (tree, path[0]);

    /* Replaying a known revision whose body we hold changes nothing: the
     * idempotence replicators rely on after an interrupted batch. */
    if (known >= 0 && relais_rev_tree_get_node (tree, known)->available)
      {
        *rev_out = g_strdup (path[0]);
        return TRUE;
      }
  }

  merge = relais_rev_tree_merge_path (tree, (const char *const *) path, deleted, &leaf);
  if (new_edits && merge == RELAIS_REV_TREE_NEW_BRANCH && existed)
    return conflict (error);
  relais_rev_tree_set_available (tree, leaf, TRUE);
  dropped = relais_rev_tree_stem (tree, counters->revs_limit);

  for (guint i = 0; i < dropped->len; i++)
    {
      stmt = _relais_store_stmt (self, STMT_DELETE_REV);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (dropped, i), -1, SQLITE_STATIC);
      if (!_relais_store_step_done (self, stmt, error))
        return FALSE;
    }

  /* The winner's body lives in docs.body, every other body in revs. */
  winner = relais_rev_tree_winner (tree);
  winner_node = relais_rev_tree_get_node (tree, winner);
  winner_changed = g_strcmp0 (old_winner, winner_node->rev) != 0;
  incoming_wins = g_str_equal (winner_node->rev, path[0]);

  if (existed && winner_changed && relais_rev_tree_find (tree, old_winner) >= 0)
    {
      /* The old winner stays in the tree (as an ancestor or a losing
       * leaf): its body moves over to revs. */
      stmt = _relais_store_stmt (self, STMT_KEEP_WINNER_BODY);
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (!_relais_store_step_done (self, stmt, error))
        return FALSE;
    }

  if (incoming_wins)
    winner_body = g_steal_pointer (&body);
  else
    {
      /* The incoming revision lost: it goes to revs beside the others. */
      stmt = _relais_store_stmt (self, STMT_INSERT_REV);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, path[0], -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, deleted);
      sqlite3_bind_text (stmt, 4, body, -1, SQLITE_STATIC);
      if (!_relais_store_step_done (self, stmt, error))
        return FALSE;
    }

  if (!winner_changed)
    {
      /* Same winner: its body, type and index entries stay as they are,
       * only the tree and the sequence move on. */
      tree_text = relais_rev_tree_serialize (tree);
      counters->update_seq++;
      stmt = _relais_store_stmt (self, STMT_UPDATE_DOC_TREE);
      sqlite3_bind_int64 (stmt, 1, rowid);
      sqlite3_bind_int64 (stmt, 2, counters->update_seq);
      sqlite3_bind_text (stmt, 3, tree_text, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, has_live_branches (tree));
      if (!_relais_store_step_done (self, stmt, error))
        return FALSE;
      *rev_out = g_strdup (path[0]);
      return TRUE;
    }

  if (winner_body == NULL)
    {
      /* Another existing leaf took over (the winner was deleted under a
       * conflict): its body moves from revs to docs.body. */
      stmt = _relais_store_stmt (self, STMT_GET_REV);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, winner_node->rev, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        winner_body = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      sqlite3_reset (stmt);
      if (winner_body == NULL ||
          (parsed = relais_json_parse_object (winner_body, -1, NULL)) == NULL)
        {
          g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CORRUPT,
                       "The body of %s revision %s is missing or damaged", id, winner_node->rev);
          return FALSE;
        }

      stmt = _relais_store_stmt (self, STMT_DELETE_REV);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, winner_node->rev, -1, SQLITE_STATIC);
      if (!_relais_store_step_done (self, stmt, error))
        return FALSE;
    }
  /* The caller's object is the winner's body when it wins: nothing to
   * parse for the type column and the full-text row. */
  winner_object = incoming_wins ? doc : parsed;

  tree_text = relais_rev_tree_serialize (tree);
  counters->update_seq++;

  stmt = _relais_store_stmt (self, existed ? STMT_UPDATE_DOC : STMT_INSERT_DOC);
  if (existed)
    sqlite3_bind_int64 (stmt, 1, rowid);
  else
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, counters->update_seq);
  sqlite3_bind_text (stmt, 3, winner_node->rev, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, winner_node->deleted);
  sqlite3_bind_text (stmt, 5, tree_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, winner_body, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, relais_doc_get_doc_type (winner_object), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 8, has_live_branches (tree));
  if (!_relais_store_step_done (self, stmt, error))
    return FALSE;
  if (!existed)
    rowid = sqlite3_last_insert_rowid (self->db);

  counters->doc_count += (winner_node->deleted ? 0 : 1) - (was_live ? 1 : 0);
  counters->deleted_count += (winner_node->deleted ? 1 : 0) - (existed && !was_live ? 1 : 0);

  if (self->app_tables && (!_relais_store_update_fts (self, rowid, winner_object,
                                                      !winner_node->deleted, existed, error) ||
                           !_relais_store_update_de_list (self, rowid, id, winner_object,
                                                          !winner_node->deleted, existed, error)))
    return FALSE;

  *rev_out = g_strdup (path[0]);
  return TRUE;
}

static void
load_counters (RelaisStore *self, Counters *counters)
{
  counters->update_seq = _relais_store_meta_int (self, "update_seq", 0);
  counters->doc_count = _relais_store_meta_int (self, "doc_count", 0);
  counters->deleted_count = _relais_store_meta_int (self, "deleted_count", 0);
  counters->revs_limit =
      (guint) _relais_store_meta_int (self, "revs_limit", RELAIS_STORE_DEFAULT_REVS_LIMIT);
}

static gboolean
save_counters (RelaisStore *self, const Counters *counters, GError **error)
{
  /* The derived tables left behind: the next full open rebuilds them
   * (the meta page is rewritten by this commit anyway). */
  return _relais_store_set_meta_int (self, "update_seq", counters->update_seq, error) &&
         _relais_store_set_meta_int (self, "doc_count", counters->doc_count, error) &&
         _relais_store_set_meta_int (self, "deleted_count", counters->deleted_count, error) &&
         (self->app_tables || _relais_store_set_meta_int (self, "app_tables_stale", 1, error));
}

static GPtrArray *
bulk_write (RelaisStore *self,
            const RelaisStoreRevision *items,
            guint n,
            gboolean new_edits,
            GError **error)
{
  g_autoptr (GPtrArray) results = NULL;
  Counters counters;

  if (!_relais_store_begin (self, error))
    return NULL;
  load_counters (self, &counters);

  results = g_ptr_array_new_full (n, (GDestroyNotify) relais_put_result_free);
  for (guint i = 0; i < n; i++)
    {
      RelaisPutResult *result = g_new0 (RelaisPutResult, 1);
      g_autoptr (GError) local_error = NULL;

      result->id = g_strdup (relais_doc_get_id (items[i].doc));
      if (!write_one (self, &items[i], new_edits, &counters, &result->rev, &local_error))
        {
          if (local_error->domain != RELAIS_STORE_ERROR ||
              local_error->code == RELAIS_STORE_ERROR_IO ||
              local_error->code == RELAIS_STORE_ERROR_CORRUPT)
            {
              /* The database itself failed: nothing of the batch is kept. */
              relais_put_result_free (result);
              _relais_store_rollback (self);
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          result->error = g_steal_pointer (&local_error);
        }
      g_ptr_array_add (results, result);
      if (self->write_hook != NULL)
        self->write_hook (i, self->write_hook_data);
    }

  if (!save_counters (self, &counters, error))
    {
      _relais_store_rollback (self);
      return NULL;
    }
  if (!_relais_store_commit (self, error))
    return NULL;

  return g_steal_pointer (&results);
}

/**
 * relais_store_bulk_put:
 * @docs: (element-type JsonObject): the documents
 * @new_edits: TRUE for edits (MVCC), FALSE to store replicated revisions
 *
 * Writes every document in one transaction. A document that cannot be
 * written (a conflict, an invalid revision) gets its own error in the
 * results and does not stop the others, as `_bulk_docs` answers.
 *
 * Returns: (transfer full) (element-type RelaisPutResult): one result per
 *   document, in order; NULL when the transaction itself failed
 */
GPtrArray *
relais_store_bulk_put (RelaisStore *self, GPtrArray *docs, gboolean new_edits, GError **error)
{
  g_autofree RelaisStoreRevision *items = NULL;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (docs != NULL, NULL);

  items = g_new0 (RelaisStoreRevision, MAX (docs->len, 1));
  for (guint i = 0; i < docs->len; i++)
    items[i].doc = g_ptr_array_index (docs, i);
  return bulk_write (self, items, docs->len, new_edits, error);
}

/**
 * relais_store_put_revisions:
 * @revisions: (array length=n): replicated revisions, each with its
 *   canonical body text and revision path when the caller has them
 *
 * relais_store_bulk_put() with new_edits=FALSE for a replicator that
 * already holds what the store would compute: the body's canonical text
 * (e.g. spliced by the source, or serialised in a worker thread) is stored
 * as given, and the path replaces the document's `_revisions`. The
 * document is still read for its id, `_deleted`, type and full-text fields.
 *
 * Returns: (transfer full) (element-type RelaisPutResult): as
 *   relais_store_bulk_put()
 */
GPtrArray *
relais_store_put_revisions (RelaisStore *self,
                            const RelaisStoreRevision *revisions,
                            guint n,
                            GError **error)
{
  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (revisions != NULL || n == 0, NULL);

  for (guint i = 0; i < n; i++)
    g_return_val_if_fail (revisions[i].doc != NULL, NULL);
  return bulk_write (self, revisions, n, FALSE, error);
}

/**
 * relais_store_put:
 *
 * Returns: (transfer full): the revision written, or NULL with @error set
 */
char *
relais_store_put (RelaisStore *self, JsonObject *doc, gboolean new_edits, GError **error)
{
  g_autoptr (GPtrArray) docs = g_ptr_array_new ();
  g_autoptr (GPtrArray) results = NULL;
  RelaisPutResult *result;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  g_ptr_array_add (docs, doc);
  results = relais_store_bulk_put (self, docs, new_edits, error);
  if (results == NULL)
    return NULL;

  result = g_ptr_array_index (results, 0);
  if (result->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&result->error));
      return NULL;
    }
  return g_steal_pointer (&result->rev);
}

void
_relais_store_set_write_hook (RelaisStore *self, RelaisStoreWriteHook hook, gpointer user_data)
{
  self->write_hook = hook;
  self->write_hook_data = user_data;
}

/* Edits that stand or fall together (a conflict's resolution and the
 * closing of its losing branches): the first refused document rolls the
 * whole transaction back. Returns the new revisions, in order. */
GStrv
_relais_store_put_all (RelaisStore *self, GPtrArray *docs, GError **error)
{
  g_autoptr (GStrvBuilder) revs = g_strv_builder_new ();
  Counters counters;

  if (!_relais_store_begin (self, error))
    return NULL;
  load_counters (self, &counters);
  for (guint i = 0; i < docs->len; i++)
    {
      g_autofree char *rev = NULL;

      RelaisStoreRevision item = { g_ptr_array_index (docs, i), NULL, NULL };

      if (!write_one (self, &item, TRUE, &counters, &rev, error))
        {
          _relais_store_rollback (self);
          return NULL;
        }
      g_strv_builder_add (revs, rev);
    }
  if (!save_counters (self, &counters, error))
    {
      _relais_store_rollback (self);
      return NULL;
    }
  if (!_relais_store_commit (self, error))
    return NULL;
  return g_strv_builder_end (revs);
}

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
step_done (RelaisStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _relais_store_set_error (self, rc, error);
}

static void
append_words (GString *out, JsonObject *body, const char *member, const char *field)
{
  JsonArray *array;

  if (!json_object_has_member (body, member) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (body, member)))
    return;

  array = json_object_get_array_member (body, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text = NULL;

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        text = json_node_get_string (element);
      else if (field != NULL && JSON_NODE_HOLDS_OBJECT (element))
        {
          JsonObject *object = json_node_get_object (element);

          text = json_object_get_string_member_with_default (object, field, NULL);
          if (json_object_has_member (object, "code_rome"))
            g_string_append_printf (
                out, "%s ", json_object_get_string_member_with_default (object, "code_rome", ""));
        }
      if (text != NULL)
        g_string_append_printf (out, "%s ", text);
    }
}

/* The job seekers' full-text row follows the winner: removed when the
 * document is deleted or stops being a "de", rewritten on every change. */
static gboolean
update_fts (RelaisStore *self, gint64 rowid, JsonObject *body, gboolean live, GError **error)
{
  sqlite3_stmt *stmt = _relais_store_stmt (self, STMT_FTS_DELETE);
  g_autoptr (GString) competences = NULL;
  g_autoptr (GString) metiers = NULL;

  sqlite3_bind_int64 (stmt, 1, rowid);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (!live || g_strcmp0 (relais_doc_get_doc_type (body), "de") != 0)
    return TRUE;

  competences = g_string_new (NULL);
  metiers = g_string_new (NULL);
  append_words (competences, body, "competences", "libelle");
  append_words (metiers, body, "metiers_recherches", "libelle");

  stmt = _relais_store_stmt (self, STMT_FTS_INSERT);
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, json_object_get_string_member_with_default (body, "nom", ""), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, json_object_get_string_member_with_default (body, "prenom", ""), -1,
                     SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, json_object_get_string_member_with_default (body, "identifiant", ""),
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, competences->str, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, metiers->str, -1, SQLITE_STATIC);
  return step_done (self, stmt, error);
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

static gboolean
write_one (RelaisStore *self,
           JsonObject *doc,
           gboolean new_edits,
           Counters *counters,
           char **rev_out,
           GError **error)
{
  const char *id = relais_doc_get_id (doc);
  gboolean deleted = relais_doc_is_deleted (doc);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (RelaisRevTree) tree = NULL;
  g_autofree char *body = NULL;
  g_autofree char *tree_text = NULL;
  g_autofree char *winner_body = NULL;
  g_autofree char *old_winner = NULL;
  g_auto (GStrv) path = NULL;
  g_autoptr (GPtrArray) dropped = NULL;
  sqlite3_stmt *stmt;
  gint64 rowid = -1;
  gboolean existed, was_live = FALSE, winner_changed;
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

  body = relais_doc_body_canonical (doc);
  path = incoming_path (doc, tree, new_edits, deleted, body, error);
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

  stmt = _relais_store_stmt (self, STMT_INSERT_REV);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, path[0], -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, deleted);
  sqlite3_bind_text (stmt, 4, body, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, error))
    return FALSE;

  for (guint i = 0; i < dropped->len; i++)
    {
      stmt = _relais_store_stmt (self, STMT_DELETE_REV);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (dropped, i), -1, SQLITE_STATIC);
      if (!step_done (self, stmt, error))
        return FALSE;
    }

  winner = relais_rev_tree_winner (tree);
  winner_node = relais_rev_tree_get_node (tree, winner);
  winner_changed = g_str_equal (winner_node->rev, path[0]);
  if (winner_changed)
    winner_body = g_steal_pointer (&body);
  else
    {
      /* The incoming revision lost: the winner and its body stay, only the
       * tree and the sequence move on. */
      stmt = _relais_store_stmt (self, STMT_GET_REV);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, winner_node->rev, -1, SQLITE_STATIC);
      winner_body = g_strdup (
          sqlite3_step (stmt) == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 1) : "{}");
      sqlite3_reset (stmt);
    }

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
  if (!step_done (self, stmt, error))
    return FALSE;
  if (!existed)
    rowid = sqlite3_last_insert_rowid (self->db);

  counters->doc_count += (winner_node->deleted ? 0 : 1) - (was_live ? 1 : 0);
  counters->deleted_count += (winner_node->deleted ? 1 : 0) - (existed && !was_live ? 1 : 0);

  if (winner_changed)
    {
      /* The caller's object is the winner's body: no text to parse. */
      if (!update_fts (self, rowid, doc, !winner_node->deleted, error))
        return FALSE;
    }
  else if (g_strcmp0 (old_winner, winner_node->rev) != 0)
    {
      /* Another leaf took over (the winner was deleted under a conflict). */
      g_autoptr (JsonObject) parsed = relais_json_parse_object (winner_body, -1, NULL);

      if (parsed != NULL && !update_fts (self, rowid, parsed, !winner_node->deleted, error))
        return FALSE;
    }

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
  return _relais_store_set_meta_int (self, "update_seq", counters->update_seq, error) &&
         _relais_store_set_meta_int (self, "doc_count", counters->doc_count, error) &&
         _relais_store_set_meta_int (self, "deleted_count", counters->deleted_count, error);
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
  g_autoptr (GPtrArray) results = NULL;
  Counters counters;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (docs != NULL, NULL);

  if (!_relais_store_begin (self, error))
    return NULL;
  load_counters (self, &counters);

  results = g_ptr_array_new_full (docs->len, (GDestroyNotify) relais_put_result_free);
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      RelaisPutResult *result = g_new0 (RelaisPutResult, 1);
      g_autoptr (GError) local_error = NULL;

      result->id = g_strdup (relais_doc_get_id (doc));
      if (!write_one (self, doc, new_edits, &counters, &result->rev, &local_error))
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

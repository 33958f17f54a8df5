/* relais-store-read.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Reads: documents as JSON text spliced from the stored body, the changes
 * feed row by row, revs_diff, and the queries the views need.
 */

#define G_LOG_DOMAIN "relais-store"

#include "config.h"

#include <string.h>

#include "relais-core.h"
#include "relais-rev-tree.h"
#include "relais-store-private.h"

static RelaisRevTree *
load_tree (RelaisStore *self, const char *id, GError **error)
{
  sqlite3_stmt *stmt = _relais_store_stmt (self, STMT_GET_DOC);
  RelaisRevTree *tree = NULL;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    tree = relais_rev_tree_parse ((const char *) sqlite3_column_text (stmt, 1), error);
  else
    g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND, "missing");
  sqlite3_reset (stmt);
  return tree;
}

static char *
revisions_extra (RelaisRevTree *tree, int index)
{
  g_auto (GStrv) path = relais_rev_tree_path (tree, index);
  g_autoptr (GString) out = g_string_new (",\"_revisions\":{\"start\":");
  guint64 start = 0;

  relais_rev_parse (path[0], &start, NULL, NULL);
  g_string_append_printf (out, "%" G_GUINT64_FORMAT ",\"ids\":[", start);
  for (guint i = 0; path[i] != NULL; i++)
    {
      const char *hash = strchr (path[i], '-') + 1;

      if (i > 0)
        g_string_append_c (out, ',');
      relais_json_append_string (out, hash);
    }
  g_string_append (out, "]}");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
get_rev_json (RelaisStore *self,
              const char *id,
              RelaisRevTree *tree,
              int index,
              RelaisGetFlags flags,
              GError **error)
{
  const RelaisRevNode *node = relais_rev_tree_get_node (tree, index);
  sqlite3_stmt *stmt;
  g_autoptr (GString) extra = g_string_new (NULL);
  char *json = NULL;

  if (flags & RELAIS_GET_REVS)
    {
      g_autofree char *revisions = revisions_extra (tree, index);

      g_string_append (extra, revisions);
    }
  if (flags & RELAIS_GET_CONFLICTS)
    {
      g_auto (GStrv) conflicts = relais_rev_tree_conflicts (tree);

      if (conflicts[0] != NULL)
        {
          g_string_append (extra, ",\"_conflicts\":[");
          for (guint i = 0; conflicts[i] != NULL; i++)
            {
              if (i > 0)
                g_string_append_c (extra, ',');
              relais_json_append_string (extra, conflicts[i]);
            }
          g_string_append_c (extra, ']');
        }
    }

  /* The winner's body is in docs, the others' in revs. */
  if (index == relais_rev_tree_winner (tree))
    stmt = _relais_store_stmt (self, STMT_GET_WINNER_BODY);
  else
    stmt = _relais_store_stmt (self, STMT_GET_REV);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (stmt != self->stmts[STMT_GET_WINNER_BODY])
    sqlite3_bind_text (stmt, 2, node->rev, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    json = _relais_store_splice (id, node->rev, sqlite3_column_int (stmt, 0),
                                 (const char *) sqlite3_column_text (stmt, 1),
                                 extra->len > 0 ? extra->str : NULL);
  sqlite3_reset (stmt);

  if (json == NULL)
    g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND, "missing");
  return json;
}

/**
 * relais_store_get_json:
 * @rev: (nullable): a revision, or NULL for the winner
 *
 * Returns: (transfer full): the document as JSON text; a deleted winner
 *   gives RELAIS_STORE_ERROR_DELETED, as CouchDB's 404 "deleted"
 */
char *
relais_store_get_json (
    RelaisStore *self, const char *id, const char *rev, RelaisGetFlags flags, GError **error)
{
  g_autoptr (RelaisRevTree) tree = NULL;
  int index;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if ((tree = load_tree (self, id, error)) == NULL)
    return NULL;

  if (rev == NULL)
    {
      index = relais_rev_tree_winner (tree);
      if (relais_rev_tree_get_node (tree, index)->deleted)
        {
          g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_DELETED, "deleted");
          return NULL;
        }
    }
  else if ((index = relais_rev_tree_find (tree, rev)) < 0 ||
           !relais_rev_tree_get_node (tree, index)->available)
    {
      g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND, "missing");
      return NULL;
    }

  return get_rev_json (self, id, tree, index, flags, error);
}

/**
 * relais_store_get_rev_body:
 * @rev: a revision of @id, a leaf or an ancestor not yet compacted
 *
 * The body as stored (canonical JSON, no `_` members): what a three-way
 * merge compares, the common ancestor included.
 *
 * Returns: (transfer full): the canonical body text, or NULL with @error
 *   set (NOT_FOUND when the store does not hold that revision's body)
 */
char *
relais_store_get_rev_body (RelaisStore *self, const char *id, const char *rev, GError **error)
{
  g_autoptr (RelaisRevTree) tree = NULL;
  sqlite3_stmt *stmt;
  char *body = NULL;
  int index;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL && rev != NULL, NULL);

  if ((tree = load_tree (self, id, error)) == NULL)
    return NULL;
  if ((index = relais_rev_tree_find (tree, rev)) >= 0 &&
      relais_rev_tree_get_node (tree, index)->available)
    {
      if (index == relais_rev_tree_winner (tree))
        stmt = _relais_store_stmt (self, STMT_GET_WINNER_BODY);
      else
        {
          stmt = _relais_store_stmt (self, STMT_GET_REV);
          sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_STATIC);
        }
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        body = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      sqlite3_reset (stmt);
    }

  if (body == NULL)
    g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND,
                 "The store holds no body for %s revision %s", id, rev);
  return body;
}

JsonObject *
relais_store_get (
    RelaisStore *self, const char *id, const char *rev, RelaisGetFlags flags, GError **error)
{
  g_autofree char *json = relais_store_get_json (self, id, rev, flags, error);

  return json != NULL ? relais_json_parse_object (json, -1, error) : NULL;
}

GStrv
relais_store_get_leaves (RelaisStore *self, const char *id, GError **error)
{
  g_autoptr (RelaisRevTree) tree = NULL;
  g_autoptr (GPtrArray) leaves = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);

  if ((tree = load_tree (self, id, error)) == NULL)
    return NULL;

  leaves = relais_rev_tree_leaves (tree);
  for (guint i = 0; i < leaves->len; i++)
    g_strv_builder_add (
        builder,
        relais_rev_tree_get_node (tree, GPOINTER_TO_INT (g_ptr_array_index (leaves, i)))->rev);
  return g_strv_builder_end (builder);
}

/**
 * relais_store_get_open_revs:
 * @revs: (nullable): the revisions asked for, NULL for every leaf
 *
 * Returns: (transfer full) (element-type utf8): one JSON text per revision,
 *   `{"ok":doc}` or `{"missing":rev}`, as `open_revs` and `_bulk_get` answer
 */
GPtrArray *
relais_store_get_open_revs (RelaisStore *self,
                            const char *id,
                            const char *const *revs,
                            RelaisGetFlags flags,
                            GError **error)
{
  g_autoptr (RelaisRevTree) tree = NULL;
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) indexes = g_ptr_array_new ();
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);

  tree = load_tree (self, id, &local_error);
  if (tree == NULL &&
      !g_error_matches (local_error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (revs == NULL)
    {
      if (tree == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_ptr_array_unref (indexes);
      indexes = relais_rev_tree_leaves (tree);
      for (guint i = 0; i < indexes->len; i++)
        {
          g_autofree char *json = get_rev_json (
              self, id, tree, GPOINTER_TO_INT (g_ptr_array_index (indexes, i)), flags, NULL);

          if (json != NULL)
            g_ptr_array_add (out, g_strdup_printf ("{\"ok\":%s}", json));
        }
      return g_steal_pointer (&out);
    }

  for (guint i = 0; revs[i] != NULL; i++)
    {
      int index = tree != NULL ? relais_rev_tree_find (tree, revs[i]) : -1;
      g_autofree char *json = NULL;

      if (index >= 0 && relais_rev_tree_get_node (tree, index)->available)
        json = get_rev_json (self, id, tree, index, flags, NULL);

      if (json != NULL)
        g_ptr_array_add (out, g_strdup_printf ("{\"ok\":%s}", json));
      else
        {
          GString *missing = g_string_new ("{\"missing\":");

          relais_json_append_string (missing, revs[i]);
          g_string_append_c (missing, '}');
          g_ptr_array_add (out, g_string_free (missing, FALSE));
        }
    }

  return g_steal_pointer (&out);
}

/**
 * relais_store_changes:
 * @since: the sequence to start after (0 for all)
 * @limit: at most this many rows, 0 for no limit
 * @func: called once per changed document, in sequence order; return
 *   FALSE to stop early
 * @last_seq: (out) (optional): the sequence of the last row given
 *
 * Each document appears once, at the sequence of its latest change. Rows
 * are read one at a time: a feed of any size never sits whole in memory.
 */
gboolean
relais_store_changes (RelaisStore *self,
                      guint64 since,
                      guint limit,
                      RelaisChangesFlags flags,
                      RelaisChangeFunc func,
                      gpointer user_data,
                      guint64 *last_seq,
                      GError **error)
{
  gboolean descending = (flags & RELAIS_CHANGES_DESCENDING) != 0;
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt **cached;
  guint64 last = descending ? 0 : since;
  gboolean include_docs = (flags & RELAIS_CHANGES_INCLUDE_DOCS) != 0;
  gboolean owned = FALSE;
  int rc;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  cached = &self->changes_stmts[(include_docs ? 3 : 0) + (!descending ? 0 : since > 0 ? 1 : 2)];
  if (*cached == NULL || sqlite3_stmt_busy (*cached))
    {
      g_autoptr (GString) sql = g_string_new (NULL);

      /* The body only when asked for: it is the large column, and reading
       * it walks its overflow pages (a full feed read 21 MB it did not
       * need). LIMIT -1 is no limit. */
      g_string_append (sql, include_docs ? "SELECT seq, id, winner, deleted, tree, body FROM docs"
                                         : "SELECT seq, id, winner, deleted, tree FROM docs");
      if (descending)
        g_string_append (sql,
                         since > 0 ? " WHERE seq < ?1 ORDER BY seq DESC" : " ORDER BY seq DESC");
      else
        g_string_append (sql, " WHERE seq > ?1 ORDER BY seq");
      g_string_append (sql, " LIMIT ?2");

      /* A callback reading the same feed again (nested) gets a statement
       * of its own; the cached one is still stepping. */
      owned = *cached != NULL;
      if (sqlite3_prepare_v3 (self->db, sql->str, -1, owned ? 0 : SQLITE_PREPARE_PERSISTENT, &stmt,
                              NULL) != SQLITE_OK)
        return _relais_store_set_error (self, sqlite3_errcode (self->db), error);
      if (!owned)
        *cached = stmt;
    }
  else
    stmt = *cached;
  sqlite3_bind_int64 (stmt, 1, (sqlite3_int64) since);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (sqlite3_int64) limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RelaisChange change = { 0 };
      const char *id = (const char *) sqlite3_column_text (stmt, 1);
      const char *winner = (const char *) sqlite3_column_text (stmt, 2);
      const char *single[] = { winner, NULL };
      g_auto (GStrv) leaves = NULL;
      g_autofree char *doc_json = NULL;
      gboolean keep_going;

      change.seq = (guint64) sqlite3_column_int64 (stmt, 0);
      change.id = id;
      change.deleted = sqlite3_column_int (stmt, 3) != 0;
      change.revs = single;

      if (flags & RELAIS_CHANGES_ALL_DOCS)
        {
          g_autoptr (RelaisRevTree) tree =
              relais_rev_tree_parse ((const char *) sqlite3_column_text (stmt, 4), NULL);
          g_autoptr (GPtrArray) indexes = tree ? relais_rev_tree_leaves (tree) : NULL;
          g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

          /* The winner first, as CouchDB lists the leaves. */
          g_strv_builder_add (builder, winner);
          for (guint i = 0; indexes != NULL && i < indexes->len; i++)
            {
              const char *rev =
                  relais_rev_tree_get_node (tree, GPOINTER_TO_INT (g_ptr_array_index (indexes, i)))
                      ->rev;

              if (!g_str_equal (rev, winner))
                g_strv_builder_add (builder, rev);
            }
          leaves = g_strv_builder_end (builder);
          change.revs = (const char *const *) leaves;
        }

      if (include_docs)
        {
          doc_json = _relais_store_splice (id, winner, change.deleted,
                                           (const char *) sqlite3_column_text (stmt, 5), NULL);
          change.doc_json = doc_json;
        }

      last = change.seq;
      keep_going = func (&change, user_data);
      if (!keep_going)
        break;
    }

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _relais_store_set_error (self, rc, error);
  if (owned)
    sqlite3_finalize (stmt);
  else
    sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return FALSE;
  if (last_seq != NULL)
    *last_seq = last;
  return TRUE;
}

/**
 * relais_store_revs_diff:
 * @request: `{"id": ["rev", …], …}`
 *
 * Returns: (transfer full): `{"id": {"missing": […], "possible_ancestors": […]}}`
 *   for the documents with missing revisions only, as CouchDB answers
 */
static JsonObject *revs_diff (RelaisStore *self, JsonObject *request, GError **error);

JsonObject *
relais_store_revs_diff (RelaisStore *self, JsonObject *request, GError **error)
{
  JsonObject *answer;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);

  if (!relais_store_begin_read (self, error))
    return NULL;
  answer = revs_diff (self, request, error);
  relais_store_end_read (self);
  return answer;
}

static JsonObject *
revs_diff (RelaisStore *self, JsonObject *request, GError **error)
{
  g_autoptr (JsonObject) answer = json_object_new ();
  JsonObjectIter iter;
  const char *id;
  JsonNode *revs_node;

  json_object_iter_init (&iter, request);
  while (json_object_iter_next (&iter, &id, &revs_node))
    {
      g_autoptr (RelaisRevTree) tree = NULL;
      g_autoptr (JsonArray) missing = json_array_new ();
      g_autoptr (JsonArray) ancestors = json_array_new ();
      g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr (GError) local_error = NULL;
      JsonArray *revs;

      if (!JSON_NODE_HOLDS_ARRAY (revs_node))
        {
          g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID,
                       "Revisions of %s must be a list", id);
          return NULL;
        }

      tree = load_tree (self, id, &local_error);
      if (tree == NULL &&
          !g_error_matches (local_error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      revs = json_node_get_array (revs_node);
      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          JsonNode *element = json_array_get_element (revs, i);
          const char *rev;
          guint64 generation;

          if (json_node_get_value_type (element) != G_TYPE_STRING ||
              !relais_rev_parse ((rev = json_node_get_string (element)), &generation, NULL, NULL))
            {
              g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID,
                           "Invalid revision for %s", id);
              return NULL;
            }

          if (tree != NULL && relais_rev_tree_find (tree, rev) >= 0)
            continue;

          json_array_add_string_element (missing, rev);

          /* Leaves older than the missing revision may be its ancestors:
           * the replicator then sends only the part of the path we lack. */
          if (tree != NULL)
            {
              g_autoptr (GPtrArray) leaves = relais_rev_tree_leaves (tree);

              for (guint j = 0; j < leaves->len; j++)
                {
                  const RelaisRevNode *leaf = relais_rev_tree_get_node (
                      tree, GPOINTER_TO_INT (g_ptr_array_index (leaves, j)));
                  guint64 leaf_generation = 0;

                  relais_rev_parse (leaf->rev, &leaf_generation, NULL, NULL);
                  if (leaf_generation < generation && g_hash_table_add (seen, leaf->rev))
                    json_array_add_string_element (ancestors, leaf->rev);
                }
            }
        }

      if (json_array_get_length (missing) > 0)
        {
          JsonObject *entry = json_object_new ();

          json_object_set_array_member (entry, "missing", g_steal_pointer (&missing));
          if (json_array_get_length (ancestors) > 0)
            json_object_set_array_member (entry, "possible_ancestors",
                                          g_steal_pointer (&ancestors));
          json_object_set_object_member (answer, id, entry);
        }
    }

  return g_steal_pointer (&answer);
}

guint64
relais_store_count_type (RelaisStore *self, const char *type, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  guint64 count = 0;
  int rc;

  g_return_val_if_fail (RELAIS_IS_STORE (self), 0);

  rc = sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM docs WHERE deleted = 0 AND type = ?1",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _relais_store_set_error (self, rc, error), 0;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    count = (guint64) sqlite3_column_int64 (stmt, 0);
  else
    _relais_store_set_error (self, rc, error);
  sqlite3_finalize (stmt);
  return count;
}

/* A type or a JSON path spelled into SQL text: letters, digits, '_' and,
 * with @dots, '.' between members. */
gboolean
_relais_store_is_plain_name (const char *name, gboolean dots)
{
  if (name[0] == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_' && !(dots && *p == '.'))
      return FALSE;
  return TRUE;
}

/**
 * relais_store_find_by_field:
 * @field: a JSON path below the body, e.g. "referent" or "adresse.commune"
 *
 * Returns: (transfer full) (element-type utf8): ids of the live documents
 *   of @type whose @field equals @value, in id order
 */
GPtrArray *
relais_store_find_by_field (
    RelaisStore *self, const char *type, const char *field, const char *value, GError **error)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = NULL;
  const char *column;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (type != NULL && field != NULL && value != NULL, NULL);

  if (!_relais_store_is_plain_name (field, TRUE) || !_relais_store_is_plain_name (type, FALSE))
    {
      g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID,
                   "Invalid type or field name: %s, %s", type, field);
      return NULL;
    }

  /* Type and path are spelled in the SQL text (both checked above) so
   * that the partial expression indexes (json_extract (body, '$.de') …
   * WHERE type = 'entretien') match the query: SQLite cannot use a partial
   * index for a bound parameter. A DE's list members are read from
   * de_list, whose plain columns replace the expression indexes. */
  if ((column = _relais_store_de_list_column (self, type, field)) != NULL)
    path = g_strdup_printf ("SELECT id FROM de_list WHERE %s = ?1 ORDER BY id", column);
  else
    path = g_strdup_printf ("SELECT id FROM docs WHERE deleted = 0 AND type = '%s'"
                            " AND json_extract (body, '$.%s') = ?1 ORDER BY id",
                            type, field);
  if ((rc = sqlite3_prepare_v2 (self->db, path, -1, &stmt, NULL)) != SQLITE_OK)
    return _relais_store_set_error (self, rc, error), NULL;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return _relais_store_set_error (self, rc, error), NULL;
  return g_steal_pointer (&ids);
}

/* relais-store-query.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Reads for the server's `_all_docs`: live winners in id order (SQLite's
 * BINARY collation on UTF-8 is code point order, CouchDB's raw collation
 * for `_all_docs`), read row by row, and single-id lookups for `keys`.
 */

#define G_LOG_DOMAIN "relais-store"

#include "config.h"

#include "relais-core.h"
#include "relais-store-private.h"
#include "relais-store-query.h"

static gboolean
prepare (RelaisStore *self, const char *sql, sqlite3_stmt **stmt, GError **error)
{
  if (sqlite3_prepare_v2 (self->db, sql, -1, stmt, NULL) != SQLITE_OK)
    return _relais_store_set_error (self, sqlite3_errcode (self->db), error);
  return TRUE;
}

static gboolean
emit_row (sqlite3_stmt *stmt, gboolean include_docs, RelaisDocInfoFunc func, gpointer user_data)
{
  RelaisDocInfo info = { 0 };
  g_autofree char *doc_json = NULL;

  info.id = (const char *) sqlite3_column_text (stmt, 0);
  info.rev = (const char *) sqlite3_column_text (stmt, 1);
  info.deleted = sqlite3_column_int (stmt, 2) != 0;
  if (include_docs && !info.deleted)
    info.doc_json = doc_json = _relais_store_splice (
        info.id, info.rev, FALSE, (const char *) sqlite3_column_text (stmt, 3), NULL);
  return func (&info, user_data);
}

/**
 * relais_store_all_docs:
 *
 * Calls @func for every live document in the key range, in id order
 * (reversed when descending: start_key is then the highest id).
 */
gboolean
relais_store_all_docs (RelaisStore *self,
                       const RelaisAllDocsQuery *query,
                       RelaisDocInfoFunc func,
                       gpointer user_data,
                       GError **error)
{
  g_autoptr (GString) sql = g_string_new ("SELECT id, winner, deleted, body FROM docs"
                                          " WHERE deleted = 0");
  sqlite3_stmt *stmt = NULL;
  gboolean desc = query->descending;
  int rc;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);

  if (query->start_key != NULL)
    g_string_append (sql, desc ? " AND id <= ?1" : " AND id >= ?1");
  if (query->end_key != NULL)
    {
      if (desc)
        g_string_append (sql, query->inclusive_end ? " AND id >= ?2" : " AND id > ?2");
      else
        g_string_append (sql, query->inclusive_end ? " AND id <= ?2" : " AND id < ?2");
    }
  g_string_append (sql, desc ? " ORDER BY id DESC" : " ORDER BY id");
  g_string_append (sql, " LIMIT ?3 OFFSET ?4");

  if (!prepare (self, sql->str, &stmt, error))
    return FALSE;
  if (query->start_key != NULL)
    sqlite3_bind_text (stmt, 1, query->start_key, -1, SQLITE_TRANSIENT);
  if (query->end_key != NULL)
    sqlite3_bind_text (stmt, 2, query->end_key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, query->limit > G_MAXINT64 ? -1 : (sqlite3_int64) query->limit);
  sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) MIN (query->skip, (guint64) G_MAXINT64));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (!emit_row (stmt, query->include_docs, func, user_data))
        break;
    }

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _relais_store_set_error (self, rc, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

/* `offset` of `_all_docs`: how many live documents sort before @key. */
guint64
relais_store_count_before (RelaisStore *self, const char *key, gboolean descending, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  guint64 count = 0;

  g_return_val_if_fail (RELAIS_IS_STORE (self), 0);

  if (key == NULL)
    return 0;
  if (!prepare (self,
                descending ? "SELECT count(*) FROM docs WHERE deleted = 0 AND id > ?1"
                           : "SELECT count(*) FROM docs WHERE deleted = 0 AND id < ?1",
                &stmt, error))
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return count;
}

/**
 * relais_store_get_doc_info:
 *
 * Calls @func once with @id's winner, tombstones included (`_all_docs`
 * with `keys` lists deleted documents with `"deleted":true`).
 *
 * Returns: FALSE with RELAIS_STORE_ERROR_NOT_FOUND when @id was never written
 */
gboolean
relais_store_get_doc_info (RelaisStore *self,
                           const char *id,
                           gboolean include_doc,
                           RelaisDocInfoFunc func,
                           gpointer user_data,
                           GError **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);

  if (!prepare (self, "SELECT id, winner, deleted, body FROM docs WHERE id = ?1", &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      emit_row (stmt, include_doc, func, user_data);
    }
  sqlite3_finalize (stmt);

  if (!found)
    g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND, "missing");
  return found;
}

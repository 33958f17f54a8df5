/* relais-store-query.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Reads for the server's `_all_docs`: live winners in id order (SQLite's
 * BINARY collation on UTF-8 is code point order, CouchDB's raw collation
 * for `_all_docs`), read row by row, and single-id lookups for `keys`;
 * and the few fields of every document of a type that a list shows,
 * extracted by SQLite, for the app.
 */

#define G_LOG_DOMAIN "relais-store"

#include "config.h"

#include <string.h>

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

/* What json_extract() gives for a member: a JSON string as TEXT, an object
 * or an array as TEXT too but with the JSON subtype ('J'), which must not
 * pass for a string. */
#define JSON_SUBTYPE 74

/**
 * relais_store_select_fields:
 * @type: the documents' `type`
 * @fields: (array zero-terminated=1): members to read, as JSON paths below
 *   the body ("nom", "escalade.statut"); at most 32
 * @match_field: (nullable): only the documents whose member @match_field
 *   is the string @match_value, e.g. the DE of one portefeuille
 * @func: called once per live winner, in no particular order; return FALSE
 *   to stop
 *
 * Reads only @fields of the live documents of @type, in one statement,
 * without handing the bodies to the caller: the portfolio shows 7 of a
 * DE's 40 members, and parsing 20,000 whole bodies in the app took most of
 * its start. Each value is the member's text when it is a JSON string,
 * NULL otherwise (absent, null, a number, an object, an array), as
 * json_object_get_string_member_with_default() would read it.
 *
 * @type, @fields and @match_field are spelled into the SQL text (they are
 * checked to be plain names), so that a query on an interview's DE uses
 * the partial expression index (docs_entretien_de): SQLite cannot match a
 * partial index against a bound parameter. A DE's list members are
 * matched in de_list's indexed columns.
 *
 * Returns: FALSE with @error set on an invalid name or an SQLite failure
 */
gboolean
relais_store_select_fields (RelaisStore *self,
                            const char *type,
                            const char *const *fields,
                            const char *match_field,
                            const char *match_value,
                            RelaisFieldsFunc func,
                            gpointer user_data,
                            GError **error)
{
  g_autoptr (GString) sql = g_string_new ("SELECT id");
  const char *values[33];
  const char *column;
  sqlite3_stmt *stmt = NULL;
  guint n_fields;
  int rc;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (type != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);
  g_return_val_if_fail ((match_field == NULL) == (match_value == NULL), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  n_fields = g_strv_length ((char **) fields);
  if (n_fields > G_N_ELEMENTS (values) - 1)
    {
      g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID,
                   "At most %u fields, not %u", (guint) G_N_ELEMENTS (values) - 1, n_fields);
      return FALSE;
    }
  for (guint i = 0; i <= n_fields; i++)
    {
      const char *name = i < n_fields ? fields[i] : match_field;

      if (i == n_fields && name == NULL)
        break;
      if (!_relais_store_is_plain_name (name, TRUE) || !_relais_store_is_plain_name (type, FALSE))
        {
          g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID,
                       "Invalid type or field name: %s, %s", type, name);
          return FALSE;
        }
      if (i < n_fields)
        g_string_append_printf (sql, ", json_extract (body, '$.%s')", name);
    }
  g_string_append_printf (sql, " FROM docs WHERE deleted = 0 AND type = '%s'", type);
  if (match_field != NULL && (column = _relais_store_de_list_column (self, type, match_field)))
    g_string_append_printf (sql, " AND rowid IN (SELECT rowid FROM de_list WHERE %s = ?1)", column);
  else if (match_field != NULL)
    g_string_append_printf (sql, " AND json_extract (body, '$.%s') = ?1", match_field);

  if (!prepare (self, sql->str, &stmt, error))
    return FALSE;
  if (match_value != NULL)
    sqlite3_bind_text (stmt, 1, match_value, -1, SQLITE_STATIC);

  values[n_fields] = NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint i = 0; i < n_fields; i++)
        {
          sqlite3_value *value = sqlite3_column_value (stmt, (int) i + 1);

          values[i] = sqlite3_value_type (value) == SQLITE_TEXT &&
                              sqlite3_value_subtype (value) != JSON_SUBTYPE
                          ? (const char *) sqlite3_column_text (stmt, (int) i + 1)
                          : NULL;
        }
      if (!func ((const char *) sqlite3_column_text (stmt, 0), values, user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }
  if (rc != SQLITE_DONE)
    _relais_store_set_error (self, rc, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

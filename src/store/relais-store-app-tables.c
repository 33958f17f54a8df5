/* relais-store-app-tables.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The application's derived tables (de_fts, de_list) rebuilt from the
 * winners, for a file written with RELAIS_STORE_OPEN_NO_APP_TABLES: the
 * rows come from the same functions as an ordinary write's, so a rebuilt
 * file answers searches and lists as if it had been kept up to date.
 */

#define G_LOG_DOMAIN "relais-store"

#include "config.h"

#include "relais-core.h"
#include "relais-store-private.h"

static gboolean
rebuild (RelaisStore *self, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!_relais_store_exec (self, "DELETE FROM de_fts; DELETE FROM de_list", error))
    return FALSE;
  if ((rc = sqlite3_prepare_v2 (
           self->db, "SELECT rowid, id, body FROM docs WHERE deleted = 0 AND type = 'de'", -1,
           &stmt, NULL)) != SQLITE_OK)
    return _relais_store_set_error (self, rc, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      const char *id = (const char *) sqlite3_column_text (stmt, 1);
      g_autoptr (JsonObject) body =
          relais_json_parse_object ((const char *) sqlite3_column_text (stmt, 2), -1, NULL);

      if (body == NULL)
        {
          g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CORRUPT,
                       "%s: the body of %s is damaged", self->path, id);
          sqlite3_finalize (stmt);
          return FALSE;
        }
      /* The winner's object is its body; "type" is in it. */
      if (!_relais_store_update_fts (self, rowid, body, TRUE, FALSE, error) ||
          !_relais_store_update_de_list (self, rowid, id, body, TRUE, FALSE, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _relais_store_set_error (self, rc, error);
  return _relais_store_exec (self, "DELETE FROM meta WHERE key = 'app_tables_stale'", error);
}

gboolean
_relais_store_rebuild_app_tables (RelaisStore *self, GError **error)
{
  if (!_relais_store_begin (self, error))
    return FALSE;
  /* Another connection may have rebuilt them since the flag was read:
   * only the write lock makes it final. */
  if (_relais_store_meta_int (self, "app_tables_stale", 0) == 0)
    return _relais_store_commit (self, error);
  if (!rebuild (self, error))
    {
      _relais_store_rollback (self);
      return FALSE;
    }
  g_debug ("%s: search and list tables rebuilt", self->path);
  return _relais_store_commit (self, error);
}

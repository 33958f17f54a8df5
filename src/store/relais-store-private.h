/* relais-store-private.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <sqlite3.h>

#include "relais-store.h"

G_BEGIN_DECLS

typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_GET_META,
  STMT_SET_META,
  STMT_GET_DOC,
  STMT_INSERT_DOC,
  STMT_UPDATE_DOC,
  STMT_UPDATE_DOC_TREE,
  STMT_GET_REV,
  STMT_INSERT_REV,
  STMT_DELETE_REV,
  STMT_GET_WINNER_BODY,
  STMT_KEEP_WINNER_BODY,
  STMT_FTS_DELETE,
  STMT_FTS_GET,
  STMT_FTS_INSERT,
  STMT_FTS_SEARCH,
  STMT_DE_LIST_DELETE,
  STMT_DE_LIST_PUT,
  STMT_GET_LOCAL,
  STMT_PUT_LOCAL,
  STMT_DELETE_LOCAL,
  N_STMTS
} StoreStatement;

/* Tests only: called inside a bulk write's transaction after each document,
 * so that a test can kill the process between two documents. */
typedef void (*RelaisStoreWriteHook) (guint index, gpointer user_data);

struct _RelaisStore
{
  GObject parent_instance;

  /* Owned References */
  sqlite3 *db;
  sqlite3_stmt *stmts[N_STMTS];
  /* relais_store_changes(), by shape (with or without bodies, ascending,
   * descending from a seq, descending from the end), prepared on first
   * use: a waiting feed reads a few rows on every write, and parsing
   * the SQL again each time was half the cost of the read. */
  sqlite3_stmt *changes_stmts[6];
  char *path;

  /* State */
  int wal_pages;       /* atomic: see relais_store_defer_checkpoints() */
  gboolean app_tables; /* FALSE: opened with RELAIS_STORE_OPEN_NO_APP_TABLES */
  guint read_depth;    /* relais_store_begin_read() nesting */
  gboolean read_began; /* the outermost one issued BEGIN */

  /* Borrowed References */
  RelaisStoreWriteHook write_hook;
  gpointer write_hook_data;
};

void
_relais_store_set_write_hook (RelaisStore *self, RelaisStoreWriteHook hook, gpointer user_data);
sqlite3_stmt *_relais_store_stmt (RelaisStore *self, StoreStatement which);
gboolean _relais_store_set_error (RelaisStore *self, int rc, GError **error);
gboolean _relais_store_exec (RelaisStore *self, const char *sql, GError **error);
gint64 _relais_store_meta_int (RelaisStore *self, const char *key, gint64 fallback);
gboolean
_relais_store_set_meta_int (RelaisStore *self, const char *key, gint64 value, GError **error);
gboolean _relais_store_begin (RelaisStore *self, GError **error);
gboolean _relais_store_commit (RelaisStore *self, GError **error);
void _relais_store_rollback (RelaisStore *self);
gboolean _relais_store_step_done (RelaisStore *self, sqlite3_stmt *stmt, GError **error);
gboolean _relais_store_update_fts (RelaisStore *self,
                                   gint64 rowid,
                                   JsonObject *body,
                                   gboolean live,
                                   gboolean existed,
                                   GError **error);
gboolean _relais_store_rebuild_app_tables (RelaisStore *self, GError **error);
const char *_relais_store_de_list_column (RelaisStore *self, const char *type, const char *field);
gboolean _relais_store_update_de_list (RelaisStore *self,
                                       gint64 rowid,
                                       const char *id,
                                       JsonObject *body,
                                       gboolean live,
                                       gboolean existed,
                                       GError **error);
const char *_relais_store_string_member (JsonObject *body, const char *name);
GStrv _relais_store_put_all (RelaisStore *self, GPtrArray *docs, GError **error);
gboolean _relais_store_is_plain_name (const char *name, gboolean dots);
char *_relais_store_splice (
    const char *id, const char *rev, gboolean deleted, const char *body, const char *extra);

G_END_DECLS

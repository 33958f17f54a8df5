/* relais-store-de-list.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The portfolio's list fields: one plain row per live "de" winner, keyed
 * by the docs rowid like the full-text index and rewritten in the same
 * transaction as the document. The app's start read them with
 * json_extract() over every stored body (400–480 ms for 20,000 DE under
 * load, most of its first frame); a plain table of short columns reads in
 * a fraction of that, and holds the id so that the read never touches the
 * docs rows and their kilobyte bodies.
 */

#define G_LOG_DOMAIN "relais-store"

#include "config.h"

#include "relais-core.h"
#include "relais-store-private.h"
#include "relais-store-query.h"

/* The body members of the columns, in RelaisDeListColumn order; the
 * migration that creates and fills the table (relais-store.c) spells
 * the same names. */
const char *const relais_store_de_list_members[RELAIS_DE_LIST_N_COLUMNS + 1] = {
  [RELAIS_DE_LIST_NOM] = "nom",
  [RELAIS_DE_LIST_PRENOM] = "prenom",
  [RELAIS_DE_LIST_IDENTIFIANT] = "identifiant",
  [RELAIS_DE_LIST_MODALITE] = "modalite",
  [RELAIS_DE_LIST_DATE_INSCRIPTION] = "date_inscription",
  [RELAIS_DE_LIST_REFERENT] = "referent",
  [RELAIS_DE_LIST_PORTEFEUILLE] = "portefeuille",
  [RELAIS_DE_LIST_N_COLUMNS] = NULL,
};

/* The member's text when it is a JSON string, NULL otherwise: what
 * relais_store_select_fields() gives for it. (json-glib's
 * get_string_member_with_default() warns on an object or an array.) */
const char *
_relais_store_string_member (JsonObject *body, const char *name)
{
  JsonNode *node = json_object_get_member (body, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The de_list column that answers a lookup of the "de" documents by
 * @field, or NULL for a member it does not hold. The table is the
 * winners' string members as the writes keep them, so it cannot answer on
 * a connection that does not keep it (RELAIS_STORE_OPEN_NO_APP_TABLES) or
 * on a file such a connection wrote since (until its next ordinary open
 * rebuilds it). */
const char *
_relais_store_de_list_column (RelaisStore *self, const char *type, const char *field)
{
  if (!self->app_tables || g_strcmp0 (type, "de") != 0)
    return NULL;
  for (guint i = 0; i < RELAIS_DE_LIST_N_COLUMNS; i++)
    if (g_str_equal (field, relais_store_de_list_members[i]))
      return _relais_store_meta_int (self, "app_tables_stale", 0) == 0
                 ? relais_store_de_list_members[i]
                 : NULL;
  return NULL;
}

/* The row follows the winner: removed when the document is deleted or
 * stops being a "de" (a conflict's other leaf may win and be anything),
 * rewritten on every change of winner. */
gboolean
_relais_store_update_de_list (RelaisStore *self,
                              gint64 rowid,
                              const char *id,
                              JsonObject *body,
                              gboolean live,
                              gboolean existed,
                              GError **error)
{
  sqlite3_stmt *stmt;

  if (!live || g_strcmp0 (relais_doc_get_doc_type (body), "de") != 0)
    {
      /* A new docs row has no list row yet. */
      if (!existed)
        return TRUE;
      stmt = _relais_store_stmt (self, STMT_DE_LIST_DELETE);
      sqlite3_bind_int64 (stmt, 1, rowid);
      return _relais_store_step_done (self, stmt, error);
    }

  stmt = _relais_store_stmt (self, STMT_DE_LIST_PUT);
  sqlite3_bind_int64 (stmt, 1, rowid);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  for (guint i = 0; i < RELAIS_DE_LIST_N_COLUMNS; i++)
    {
      const char *value = _relais_store_string_member (body, relais_store_de_list_members[i]);

      if (value != NULL)
        sqlite3_bind_text (stmt, (int) i + 3, value, -1, SQLITE_STATIC);
    }
  return _relais_store_step_done (self, stmt, error);
}

/**
 * relais_store_select_de_list:
 * @func: called once per live DE with its id and its list fields in
 *   RelaisDeListColumn order (relais_store_de_list_members), each the
 *   member's text when it is a JSON string and NULL otherwise, in no
 *   particular order; return FALSE to stop
 *
 * The portfolio's rows in one plain SELECT of a table the writes keep:
 * the same values as relais_store_select_fields() on the "de" documents
 * with relais_store_de_list_members, without parsing any body.
 */
gboolean
relais_store_select_de_list (RelaisStore *self,
                             RelaisFieldsFunc func,
                             gpointer user_data,
                             GError **error)
{
  const char *values[RELAIS_DE_LIST_N_COLUMNS + 1] = { NULL };
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, nom, prenom, identifiant, modalite, date_inscription,"
                           " referent, portefeuille FROM de_list",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _relais_store_set_error (self, rc, error);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint i = 0; i < RELAIS_DE_LIST_N_COLUMNS; i++)
        values[i] = (const char *) sqlite3_column_text (stmt, (int) i + 1);
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

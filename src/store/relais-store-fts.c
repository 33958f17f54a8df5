/* relais-store-fts.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The job seekers' full-text index: one FTS5 row per live "de" winner,
 * keyed by the docs rowid, rewritten in the same transaction as the
 * document so that search never sees a state the store does not hold.
 */

#define G_LOG_DOMAIN "relais-store"

#include "config.h"

#include "relais-core.h"
#include "relais-store-private.h"
#include "relais-store-query.h"

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

static const char *
null_to_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* The row's five columns, in de_fts order. */
static void
row_texts (JsonObject *body, GString *competences, GString *metiers, const char *texts[5])
{
  append_words (competences, body, "competences", "libelle");
  append_words (metiers, body, "metiers_recherches", "libelle");
  texts[0] = null_to_empty (_relais_store_string_member (body, "nom"));
  texts[1] = null_to_empty (_relais_store_string_member (body, "prenom"));
  texts[2] = null_to_empty (_relais_store_string_member (body, "identifiant"));
  texts[3] = competences->str;
  texts[4] = metiers->str;
}

/* Whether the indexed row already holds @texts: most edits of a DE (a
 * modality, a note, an interview's outcome) leave its names, skills and
 * sought jobs alone, and rewriting the row anyway tokenised the old text
 * again and grew the index's segments (a third of the pages a pull of
 * 100 edited DE wrote). */
static gboolean
row_unchanged (RelaisStore *self, gint64 rowid, const char *texts[5])
{
  sqlite3_stmt *stmt = _relais_store_stmt (self, STMT_FTS_GET);
  gboolean same = FALSE;

  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      same = TRUE;
      for (int i = 0; same && i < 5; i++)
        same = g_strcmp0 ((const char *) sqlite3_column_text (stmt, i), texts[i]) == 0;
    }
  sqlite3_reset (stmt);
  return same;
}

/* The job seekers' full-text row follows the winner: removed when the
 * document is deleted or stops being a "de", rewritten when its text
 * changes. */
gboolean
_relais_store_update_fts (RelaisStore *self,
                          gint64 rowid,
                          JsonObject *body,
                          gboolean live,
                          gboolean existed,
                          GError **error)
{
  sqlite3_stmt *stmt;
  g_autoptr (GString) competences = NULL;
  g_autoptr (GString) metiers = NULL;
  gboolean de = live && g_strcmp0 (relais_doc_get_doc_type (body), "de") == 0;
  const char *texts[5];

  if (de)
    {
      competences = g_string_new (NULL);
      metiers = g_string_new (NULL);
      row_texts (body, competences, metiers, texts);
      if (existed && row_unchanged (self, rowid, texts))
        return TRUE;
    }

  /* A new docs row has no full-text row yet. */
  if (existed)
    {
      stmt = _relais_store_stmt (self, STMT_FTS_DELETE);
      sqlite3_bind_int64 (stmt, 1, rowid);
      if (!_relais_store_step_done (self, stmt, error))
        return FALSE;
    }

  if (!de)
    return TRUE;

  stmt = _relais_store_stmt (self, STMT_FTS_INSERT);
  sqlite3_bind_int64 (stmt, 1, rowid);
  for (int i = 0; i < 5; i++)
    sqlite3_bind_text (stmt, i + 2, texts[i], -1, SQLITE_STATIC);
  return _relais_store_step_done (self, stmt, error);
}

/* What a counsellor types becomes a conjunction of quoted prefixes: "hél
 * dup" → "hél"* AND "dup"*. Quoting neutralises FTS syntax in user text. */
static char *
fts_query_from_text (const char *text)
{
  g_autoptr (GString) query = g_string_new (NULL);
  g_auto (GStrv) words = NULL;
  g_autofree char *cleaned = g_utf8_make_valid (text, -1);

  for (char *p = cleaned; *p; p++)
    if (*p == '"' || g_ascii_isspace (*p) || *p == '-' || *p == '\'' || *p == '*' || *p == ':' ||
        *p == '(' || *p == ')' || *p == '^' || *p == '+' || *p == '.' || *p == ',')
      *p = ' ';

  words = g_strsplit (cleaned, " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (query->len > 0)
        g_string_append (query, " AND ");
      g_string_append_printf (query, "\"%s\"*", words[i]);
    }

  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}

/* Rows of @stmt for @query, added to @ids unless @seen has them. */
static gboolean
collect_ids (RelaisStore *self,
             sqlite3_stmt *stmt,
             const char *query,
             guint limit,
             GPtrArray *ids,
             GHashTable *seen,
             GError **error)
{
  int rc;

  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  while ((limit == 0 || ids->len < limit) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      if (!g_hash_table_contains (seen, id))
        {
          char *copy = g_strdup (id);

          g_ptr_array_add (ids, copy);
          g_hash_table_add (seen, copy);
        }
    }
  if (limit > 0 && ids->len >= limit)
    rc = SQLITE_DONE;
  sqlite3_reset (stmt);

  return rc == SQLITE_DONE || _relais_store_set_error (self, rc, error);
}

/**
 * relais_store_search_de:
 * @text: what the user typed; never read as FTS syntax
 * @limit: at most this many ids, 0 for no limit
 * @ids_out: (out) (transfer full) (element-type utf8): ids of the matching
 *   live job seekers
 *
 * Every word of @text must match the start of a word of the name, first
 * name, identifier, skills or sought jobs (ROME label or code), ignoring
 * case and accents. Job seekers matched on their name or identifier come
 * first, then those matched on skills or jobs.
 *
 * There is no relevance sort: a two-letter prefix of a common skill
 * matches thousands of job seekers, and ranking them all (bm25) took
 * 10–15 ms, whereas reading in index order stops after @limit rows.
 */
gboolean
relais_store_search_de (
    RelaisStore *self, const char *text, guint limit, GPtrArray **ids_out, GError **error)
{
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *query = NULL;
  g_autofree char *names_query = NULL;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (ids_out != NULL, FALSE);

  if ((query = fts_query_from_text (text)) != NULL)
    {
      names_query = g_strdup_printf ("{nom prenom identifiant} : (%s)", query);
      if (!collect_ids (self, _relais_store_stmt (self, STMT_FTS_SEARCH), names_query, limit, ids,
                        seen, error) ||
          !collect_ids (self, _relais_store_stmt (self, STMT_FTS_SEARCH), query, limit, ids, seen,
                        error))
        return FALSE;
    }

  *ids_out = g_steal_pointer (&ids);
  return TRUE;
}

#define SEARCH_TEXTS_SQL                                                                           \
  "SELECT docs.id, de_fts.nom || ' ' || de_fts.prenom || ' ' || de_fts.identifiant || ' ' ||"      \
  "  de_fts.competences || ' ' || de_fts.metiers"                                                  \
  " FROM de_fts JOIN docs ON docs.rowid = de_fts.rowid"

/**
 * relais_store_select_de_search_texts:
 * @de_id: (nullable): one DE, or every live DE when NULL
 * @func: called once per DE with its id and the text its full-text row
 *   indexes (name, first name, identifier, skills, sought jobs and their
 *   ROME codes), in no particular order; return FALSE to stop
 *
 * Lets the app search the DE it holds in memory by the index's rules
 * (relais-search-text.h) without rebuilding the skills' text from the
 * bodies: the index keeps it, written with each document.
 */
gboolean
relais_store_select_de_search_texts (RelaisStore *self,
                                     const char *de_id,
                                     RelaisSearchTextFunc func,
                                     gpointer user_data,
                                     GError **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  /* Two statements: with "?1 IS NULL OR", SQLite scans every row for one. */
  rc = sqlite3_prepare_v2 (
      self->db, de_id != NULL ? SEARCH_TEXTS_SQL " WHERE docs.id = ?1" : SEARCH_TEXTS_SQL, -1,
      &stmt, NULL);
  if (rc != SQLITE_OK)
    return _relais_store_set_error (self, rc, error);
  if (de_id != NULL)
    sqlite3_bind_text (stmt, 1, de_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!func ((const char *) sqlite3_column_text (stmt, 0),
               (const char *) sqlite3_column_text (stmt, 1), user_data))
      {
        rc = SQLITE_DONE;
        break;
      }
  if (rc != SQLITE_DONE)
    _relais_store_set_error (self, rc, error);
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

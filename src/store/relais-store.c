/* relais-store.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * One SQLite file per database. The layout follows PouchDB's former websql
 * adapter: a row per document with its revision tree and winner, a row per
 * revision body, a separate table for `_local` documents. Winners' bodies
 * sit beside the tree so that the views' expression indexes and the job
 * seekers' full-text index read them without touching the revision rows.
 */

#define G_LOG_DOMAIN "relais-store"

#include "config.h"

#include <string.h>

#include "relais-core.h"
#include "relais-store-private.h"

#define SCHEMA_VERSION 5

/* A bulk write of a whole agency touches tens of MB of pages: with
 * SQLite's 2 MB default cache, pages spill to the WAL and are read back
 * (measured: more than half of a 20,000-DE insert went to pread/pwrite).
 * The database file is read through a memory map: a new connection (each
 * replication opens its own) reads its pages without a pread and a copy
 * each; a pull of 100 changed DE into a 20,000-DE store went from 45 to 36
 * ms (median of 16 runs, busy machine), the full pull's and the server's
 * CPU down 3–10 %. */
#define CACHE_PRAGMAS                                                                              \
  "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 268435456"

G_DEFINE_FINAL_TYPE (RelaisStore, relais_store, G_TYPE_OBJECT)

GQuark
relais_store_error_quark (void)
{
  return g_quark_from_static_string ("relais-store-error-quark");
}

/* Migrations, in order: migrations[i] takes user_version i to i + 1. */
static const char *const migrations[] = {
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;"
  "INSERT INTO meta VALUES ('update_seq', 0), ('doc_count', 0), ('deleted_count', 0),"
  "                        ('revs_limit', 1000);"
  "CREATE TABLE docs (id TEXT NOT NULL UNIQUE, seq INTEGER NOT NULL, winner TEXT NOT NULL,"
  "                   deleted INTEGER NOT NULL, tree TEXT NOT NULL, body TEXT NOT NULL);"
  "CREATE INDEX docs_seq ON docs (seq);"
  "CREATE TABLE revs (doc_id TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL,"
  "                   body TEXT NOT NULL, PRIMARY KEY (doc_id, rev)) WITHOUT ROWID;"
  "CREATE TABLE local_docs (id TEXT PRIMARY KEY, rev INTEGER NOT NULL, body TEXT NOT NULL)"
  "  WITHOUT ROWID;"
  /* What the views query; partial indexes keep tombstones out. */
  "CREATE INDEX docs_type ON docs (json_extract (body, '$.type')) WHERE deleted = 0;"
  "CREATE INDEX docs_de_referent ON docs (json_extract (body, '$.referent'))"
  "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'de';"
  "CREATE INDEX docs_de_portefeuille ON docs (json_extract (body, '$.portefeuille'))"
  "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'de';"
  "CREATE INDEX docs_de_modalite ON docs (json_extract (body, '$.modalite'))"
  "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'de';"
  "CREATE INDEX docs_de_inscription ON docs (json_extract (body, '$.date_inscription'))"
  "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'de';"
  "CREATE INDEX docs_de_commune ON docs (json_extract (body, '$.adresse.commune'))"
  "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'de';"
  "CREATE INDEX docs_entretien_de ON docs (json_extract (body, '$.de'), json_extract (body, "
  "'$.date'))"
  "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'entretien';"
  "CREATE INDEX docs_entretien_statut ON docs (json_extract (body, '$.statut'))"
  "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'entretien';"
  "CREATE INDEX docs_offre_rome ON docs (json_extract (body, '$.romeCode'))"
  "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'offre';"
  "CREATE INDEX docs_offre_statut ON docs (json_extract (body, '$.statut'))"
  "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'offre';"
  "CREATE INDEX docs_offre_commune ON docs (json_extract (body, '$.lieuTravail.commune'))"
  "  WHERE deleted = 0 AND json_extract (body, '$.type') = 'offre';"
  /* Accent-insensitive words with 2- and 3-letter prefix indexes, so that
   * search-as-you-type answers from the index from the second letter on. */
  "CREATE VIRTUAL TABLE de_fts USING fts5 (nom, prenom, identifiant, competences, metiers,"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');",

  /* 1 → 2: the winner's body lives in docs.body only, revs keeps the
   * other revisions. Writing each body once halves a bulk insert's I/O,
   * and a rowid table stores 1 KB rows without WITHOUT ROWID's overflow
   * pages (revs took 65 MB for 20 MB of bodies). */
  "CREATE TABLE revs2 (doc_id TEXT NOT NULL, rev TEXT NOT NULL, deleted INTEGER NOT NULL,"
  "                    body TEXT NOT NULL);"
  "INSERT INTO revs2 SELECT revs.doc_id, revs.rev, revs.deleted, revs.body FROM revs"
  "  WHERE NOT EXISTS (SELECT 1 FROM docs WHERE docs.id = revs.doc_id"
  "                    AND docs.winner = revs.rev);"
  "DROP TABLE revs;"
  "ALTER TABLE revs2 RENAME TO revs;"
  "CREATE UNIQUE INDEX revs_doc_rev ON revs (doc_id, rev);"
  /* The winner's type as a column, written by the store from the object it
   * already holds: the views' partial indexes test it without parsing the
   * body, which took 40 % of a 20,000-DE bulk insert. */
  "ALTER TABLE docs ADD COLUMN type TEXT;"
  "UPDATE docs SET type = json_extract (body, '$.type');"
  "DROP INDEX docs_type; DROP INDEX docs_de_referent; DROP INDEX docs_de_portefeuille;"
  "DROP INDEX docs_de_modalite; DROP INDEX docs_de_inscription; DROP INDEX docs_de_commune;"
  "DROP INDEX docs_entretien_de; DROP INDEX docs_entretien_statut; DROP INDEX docs_offre_rome;"
  "DROP INDEX docs_offre_statut; DROP INDEX docs_offre_commune;"
  "CREATE INDEX docs_type ON docs (type) WHERE deleted = 0;"
  "CREATE INDEX docs_de_referent ON docs (json_extract (body, '$.referent'))"
  "  WHERE deleted = 0 AND type = 'de';"
  "CREATE INDEX docs_de_portefeuille ON docs (json_extract (body, '$.portefeuille'))"
  "  WHERE deleted = 0 AND type = 'de';"
  "CREATE INDEX docs_de_modalite ON docs (json_extract (body, '$.modalite'))"
  "  WHERE deleted = 0 AND type = 'de';"
  "CREATE INDEX docs_de_inscription ON docs (json_extract (body, '$.date_inscription'))"
  "  WHERE deleted = 0 AND type = 'de';"
  "CREATE INDEX docs_de_commune ON docs (json_extract (body, '$.adresse.commune'))"
  "  WHERE deleted = 0 AND type = 'de';"
  "CREATE INDEX docs_entretien_de ON docs (json_extract (body, '$.de'),"
  "                                       json_extract (body, '$.date'))"
  "  WHERE deleted = 0 AND type = 'entretien';"
  "CREATE INDEX docs_entretien_statut ON docs (json_extract (body, '$.statut'))"
  "  WHERE deleted = 0 AND type = 'entretien';"
  "CREATE INDEX docs_offre_rome ON docs (json_extract (body, '$.romeCode'))"
  "  WHERE deleted = 0 AND type = 'offre';"
  "CREATE INDEX docs_offre_statut ON docs (json_extract (body, '$.statut'))"
  "  WHERE deleted = 0 AND type = 'offre';"
  "CREATE INDEX docs_offre_commune ON docs (json_extract (body, '$.lieuTravail.commune'))"
  "  WHERE deleted = 0 AND type = 'offre';"
  /* Without bm25 ranking, search stops after its limit and answers in
   * under a millisecond from the plain index; the 2- and 3-letter prefix
   * indexes only tripled the cost of every write. */
  "DROP TABLE de_fts;"
  "CREATE VIRTUAL TABLE de_fts USING fts5 (nom, prenom, identifiant, competences, metiers,"
  "  tokenize = 'unicode61 remove_diacritics 2');"
  "INSERT INTO de_fts (rowid, nom, prenom, identifiant, competences, metiers)"
  "  SELECT rowid, ifnull (json_extract (body, '$.nom'), ''),"
  "         ifnull (json_extract (body, '$.prenom'), ''),"
  "         ifnull (json_extract (body, '$.identifiant'), ''),"
  "         ifnull ((SELECT group_concat (CASE WHEN c.type = 'object'"
  "                                       THEN json_extract (c.value, '$.libelle')"
  "                                       ELSE c.value END, ' ')"
  "                  FROM json_each (body, '$.competences') AS c), ''),"
  "         ifnull ((SELECT group_concat (CASE WHEN m.type = 'object'"
  "                                       THEN ifnull (json_extract (m.value, '$.code_rome'), '')"
  "                                            || ' ' || ifnull (json_extract (m.value,"
  "                                                                         '$.libelle'), '')"
  "                                       ELSE m.value END, ' ')"
  "                  FROM json_each (body, '$.metiers_recherches') AS m), '')"
  "  FROM docs WHERE deleted = 0 AND type = 'de';",

  /* 2 → 3: whether the document has more than one live leaf, written with
   * its tree, and a partial index of those: the conflict merge after each
   * pull found them by reading every tree, i.e. the whole 40 MB file for
   * 20,000 DE (50 of the 70 ms of a pull of 100 changes). */
  "ALTER TABLE docs ADD COLUMN conflicted INTEGER NOT NULL DEFAULT 0;"
  "UPDATE docs SET conflicted = 1 WHERE json_array_length (tree) > 1"
  "  AND (SELECT count (*) FROM json_each (docs.tree) AS node"
  "       WHERE json_extract (node.value, '$[2]') = 0"
  "         AND NOT EXISTS (SELECT 1 FROM json_each (docs.tree) AS child"
  "                         WHERE json_extract (child.value, '$[1]') = node.key)) > 1;"
  "CREATE INDEX docs_conflicted ON docs (id) WHERE conflicted = 1 AND deleted = 0;",

  /* 3 → 4: the portfolio's list fields of every live DE, written with the
   * winner (relais-store-de-list.c): the app's start read them with
   * json_extract() over every body. A member that is not a JSON string
   * is NULL, as relais_store_select_fields() reads it. */
  "CREATE TABLE de_list (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, nom TEXT, prenom TEXT,"
  "                      identifiant TEXT, modalite TEXT, date_inscription TEXT,"
  "                      referent TEXT, portefeuille TEXT);"
  "INSERT INTO de_list SELECT rowid, id,"
  "    CASE WHEN json_type (body, '$.nom') = 'text' THEN json_extract (body, '$.nom') END,"
  "    CASE WHEN json_type (body, '$.prenom') = 'text' THEN json_extract (body, '$.prenom') END,"
  "    CASE WHEN json_type (body, '$.identifiant') = 'text'"
  "         THEN json_extract (body, '$.identifiant') END,"
  "    CASE WHEN json_type (body, '$.modalite') = 'text'"
  "         THEN json_extract (body, '$.modalite') END,"
  "    CASE WHEN json_type (body, '$.date_inscription') = 'text'"
  "         THEN json_extract (body, '$.date_inscription') END,"
  "    CASE WHEN json_type (body, '$.referent') = 'text'"
  "         THEN json_extract (body, '$.referent') END,"
  "    CASE WHEN json_type (body, '$.portefeuille') = 'text'"
  "         THEN json_extract (body, '$.portefeuille') END"
  "  FROM docs WHERE deleted = 0 AND type = 'de';",

  /* 4 → 5: the DE's lookups by member read de_list's plain columns, which
   * the writes fill from the object they already hold. The five
   * expression indexes parsed each 1 KB body once more per index on every
   * write of a DE: 60 % of the pages a pull of 100 changed DE wrote, and a
   * third of a full pull's SQLite time. de_list itself has no index: a
   * scan of its 20,000 short rows answers a lookup in 3 ms, while an index
   * on its referent column alone made 20,000 replicated writes 450 ms
   * slower (2 ms without it, when measured apart from the other tables). */
  "DROP INDEX IF EXISTS docs_de_referent; DROP INDEX IF EXISTS docs_de_portefeuille;"
  "DROP INDEX IF EXISTS docs_de_modalite; DROP INDEX IF EXISTS docs_de_inscription;"
  "DROP INDEX IF EXISTS docs_de_commune;",
};

static const char *const statement_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_GET_META] = "SELECT value FROM meta WHERE key = ?1",
  [STMT_SET_META] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
  [STMT_GET_DOC] = "SELECT rowid, tree, winner, deleted FROM docs WHERE id = ?1",
  [STMT_INSERT_DOC] = "INSERT INTO docs (id, seq, winner, deleted, tree, body, type, conflicted)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
  [STMT_UPDATE_DOC] = "UPDATE docs SET seq = ?2, winner = ?3, deleted = ?4, tree = ?5, body = ?6,"
                      " type = ?7, conflicted = ?8 WHERE rowid = ?1",
  [STMT_UPDATE_DOC_TREE] = "UPDATE docs SET seq = ?2, tree = ?3, conflicted = ?4 WHERE rowid = ?1",
  [STMT_GET_REV] = "SELECT deleted, body FROM revs WHERE doc_id = ?1 AND rev = ?2",
  [STMT_INSERT_REV] =
      "INSERT OR REPLACE INTO revs (doc_id, rev, deleted, body) VALUES (?1, ?2, ?3, ?4)",
  [STMT_DELETE_REV] = "DELETE FROM revs WHERE doc_id = ?1 AND rev = ?2",
  [STMT_GET_WINNER_BODY] = "SELECT deleted, body FROM docs WHERE id = ?1",
  [STMT_KEEP_WINNER_BODY] = "INSERT OR REPLACE INTO revs (doc_id, rev, deleted, body)"
                            " SELECT id, winner, deleted, body FROM docs WHERE rowid = ?1",
  [STMT_FTS_DELETE] = "DELETE FROM de_fts WHERE rowid = ?1",
  [STMT_FTS_GET] = "SELECT nom, prenom, identifiant, competences, metiers FROM de_fts"
                   " WHERE rowid = ?1",
  [STMT_FTS_INSERT] = ("INSERT INTO de_fts (rowid, nom, prenom, identifiant, competences, metiers)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
  [STMT_FTS_SEARCH] = "SELECT docs.id FROM de_fts JOIN docs ON docs.rowid = de_fts.rowid"
                      " WHERE de_fts MATCH ?1",
  [STMT_DE_LIST_DELETE] = "DELETE FROM de_list WHERE rowid = ?1",
  [STMT_DE_LIST_PUT] = "INSERT OR REPLACE INTO de_list (rowid, id, nom, prenom, identifiant,"
                       " modalite, date_inscription, referent, portefeuille)"
                       " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
  [STMT_GET_LOCAL] = "SELECT rev, body FROM local_docs WHERE id = ?1",
  [STMT_PUT_LOCAL] = "INSERT OR REPLACE INTO local_docs (id, rev, body) VALUES (?1, ?2, ?3)",
  [STMT_DELETE_LOCAL] = "DELETE FROM local_docs WHERE id = ?1",
};

/* Auxiliary methods */

gboolean
_relais_store_set_error (RelaisStore *self, int rc, GError **error)
{
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = RELAIS_STORE_ERROR_CORRUPT;
      break;
    default:
      code = RELAIS_STORE_ERROR_IO;
      break;
    }

  g_set_error (error, RELAIS_STORE_ERROR, code, "%s: %s", self->path,
               self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

gboolean
_relais_store_step_done (RelaisStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _relais_store_set_error (self, rc, error);
}

gboolean
_relais_store_exec (RelaisStore *self, const char *sql, GError **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  return rc == SQLITE_OK || _relais_store_set_error (self, rc, error);
}

sqlite3_stmt *
_relais_store_stmt (RelaisStore *self, StoreStatement which)
{
  sqlite3_stmt *stmt = self->stmts[which];

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

gint64
_relais_store_meta_int (RelaisStore *self, const char *key, gint64 fallback)
{
  sqlite3_stmt *stmt = _relais_store_stmt (self, STMT_GET_META);
  gint64 value = fallback;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

gboolean
_relais_store_set_meta_int (RelaisStore *self, const char *key, gint64 value, GError **error)
{
  sqlite3_stmt *stmt = _relais_store_stmt (self, STMT_SET_META);
  int rc;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, value);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _relais_store_set_error (self, rc, error);
}

/**
 * relais_store_begin_read:
 *
 * The reads until relais_store_end_read() see one snapshot of the store
 * and take SQLite's shared lock once. Why: outside a transaction each
 * statement locked and unlocked the database and its WAL (fcntl calls,
 * a sixth of relais-server's time in a _bulk_get of 100 documents).
 * Calls nest; inside a write transaction it does nothing. The store must
 * not start a write before the matching relais_store_end_read().
 */
gboolean
relais_store_begin_read (RelaisStore *self, GError **error)
{
  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);

  if (self->read_depth++ > 0 || !sqlite3_get_autocommit (self->db))
    return TRUE;
  if (!_relais_store_exec (self, "BEGIN", error))
    {
      self->read_depth--;
      return FALSE;
    }
  self->read_began = TRUE;
  return TRUE;
}

void
relais_store_end_read (RelaisStore *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (RELAIS_IS_STORE (self));
  g_return_if_fail (self->read_depth > 0);

  if (--self->read_depth > 0 || !self->read_began)
    return;
  self->read_began = FALSE;
  if (!sqlite3_get_autocommit (self->db) && !_relais_store_exec (self, "COMMIT", &error))
    g_warning ("%s: could not end a read: %s", self->path, error->message);
}

gboolean
_relais_store_begin (RelaisStore *self, GError **error)
{
  sqlite3_stmt *stmt = _relais_store_stmt (self, STMT_BEGIN);
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || _relais_store_set_error (self, rc, error);
}

gboolean
_relais_store_commit (RelaisStore *self, GError **error)
{
  sqlite3_stmt *stmt = _relais_store_stmt (self, STMT_COMMIT);
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _relais_store_set_error (self, rc, error);
      _relais_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
_relais_store_rollback (RelaisStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    {
      sqlite3_stmt *stmt = _relais_store_stmt (self, STMT_ROLLBACK);

      sqlite3_step (stmt);
      sqlite3_reset (stmt);
    }
}

/* {"_id":…,"_rev":…[,"_deleted":true][extra], body members…}: the stored
 * body text is spliced in as it is, never parsed again. */
char *
_relais_store_splice (
    const char *id, const char *rev, gboolean deleted, const char *body, const char *extra)
{
  GString *out = g_string_sized_new (strlen (body) + strlen (id) + 64);

  g_string_append (out, "{\"_id\":");
  relais_json_append_string (out, id);
  g_string_append (out, ",\"_rev\":");
  relais_json_append_string (out, rev);
  if (deleted)
    g_string_append (out, ",\"_deleted\":true");
  if (extra != NULL)
    g_string_append (out, extra);
  if (body[0] == '{' && body[1] != '}')
    {
      g_string_append_c (out, ',');
      g_string_append (out, body + 1);
    }
  else
    g_string_append_c (out, '}');

  return g_string_free (out, FALSE);
}

/* -1 when it cannot be read. */
static gint64
user_version (RelaisStore *self)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
migrate (RelaisStore *self, GError **error)
{
  gint64 version = user_version (self);

  if (version < 0)
    return _relais_store_set_error (self, sqlite3_errcode (self->db), error);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CORRUPT,
                   "%s was written by a newer Relais (store version %" G_GINT64_FORMAT ")",
                   self->path, version);
      return FALSE;
    }

  for (gint64 v = version; v < SCHEMA_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, v + 1);

      if (!_relais_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      /* Another connection opening the same new file (a replicator's
       * reader and writer, a probe) may have migrated it since the version
       * was read: only the writer's lock makes the version final. */
      if (user_version (self) > v)
        {
          if (!_relais_store_exec (self, "COMMIT", error))
            return FALSE;
          continue;
        }
      if (!_relais_store_exec (self, migrations[v], error) ||
          !_relais_store_exec (self, bump, error))
        {
          _relais_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      if (!_relais_store_exec (self, "COMMIT", error))
        return FALSE;
    }

  return TRUE;
}

/* A new file's first connections race to switch it to WAL, which takes
 * an exclusive lock: the loser gets SQLITE_BUSY at once (no busy handler)
 * or stays in the old mode. It tries again within the busy timeout. */
static gboolean
set_wal (RelaisStore *self, GError **error)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  for (;;)
    {
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
      gboolean wal = FALSE;

      if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
      sqlite3_finalize (stmt);
      if (wal)
        return TRUE;
      if ((rc != SQLITE_ROW && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
          g_get_monotonic_time () >= deadline)
        return _relais_store_set_error (self, rc == SQLITE_ROW ? SQLITE_BUSY : rc, error);
      g_usleep (1000);
    }
}

/* Parent overrides */

static void
relais_store_finalize (GObject *object)
{
  RelaisStore *self = RELAIS_STORE (object);

  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  for (guint i = 0; i < G_N_ELEMENTS (self->changes_stmts); i++)
    g_clear_pointer (&self->changes_stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (relais_store_parent_class)->finalize (object);
}

static void
relais_store_class_init (RelaisStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relais_store_finalize;
}

static void
relais_store_init (RelaisStore *self)
{
}

/* Public API */

/**
 * relais_store_open:
 * @path: the database file, created when missing
 *
 * A store is one SQLite connection: use it from one thread at a time.
 * Several stores may open the same file (WAL lets readers run beside the
 * one writer; writers wait for each other up to the busy timeout).
 *
 * Returns: (transfer full): the store, or NULL with @error set
 */
RelaisStore *
relais_store_open (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return relais_store_open_full (path, RELAIS_STORE_OPEN_DEFAULT, error);
}

/**
 * relais_store_open_full:
 * @path: the database file, created when missing
 * @flags: what the connection maintains
 *
 * relais_store_open() with @flags (see #RelaisStoreOpenFlags).
 *
 * Returns: (transfer full): the store, or NULL with @error set
 */
RelaisStore *
relais_store_open_full (const char *path, RelaisStoreOpenFlags flags, GError **error)
{
  g_autoptr (RelaisStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RELAIS_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->app_tables = (flags & RELAIS_STORE_OPEN_NO_APP_TABLES) == 0;

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _relais_store_set_error (self, rc, error);
      return NULL;
    }

  sqlite3_busy_timeout (self->db, 10000);
  sqlite3_extended_result_codes (self->db, 0);

  /* WAL: readers never block the writer; synchronous=NORMAL keeps every
   * commit atomic and durable up to the last checkpoint after a crash. */
  if (!set_wal (self, error) || !_relais_store_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !_relais_store_exec (self, "PRAGMA foreign_keys = OFF", error) ||
      !_relais_store_exec (self, CACHE_PRAGMAS, error) || !migrate (self, error))
    return NULL;

  for (guint i = 0; i < N_STMTS; i++)
    if ((rc = sqlite3_prepare_v3 (self->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                  &self->stmts[i], NULL)) != SQLITE_OK)
      {
        g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CORRUPT,
                     "%s is not a Relais store: %s", path, sqlite3_errmsg (self->db));
        return NULL;
      }

  /* A file the server wrote (the app opening a copy of it): its search
   * and list tables are brought up to date once, here. */
  if (self->app_tables && _relais_store_meta_int (self, "app_tables_stale", 0) != 0 &&
      !_relais_store_rebuild_app_tables (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
relais_store_get_path (RelaisStore *self)
{
  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);

  return self->path;
}

guint64
relais_store_get_update_seq (RelaisStore *self)
{
  g_return_val_if_fail (RELAIS_IS_STORE (self), 0);

  return (guint64) _relais_store_meta_int (self, "update_seq", 0);
}

guint64
relais_store_get_doc_count (RelaisStore *self)
{
  g_return_val_if_fail (RELAIS_IS_STORE (self), 0);

  return (guint64) _relais_store_meta_int (self, "doc_count", 0);
}

guint64
relais_store_get_deleted_count (RelaisStore *self)
{
  g_return_val_if_fail (RELAIS_IS_STORE (self), 0);

  return (guint64) _relais_store_meta_int (self, "deleted_count", 0);
}

guint
relais_store_get_revs_limit (RelaisStore *self)
{
  g_return_val_if_fail (RELAIS_IS_STORE (self), RELAIS_STORE_DEFAULT_REVS_LIMIT);

  return (guint) _relais_store_meta_int (self, "revs_limit", RELAIS_STORE_DEFAULT_REVS_LIMIT);
}

gboolean
relais_store_set_revs_limit (RelaisStore *self, guint revs_limit, GError **error)
{
  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);

  if (revs_limit == 0)
    {
      g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID,
                           "revs_limit must be a positive integer");
      return FALSE;
    }

  return _relais_store_set_meta_int (self, "revs_limit", revs_limit, error);
}

/* _local documents: not replicated, not in the changes feed, no tree; the
 * revision is "0-N" with N counting the writes, as in CouchDB. */
char *
relais_store_put_local (RelaisStore *self, const char *id, JsonObject *doc, GError **error)
{
  sqlite3_stmt *stmt;
  const char *given = json_object_get_string_member_with_default (doc, "_rev", NULL);
  gint64 current = -1, next;
  g_autofree char *body = NULL;
  int rc;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL && doc != NULL, NULL);

  if (!_relais_store_begin (self, error))
    return NULL;

  stmt = _relais_store_stmt (self, STMT_GET_LOCAL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    current = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (current >= 0 && given != NULL)
    {
      g_autofree char *expected = g_strdup_printf ("0-%" G_GINT64_FORMAT, current);

      if (!g_str_equal (given, expected))
        goto conflict;
    }
  else if (current >= 0 && given == NULL)
    goto conflict;
  else if (current < 0 && given != NULL && !g_str_equal (given, "0-0"))
    goto conflict;

  next = current < 0 ? 1 : current + 1;
  if (json_object_get_boolean_member_with_default (doc, "_deleted", FALSE))
    {
      stmt = _relais_store_stmt (self, STMT_DELETE_LOCAL);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      next = 0;
    }
  else
    {
      body = relais_doc_body_canonical (doc);
      stmt = _relais_store_stmt (self, STMT_PUT_LOCAL);
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, next);
      sqlite3_bind_text (stmt, 3, body, -1, SQLITE_STATIC);
    }
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _relais_store_set_error (self, rc, error);
      _relais_store_rollback (self);
      return NULL;
    }

  if (!_relais_store_commit (self, error))
    return NULL;
  return g_strdup_printf ("0-%" G_GINT64_FORMAT, next);

conflict:
  _relais_store_rollback (self);
  g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT,
                       "Document update conflict.");
  return NULL;
}

char *
relais_store_get_local_json (RelaisStore *self, const char *id, GError **error)
{
  sqlite3_stmt *stmt;
  char *json = NULL;

  g_return_val_if_fail (RELAIS_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = _relais_store_stmt (self, STMT_GET_LOCAL);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *rev =
          g_strdup_printf ("0-%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0));

      json =
          _relais_store_splice (id, rev, FALSE, (const char *) sqlite3_column_text (stmt, 1), NULL);
    }
  sqlite3_reset (stmt);

  if (json == NULL)
    g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND, "missing");
  return json;
}

gboolean
relais_store_delete_local (RelaisStore *self, const char *id, const char *rev, GError **error)
{
  g_autoptr (JsonObject) tombstone = json_object_new ();
  g_autofree char *result = NULL;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);

  {
    g_autofree char *existing = relais_store_get_local_json (self, id, error);

    if (existing == NULL)
      return FALSE;
  }

  if (rev != NULL)
    json_object_set_string_member (tombstone, "_rev", rev);
  json_object_set_boolean_member (tombstone, "_deleted", TRUE);
  result = relais_store_put_local (self, id, tombstone, error);
  return result != NULL;
}

static int
wal_hook_cb (void *user_data, sqlite3 *db, const char *name, int n_pages)
{
  RelaisStore *self = user_data;

  g_atomic_int_set (&self->wal_pages, n_pages);
  return SQLITE_OK;
}

/**
 * relais_store_defer_checkpoints:
 *
 * Commits on this connection no longer copy the write-ahead log back into
 * the database (SQLite does it every 1,000 pages by default, in the
 * committing thread). A replicator writing a whole agency in batches of
 * 500 spent a third of its store time in those checkpoints (1.0 s → 0.7 s
 * for 20,000 DE without them), re-copying the same index pages after
 * every batch: it checkpoints from another connection and thread instead,
 * with relais_store_checkpoint(), when relais_store_get_wal_pages() has
 * grown enough. Another connection's commits still checkpoint as usual.
 */
void
relais_store_defer_checkpoints (RelaisStore *self)
{
  g_return_if_fail (RELAIS_IS_STORE (self));

  /* The hook replaces SQLite's auto-checkpoint, which is a WAL hook too. */
  sqlite3_wal_hook (self->db, wal_hook_cb, self);
}

/* Pages in the write-ahead log after this connection's last commit, once
 * relais_store_defer_checkpoints() was called (0 before); any thread. */
guint
relais_store_get_wal_pages (RelaisStore *self)
{
  g_return_val_if_fail (RELAIS_IS_STORE (self), 0);

  return (guint) g_atomic_int_get (&self->wal_pages);
}

/**
 * relais_store_checkpoint:
 *
 * Copies the write-ahead log into the database as far as no reader needs
 * it (a passive checkpoint: writers on other connections go on meanwhile);
 * the next write starts the log over when it was copied whole.
 */
gboolean
relais_store_checkpoint (RelaisStore *self, GError **error)
{
  int rc;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);

  rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  /* BUSY: another connection is checkpointing; it does the same work. */
  return rc == SQLITE_OK || rc == SQLITE_BUSY || _relais_store_set_error (self, rc, error);
}

/**
 * relais_store_compact:
 *
 * Drops the bodies of revisions that are no longer leaves (CouchDB's
 * compaction), then lets SQLite reuse the space. A three-way merge needs
 * the common ancestor's body, so compact only after conflicts are resolved.
 */
gboolean
relais_store_compact (RelaisStore *self, GError **error)
{
  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);

  if (!_relais_store_begin (self, error))
    return FALSE;

  if (!_relais_store_exec (
          self,
          "DELETE FROM revs WHERE NOT EXISTS ("
          "  SELECT 1 FROM docs, json_each (docs.tree) AS node"
          "  WHERE docs.id = revs.doc_id"
          "    AND json_extract (node.value, '$[0]') = revs.rev"
          "    AND NOT EXISTS (SELECT 1 FROM json_each (docs.tree) AS child"
          "                    WHERE json_extract (child.value, '$[1]') = node.key))",
          error))
    {
      _relais_store_rollback (self);
      return FALSE;
    }

  /* Nodes whose body went away are no longer "available". */
  if (!_relais_store_exec (
          self,
          "UPDATE docs SET tree = (SELECT json_group_array (json_array ("
          "    json_extract (node.value, '$[0]'), json_extract (node.value, '$[1]'),"
          "    json_extract (node.value, '$[2]'),"
          "    docs.winner = json_extract (node.value, '$[0]')"
          "    OR EXISTS (SELECT 1 FROM revs WHERE revs.doc_id = docs.id"
          "               AND revs.rev = json_extract (node.value, '$[0]'))))"
          "  FROM json_each (docs.tree) AS node)",
          error))
    {
      _relais_store_rollback (self);
      return FALSE;
    }

  if (!_relais_store_commit (self, error))
    return FALSE;

  return _relais_store_exec (self, "PRAGMA wal_checkpoint(TRUNCATE); VACUUM", error);
}

/**
 * relais_store_set_cache_size:
 * @kib: the most memory the connection's page cache may hold
 *
 * The store opens with a 64 MB page cache for bulk writes. A connection
 * that only reads a table once (the app's list load) gains nothing from
 * it: the pages it reads stay cached, and in the process's memory, until
 * the connection closes. This lowers it and frees what is over.
 */
gboolean
relais_store_set_cache_size (RelaisStore *self, guint kib, GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);
  g_return_val_if_fail (kib > 0, FALSE);

  sql = g_strdup_printf ("PRAGMA cache_size = -%u", kib);
  if (!_relais_store_exec (self, sql, error))
    return FALSE;
  sqlite3_db_release_memory (self->db);
  return TRUE;
}

/**
 * relais_store_set_mmap_size:
 * @bytes: the most of the file the connection reads through a memory
 *   map; 0 to read it with pread() only
 *
 * The store opens with a 256 MB map, which spares the replicator's fresh
 * connections a copy of every page. The pages a long-lived connection
 * touches through the map stay in the process's resident memory until it
 * closes: the app's own connection, open for the whole session, kept
 * 20 MB of a 20,000-DE store there (RSS 141 → 161 MB) for no gain.
 */
gboolean
relais_store_set_mmap_size (RelaisStore *self, guint64 bytes, GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (RELAIS_IS_STORE (self), FALSE);

  sql = g_strdup_printf ("PRAGMA mmap_size = %" G_GUINT64_FORMAT, bytes);
  return _relais_store_exec (self, sql, error);
}

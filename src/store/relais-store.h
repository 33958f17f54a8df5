/* relais-store.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

#include "relais-store-error.h"

G_BEGIN_DECLS

#define RELAIS_STORE_DEFAULT_REVS_LIMIT 1000

typedef enum
{
  RELAIS_GET_NONE = 0,
  RELAIS_GET_REVS = 1 << 0,      /* add _revisions */
  RELAIS_GET_CONFLICTS = 1 << 1, /* add _conflicts */
} RelaisGetFlags;

typedef enum
{
  RELAIS_CHANGES_NONE = 0,
  RELAIS_CHANGES_ALL_DOCS = 1 << 0,     /* every leaf, not only the winner */
  RELAIS_CHANGES_INCLUDE_DOCS = 1 << 1, /* the winner's JSON text */
  RELAIS_CHANGES_DESCENDING = 1 << 2,
} RelaisChangesFlags;

typedef struct
{
  char *id;
  char *rev;     /* on success */
  GError *error; /* on failure: conflict, invalid… */
} RelaisPutResult;

typedef struct
{
  guint64 seq;
  const char *id;
  const char *const *revs; /* the winner, or every leaf with ALL_DOCS */
  gboolean deleted;
  const char *doc_json; /* with INCLUDE_DOCS, else NULL */
} RelaisChange;

/* A replicated revision for relais_store_put_revisions(). */
typedef struct
{
  JsonObject *doc;         /* _id, _deleted and the body's members */
  const char *body;        /* (nullable) the body's canonical JSON text */
  const char *const *revs; /* (nullable) the revision path, newest first */
} RelaisStoreRevision;

typedef gboolean (*RelaisChangeFunc) (const RelaisChange *change, gpointer user_data);

#define RELAIS_TYPE_STORE (relais_store_get_type ())
G_DECLARE_FINAL_TYPE (RelaisStore, relais_store, RELAIS, STORE, GObject)

/**
 * RelaisStoreOpenFlags:
 * @RELAIS_STORE_OPEN_DEFAULT: the store maintains every table
 * @RELAIS_STORE_OPEN_NO_APP_TABLES: writes leave out the application's
 *   derived tables, the job seekers' full-text index (de_fts,
 *   relais_store_search_de()) and the portfolio list (de_list,
 *   relais_store_select_de_list()), which then lag behind. For a process
 *   that never searches nor lists, relais-server: they were a third of its
 *   store writes. The file remembers it; the next open without the flag
 *   rebuilds both tables before it returns.
 */
typedef enum
{
  RELAIS_STORE_OPEN_DEFAULT = 0,
  RELAIS_STORE_OPEN_NO_APP_TABLES = 1 << 0,
} RelaisStoreOpenFlags;

RelaisStore *relais_store_open (const char *path, GError **error);
RelaisStore *relais_store_open_full (const char *path, RelaisStoreOpenFlags flags, GError **error);
const char *relais_store_get_path (RelaisStore *self);
guint64 relais_store_get_update_seq (RelaisStore *self);
guint64 relais_store_get_doc_count (RelaisStore *self);
guint64 relais_store_get_deleted_count (RelaisStore *self);
guint relais_store_get_revs_limit (RelaisStore *self);
gboolean relais_store_set_revs_limit (RelaisStore *self, guint revs_limit, GError **error);

char *relais_store_put (RelaisStore *self, JsonObject *doc, gboolean new_edits, GError **error);
GPtrArray *
relais_store_bulk_put (RelaisStore *self, GPtrArray *docs, gboolean new_edits, GError **error);
GPtrArray *relais_store_put_revisions (RelaisStore *self,
                                       const RelaisStoreRevision *revisions,
                                       guint n,
                                       GError **error);
void relais_put_result_free (RelaisPutResult *result);

char *relais_store_get_json (
    RelaisStore *self, const char *id, const char *rev, RelaisGetFlags flags, GError **error);
JsonObject *relais_store_get (
    RelaisStore *self, const char *id, const char *rev, RelaisGetFlags flags, GError **error);
char *
relais_store_get_rev_body (RelaisStore *self, const char *id, const char *rev, GError **error);
GStrv relais_store_get_leaves (RelaisStore *self, const char *id, GError **error);
GPtrArray *relais_store_get_open_revs (RelaisStore *self,
                                       const char *id,
                                       const char *const *revs,
                                       RelaisGetFlags flags,
                                       GError **error);

gboolean relais_store_changes (RelaisStore *self,
                               guint64 since,
                               guint limit,
                               RelaisChangesFlags flags,
                               RelaisChangeFunc func,
                               gpointer user_data,
                               guint64 *last_seq,
                               GError **error);
JsonObject *relais_store_revs_diff (RelaisStore *self, JsonObject *request, GError **error);

char *relais_store_put_local (RelaisStore *self, const char *id, JsonObject *doc, GError **error);
char *relais_store_get_local_json (RelaisStore *self, const char *id, GError **error);
gboolean
relais_store_delete_local (RelaisStore *self, const char *id, const char *rev, GError **error);

gboolean relais_store_search_de (
    RelaisStore *self, const char *text, guint limit, GPtrArray **ids_out, GError **error);
guint64 relais_store_count_type (RelaisStore *self, const char *type, GError **error);
GPtrArray *relais_store_find_by_field (
    RelaisStore *self, const char *type, const char *field, const char *value, GError **error);
gboolean relais_store_set_cache_size (RelaisStore *self, guint kib, GError **error);
gboolean relais_store_begin_read (RelaisStore *self, GError **error);
void relais_store_end_read (RelaisStore *self);
gboolean relais_store_set_mmap_size (RelaisStore *self, guint64 bytes, GError **error);
gboolean relais_store_compact (RelaisStore *self, GError **error);
void relais_store_defer_checkpoints (RelaisStore *self);
guint relais_store_get_wal_pages (RelaisStore *self);
gboolean relais_store_checkpoint (RelaisStore *self, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisPutResult, relais_put_result_free)

G_END_DECLS

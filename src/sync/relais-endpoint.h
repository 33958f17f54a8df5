/* relais-endpoint.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * One side of a replication: a local store file or a remote database that
 * speaks the CouchDB protocol. Every operation is asynchronous and ends on
 * the caller's main context; relais_endpoint_finish() gives its result.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "relais-sync-error.h"

G_BEGIN_DECLS

/* A document revision on its way from source to target: JSON text when the
 * source had it as text (a store, spliced as stored), a parsed object when
 * it came from a parsed answer. Each target uses what it needs. */
typedef struct
{
  char *json;
  JsonObject *object;
  /* Known ahead, so that no stage parses or serialises the document again:
   * id and rev (a store source), the canonical body and the revision path
   * (computed in the worker that parsed the answer). Each may be NULL. */
  char *id;
  char *rev;
  char *body;
  GStrv revs;
} RelaisSyncDoc;

typedef struct
{
  char *id;
  char *rev;
  char *error; /* "forbidden", "invalid", … as _bulk_docs says */
  char *reason;
} RelaisSyncDocError;

typedef struct
{
  char *id;
  GStrv revs; /* every leaf (style=all_docs) */
  gboolean deleted;
} RelaisChangeRow;

typedef struct
{
  GPtrArray *rows; /* (element-type RelaisChangeRow) */
  char *last_seq;  /* opaque: the `since` of the next read */
} RelaisChangesBatch;

typedef struct
{
  char *peer_id;    /* stable identity, part of the replication id */
  char *update_seq; /* opaque */
} RelaisEndpointInfo;

/* Where the time goes, in microseconds, summed over the operations. */
typedef struct
{
  gint64 network_us; /* from sending a request to its last byte */
  gint64 parse_us;   /* JSON parsing of answers */
  gint64 read_us;    /* store reads */
  gint64 write_us;   /* store writes (transactions included) */
  guint requests;
} RelaisSyncTimings;

#define RELAIS_TYPE_ENDPOINT (relais_endpoint_get_type ())
G_DECLARE_INTERFACE (RelaisEndpoint, relais_endpoint, RELAIS, ENDPOINT, GObject)

struct _RelaisEndpointInterface
{
  GTypeInterface g_iface;

  char *(*describe) (RelaisEndpoint *self);
  void (*get_timings) (RelaisEndpoint *self, RelaisSyncTimings *timings);
  void (*info_async) (RelaisEndpoint *self, GCancellable *c, GAsyncReadyCallback cb, gpointer data);
  void (*get_local_async) (
      RelaisEndpoint *self, const char *id, GCancellable *c, GAsyncReadyCallback cb, gpointer data);
  void (*put_local_async) (RelaisEndpoint *self,
                           const char *id,
                           JsonObject *doc,
                           GCancellable *c,
                           GAsyncReadyCallback cb,
                           gpointer data);
  void (*changes_async) (RelaisEndpoint *self,
                         const char *since,
                         guint limit,
                         guint wait_ms,
                         GCancellable *c,
                         GAsyncReadyCallback cb,
                         gpointer data);
  void (*revs_diff_async) (RelaisEndpoint *self,
                           JsonObject *request,
                           GCancellable *c,
                           GAsyncReadyCallback cb,
                           gpointer data);
  void (*fetch_async) (RelaisEndpoint *self,
                       JsonObject *missing,
                       GCancellable *c,
                       GAsyncReadyCallback cb,
                       gpointer data);
  void (*write_async) (RelaisEndpoint *self,
                       GPtrArray *docs,
                       GCancellable *c,
                       GAsyncReadyCallback cb,
                       gpointer data);
};

RelaisEndpoint *relais_endpoint_new_for_location (const char *location, GError **error);
char *relais_endpoint_describe (RelaisEndpoint *self);
void relais_endpoint_get_timings (RelaisEndpoint *self, RelaisSyncTimings *timings);

/* Results: RelaisEndpointInfo */
void relais_endpoint_info_async (RelaisEndpoint *self,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data);
/* JsonObject, or NULL without error when the document does not exist */
void relais_endpoint_get_local_async (RelaisEndpoint *self,
                                      const char *id,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
/* char *: the new _rev */
void relais_endpoint_put_local_async (RelaisEndpoint *self,
                                      const char *id,
                                      JsonObject *doc,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
/* RelaisChangesBatch; @wait_ms > 0 waits that long for a first change
 * (a longpoll) when there is none yet */
void relais_endpoint_changes_async (RelaisEndpoint *self,
                                    const char *since,
                                    guint limit,
                                    guint wait_ms,
                                    GCancellable *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer user_data);
/* JsonObject: {id: {"missing": [...]}} for what the endpoint lacks */
void relais_endpoint_revs_diff_async (RelaisEndpoint *self,
                                      JsonObject *request,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
/* GPtrArray of RelaisSyncDoc, each with _revisions; @missing is a
 * revs_diff answer */
void relais_endpoint_fetch_async (RelaisEndpoint *self,
                                  JsonObject *missing,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
/* GPtrArray of RelaisSyncDocError: the documents refused (new_edits=false).
 * Once written, the target may free the contents of @docs (the array and
 * its RelaisSyncDoc stay, emptied): the caller only counts them. */
void relais_endpoint_write_async (RelaisEndpoint *self,
                                  GPtrArray *docs,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
gpointer relais_endpoint_finish (RelaisEndpoint *self, GAsyncResult *result, GError **error);

RelaisSyncDoc *relais_sync_doc_new (char *json, JsonObject *object);
void relais_sync_doc_free (RelaisSyncDoc *doc);
RelaisSyncDocError *
relais_sync_doc_error_new (const char *id, const char *rev, const char *error, const char *reason);
RelaisSyncDocError *relais_sync_doc_error_copy (const RelaisSyncDocError *error);
void relais_sync_doc_error_free (RelaisSyncDocError *error);
void relais_change_row_free (RelaisChangeRow *row);
void relais_changes_batch_free (RelaisChangesBatch *batch);
void relais_endpoint_info_free (RelaisEndpointInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisSyncDoc, relais_sync_doc_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisSyncDocError, relais_sync_doc_error_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisChangesBatch, relais_changes_batch_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisEndpointInfo, relais_endpoint_info_free)

G_END_DECLS

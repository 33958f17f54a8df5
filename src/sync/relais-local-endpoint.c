/* relais-local-endpoint.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A store file as a replication peer. The endpoint opens its own
 * connections to the file (WAL lets the application keep its own beside
 * them) and uses them from worker threads only: one for writes and one for
 * reads, each under its own mutex, so that a large write transaction never
 * blocks the main loop, and the next batch's _revs_diff (a read) runs while
 * the previous batch is written instead of waiting for it.
 */

#define G_LOG_DOMAIN "relais-sync"

#include "config.h"

#include <string.h>

#include "relais-core.h"
#include "relais-local-endpoint.h"
#include "relais-store.h"
#include "relais-sync-trace.h"

#define DEFAULT_POLL_INTERVAL_MS 200

/* The write connection leaves checkpoints to a thread of their own once
 * its log holds this many pages (16 MB): a pull of 20,000 DE writes about
 * 60 MB of log, checkpointed a few times instead of after every batch. */
#define CHECKPOINT_PAGES 4096

struct _RelaisLocalEndpoint
{
  GObject parent_instance;

  /* Owned References */
  char *path;
  RelaisStore *store;            /* writes; opened on first use, in a worker */
  RelaisStore *read_store;       /* reads */
  RelaisStore *checkpoint_store; /* checkpoints, in their own thread */
  int checkpointing;             /* atomic: that thread runs */
  GMutex lock;                   /* guards store */
  GMutex read_lock;              /* guards read_store */
  GMutex timings_lock;
  RelaisSyncTimings timings;

  guint poll_interval_ms;
  JsonObject *selector; /* a filtered source, else NULL (set before running) */
};

static void relais_local_endpoint_iface_init (RelaisEndpointInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RelaisLocalEndpoint,
                               relais_local_endpoint,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RELAIS_TYPE_ENDPOINT,
                                                      relais_local_endpoint_iface_init))

typedef enum
{
  OP_INFO,
  OP_GET_LOCAL,
  OP_PUT_LOCAL,
  OP_CHANGES,
  OP_REVS_DIFF,
  OP_FETCH,
  OP_WRITE,
} Op;

typedef struct
{
  Op op;
  char *id;
  JsonObject *object; /* put_local doc, revs_diff request, fetch missing */
  GPtrArray *docs;    /* write */
  guint64 since;
  guint limit;
  gint64 deadline;      /* changes: monotonic time to wait until, 0 not to wait */
  JsonObject *selector; /* changes: only the matching documents */
  gint64 queued;        /* monotonic, for RELAIS_SYNC_TRACE */
} OpData;

static void
op_data_free (OpData *data)
{
  g_free (data->id);
  g_clear_pointer (&data->object, json_object_unref);
  g_clear_pointer (&data->docs, g_ptr_array_unref);
  g_clear_pointer (&data->selector, json_object_unref);
  g_free (data);
}

/* Auxiliary methods (worker thread, lock held) */

static RelaisStore *
ensure_store (RelaisLocalEndpoint *self, RelaisStore **store, GError **error)
{
  gint64 start = g_get_monotonic_time ();

  if (*store != NULL)
    return *store;
  if ((*store = relais_store_open (self->path, error)) != NULL && store == &self->store)
    relais_store_defer_checkpoints (*store);
  RELAIS_SYNC_TRACE ("local store opened in %.2f ms", (g_get_monotonic_time () - start) / 1e3);
  return *store;
}

static gpointer
checkpoint_thread (gpointer user_data)
{
  g_autoptr (RelaisLocalEndpoint) self = user_data;
  g_autoptr (GError) error = NULL;

  /* A failed checkpoint loses nothing: the log stays, the next one retries. */
  if (ensure_store (self, &self->checkpoint_store, &error) == NULL ||
      !relais_store_checkpoint (self->checkpoint_store, &error))
    g_warning ("%s: checkpoint: %s", self->path, error->message);
  g_atomic_int_set (&self->checkpointing, 0);
  return NULL;
}

/* Called after a write, lock held: the log is copied back beside the
 * next writes rather than in the middle of them. */
static void
maybe_checkpoint (RelaisLocalEndpoint *self)
{
  if (self->store == NULL || relais_store_get_wal_pages (self->store) < CHECKPOINT_PAGES ||
      !g_atomic_int_compare_and_exchange (&self->checkpointing, 0, 1))
    return;
  g_thread_unref (g_thread_new ("relais-checkpoint", checkpoint_thread, g_object_ref (self)));
}

static void
add_timing (RelaisLocalEndpoint *self, gint64 parse_us, gint64 read_us, gint64 write_us)
{
  g_autoptr (GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&self->timings_lock);

  self->timings.parse_us += parse_us;
  self->timings.read_us += read_us;
  self->timings.write_us += write_us;
}

typedef struct
{
  GPtrArray *rows;
  JsonObject *selector;
  guint n_scanned;
} Collect;

static gboolean
collect_change_cb (const RelaisChange *change, gpointer user_data)
{
  Collect *collect = user_data;
  GPtrArray *rows = collect->rows;
  RelaisChangeRow *row;

  collect->n_scanned++;
  if (collect->selector != NULL)
    {
      /* The same rule as the server's _selector filter. */
      g_autoptr (JsonObject) doc = relais_json_parse_object (change->doc_json, -1, NULL);

      if (doc == NULL || !relais_selector_matches (collect->selector, doc))
        return TRUE;
    }
  row = g_new0 (RelaisChangeRow, 1);

  row->id = g_strdup (change->id);
  row->revs = g_strdupv ((GStrv) change->revs);
  row->deleted = change->deleted;
  g_ptr_array_add (rows, row);
  return TRUE;
}

static gpointer
run_changes (RelaisStore *store, OpData *data, GError **error)
{
  g_autoptr (RelaisChangesBatch) batch = g_new0 (RelaisChangesBatch, 1);
  guint64 last = data->since;

  Collect collect = { NULL, data->selector, 0 };

  batch->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) relais_change_row_free);
  collect.rows = batch->rows;
  /* Filtered: read on until something matches or the feed ends, since
   * an empty batch tells the replicator it has caught up. */
  do
    {
      collect.n_scanned = 0;
      if (!relais_store_changes (store, last, data->limit,
                                 RELAIS_CHANGES_ALL_DOCS |
                                     (data->selector != NULL ? RELAIS_CHANGES_INCLUDE_DOCS : 0),
                                 collect_change_cb, &collect, &last, error))
        return NULL;
    }
  while (data->selector != NULL && batch->rows->len == 0 && data->limit > 0 &&
         collect.n_scanned == data->limit);
  batch->last_seq = g_strdup_printf ("%" G_GUINT64_FORMAT, last);
  return g_steal_pointer (&batch);
}

static gpointer fetch (RelaisStore *store, OpData *data, GError **error);

/* One snapshot for the whole batch (relais_store_begin_read()). */
static gpointer
run_fetch (RelaisStore *store, OpData *data, GError **error)
{
  gpointer docs;

  if (!relais_store_begin_read (store, error))
    return NULL;
  docs = fetch (store, data, error);
  relais_store_end_read (store);
  return docs;
}

/* The store gives `{"ok":doc}` items: the doc's text is kept as it is,
 * ready to be spliced into a _bulk_docs body. */
static gpointer
fetch (RelaisStore *store, OpData *data, GError **error)
{
  g_autoptr (GPtrArray) docs =
      g_ptr_array_new_with_free_func ((GDestroyNotify) relais_sync_doc_free);
  JsonObjectIter iter;
  const char *id;
  JsonNode *entry;

  json_object_iter_init (&iter, data->object);
  while (json_object_iter_next (&iter, &id, &entry))
    {
      JsonArray *missing =
          JSON_NODE_HOLDS_OBJECT (entry)
              ? json_object_get_array_member (json_node_get_object (entry), "missing")
              : NULL;
      g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
      g_auto (GStrv) revs = NULL;
      g_autoptr (GPtrArray) items = NULL;

      for (guint i = 0; missing != NULL && i < json_array_get_length (missing); i++)
        g_strv_builder_add (builder, json_array_get_string_element (missing, i));
      revs = g_strv_builder_end (builder);
      if (revs[0] == NULL)
        continue;

      if ((items = relais_store_get_open_revs (store, id, (const char *const *) revs,
                                               RELAIS_GET_REVS, error)) == NULL)
        return NULL;
      for (guint i = 0; i < items->len; i++)
        {
          const char *text = g_ptr_array_index (items, i);
          gsize len = strlen (text);
          RelaisSyncDoc *doc;

          /* A revision gone since the changes feed (compacted) is skipped:
           * the next feed brings its successor. */
          if (!g_str_has_prefix (text, "{\"ok\":") || len < 7)
            continue;
          doc = relais_sync_doc_new (g_strndup (text + 6, len - 7), NULL);
          /* The store answers the revisions asked, in their order. */
          if (i < g_strv_length (revs))
            {
              doc->id = g_strdup (id);
              doc->rev = g_strdup (revs[i]);
            }
          g_ptr_array_add (docs, doc);
        }
    }
  return g_steal_pointer (&docs);
}

static gpointer
run_write (
    RelaisLocalEndpoint *self, RelaisStore *store, OpData *data, GPtrArray *garbage, GError **error)
{
  g_autoptr (GPtrArray) objects =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) errors =
      g_ptr_array_new_with_free_func ((GDestroyNotify) relais_sync_doc_error_free);
  g_autoptr (GPtrArray) results = NULL;
  g_autofree RelaisStoreRevision *items = g_new0 (RelaisStoreRevision, data->docs->len + 1);
  guint n = 0;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < data->docs->len; i++)
    {
      RelaisSyncDoc *doc = g_ptr_array_index (data->docs, i);
      g_autoptr (GError) local_error = NULL;
      JsonObject *object = doc->object != NULL
                               ? json_object_ref (doc->object)
                               : relais_json_parse_object (doc->json, -1, &local_error);

      if (object == NULL)
        {
          g_ptr_array_add (
              errors, relais_sync_doc_error_new (NULL, NULL, "bad_request", local_error->message));
          continue;
        }
      if (doc->object == NULL)
        doc->object = json_object_ref (object);
      g_ptr_array_add (objects, object);
      /* Body text and path from the parsing worker, when it made them. */
      items[n].doc = object;
      items[n].body = doc->body;
      items[n].revs = (const char *const *) doc->revs;
      n++;
    }
  add_timing (self, g_get_monotonic_time () - start, 0, 0);

  start = g_get_monotonic_time ();
  {
    guint wal_before = relais_store_get_wal_pages (store);

    results = relais_store_put_revisions (store, items, n, error);
    add_timing (self, 0, 0, g_get_monotonic_time () - start);
    RELAIS_SYNC_TRACE ("local put_revisions of %u: %.2f ms, log %u → %u pages", n,
                       (g_get_monotonic_time () - start) / 1e3, wal_before,
                       relais_store_get_wal_pages (store));
  }
  if (results == NULL)
    return NULL;

  for (guint i = 0; i < results->len; i++)
    {
      RelaisPutResult *result = g_ptr_array_index (results, i);

      if (result->error != NULL)
        g_ptr_array_add (
            errors, relais_sync_doc_error_new (
                        result->id, relais_doc_get_rev (g_ptr_array_index (objects, i)),
                        result->error->code == RELAIS_STORE_ERROR_CONFLICT ? "conflict" : "invalid",
                        result->error->message));
    }

  /* Written: the documents' trees and texts go to @garbage, which the
   * worker frees after the store's lock is released, beside the next
   * batch's write rather than before it or on the main loop that drives
   * the network (freeing 500 parsed documents costs about half as much
   * as writing them). */
  for (guint i = 0; i < data->docs->len; i++)
    {
      RelaisSyncDoc *doc = g_ptr_array_index (data->docs, i);
      RelaisSyncDoc *moved = g_new (RelaisSyncDoc, 1);

      *moved = *doc;
      memset (doc, 0, sizeof (*doc));
      g_ptr_array_add (garbage, moved);
    }
  /* Only references: each document holds its object. */
  g_clear_pointer (&objects, g_ptr_array_unref);
  return g_steal_pointer (&errors);
}

static void
op_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  RelaisLocalEndpoint *self = source_object;
  OpData *data = task_data;
  g_autoptr (GError) error = NULL;
  /* Declared before the lock's locker, so freed after the lock is released. */
  g_autoptr (GPtrArray) garbage = NULL;
  /* _local documents are written and read again (checkpoints): both go
   * through the write connection, which sees its own writes at once. */
  gboolean writer = data->op == OP_WRITE || data->op == OP_PUT_LOCAL || data->op == OP_GET_LOCAL;
  g_autoptr (GMutexLocker) locker G_GNUC_UNUSED =
      g_mutex_locker_new (writer ? &self->lock : &self->read_lock);
  RelaisStore *store;
  gpointer result = NULL;
  GDestroyNotify destroy = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean opened = (writer ? self->store : self->read_store) != NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if ((store = ensure_store (self, writer ? &self->store : &self->read_store, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  switch (data->op)
    {
    case OP_INFO:
      {
        RelaisEndpointInfo *info = g_new0 (RelaisEndpointInfo, 1);
        g_autofree char *absolute = g_canonicalize_filename (self->path, NULL);

        info->peer_id = g_strconcat ("file://", absolute, NULL);
        info->update_seq =
            g_strdup_printf ("%" G_GUINT64_FORMAT, relais_store_get_update_seq (store));
        result = info;
        destroy = (GDestroyNotify) relais_endpoint_info_free;
      }
      break;
    case OP_GET_LOCAL:
      {
        g_autofree char *json = relais_store_get_local_json (store, data->id, &error);

        if (json != NULL)
          result = relais_json_parse_object (json, -1, &error);
        else if (g_error_matches (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND))
          g_clear_error (&error);
        destroy = (GDestroyNotify) json_object_unref;
      }
      break;
    case OP_PUT_LOCAL:
      result = relais_store_put_local (store, data->id, data->object, &error);
      destroy = g_free;
      break;
    case OP_CHANGES:
      result = run_changes (store, data, &error);
      destroy = (GDestroyNotify) relais_changes_batch_free;
      break;
    case OP_REVS_DIFF:
      result = relais_store_revs_diff (store, data->object, &error);
      destroy = (GDestroyNotify) json_object_unref;
      break;
    case OP_FETCH:
      result = run_fetch (store, data, &error);
      destroy = (GDestroyNotify) g_ptr_array_unref;
      break;
    case OP_WRITE:
      garbage = g_ptr_array_new_with_free_func ((GDestroyNotify) relais_sync_doc_free);
      result = run_write (self, store, data, garbage, &error);
      destroy = (GDestroyNotify) g_ptr_array_unref;
      maybe_checkpoint (self);
      break;
    default:
      g_assert_not_reached ();
    }
  if (data->op != OP_WRITE)
    add_timing (self, 0, g_get_monotonic_time () - start, 0);
  RELAIS_SYNC_TRACE ("local op %d%s: %.2f ms since queued, %.2f ms here", data->op,
                     opened ? "" : " (opened the connection)",
                     (g_get_monotonic_time () - data->queued) / 1e3,
                     (g_get_monotonic_time () - start) / 1e3);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, destroy);
}

static void
start_op (RelaisLocalEndpoint *self,
          OpData *data,
          GCancellable *cancellable,
          GAsyncReadyCallback callback,
          gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_task_data (task, data, (GDestroyNotify) op_data_free);
  g_task_run_in_thread (task, op_thread);
}

static OpData *
op_data_new (Op op)
{
  OpData *data = g_new0 (OpData, 1);

  data->op = op;
  data->queued = g_get_monotonic_time ();
  return data;
}

/* RelaisEndpoint */

static char *
local_describe (RelaisEndpoint *endpoint)
{
  return g_strdup (RELAIS_LOCAL_ENDPOINT (endpoint)->path);
}

static void
local_get_timings (RelaisEndpoint *endpoint, RelaisSyncTimings *timings)
{
  RelaisLocalEndpoint *self = RELAIS_LOCAL_ENDPOINT (endpoint);
  g_autoptr (GMutexLocker) locker G_GNUC_UNUSED = g_mutex_locker_new (&self->timings_lock);

  *timings = self->timings;
}

static void
local_info_async (RelaisEndpoint *endpoint, GCancellable *c, GAsyncReadyCallback cb, gpointer data)
{
  start_op (RELAIS_LOCAL_ENDPOINT (endpoint), op_data_new (OP_INFO), c, cb, data);
}

static void
local_get_local_async (RelaisEndpoint *endpoint,
                       const char *id,
                       GCancellable *c,
                       GAsyncReadyCallback cb,
                       gpointer data)
{
  OpData *op = op_data_new (OP_GET_LOCAL);

  op->id = g_strdup (id);
  start_op (RELAIS_LOCAL_ENDPOINT (endpoint), op, c, cb, data);
}

static void
local_put_local_async (RelaisEndpoint *endpoint,
                       const char *id,
                       JsonObject *doc,
                       GCancellable *c,
                       GAsyncReadyCallback cb,
                       gpointer data)
{
  OpData *op = op_data_new (OP_PUT_LOCAL);

  op->id = g_strdup (id);
  op->object = json_object_ref (doc);
  start_op (RELAIS_LOCAL_ENDPOINT (endpoint), op, c, cb, data);
}

/* A "longpoll" on a file: the store has no notification across
 * connections, so read again every poll interval until something comes. */
typedef struct
{
  RelaisLocalEndpoint *self;
  GTask *outer;
  OpData *data;
  guint timeout_id;
  gulong cancelled_id;
} Poll;

static void poll_once (Poll *poll);

static void
poll_free (Poll *poll)
{
  g_clear_handle_id (&poll->timeout_id, g_source_remove);
  if (poll->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (poll->outer), poll->cancelled_id);
  g_clear_object (&poll->outer);
  g_clear_pointer (&poll->data, op_data_free);
  g_clear_object (&poll->self);
  g_free (poll);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  Poll *poll = user_data;

  poll->timeout_id = 0;
  poll_once (poll);
  return G_SOURCE_REMOVE;
}

static void
poll_read_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Poll *poll = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisChangesBatch) batch = g_task_propagate_pointer (G_TASK (result), &error);

  if (batch == NULL)
    {
      g_task_return_error (poll->outer, g_steal_pointer (&error));
      poll_free (poll);
      return;
    }
  if (batch->rows->len > 0 || g_get_monotonic_time () >= poll->data->deadline)
    {
      g_task_return_pointer (poll->outer, g_steal_pointer (&batch),
                             (GDestroyNotify) relais_changes_batch_free);
      poll_free (poll);
      return;
    }
  poll->timeout_id = g_timeout_add (poll->self->poll_interval_ms, poll_timeout_cb, poll);
}

static void
poll_once (Poll *poll)
{
  g_autoptr (GTask) task = NULL;
  OpData *copy;

  if (g_task_return_error_if_cancelled (poll->outer))
    {
      poll_free (poll);
      return;
    }
  copy = op_data_new (OP_CHANGES);
  copy->since = poll->data->since;
  copy->limit = poll->data->limit;
  if (poll->data->selector != NULL)
    copy->selector = json_object_ref (poll->data->selector);
  task = g_task_new (poll->self, NULL, poll_read_cb, poll);
  g_task_set_task_data (task, copy, (GDestroyNotify) op_data_free);
  g_task_run_in_thread (task, op_thread);
}

static void
poll_cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  Poll *poll = user_data;

  /* Wake a waiting poll at once (from an idle: we may be in any thread,
   * and disconnecting from inside this handler would deadlock). */
  if (poll->timeout_id != 0)
    {
      g_source_remove (poll->timeout_id);
      poll->timeout_id = g_idle_add (poll_timeout_cb, poll);
    }
}

static void
local_changes_async (RelaisEndpoint *endpoint,
                     const char *since,
                     guint limit,
                     guint wait_ms,
                     GCancellable *c,
                     GAsyncReadyCallback cb,
                     gpointer data)
{
  RelaisLocalEndpoint *self = RELAIS_LOCAL_ENDPOINT (endpoint);
  OpData *op = op_data_new (OP_CHANGES);
  Poll *poll;

  op->since = g_ascii_strtoull (since, NULL, 10);
  op->limit = limit;
  if (self->selector != NULL)
    op->selector = json_object_ref (self->selector);
  if (wait_ms == 0)
    {
      start_op (self, op, c, cb, data);
      return;
    }

  op->deadline = g_get_monotonic_time () + (gint64) wait_ms * 1000;
  poll = g_new0 (Poll, 1);
  poll->self = g_object_ref (self);
  poll->outer = g_task_new (self, c, cb, data);
  poll->data = op;
  if (c != NULL)
    poll->cancelled_id = g_cancellable_connect (c, G_CALLBACK (poll_cancelled_cb), poll, NULL);
  poll_once (poll);
}

static void
local_revs_diff_async (RelaisEndpoint *endpoint,
                       JsonObject *request,
                       GCancellable *c,
                       GAsyncReadyCallback cb,
                       gpointer data)
{
  OpData *op = op_data_new (OP_REVS_DIFF);

  op->object = json_object_ref (request);
  start_op (RELAIS_LOCAL_ENDPOINT (endpoint), op, c, cb, data);
}

static void
local_fetch_async (RelaisEndpoint *endpoint,
                   JsonObject *missing,
                   GCancellable *c,
                   GAsyncReadyCallback cb,
                   gpointer data)
{
  OpData *op = op_data_new (OP_FETCH);

  op->object = json_object_ref (missing);
  start_op (RELAIS_LOCAL_ENDPOINT (endpoint), op, c, cb, data);
}

static void
local_write_async (RelaisEndpoint *endpoint,
                   GPtrArray *docs,
                   GCancellable *c,
                   GAsyncReadyCallback cb,
                   gpointer data)
{
  OpData *op = op_data_new (OP_WRITE);

  op->docs = g_ptr_array_ref (docs);
  /* A write is not cancelled once queued: its transaction is atomic and
   * the checkpoint that follows it is what a cancellation skips. */
  start_op (RELAIS_LOCAL_ENDPOINT (endpoint), op, NULL, cb, data);
}

static void
relais_local_endpoint_iface_init (RelaisEndpointInterface *iface)
{
  iface->describe = local_describe;
  iface->get_timings = local_get_timings;
  iface->info_async = local_info_async;
  iface->get_local_async = local_get_local_async;
  iface->put_local_async = local_put_local_async;
  iface->changes_async = local_changes_async;
  iface->revs_diff_async = local_revs_diff_async;
  iface->fetch_async = local_fetch_async;
  iface->write_async = local_write_async;
}

/* GObject */

static void
relais_local_endpoint_finalize (GObject *object)
{
  RelaisLocalEndpoint *self = RELAIS_LOCAL_ENDPOINT (object);

  g_clear_object (&self->store);
  g_clear_object (&self->read_store);
  g_clear_object (&self->checkpoint_store);
  g_clear_pointer (&self->selector, json_object_unref);
  g_free (self->path);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->read_lock);
  g_mutex_clear (&self->timings_lock);

  G_OBJECT_CLASS (relais_local_endpoint_parent_class)->finalize (object);
}

static void
relais_local_endpoint_class_init (RelaisLocalEndpointClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relais_local_endpoint_finalize;
}

static void
relais_local_endpoint_init (RelaisLocalEndpoint *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->read_lock);
  g_mutex_init (&self->timings_lock);
  self->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
}

/**
 * relais_local_endpoint_new:
 * @path: the store file, created when missing
 */
RelaisLocalEndpoint *
relais_local_endpoint_new (const char *path)
{
  RelaisLocalEndpoint *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (RELAIS_TYPE_LOCAL_ENDPOINT, NULL);
  self->path = g_strdup (path);
  return self;
}

/* How often a continuous replication from this store looks for changes. */
void
relais_local_endpoint_set_poll_interval (RelaisLocalEndpoint *self, guint ms)
{
  g_return_if_fail (RELAIS_IS_LOCAL_ENDPOINT (self));
  self->poll_interval_ms = MAX (ms, 10);
}

/* The store file, for work beside the replication on its own connection
 * (the conflict merge after a pull). */
const char *
relais_local_endpoint_get_path (RelaisLocalEndpoint *self)
{
  g_return_val_if_fail (RELAIS_IS_LOCAL_ENDPOINT (self), NULL);
  return self->path;
}

/* Only the changes of documents matching @selector come from this store
 * (the rule of the server's _selector filter); NULL for all. */
void
relais_local_endpoint_set_selector (RelaisLocalEndpoint *self, JsonObject *selector)
{
  g_return_if_fail (RELAIS_IS_LOCAL_ENDPOINT (self));

  g_clear_pointer (&self->selector, json_object_unref);
  if (selector != NULL)
    self->selector = json_object_ref (selector);
}

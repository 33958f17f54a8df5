/* relais-replicator.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * CouchDB's replication algorithm (SYNC-NOTES.md, "proto"): peers' info,
 * replication id, checkpoints compared on both sides, then batch after
 * batch: _changes → _revs_diff → fetch (_bulk_get) → write
 * (new_edits=false) → checkpoint on both sides. Reading batch N+1 overlaps
 * writing batch N; checkpoints follow the writes in order, so a
 * checkpoint never names a change that is not written.
 *
 * Checkpoints are written after the first batch, then at most once per
 * CHECKPOINT_INTERVAL_US, and whenever the replication catches up (the
 * end of a one-shot run, a continuous one waiting for changes), as
 * CouchDB's replicator does on its timer: two checkpoint writes per batch
 * were a seventh of a 20,000-document pull. A run stopped in between
 * replays the batches written since, which changes nothing.
 *
 * A failure the network may cure restarts the whole sequence from the
 * checkpoints after an exponential backoff with jitter (or at once when
 * GNetworkMonitor says the network is back). Writes are idempotent, so a
 * replayed batch adds nothing.
 */

#define G_LOG_DOMAIN "relais-sync"

#include "config.h"

#include <string.h>

#include "relais-core.h"
#include "relais-local-endpoint.h"
#include "relais-poste.h"
#include "relais-remote-endpoint.h"
#include "relais-replicator.h"
#include "relais-store.h"
#include "relais-sync-merge.h"
#include "relais-sync-trace.h"

#define REPLICATION_ID_VERSION 4
#define MAX_HISTORY 50
/* Batches read ahead of the writes (besides those in the write in
 * flight), fetched or being fetched: the next
 * feed request leaves as soon as the previous one answered, so that one
 * batch's _bulk_get and parsing overlap the next one's (on two cores the
 * read chain, one stage after the other, was the pull's bottleneck). */
#define MAX_QUEUED_BATCHES 4
#define WAIT_MS (24u * 3600u * 1000u)
#define CHECKPOINT_INTERVAL_US (G_USEC_PER_SEC)
/* Batches fetched while the previous write ran go to the target together,
 * up to this many documents: one transaction (or request) instead of
 * several, which rewrites fewer index pages. */
#define MAX_WRITE_DOCS 2000

typedef struct
{
  char *last_seq;
  GPtrArray *docs; /* (element-type RelaisSyncDoc) NULL while fetched */
  guint n_rows;
  guint missing_found;
} Batch;

struct _RelaisReplicator
{
  GObject parent_instance;

  /* Owned References */
  RelaisEndpoint *source;
  RelaisEndpoint *target;
  GTask *task;                  /* the run, while it lasts */
  GCancellable *attempt_cancel; /* cancels one attempt's operations */
  GNetworkMonitor *monitor;
  char *rep_id;
  char *session_id;
  char *start_time;
  char *start_seq;
  char *since;      /* checkpointed: everything up to it is written */
  char *read_since; /* where the next read starts */
  char *source_rev; /* our checkpoints' _rev on each side */
  char *target_rev;
  JsonArray *history; /* the earlier sessions, from the source's checkpoint */
  GPtrArray *errors;  /* (element-type RelaisSyncDocError) */
  GQueue batches;

  /* Settings */
  gboolean continuous;
  guint batch_size;
  int max_retries;
  guint retry_initial_ms;
  guint retry_max_ms;
  gboolean merge_conflicts; /* after a pull into a local store */
  JsonObject *selector;     /* a filtered replication, else NULL */
  char *workstation_id;     /* push: report unsent changes as poste:<id> */
  char *conseiller;

  /* State */
  RelaisReplicatorState state;
  guint attempt; /* callbacks of an older attempt are ignored */
  guint retry_id;
  guint n_retries; /* since the last batch that went through */
  guint total_retries;
  gulong monitor_id;
  gulong cancel_id;
  gboolean reading; /* a feed request is in flight */
  gboolean writing;
  gboolean feed_done;
  gboolean polling;          /* continuous: the read in flight waits for changes */
  gboolean checkpoint_due;   /* written past the last checkpoint */
  guint checkpoints_pending; /* sides whose checkpoint write is in flight */
  guint batches_writing;     /* at the queue's head, in the write in flight */
  gint64 last_checkpoint_us; /* monotonic; 0: none yet in this attempt */
  guint64 docs_read;
  guint64 docs_written;
  guint64 doc_write_failures;
  guint64 missing_checked;
  guint64 missing_found;
  gint64 source_seq;      /* the source's update_seq, when an integer */
  gboolean merge_pending; /* this run's merge has not started yet */
  gboolean merging;
  guint start_pending; /* start of an attempt: answers awaited from the peers */
  RelaisMergeCounts merge_counts;
  gboolean poste_pending; /* this push's report is not written yet */
  gint64 poste_count;     /* what it said, -1 before */
};

G_DEFINE_FINAL_TYPE (RelaisReplicator, relais_replicator, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SOURCE,
  PROP_TARGET,
  PROP_CONTINUOUS,
  PROP_BATCH_SIZE,
  PROP_MAX_RETRIES,
  PROP_RETRY_INITIAL_DELAY,
  PROP_RETRY_MAX_DELAY,
  PROP_MERGE_CONFLICTS,
  PROP_WORKSTATION_ID,
  PROP_CONSEILLER,
  PROP_NETWORK_MONITOR,
  PROP_STATE,
  PROP_DOCS_READ,
  PROP_DOCS_WRITTEN,
  PROP_DOC_WRITE_FAILURES,
  PROP_PENDING,
  PROP_LAST_SEQ,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Each asynchronous step carries the attempt it belongs to. */
typedef struct
{
  RelaisReplicator *self;
  guint attempt;
  Batch *batch;    /* borrowed; a write: the last batch it covers */
  guint n_batches; /* a write: the batches it covers, from the head */
  guint n_docs;
  int side; /* checkpoint, start: 0 target, 1 source */
  gboolean conflict_retried;
  gboolean waited;
} Step;

static void start_attempt (RelaisReplicator *self);
static void read_next (RelaisReplicator *self);
static void write_next (RelaisReplicator *self);
static void maybe_finish (RelaisReplicator *self);
static gboolean flush_checkpoint (RelaisReplicator *self);

/* Auxiliary methods */

static void
batch_free (Batch *batch)
{
  g_free (batch->last_seq);
  g_clear_pointer (&batch->docs, g_ptr_array_unref);
  g_free (batch);
}

static Step *
step_new (RelaisReplicator *self)
{
  Step *step = g_new0 (Step, 1);

  step->self = g_object_ref (self);
  step->attempt = self->attempt;
  return step;
}

/* Frees the step; TRUE when its attempt is over (the result is stale). */
static gboolean
step_stale (Step *step)
{
  return step->attempt != step->self->attempt || step->self->task == NULL;
}

static void
step_free (Step *step)
{
  g_object_unref (step->self);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Step, step_free)

static void
set_state (RelaisReplicator *self, RelaisReplicatorState state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
parse_int_seq (const char *seq, gint64 *out)
{
  return seq != NULL && g_ascii_string_to_signed (seq, 10, 0, G_MAXINT64, out, NULL);
}

static void
clear_attempt (RelaisReplicator *self)
{
  self->attempt++;
  if (self->attempt_cancel != NULL)
    {
      g_cancellable_cancel (self->attempt_cancel);
      g_clear_object (&self->attempt_cancel);
    }
  g_queue_clear_full (&self->batches, (GDestroyNotify) batch_free);
  self->batches_writing = 0;
  self->reading = self->writing = self->feed_done = self->polling = self->merging = FALSE;
}

static void
finish_run (RelaisReplicator *self, GError *error)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->task);

  RELAIS_SYNC_TRACE ("replicator: run ends%s", error != NULL ? " (failed)" : "");
  clear_attempt (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->monitor_id != 0)
    g_clear_signal_handler (&self->monitor_id, self->monitor);
  if (self->cancel_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), self->cancel_id);
      self->cancel_id = 0;
    }
  set_state (self, error != NULL ? RELAIS_REPLICATOR_FAILED : RELAIS_REPLICATOR_DONE);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
retry_cb (gpointer user_data)
{
  RelaisReplicator *self = user_data;

  self->retry_id = 0;
  start_attempt (self);
  return G_SOURCE_REMOVE;
}

/* Every failure of a step comes here. */
static void
fail (RelaisReplicator *self, GError *error)
{
  guint delay;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (self->task)))
    {
      g_clear_error (&error);
      finish_run (self,
                  g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Replication cancelled"));
      return;
    }
  if (!relais_sync_error_is_transient (error) ||
      (self->max_retries >= 0 && self->n_retries >= (guint) self->max_retries))
    {
      finish_run (self, error);
      return;
    }

  /* Exponential backoff with jitter (half fixed, half random) so that
   * many workstations coming back together do not hit the server at once. */
  delay = self->retry_initial_ms;
  for (guint i = 0; i < self->n_retries && delay < self->retry_max_ms; i++)
    delay *= 2;
  delay = MIN (delay, self->retry_max_ms);
  delay = delay / 2 + g_random_int_range (0, (gint32) MAX (delay / 2, 1));
  g_debug ("replication attempt failed (%s), retrying in %u ms", error->message, delay);
  g_error_free (error);

  clear_attempt (self);
  self->n_retries++;
  self->total_retries++;
  set_state (self, RELAIS_REPLICATOR_RETRYING);
  self->retry_id = g_timeout_add (delay, retry_cb, self);
}

static void
network_changed_cb (GNetworkMonitor *monitor, gboolean available, gpointer user_data)
{
  RelaisReplicator *self = user_data;

  /* The network is back: no need to wait for the backoff. */
  if (available && self->retry_id != 0)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_id = g_idle_add (retry_cb, self);
    }
}

static void
run_cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
  RelaisReplicator *self = user_data;

  /* Stop the operations in flight; a pending retry ends from an idle
   * (the handler may run in any thread). */
  if (self->attempt_cancel != NULL)
    g_cancellable_cancel (self->attempt_cancel);
}

static gboolean
cancelled_idle_cb (gpointer user_data)
{
  RelaisReplicator *self = user_data;

  if (self->task != NULL && self->retry_id != 0)
    finish_run (self,
                g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Replication cancelled"));
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
run_cancelled_main_cb (GCancellable *cancellable, gpointer user_data)
{
  run_cancelled_cb (cancellable, user_data);
  g_idle_add (cancelled_idle_cb, g_object_ref (user_data));
}

static void
emit_progress (RelaisReplicator *self)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  g_object_notify_by_pspec (object, properties[PROP_DOCS_READ]);
  g_object_notify_by_pspec (object, properties[PROP_DOCS_WRITTEN]);
  g_object_notify_by_pspec (object, properties[PROP_DOC_WRITE_FAILURES]);
  g_object_notify_by_pspec (object, properties[PROP_PENDING]);
  g_object_notify_by_pspec (object, properties[PROP_LAST_SEQ]);
  g_object_thaw_notify (object);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
}

/* Replication id: MD5 of the two peers' identities, as PouchDB and
 * CouchDB do (their inputs differ; ours are the peer ids and the
 * version). Continuous and one-shot runs share it, so one continues where
 * the other stopped. */
static char *
compute_rep_id (const RelaisEndpointInfo *source,
                const RelaisEndpointInfo *target,
                JsonObject *selector)
{
  g_autoptr (GString) input = g_string_new (NULL);

  g_string_printf (input, "relais-replicator\n%d\n%s\n%s", REPLICATION_ID_VERSION, source->peer_id,
                   target->peer_id);
  /* A filtered replication is another replication (CouchDB puts the
   * filter in the id too): its checkpoint says nothing of the others. */
  if (selector != NULL)
    {
      g_string_append (input, "\n_selector\n");
      relais_json_append_canonical_object (input, selector, FALSE);
    }
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, input->str, (gssize) input->len);
}

static JsonNode *
seq_node (const char *seq)
{
  gint64 value;
  JsonNode *node = json_node_alloc ();

  if (parse_int_seq (seq, &value))
    return json_node_init_int (node, value);
  return json_node_init_string (node, seq);
}

static char *
node_seq (JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

static char *
now_text (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

static JsonObject *
checkpoint_body (RelaisReplicator *self, const char *rev)
{
  g_autoptr (JsonObject) doc = json_object_new ();
  g_autoptr (JsonObject) entry = json_object_new ();
  g_autoptr (JsonArray) history = json_array_new ();
  g_autofree char *end_time = now_text ();
  g_autofree char *id = g_strconcat ("_local/", self->rep_id, NULL);

  json_object_set_string_member (doc, "_id", id);
  if (rev != NULL)
    json_object_set_string_member (doc, "_rev", rev);
  json_object_set_string_member (doc, "session_id", self->session_id);
  json_object_set_member (doc, "source_last_seq", seq_node (self->since));
  json_object_set_int_member (doc, "replication_id_version", REPLICATION_ID_VERSION);
  json_object_set_string_member (doc, "replicator", "relais");

  json_object_set_string_member (entry, "session_id", self->session_id);
  json_object_set_string_member (entry, "start_time", self->start_time);
  json_object_set_string_member (entry, "end_time", end_time);
  json_object_set_member (entry, "start_last_seq", seq_node (self->start_seq));
  json_object_set_member (entry, "end_last_seq", seq_node (self->since));
  json_object_set_member (entry, "recorded_seq", seq_node (self->since));
  json_object_set_int_member (entry, "missing_checked", (gint64) self->missing_checked);
  json_object_set_int_member (entry, "missing_found", (gint64) self->missing_found);
  json_object_set_int_member (entry, "docs_read", (gint64) self->docs_read);
  json_object_set_int_member (entry, "docs_written", (gint64) self->docs_written);
  json_object_set_int_member (entry, "doc_write_failures", (gint64) self->doc_write_failures);
  json_array_add_object_element (history, g_steal_pointer (&entry));

  for (guint i = 0; self->history != NULL && i < json_array_get_length (self->history) &&
                    json_array_get_length (history) < MAX_HISTORY;
       i++)
    {
      JsonNode *old = json_array_get_element (self->history, i);
      JsonObject *old_object = JSON_NODE_HOLDS_OBJECT (old) ? json_node_get_object (old) : NULL;

      if (old_object == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (old_object, "session_id", NULL),
                     self->session_id) == 0)
        continue;
      json_array_add_element (history, json_node_copy (old));
    }
  json_object_set_array_member (doc, "history", g_steal_pointer (&history));
  return g_steal_pointer (&doc);
}

/* proto "Compare Replication Logs": the same session on both sides gives
 * the source's last seq; else the newest session both histories know. */
static char *
compare_logs (JsonObject *source_log, JsonObject *target_log)
{
  const char *source_session, *target_session;
  JsonArray *source_history, *target_history;

  if (source_log == NULL || target_log == NULL)
    return NULL;
  source_session = json_object_get_string_member_with_default (source_log, "session_id", NULL);
  target_session = json_object_get_string_member_with_default (target_log, "session_id", NULL);
  if (source_session != NULL && g_strcmp0 (source_session, target_session) == 0)
    return node_seq (source_log, "source_last_seq");

  source_history = json_object_get_array_member (source_log, "history");
  target_history = json_object_get_array_member (target_log, "history");
  for (guint i = 0; source_history != NULL && i < json_array_get_length (source_history); i++)
    {
      JsonObject *s = json_array_get_object_element (source_history, i);
      const char *session =
          s ? json_object_get_string_member_with_default (s, "session_id", NULL) : NULL;

      for (guint j = 0;
           session != NULL && target_history != NULL && j < json_array_get_length (target_history);
           j++)
        {
          JsonObject *t = json_array_get_object_element (target_history, j);

          if (t != NULL &&
              g_strcmp0 (json_object_get_string_member_with_default (t, "session_id", NULL),
                         session) == 0)
            return node_seq (s, "recorded_seq");
        }
    }
  return NULL;
}

/* Start of an attempt: both peers' info, then both checkpoints. Each
 * pair is asked for at once (one round trip each instead of two): the
 * fixed cost of a pull of a few changes is mostly such round trips. */

static void got_log_cb (GObject *source, GAsyncResult *result, gpointer user_data);

/* Both checkpoints are in: the run goes on from their common sequence. */
static void
got_logs (RelaisReplicator *self)
{
  JsonObject *source_log = g_object_get_data (G_OBJECT (self), "source-log");
  JsonObject *log = g_object_get_data (G_OBJECT (self), "target-log");
  g_autofree char *since = NULL;

  g_clear_pointer (&self->source_rev, g_free);
  g_clear_pointer (&self->history, json_array_unref);
  if (source_log != NULL)
    {
      self->source_rev =
          g_strdup (json_object_get_string_member_with_default (source_log, "_rev", NULL));
      if (json_object_get_array_member (source_log, "history") != NULL)
        self->history = json_array_ref (json_object_get_array_member (source_log, "history"));
    }
  g_clear_pointer (&self->target_rev, g_free);
  if (log != NULL)
    self->target_rev = g_strdup (json_object_get_string_member_with_default (log, "_rev", NULL));

  /* A retry keeps its session: it is the same run going on. */
  if (self->session_id == NULL)
    {
      since = compare_logs (source_log, log);
      self->session_id = g_uuid_string_random ();
      self->start_time = now_text ();
      g_free (self->since);
      self->since = since != NULL ? g_strdup (since) : g_strdup ("0");
      self->start_seq = g_strdup (self->since);
    }
  g_object_set_data (G_OBJECT (self), "source-log", NULL);
  g_object_set_data (G_OBJECT (self), "target-log", NULL);
  self->last_checkpoint_us = 0;
  g_free (self->read_since);
  self->read_since = g_strdup (self->since);
  g_debug ("replication %s starts after seq %s", self->rep_id, self->since);
  RELAIS_SYNC_TRACE ("replicator: both checkpoints in, since %s", self->since);

  set_state (self, RELAIS_REPLICATOR_RUNNING);
  read_next (self);
}

static void
got_log_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Step) step = user_data;
  RelaisReplicator *self = step->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) log = relais_endpoint_finish (RELAIS_ENDPOINT (source), result, &error);

  if (step_stale (step))
    return;
  if (error != NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  /* Kept for the comparison once the other side's is in. */
  if (log != NULL)
    g_object_set_data_full (G_OBJECT (self), step->side == 0 ? "target-log" : "source-log",
                            g_steal_pointer (&log), (GDestroyNotify) json_object_unref);
  if (--self->start_pending == 0)
    got_logs (self);
}

/* Both peers' info is in: the replication's id, then its checkpoints. */
static void
got_infos (RelaisReplicator *self)
{
  g_autoptr (RelaisEndpointInfo) source_info = g_object_steal_data (G_OBJECT (self), "source-info");
  g_autoptr (RelaisEndpointInfo) info = g_object_steal_data (G_OBJECT (self), "target-info");
  g_autofree char *id = NULL;
  Step *step;

  RELAIS_SYNC_TRACE ("replicator: both infos in");
  if (self->rep_id == NULL)
    self->rep_id = compute_rep_id (source_info, info, self->selector);
  if (!parse_int_seq (source_info->update_seq, &self->source_seq))
    self->source_seq = -1;

  id = g_strconcat ("_local/", self->rep_id, NULL);
  g_object_set_data (G_OBJECT (self), "source-log", NULL);
  g_object_set_data (G_OBJECT (self), "target-log", NULL);
  self->start_pending = 2;
  step = step_new (self);
  step->side = 1;
  relais_endpoint_get_local_async (self->source, id, self->attempt_cancel, got_log_cb, step);
  step = step_new (self);
  step->side = 0;
  relais_endpoint_get_local_async (self->target, id, self->attempt_cancel, got_log_cb, step);
}

static void
got_info_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Step) step = user_data;
  RelaisReplicator *self = step->self;
  g_autoptr (GError) error = NULL;
  RelaisEndpointInfo *info = relais_endpoint_finish (RELAIS_ENDPOINT (source), result, &error);

  if (step_stale (step))
    {
      relais_endpoint_info_free (info);
      return;
    }
  if (info == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  g_object_set_data_full (G_OBJECT (self), step->side == 0 ? "target-info" : "source-info", info,
                          (GDestroyNotify) relais_endpoint_info_free);
  if (--self->start_pending == 0)
    got_infos (self);
}

static void
start_attempt (RelaisReplicator *self)
{
  Step *step;

  RELAIS_SYNC_TRACE ("replicator: attempt starts");
  clear_attempt (self);
  self->attempt_cancel = g_cancellable_new ();
  set_state (self, RELAIS_REPLICATOR_RUNNING);
  g_object_set_data (G_OBJECT (self), "source-info", NULL);
  g_object_set_data (G_OBJECT (self), "target-info", NULL);
  self->start_pending = 2;
  step = step_new (self);
  step->side = 1;
  relais_endpoint_info_async (self->source, self->attempt_cancel, got_info_cb, step);
  step = step_new (self);
  step->side = 0;
  relais_endpoint_info_async (self->target, self->attempt_cancel, got_info_cb, step);
}

/* Reading: changes → revs_diff → fetch, one batch at a time. */

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Step) step = user_data;
  RelaisReplicator *self = step->self;
  g_autoptr (GError) error = NULL;
  GPtrArray *docs = relais_endpoint_finish (RELAIS_ENDPOINT (source), result, &error);

  /* The batch is in the queue: a new attempt has freed it already, a
   * failure frees it with the queue. */
  if (step_stale (step))
    {
      g_clear_pointer (&docs, g_ptr_array_unref);
      return;
    }
  if (docs == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  RELAIS_SYNC_TRACE ("replicator: fetched %u", docs->len);
  step->batch->docs = docs;
  self->docs_read += docs->len;
  write_next (self);
  read_next (self);
}

static void
diffed_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Step) step = user_data;
  RelaisReplicator *self = step->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) missing =
      relais_endpoint_finish (RELAIS_ENDPOINT (source), result, &error);

  if (step_stale (step))
    return;
  if (missing == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  RELAIS_SYNC_TRACE ("replicator: revs_diff: %u missing", json_object_get_size (missing));
  if (json_object_get_size (missing) == 0)
    {
      step->batch->docs = g_ptr_array_new ();
      write_next (self);
      read_next (self);
      return;
    }
  {
    JsonObjectIter iter;
    const char *id;
    JsonNode *entry;

    json_object_iter_init (&iter, missing);
    while (json_object_iter_next (&iter, &id, &entry))
      if (JSON_NODE_HOLDS_OBJECT (entry) &&
          json_object_get_array_member (json_node_get_object (entry), "missing") != NULL)
        self->missing_found += json_array_get_length (
            json_object_get_array_member (json_node_get_object (entry), "missing"));
  }
  relais_endpoint_fetch_async (self->source, missing, self->attempt_cancel, fetched_cb,
                               g_steal_pointer (&step));
}

static void changes_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
changes_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Step) step = user_data;
  RelaisReplicator *self = step->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisChangesBatch) changes =
      relais_endpoint_finish (RELAIS_ENDPOINT (source), result, &error);
  g_autoptr (JsonObject) request = NULL;
  Batch *batch;
  gint64 last;

  if (step_stale (step))
    return;
  if (changes == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }

  RELAIS_SYNC_TRACE ("replicator: changes since %s: %u rows", self->read_since, changes->rows->len);
  if (changes->rows->len == 0)
    {
      if (!self->continuous)
        {
          self->reading = FALSE;
          self->feed_done = TRUE;
          maybe_finish (self);
          return;
        }
      /* Caught up: wait for the next change (a longpoll), with what is
       * written checkpointed. */
      self->polling = TRUE;
      if (g_queue_is_empty (&self->batches))
        flush_checkpoint (self);
      if (g_queue_is_empty (&self->batches) && !self->writing)
        set_state (self, RELAIS_REPLICATOR_WAITING);
      if (parse_int_seq (changes->last_seq, &last) && last > self->source_seq)
        self->source_seq = last;
      relais_endpoint_changes_async (self->source, self->read_since, self->batch_size, WAIT_MS,
                                     self->attempt_cancel, changes_cb, g_steal_pointer (&step));
      return;
    }

  self->polling = FALSE;
  set_state (self, RELAIS_REPLICATOR_RUNNING);
  if (parse_int_seq (changes->last_seq, &last) && last > self->source_seq)
    self->source_seq = last;
  g_free (self->read_since);
  self->read_since = g_strdup (changes->last_seq);

  request = json_object_new ();
  for (guint i = 0; i < changes->rows->len; i++)
    {
      RelaisChangeRow *row = g_ptr_array_index (changes->rows, i);
      JsonArray *revs = json_array_new ();

      for (guint j = 0; row->revs[j] != NULL; j++)
        json_array_add_string_element (revs, row->revs[j]);
      json_object_set_array_member (request, row->id, revs);
      self->missing_checked += g_strv_length (row->revs);
    }

  /* Queued at once, in feed order: the writes and checkpoints follow that
   * order whichever batch is fetched first. */
  batch = g_new0 (Batch, 1);
  batch->last_seq = g_strdup (changes->last_seq);
  batch->n_rows = changes->rows->len;
  g_queue_push_tail (&self->batches, batch);
  self->reading = FALSE;
  step->batch = batch;
  relais_endpoint_revs_diff_async (self->target, request, self->attempt_cancel, diffed_cb,
                                   g_steal_pointer (&step));
  read_next (self);
}

static void
read_next (RelaisReplicator *self)
{
  /* The batches being written do not count: reading on meanwhile keeps
   * the target busy when the write ends (a push left relais-server idle
   * for the read chain of the next batch after every write of 2,000). */
  if (self->task == NULL || self->reading || self->feed_done ||
      g_queue_get_length (&self->batches) >= MAX_QUEUED_BATCHES + self->batches_writing)
    return;
  self->reading = TRUE;
  relais_endpoint_changes_async (self->source, self->read_since, self->batch_size, 0,
                                 self->attempt_cancel, changes_cb, step_new (self));
}

/* Writing: the head batch, then its checkpoint on both sides. */

static void put_checkpoint (Step *step);
static void put_checkpoints (RelaisReplicator *self, Step *step);

/* The write chain is free again: a batch written (and maybe checkpointed)
 * or a checkpoint written. */
static void
write_done (RelaisReplicator *self)
{
  self->writing = FALSE;
  self->n_retries = 0;
  if (self->polling && g_queue_is_empty (&self->batches))
    set_state (self, RELAIS_REPLICATOR_WAITING);
  emit_progress (self);
  write_next (self);
  read_next (self);
  maybe_finish (self);
}

/* Nothing left to write for now: the feed is done or waits for changes. */
static gboolean
caught_up (RelaisReplicator *self)
{
  return g_queue_is_empty (&self->batches) && (self->feed_done || self->polling);
}

/* Starts writing the pending checkpoint when the write chain is free;
 * TRUE when it did. */
static gboolean
flush_checkpoint (RelaisReplicator *self)
{
  Step *step;

  if (!self->checkpoint_due || self->writing)
    return FALSE;
  self->writing = TRUE;
  step = step_new (self);
  put_checkpoints (self, step);
  return TRUE;
}

/* The head batch is written: it leaves the queue, and its checkpoint is
 * written now or later. */
static void
batch_written (RelaisReplicator *self, Step *step)
{
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < step->n_batches; i++)
    batch_free (g_queue_pop_head (&self->batches));
  self->batches_writing = 0;
  step->batch = NULL;
  self->checkpoint_due = TRUE;
  if (self->last_checkpoint_us == 0 || now - self->last_checkpoint_us >= CHECKPOINT_INTERVAL_US ||
      caught_up (self))
    {
      put_checkpoints (self, step);
      return;
    }
  step_free (step);
  write_done (self);
}

static void
checkpoint_reread_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Step) step = user_data;
  RelaisReplicator *self = step->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) log = relais_endpoint_finish (RELAIS_ENDPOINT (source), result, &error);
  char **rev = step->side == 0 ? &self->target_rev : &self->source_rev;

  if (step_stale (step))
    return;
  if (error != NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  g_free (*rev);
  *rev = log != NULL ? g_strdup (json_object_get_string_member_with_default (log, "_rev", NULL))
                     : NULL;
  put_checkpoint (g_steal_pointer (&step));
}

static void
checkpoint_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Step) step = user_data;
  RelaisReplicator *self = step->self;
  g_autoptr (GError) error = NULL;
  char *new_rev = relais_endpoint_finish (RELAIS_ENDPOINT (source), result, &error);
  char **rev = step->side == 0 ? &self->target_rev : &self->source_rev;

  if (step_stale (step))
    {
      g_free (new_rev);
      return;
    }
  if (new_rev == NULL)
    {
      gboolean conflict = g_error_matches (error, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_CONFLICT) ||
                          g_error_matches (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT);
      g_autofree char *id = g_strconcat ("_local/", self->rep_id, NULL);

      /* Someone else wrote the checkpoint (another run of the same
       * replication): take its _rev and write ours over it, once. */
      if (conflict && !step->conflict_retried)
        {
          step->conflict_retried = TRUE;
          relais_endpoint_get_local_async (RELAIS_ENDPOINT (source), id, self->attempt_cancel,
                                           checkpoint_reread_cb, g_steal_pointer (&step));
          return;
        }
      fail (self, g_steal_pointer (&error));
      return;
    }
  g_free (*rev);
  *rev = new_rev;

  if (--self->checkpoints_pending > 0)
    return;
  /* Both sides know. */
  self->checkpoint_due = FALSE;
  self->last_checkpoint_us = g_get_monotonic_time ();
  write_done (self);
}

static void
put_checkpoint (Step *step)
{
  RelaisReplicator *self = step->self;
  RelaisEndpoint *side = step->side == 0 ? self->target : self->source;
  g_autoptr (JsonObject) doc =
      checkpoint_body (self, step->side == 0 ? self->target_rev : self->source_rev);
  g_autofree char *id = g_strconcat ("_local/", self->rep_id, NULL);

  RELAIS_SYNC_TRACE ("replicator: checkpoint on the %s", step->side == 0 ? "target" : "source");
  relais_endpoint_put_local_async (side, id, doc, self->attempt_cancel, checkpoint_cb, step);
}

/* The same log on both sides at once (SYNC-NOTES.md §1.4 sets no order:
 * a run resumes from the newest session both logs know), a round trip
 * less than one after the other; @step is the write chain's. */
static void
put_checkpoints (RelaisReplicator *self, Step *step)
{
  Step *source_step = step_new (self);

  self->checkpoints_pending = 2;
  step->side = 0;
  source_step->side = 1;
  put_checkpoint (step);
  put_checkpoint (source_step);
}

static void
written_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Step) step = user_data;
  RelaisReplicator *self = step->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) errors = relais_endpoint_finish (RELAIS_ENDPOINT (source), result, &error);

  if (step_stale (step))
    return;
  if (errors == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  /* Refused documents (forbidden, invalid) are recorded, not retried:
   * they would be refused again. */
  for (guint i = 0; i < errors->len; i++)
    {
      RelaisSyncDocError *e = g_ptr_array_index (errors, i);

      g_debug ("%s %s not written: %s: %s", e->id, e->rev, e->error, e->reason);
      g_ptr_array_add (self->errors, relais_sync_doc_error_copy (e));
    }
  RELAIS_SYNC_TRACE ("replicator: %u written", step->n_docs);
  self->doc_write_failures += errors->len;
  self->docs_written += step->n_docs - MIN (errors->len, step->n_docs);

  g_free (self->since);
  self->since = g_strdup (step->batch->last_seq);
  batch_written (self, g_steal_pointer (&step));
}

static void
write_next (RelaisReplicator *self)
{
  g_autoptr (GPtrArray) docs = NULL;
  Step *step;

  /* A local write, once queued, is not cancelled (its transaction is
   * atomic): none starts after a cancellation, which a progress handler
   * may just have asked for, so that what the run reports written is
   * all it wrote. */
  if (self->task == NULL || self->writing || g_queue_is_empty (&self->batches) ||
      ((Batch *) g_queue_peek_head (&self->batches))->docs == NULL)
    return;
  /* Cancelled with a fetched batch waiting: the run ends here, as no
   * operation in flight may be left to report the cancellation (the
   * reads that answered before it go on to nothing). */
  if (self->attempt_cancel != NULL && g_cancellable_is_cancelled (self->attempt_cancel))
    {
      fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Replication cancelled"));
      return;
    }
  self->writing = TRUE;
  step = step_new (self);

  /* The fetched batches at the head, in order. Their documents move to
   * the write, which the target holds until it is done, even if the
   * attempt (and its batches) ends first. */
  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) relais_sync_doc_free);
  for (GList *l = self->batches.head; l != NULL && ((Batch *) l->data)->docs != NULL; l = l->next)
    {
      Batch *batch = l->data;

      gsize n = 0;
      g_autofree gpointer *moved = NULL;

      if (step->n_batches > 0 && step->n_docs + batch->docs->len > MAX_WRITE_DOCS)
        break;
      moved = g_ptr_array_steal (batch->docs, &n);
      for (gsize i = 0; i < n; i++)
        g_ptr_array_add (docs, moved[i]);
      step->n_docs += n;
      step->n_batches++;
      step->batch = batch;
    }

  if (step->n_docs == 0)
    {
      /* Nothing was missing: still move the checkpoint on. */
      g_free (self->since);
      self->since = g_strdup (step->batch->last_seq);
      batch_written (self, step);
      return;
    }
  RELAIS_SYNC_TRACE ("replicator: write of %u starts", step->n_docs);
  self->batches_writing = step->n_batches;
  relais_endpoint_write_async (self->target, docs, self->attempt_cancel, written_cb, step);
}

static void
merged_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Step) step = user_data;
  RelaisReplicator *self = step->self;
  g_autoptr (GError) error = NULL;
  gboolean ok = relais_sync_merge_conflicts_finish (RELAIS_LOCAL_ENDPOINT (source), result,
                                                    &self->merge_counts, &error);

  if (step_stale (step))
    return;
  self->merging = FALSE;
  if (!ok)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  g_debug ("conflicts: %u merged, %u left", self->merge_counts.merged, self->merge_counts.left);
  RELAIS_SYNC_TRACE ("replicator: conflicts merged");
  finish_run (self, NULL);
}

static void
poste_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (Step) step = user_data;
  RelaisReplicator *self = step->self;
  g_autoptr (GError) error = NULL;
  gboolean written = FALSE;
  gboolean ok = relais_poste_update_finish (RELAIS_LOCAL_ENDPOINT (source), result,
                                            &self->poste_count, &written, &error);

  if (step_stale (step))
    return;
  self->merging = FALSE;
  if (!ok)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  if (!written)
    {
      finish_run (self, NULL);
      return;
    }
  /* The report is a new local change: read on to push it too. */
  self->feed_done = FALSE;
  read_next (self);
}

static void
maybe_finish (RelaisReplicator *self)
{
  if (self->task == NULL || !self->feed_done || self->reading || self->writing || self->merging ||
      !g_queue_is_empty (&self->batches))
    return;
  /* The last batches went in before the feed said it was done. */
  if (flush_checkpoint (self))
    return;
  /* Everything is written: merge the conflicts the pull brought (and
   * those still there from before) into new local revisions, which the
   * next push sends. */
  if (self->merge_pending && self->merge_conflicts && RELAIS_IS_LOCAL_ENDPOINT (self->target))
    {
      self->merge_pending = FALSE;
      self->merging = TRUE;
      RELAIS_SYNC_TRACE ("replicator: conflict merge starts");
      relais_sync_merge_conflicts_async (RELAIS_LOCAL_ENDPOINT (self->target), self->attempt_cancel,
                                         merged_cb, step_new (self));
      return;
    }
  if (self->poste_pending && self->workstation_id != NULL &&
      RELAIS_IS_LOCAL_ENDPOINT (self->source) && !RELAIS_IS_LOCAL_ENDPOINT (self->target))
    {
      RelaisPosteUpdate update = { self->workstation_id, self->conseiller, self->since,
                                   self->errors, self->docs_written > 0 };

      self->poste_pending = FALSE;
      self->merging = TRUE;
      relais_poste_update_async (RELAIS_LOCAL_ENDPOINT (self->source), &update,
                                 self->attempt_cancel, poste_cb, step_new (self));
      return;
    }
  finish_run (self, NULL);
}

/* GObject */

static void
relais_replicator_dispose (GObject *object)
{
  RelaisReplicator *self = RELAIS_REPLICATOR (object);

  g_assert (self->task == NULL);
  clear_attempt (self);
  g_clear_object (&self->source);
  g_clear_object (&self->target);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (relais_replicator_parent_class)->dispose (object);
}

static void
relais_replicator_finalize (GObject *object)
{
  RelaisReplicator *self = RELAIS_REPLICATOR (object);

  g_free (self->rep_id);
  g_free (self->session_id);
  g_free (self->start_time);
  g_free (self->start_seq);
  g_free (self->since);
  g_free (self->read_since);
  g_free (self->source_rev);
  g_free (self->target_rev);
  g_clear_pointer (&self->history, json_array_unref);
  g_clear_pointer (&self->selector, json_object_unref);
  g_free (self->workstation_id);
  g_free (self->conseiller);
  g_ptr_array_unref (self->errors);

  G_OBJECT_CLASS (relais_replicator_parent_class)->finalize (object);
}

static void
relais_replicator_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisReplicator *self = RELAIS_REPLICATOR (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_TARGET:
      g_value_set_object (value, self->target);
      break;
    case PROP_CONTINUOUS:
      g_value_set_boolean (value, self->continuous);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_MAX_RETRIES:
      g_value_set_int (value, self->max_retries);
      break;
    case PROP_RETRY_INITIAL_DELAY:
      g_value_set_uint (value, self->retry_initial_ms);
      break;
    case PROP_RETRY_MAX_DELAY:
      g_value_set_uint (value, self->retry_max_ms);
      break;
    case PROP_MERGE_CONFLICTS:
      g_value_set_boolean (value, self->merge_conflicts);
      break;
    case PROP_WORKSTATION_ID:
      g_value_set_string (value, self->workstation_id);
      break;
    case PROP_CONSEILLER:
      g_value_set_string (value, self->conseiller);
      break;
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->monitor);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_DOCS_READ:
      g_value_set_uint64 (value, self->docs_read);
      break;
    case PROP_DOCS_WRITTEN:
      g_value_set_uint64 (value, self->docs_written);
      break;
    case PROP_DOC_WRITE_FAILURES:
      g_value_set_uint64 (value, self->doc_write_failures);
      break;
    case PROP_PENDING:
      g_value_set_int64 (value, relais_replicator_get_pending (self));
      break;
    case PROP_LAST_SEQ:
      g_value_set_string (value, self->since);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_replicator_set_property (GObject *object,
                                guint prop_id,
                                const GValue *value,
                                GParamSpec *pspec)
{
  RelaisReplicator *self = RELAIS_REPLICATOR (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;
    case PROP_TARGET:
      self->target = g_value_dup_object (value);
      break;
    case PROP_CONTINUOUS:
      self->continuous = g_value_get_boolean (value);
      break;
    case PROP_BATCH_SIZE:
      self->batch_size = g_value_get_uint (value);
      break;
    case PROP_MAX_RETRIES:
      self->max_retries = g_value_get_int (value);
      break;
    case PROP_RETRY_INITIAL_DELAY:
      self->retry_initial_ms = g_value_get_uint (value);
      break;
    case PROP_RETRY_MAX_DELAY:
      self->retry_max_ms = g_value_get_uint (value);
      break;
    case PROP_MERGE_CONFLICTS:
      self->merge_conflicts = g_value_get_boolean (value);
      break;
    case PROP_WORKSTATION_ID:
      g_free (self->workstation_id);
      self->workstation_id = g_value_dup_string (value);
      break;
    case PROP_CONSEILLER:
      g_free (self->conseiller);
      self->conseiller = g_value_dup_string (value);
      break;
    case PROP_NETWORK_MONITOR:
      g_set_object (&self->monitor, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_replicator_class_init (RelaisReplicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = relais_replicator_dispose;
  object_class->finalize = relais_replicator_finalize;
  object_class->get_property = relais_replicator_get_property;
  object_class->set_property = relais_replicator_set_property;

  properties[PROP_SOURCE] =
      g_param_spec_object ("source", NULL, NULL, RELAIS_TYPE_ENDPOINT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET] =
      g_param_spec_object ("target", NULL, NULL, RELAIS_TYPE_ENDPOINT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTINUOUS] = g_param_spec_boolean ("continuous", NULL, NULL, FALSE, rw);
  properties[PROP_BATCH_SIZE] = g_param_spec_uint ("batch-size", NULL, NULL, 1, 100000, 500, rw);
  /* -1: retry for ever (a continuous replication on a workstation). */
  properties[PROP_MAX_RETRIES] = g_param_spec_int ("max-retries", NULL, NULL, -1, G_MAXINT, 10, rw);
  properties[PROP_RETRY_INITIAL_DELAY] =
      g_param_spec_uint ("retry-initial-delay", NULL, NULL, 1, G_MAXUINT, 500, rw);
  properties[PROP_RETRY_MAX_DELAY] =
      g_param_spec_uint ("retry-max-delay", NULL, NULL, 1, G_MAXUINT, 5 * 60 * 1000, rw);
  /* Merge conflicts with disjoint edits after a pull into a local store. */
  properties[PROP_MERGE_CONFLICTS] = g_param_spec_boolean ("merge-conflicts", NULL, NULL, TRUE, rw);
  /* A push from a local store writes "poste:<workstation-id>" (unsent
   * changes, for the ELD) and sends it with the rest. */
  properties[PROP_WORKSTATION_ID] = g_param_spec_string ("workstation-id", NULL, NULL, NULL, rw);
  properties[PROP_CONSEILLER] = g_param_spec_string ("conseiller", NULL, NULL, NULL, rw);
  /* Whose "network-changed" (available) ends a retry's wait at once; NULL:
   * g_network_monitor_get_default(), when the run starts. */
  properties[PROP_NETWORK_MONITOR] =
      g_param_spec_object ("network-monitor", NULL, NULL, G_TYPE_NETWORK_MONITOR,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, RELAIS_REPLICATOR_IDLE,
                                             RELAIS_REPLICATOR_FAILED, RELAIS_REPLICATOR_IDLE, ro);
  properties[PROP_DOCS_READ] = g_param_spec_uint64 ("docs-read", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_DOCS_WRITTEN] =
      g_param_spec_uint64 ("docs-written", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_DOC_WRITE_FAILURES] =
      g_param_spec_uint64 ("doc-write-failures", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_PENDING] = g_param_spec_int64 ("pending", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_LAST_SEQ] = g_param_spec_string ("last-seq", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After every checkpoint: the counters moved. */
  signals[SIGNAL_PROGRESS] = g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
relais_replicator_init (RelaisReplicator *self)
{
  self->batch_size = 500;
  self->max_retries = 10;
  self->retry_initial_ms = 500;
  self->retry_max_ms = 5 * 60 * 1000;
  self->source_seq = -1;
  self->merge_conflicts = TRUE;
  self->poste_count = -1;
  self->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) relais_sync_doc_error_free);
  g_queue_init (&self->batches);
}

/* Public API */

RelaisReplicator *
relais_replicator_new (RelaisEndpoint *source, RelaisEndpoint *target)
{
  g_return_val_if_fail (RELAIS_IS_ENDPOINT (source), NULL);
  g_return_val_if_fail (RELAIS_IS_ENDPOINT (target), NULL);

  return g_object_new (RELAIS_TYPE_REPLICATOR, "source", source, "target", target, NULL);
}

/**
 * relais_replicator_run_async:
 *
 * Replicates from the checkpoint on. A one-shot run ends when the source
 * has nothing more; a continuous one ends only when @cancellable is
 * cancelled or on an error that retrying cannot cure.
 */
void
relais_replicator_run_async (RelaisReplicator *self,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_autoptr (GCancellable) own = NULL;

  g_return_if_fail (RELAIS_IS_REPLICATOR (self));
  g_return_if_fail (self->task == NULL);

  if (cancellable == NULL)
    cancellable = own = g_cancellable_new ();
  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, relais_replicator_run_async);
  g_clear_pointer (&self->session_id, g_free);
  g_clear_pointer (&self->start_time, g_free);
  g_clear_pointer (&self->start_seq, g_free);
  self->n_retries = 0;
  self->merge_pending = TRUE;
  self->merge_counts = (RelaisMergeCounts){ 0 };
  self->poste_pending = TRUE;
  self->poste_count = -1;

  self->cancel_id =
      g_cancellable_connect (cancellable, G_CALLBACK (run_cancelled_main_cb), self, NULL);
  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->monitor_id =
      g_signal_connect (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self);

  start_attempt (self);
}

gboolean
relais_replicator_run_finish (RelaisReplicator *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
run_sync_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs on the thread-default main context until the run ends. */
gboolean
relais_replicator_run_sync (RelaisReplicator *self, GCancellable *cancellable, GError **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), FALSE);

  relais_replicator_run_async (self, cancellable, run_sync_cb, &result);
  while (result == NULL)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  return relais_replicator_run_finish (self, result, error);
}

RelaisEndpoint *
relais_replicator_get_source (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), NULL);
  return self->source;
}

RelaisEndpoint *
relais_replicator_get_target (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), NULL);
  return self->target;
}

RelaisReplicatorState
relais_replicator_get_state (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), RELAIS_REPLICATOR_IDLE);
  return self->state;
}

const char *
relais_replicator_state_to_string (RelaisReplicatorState state)
{
  switch (state)
    {
    case RELAIS_REPLICATOR_IDLE:
      return "idle";
    case RELAIS_REPLICATOR_RUNNING:
      return "running";
    case RELAIS_REPLICATOR_WAITING:
      return "waiting";
    case RELAIS_REPLICATOR_RETRYING:
      return "retrying";
    case RELAIS_REPLICATOR_DONE:
      return "done";
    case RELAIS_REPLICATOR_FAILED:
      return "failed";
    default:
      return "unknown";
    }
}

/* The 32 hex digits after "_local/" of the checkpoints; NULL before the
 * first run has met both peers. */
const char *
relais_replicator_get_replication_id (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), NULL);
  return self->rep_id;
}

/* The source sequence up to which everything is written and checkpointed. */
const char *
relais_replicator_get_last_seq (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), NULL);
  return self->since;
}

guint64
relais_replicator_get_docs_read (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), 0);
  return self->docs_read;
}

guint64
relais_replicator_get_docs_written (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), 0);
  return self->docs_written;
}

guint64
relais_replicator_get_doc_write_failures (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), 0);
  return self->doc_write_failures;
}

/* Source changes not yet checkpointed (an estimate from sequence numbers),
 * -1 when the source's sequences are not numbers. */
gint64
relais_replicator_get_pending (RelaisReplicator *self)
{
  gint64 since;

  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), -1);
  if (self->source_seq < 0 || !parse_int_seq (self->since, &since))
    return -1;
  return MAX (self->source_seq - since, 0);
}

guint
relais_replicator_get_n_retries (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), 0);
  return self->total_retries;
}

/**
 * relais_replicator_get_errors:
 *
 * Returns: (transfer none) (element-type RelaisSyncDocError): the
 *   documents the target refused, in the order met
 */
GPtrArray *
relais_replicator_get_errors (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), NULL);
  return self->errors;
}

/* Both endpoints' timings, summed. */
void
relais_replicator_get_timings (RelaisReplicator *self, RelaisSyncTimings *timings)
{
  RelaisSyncTimings source = { 0 }, target = { 0 };

  g_return_if_fail (RELAIS_IS_REPLICATOR (self));
  g_return_if_fail (timings != NULL);

  relais_endpoint_get_timings (self->source, &source);
  relais_endpoint_get_timings (self->target, &target);
  timings->network_us = source.network_us + target.network_us;
  timings->parse_us = source.parse_us + target.parse_us;
  timings->read_us = source.read_us + target.read_us;
  timings->write_us = source.write_us + target.write_us;
  timings->requests = source.requests + target.requests;
}

/* After a one-shot pull into a local store (merge-conflicts): the
 * conflicts merged automatically, and those left for a person. */
guint
relais_replicator_get_conflicts_merged (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), 0);
  return self->merge_counts.merged;
}

guint
relais_replicator_get_conflicts_left (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), 0);
  return self->merge_counts.left;
}

/**
 * relais_replicator_set_selector:
 * @selector: (nullable): a Mango selector (relais-selector.h), NULL for
 *   every document
 *
 * Replicates only the documents matching @selector: a remote source
 * filters with `POST _changes?filter=_selector`, a local one with the
 * same core rule. Set it before the first run; the replication id
 * depends on it.
 */
gboolean
relais_replicator_set_selector (RelaisReplicator *self, JsonObject *selector, GError **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), FALSE);
  g_return_val_if_fail (self->task == NULL, FALSE);

  if (selector != NULL)
    {
      node = json_node_init_object (json_node_alloc (), selector);
      if (!relais_selector_check (node, error))
        return FALSE;
    }
  g_clear_pointer (&self->selector, json_object_unref);
  g_clear_pointer (&self->rep_id, g_free);
  if (selector != NULL)
    self->selector = json_object_ref (selector);
  if (RELAIS_IS_REMOTE_ENDPOINT (self->source))
    relais_remote_endpoint_set_selector (RELAIS_REMOTE_ENDPOINT (self->source), selector);
  else if (RELAIS_IS_LOCAL_ENDPOINT (self->source))
    relais_local_endpoint_set_selector (RELAIS_LOCAL_ENDPOINT (self->source), selector);
  return TRUE;
}

/* The unsent changes the last push reported in its poste document, -1
 * when it wrote none. */
gint64
relais_replicator_get_unsent (RelaisReplicator *self)
{
  g_return_val_if_fail (RELAIS_IS_REPLICATOR (self), -1);
  return self->poste_count;
}

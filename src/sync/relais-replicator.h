/* relais-replicator.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "relais-endpoint.h"

G_BEGIN_DECLS

typedef enum
{
  RELAIS_REPLICATOR_IDLE,     /* not started */
  RELAIS_REPLICATOR_RUNNING,  /* moving changes */
  RELAIS_REPLICATOR_WAITING,  /* continuous: caught up, waiting for changes */
  RELAIS_REPLICATOR_RETRYING, /* a network failure: waiting before trying again */
  RELAIS_REPLICATOR_DONE,
  RELAIS_REPLICATOR_FAILED,
} RelaisReplicatorState;

#define RELAIS_TYPE_REPLICATOR (relais_replicator_get_type ())
G_DECLARE_FINAL_TYPE (RelaisReplicator, relais_replicator, RELAIS, REPLICATOR, GObject)

RelaisReplicator *relais_replicator_new (RelaisEndpoint *source, RelaisEndpoint *target);

void relais_replicator_run_async (RelaisReplicator *self,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
gboolean
relais_replicator_run_finish (RelaisReplicator *self, GAsyncResult *result, GError **error);
gboolean
relais_replicator_run_sync (RelaisReplicator *self, GCancellable *cancellable, GError **error);

RelaisEndpoint *relais_replicator_get_source (RelaisReplicator *self);
RelaisEndpoint *relais_replicator_get_target (RelaisReplicator *self);
RelaisReplicatorState relais_replicator_get_state (RelaisReplicator *self);
const char *relais_replicator_state_to_string (RelaisReplicatorState state);
const char *relais_replicator_get_replication_id (RelaisReplicator *self);
const char *relais_replicator_get_last_seq (RelaisReplicator *self);
guint64 relais_replicator_get_docs_read (RelaisReplicator *self);
guint64 relais_replicator_get_docs_written (RelaisReplicator *self);
guint64 relais_replicator_get_doc_write_failures (RelaisReplicator *self);
gint64 relais_replicator_get_pending (RelaisReplicator *self);
guint relais_replicator_get_n_retries (RelaisReplicator *self);
GPtrArray *relais_replicator_get_errors (RelaisReplicator *self);
void relais_replicator_get_timings (RelaisReplicator *self, RelaisSyncTimings *timings);
gboolean
relais_replicator_set_selector (RelaisReplicator *self, JsonObject *selector, GError **error);
guint relais_replicator_get_conflicts_merged (RelaisReplicator *self);
guint relais_replicator_get_conflicts_left (RelaisReplicator *self);
gint64 relais_replicator_get_unsent (RelaisReplicator *self);

G_END_DECLS

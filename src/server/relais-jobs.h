/* relais-jobs.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The server jobs (DESIGN.md "The server"): over every `agence-*`
 * database, close the offers whose employer did not answer the relance
 * within 8 days and alert the recruiters of offers without movement, with
 * the rules of relais-offer-rules.h, and write their messages to the
 * outbox maildir.
 */

#pragma once

#include "relais-db-registry.h"
#include "relais-outbox.h"
#include "relais-server-config.h"

G_BEGIN_DECLS

#define RELAIS_JOBS_DB_PREFIX "agence-"

typedef struct
{
  guint databases; /* agency databases looked at */
  guint closed;    /* offers closed for want of an answer to the relance */
  guint alerts;    /* no-movement alerts raised */
  guint messages;  /* messages delivered into outbox/new by this run */
  guint recovered; /* messages of an earlier, interrupted run delivered now */
  guint discarded; /* staged messages of an event that never got written */
  guint failed;    /* offers left for the next run (conflict, invalid body) */
} RelaisJobsReport;

char *relais_jobs_outbox_dir (const char *data_dir);
gboolean relais_jobs_run (RelaisDbRegistry *registry,
                          RelaisOutbox *outbox,
                          const char *from,
                          GDateTime *now,
                          RelaisJobsReport *report,
                          GError **error);

/* The periodic run inside `serve`, on the main loop, with the real clock. */
typedef struct _RelaisJobsTimer RelaisJobsTimer;

RelaisJobsTimer *relais_jobs_timer_start (RelaisDbRegistry *registry,
                                          const RelaisServerConfig *config,
                                          GError **error);
void relais_jobs_timer_stop (RelaisJobsTimer *timer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisJobsTimer, relais_jobs_timer_stop)

G_END_DECLS

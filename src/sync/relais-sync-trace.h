/* relais-sync-trace.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * RELAIS_SYNC_TRACE=1: one timestamped line on stderr per replication
 * step, request and store operation, to find where the fixed costs of a
 * small replication go (a few ms each, which a profiler's samples miss).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean relais_sync_trace_enabled (void);
void relais_sync_trace (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Only formats its arguments when tracing is on. */
#define RELAIS_SYNC_TRACE(...)                                                                     \
  G_STMT_START                                                                                     \
  {                                                                                                \
    if (G_UNLIKELY (relais_sync_trace_enabled ()))                                                 \
      relais_sync_trace (__VA_ARGS__);                                                             \
  }                                                                                                \
  G_STMT_END

G_END_DECLS

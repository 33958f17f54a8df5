/* relais-sync-trace.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#define G_LOG_DOMAIN "relais-sync"

#include "config.h"

#include <stdio.h>

#include "relais-sync-trace.h"

gboolean
relais_sync_trace_enabled (void)
{
  static gsize enabled = 0;

  if (g_once_init_enter (&enabled))
    g_once_init_leave (&enabled, g_getenv ("RELAIS_SYNC_TRACE") != NULL ? 2 : 1);
  return enabled == 2;
}

void
relais_sync_trace (const char *format, ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* Monotonic ms, comparable with `perf record -k CLOCK_MONOTONIC`; one
   * fprintf per line so that the threads' lines do not mix. */
  fprintf (stderr, "trace %.3f [%p] %s\n", g_get_monotonic_time () / 1e3, (void *) g_thread_self (),
           text);
}

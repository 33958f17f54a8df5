/* relais-slice.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * GLib 2.74's slice allocator (json-glib's nodes, GHashTable, GList…)
 * against plain malloc, which GLib itself uses from 2.76 on. A pull of
 * 20,000 DE parses every document in one thread and frees it in another:
 * g_slice_alloc was 11.7 % of the replicator's samples, and with
 * G_SLICE=always-malloc the pull took 12–15 % less CPU in the replicator's
 * process and the push 10–20 % less in relais-server (bench-sync, three
 * runs each way). The variable is read once, when GLib's first slice is
 * allocated, which GObject's constructor does before main(): setting it
 * in main() is too late, so the process starts itself again with it.
 */

#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include "relais-slice.h"

/* Sanitizer builds keep GLib's default: with plain malloc LeakSanitizer
 * sees what slices hid from it, libsoup 3.2's and GIO's own objects left
 * at exit (soup_server_get_uris()'s addresses, accepted sockets). */
#if defined(__SANITIZE_ADDRESS__)
#define RELAIS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RELAIS_SANITIZED 1
#endif
#endif
#ifndef RELAIS_SANITIZED
#define RELAIS_SANITIZED 0
#endif

/**
 * relais_slice_use_malloc:
 * @argv: main()'s arguments
 *
 * First thing in main(): on a GLib older than 2.76 whose G_SLICE is not
 * set, sets G_SLICE=always-malloc and executes the program again with the
 * same arguments (the same process: pid, descriptors and signals stay).
 * A G_SLICE already set, even empty, is left as it is (`G_SLICE=` keeps
 * the slice allocator, to compare), and so is a sanitizer build's. If the
 * program cannot be executed again it goes on as it is.
 */
void
relais_slice_use_malloc (char **argv)
{
  if (RELAIS_SANITIZED || glib_check_version (2, 76, 0) == NULL || getenv ("G_SLICE") != NULL ||
      argv == NULL || argv[0] == NULL)
    return;
  if (setenv ("G_SLICE", "always-malloc", 1) != 0)
    return;
  execv ("/proc/self/exe", argv);
  /* Not executed (no /proc): the slice allocator stays, nothing is lost. */
  unsetenv ("G_SLICE");
}

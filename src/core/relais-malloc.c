/* relais-malloc.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * How Relais's processes allocate, set first thing in main().
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
 *
 * glibc's fast bins are turned off. A freed chunk of up to 128 bytes
 * waits in them uncoalesced, and every later request of 1 KB or more
 * (each document's canonical text) first consolidates them all: with the
 * millions of small nodes and strings json-glib makes for a pull,
 * malloc_consolidate() was 7 % of the replicator's samples. Without fast
 * bins those chunks go to the thread cache or are coalesced when freed:
 * the full pull of 20,000 DE took 11 % less CPU (1,740 against 1,960 ms,
 * median of four alternated runs each), and the app's start, memory and
 * search did not move.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>

#include "relais-malloc.h"

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

/* Both processes of a restart set it: mallopt() is not inherited. A
 * GLIBC_TUNABLES that sets glibc.malloc.mxfast itself is left to say
 * (`GLIBC_TUNABLES=glibc.malloc.mxfast=128` brings the fast bins back, to
 * compare). */
static void
disable_fast_bins (void)
{
#ifdef __GLIBC__
  const char *tunables = getenv ("GLIBC_TUNABLES");

  if (!RELAIS_SANITIZED && (tunables == NULL || strstr (tunables, "glibc.malloc.mxfast") == NULL))
    mallopt (M_MXFAST, 0);
#endif
}

/**
 * relais_malloc_setup:
 * @argv: main()'s arguments
 *
 * First thing in main(): turns glibc's fast bins off; then, on a GLib
 * older than 2.76 whose G_SLICE is not
 * set, sets G_SLICE=always-malloc and executes the program again with the
 * same arguments (the same process: pid, descriptors and signals stay).
 * A G_SLICE already set, even empty, is left as it is (`G_SLICE=` keeps
 * the slice allocator, to compare), and so is a sanitizer build's. If the
 * program cannot be executed again it goes on as it is.
 */
void
relais_malloc_setup (char **argv)
{
  char path[4096];
  ssize_t length;

  disable_fast_bins ();
  if (RELAIS_SANITIZED || glib_check_version (2, 76, 0) == NULL || getenv ("G_SLICE") != NULL ||
      argv == NULL || argv[0] == NULL)
    return;
  /* The program's own path, not /proc/self/exe: the kernel names a
   * process after the file executed, and ps, top and the journal would
   * show "exe". */
  length = readlink ("/proc/self/exe", path, sizeof path - 1);
  if (length <= 0 || (size_t) length >= sizeof path - 1)
    return;
  path[length] = '\0';
  if (setenv ("G_SLICE", "always-malloc", 1) != 0)
    return;
  execv (path, argv);
  /* Not executed (no /proc): the slice allocator stays, nothing is lost. */
  unsetenv ("G_SLICE");
}

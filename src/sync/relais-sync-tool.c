/* relais-sync-tool.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 *   relais-sync SOURCE TARGET [--continuous] [--user NAME] [--password P]
 *               [--session] [--batch N] [--ca-file FILE] [--create-target] [--timings]
 *
 * Each side is an http(s) database URL or a store file path. The password
 * may come from RELAIS_SYNC_PASSWORD instead of the command line (which
 * other users can read in the process list).
 */

#define G_LOG_DOMAIN "relais-sync"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <unistd.h>

#include "relais-local-endpoint.h"
#include "relais-remote-endpoint.h"
#include "relais-replicator.h"

typedef struct
{
  RelaisReplicator *replicator;
  GCancellable *cancellable;
  gboolean tty;
  gboolean done;
  gboolean ok;
  GError *error;
} Run;

static void
progress_cb (RelaisReplicator *replicator, gpointer user_data)
{
  Run *run = user_data;
  gint64 pending = relais_replicator_get_pending (replicator);

  if (!run->tty)
    return;
  fprintf (stderr, "\r\033[K%s: %" G_GUINT64_FORMAT " read, %" G_GUINT64_FORMAT " written",
           relais_replicator_state_to_string (relais_replicator_get_state (replicator)),
           relais_replicator_get_docs_read (replicator),
           relais_replicator_get_docs_written (replicator));
  if (relais_replicator_get_doc_write_failures (replicator) > 0)
    fprintf (stderr, ", %" G_GUINT64_FORMAT " refused",
             relais_replicator_get_doc_write_failures (replicator));
  if (pending >= 0)
    fprintf (stderr, ", %" G_GINT64_FORMAT " pending", pending);
  fprintf (stderr, " (seq %s)", relais_replicator_get_last_seq (replicator));
  fflush (stderr);
}

static void
state_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  progress_cb (RELAIS_REPLICATOR (object), user_data);
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;

  run->ok = relais_replicator_run_finish (RELAIS_REPLICATOR (source), result, &run->error);
  run->done = TRUE;
}

static gboolean
interrupt_cb (gpointer user_data)
{
  Run *run = user_data;

  g_cancellable_cancel (run->cancellable);
  return G_SOURCE_CONTINUE;
}

static RelaisEndpoint *
make_endpoint (const char *location,
               const char *user,
               const char *password,
               gboolean session,
               const char *ca_file,
               gboolean create,
               GError **error)
{
  g_autoptr (RelaisEndpoint) endpoint = relais_endpoint_new_for_location (location, error);

  if (endpoint == NULL)
    return NULL;
  if (RELAIS_IS_REMOTE_ENDPOINT (endpoint))
    {
      RelaisRemoteEndpoint *remote = RELAIS_REMOTE_ENDPOINT (endpoint);

      if (user != NULL)
        relais_remote_endpoint_set_credentials (remote, user, password,
                                                session ? RELAIS_AUTH_SESSION : RELAIS_AUTH_BASIC);
      if (ca_file != NULL && !relais_remote_endpoint_set_ca_file (remote, ca_file, error))
        return NULL;
      relais_remote_endpoint_set_create_target (remote, create);
    }
  return g_steal_pointer (&endpoint);
}

int
main (int argc, char **argv)
{
  gboolean continuous = FALSE, session = FALSE, create = FALSE, timings = FALSE;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *ca_file = NULL;
  int batch = 500;
  GOptionEntry entries[] = {
    { "continuous", 'c', 0, G_OPTION_ARG_NONE, &continuous, "Keep replicating new changes", NULL },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, "User name on the server(s)", "NAME" },
    { "password", 'p', 0, G_OPTION_ARG_STRING, &password,
      "Password (default: $RELAIS_SYNC_PASSWORD)", "P" },
    { "session", 0, 0, G_OPTION_ARG_NONE, &session, "Log in with /_session (cookie)", NULL },
    { "batch", 'b', 0, G_OPTION_ARG_INT, &batch, "Changes per batch (default 500)", "N" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "CA certificates to trust (PEM)", "FILE" },
    { "create-target", 0, 0, G_OPTION_ARG_NONE, &create, "Create the target database", NULL },
    { "timings", 0, 0, G_OPTION_ARG_NONE, &timings, "Print where the time went", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("SOURCE TARGET");
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisEndpoint) source = NULL;
  g_autoptr (RelaisEndpoint) target = NULL;
  g_autoptr (RelaisReplicator) replicator = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Run run = { 0 };
  gint64 start;
  double seconds;
  guint sigint_id, sigterm_id;

  setlocale (LC_ALL, "");
  g_option_context_set_summary (context,
                                "Replicates a Relais or CouchDB database. Each side is an http(s)\n"
                                "database URL or the path of a local store file.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3 || batch < 1)
    {
      g_printerr ("relais-sync: %s\n",
                  error != NULL ? error->message : "usage: relais-sync SOURCE TARGET [OPTION…]");
      return 2;
    }
  if (password == NULL && g_getenv ("RELAIS_SYNC_PASSWORD") != NULL)
    password = g_strdup (g_getenv ("RELAIS_SYNC_PASSWORD"));

  if ((source = make_endpoint (argv[1], user, password, session, ca_file, FALSE, &error)) == NULL ||
      (target = make_endpoint (argv[2], user, password, session, ca_file, create, &error)) == NULL)
    {
      g_printerr ("relais-sync: %s\n", error->message);
      return 2;
    }

  replicator = relais_replicator_new (source, target);
  g_object_set (replicator, "continuous", continuous, "batch-size", (guint) batch, "max-retries",
                continuous ? -1 : 5, NULL);

  run.replicator = replicator;
  run.cancellable = cancellable;
  run.tty = isatty (STDERR_FILENO);
  g_signal_connect (replicator, "progress", G_CALLBACK (progress_cb), &run);
  g_signal_connect (replicator, "notify::state", G_CALLBACK (state_cb), &run);
  sigint_id = g_unix_signal_add (SIGINT, interrupt_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, interrupt_cb, &run);

  start = g_get_monotonic_time ();
  relais_replicator_run_async (replicator, cancellable, done_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  if (run.tty)
    fprintf (stderr, "\r\033[K");
  printf ("%" G_GUINT64_FORMAT " docs read, %" G_GUINT64_FORMAT " written, %" G_GUINT64_FORMAT
          " refused, %.2f s\n",
          relais_replicator_get_docs_read (replicator),
          relais_replicator_get_docs_written (replicator),
          relais_replicator_get_doc_write_failures (replicator), seconds);
  for (guint i = 0; i < relais_replicator_get_errors (replicator)->len; i++)
    {
      RelaisSyncDocError *e = g_ptr_array_index (relais_replicator_get_errors (replicator), i);

      printf ("  refused %s %s: %s: %s\n", e->id ? e->id : "?", e->rev ? e->rev : "?", e->error,
              e->reason);
    }
  if (timings)
    {
      RelaisSyncTimings t = { 0 };

      relais_replicator_get_timings (replicator, &t);
      printf ("timings: network %.3f s (%u requests), JSON parse %.3f s, store reads %.3f s,"
              " store writes %.3f s (sums over overlapping stages)\n",
              t.network_us / 1e6, t.requests, t.parse_us / 1e6, t.read_us / 1e6, t.write_us / 1e6);
    }

  if (!run.ok)
    {
      g_printerr ("relais-sync: %s\n", run.error->message);
      g_clear_error (&run.error);
      return 1;
    }
  return relais_replicator_get_doc_write_failures (replicator) > 0 ? 3 : 0;
}

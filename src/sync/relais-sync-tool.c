/* relais-sync-tool.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 *   relais-sync SOURCE TARGET [--continuous] [--user NAME] [--password P]
 *               [--session] [--batch N] [--ca-file FILE] [--create-target] [--timings]
 *               [--filter SELECTOR | --portfolio CONSEILLER_ID] [--no-merge]
 *               [--workstation ID [--conseiller CONSEILLER_ID]]
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

#include "relais-core.h"
#include "relais-local-endpoint.h"
#include "relais-portfolio.h"
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

typedef struct
{
  gboolean continuous, merge, timings;
  int batch;
  const char *workstation;
  const char *conseiller;
} Settings;

/* One replication to its end; 0 when it went through, else the exit code. */
static int
replicate (RelaisEndpoint *source,
           RelaisEndpoint *target,
           JsonObject *selector,
           const Settings *settings)
{
  g_autoptr (RelaisReplicator) replicator = relais_replicator_new (source, target);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  Run run = { 0 };
  gint64 start;
  double seconds;
  guint sigint_id, sigterm_id;

  g_object_set (replicator, "continuous", settings->continuous, "batch-size",
                (guint) settings->batch, "max-retries", settings->continuous ? -1 : 5,
                "merge-conflicts", settings->merge, "workstation-id", settings->workstation,
                "conseiller", settings->conseiller, NULL);
  if (!relais_replicator_set_selector (replicator, selector, &error))
    {
      g_printerr ("relais-sync: --filter: %s\n", error->message);
      return 2;
    }

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
  if (RELAIS_IS_LOCAL_ENDPOINT (target) && settings->merge && run.ok)
    printf ("conflicts: %u merged, %u left for a person\n",
            relais_replicator_get_conflicts_merged (replicator),
            relais_replicator_get_conflicts_left (replicator));
  if (relais_replicator_get_unsent (replicator) >= 0)
    printf ("unsent changes reported: %" G_GINT64_FORMAT "\n",
            relais_replicator_get_unsent (replicator));
  for (guint i = 0; i < relais_replicator_get_errors (replicator)->len; i++)
    {
      RelaisSyncDocError *e = g_ptr_array_index (relais_replicator_get_errors (replicator), i);

      printf ("  refused %s %s: %s: %s\n", e->id ? e->id : "?", e->rev ? e->rev : "?", e->error,
              e->reason);
    }
  if (settings->timings)
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

int
main (int argc, char **argv)
{
  gboolean continuous = FALSE, session = FALSE, create = FALSE, timings = FALSE, no_merge = FALSE;
  g_autofree char *user = NULL;
  g_autofree char *password = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *portfolio = NULL;
  g_autofree char *workstation = NULL;
  g_autofree char *conseiller = NULL;
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
    { "filter", 'f', 0, G_OPTION_ARG_STRING, &filter,
      "Only the documents matching a Mango selector (JSON), e.g. '{\"type\":\"offre\"}'",
      "SELECTOR" },
    { "portfolio", 0, 0, G_OPTION_ARG_STRING, &portfolio,
      "Pull one counsellor's portfolio into a local store: their DE, what is attached to "
      "them, and the shared types (data minimisation, not access control)",
      "CONSEILLER_ID" },
    { "no-merge", 0, 0, G_OPTION_ARG_NONE, &no_merge,
      "Do not merge conflicts (disjoint edits) after a pull into a local store", NULL },
    { "workstation", 'w', 0, G_OPTION_ARG_STRING, &workstation,
      "Push: report the unsent changes in the document poste:ID", "ID" },
    { "conseiller", 0, 0, G_OPTION_ARG_STRING, &conseiller,
      "With --workstation: the counsellor working on it", "CONSEILLER_ID" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("SOURCE TARGET");
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisEndpoint) source = NULL;
  g_autoptr (RelaisEndpoint) target = NULL;
  g_autoptr (JsonObject) selector = NULL;
  Settings settings = { 0 };
  int status;

  /* Before anything else runs (the context above only allocated). */
  relais_malloc_setup (argv);
  setlocale (LC_ALL, "");
  g_option_context_set_summary (context,
                                "Replicates a Relais or CouchDB database. Each side is an http(s)\n"
                                "database URL or the path of a local store file.");
  g_option_context_set_description (
      context, "A filtered pull (--filter, --portfolio) is its own replication, with its own\n"
               "checkpoint. --portfolio first pulls the counsellor's DE ({\"type\":\"de\",\n"
               "\"referent\": ID}), then what is attached to them; it needs a local TARGET.\n"
               "Conflicts whose edits touch different fields are merged after a pull into\n"
               "a local store; the others are left for a person.\n");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3 || batch < 1)
    {
      g_printerr ("relais-sync: %s\n",
                  error != NULL ? error->message : "usage: relais-sync SOURCE TARGET [OPTION…]");
      return 2;
    }
  if (filter != NULL && portfolio != NULL)
    {
      g_printerr ("relais-sync: --filter and --portfolio exclude each other\n");
      return 2;
    }
  if (filter != NULL && (selector = relais_json_parse_object (filter, -1, &error)) == NULL)
    {
      g_printerr ("relais-sync: --filter: %s\n", error->message);
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
  if (portfolio != NULL && !RELAIS_IS_LOCAL_ENDPOINT (target))
    {
      g_printerr ("relais-sync: --portfolio needs a local store as TARGET\n");
      return 2;
    }

  settings.continuous = continuous;
  settings.merge = !no_merge;
  settings.timings = timings;
  settings.batch = batch;
  settings.workstation = workstation;
  settings.conseiller = conseiller;

  if (portfolio != NULL)
    {
      g_autoptr (JsonObject) first = relais_portfolio_de_selector (portfolio);
      g_auto (GStrv) ids = NULL;
      Settings once = settings;

      /* Step 1 is one-shot: step 2 (maybe continuous) needs its result. */
      once.continuous = FALSE;
      if ((status = replicate (source, target, first, &once)) != 0)
        return status;
      ids = relais_portfolio_local_de_ids (
          relais_local_endpoint_get_path (RELAIS_LOCAL_ENDPOINT (target)), portfolio, &error);
      if (ids == NULL)
        {
          g_printerr ("relais-sync: %s\n", error->message);
          return 1;
        }
      printf ("portfolio of %s: %u DE\n", portfolio, g_strv_length (ids));
      selector = relais_portfolio_selector (portfolio, (const char *const *) ids);
    }
  return replicate (source, target, selector, &settings);
}

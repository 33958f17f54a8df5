/* main.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * relais-server serve [--config FILE] [--address A] [--port N]
 *                     [--data-dir DIR] [--log-level LEVEL]
 * relais-server jobs run [--config FILE] [--data-dir DIR] [--now ISO8601]
 * relais-server referential import DIR [--config FILE] [--data-dir DATA]
 * relais-server demo DATADIR [--de N] [--seed S] [--agence CODE]
 *
 * The administration subcommands work on the data folder directly: run
 * them while `serve` is stopped (a running server would not wake its
 * feeds for their writes; `serve` runs the jobs itself).
 * relais-server user … | db …   (relais-admin-cli.c)
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "relais-admin.h"
#include "relais-jobs.h"
#include "relais-offer-rules.h"
#include "relais-admin-cli.h"
#include "relais-server.h"
#include "relais-malloc.h"

static GLogLevelFlags max_log_level = G_LOG_LEVEL_INFO;

/* The longest a stop waits for the requests in progress. */
#define DRAIN_TIMEOUT_MS 10000

typedef struct
{
  RelaisServer *server;
  GMainLoop *loop;
  gboolean draining;
} Running;

/* Everything up to the configured level goes to stderr (or the journal);
 * stdout carries only the "listening on" line that tests and scripts read. */
static GLogWriterOutput
log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  if ((level & G_LOG_LEVEL_MASK) > max_log_level)
    return G_LOG_WRITER_HANDLED;
  if (g_log_writer_is_journald (fileno (stderr)) &&
      g_log_writer_journald (level, fields, n_fields, user_data) == G_LOG_WRITER_HANDLED)
    return G_LOG_WRITER_HANDLED;
  {
    /* Not g_log_writer_standard_streams(): it sends INFO to stdout. */
    g_autofree char *line = g_log_writer_format_fields (
        level, fields, n_fields, g_log_writer_supports_color (fileno (stderr)));

    fprintf (stderr, "%s\n", line);
    fflush (stderr);
  }
  return G_LOG_WRITER_HANDLED;
}

static gboolean
quit_cb (gpointer user_data)
{
  Running *running = user_data;

  g_main_loop_quit (running->loop);
  return G_SOURCE_REMOVE;
}

/* The requests in progress answered: connections closed, and a short
 * grace for the last responses to leave. */
static gboolean
drained_cb (gpointer user_data)
{
  Running *running = user_data;

  relais_server_shutdown (running->server);
  g_timeout_add (100, quit_cb, user_data);
  return G_SOURCE_REMOVE;
}

static gboolean
sigterm_cb (gpointer user_data)
{
  Running *running = user_data;

  /* Every acknowledged write is already committed, and the stores are
   * closed (checkpointing the WAL) when the server goes; what is in
   * progress is finished and answered first (relais_server_drain()),
   * within systemd's 90 s by far. A second signal stops at once. */
  if (running->draining)
    {
      g_message ("stopping now");
      relais_server_shutdown (running->server);
      g_main_loop_quit (running->loop);
      return G_SOURCE_REMOVE;
    }
  g_message ("shutting down");
  running->draining = TRUE;
  relais_server_drain (running->server, DRAIN_TIMEOUT_MS, drained_cb, running);
  return G_SOURCE_CONTINUE;
}

static int
serve (int argc, char **argv)
{
  g_autoptr (RelaisServerConfig) config = relais_server_config_new ();
  g_autoptr (GOptionContext) context = g_option_context_new ("serve — run the sync server");
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisServer) server = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *address = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *log_level = NULL;
  g_autofree char *url = NULL;
  int port = -1;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Configuration file", "FILE" },
    { "address", 'a', 0, G_OPTION_ARG_STRING, &address, "Address to listen on", "ADDRESS" },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port (0: any free port)", "PORT" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "Data folder", "DIR" },
    { "log-level", 0, 0, G_OPTION_ARG_STRING, &log_level, "error … debug", "LEVEL" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto fail;

  if (config_path != NULL && !relais_server_config_load (config, config_path, &error))
    goto fail;
  if (address != NULL)
    {
      g_free (config->address);
      config->address = g_steal_pointer (&address);
    }
  if (data_dir != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_steal_pointer (&data_dir);
    }
  if (port >= 0)
    config->port = (guint) port;
  if (log_level != NULL &&
      !relais_server_config_parse_log_level (log_level, &config->log_level, &error))
    goto fail;
  max_log_level = config->log_level;

  if ((server = relais_server_new (config, &error)) == NULL ||
      !relais_server_listen (server, &error))
    goto fail;

  url = relais_server_get_url (server);
  g_print ("listening on %s\n", url);
  fflush (stdout);
  g_message ("listening on %s, data in %s", url, config->data_dir);

  loop = g_main_loop_new (NULL, FALSE);
  {
    Running running = { server, loop, FALSE };

    g_unix_signal_add (SIGTERM, sigterm_cb, &running);
    g_unix_signal_add (SIGINT, sigterm_cb, &running);
    g_main_loop_run (loop);
  }
  g_message ("stopped");
  return 0;

fail:
  g_printerr ("relais-server: %s\n", error->message);
  return 1;
}

/* The configuration of an administration subcommand: the file when given,
 * then --data-dir over it. */
static RelaisServerConfig *
admin_config (const char *config_path, char *data_dir /* owned */, GError **error)
{
  g_autoptr (RelaisServerConfig) config = relais_server_config_new ();
  g_autofree char *owned = data_dir;

  if (config_path != NULL && !relais_server_config_load (config, config_path, error))
    return NULL;
  if (owned != NULL)
    {
      g_free (config->data_dir);
      config->data_dir = g_steal_pointer (&owned);
    }
  return g_steal_pointer (&config);
}

static int
jobs_run (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("run — run the server jobs once");
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisServerConfig) config = NULL;
  g_autoptr (RelaisDbRegistry) registry = NULL;
  g_autoptr (RelaisOutbox) outbox = NULL;
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GTimeZone) paris = relais_offer_time_zone ();
  g_autofree char *config_path = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *now_text = NULL;
  g_autofree char *outbox_dir = NULL;
  RelaisJobsReport report;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Configuration file", "FILE" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "Data folder", "DIR" },
    { "now", 0, 0, G_OPTION_ARG_STRING, &now_text,
      "The instant the rules compare with (default: now; no offset: Europe/Paris)", "ISO8601" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto fail;
  if (argc != 2 || !g_str_equal (argv[1], "run"))
    {
      g_printerr (
          "usage: relais-server jobs run [--config FILE] [--data-dir DIR] [--now ISO8601]\n");
      return 2;
    }
  if ((config = admin_config (config_path, g_steal_pointer (&data_dir), &error)) == NULL)
    goto fail;
  if (now_text != NULL)
    {
      if ((now = g_date_time_new_from_iso8601 (now_text, paris)) == NULL)
        {
          g_printerr ("relais-server jobs: --now “%s” is not an ISO 8601 date-time\n", now_text);
          return 2;
        }
    }
  else
    now = g_date_time_new_now (paris);

  outbox_dir = relais_jobs_outbox_dir (config->data_dir);
  if ((registry = relais_db_registry_new (config->data_dir, &error)) == NULL ||
      (outbox = relais_outbox_open (outbox_dir, &error)) == NULL ||
      !relais_jobs_run (registry, outbox, config->jobs_from, now, &report, &error))
    goto fail;

  g_print ("jobs: %u databases, %u closed, %u alerts, %u messages, %u recovered, %u discarded, "
           "%u left for the next run\n",
           report.databases, report.closed, report.alerts, report.messages, report.recovered,
           report.discarded, report.failed);
  return 0;

fail:
  g_printerr ("relais-server jobs: %s\n", error->message);
  return 1;
}

static gboolean
import_referential (RelaisDbRegistry *registry, RelaisReferential *referential, GError **error)
{
  RelaisImportReport report;
  gint64 start = g_get_monotonic_time ();

  if (!relais_admin_import_referential (registry, referential, &report, error))
    return FALSE;
  g_print (RELAIS_REFERENTIAL_DB ": %" G_GUINT64_FORMAT " documents from %s: %" G_GUINT64_FORMAT
                                 " written, %" G_GUINT64_FORMAT " unchanged, %" G_GUINT64_FORMAT
                                 " deleted, in %.2f s\n",
           report.total, relais_referential_get_source (referential), report.written,
           report.unchanged, report.deleted, (g_get_monotonic_time () - start) / 1e6);
  return TRUE;
}

static int
referential_import (int argc, char **argv)
{
  g_autoptr (GOptionContext) context =
      g_option_context_new ("import DIR — load the open-data files into the referentiel database");
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisServerConfig) config = NULL;
  g_autoptr (RelaisDbRegistry) registry = NULL;
  g_autoptr (RelaisReferential) referential = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *data_dir = NULL;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, "Configuration file", "FILE" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, "Data folder", "DATA" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    goto fail;
  if (argc != 3 || !g_str_equal (argv[1], "import"))
    {
      g_printerr (
          "usage: relais-server referential import DIR [--config FILE] [--data-dir DATA]\n");
      return 2;
    }
  /* The files named, never the built-in sample in their place: an
   * administrator importing a wrong folder must be told. */
  if ((config = admin_config (config_path, g_steal_pointer (&data_dir), &error)) == NULL ||
      (referential = relais_referential_load (argv[2], &error)) == NULL ||
      (registry = relais_db_registry_new (config->data_dir, &error)) == NULL ||
      !import_referential (registry, referential, &error))
    goto fail;
  return 0;

fail:
  g_printerr ("relais-server referential: %s\n", error->message);
  return 1;
}

static int
demo (int argc, char **argv)
{
  g_autoptr (GOptionContext) context =
      g_option_context_new ("DATADIR — create a demo agency database and the referentiel");
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisDbRegistry) registry = NULL;
  g_autoptr (RelaisReferential) referential = NULL;
  g_autofree char *agence = NULL;
  g_autofree char *ref_dir = NULL;
  g_autofree char *db_name = NULL;
  g_autofree char *users = NULL;
  int n_de = RELAIS_DEMO_DEFAULT_DE;
  gint64 seed = 1;
  guint64 written = 0;
  gint64 start = g_get_monotonic_time ();
  RelaisDemoOptions options;
  GOptionEntry entries[] = {
    { "de", 0, 0, G_OPTION_ARG_INT, &n_de, "Number of job seekers (default 5000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the generator (default 1)", "S" },
    { "agence", 0, 0, G_OPTION_ARG_STRING, &agence, "INSEE code of the agency's commune", "CODE" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("relais-server demo: %s\n", error->message);
      return 2;
    }
  if (argc != 2)
    {
      g_printerr ("usage: relais-server demo DATADIR [--de N] [--seed S] [--agence CODE]\n");
      return 2;
    }
  if (n_de < 1 || n_de > RELAIS_DEMO_MAX_DE)
    {
      g_printerr ("relais-server demo: --de must be between 1 and %d\n", RELAIS_DEMO_MAX_DE);
      return 2;
    }

  if ((registry = relais_db_registry_new (argv[1], &error)) == NULL)
    goto fail;
  /* $RELAIS_REFERENTIAL_DIR or ../shared/referential, else the sample. */
  ref_dir = relais_referential_default_dir ();
  referential = relais_referential_load_or_builtin (ref_dir);

  relais_demo_options_init (&options);
  options.seed = (guint64) seed;
  options.n_de = (guint) n_de;
  options.agence_code = agence;
  options.referential = referential;
  if (!relais_admin_fill_demo (registry, &options, &db_name, &written, &error))
    goto fail;
  g_print ("%s: %" G_GUINT64_FORMAT " documents, %d DE, in %.2f s\n", db_name, written, n_de,
           (g_get_monotonic_time () - start) / 1e6);

  if (!import_referential (registry, referential, &error))
    goto fail;

  if (!relais_admin_add_demo_users (registry, db_name, &users, &error))
    goto fail;
  /* Shown once: only the argon2id hashes are kept. */
  g_print ("users of %s (passwords shown once):\n%s", db_name, users);

  return 0;

fail:
  g_printerr ("relais-server demo: %s\n", error->message);
  return 1;
}

int
main (int argc, char **argv)
{
  relais_malloc_setup (argv);
  setlocale (LC_ALL, "");
  g_log_set_writer_func (log_writer, NULL, NULL);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print ("Usage: relais-server serve [--config FILE] [--address A] [--port N] "
               "[--data-dir DIR] [--log-level LEVEL]\n"
               "       relais-server jobs run [--config FILE] [--data-dir DIR] [--now ISO8601]\n"
               "       relais-server referential import DIR [--config FILE] [--data-dir DATA]\n"
               "       relais-server demo DATADIR [--de N] [--seed S] [--agence CODE]\n"

               "       relais-server user add NAME --roles R1,R2 [--password P] | "
               "passwd NAME [--password P] | list\n"
               "       relais-server db create NAME [--agence CODE] | list | "
               "security NAME [--members-roles A,B] [--admins-roles C]\n"
               "       (user and db take --data-dir DIR or --config FILE)\n");
      return argc < 2 ? 1 : 0;
    }

  if (g_str_equal (argv[1], "serve"))
    return serve (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "jobs"))
    return jobs_run (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "referential"))
    return referential_import (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "demo"))
    return demo (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "user"))
    return relais_admin_cli_user (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "db"))
    return relais_admin_cli_db (argc - 1, argv + 1);

  g_printerr ("relais-server: unknown command “%s”\n", argv[1]);
  return 1;
}

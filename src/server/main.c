/* main.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * relais-server serve [--config FILE] [--address A] [--port N]
 *                     [--data-dir DIR] [--log-level LEVEL]
 * relais-server user … | db …   (relais-admin-cli.c)
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <stdio.h>

#include "relais-admin-cli.h"
#include "relais-server.h"

static GLogLevelFlags max_log_level = G_LOG_LEVEL_INFO;

typedef struct
{
  RelaisServer *server;
  GMainLoop *loop;
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

static gboolean
sigterm_cb (gpointer user_data)
{
  Running *running = user_data;

  /* Stop accepting; every acknowledged write is already committed, and
   * the stores are closed (checkpointing the WAL) when the server goes.
   * A short grace lets queued responses leave. */
  g_message ("shutting down");
  relais_server_shutdown (running->server);
  g_timeout_add (200, quit_cb, user_data);
  return G_SOURCE_REMOVE;
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
    Running running = { server, loop };

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

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_log_set_writer_func (log_writer, NULL, NULL);

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      g_print ("Usage: relais-server serve [--config FILE] [--address A] [--port N] "
               "[--data-dir DIR] [--log-level LEVEL]\n"
               "       relais-server user add NAME --roles R1,R2 [--password P] | "
               "passwd NAME [--password P] | list\n"
               "       relais-server db create NAME [--agence CODE] | list | "
               "security NAME [--members-roles A,B] [--admins-roles C]\n"
               "       (user and db take --data-dir DIR or --config FILE)\n");
      return argc < 2 ? 1 : 0;
    }

  if (g_str_equal (argv[1], "serve"))
    return serve (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "user"))
    return relais_admin_cli_user (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "db"))
    return relais_admin_cli_db (argc - 1, argv + 1);

  g_printerr ("relais-server: unknown command “%s”\n", argv[1]);
  return 1;
}

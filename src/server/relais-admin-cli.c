/* relais-admin-cli.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The administrators' subcommands, on the data folder (the server may be
 * running: SQLite and the atomic _security files make that safe, and the
 * running server reads users and _security on every request and notices
 * the stores' new rows within a quarter second, which wakes its waiting
 * feeds; tests/server/test-server-admin-live.c):
 *
 *   relais-server user add NAME --roles r1,r2 [--password P]
 *   relais-server user passwd NAME [--password P]
 *   relais-server user list
 *   relais-server db create NAME [--agence CODE]
 *   relais-server db list
 *   relais-server db security NAME [--members-roles a,b] [--admins-roles c]
 *
 * each with --data-dir DIR or --config FILE. Without --password the
 * password is read from stdin, without echo on a terminal.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "relais-admin-cli.h"
#include "relais-core.h"
#include "relais-db-registry.h"
#include "relais-server-config.h"
#include "relais-users.h"

typedef struct
{
  char *config_path;
  char *data_dir;
  char *roles;
  char *password;
  char *agence;
  char *members_roles;
  char *admins_roles;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->config_path);
  g_free (o->data_dir);
  g_free (o->roles);
  if (o->password != NULL)
    memset (o->password, 0, strlen (o->password));
  g_free (o->password);
  g_free (o->agence);
  g_free (o->members_roles);
  g_free (o->admins_roles);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static gboolean
parse_options (Options *o, const char *usage, int *argc, char ***argv, GError **error)
{
  g_autoptr (GOptionContext) context = g_option_context_new (usage);
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &o->config_path, "Configuration file", "FILE" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &o->data_dir, "Data folder", "DIR" },
    { "roles", 0, 0, G_OPTION_ARG_STRING, &o->roles, "Roles, comma-separated", "R1,R2" },
    { "password", 0, 0, G_OPTION_ARG_STRING, &o->password, "Password (else read from stdin)", "P" },
    { "agence", 0, 0, G_OPTION_ARG_STRING, &o->agence, "Members: role agence:CODE", "CODE" },
    { "members-roles", 0, 0, G_OPTION_ARG_STRING, &o->members_roles, "Members' roles", "A,B" },
    { "admins-roles", 0, 0, G_OPTION_ARG_STRING, &o->admins_roles, "Admins' roles", "A,B" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  return g_option_context_parse (context, argc, argv, error);
}

static RelaisDbRegistry *
open_registry (Options *o, GError **error)
{
  g_autoptr (RelaisServerConfig) config = relais_server_config_new ();

  if (o->config_path != NULL && !relais_server_config_load (config, o->config_path, error))
    return NULL;
  return relais_db_registry_new (o->data_dir != NULL ? o->data_dir : config->data_dir, error);
}

/* "a, b,,c" → {"a","b","c"}: the empty items a trailing comma leaves go. */
static GStrv
split_list (const char *text)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  return g_strv_builder_end (builder);
}

static char *
read_password (GError **error)
{
  g_autoptr (GString) line = g_string_new (NULL);
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  int c;

  if (tty)
    {
      fprintf (stderr, "Password: ");
      fflush (stderr);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fprintf (stderr, "\n");
    }
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  if (line->len == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           "No password given (--password or a line on stdin)");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static gboolean
take_password (Options *o, GError **error)
{
  if (o->password == NULL)
    o->password = read_password (error);
  return o->password != NULL;
}

static int
fail (const GError *error)
{
  g_printerr ("relais-server: %s\n", error->message);
  return 1;
}

static int
usage_error (const char *text)
{
  g_printerr ("relais-server: %s\n", text);
  return 2;
}

int
relais_admin_cli_user (int argc, char **argv)
{
  g_auto (Options) o = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisDbRegistry) registry = NULL;
  const char *command;

  if (!parse_options (&o, "add NAME --roles R1,R2 | passwd NAME | list — manage users", &argc,
                      &argv, &error))
    return fail (error);
  if (argc < 2)
    return usage_error ("usage: relais-server user add|passwd|list …");
  command = argv[1];
  if ((registry = open_registry (&o, &error)) == NULL)
    return fail (error);

  if (g_str_equal (command, "add") && argc == 3)
    {
      g_auto (GStrv) roles = split_list (o.roles);

      if (!relais_user_name_validate (argv[2], &error) || !take_password (&o, &error) ||
          !relais_users_add (registry, argv[2], o.password, (const char *const *) roles, &error))
        return fail (error);
      g_print ("user %s added\n", argv[2]);
      return 0;
    }
  if (g_str_equal (command, "passwd") && argc == 3)
    {
      if (!take_password (&o, &error) ||
          !relais_users_set_password (registry, argv[2], o.password, &error))
        return fail (error);
      g_print ("password of %s changed\n", argv[2]);
      return 0;
    }
  if (g_str_equal (command, "list") && argc == 2)
    {
      g_autoptr (GPtrArray) users = relais_users_list (registry, &error);

      if (users == NULL)
        return fail (error);
      for (guint i = 0; i < users->len; i++)
        {
          RelaisUser *user = g_ptr_array_index (users, i);
          g_autofree char *roles = g_strjoinv (",", user->roles);

          g_print ("%s\t%s\n", user->name, roles);
        }
      return 0;
    }
  return usage_error ("usage: relais-server user add NAME --roles R1,R2 [--password P] | "
                      "passwd NAME [--password P] | list");
}

static void
set_roles (JsonObject *security, const char *section_name, const char *list)
{
  g_auto (GStrv) roles = split_list (list);
  JsonObject *section = json_object_get_object_member (security, section_name);
  JsonArray *array = json_array_new ();

  if (section == NULL)
    {
      section = json_object_new ();
      json_object_set_array_member (section, "names", json_array_new ());
      json_object_set_object_member (security, section_name, section);
    }
  for (guint i = 0; roles[i] != NULL; i++)
    json_array_add_string_element (array, roles[i]);
  json_object_set_array_member (section, "roles", array);
}

static gboolean
update_security (RelaisDb *db, const char *members_roles, const char *admins_roles, GError **error)
{
  g_autofree char *text = relais_db_get_security (db);
  g_autoptr (JsonNode) node = relais_json_parse (text, -1, error);
  g_autofree char *updated = NULL;

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The _security object is not an object");
      return FALSE;
    }
  if (members_roles != NULL)
    set_roles (json_node_get_object (node), "members", members_roles);
  if (admins_roles != NULL)
    set_roles (json_node_get_object (node), "admins", admins_roles);
  updated = relais_json_object_canonical (json_node_get_object (node));
  return relais_db_set_security (db, updated, error);
}

int
relais_admin_cli_db (int argc, char **argv)
{
  g_auto (Options) o = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisDbRegistry) registry = NULL;
  g_autoptr (RelaisDb) db = NULL;
  const char *command;

  if (!parse_options (&o, "create NAME [--agence CODE] | list | security NAME — manage databases",
                      &argc, &argv, &error))
    return fail (error);
  if (argc < 2)
    return usage_error ("usage: relais-server db create|list|security …");
  command = argv[1];
  if ((registry = open_registry (&o, &error)) == NULL)
    return fail (error);

  if (g_str_equal (command, "create") && argc == 3)
    {
      g_autofree char *members = NULL;

      if ((db = relais_db_registry_create (registry, argv[2], &error)) == NULL)
        return fail (error);
      /* An agency's database is for its members; without --agence it stays
       * admin-only (the default _security). */
      if (o.agence != NULL)
        {
          members = g_strconcat (RELAIS_ROLE_AGENCE_PREFIX, o.agence, NULL);
          if (!update_security (db, members, RELAIS_ROLE_SERVER_ADMIN, &error))
            return fail (error);
        }
      g_print ("database %s created\n", argv[2]);
      return 0;
    }
  if (g_str_equal (command, "list") && argc == 2)
    {
      g_auto (GStrv) names = relais_db_registry_list (registry, &error);

      if (names == NULL)
        return fail (error);
      for (guint i = 0; names[i] != NULL; i++)
        g_print ("%s\n", names[i]);
      return 0;
    }
  if (g_str_equal (command, "security") && argc == 3)
    {
      g_autofree char *text = NULL;

      if ((db = relais_db_registry_open (registry, argv[2], &error)) == NULL)
        return fail (error);
      if ((o.members_roles != NULL || o.admins_roles != NULL) &&
          !update_security (db, o.members_roles, o.admins_roles, &error))
        return fail (error);
      text = relais_db_get_security (db);
      g_print ("%s\n", text);
      return 0;
    }
  return usage_error ("usage: relais-server db create NAME [--agence CODE] | list | "
                      "security NAME [--members-roles A,B] [--admins-roles C]");
}

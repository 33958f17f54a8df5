/* relais-store-tool.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * relais-store: a command-line tool over a store file, for administrators
 * and for the README's run command.
 *
 *   relais-store demo FILE [--de N] [--seed S] [--agence CODE]
 *   relais-store info FILE
 *   relais-store search FILE TEXT…
 *   relais-store get FILE ID
 *   relais-store ids FILE PREFIX [LIMIT]
 */

#define G_LOG_DOMAIN "relais-store-tool"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "relais-core.h"
#include "relais-demo.h"
#include "relais-store-query.h"
#include "relais-store.h"

/* Documents written per transaction while filling a demo store. */
#define DEMO_BATCH 5000

typedef struct
{
  RelaisStore *store;
  GPtrArray *batch;
  guint64 written;
} DemoFill;

static gboolean
flush_batch (DemoFill *fill, GError **error)
{
  g_autoptr (GPtrArray) results = NULL;

  if (fill->batch->len == 0)
    return TRUE;

  results = relais_store_bulk_put (fill->store, fill->batch, TRUE, error);
  if (results == NULL)
    return FALSE;

  for (guint i = 0; i < results->len; i++)
    {
      RelaisPutResult *result = g_ptr_array_index (results, i);

      if (result->error != NULL)
        {
          g_set_error (error, result->error->domain, result->error->code, "%s: %s", result->id,
                       result->error->message);
          return FALSE;
        }
    }

  fill->written += fill->batch->len;
  g_ptr_array_set_size (fill->batch, 0);
  return TRUE;
}

static gboolean
emit_cb (JsonObject *doc, gpointer user_data, GError **error)
{
  DemoFill *fill = user_data;

  g_ptr_array_add (fill->batch, json_object_ref (doc));
  return fill->batch->len < DEMO_BATCH || flush_batch (fill, error);
}

static int
cmd_demo (int argc, char **argv)
{
  int n_de = RELAIS_DEMO_DEFAULT_DE;
  gint64 seed = 1;
  g_autofree char *agence = NULL;
  const GOptionEntry entries[] = {
    { "de", 0, 0, G_OPTION_ARG_INT, &n_de, "Number of job seekers (default 5000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the generator (default 1)", "S" },
    { "agence", 0, 0, G_OPTION_ARG_STRING, &agence, "INSEE code of the agency's commune", "CODE" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("FILE");
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (RelaisReferential) referential = NULL;
  g_autofree char *dir = NULL;
  RelaisDemoOptions options;
  DemoFill fill = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("relais-store demo: %s\n",
                  error != NULL ? error->message : "usage: relais-store demo FILE [--de N]");
      return 2;
    }
  if (n_de < 1 || n_de > RELAIS_DEMO_MAX_DE)
    {
      g_printerr ("relais-store demo: --de must be between 1 and %d\n", RELAIS_DEMO_MAX_DE);
      return 2;
    }

  if (!(store = relais_store_open (argv[1], &error)))
    goto failed;
  if (relais_store_get_doc_count (store) > 0)
    {
      g_printerr ("relais-store demo: %s already holds %" G_GUINT64_FORMAT " documents\n", argv[1],
                  relais_store_get_doc_count (store));
      return 1;
    }

  dir = relais_referential_default_dir ();
  referential = relais_referential_load_or_builtin (dir);
  g_print ("referential: %s\n", relais_referential_get_source (referential));

  relais_demo_options_init (&options);
  options.seed = (guint64) seed;
  options.n_de = (guint) n_de;
  options.agence_code = agence;
  options.referential = referential;

  fill.store = store;
  fill.batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  if (!relais_demo_generate (&options, emit_cb, &fill, &error) || !flush_batch (&fill, &error))
    {
      g_ptr_array_unref (fill.batch);
      goto failed;
    }
  g_ptr_array_unref (fill.batch);

  g_print ("%s: %" G_GUINT64_FORMAT " documents, %d DE, in %.2f s\n", argv[1], fill.written, n_de,
           (g_get_monotonic_time () - start) / 1e6);
  return 0;

failed:
  g_printerr ("relais-store demo: %s\n", error->message);
  return 1;
}

static int
cmd_info (int argc, char **argv)
{
  const char *const types[] = { "agence",    "conseiller",  "portefeuille", "de",
                                "entretien", "action",      "contact",      "entreprise",
                                "offre",     "candidature", "diagnostic",   "action_prospection" };
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: relais-store info FILE\n");
      return 2;
    }
  if (!g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      g_printerr ("relais-store info: %s does not exist\n", argv[1]);
      return 1;
    }
  if (!(store = relais_store_open (argv[1], &error)))
    {
      g_printerr ("relais-store info: %s\n", error->message);
      return 1;
    }

  g_print ("%s\n  documents: %" G_GUINT64_FORMAT " (%" G_GUINT64_FORMAT
           " deleted)\n  update_seq: %" G_GUINT64_FORMAT "\n",
           argv[1], relais_store_get_doc_count (store), relais_store_get_deleted_count (store),
           relais_store_get_update_seq (store));
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      guint64 n = relais_store_count_type (store, types[i], &error);

      if (error != NULL)
        {
          g_printerr ("relais-store info: %s\n", error->message);
          return 1;
        }
      if (n > 0)
        g_print ("  %-20s %" G_GUINT64_FORMAT "\n", types[i], n);
    }
  return 0;
}

static int
cmd_search (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autofree char *text = NULL;

  if (argc < 3)
    {
      g_printerr ("usage: relais-store search FILE TEXT…\n");
      return 2;
    }
  text = g_strjoinv (" ", argv + 2);
  if (!(store = relais_store_open (argv[1], &error)) ||
      !relais_store_search_de (store, text, 20, &ids, &error))
    {
      g_printerr ("relais-store search: %s\n", error->message);
      return 1;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (JsonObject) doc =
          relais_store_get (store, g_ptr_array_index (ids, i), NULL, RELAIS_GET_NONE, NULL);

      if (doc != NULL)
        g_print ("%s  %s %s  %s\n", (char *) g_ptr_array_index (ids, i),
                 json_object_get_string_member_with_default (doc, "prenom", ""),
                 json_object_get_string_member_with_default (doc, "nom", ""),
                 json_object_get_string_member_with_default (doc, "identifiant", ""));
    }
  g_print ("%u found\n", ids->len);
  return 0;
}

static int
cmd_get (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = NULL;
  g_autofree char *json = NULL;

  if (argc != 3)
    {
      g_printerr ("usage: relais-store get FILE ID\n");
      return 2;
    }
  if (!(store = relais_store_open (argv[1], &error)) ||
      !(json = relais_store_get_json (store, argv[2], NULL, RELAIS_GET_CONFLICTS, &error)))
    {
      g_printerr ("relais-store get: %s\n", error->message);
      return 1;
    }
  g_print ("%s\n", json);
  return 0;
}

static gboolean
print_id_cb (const RelaisDocInfo *info, gpointer user_data)
{
  if (!info->deleted)
    g_print ("%s\n", info->id);
  return TRUE;
}

/* The ids that start with a prefix ("de:" for the job seekers), in id
 * order: scripts pick a document to show with it (.ci/dev run opens the
 * first DE's file for its screenshot). */
static int
cmd_ids (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = NULL;
  g_autofree char *end = NULL;
  RelaisAllDocsQuery query = { .inclusive_end = TRUE, .limit = G_MAXUINT64 };
  guint64 limit = 0;

  if (argc < 3 || argc > 4 ||
      (argc == 4 && !g_ascii_string_to_unsigned (argv[3], 10, 1, G_MAXUINT64, &limit, NULL)))
    {
      g_printerr ("usage: relais-store ids FILE PREFIX [LIMIT]\n");
      return 2;
    }
  if (limit > 0)
    query.limit = limit;
  /* U+FFF0 sorts after every id character, as CouchDB's "\ufff0" idiom. */
  end = g_strconcat (argv[2], "\xef\xbf\xb0", NULL);
  query.start_key = argv[2];
  query.end_key = end;
  if (!g_file_test (argv[1], G_FILE_TEST_EXISTS))
    {
      g_printerr ("relais-store ids: %s does not exist\n", argv[1]);
      return 1;
    }
  if (!(store = relais_store_open (argv[1], &error)) ||
      !relais_store_all_docs (store, &query, print_id_cb, NULL, &error))
    {
      g_printerr ("relais-store ids: %s\n", error->message);
      return 1;
    }
  return 0;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");

  if (argc >= 2 && g_str_equal (argv[1], "demo"))
    return cmd_demo (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "info"))
    return cmd_info (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "search"))
    return cmd_search (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "get"))
    return cmd_get (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "ids"))
    return cmd_ids (argc - 1, argv + 1);

  g_printerr ("usage: relais-store demo|info|search|get|ids FILE …\n");
  return 2;
}

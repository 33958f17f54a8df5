/* fuzz-common.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * What every libFuzzer target shares: GLib's logging made quiet and
 * strict (a critical is a bug, so it aborts and libFuzzer keeps the input),
 * a temporary folder removed at exit, and JSON parsing as the server does it.
 */

#pragma once

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *fuzz_tmp_dir;

static GLogWriterOutput
fuzz_log_writer (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer user_data)
{
  /* The server logs every request at INFO: millions of lines otherwise. */
  if ((level & G_LOG_LEVEL_MASK) > G_LOG_LEVEL_WARNING)
    return G_LOG_WRITER_HANDLED;
  g_log_writer_standard_streams (level, fields, n_fields, user_data);
  /* abort(), not GLib's breakpoint trap: libFuzzer then writes the input
   * out as a crash artifact. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_FLAG_FATAL))
    abort ();
  return G_LOG_WRITER_HANDLED;
}

static void
fuzz_rm_rf (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        fuzz_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fuzz_cleanup (void)
{
  if (fuzz_tmp_dir != NULL)
    fuzz_rm_rf (fuzz_tmp_dir);
  g_clear_pointer (&fuzz_tmp_dir, g_free);
}

/* Returns: (transfer none): a fresh temporary folder, removed at exit */
static inline const char *
fuzz_init (const char *name)
{
  g_autofree char *template = g_strdup_printf ("relais-%s-XXXXXX", name);

  g_log_set_writer_func (fuzz_log_writer, NULL, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  fuzz_tmp_dir = g_dir_make_tmp (template, NULL);
  if (fuzz_tmp_dir == NULL)
    g_error ("cannot make a temporary folder");
  atexit (fuzz_cleanup);
  return fuzz_tmp_dir;
}

/* A mutable tree, from valid UTF-8 only, as relais_http_parse_body(). */
static inline JsonNode *
fuzz_parse_json (const uint8_t *data, size_t size)
{
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (size == 0 || !g_utf8_validate ((const char *) data, size, NULL) ||
      !json_parser_load_from_data (parser, (const char *) data, size, NULL) ||
      json_parser_get_root (parser) == NULL)
    return NULL;
  return json_node_ref (json_parser_get_root (parser));
}

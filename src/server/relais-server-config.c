/* relais-server-config.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <string.h>

#include "relais-doc.h"
#include "relais-server-config.h"

#define GROUP "server"
#define JOBS_GROUP "jobs"

RelaisServerConfig *
relais_server_config_new (void)
{
  RelaisServerConfig *self = g_new0 (RelaisServerConfig, 1);

  self->address = g_strdup (RELAIS_SERVER_DEFAULT_ADDRESS);
  self->port = RELAIS_SERVER_DEFAULT_PORT;
  self->data_dir = g_build_filename (g_get_user_data_dir (), "relais-server", NULL);
  /* A PouchDB batch of 100 documents of ~1 KB is 100 KB; 64 MB leaves room
   * for batch_size 1000 with large documents while bounding memory. */
  self->max_body_size = 64 * 1024 * 1024;
  self->max_docs_per_batch = 10000;
  self->max_id_length = RELAIS_DOC_MAX_ID_LENGTH;
  self->changes_chunk_rows = 500;
  self->log_level = G_LOG_LEVEL_INFO;
  self->jobs_interval = RELAIS_SERVER_DEFAULT_JOBS_INTERVAL;
  self->jobs_from = g_strdup (RELAIS_SERVER_DEFAULT_JOBS_FROM);
  self->admins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->session_timeout = 600;
  self->auth_max_failures = 5;
  self->auth_failure_window = 60;
  return self;
}

RelaisServerConfig *
relais_server_config_copy (const RelaisServerConfig *self)
{
  RelaisServerConfig *copy = g_new0 (RelaisServerConfig, 1);
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (self != NULL, NULL);

  *copy = *self;
  copy->address = g_strdup (self->address);
  copy->data_dir = g_strdup (self->data_dir);
  copy->tls_certificate = g_strdup (self->tls_certificate);
  copy->tls_key = g_strdup (self->tls_key);
  copy->jobs_from = g_strdup (self->jobs_from);
  copy->admins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_iter_init (&iter, self->admins);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->admins, g_strdup (key), g_strdup (value));
  return copy;
}

void
relais_server_config_free (RelaisServerConfig *self)
{
  if (self == NULL)
    return;
  g_free (self->address);
  g_free (self->data_dir);
  g_free (self->jobs_from);
  g_free (self->tls_certificate);
  g_free (self->tls_key);
  g_clear_pointer (&self->admins, g_hash_table_unref);
  g_free (self);
}

gboolean
relais_server_config_parse_log_level (const char *text, GLogLevelFlags *level, GError **error)
{
  static const struct
  {
    const char *name;
    GLogLevelFlags level;
  } levels[] = {
    { "error", G_LOG_LEVEL_CRITICAL },  { "warning", G_LOG_LEVEL_WARNING },
    { "message", G_LOG_LEVEL_MESSAGE }, { "info", G_LOG_LEVEL_INFO },
    { "debug", G_LOG_LEVEL_DEBUG },
  };

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    if (g_ascii_strcasecmp (text, levels[i].name) == 0)
      {
        *level = levels[i].level;
        return TRUE;
      }

  g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
               "Unknown log level “%s” (error, warning, message, info, debug)", text);
  return FALSE;
}

/* A missing key keeps the default; a present but malformed one is an error,
 * so that a typo in production is not silently ignored. */
static gboolean
read_uint (GKeyFile *file, const char *key, guint64 max, guint64 *value, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  guint64 v;

  if (!g_key_file_has_key (file, GROUP, key, NULL))
    return TRUE;

  v = g_key_file_get_uint64 (file, GROUP, key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (v == 0 || v > max)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "[" GROUP "] %s must be between 1 and %" G_GUINT64_FORMAT, key, max);
      return FALSE;
    }
  *value = v;
  return TRUE;
}

/* [jobs]: interval (0 is allowed and disables them) and from, which must
 * be ASCII since it goes as is into a header. */
static gboolean
load_jobs (RelaisServerConfig *self, GKeyFile *file, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *from = NULL;

  if (g_key_file_has_key (file, JOBS_GROUP, "interval", NULL))
    {
      guint64 interval = g_key_file_get_uint64 (file, JOBS_GROUP, "interval", &local_error);

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (interval > G_MAXUINT32 / 1000)
        {
          g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                       "[" JOBS_GROUP "] interval must be between 0 and %u seconds",
                       G_MAXUINT32 / 1000);
          return FALSE;
        }
      self->jobs_interval = (guint) interval;
    }

  if ((from = g_key_file_get_string (file, JOBS_GROUP, "from", NULL)) != NULL)
    {
      g_strstrip (from);
      for (const char *p = from; *p; p++)
        if ((guchar) *p < 0x20 || (guchar) *p >= 0x7f)
          {
            g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                                 "[" JOBS_GROUP "] from must be printable ASCII");
            return FALSE;
          }
      if (strchr (from, '@') == NULL)
        {
          g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                               "[" JOBS_GROUP "] from must hold an e-mail address");
          return FALSE;
        }
      g_free (self->jobs_from);
      self->jobs_from = g_steal_pointer (&from);
    }
  return TRUE;
}

/* A file named relative to the configuration file, as data-dir. */
static gboolean
read_path (GKeyFile *file, const char *config_path, const char *key, char **value)
{
  g_autofree char *text = g_key_file_get_string (file, GROUP, key, NULL);
  g_autofree char *base = NULL;

  if (text == NULL)
    return TRUE;
  if (*g_strstrip (text) == '\0')
    return FALSE;
  base = g_path_get_dirname (config_path);
  g_free (*value);
  *value = g_path_is_absolute (text) ? g_strdup (text) : g_build_filename (base, text, NULL);
  return TRUE;
}

gboolean
relais_server_config_load (RelaisServerConfig *self, const char *path, GError **error)
{
  g_autoptr (GKeyFile) file = g_key_file_new ();
  g_autofree char *address = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *log_level = NULL;
  guint64 port = self->port, body = self->max_body_size, docs = self->max_docs_per_batch;
  guint64 id_length = self->max_id_length, chunk = self->changes_chunk_rows;
  guint64 session = self->session_timeout, failures = self->auth_max_failures;
  guint64 window = self->auth_failure_window;
  g_auto (GStrv) admins = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    return FALSE;

  if (!read_uint (file, "port", 65535, &port, error) ||
      !read_uint (file, "max-body-size", G_MAXSIZE, &body, error) ||
      !read_uint (file, "max-docs-per-batch", G_MAXUINT, &docs, error) ||
      !read_uint (file, "max-id-length", RELAIS_DOC_MAX_ID_LENGTH, &id_length, error) ||
      !read_uint (file, "changes-chunk-rows", 100000, &chunk, error) ||
      !read_uint (file, "session-timeout", G_MAXUINT32, &session, error) ||
      !read_uint (file, "auth-max-failures", G_MAXUINT32, &failures, error) ||
      !read_uint (file, "auth-failure-window", G_MAXUINT32, &window, error))
    return FALSE;

  if (!read_path (file, path, "tls-certificate", &self->tls_certificate) ||
      !read_path (file, path, "tls-key", &self->tls_key) ||
      (self->tls_certificate == NULL) != (self->tls_key == NULL))
    {
      g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                           "[" GROUP "] tls-certificate and tls-key go together");
      return FALSE;
    }

  /* As CouchDB's [admins]: the value is the password, plain or hashed. */
  admins = g_key_file_get_keys (file, "admins", NULL, NULL);
  for (guint i = 0; admins != NULL && admins[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_string (file, "admins", admins[i], error);

      if (value == NULL)
        return FALSE;
      g_hash_table_insert (self->admins, g_strdup (admins[i]), g_strdup (g_strstrip (value)));
    }

  if ((log_level = g_key_file_get_string (file, GROUP, "log-level", NULL)) != NULL &&
      !relais_server_config_parse_log_level (g_strstrip (log_level), &self->log_level, error))
    return FALSE;

  if ((address = g_key_file_get_string (file, GROUP, "address", NULL)) != NULL)
    {
      g_free (self->address);
      self->address = g_strdup (g_strstrip (address));
    }

  if ((data_dir = g_key_file_get_string (file, GROUP, "data-dir", NULL)) != NULL)
    {
      g_autofree char *base = g_path_get_dirname (path);

      /* Relative to the configuration file, not to the working directory. */
      g_free (self->data_dir);
      self->data_dir = g_path_is_absolute (g_strstrip (data_dir))
                           ? g_strdup (data_dir)
                           : g_build_filename (base, data_dir, NULL);
    }

  if (!load_jobs (self, file, error))
    return FALSE;

  self->port = (guint) port;
  self->max_body_size = (gsize) body;
  self->max_docs_per_batch = (guint) docs;
  self->max_id_length = (guint) id_length;
  self->changes_chunk_rows = (guint) chunk;
  self->session_timeout = (guint) session;
  self->auth_max_failures = (guint) failures;
  self->auth_failure_window = (guint) window;
  return TRUE;
}

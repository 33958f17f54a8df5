/* relais-session-revocations.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The cookie sessions ended by a logout (DELETE /_session) before their
 * expiry: neither a copy of the session's cookie nor a cookie renewed
 * from one may stay valid until then. Kept in the data folder (a restart
 * keeps them revoked) and bounded: an entry goes once every cookie of its
 * session has expired anyway (a session lifetime after the logout), and
 * past max_entries the oldest is folded into a "not before" time for its
 * user (every cookie of that user issued up to then is refused: never
 * less revoked, at worst a few more sessions of that user end).
 *
 * The file, rewritten whole (atomically) on every logout, one entry a line:
 *   "R ENDED SESSION NAME" (a session: when it ended in µs, its id in hex)
 *   "U ISSUED NAME"        (a user's cookies issued up to ISSUED)
 * NAME last: it is the rest of the line.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <string.h>

#include "relais-session-revocations.h"

#define FILE_NAME "revoked-sessions"

typedef struct
{
  char *name;
  gint64 issued;
} Entry;

struct _RelaisSessionRevocations
{
  char *path;
  guint max_entries;
  GHashTable *cookies;    /* session id → Entry* (when it ended) */
  GHashTable *not_before; /* name → gint64* (µs, real time) */
};

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_free (entry);
}

static void
set_not_before (RelaisSessionRevocations *self, const char *name, gint64 issued)
{
  gint64 *known = g_hash_table_lookup (self->not_before, name);

  if (known == NULL)
    g_hash_table_insert (self->not_before, g_strdup (name), g_memdup2 (&issued, sizeof issued));
  else
    *known = MAX (*known, issued);
}

static void
parse_line (RelaisSessionRevocations *self, const char *line)
{
  g_auto (GStrv) fields = NULL;
  gint64 issued;

  if (line[0] == 'R' && line[1] == ' ')
    {
      Entry *entry;

      fields = g_strsplit (line + 2, " ", 3);
      if (g_strv_length (fields) != 3 || (issued = g_ascii_strtoll (fields[0], NULL, 10)) <= 0 ||
          fields[1][0] == '\0' || fields[2][0] == '\0')
        return;
      entry = g_new0 (Entry, 1);
      entry->name = g_strdup (fields[2]);
      entry->issued = issued;
      g_hash_table_replace (self->cookies, g_strdup (fields[1]), entry);
    }
  else if (line[0] == 'U' && line[1] == ' ')
    {
      fields = g_strsplit (line + 2, " ", 2);
      if (g_strv_length (fields) != 2 || (issued = g_ascii_strtoll (fields[0], NULL, 10)) <= 0 ||
          fields[1][0] == '\0')
        return;
      set_not_before (self, fields[1], issued);
    }
}

/**
 * relais_session_revocations_load:
 * @max_entries: cookies kept one by one at most
 *
 * Returns: (transfer full): the revocations of @data_dir (none when the
 *   file does not exist yet), or NULL when it cannot be read
 */
RelaisSessionRevocations *
relais_session_revocations_load (const char *data_dir, guint max_entries, GError **error)
{
  g_autoptr (RelaisSessionRevocations) self = g_new0 (RelaisSessionRevocations, 1);
  g_autofree char *text = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);
  g_return_val_if_fail (max_entries > 0, NULL);

  self->path = g_build_filename (data_dir, FILE_NAME, NULL);
  self->max_entries = max_entries;
  self->cookies =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) entry_free);
  self->not_before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!g_file_get_contents (self->path, &text, NULL, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  {
    g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      parse_line (self, lines[i]);
  }
  return g_steal_pointer (&self);
}

void
relais_session_revocations_free (RelaisSessionRevocations *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->cookies, g_hash_table_unref);
  g_clear_pointer (&self->not_before, g_hash_table_unref);
  g_free (self->path);
  g_free (self);
}

/* The cookie of @name's @session issued at @issued was revoked. */
gboolean
relais_session_revocations_contains (RelaisSessionRevocations *self,
                                     const char *session,
                                     const char *name,
                                     gint64 issued)
{
  gint64 *not_before;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (session != NULL && name != NULL, FALSE);

  if (g_hash_table_contains (self->cookies, session))
    return TRUE;
  not_before = g_hash_table_lookup (self->not_before, name);
  return not_before != NULL && issued <= *not_before;
}

/* Drops what only concerns cookies expired by now; folds the oldest
 * cookies into their user's "not before" while there are too many. */
static void
prune (RelaisSessionRevocations *self, gint64 now, gint64 timeout)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->cookies);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (now - ((Entry *) value)->issued >= timeout)
      g_hash_table_iter_remove (&iter);
  g_hash_table_iter_init (&iter, self->not_before);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (now - *(gint64 *) value >= timeout)
      g_hash_table_iter_remove (&iter);

  while (g_hash_table_size (self->cookies) > self->max_entries)
    {
      const char *oldest = NULL;
      Entry *oldest_entry = NULL;

      g_hash_table_iter_init (&iter, self->cookies);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (oldest_entry == NULL || ((Entry *) value)->issued < oldest_entry->issued)
          {
            oldest = key;
            oldest_entry = value;
          }
      set_not_before (self, oldest_entry->name, oldest_entry->issued);
      g_hash_table_remove (self->cookies, oldest);
    }
}

static gboolean
save (RelaisSessionRevocations *self, GError **error)
{
  g_autoptr (GString) out = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->cookies);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (out, "R %" G_GINT64_FORMAT " %s %s\n", ((Entry *) value)->issued,
                            (const char *) key, ((Entry *) value)->name);
  g_hash_table_iter_init (&iter, self->not_before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_string_append_printf (out, "U %" G_GINT64_FORMAT " %s\n", *(gint64 *) value,
                            (const char *) key);
  return g_file_set_contents_full (self->path, out->str, (gssize) out->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/**
 * relais_session_revocations_add:
 * @issued: when the session ended (µs, real time): none of its cookies
 *   was issued after
 * @timeout: the session lifetime (µs): older cookies are invalid anyway
 *
 * Revokes one session's cookies, in memory at once and on disk before
 * returning.
 *
 * Returns: FALSE with @error when the file could not be written (the
 *   cookie stays revoked until the server stops)
 */
gboolean
relais_session_revocations_add (RelaisSessionRevocations *self,
                                const char *session,
                                const char *name,
                                gint64 issued,
                                gint64 timeout,
                                GError **error)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (session != NULL && name != NULL, FALSE);

  entry = g_new0 (Entry, 1);
  entry->name = g_strdup (name);
  entry->issued = issued;
  g_hash_table_replace (self->cookies, g_strdup (session), entry);
  prune (self, g_get_real_time (), timeout);
  return save (self, error);
}

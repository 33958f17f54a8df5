/* relais-outbox.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Maildir delivery as qmail's maildir(5) describes it: a unique name
 * "time.MusecPpidRkey.host", the file written and fsynced in tmp/, then
 * renamed (atomic, same file system) into new/.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "relais-outbox.h"

struct _RelaisOutbox
{
  GObject parent_instance;

  char *dir;
  char *host; /* the host name with "/" and ":" escaped, per maildir(5) */
  guint counter;
};

G_DEFINE_FINAL_TYPE (RelaisOutbox, relais_outbox, G_TYPE_OBJECT)

static void
relais_outbox_finalize (GObject *object)
{
  RelaisOutbox *self = RELAIS_OUTBOX (object);

  g_free (self->dir);
  g_free (self->host);
  G_OBJECT_CLASS (relais_outbox_parent_class)->finalize (object);
}

static void
relais_outbox_class_init (RelaisOutboxClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relais_outbox_finalize;
}

static void
relais_outbox_init (RelaisOutbox *self)
{
}

static gboolean
set_errno_error (GError **error, int saved, const char *what, const char *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s %s: %s", what, path,
               g_strerror (saved));
  return FALSE;
}

static char *
escape_host (const char *host)
{
  GString *out = g_string_new (NULL);

  for (const char *p = host; *p; p++)
    if (*p == '/')
      g_string_append (out, "\\057");
    else if (*p == ':')
      g_string_append (out, "\\072");
    else
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* Opens (and creates when needed) the maildir @dir. */
RelaisOutbox *
relais_outbox_open (const char *dir, GError **error)
{
  g_autoptr (RelaisOutbox) self = NULL;
  static const char *const subdirs[] = { "tmp", "new", "cur" };

  g_return_val_if_fail (dir != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *path = g_build_filename (dir, subdirs[i], NULL);

      if (g_mkdir_with_parents (path, 0700) != 0)
        {
          set_errno_error (error, errno, "Cannot create the outbox folder", path);
          return NULL;
        }
    }

  self = g_object_new (RELAIS_TYPE_OUTBOX, NULL);
  self->dir = g_strdup (dir);
  self->host = escape_host (g_get_host_name ());
  return g_steal_pointer (&self);
}

const char *
relais_outbox_get_dir (RelaisOutbox *self)
{
  g_return_val_if_fail (RELAIS_IS_OUTBOX (self), NULL);
  return self->dir;
}

static gboolean
key_is_safe (const char *key)
{
  for (const char *p = key; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return *key != '\0';
}

/**
 * relais_outbox_stage:
 * @key: letters, digits, "-" and "_": names the message in the file name
 *   (the jobs use the hash of the event) so that an administrator can tell
 *   two files of the same event
 *
 * Writes @message to tmp/ under a new unique name, and syncs it to disk:
 * once it returns, the message survives a crash.
 *
 * Returns: (transfer full): the file name (no folder), or NULL
 */
char *
relais_outbox_stage (RelaisOutbox *self, const char *key, const char *message, GError **error)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  gint64 now = g_get_real_time ();
  gsize length, done = 0;
  int fd;

  g_return_val_if_fail (RELAIS_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (key != NULL && key_is_safe (key), NULL);
  g_return_val_if_fail (message != NULL, NULL);

  /* Unique on this host: seconds, microseconds, pid, our own counter. */
  name = g_strdup_printf ("%" G_GINT64_FORMAT ".M%06dP%dQ%uR%s.%s", now / G_USEC_PER_SEC,
                          (int) (now % G_USEC_PER_SEC), (int) getpid (), ++self->counter, key,
                          self->host);
  path = g_build_filename (self->dir, "tmp", name, NULL);

  if ((fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
    {
      set_errno_error (error, errno, "Cannot create", path);
      return NULL;
    }
  length = strlen (message);
  while (done < length)
    {
      gssize n = write (fd, message + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          close (fd);
          g_unlink (path);
          set_errno_error (error, saved, "Cannot write", path);
          return NULL;
        }
      done += n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int saved = errno;

      g_unlink (path);
      set_errno_error (error, saved, "Cannot sync", path);
      return NULL;
    }
  return g_steal_pointer (&name);
}

static gboolean
sync_dir (const char *dir)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

/* Moves a staged message into new/, where readers take it. */
gboolean
relais_outbox_deliver (RelaisOutbox *self, const char *name, GError **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *new_dir = NULL;

  g_return_val_if_fail (RELAIS_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (name != NULL && strchr (name, '/') == NULL, FALSE);

  from = g_build_filename (self->dir, "tmp", name, NULL);
  new_dir = g_build_filename (self->dir, "new", NULL);
  to = g_build_filename (new_dir, name, NULL);
  if (g_rename (from, to) != 0)
    return set_errno_error (error, errno, "Cannot deliver", from);
  /* The rename itself must reach the disk before the caller moves on. */
  sync_dir (new_dir);
  return TRUE;
}

gboolean
relais_outbox_discard (RelaisOutbox *self, const char *name, GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (RELAIS_IS_OUTBOX (self), FALSE);
  g_return_val_if_fail (name != NULL && strchr (name, '/') == NULL, FALSE);

  path = g_build_filename (self->dir, "tmp", name, NULL);
  if (g_unlink (path) != 0 && errno != ENOENT)
    return set_errno_error (error, errno, "Cannot remove", path);
  return TRUE;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * relais_outbox_list:
 * @subdir: "tmp", "new" or "cur"
 *
 * Returns: (transfer full) (element-type utf8): the file names, sorted
 *   (oldest first: names start with the time), dot files left out
 */
GPtrArray *
relais_outbox_list (RelaisOutbox *self, const char *subdir, GError **error)
{
  g_autofree char *path = NULL;
  g_autoptr (GDir) dir = NULL;
  GPtrArray *names;
  const char *entry;

  g_return_val_if_fail (RELAIS_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (subdir != NULL, NULL);

  path = g_build_filename (self->dir, subdir, NULL);
  if ((dir = g_dir_open (path, 0, error)) == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((entry = g_dir_read_name (dir)) != NULL)
    if (entry[0] != '.')
      g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);
  return names;
}

char *
relais_outbox_read_staged (RelaisOutbox *self, const char *name, GError **error)
{
  g_autofree char *path = NULL;
  char *text = NULL;

  g_return_val_if_fail (RELAIS_IS_OUTBOX (self), NULL);
  g_return_val_if_fail (name != NULL && strchr (name, '/') == NULL, NULL);

  path = g_build_filename (self->dir, "tmp", name, NULL);
  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  return text;
}

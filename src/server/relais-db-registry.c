/* relais-db-registry.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The databases of the data folder: one store file per database, named
 * from the database name with every character outside [a-z0-9_$()+-]
 * escaped as %XX, so that a name can never become a path ("/" is "%2F",
 * and a name cannot start with "."), and the stores opened once and kept.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "relais-core.h"
#include "relais-db-registry.h"
#include "relais-server-error.h"

#define STORE_SUFFIX ".relais"
#define SECURITY_SUFFIX ".security.json"
/* The server never searches nor lists job seekers: their full-text index
 * and list table, a third of its write time, are left to the app (which
 * rebuilds them if it ever opens one of these files). */
#define SERVER_STORE_FLAGS RELAIS_STORE_OPEN_NO_APP_TABLES
/* CouchDB 3's default_security = admin_only: a database nobody gave
 * members to is for server admins only, never public by accident. */
#define DEFAULT_SECURITY                                                                           \
  "{\"admins\":{\"names\":[],\"roles\":[\"_admin\"]},"                                             \
  "\"members\":{\"names\":[],\"roles\":[\"_admin\"]}}"

typedef struct
{
  guint id;
  RelaisDbWaiterFunc func;
  gpointer user_data;
} Waiter;

struct _RelaisDb
{
  gatomicrefcount ref_count;
  char *name;
  char *security_path;
  /* The writer: used only by the writer thread (relais_db_write_async)
   * or under writer_lock (relais_db_lock_writer), never both at once. */
  RelaisStore *store;
  GMutex writer_lock;
  GThreadPool *writer_pool;   /* one thread: the order of writes is kept */
  gboolean checkpoint_queued; /* writer thread only */
  /* The main thread's connection for its own reads (db info, feeds):
   * a write in progress never makes it wait. */
  RelaisStore *main_reader;
  GArray *waiters; /* of Waiter */
  guint next_waiter_id;
  gboolean deleted;
  /* Main thread: the changes feed has no row after read_to_seq, as a read
   * to its end found, and no write of ours came since (read_to_valid). */
  gboolean read_to_valid;
  guint64 read_to_seq;

  /* Read-only work runs on worker threads, each with a connection of its
   * own (WAL lets them read beside the writer); idle ones wait here. */
  GMutex readers_lock;
  GPtrArray *idle_readers; /* of RelaisStore */
};

struct _RelaisDbRegistry
{
  GObject parent_instance;

  char *data_dir;
  GHashTable *open; /* name → RelaisDb (owned) */
};

G_DEFINE_FINAL_TYPE (RelaisDbRegistry, relais_db_registry, G_TYPE_OBJECT)

/* RelaisDb */

static RelaisDb *
db_new (const char *name, RelaisStore *store, RelaisStore *main_reader, const char *security_path)
{
  RelaisDb *db = g_new0 (RelaisDb, 1);

  g_atomic_ref_count_init (&db->ref_count);
  db->name = g_strdup (name);
  db->store = store;
  relais_store_defer_checkpoints (store);
  db->main_reader = main_reader;
  g_mutex_init (&db->writer_lock);
  db->security_path = g_strdup (security_path);
  db->waiters = g_array_new (FALSE, FALSE, sizeof (Waiter));
  db->next_waiter_id = 1;
  g_mutex_init (&db->readers_lock);
  db->idle_readers = g_ptr_array_new_with_free_func (g_object_unref);
  return db;
}

RelaisDb *
relais_db_ref (RelaisDb *db)
{
  g_return_val_if_fail (db != NULL, NULL);
  g_atomic_ref_count_inc (&db->ref_count);
  return db;
}

void
relais_db_unref (RelaisDb *db)
{
  if (db == NULL || !g_atomic_ref_count_dec (&db->ref_count))
    return;
  /* Every queued write holds a reference: the pool is idle by now. */
  if (db->writer_pool != NULL)
    g_thread_pool_free (db->writer_pool, FALSE, TRUE);
  g_free (db->name);
  g_free (db->security_path);
  g_clear_object (&db->store);
  g_clear_object (&db->main_reader);
  g_mutex_clear (&db->writer_lock);
  g_array_unref (db->waiters);
  g_ptr_array_unref (db->idle_readers);
  g_mutex_clear (&db->readers_lock);
  g_free (db);
}

const char *
relais_db_get_name (RelaisDb *db)
{
  return db->name;
}

/**
 * relais_db_get_store:
 *
 * The main thread's connection, for reads only: writes go through
 * relais_db_write_async() or relais_db_lock_writer(). Main thread only.
 */
RelaisStore *
relais_db_get_store (RelaisDb *db)
{
  return db->main_reader;
}

/**
 * relais_db_lock_writer:
 *
 * The writer connection for a short synchronous write (jobs, _users,
 * admin commands): waits for the write in progress, if any. Give it back
 * with relais_db_unlock_writer().
 *
 * Returns: (transfer none): the writer
 */
RelaisStore *
relais_db_lock_writer (RelaisDb *db)
{
  g_mutex_lock (&db->writer_lock);
  return db->store;
}

void
relais_db_unlock_writer (RelaisDb *db)
{
  g_mutex_unlock (&db->writer_lock);
}

typedef struct
{
  RelaisDb *db;
  RelaisDbWriteFunc func;
  RelaisDbWriteDoneFunc done;
  gpointer data;
  GMainContext *context;
} WriteJob;

static gboolean
write_done_cb (gpointer user_data)
{
  WriteJob *job = user_data;

  /* Back on the caller's thread: the db's last reference, and the done
   * callback (which wakes the feeds), never run on the writer thread. */
  job->done (job->db, job->data);
  relais_db_unref (job->db);
  g_main_context_unref (job->context);
  g_free (job);
  return G_SOURCE_REMOVE;
}

/* The writer's commits leave the write-ahead log to the writer thread,
 * after the reply is on its way, once it holds this many pages (16 MB):
 * SQLite's own checkpoint every 1,000 pages, inside the commit, was a
 * tenth of a 20,000-document _bulk_docs push, re-copying the same index
 * pages after every batch and delaying each answer. */
#define CHECKPOINT_PAGES 4096

static void
checkpoint_func (RelaisStore *writer, gpointer data)
{
  RelaisDb *db = data;
  g_autoptr (GError) error = NULL;

  /* A failed checkpoint loses nothing: the log stays, the next retries. */
  if (!relais_store_checkpoint (writer, &error))
    g_warning ("%s: checkpoint: %s", db->name, error->message);
  db->checkpoint_queued = FALSE;
}

static void
checkpoint_done (RelaisDb *db, gpointer data)
{
}

static void
writer_thread_func (gpointer data, gpointer user_data)
{
  WriteJob *job = data;
  RelaisDb *db = job->db;

  g_mutex_lock (&db->writer_lock);
  job->func (db->store, job->data);
  g_mutex_unlock (&db->writer_lock);

  /* The checkpoint is a job of its own, queued behind the writes already
   * waiting: it runs after this answer is on its way. */
  if (job->func != checkpoint_func && !db->checkpoint_queued &&
      relais_store_get_wal_pages (db->store) >= CHECKPOINT_PAGES)
    {
      WriteJob *checkpoint = g_new0 (WriteJob, 1);

      db->checkpoint_queued = TRUE;
      checkpoint->db = relais_db_ref (db);
      checkpoint->func = checkpoint_func;
      checkpoint->done = checkpoint_done;
      checkpoint->data = db;
      checkpoint->context = g_main_context_ref (job->context);
      g_thread_pool_push (db->writer_pool, checkpoint, NULL);
    }
  /* High priority: the answer and the waking of the feeds right after
   * the main loop's current round instead of after the next round of
   * every ready socket (with 200 watchers re-requesting, a round is
   * ~20 ms, and a PUT waited three of them before its answer). Writes
   * done within one round still wake the feeds once: the wake itself is
   * a default-priority source (relais-handlers-changes.c). */
  g_main_context_invoke_full (job->context, G_PRIORITY_HIGH, write_done_cb, job, NULL);
}

/**
 * relais_db_write_async:
 * @func: called on the database's writer thread with the writer store
 * @done: then called on the caller's thread-default main context
 *
 * Writes to one database run one at a time, in the order they were
 * queued, off the main thread. Main thread only.
 */
void
relais_db_write_async (RelaisDb *db,
                       RelaisDbWriteFunc func,
                       RelaisDbWriteDoneFunc done,
                       gpointer data)
{
  WriteJob *job;

  g_return_if_fail (db != NULL && func != NULL && done != NULL);

  /* Exclusive: the database keeps its own writer thread instead of
   * borrowing one of GLib's shared pool for each write (futex hand-offs
   * between pools showed in the server's profile under many writers). */
  if (db->writer_pool == NULL)
    db->writer_pool = g_thread_pool_new (writer_thread_func, NULL, 1, TRUE, NULL);

  job = g_new0 (WriteJob, 1);
  job->db = relais_db_ref (db);
  job->func = func;
  job->done = done;
  job->data = data;
  job->context = g_main_context_ref_thread_default ();
  g_thread_pool_push (db->writer_pool, job, NULL);
}

gboolean
relais_db_is_deleted (RelaisDb *db)
{
  return g_atomic_int_get (&db->deleted);
}

/**
 * relais_db_acquire_reader:
 *
 * A connection of the database's own for read-only work on a worker
 * thread: the main thread keeps serving (and writing) meanwhile. Give it
 * back with relais_db_release_reader(). Any thread.
 *
 * Returns: (transfer full): the reader, or NULL with @error set
 */
RelaisStore *
relais_db_acquire_reader (RelaisDb *db, GError **error)
{
  g_autofree char *path = NULL;

  if (g_atomic_int_get (&db->deleted))
    {
      g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND,
                           "Database does not exist.");
      return NULL;
    }
  g_mutex_lock (&db->readers_lock);
  if (db->idle_readers->len > 0)
    {
      RelaisStore *reader =
          g_ptr_array_steal_index_fast (db->idle_readers, db->idle_readers->len - 1);

      g_mutex_unlock (&db->readers_lock);
      return reader;
    }
  g_mutex_unlock (&db->readers_lock);

  /* The path comes from the writer's store, set once at open. */
  path = g_strdup (relais_store_get_path (db->store));
  return relais_store_open_full (path, SERVER_STORE_FLAGS, error);
}

void
relais_db_release_reader (RelaisDb *db, RelaisStore *reader)
{
  g_return_if_fail (RELAIS_IS_STORE (reader));

  /* A few idle connections are enough for two cores; more are closed. */
  g_mutex_lock (&db->readers_lock);
  if (!g_atomic_int_get (&db->deleted) && db->idle_readers->len < 4)
    {
      g_ptr_array_add (db->idle_readers, reader);
      reader = NULL;
    }
  g_mutex_unlock (&db->readers_lock);
  g_clear_object (&reader);
}

guint
relais_db_add_waiter (RelaisDb *db, RelaisDbWaiterFunc func, gpointer user_data)
{
  Waiter waiter = { db->next_waiter_id++, func, user_data };

  g_array_append_val (db->waiters, waiter);
  return waiter.id;
}

void
relais_db_remove_waiter (RelaisDb *db, guint waiter_id)
{
  for (guint i = 0; i < db->waiters->len; i++)
    if (g_array_index (db->waiters, Waiter, i).id == waiter_id)
      {
        g_array_remove_index (db->waiters, i);
        return;
      }
}

/* Called after every successful write (and on deletion). The waiters are
 * called from a copy, so that one may remove itself (or another) safely;
 * they are expected to defer real work to the main loop. */
void
relais_db_notify_changed (RelaisDb *db)
{
  g_autoptr (GArray) copy = NULL;

  db->read_to_valid = FALSE;
  if (db->waiters->len == 0)
    return;

  copy = g_array_copy (db->waiters);
  for (guint i = 0; i < copy->len; i++)
    {
      Waiter *waiter = &g_array_index (copy, Waiter, i);
      gboolean still_there = FALSE;

      for (guint j = 0; j < db->waiters->len && !still_there; j++)
        still_there = g_array_index (db->waiters, Waiter, j).id == waiter->id;
      if (still_there)
        waiter->func (db, waiter->user_data);
    }
}

/* A read of the changes feed after @seq went to its end (main thread). */
void
relais_db_set_read_to (RelaisDb *db, guint64 seq)
{
  db->read_to_seq = seq;
  db->read_to_valid = TRUE;
}

/* Whether the feed is known to hold no row after @seq: a read to its end
 * said so, and no write of this server came since. Another process's
 * writes (the admin subcommands) are not seen here: a waiting feed finds
 * them by polling the store (relais-handlers-changes.c). */
gboolean
relais_db_nothing_after (RelaisDb *db, guint64 seq)
{
  return db->read_to_valid && seq >= db->read_to_seq;
}

char *
relais_db_get_security (RelaisDb *db)
{
  char *text = NULL;

  if (!g_file_get_contents (db->security_path, &text, NULL, NULL))
    return g_strdup (DEFAULT_SECURITY);
  return text;
}

gboolean
relais_db_set_security (RelaisDb *db, const char *json, GError **error)
{
  /* g_file_set_contents writes a temporary file, fsyncs and renames it:
   * a crash leaves either the old or the new object, never half of one. */
  return g_file_set_contents (db->security_path, json, -1, error);
}

/* Names */

gboolean
relais_db_name_validate (const char *name, GError **error)
{
  gsize len = name != NULL ? strlen (name) : 0;
  gboolean valid = len > 0 && len <= RELAIS_DB_MAX_NAME_LENGTH && g_ascii_islower (name[0]);

  /* The one system database we have, as CouchDB names it. */
  if (g_strcmp0 (name, RELAIS_DB_USERS) == 0)
    return TRUE;

  for (gsize i = 1; valid && i < len; i++)
    valid = g_ascii_islower (name[i]) || g_ascii_isdigit (name[i]) || strchr ("_$()+/-", name[i]);

  if (!valid)
    g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_ILLEGAL_DB_NAME,
                 "Name: '%s'. Only lowercase characters (a-z), digits (0-9), and any of the "
                 "characters _, $, (, ), +, -, and / are allowed. Must begin with a letter.",
                 name != NULL && g_utf8_validate (name, -1, NULL) ? name : "");
  return valid;
}

char *
relais_db_name_to_file_name (const char *name)
{
  GString *out = g_string_new (NULL);

  for (const char *p = name; *p; p++)
    if (g_ascii_islower (*p) || g_ascii_isdigit (*p) || strchr ("_$()+-", *p))
      g_string_append_c (out, *p);
    else
      g_string_append_printf (out, "%%%02X", (guchar) *p);
  g_string_append (out, STORE_SUFFIX);
  return g_string_free (out, FALSE);
}

char *
relais_db_name_from_file_name (const char *file_name)
{
  g_autofree char *stem = NULL;
  g_autofree char *name = NULL;

  if (!g_str_has_suffix (file_name, STORE_SUFFIX))
    return NULL;
  stem = g_strndup (file_name, strlen (file_name) - strlen (STORE_SUFFIX));
  name = g_uri_unescape_string (stem, NULL);
  if (name == NULL || !relais_db_name_validate (name, NULL))
    return NULL;
  return g_steal_pointer (&name);
}

/* RelaisDbRegistry */

static void
relais_db_registry_finalize (GObject *object)
{
  RelaisDbRegistry *self = RELAIS_DB_REGISTRY (object);

  g_clear_pointer (&self->open, g_hash_table_unref);
  g_clear_pointer (&self->data_dir, g_free);
  G_OBJECT_CLASS (relais_db_registry_parent_class)->finalize (object);
}

static void
relais_db_registry_class_init (RelaisDbRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relais_db_registry_finalize;
}

static void
relais_db_registry_init (RelaisDbRegistry *self)
{
  self->open =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) relais_db_unref);
}

RelaisDbRegistry *
relais_db_registry_new (const char *data_dir, GError **error)
{
  g_autoptr (RelaisDbRegistry) self = NULL;

  g_return_val_if_fail (data_dir != NULL, NULL);

  if (g_mkdir_with_parents (data_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot create the data folder %s: %s", data_dir, g_strerror (saved));
      return NULL;
    }

  self = g_object_new (RELAIS_TYPE_DB_REGISTRY, NULL);
  self->data_dir = g_strdup (data_dir);
  return g_steal_pointer (&self);
}

const char *
relais_db_registry_get_data_dir (RelaisDbRegistry *self)
{
  return self->data_dir;
}

static void
db_paths (RelaisDbRegistry *self, const char *name, char **store_path, char **security_path)
{
  g_autofree char *file = relais_db_name_to_file_name (name);

  *store_path = g_build_filename (self->data_dir, file, NULL);
  *security_path = g_strconcat (*store_path, SECURITY_SUFFIX, NULL);
}

static RelaisDb *
open_db (RelaisDbRegistry *self, const char *name, gboolean create, GError **error)
{
  g_autofree char *store_path = NULL;
  g_autofree char *security_path = NULL;
  RelaisStore *store;
  RelaisStore *main_reader;
  RelaisDb *db;
  gboolean exists;

  if (!relais_db_name_validate (name, error))
    return NULL;

  db = g_hash_table_lookup (self->open, name);
  db_paths (self, name, &store_path, &security_path);
  exists = db != NULL || g_file_test (store_path, G_FILE_TEST_EXISTS);

  if (create && exists)
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_DB_EXISTS,
                           "The database could not be created, the file already exists.");
      return NULL;
    }
  if (!create && !exists)
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_DB_NOT_FOUND,
                           "Database does not exist.");
      return NULL;
    }
  if (db != NULL)
    return relais_db_ref (db);

  if ((store = relais_store_open_full (store_path, SERVER_STORE_FLAGS, error)) == NULL)
    return NULL;
  if ((main_reader = relais_store_open_full (store_path, SERVER_STORE_FLAGS, error)) == NULL)
    {
      g_object_unref (store);
      return NULL;
    }

  db = db_new (name, store, main_reader, security_path);
  g_hash_table_insert (self->open, g_strdup (name), relais_db_ref (db));
  return db;
}

/**
 * relais_db_registry_open:
 *
 * Returns: (transfer full): the database, or NULL with
 *   RELAIS_SERVER_ERROR_DB_NOT_FOUND / _ILLEGAL_DB_NAME or a store error
 */
RelaisDb *
relais_db_registry_open (RelaisDbRegistry *self, const char *name, GError **error)
{
  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (self), NULL);
  return open_db (self, name, FALSE, error);
}

RelaisDb *
relais_db_registry_create (RelaisDbRegistry *self, const char *name, GError **error)
{
  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (self), NULL);
  return open_db (self, name, TRUE, error);
}

gboolean
relais_db_registry_delete (RelaisDbRegistry *self, const char *name, GError **error)
{
  g_autofree char *store_path = NULL;
  g_autofree char *security_path = NULL;
  g_autoptr (RelaisDb) db = NULL;
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  if ((db = open_db (self, name, FALSE, error)) == NULL)
    return FALSE;

  db_paths (self, name, &store_path, &security_path);
  g_hash_table_remove (self->open, name);
  /* Writes still queued see the flag and answer 404 instead of writing
   * into the unlinked file; one already running ends as if it came just
   * before the deletion. Not under the writer's lock: the main thread
   * would wait for a whole batch. */
  g_atomic_int_set (&db->deleted, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (store_path, suffixes[i], NULL);

      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot delete %s: %s",
                       path, g_strerror (saved));
          return FALSE;
        }
    }
  g_unlink (security_path);

  /* Feeds still streaming from it see the deletion and end. */
  g_mutex_lock (&db->readers_lock);
  g_ptr_array_set_size (db->idle_readers, 0);
  g_mutex_unlock (&db->readers_lock);
  relais_db_notify_changed (db);
  return TRUE;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GStrv
relais_db_registry_list (RelaisDbRegistry *self, GError **error)
{
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (self), NULL);

  if ((dir = g_dir_open (self->data_dir, 0, error)) == NULL)
    return NULL;

  while ((entry = g_dir_read_name (dir)) != NULL)
    {
      char *name = relais_db_name_from_file_name (entry);

      if (name != NULL)
        g_ptr_array_add (names, name);
    }

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

void
relais_db_registry_close_all (RelaisDbRegistry *self)
{
  g_hash_table_remove_all (self->open);
}

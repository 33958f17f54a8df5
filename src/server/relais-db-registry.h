/* relais-db-registry.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "relais-store.h"

G_BEGIN_DECLS

#define RELAIS_DB_MAX_NAME_LENGTH 238
#define RELAIS_DB_USERS "_users"

/* One open database: its store, its _security object and the feeds waiting
 * for its next change. Reference counted so that a feed keeps a database it
 * streams alive even when the database is deleted meanwhile. */
typedef struct _RelaisDb RelaisDb;

typedef void (*RelaisDbWaiterFunc) (RelaisDb *db, gpointer user_data);
typedef void (*RelaisDbWriteFunc) (RelaisStore *writer, gpointer data);
typedef void (*RelaisDbWriteDoneFunc) (RelaisDb *db, gpointer data);

RelaisDb *relais_db_ref (RelaisDb *db);
void relais_db_unref (RelaisDb *db);
const char *relais_db_get_name (RelaisDb *db);
RelaisStore *relais_db_get_store (RelaisDb *db);
gboolean relais_db_is_deleted (RelaisDb *db);
RelaisStore *relais_db_lock_writer (RelaisDb *db);
void relais_db_unlock_writer (RelaisDb *db);
void relais_db_write_async (RelaisDb *db,
                            RelaisDbWriteFunc func,
                            RelaisDbWriteDoneFunc done,
                            gpointer data);
RelaisStore *relais_db_acquire_reader (RelaisDb *db, GError **error);
void relais_db_release_reader (RelaisDb *db, RelaisStore *reader);
guint relais_db_add_waiter (RelaisDb *db, RelaisDbWaiterFunc func, gpointer user_data);
void relais_db_remove_waiter (RelaisDb *db, guint waiter_id);
void relais_db_notify_changed (RelaisDb *db);
void relais_db_set_read_to (RelaisDb *db, guint64 seq);
gboolean relais_db_nothing_after (RelaisDb *db, guint64 seq);
char *relais_db_get_security (RelaisDb *db);
gboolean relais_db_set_security (RelaisDb *db, const char *json, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisDb, relais_db_unref)

#define RELAIS_TYPE_DB_REGISTRY (relais_db_registry_get_type ())
G_DECLARE_FINAL_TYPE (RelaisDbRegistry, relais_db_registry, RELAIS, DB_REGISTRY, GObject)

gboolean relais_db_name_validate (const char *name, GError **error);
char *relais_db_name_to_file_name (const char *name);
char *relais_db_name_from_file_name (const char *file_name);

RelaisDbRegistry *relais_db_registry_new (const char *data_dir, GError **error);
const char *relais_db_registry_get_data_dir (RelaisDbRegistry *self);
RelaisDb *relais_db_registry_open (RelaisDbRegistry *self, const char *name, GError **error);
RelaisDb *relais_db_registry_create (RelaisDbRegistry *self, const char *name, GError **error);
gboolean relais_db_registry_delete (RelaisDbRegistry *self, const char *name, GError **error);
GStrv relais_db_registry_list (RelaisDbRegistry *self, GError **error);
void relais_db_registry_close_all (RelaisDbRegistry *self);

G_END_DECLS

/* relais-admin-referential.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * `relais-server referential import`: the referential's documents
 * (relais-referential-docs.h) into the `referentiel` database. A new
 * import of the same files writes nothing (every body is compared with the
 * stored winner first), so replicas do not pull 47,000 needless revisions
 * after each yearly update of the files; records gone from the files are
 * deleted, so that the database is the files, no more.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <string.h>

#include "relais-admin.h"
#include "relais-core.h"
#include "relais-referential-docs.h"
#include "relais-server-error.h"

/* Documents per transaction: one fsync per batch, bounded memory. */
#define IMPORT_BATCH 5000

typedef struct
{
  GPtrArray *docs;   /* of JsonObject, in the referential's order */
  GHashTable *index; /* id → position in docs */
  GPtrArray *skip;   /* of gboolean as pointer: unchanged */
  GPtrArray *tombstones;
} Import;

static gboolean
collect_cb (JsonObject *doc, gpointer user_data, GError **error)
{
  Import *import = user_data;

  g_hash_table_insert (import->index, (gpointer) relais_doc_get_id (doc),
                       GUINT_TO_POINTER (import->docs->len));
  g_ptr_array_add (import->docs, json_object_ref (doc));
  g_ptr_array_add (import->skip, GINT_TO_POINTER (FALSE));
  return TRUE;
}

static gboolean
is_referential_id (const char *id)
{
  g_autofree char *type = relais_doc_id_type (id);

  return type != NULL && g_strv_contains (relais_referential_doc_types (), type);
}

/* Marks the unchanged documents, gives the changed ones the winner's _rev,
 * and lists the live referential documents the files no longer have. */
static gboolean
compare_cb (const RelaisChange *change, gpointer user_data)
{
  Import *import = user_data;
  gpointer position;
  JsonObject *doc;
  g_autoptr (JsonObject) stored = NULL;
  g_autofree char *new_body = NULL;
  g_autofree char *old_body = NULL;

  if (!g_hash_table_lookup_extended (import->index, change->id, NULL, &position))
    {
      if (!change->deleted && is_referential_id (change->id))
        {
          JsonObject *tombstone = json_object_new ();

          json_object_set_string_member (tombstone, "_id", change->id);
          json_object_set_string_member (tombstone, "_rev", change->revs[0]);
          json_object_set_boolean_member (tombstone, "_deleted", TRUE);
          g_ptr_array_add (import->tombstones, tombstone);
        }
      return TRUE;
    }

  /* A deleted one is recreated on top of its tombstone, without _rev. */
  if (change->deleted)
    return TRUE;

  doc = g_ptr_array_index (import->docs, GPOINTER_TO_UINT (position));
  stored = relais_json_parse_object (change->doc_json, -1, NULL);
  if (stored != NULL)
    {
      new_body = relais_doc_body_canonical (doc);
      old_body = relais_doc_body_canonical (stored);
      if (g_str_equal (new_body, old_body))
        {
          import->skip->pdata[GPOINTER_TO_UINT (position)] = GINT_TO_POINTER (TRUE);
          return TRUE;
        }
    }
  json_object_set_string_member (doc, "_rev", change->revs[0]);
  return TRUE;
}

static gboolean
write_batch (RelaisDb *db, GPtrArray *batch, GError **error)
{
  g_autoptr (GPtrArray) results = NULL;

  if (batch->len == 0)
    return TRUE;
  results = relais_store_bulk_put (relais_db_lock_writer (db), batch, TRUE, error);
  relais_db_unlock_writer (db);
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
  g_ptr_array_set_size (batch, 0);
  return TRUE;
}

/**
 * relais_admin_import_referential:
 * @report: (out caller-allocates)
 *
 * Creates the `referentiel` database when needed and makes its documents
 * those of @referential, in transactions of IMPORT_BATCH documents. The
 * caller wakes the feeds if a server holds the registry.
 */
gboolean
relais_admin_import_referential (RelaisDbRegistry *registry,
                                 RelaisReferential *referential,
                                 RelaisImportReport *report,
                                 GError **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (RelaisDb) db = NULL;
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) tombstones =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) skip = g_ptr_array_new ();
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) batch = NULL;
  Import import = { docs, index, skip, tombstones };
  RelaisStore *store;

  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (registry), FALSE);
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (referential), FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  db = relais_db_registry_open (registry, RELAIS_REFERENTIAL_DB, &local_error);
  if (db == NULL &&
      g_error_matches (local_error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_DB_NOT_FOUND))
    {
      g_clear_error (&local_error);
      db = relais_db_registry_create (registry, RELAIS_REFERENTIAL_DB, &local_error);
    }
  if (db == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  store = relais_db_get_store (db);

  if (!relais_referential_foreach_doc (referential, collect_cb, &import, error) ||
      !relais_store_changes (store, 0, 0, RELAIS_CHANGES_INCLUDE_DOCS, compare_cb, &import, NULL,
                             error))
    return FALSE;

  report->total = docs->len;
  batch = g_ptr_array_new ();
  for (guint i = 0; i < docs->len; i++)
    {
      if (GPOINTER_TO_INT (skip->pdata[i]))
        {
          report->unchanged++;
          continue;
        }
      g_ptr_array_add (batch, g_ptr_array_index (docs, i));
      report->written++;
      if (batch->len >= IMPORT_BATCH && !write_batch (db, batch, error))
        return FALSE;
    }
  for (guint i = 0; i < tombstones->len; i++)
    {
      g_ptr_array_add (batch, g_ptr_array_index (tombstones, i));
      report->deleted++;
      if (batch->len >= IMPORT_BATCH && !write_batch (db, batch, error))
        return FALSE;
    }
  if (!write_batch (db, batch, error))
    return FALSE;

  if (report->written + report->deleted > 0)
    relais_db_notify_changed (db);
  return TRUE;
}

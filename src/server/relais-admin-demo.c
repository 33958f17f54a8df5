/* relais-admin-demo.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * `relais-server demo`: an agency database filled by the core demo
 * generator, in transactions, as `relais-store demo` fills a file.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-admin.h"
#include "relais-core.h"
#include "relais-server-error.h"

/* Documents written per transaction. */
#define DEMO_BATCH 5000

typedef struct
{
  RelaisDbRegistry *registry;
  RelaisDb *db; /* opened at the first document, the agence */
  char *db_name;
  GPtrArray *batch;
  guint64 written;
} DemoFill;

/* "agence-35238": database names are lower case ("2A004" → "2a004"). */
char *
relais_admin_agency_db_name (const char *agence_code)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (agence_code != NULL, NULL);

  lower = g_ascii_strdown (agence_code, -1);
  return g_strconcat (RELAIS_AGENCY_DB_PREFIX, lower, NULL);
}

static gboolean
flush_batch (DemoFill *fill, GError **error)
{
  g_autoptr (GPtrArray) results = NULL;

  if (fill->batch->len == 0)
    return TRUE;
  results = relais_store_bulk_put (relais_db_lock_writer (fill->db), fill->batch, TRUE, error);
  relais_db_unlock_writer (fill->db);
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

/* The generator emits the agence first: its code names the database, so
 * that the default agency (chosen by the generator from the referential)
 * needs no guess here. */
static gboolean
open_agency_db (DemoFill *fill, JsonObject *agence, GError **error)
{
  const char *code = json_object_get_string_member_with_default (agence, "code", NULL);
  g_autoptr (GError) local_error = NULL;

  if (code == NULL || g_strcmp0 (relais_doc_get_doc_type (agence), "agence") != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The demo generator did not start with the agence");
      return FALSE;
    }
  fill->db_name = relais_admin_agency_db_name (code);
  fill->db = relais_db_registry_open (fill->registry, fill->db_name, &local_error);
  if (fill->db == NULL &&
      g_error_matches (local_error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_DB_NOT_FOUND))
    {
      g_clear_error (&local_error);
      fill->db = relais_db_registry_create (fill->registry, fill->db_name, &local_error);
    }
  if (fill->db == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (relais_store_get_doc_count (relais_db_get_store (fill->db)) > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "The database %s already holds %" G_GUINT64_FORMAT
                   " documents; delete it first for a new demo",
                   fill->db_name, relais_store_get_doc_count (relais_db_get_store (fill->db)));
      return FALSE;
    }
  return TRUE;
}

static gboolean
emit_cb (JsonObject *doc, gpointer user_data, GError **error)
{
  DemoFill *fill = user_data;

  if (fill->db == NULL && !open_agency_db (fill, doc, error))
    return FALSE;
  g_ptr_array_add (fill->batch, json_object_ref (doc));
  return fill->batch->len < DEMO_BATCH || flush_batch (fill, error);
}

/**
 * relais_admin_fill_demo:
 * @db_name: (out) (optional): the agency database, set even on failure
 *   once known
 * @written: (out) (optional): the number of documents written
 *
 * Fails with G_IO_ERROR_EXISTS, writing nothing, when the agency database
 * already holds documents.
 */
gboolean
relais_admin_fill_demo (RelaisDbRegistry *registry,
                        const RelaisDemoOptions *options,
                        char **db_name,
                        guint64 *written,
                        GError **error)
{
  DemoFill fill = { registry, NULL, NULL, NULL, 0 };
  gboolean ok;

  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (registry), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  fill.batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  ok = relais_demo_generate (options, emit_cb, &fill, error) && flush_batch (&fill, error);
  if (fill.db != NULL && fill.written > 0)
    relais_db_notify_changed (fill.db);

  if (written != NULL)
    *written = fill.written;
  if (db_name != NULL)
    *db_name = g_steal_pointer (&fill.db_name);
  g_free (fill.db_name);
  g_clear_pointer (&fill.db, relais_db_unref);
  g_ptr_array_unref (fill.batch);
  return ok;
}

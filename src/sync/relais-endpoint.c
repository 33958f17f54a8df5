/* relais-endpoint.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#define G_LOG_DOMAIN "relais-sync"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "relais-endpoint.h"
#include "relais-local-endpoint.h"
#include "relais-remote-endpoint.h"

G_DEFINE_INTERFACE (RelaisEndpoint, relais_endpoint, G_TYPE_OBJECT)

GQuark
relais_sync_error_quark (void)
{
  return g_quark_from_static_string ("relais-sync-error-quark");
}

/**
 * relais_sync_error_is_transient:
 *
 * Whether trying again later may succeed: the network, a server that is
 * down or overloaded. Refusals (credentials, TLS, a missing database) are
 * not retried: they would fail the same way.
 */
gboolean
relais_sync_error_is_transient (const GError *error)
{
  g_return_val_if_fail (error != NULL, FALSE);

  if (error->domain == RELAIS_SYNC_ERROR)
    return error->code == RELAIS_SYNC_ERROR_SERVER;
  if (error->domain == G_IO_ERROR)
    return error->code != G_IO_ERROR_CANCELLED && error->code != G_IO_ERROR_NOT_SUPPORTED &&
           error->code != G_IO_ERROR_INVALID_ARGUMENT &&
           error->code != G_IO_ERROR_PERMISSION_DENIED;
  return error->domain == G_RESOLVER_ERROR || error->domain == SOUP_SESSION_ERROR;
}

static void
relais_endpoint_default_init (RelaisEndpointInterface *iface)
{
}

/**
 * relais_endpoint_new_for_location:
 * @location: an http(s) URL of a database, or the path of a store file
 *
 * Returns: (transfer full): the endpoint, or NULL with @error set
 */
RelaisEndpoint *
relais_endpoint_new_for_location (const char *location, GError **error)
{
  g_return_val_if_fail (location != NULL, NULL);

  if (g_str_has_prefix (location, "http://") || g_str_has_prefix (location, "https://"))
    return RELAIS_ENDPOINT (relais_remote_endpoint_new (location, error));
  if (strstr (location, "://") != NULL || *location == '\0')
    {
      g_set_error (error, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_INVALID_LOCATION,
                   "%s is neither an http(s) URL nor a file path", location);
      return NULL;
    }
  return RELAIS_ENDPOINT (relais_local_endpoint_new (location));
}

char *
relais_endpoint_describe (RelaisEndpoint *self)
{
  g_return_val_if_fail (RELAIS_IS_ENDPOINT (self), NULL);
  return RELAIS_ENDPOINT_GET_IFACE (self)->describe (self);
}

void
relais_endpoint_get_timings (RelaisEndpoint *self, RelaisSyncTimings *timings)
{
  g_return_if_fail (RELAIS_IS_ENDPOINT (self));
  g_return_if_fail (timings != NULL);
  RELAIS_ENDPOINT_GET_IFACE (self)->get_timings (self, timings);
}

void
relais_endpoint_info_async (RelaisEndpoint *self,
                            GCancellable *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer user_data)
{
  g_return_if_fail (RELAIS_IS_ENDPOINT (self));
  RELAIS_ENDPOINT_GET_IFACE (self)->info_async (self, cancellable, callback, user_data);
}

void
relais_endpoint_get_local_async (RelaisEndpoint *self,
                                 const char *id,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (RELAIS_IS_ENDPOINT (self));
  g_return_if_fail (id != NULL && g_str_has_prefix (id, "_local/"));
  RELAIS_ENDPOINT_GET_IFACE (self)->get_local_async (self, id, cancellable, callback, user_data);
}

void
relais_endpoint_put_local_async (RelaisEndpoint *self,
                                 const char *id,
                                 JsonObject *doc,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (RELAIS_IS_ENDPOINT (self));
  g_return_if_fail (id != NULL && g_str_has_prefix (id, "_local/"));
  g_return_if_fail (doc != NULL);
  RELAIS_ENDPOINT_GET_IFACE (self)->put_local_async (self, id, doc, cancellable, callback,
                                                     user_data);
}

void
relais_endpoint_changes_async (RelaisEndpoint *self,
                               const char *since,
                               guint limit,
                               guint wait_ms,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer user_data)
{
  g_return_if_fail (RELAIS_IS_ENDPOINT (self));
  g_return_if_fail (since != NULL);
  RELAIS_ENDPOINT_GET_IFACE (self)->changes_async (self, since, limit, wait_ms, cancellable,
                                                   callback, user_data);
}

void
relais_endpoint_revs_diff_async (RelaisEndpoint *self,
                                 JsonObject *request,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_return_if_fail (RELAIS_IS_ENDPOINT (self));
  g_return_if_fail (request != NULL);
  RELAIS_ENDPOINT_GET_IFACE (self)->revs_diff_async (self, request, cancellable, callback,
                                                     user_data);
}

void
relais_endpoint_fetch_async (RelaisEndpoint *self,
                             JsonObject *missing,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_return_if_fail (RELAIS_IS_ENDPOINT (self));
  g_return_if_fail (missing != NULL);
  RELAIS_ENDPOINT_GET_IFACE (self)->fetch_async (self, missing, cancellable, callback, user_data);
}

void
relais_endpoint_write_async (RelaisEndpoint *self,
                             GPtrArray *docs,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  g_return_if_fail (RELAIS_IS_ENDPOINT (self));
  g_return_if_fail (docs != NULL);
  RELAIS_ENDPOINT_GET_IFACE (self)->write_async (self, docs, cancellable, callback, user_data);
}

/**
 * relais_endpoint_finish:
 *
 * Returns: (transfer full) (nullable): the operation's result (see each
 *   operation), NULL with @error set on failure
 */
gpointer
relais_endpoint_finish (RelaisEndpoint *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Boxed-ish helpers */

RelaisSyncDoc *
relais_sync_doc_new (char *json, JsonObject *object)
{
  RelaisSyncDoc *doc = g_new0 (RelaisSyncDoc, 1);

  doc->json = json;
  doc->object = object;
  return doc;
}

void
relais_sync_doc_free (RelaisSyncDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->json);
  g_clear_pointer (&doc->object, json_object_unref);
  g_free (doc->id);
  g_free (doc->rev);
  g_free (doc->body);
  g_strfreev (doc->revs);
  g_free (doc);
}

RelaisSyncDocError *
relais_sync_doc_error_new (const char *id, const char *rev, const char *error, const char *reason)
{
  RelaisSyncDocError *e = g_new0 (RelaisSyncDocError, 1);

  e->id = g_strdup (id);
  e->rev = g_strdup (rev);
  e->error = g_strdup (error != NULL ? error : "unknown_error");
  e->reason = g_strdup (reason != NULL ? reason : "");
  return e;
}

RelaisSyncDocError *
relais_sync_doc_error_copy (const RelaisSyncDocError *error)
{
  return relais_sync_doc_error_new (error->id, error->rev, error->error, error->reason);
}

void
relais_sync_doc_error_free (RelaisSyncDocError *error)
{
  if (error == NULL)
    return;
  g_free (error->id);
  g_free (error->rev);
  g_free (error->error);
  g_free (error->reason);
  g_free (error);
}

void
relais_change_row_free (RelaisChangeRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_strfreev (row->revs);
  g_free (row);
}

void
relais_changes_batch_free (RelaisChangesBatch *batch)
{
  if (batch == NULL)
    return;
  g_clear_pointer (&batch->rows, g_ptr_array_unref);
  g_free (batch->last_seq);
  g_free (batch);
}

void
relais_endpoint_info_free (RelaisEndpointInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->peer_id);
  g_free (info->update_seq);
  g_free (info);
}

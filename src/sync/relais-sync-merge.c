/* relais-sync-merge.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The merge of conflicts after a pull into a local store, in a worker
 * thread on its own connection to the file (WAL: the endpoint's and the
 * application's connections go on meanwhile; writers wait for each other
 * up to the store's busy timeout).
 */

#define G_LOG_DOMAIN "relais-sync"

#include "config.h"

#include "relais-store-conflicts.h"
#include "relais-sync-merge.h"

static void
merge_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = relais_store_open (path, &error);
  RelaisMergeCounts *counts = g_new0 (RelaisMergeCounts, 1);

  if (store == NULL ||
      !relais_store_merge_conflicts (store, &counts->merged, &counts->left, &error))
    {
      g_free (counts);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, counts, g_free);
}

void
relais_sync_merge_conflicts_async (RelaisLocalEndpoint *endpoint,
                                   GCancellable *cancellable,
                                   GAsyncReadyCallback callback,
                                   gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (RELAIS_IS_LOCAL_ENDPOINT (endpoint));

  task = g_task_new (endpoint, cancellable, callback, user_data);
  g_task_set_source_tag (task, relais_sync_merge_conflicts_async);
  g_task_set_task_data (task, g_strdup (relais_local_endpoint_get_path (endpoint)), g_free);
  g_task_run_in_thread (task, merge_thread);
}

gboolean
relais_sync_merge_conflicts_finish (RelaisLocalEndpoint *endpoint,
                                    GAsyncResult *result,
                                    RelaisMergeCounts *counts,
                                    GError **error)
{
  g_autofree RelaisMergeCounts *out = NULL;

  g_return_val_if_fail (g_task_is_valid (result, endpoint), FALSE);

  if ((out = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return FALSE;
  if (counts != NULL)
    *counts = *out;
  return TRUE;
}

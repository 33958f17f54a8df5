/* relais-sync-merge.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "relais-local-endpoint.h"

G_BEGIN_DECLS

typedef struct
{
  guint merged; /* conflicts settled by a three-way merge */
  guint left;   /* conflicts that need a person */
} RelaisMergeCounts;

void relais_sync_merge_conflicts_async (RelaisLocalEndpoint *endpoint,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data);
gboolean relais_sync_merge_conflicts_finish (RelaisLocalEndpoint *endpoint,
                                             GAsyncResult *result,
                                             RelaisMergeCounts *counts,
                                             GError **error);

G_END_DECLS

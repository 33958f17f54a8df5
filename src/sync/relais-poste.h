/* relais-poste.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "relais-local-endpoint.h"

G_BEGIN_DECLS

typedef struct
{
  char *workstation_id; /* the document is "poste:<workstation_id>" */
  char *conseiller;     /* nullable */
  char *since;          /* the push checkpoint: changes after it are unsent */
  GPtrArray *refused;   /* (element-type RelaisSyncDocError) refused by the server in this push */
  gboolean pushed;      /* the push sent documents */
} RelaisPosteUpdate;

void relais_poste_update_async (RelaisLocalEndpoint *source,
                                const RelaisPosteUpdate *update,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data);
gboolean relais_poste_update_finish (RelaisLocalEndpoint *source,
                                     GAsyncResult *result,
                                     gint64 *pending,
                                     gboolean *written,
                                     GError **error);

G_END_DECLS

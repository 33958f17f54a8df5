/* relais-sync-status.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-sync-session.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_SYNC_STATUS (relais_sync_status_get_type ())
G_DECLARE_FINAL_TYPE (RelaisSyncStatus, relais_sync_status, RELAIS, SYNC_STATUS, GtkWidget)

GtkWidget *relais_sync_status_new (void);
RelaisSyncSession *relais_sync_status_get_session (RelaisSyncStatus *self);
void relais_sync_status_set_session (RelaisSyncStatus *self, RelaisSyncSession *session);
const char *relais_sync_status_get_summary (RelaisSyncStatus *self);
char *relais_sync_status_get_details (RelaisSyncStatus *self);
const char *relais_sync_status_get_badge (RelaisSyncStatus *self);

G_END_DECLS

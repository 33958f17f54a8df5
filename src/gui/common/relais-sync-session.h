/* relais-sync-session.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  RELAIS_SYNC_CONNECTION_CONNECTING, /* started, no answer from the server yet */
  RELAIS_SYNC_CONNECTION_ONLINE,
  RELAIS_SYNC_CONNECTION_OFFLINE, /* the server cannot be reached: retrying */
  RELAIS_SYNC_CONNECTION_ERROR,   /* stopped on an error a retry cannot cure */
} RelaisSyncConnection;

#define RELAIS_TYPE_SYNC_SESSION (relais_sync_session_get_type ())
G_DECLARE_FINAL_TYPE (RelaisSyncSession, relais_sync_session, RELAIS, SYNC_SESSION, GObject)

RelaisSyncSession *relais_sync_session_new (const char *store_path,
                                            const char *server_url,
                                            const char *user,
                                            const char *password,
                                            const char *conseiller_id,
                                            const char *workstation_id);
void relais_sync_session_set_retry_max_delay (RelaisSyncSession *self, guint ms);
void relais_sync_session_start (RelaisSyncSession *self);
void relais_sync_session_stop (RelaisSyncSession *self);
void relais_sync_session_sync_now (RelaisSyncSession *self);
gboolean relais_sync_session_get_running (RelaisSyncSession *self);
const char *relais_sync_session_get_server_url (RelaisSyncSession *self);
const char *relais_sync_session_get_user (RelaisSyncSession *self);
const char *relais_sync_session_get_conseiller_id (RelaisSyncSession *self);
RelaisSyncConnection relais_sync_session_get_connection (RelaisSyncSession *self);
const char *relais_sync_session_get_error_message (RelaisSyncSession *self);
GDateTime *relais_sync_session_get_last_sync (RelaisSyncSession *self);
gint64 relais_sync_session_get_unsent (RelaisSyncSession *self);
guint relais_sync_session_get_conflicts (RelaisSyncSession *self);
const char *const *relais_sync_session_get_roles (RelaisSyncSession *self);
void relais_sync_session_refresh_counts (RelaisSyncSession *self);

G_END_DECLS

/* relais-remote-endpoint.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "relais-endpoint.h"

G_BEGIN_DECLS

typedef enum
{
  RELAIS_AUTH_BASIC,   /* Authorization: Basic on every request */
  RELAIS_AUTH_SESSION, /* POST /_session, then the AuthSession cookie */
} RelaisAuthMode;

#define RELAIS_TYPE_REMOTE_ENDPOINT (relais_remote_endpoint_get_type ())
G_DECLARE_FINAL_TYPE (
    RelaisRemoteEndpoint, relais_remote_endpoint, RELAIS, REMOTE_ENDPOINT, GObject)

RelaisRemoteEndpoint *relais_remote_endpoint_new (const char *url, GError **error);
void relais_remote_endpoint_set_credentials (RelaisRemoteEndpoint *self,
                                             const char *user,
                                             const char *password,
                                             RelaisAuthMode mode);
void relais_remote_endpoint_set_tls_database (RelaisRemoteEndpoint *self, GTlsDatabase *database);
gboolean
relais_remote_endpoint_set_ca_file (RelaisRemoteEndpoint *self, const char *path, GError **error);
void relais_remote_endpoint_set_create_target (RelaisRemoteEndpoint *self, gboolean create);
void relais_remote_endpoint_set_max_request_bytes (RelaisRemoteEndpoint *self, gsize bytes);
void relais_remote_endpoint_set_heartbeat (RelaisRemoteEndpoint *self, guint ms);
guint relais_remote_endpoint_get_n_logins (RelaisRemoteEndpoint *self);
void relais_remote_endpoint_set_selector (RelaisRemoteEndpoint *self, JsonObject *selector);

G_END_DECLS

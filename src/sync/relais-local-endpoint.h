/* relais-local-endpoint.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "relais-endpoint.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_LOCAL_ENDPOINT (relais_local_endpoint_get_type ())
G_DECLARE_FINAL_TYPE (RelaisLocalEndpoint, relais_local_endpoint, RELAIS, LOCAL_ENDPOINT, GObject)

RelaisLocalEndpoint *relais_local_endpoint_new (const char *path);
void relais_local_endpoint_set_poll_interval (RelaisLocalEndpoint *self, guint ms);
const char *relais_local_endpoint_get_path (RelaisLocalEndpoint *self);
void relais_local_endpoint_set_selector (RelaisLocalEndpoint *self, JsonObject *selector);

G_END_DECLS

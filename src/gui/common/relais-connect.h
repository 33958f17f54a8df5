/* relais-connect.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-context.h"

G_BEGIN_DECLS

void relais_connect_start (RelaisContext *context,
                           const char *server_url,
                           const char *user,
                           const char *password,
                           const char *conseiller_id);
GtkWindow *
relais_connect_dialog_present (GtkWindow *parent, RelaisContext *context, const char *message);

G_END_DECLS

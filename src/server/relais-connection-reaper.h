/* relais-connection-reaper.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _RelaisConnectionReaper RelaisConnectionReaper;

RelaisConnectionReaper *relais_connection_reaper_new (SoupServer *server);
void relais_connection_reaper_free (RelaisConnectionReaper *self);

G_END_DECLS

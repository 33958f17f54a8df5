/* relais-store-watch.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "relais-context.h"

G_BEGIN_DECLS

/* How often the local store is asked whether another connection (the
 * replicator, relais-sync, a second window) wrote to it. */
#define RELAIS_STORE_WATCH_INTERVAL_MS 1000

#define RELAIS_TYPE_STORE_WATCH (relais_store_watch_get_type ())
G_DECLARE_FINAL_TYPE (RelaisStoreWatch, relais_store_watch, RELAIS, STORE_WATCH, GObject)

RelaisStoreWatch *relais_store_watch_new (RelaisContext *context);
void relais_store_watch_check (RelaisStoreWatch *self);

G_END_DECLS

/* relais-context.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>

#include "relais-store.h"
#include "relais-sync-session.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_CONTEXT (relais_context_get_type ())
G_DECLARE_FINAL_TYPE (RelaisContext, relais_context, RELAIS, CONTEXT, GObject)

RelaisContext *relais_context_new (const char *store_path, const GDate *today);
const char *relais_context_get_store_path (RelaisContext *self);
RelaisStore *relais_context_get_store (RelaisContext *self);
const GError *relais_context_get_store_error (RelaisContext *self);
GSettings *relais_context_get_settings (RelaisContext *self);
const GDate *relais_context_get_today (RelaisContext *self);
RelaisSyncSession *relais_context_get_sync (RelaisContext *self);
void relais_context_set_sync (RelaisContext *self, RelaisSyncSession *sync);
char *relais_context_dup_workstation_id (RelaisContext *self);

G_END_DECLS

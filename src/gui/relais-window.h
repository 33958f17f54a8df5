/* relais-window.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-application.h"
#include "relais-context.h"
#include "relais-sync-status.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_WINDOW (relais_window_get_type ())
G_DECLARE_FINAL_TYPE (RelaisWindow, relais_window, RELAIS, WINDOW, AdwApplicationWindow)

RelaisWindow *relais_window_new (RelaisApplication *application, const char *store_path);
RelaisWindow *relais_window_new_with_context (RelaisApplication *application,
                                              RelaisContext *context);
RelaisContext *relais_window_get_context (RelaisWindow *self);
const char *relais_window_get_store_path (RelaisWindow *self);
GtkWidget *relais_window_get_visible_view (RelaisWindow *self);
GtkWidget *relais_window_peek_view (RelaisWindow *self, const char *name);
RelaisSyncStatus *relais_window_get_sync_status (RelaisWindow *self);
gboolean relais_window_show_view_named (RelaisWindow *self, const char *name);
gboolean relais_window_is_eld (GSettings *settings);

G_END_DECLS

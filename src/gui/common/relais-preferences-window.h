/* relais-preferences-window.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-context.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_PREFERENCES_WINDOW (relais_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (RelaisPreferencesWindow,
                      relais_preferences_window,
                      RELAIS,
                      PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

RelaisPreferencesWindow *relais_preferences_window_new (GtkWindow *parent, RelaisContext *context);
void relais_preferences_window_sign_out (RelaisPreferencesWindow *self);

G_END_DECLS

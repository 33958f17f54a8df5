/* relais-toast.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void relais_toast_add (GtkWidget *widget, AdwToast *toast);
void relais_toast_add_undo (
    GtkWidget *widget, const char *title, AdwToast **slot, GCallback undo, gpointer instance);
void relais_toast_withdraw_undo (AdwToast **slot, gpointer instance);

G_END_DECLS

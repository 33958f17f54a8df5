/* relais-sidebar-row.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *relais_sidebar_row_new (const char *name, const char *icon_name, const char *label);

G_END_DECLS

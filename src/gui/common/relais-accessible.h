/* relais-accessible.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void relais_accessible_name_mnemonic_buttons (GtkWidget *root);

G_END_DECLS

/* relais-text-cell.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RELAIS_TYPE_TEXT_CELL (relais_text_cell_get_type ())
G_DECLARE_FINAL_TYPE (RelaisTextCell, relais_text_cell, RELAIS, TEXT_CELL, GtkWidget)

GtkWidget *relais_text_cell_new (int nat_chars, float xalign, gboolean numeric);
const char *relais_text_cell_get_text (RelaisTextCell *self);
void relais_text_cell_set_text (RelaisTextCell *self, const char *text);

G_END_DECLS

/* relais-territory-view.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-context.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_TERRITORY_VIEW (relais_territory_view_get_type ())
G_DECLARE_FINAL_TYPE (RelaisTerritoryView, relais_territory_view, RELAIS, TERRITORY_VIEW, GtkWidget)

GtkWidget *relais_territory_view_new (RelaisContext *context);
GtkWidget *relais_territory_view_create_sidebar_row (void);
void relais_territory_view_reload (RelaisTerritoryView *self);
void relais_territory_view_new_diagnostic (RelaisTerritoryView *self);
gboolean relais_territory_view_save (RelaisTerritoryView *self);
void relais_territory_view_focus_search (RelaisTerritoryView *self);
JsonObject *relais_territory_view_get_diagnostic (RelaisTerritoryView *self);
guint relais_territory_view_get_n_diagnostics (RelaisTerritoryView *self);
GtkWidget *relais_territory_view_get_row (RelaisTerritoryView *self, const char *name);
GtkTextView *relais_territory_view_get_constats_view (RelaisTerritoryView *self);
GtkListBox *relais_territory_view_get_prospection_list (RelaisTerritoryView *self);
GtkLabel *relais_territory_view_get_problem_label (RelaisTerritoryView *self);
const char *relais_territory_view_get_figure (RelaisTerritoryView *self, const char *name);

G_END_DECLS

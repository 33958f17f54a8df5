/* relais-conflicts-view.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-context.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_CONFLICTS_VIEW (relais_conflicts_view_get_type ())
G_DECLARE_FINAL_TYPE (RelaisConflictsView, relais_conflicts_view, RELAIS, CONFLICTS_VIEW, GtkWidget)

GtkWidget *relais_conflicts_view_new (RelaisContext *context);
GListModel *relais_conflicts_view_get_model (RelaisConflictsView *self);
void relais_conflicts_view_reload (RelaisConflictsView *self);
gboolean relais_conflicts_view_select (RelaisConflictsView *self, const char *id);
const char *relais_conflicts_view_get_selected_id (RelaisConflictsView *self);
const char *relais_conflicts_view_get_page (RelaisConflictsView *self);
GPtrArray *relais_conflicts_view_get_fields (RelaisConflictsView *self);
GtkCheckButton *
relais_conflicts_view_get_choice (RelaisConflictsView *self, const char *path, guint version);
GtkLabel *relais_conflicts_view_get_problems_label (RelaisConflictsView *self);
GtkButton *relais_conflicts_view_get_save_button (RelaisConflictsView *self);

G_END_DECLS

/* relais-agency-view.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-de-list.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_AGENCY_VIEW (relais_agency_view_get_type ())
G_DECLARE_FINAL_TYPE (RelaisAgencyView, relais_agency_view, RELAIS, AGENCY_VIEW, GtkWidget)

GtkWidget *relais_agency_view_new (RelaisDeList *de_list);
GtkWidget *relais_agency_view_create_sidebar_row (void);
GListModel *relais_agency_view_get_model (RelaisAgencyView *self);
gboolean relais_agency_view_select_portfolio (RelaisAgencyView *self, const char *id);
GtkSelectionModel *relais_agency_view_get_de_selection (RelaisAgencyView *self);
gboolean relais_agency_view_set_target (RelaisAgencyView *self, const char *id);
GtkWidget *relais_agency_view_get_reassign_button (RelaisAgencyView *self);
GtkLabel *relais_agency_view_get_status_label (RelaisAgencyView *self);
GtkListBox *relais_agency_view_get_history_list (RelaisAgencyView *self);
GtkListBox *relais_agency_view_get_counsellors_list (RelaisAgencyView *self);
void relais_agency_view_focus_search (RelaisAgencyView *self);
void relais_agency_view_show_page (RelaisAgencyView *self, const char *name);

G_END_DECLS

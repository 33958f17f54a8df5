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

G_END_DECLS

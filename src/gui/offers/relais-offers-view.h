/* relais-offers-view.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-context.h"
#include "relais-offer-list.h"
#include "relais-offer-page.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_OFFERS_VIEW (relais_offers_view_get_type ())
G_DECLARE_FINAL_TYPE (RelaisOffersView, relais_offers_view, RELAIS, OFFERS_VIEW, GtkWidget)

GtkWidget *relais_offers_view_new (RelaisContext *context);
GtkWidget *relais_offers_view_create_sidebar_row (void);
RelaisOfferList *relais_offers_view_get_list (RelaisOffersView *self);
GListModel *relais_offers_view_get_model (RelaisOffersView *self);
GtkDropDown *relais_offers_view_get_statut_dropdown (RelaisOffersView *self);
const char *relais_offers_view_get_visible_name (RelaisOffersView *self);
RelaisOfferPage *relais_offers_view_open_offer (RelaisOffersView *self, const char *offre_id);
RelaisOfferPage *relais_offers_view_get_page (RelaisOffersView *self);

G_END_DECLS

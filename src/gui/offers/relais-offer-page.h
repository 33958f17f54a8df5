/* relais-offer-page.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-offer-list.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_OFFER_PAGE (relais_offer_page_get_type ())
G_DECLARE_FINAL_TYPE (RelaisOfferPage, relais_offer_page, RELAIS, OFFER_PAGE, GtkWidget)

GtkWidget *relais_offer_page_new (RelaisOfferList *list, const char *offre_id, const char *auteur);
const char *relais_offer_page_get_offre_id (RelaisOfferPage *self);
GtkWidget *relais_offer_page_get_advance_button (RelaisOfferPage *self);
GtkWidget *relais_offer_page_get_close_button (RelaisOfferPage *self);
GtkLabel *relais_offer_page_get_error_label (RelaisOfferPage *self);
GtkListBox *relais_offer_page_get_candidates_list (RelaisOfferPage *self);
GtkListBox *relais_offer_page_get_journal_list (RelaisOfferPage *self);
const char *relais_offer_page_get_level (RelaisOfferPage *self);
gboolean relais_offer_page_advance (RelaisOfferPage *self);
gboolean relais_offer_page_close_offer (RelaisOfferPage *self, const char *motif);
gboolean relais_offer_page_set_candidature_statut (RelaisOfferPage *self,
                                                   const char *candidature_id,
                                                   const char *statut);

G_END_DECLS

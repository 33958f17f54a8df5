/* relais-offer-item.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RELAIS_TYPE_OFFER_ITEM (relais_offer_item_get_type ())
G_DECLARE_FINAL_TYPE (RelaisOfferItem, relais_offer_item, RELAIS, OFFER_ITEM, GObject)

RelaisOfferItem *relais_offer_item_new (JsonObject *doc, guint n_candidats);
JsonObject *relais_offer_item_get_doc (RelaisOfferItem *self);
const char *relais_offer_item_get_id (RelaisOfferItem *self);
const char *relais_offer_item_get_field (RelaisOfferItem *self, const char *name);
const char *relais_offer_item_get_entreprise (RelaisOfferItem *self);
guint relais_offer_item_get_n_candidats (RelaisOfferItem *self);

const char *relais_offer_statut_label (const char *statut);
const char *relais_offer_niveau_label (const char *niveau);
const char *relais_offer_diffusion_label (const char *diffusion);
const char *relais_offer_preselection_label (const char *preselection);
const char *relais_offer_service_label (const char *service);
const char *relais_offer_motif_label (const char *motif);
const char *relais_candidature_statut_label (const char *statut);
const char *relais_candidature_action_label (const char *statut);
char *relais_offer_format_date (const char *date_time);

G_END_DECLS

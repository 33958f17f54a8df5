/* relais-offer-list.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>

#include "relais-context.h"
#include "relais-offer-item.h"
#include "relais-store-list.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_OFFER_LIST (relais_offer_list_get_type ())
G_DECLARE_FINAL_TYPE (RelaisOfferList, relais_offer_list, RELAIS, OFFER_LIST, RelaisStoreList)

RelaisOfferList *relais_offer_list_new (RelaisContext *context);
JsonObject *relais_offer_list_get_offer (RelaisOfferList *self, const char *id);
GPtrArray *relais_offer_list_get_candidatures (RelaisOfferList *self, const char *offre_id);
char *relais_offer_list_dup_de_name (RelaisOfferList *self, const char *de_id);

G_END_DECLS

/* relais-de-item.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

#include "relais-search-text.h"
#include "relais-store-query.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_DE_ITEM (relais_de_item_get_type ())
G_DECLARE_FINAL_TYPE (RelaisDeItem, relais_de_item, RELAIS, DE_ITEM, GObject)

/* The members an item is made of: the store's list columns, which it
 * keeps with every write (relais_store_select_de_list()). */
#define RELAIS_DE_ITEM_FIELD_NOM RELAIS_DE_LIST_NOM
#define RELAIS_DE_ITEM_FIELD_PRENOM RELAIS_DE_LIST_PRENOM
#define RELAIS_DE_ITEM_FIELD_IDENTIFIANT RELAIS_DE_LIST_IDENTIFIANT
#define RELAIS_DE_ITEM_FIELD_MODALITE RELAIS_DE_LIST_MODALITE
#define RELAIS_DE_ITEM_FIELD_DATE_INSCRIPTION RELAIS_DE_LIST_DATE_INSCRIPTION
#define RELAIS_DE_ITEM_FIELD_REFERENT RELAIS_DE_LIST_REFERENT
#define RELAIS_DE_ITEM_FIELD_PORTEFEUILLE RELAIS_DE_LIST_PORTEFEUILLE
#define RELAIS_DE_ITEM_N_FIELDS RELAIS_DE_LIST_N_COLUMNS
#define relais_de_item_fields relais_store_de_list_members

RelaisDeItem *
relais_de_item_new_from_fields (const char *id, const char *const *values, const GDate *today);
RelaisDeItem *relais_de_item_new_from_json (JsonObject *doc, const GDate *today);
const char *relais_de_item_get_id (RelaisDeItem *self);
const char *relais_de_item_get_nom (RelaisDeItem *self);
const char *relais_de_item_get_nom_key (RelaisDeItem *self);
const char *relais_de_item_get_prenom (RelaisDeItem *self);
const char *relais_de_item_get_identifiant (RelaisDeItem *self);
const char *relais_de_item_get_modalite (RelaisDeItem *self);
const char *relais_de_item_get_modalite_code (RelaisDeItem *self);
const char *relais_de_item_get_date_inscription (RelaisDeItem *self);
int relais_de_item_get_months_since_registration (RelaisDeItem *self);
const char *relais_de_item_get_next_milestone (RelaisDeItem *self);
const char *relais_de_item_get_referent (RelaisDeItem *self);
const char *relais_de_item_get_portefeuille (RelaisDeItem *self);
void relais_de_item_set_alerts (RelaisDeItem *self, GPtrArray *alerts);
void relais_de_item_take_search_text (RelaisDeItem *self, char *folded);
const RelaisSearchSketch *relais_de_item_get_search_sketch (RelaisDeItem *self);
gboolean relais_de_item_matches_search (RelaisDeItem *self, const char *const *needles);
guint relais_de_item_get_n_alerts (RelaisDeItem *self);
guint relais_de_item_get_n_blocking_alerts (RelaisDeItem *self);
const char *relais_de_item_get_alerts_text (RelaisDeItem *self);
gboolean relais_de_item_get_milestone_due (RelaisDeItem *self);

int relais_de_months_between (const GDate *from, const GDate *to);
const char *relais_de_next_milestone (int months);
const char *relais_de_modalite_label (const char *code);

G_END_DECLS

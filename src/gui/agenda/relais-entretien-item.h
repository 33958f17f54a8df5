/* relais-entretien-item.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RELAIS_TYPE_ENTRETIEN_ITEM (relais_entretien_item_get_type ())
G_DECLARE_FINAL_TYPE (RelaisEntretienItem, relais_entretien_item, RELAIS, ENTRETIEN_ITEM, GObject)

RelaisEntretienItem *relais_entretien_item_new (JsonObject *doc, const char *de_name);
JsonObject *relais_entretien_item_get_doc (RelaisEntretienItem *self);
const char *relais_entretien_item_get_id (RelaisEntretienItem *self);
const char *relais_entretien_item_get_de_id (RelaisEntretienItem *self);
const char *relais_entretien_item_get_de_name (RelaisEntretienItem *self);
const char *relais_entretien_item_get_field (RelaisEntretienItem *self, const char *name);
const GDate *relais_entretien_item_get_day (RelaisEntretienItem *self);
guint relais_entretien_item_get_minutes (RelaisEntretienItem *self);
gint64 relais_entretien_item_get_sort_key (RelaisEntretienItem *self);
const char *relais_entretien_nature_label (const char *nature);
const char *relais_entretien_statut_label (const char *statut);
const char *relais_entretien_mode_label (const char *mode);

G_END_DECLS

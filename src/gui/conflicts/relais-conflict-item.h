/* relais-conflict-item.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RELAIS_TYPE_CONFLICT_ITEM (relais_conflict_item_get_type ())
G_DECLARE_FINAL_TYPE (RelaisConflictItem, relais_conflict_item, RELAIS, CONFLICT_ITEM, GObject)

RelaisConflictItem *
relais_conflict_item_new (const char *id, const char *title, const char *kind, guint n_versions);
const char *relais_conflict_item_get_id (RelaisConflictItem *self);
const char *relais_conflict_item_get_title (RelaisConflictItem *self);
const char *relais_conflict_item_get_kind (RelaisConflictItem *self);
guint relais_conflict_item_get_n_versions (RelaisConflictItem *self);

G_END_DECLS

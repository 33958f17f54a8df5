/* relais-row-slots.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RELAIS_TYPE_ROW_SLOT (relais_row_slot_get_type ())
G_DECLARE_FINAL_TYPE (RelaisRowSlot, relais_row_slot, RELAIS, ROW_SLOT, GObject)

#define RELAIS_TYPE_ROW_SLOTS (relais_row_slots_get_type ())
G_DECLARE_FINAL_TYPE (RelaisRowSlots, relais_row_slots, RELAIS, ROW_SLOTS, GObject)

gpointer relais_row_slot_get_item (RelaisRowSlot *self);

RelaisRowSlots *relais_row_slots_new (GListModel *source);

G_END_DECLS

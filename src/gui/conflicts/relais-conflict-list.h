/* relais-conflict-list.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>

#include "relais-conflict-item.h"
#include "relais-store.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_CONFLICT_LIST (relais_conflict_list_get_type ())
G_DECLARE_FINAL_TYPE (RelaisConflictList, relais_conflict_list, RELAIS, CONFLICT_LIST, GObject)

RelaisConflictList *relais_conflict_list_new (RelaisStore *store);
gboolean relais_conflict_list_reload (RelaisConflictList *self, GError **error);

G_END_DECLS

/* relais-lazy-rows.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _RelaisLazyRows RelaisLazyRows;

/* Shows in @cell what its row's slot points at now. */
typedef void (*RelaisLazyRowsUpdateFunc) (GtkListItem *cell);

RelaisLazyRows *relais_lazy_rows_new (GtkColumnView *view, RelaisLazyRowsUpdateFunc update);
RelaisLazyRows *relais_lazy_rows_ref (RelaisLazyRows *self);
void relais_lazy_rows_unref (RelaisLazyRows *self);
void relais_lazy_rows_bind (RelaisLazyRows *self, GtkListItem *cell);
void relais_lazy_rows_unbind (RelaisLazyRows *self, GtkListItem *cell);
guint relais_lazy_rows_get_n_stale (RelaisLazyRows *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisLazyRows, relais_lazy_rows_unref)

G_END_DECLS

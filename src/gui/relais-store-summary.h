/* relais-store-summary.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "relais-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *agence_nom;
  guint64 n_docs;
  guint64 n_de;
  guint64 n_entretiens;
  guint64 n_offres;
  guint64 update_seq;
} RelaisStoreSummary;

RelaisStoreSummary *relais_store_summary_read (const char *path, GError **error);
RelaisStoreSummary *relais_store_summary_read_store (RelaisStore *store);
char *relais_store_summary_describe (const RelaisStoreSummary *summary);
void relais_store_summary_free (RelaisStoreSummary *summary);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisStoreSummary, relais_store_summary_free)

G_END_DECLS

/* relais-portfolio.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *relais_portfolio_de_selector (const char *conseiller_id);
JsonObject *relais_portfolio_selector (const char *conseiller_id, const char *const *de_ids);
GStrv
relais_portfolio_local_de_ids (const char *store_path, const char *conseiller_id, GError **error);

G_END_DECLS

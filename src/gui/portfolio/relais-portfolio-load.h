/* relais-portfolio-load.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RELAIS_TYPE_PORTFOLIO_LOAD (relais_portfolio_load_get_type ())
G_DECLARE_FINAL_TYPE (RelaisPortfolioLoad, relais_portfolio_load, RELAIS, PORTFOLIO_LOAD, GObject)

RelaisPortfolioLoad *relais_portfolio_load_new (JsonObject *portefeuille,
                                                guint n_de,
                                                guint n_with_alerts,
                                                guint n_blocking,
                                                const GDate *today);
const char *relais_portfolio_load_get_id (RelaisPortfolioLoad *self);
const char *relais_portfolio_load_get_libelle (RelaisPortfolioLoad *self);
guint relais_portfolio_load_get_n_de (RelaisPortfolioLoad *self);
int relais_portfolio_load_get_capacite (RelaisPortfolioLoad *self);
guint relais_portfolio_load_get_n_with_alerts (RelaisPortfolioLoad *self);
guint relais_portfolio_load_get_n_blocking (RelaisPortfolioLoad *self);
gboolean relais_portfolio_load_get_over_capacity (RelaisPortfolioLoad *self);
void relais_portfolio_load_set_conseiller (RelaisPortfolioLoad *self, const char *name);
const char *relais_portfolio_load_get_conseiller (RelaisPortfolioLoad *self);

G_END_DECLS

/* relais-portfolio-view.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-context.h"
#include "relais-de-list.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_PORTFOLIO_VIEW (relais_portfolio_view_get_type ())
G_DECLARE_FINAL_TYPE (RelaisPortfolioView, relais_portfolio_view, RELAIS, PORTFOLIO_VIEW, GtkWidget)

GtkWidget *relais_portfolio_view_new (RelaisContext *context);
RelaisContext *relais_portfolio_view_get_context (RelaisPortfolioView *self);
RelaisDeList *relais_portfolio_view_get_de_list (RelaisPortfolioView *self);
GListModel *relais_portfolio_view_get_model (RelaisPortfolioView *self);
guint relais_portfolio_view_get_n_rows_pending (RelaisPortfolioView *self);
void relais_portfolio_view_focus_search (RelaisPortfolioView *self);

const char *relais_portfolio_view_get_capacity_warning (RelaisPortfolioView *self);

G_END_DECLS

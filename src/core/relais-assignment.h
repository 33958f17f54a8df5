/* relais-assignment.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The ELD's reassignment of DE between portfolios (DOMAIN.md "The
 * modalities"): the capacity a portfolio may not exceed, and the two
 * documents one move writes — the DE's new revision and its `affectation`
 * journal entry (DOCUMENTS.md).
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RELAIS_ASSIGNMENT_ERROR (relais_assignment_error_quark ())

typedef enum
{
  RELAIS_ASSIGNMENT_ERROR_OVER_CAPACITY,
  RELAIS_ASSIGNMENT_ERROR_SAME_PORTFOLIO,
  RELAIS_ASSIGNMENT_ERROR_INVALID,
} RelaisAssignmentError;

GQuark relais_assignment_error_quark (void);

gint64 relais_portefeuille_max_de (JsonObject *portefeuille);
gboolean relais_assignment_check_capacity (JsonObject *portefeuille,
                                           guint n_de,
                                           guint n_arriving,
                                           GError **error);
JsonObject *relais_assignment_move_de (JsonObject *de,
                                       JsonObject *vers,
                                       const char *auteur,
                                       const char *auteur_conseiller,
                                       GDateTime *now,
                                       JsonObject **affectation,
                                       GError **error);

JsonObject *relais_assignment_undo_move (JsonObject *before,
                                         JsonObject *moved,
                                         JsonObject *depuis,
                                         const char *auteur,
                                         const char *auteur_conseiller,
                                         GDateTime *now,
                                         JsonObject **affectation,
                                         GError **error);

G_END_DECLS

/* relais-offer-lifecycle.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * What a counsellor may do to an offer and to its candidatures (DOMAIN.md
 * "Employers' offers", "The three preselection modes"): move the offer
 * along diagnostic → recueil → traitement, close it, and move a candidate
 * from proposée to mise en relation (MER) and to the employer's answer.
 * Pure functions: builders return the new body (a deep copy with a journal
 * entry) for the caller to validate and save; "now" is given by the caller.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RELAIS_OFFER_LIFECYCLE_ERROR (relais_offer_lifecycle_error_quark ())

typedef enum
{
  RELAIS_OFFER_LIFECYCLE_ERROR_FORBIDDEN, /* the move is not allowed from this state */
  RELAIS_OFFER_LIFECYCLE_ERROR_MISSING,   /* a rule needs something the documents lack */
} RelaisOfferLifecycleError;

GQuark relais_offer_lifecycle_error_quark (void);

const char *relais_offer_next_statut (const char *statut);
gboolean relais_offer_is_open (JsonObject *offre);
JsonObject *
relais_offer_build_advance (JsonObject *offre, GDateTime *now, const char *auteur, GError **error);
JsonObject *relais_offer_build_closure (JsonObject *offre,
                                        const char *motif,
                                        const char *personne_recrutee,
                                        GDateTime *now,
                                        const char *auteur,
                                        GError **error);

const char *const *relais_candidature_next_statuts (const char *statut);
gboolean relais_candidature_check_mer (JsonObject *offre, JsonObject *candidature, GError **error);
JsonObject *relais_candidature_build_statut (
    JsonObject *offre, JsonObject *candidature, const char *statut, GDateTime *now, GError **error);

G_END_DECLS

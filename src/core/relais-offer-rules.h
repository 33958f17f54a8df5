/* relais-offer-rules.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The automatic rules on employers' offers that the server runs as jobs
 * (DOMAIN.md "Employers' offers"): closure when the employer does not
 * answer the follow-up letter (relance) within 8 days, alert to the
 * recruiter when the offer shows no movement, and the messages sent at
 * closure (satisfaction survey to the recruiter, information to every DE
 * who applied to an accompagnement offer). Pure functions: "now" is given
 * by the caller, documents are never modified in place — builders return
 * the new body for the server to write.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "relais-domain.h"

G_BEGIN_DECLS

/* No movement for this many days raises the alert to the recruiter. An
 * offer lives about one month on average (DOMAIN.md): half of that without
 * any service delivered or update is worth a word to the recruiter, and it
 * is longer than the 8-day relance window so both never fire together on a
 * fresh relance. */
#define RELAIS_OFFER_NO_MOVEMENT_DAYS 15

/* The author written in the journal de l'offre by the server jobs. */
#define RELAIS_OFFER_SERVER_AUTHOR "relais-server"

typedef enum
{
  RELAIS_OFFER_MESSAGE_SATISFACTION,  /* to the recruiter, at closure */
  RELAIS_OFFER_MESSAGE_CLOTURE_DE,    /* to each DE who applied (accompagnement) */
  RELAIS_OFFER_MESSAGE_SANS_MOUVEMENT /* to the recruiter, offer without movement */
} RelaisOfferMessageKind;

/* An outgoing message. @to is the recruiter's e-mail address when the
 * documents give one, else NULL (the server then leaves it to the
 * correspondant / counsellor). @recipient_id is the document of the
 * recipient: the `de:` id for a DE (the server resolves his channel), the
 * `entreprise_id` of the offer for the recruiter (may be NULL). @offre_id
 * is the offer's `_id`. @subject and @body are French text for employers
 * and job seekers, not UI strings. */
typedef struct
{
  RelaisOfferMessageKind kind;
  char *to;
  char *recipient_id;
  char *offre_id;
  char *subject;
  char *body;
} RelaisOfferMessage;

void relais_offer_message_free (RelaisOfferMessage *message);

GTimeZone *relais_offer_time_zone (void);

gboolean relais_offer_relance_answered (JsonObject *offre);
gboolean relais_offer_needs_auto_closure (JsonObject *offre, GDateTime *now);
JsonObject *relais_offer_build_auto_closure (JsonObject *offre, GDateTime *now);

GDateTime *relais_offer_last_movement (JsonObject *offre);
gboolean relais_offer_shows_no_movement (JsonObject *offre, GDateTime *now, guint days);
JsonObject *relais_offer_build_no_movement_alert (JsonObject *offre, GDateTime *now, guint days);

GPtrArray *
relais_offer_closure_messages (JsonObject *offre, GPtrArray *candidatures, JsonObject *entreprise);
RelaisOfferMessage *
relais_offer_no_movement_message (JsonObject *offre, JsonObject *entreprise, guint days);

JsonObject *relais_offer_copy_with_journal (
    JsonObject *offre, GDateTime *now, const char *service, const char *auteur, const char *detail);
char *relais_offer_format_instant (GDateTime *instant);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisOfferMessage, relais_offer_message_free)

G_END_DECLS

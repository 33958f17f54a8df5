/* relais-alerts.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The alerts of a job seeker's path and of a portfolio, shown to the
 * counsellor and the ELD (DOMAIN.md "The job seeker's path", "The
 * modalities"): référent not designated by month 4, entretiens du 4e and du
 * 9e mois due or overdue, entretien d'ajustement later than 2 weeks after
 * the EID, portfolio over capacity, ESCALADE left open. Pure functions over
 * the documents of DOCUMENTS.md: "today" is always given by the caller so
 * the rules can be checked on any date.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "relais-domain.h"

G_BEGIN_DECLS

/* An entretien du 4e / 9e mois is "due" from this many days before its
 * deadline: a month ahead leaves the counsellor time to book a physical
 * interview. */
#define RELAIS_ALERT_DUE_WINDOW_DAYS 30
#define RELAIS_M4_MONTHS RELAIS_REFERENT_MAX_MONTHS
#define RELAIS_M9_MONTHS 9

typedef enum
{
  RELAIS_ALERT_REFERENT_MISSING,
  RELAIS_ALERT_M4_DUE,
  RELAIS_ALERT_M4_OVERDUE,
  RELAIS_ALERT_M9_DUE,
  RELAIS_ALERT_M9_OVERDUE,
  RELAIS_ALERT_AJUSTEMENT_LATE,
  RELAIS_ALERT_PORTFOLIO_OVER_CAPACITY,
  RELAIS_ALERT_ESCALADE_OPEN,
} RelaisAlertKind;

/* Duration alerts are informative in SARE (suivi) and blocking in the
 * accompagnement modalities. */
typedef enum
{
  RELAIS_ALERT_INFORMATIVE,
  RELAIS_ALERT_BLOCKING,
} RelaisAlertLevel;

/* @subject_id is the document the alert is about: the DE (référent, M4,
 * M9), the entretien d'ajustement, the contact carrying the ESCALADE, or
 * the portefeuille. @due is the deadline (or, for an ESCALADE, the day of
 * the contact; for a portfolio, today). @message is translated. */
typedef struct
{
  RelaisAlertKind kind;
  RelaisAlertLevel level;
  char *subject_id;
  GDate due;
  char *message;
} RelaisAlert;

void relais_alert_free (RelaisAlert *alert);

void relais_date_add_months (GDate *date, guint n_months);
RelaisAlertLevel relais_alert_level_for_modalite (const char *modalite);

GPtrArray *relais_alerts_for_de (JsonObject *de,
                                 GPtrArray *entretiens,
                                 GPtrArray *contacts,
                                 const GDate *today);
GPtrArray *
relais_alerts_for_portefeuille (JsonObject *portefeuille, guint n_de, const GDate *today);

JsonObject *relais_alerts_find_eid (GPtrArray *entretiens, const char *de_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisAlert, relais_alert_free)

G_END_DECLS

/* relais-agenda.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The counsellor's agenda of interviews (DOMAIN.md "The job seeker's
 * path"): the working day cut in 50-minute EID slots, which of them are
 * free, which mandatory interview an alert asks for and whether one is
 * already planned, the last day an entretien d'ajustement may take, and
 * the new planned entretien document. Pure functions over the documents of
 * DOCUMENTS.md; the day is always given by the caller.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "relais-alerts.h"

G_BEGIN_DECLS

/* Agendas are planned in EID slots (DOMAIN.md): four in the morning from
 * 9:00 (the scenario's 9:00–12:20) and four in the afternoon from 13:30. */
#define RELAIS_AGENDA_N_SLOTS 8

const guint *relais_agenda_slots (void);
gboolean relais_agenda_entretien_start (JsonObject *entretien, GDate *day, guint *minutes);
GArray *relais_agenda_free_slots (GPtrArray *entretiens, const char *conseiller, const GDate *day);
const char *relais_agenda_nature_for_alert (RelaisAlertKind kind);
JsonObject *
relais_agenda_find_planned (GPtrArray *entretiens, const char *de_id, const char *nature);
gboolean relais_agenda_ajustement_last_day (JsonObject *eid, GDate *last_day);
JsonObject *relais_agenda_build_entretien (const char *de_id,
                                           const char *conseiller,
                                           const char *nature,
                                           const GDate *day,
                                           guint minutes,
                                           const char *mode,
                                           const char *lieu,
                                           const char *motif,
                                           JsonObject *eid);

G_END_DECLS

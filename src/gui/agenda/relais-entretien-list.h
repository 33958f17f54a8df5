/* relais-entretien-list.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>

#include "relais-alerts.h"
#include "relais-context.h"
#include "relais-entretien-item.h"
#include "relais-store-list.h"

G_BEGIN_DECLS

/* An interview a DE is due for, from the core's alerts, and the planned
 * one that answers it when there is one. */
typedef struct
{
  char *de_id;
  char *de_name;
  const char *nature; /* "m4", "m9" */
  RelaisAlertKind kind;
  RelaisAlertLevel level;
  GDate due;
  char *message;
  char *planned_id; /* NULL when not planned yet */
  gint64 planned_key;
} RelaisAgendaDue;

void relais_agenda_due_free (RelaisAgendaDue *due);

#define RELAIS_TYPE_ENTRETIEN_LIST (relais_entretien_list_get_type ())
G_DECLARE_FINAL_TYPE (
    RelaisEntretienList, relais_entretien_list, RELAIS, ENTRETIEN_LIST, RelaisStoreList)

RelaisEntretienList *relais_entretien_list_new (RelaisContext *context);
JsonObject *relais_entretien_list_get_de (RelaisEntretienList *self, const char *de_id);
char *relais_entretien_list_dup_de_name (RelaisEntretienList *self, const char *de_id);
GPtrArray *relais_entretien_list_get_de_ids (RelaisEntretienList *self, const char *referent);
GPtrArray *relais_entretien_list_entretiens_of (RelaisEntretienList *self, const char *de_id);
GPtrArray *relais_entretien_list_all_entretiens (RelaisEntretienList *self);
typedef struct _RelaisAgendaDueJob RelaisAgendaDueJob;

RelaisAgendaDueJob *
relais_agenda_due_job_new (RelaisEntretienList *list, const GDate *today, const char *referent);
gboolean relais_agenda_due_job_step (RelaisAgendaDueJob *job, guint max_de);
GPtrArray *relais_agenda_due_job_finish (RelaisAgendaDueJob *job);
void relais_agenda_due_job_free (RelaisAgendaDueJob *job);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisAgendaDue, relais_agenda_due_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisAgendaDueJob, relais_agenda_due_job_free)

G_END_DECLS

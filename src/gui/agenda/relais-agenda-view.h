/* relais-agenda-view.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-context.h"
#include "relais-entretien-list.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_AGENDA_VIEW (relais_agenda_view_get_type ())
G_DECLARE_FINAL_TYPE (RelaisAgendaView, relais_agenda_view, RELAIS, AGENDA_VIEW, GtkWidget)

GtkWidget *relais_agenda_view_new (RelaisContext *context);
GtkWidget *relais_agenda_view_create_sidebar_row (void);
RelaisEntretienList *relais_agenda_view_get_list (RelaisAgendaView *self);
GListModel *relais_agenda_view_get_model (RelaisAgendaView *self);
gboolean relais_agenda_view_get_busy (RelaisAgendaView *self);
GtkListBox *relais_agenda_view_get_entretien_list (RelaisAgendaView *self);
GtkListBox *relais_agenda_view_get_due_list (RelaisAgendaView *self);
GtkWidget *relais_agenda_view_get_plan_button (RelaisAgendaView *self);
void relais_agenda_view_show_day (RelaisAgendaView *self, const GDate *day, gboolean week);
const char *relais_agenda_view_get_range_text (RelaisAgendaView *self);
GtkWidget *relais_agenda_view_plan (RelaisAgendaView *self, const char *de_id, const char *nature);

G_END_DECLS

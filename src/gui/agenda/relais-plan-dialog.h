/* relais-plan-dialog.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-entretien-list.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_PLAN_DIALOG (relais_plan_dialog_get_type ())
G_DECLARE_FINAL_TYPE (RelaisPlanDialog, relais_plan_dialog, RELAIS, PLAN_DIALOG, AdwWindow)

GtkWidget *relais_plan_dialog_new (RelaisEntretienList *list,
                                   const char *conseiller,
                                   const char *de_id,
                                   const char *nature);
AdwComboRow *relais_plan_dialog_get_combo_row (RelaisPlanDialog *self, const char *name);
AdwEntryRow *relais_plan_dialog_get_entry_row (RelaisPlanDialog *self, const char *name);
GtkLabel *relais_plan_dialog_get_error_label (RelaisPlanDialog *self);
GtkWidget *relais_plan_dialog_get_save_button (RelaisPlanDialog *self);
const char *relais_plan_dialog_get_de_id (RelaisPlanDialog *self);
guint relais_plan_dialog_get_n_days (RelaisPlanDialog *self);
gboolean relais_plan_dialog_save (RelaisPlanDialog *self);
JsonObject *relais_plan_dialog_get_doc (RelaisPlanDialog *self);

G_END_DECLS

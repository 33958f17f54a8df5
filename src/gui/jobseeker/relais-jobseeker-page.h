/* relais-jobseeker-page.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-context.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_JOBSEEKER_PAGE (relais_jobseeker_page_get_type ())
G_DECLARE_FINAL_TYPE (RelaisJobseekerPage, relais_jobseeker_page, RELAIS, JOBSEEKER_PAGE, GtkWidget)

GtkWidget *relais_jobseeker_page_new (RelaisContext *context, const char *de_id);
const char *relais_jobseeker_page_get_de_id (RelaisJobseekerPage *self);
JsonObject *relais_jobseeker_page_get_doc (RelaisJobseekerPage *self);
gboolean relais_jobseeker_page_get_modified (RelaisJobseekerPage *self);
gboolean relais_jobseeker_page_save (RelaisJobseekerPage *self);
void relais_jobseeker_page_request_close (RelaisJobseekerPage *self);
GtkWidget *relais_jobseeker_page_get_field_row (RelaisJobseekerPage *self, const char *path);
GtkLabel *relais_jobseeker_page_get_error_label (RelaisJobseekerPage *self, const char *path);
GtkWidget *relais_jobseeker_page_get_group (RelaisJobseekerPage *self, const char *name);
void relais_jobseeker_page_focus_new_contact (RelaisJobseekerPage *self);
void relais_jobseeker_page_search_rome (RelaisJobseekerPage *self, const char *text);

G_END_DECLS

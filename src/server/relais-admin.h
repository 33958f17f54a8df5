/* relais-admin.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * What the administration subcommands of relais-server do to a data
 * folder: import the referential, fill a demo agency.
 */

#pragma once

#include "relais-db-registry.h"
#include "relais-demo.h"
#include "relais-referential.h"

G_BEGIN_DECLS

#define RELAIS_REFERENTIAL_DB "referentiel"
#define RELAIS_AGENCY_DB_PREFIX "agence-"

typedef struct
{
  guint64 total;     /* documents the referential makes */
  guint64 written;   /* new or changed, written */
  guint64 unchanged; /* already there with the same body, skipped */
  guint64 deleted;   /* in the database, no longer in the referential */
} RelaisImportReport;

gboolean relais_admin_import_referential (RelaisDbRegistry *registry,
                                          RelaisReferential *referential,
                                          RelaisImportReport *report,
                                          GError **error);

char *relais_admin_agency_db_name (const char *agence_code);
gboolean relais_admin_fill_demo (RelaisDbRegistry *registry,
                                 const RelaisDemoOptions *options,
                                 char **db_name,
                                 guint64 *written,
                                 GError **error);

gboolean relais_admin_add_demo_users (RelaisDbRegistry *registry,
                                      const char *db_name,
                                      char **report,
                                      GError **error);

G_END_DECLS

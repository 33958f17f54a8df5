/* relais-access-rules.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Roles of DOMAIN.md as they appear in a user's "roles". */
#define RELAIS_ROLE_CONSEILLER "conseiller"
#define RELAIS_ROLE_ELD "eld"
#define RELAIS_ROLE_ADMIN "admin"
/* What CouchDB calls a server admin; given to RELAIS_ROLE_ADMIN too. */
#define RELAIS_ROLE_SERVER_ADMIN "_admin"
/* Agency membership: "agence:<code>", the members role of "agence-<code>". */
#define RELAIS_ROLE_AGENCE_PREFIX "agence:"

#define RELAIS_DB_REFERENTIEL "referentiel"

#define RELAIS_ACCESS_ERROR (relais_access_error_quark ())

typedef enum
{
  RELAIS_ACCESS_ERROR_FORBIDDEN,
} RelaisAccessError;

GQuark relais_access_error_quark (void);

gboolean relais_access_roles_contain (const char *const *roles, const char *role);
gboolean relais_access_type_is_restricted (const char *doc_type);
gboolean relais_access_check_doc_write (const char *db_name,
                                        const char *const *roles,
                                        gboolean db_admin,
                                        const char *doc_id,
                                        GError **error);

G_END_DECLS

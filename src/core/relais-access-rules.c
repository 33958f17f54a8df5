/* relais-access-rules.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Who may write which document, as pure functions of the database name,
 * the writer's roles and the document id: the server calls them on every
 * write path, the app can call them to grey out what would be refused.
 * Database membership (_security) is checked before, by the server.
 */

#define G_LOG_DOMAIN "relais-core"

#include "config.h"

#include "relais-access-rules.h"
#include "relais-doc.h"
#include "relais-domain.h"

/* Documents of the local management team: the territorial diagnosis, the
 * prospection strategy and the assignment of portfolios (DOMAIN.md). */
static const char *const ELD_TYPES[] = {
  RELAIS_DOC_TYPE_DIAGNOSTIC,
  RELAIS_DOC_TYPE_ACTION_PROSPECTION,
  RELAIS_DOC_TYPE_PORTEFEUILLE,
  RELAIS_DOC_TYPE_AFFECTATION,
  NULL,
};

GQuark
relais_access_error_quark (void)
{
  return g_quark_from_static_string ("relais-access-error-quark");
}

gboolean
relais_access_roles_contain (const char *const *roles, const char *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  return roles != NULL && g_strv_contains (roles, role);
}

gboolean
relais_access_type_is_restricted (const char *doc_type)
{
  return doc_type != NULL && g_strv_contains (ELD_TYPES, doc_type);
}

/**
 * relais_access_check_doc_write:
 * @db_name: the database written to
 * @roles: (nullable): the writer's roles ("_admin" for an administrator)
 * @db_admin: whether the writer is an admin of this database (_security)
 * @doc_id: the document's id
 * @error: RELAIS_ACCESS_ERROR_FORBIDDEN with the reason
 *
 * The type is read from the id ("diagnostic:…"), which validation ties to
 * the "type" member and which a tombstone keeps: a deletion is judged as
 * the document it deletes, without reading the stored revision.
 *
 * Returns: whether the write is allowed
 */
gboolean
relais_access_check_doc_write (const char *db_name,
                               const char *const *roles,
                               gboolean db_admin,
                               const char *doc_id,
                               GError **error)
{
  g_autofree char *type = NULL;
  gboolean admin;

  g_return_val_if_fail (db_name != NULL, FALSE);
  g_return_val_if_fail (doc_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  admin = db_admin || relais_access_roles_contain (roles, RELAIS_ROLE_SERVER_ADMIN);
  if (admin)
    return TRUE;

  if (g_str_equal (db_name, RELAIS_DB_REFERENTIEL))
    {
      g_set_error_literal (error, RELAIS_ACCESS_ERROR, RELAIS_ACCESS_ERROR_FORBIDDEN,
                           "Only administrators write the referential.");
      return FALSE;
    }

  /* Design documents change how the database behaves for everyone. */
  if (g_str_has_prefix (doc_id, "_design/"))
    {
      g_set_error_literal (error, RELAIS_ACCESS_ERROR, RELAIS_ACCESS_ERROR_FORBIDDEN,
                           "You are not a db or server admin.");
      return FALSE;
    }

  type = relais_doc_id_type (doc_id);
  if (relais_access_type_is_restricted (type) &&
      !relais_access_roles_contain (roles, RELAIS_ROLE_ELD))
    {
      g_set_error (error, RELAIS_ACCESS_ERROR, RELAIS_ACCESS_ERROR_FORBIDDEN,
                   "Only the ELD writes %s documents.", type);
      return FALSE;
    }
  return TRUE;
}

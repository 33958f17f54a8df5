/* relais-users.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

#include "relais-db-registry.h"

G_BEGIN_DECLS

#define RELAIS_USER_ID_PREFIX "org.couchdb.user:"

/* One user of the _users database, without the password hash when listed. */
typedef struct
{
  char *name;
  GStrv roles;
  char *derived_key; /* "$argon2id$…", NULL in relais_users_list() */
} RelaisUser;

void relais_user_free (RelaisUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisUser, relais_user_free)

char *relais_password_hash (const char *password, GError **error);
gboolean relais_password_is_hash (const char *text);
gboolean relais_password_verify (const char *hash, const char *password);

gboolean relais_user_name_validate (const char *name, GError **error);
gboolean relais_users_add (RelaisDbRegistry *registry,
                           const char *name,
                           const char *password,
                           const char *const *roles,
                           GError **error);
gboolean relais_users_set_password (RelaisDbRegistry *registry,
                                    const char *name,
                                    const char *password,
                                    GError **error);
RelaisUser *relais_users_lookup (RelaisDbRegistry *registry, const char *name, GError **error);
GPtrArray *relais_users_list (RelaisDbRegistry *registry, GError **error);
gboolean relais_users_prepare_doc (JsonObject *doc, GError **error);

G_END_DECLS

/* relais-auth.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "relais-db-registry.h"
#include "relais-server-config.h"

G_BEGIN_DECLS

#define RELAIS_AUTH_COOKIE "AuthSession"

typedef enum
{
  RELAIS_AUTH_NONE,    /* anonymous */
  RELAIS_AUTH_DEFAULT, /* HTTP Basic, as CouchDB names it */
  RELAIS_AUTH_COOKIE_SESSION,
} RelaisAuthMethod;

/* Who is making a request: CouchDB's userCtx. Server admins (and users
 * with role "admin") carry "_admin". */
typedef struct
{
  char *name; /* NULL when anonymous */
  GStrv roles;
  RelaisAuthMethod method;
  char *secret;          /* what the session cookie is bound to (the password hash) */
  char *session_id;      /* a cookie's session, which its renewals keep (hex); else NULL */
  gboolean config_admin; /* from [admins]: only there may a password be plain */
} RelaisUserCtx;

RelaisUserCtx *relais_user_ctx_new_anonymous (void);
void relais_user_ctx_free (RelaisUserCtx *user);
gboolean relais_user_ctx_is_admin (const RelaisUserCtx *user);
gboolean relais_user_ctx_is_member (const RelaisUserCtx *user, JsonObject *security);
gboolean relais_user_ctx_is_db_admin (const RelaisUserCtx *user, JsonObject *security);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisUserCtx, relais_user_ctx_free)

typedef struct _RelaisAuth RelaisAuth;

RelaisAuth *
relais_auth_new (const RelaisServerConfig *config, RelaisDbRegistry *registry, GError **error);
void relais_auth_free (RelaisAuth *self);
RelaisUserCtx *relais_auth_check_password (
    RelaisAuth *self, const char *name, const char *password, const char *client, GError **error);
char *relais_auth_make_cookie (RelaisAuth *self, const RelaisUserCtx *user);
RelaisUserCtx *relais_auth_check_cookie (RelaisAuth *self, const char *value, gboolean *renew);
gboolean relais_auth_revoke_cookie (RelaisAuth *self, const char *value, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisAuth, relais_auth_free)

G_END_DECLS

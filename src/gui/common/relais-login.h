/* relais-login.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RELAIS_LOGIN_ERROR (relais_login_error_quark ())

typedef enum
{
  RELAIS_LOGIN_ERROR_BAD_URL,
  RELAIS_LOGIN_ERROR_UNREACHABLE,
  RELAIS_LOGIN_ERROR_WRONG_PASSWORD,
  RELAIS_LOGIN_ERROR_NO_DATABASE,
  RELAIS_LOGIN_ERROR_NOT_COUNSELLOR,
  RELAIS_LOGIN_ERROR_FAILED,
} RelaisLoginError;

GQuark relais_login_error_quark (void);

char *relais_login_server_root (const char *database_url, GError **error);
void relais_login_async (const char *database_url,
                         const char *user,
                         const char *password,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data);
char *relais_login_finish (GAsyncResult *result, GError **error);
const char *const *relais_login_get_roles (GAsyncResult *result);

G_END_DECLS

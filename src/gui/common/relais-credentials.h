/* relais-credentials.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void relais_credentials_store_async (const char *server_url,
                                     const char *user,
                                     const char *password,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
gboolean relais_credentials_store_finish (GAsyncResult *result, GError **error);
void relais_credentials_lookup_async (const char *server_url,
                                      const char *user,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
char *relais_credentials_lookup_finish (GAsyncResult *result, GError **error);
void relais_credentials_forget_async (const char *server_url,
                                      const char *user,
                                      GCancellable *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer user_data);
gboolean relais_credentials_forget_finish (GAsyncResult *result, GError **error);

G_END_DECLS

/* keyring-test-utils.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The keyring calls of relais-credentials.h run to their end, for the
 * tests that with-keyring.sh runs beside a real gnome-keyring-daemon.
 */

#pragma once

#include <gio/gio.h>

#include "relais-credentials.h"

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
} KeyringWait;

static inline void
keyring_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  KeyringWait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

/* Returns: (transfer full): the result of the call started with @wait. */
static inline GAsyncResult *
keyring_wait (KeyringWait *wait)
{
  g_main_loop_run (wait->loop);
  g_main_loop_unref (wait->loop);
  return wait->result;
}

static inline void
keyring_store (const char *server, const char *user, const char *password)
{
  KeyringWait wait = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;

  relais_credentials_store_async (server, user, password, NULL, keyring_done_cb, &wait);
  result = keyring_wait (&wait);
  g_assert_true (relais_credentials_store_finish (result, &error));
  g_assert_no_error (error);
}

static inline char *
keyring_lookup (const char *server, const char *user, GError **error)
{
  KeyringWait wait = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr (GAsyncResult) result = NULL;

  relais_credentials_lookup_async (server, user, NULL, keyring_done_cb, &wait);
  result = keyring_wait (&wait);
  return relais_credentials_lookup_finish (result, error);
}

/* relais-credentials.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The counsellor's password in the desktop keyring (Secret Service), keyed
 * by server address and user name. Where no keyring answers (a headless
 * session, CI) the lookup fails and the app asks again: a password is
 * never written to a plain file.
 */

#define G_LOG_DOMAIN "relais-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "relais-credentials.h"

static const SecretSchema *
credentials_schema (void)
{
  static const SecretSchema schema = {
    "fr.relais.Relais.Credentials",
    SECRET_SCHEMA_NONE,
    {
        { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
        { NULL, 0 },
    },
  };

  return &schema;
}

static void
store_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
relais_credentials_store_async (const char *server_url,
                                const char *user,
                                const char *password,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (server_url != NULL && user != NULL && password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, relais_credentials_store_async);
  /* TRANSLATORS: the keyring item's name; %s is the user, then the server */
  label = g_strdup_printf (_ ("Relais password of %s on %s"), user, server_url);
  secret_password_store (credentials_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, g_steal_pointer (&task), "server", server_url,
                         "user", user, NULL);
}

gboolean
relais_credentials_store_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
lookup_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  /* A plain copy: callers free it with g_free like every other string. */
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (password), g_free);
  if (password != NULL)
    secret_password_free (password);
}

void
relais_credentials_lookup_async (const char *server_url,
                                 const char *user,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (server_url != NULL && user != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, relais_credentials_lookup_async);
  secret_password_lookup (credentials_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "server", server_url, "user", user, NULL);
}

/* Returns: the password, or NULL (without error when there is none). */
char *
relais_credentials_lookup_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
forget_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error only says there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Removes the password of @user on @server_url; none there is no error. */
void
relais_credentials_forget_async (const char *server_url,
                                 const char *user,
                                 GCancellable *cancellable,
                                 GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (server_url != NULL && user != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, relais_credentials_forget_async);
  secret_password_clear (credentials_schema (), cancellable, forget_cb, g_steal_pointer (&task),
                         "server", server_url, "user", user, NULL);
}

gboolean
relais_credentials_forget_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

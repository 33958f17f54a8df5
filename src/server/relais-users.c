/* relais-users.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The _users database, with CouchDB's user documents:
 * {"_id":"org.couchdb.user:NAME","type":"user","name":NAME,"roles":[…],
 *  "password_scheme":"argon2id","derived_key":"$argon2id$…"}.
 * Passwords are hashed with libsodium's argon2id; a plain password is
 * never stored (a "password" member written over HTTP is hashed first)
 * and never returned.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "relais-core.h"
#include "relais-server-error.h"
#include "relais-store-query.h"
#include "relais-users.h"

#define PASSWORD_SCHEME "argon2id"

void
relais_user_free (RelaisUser *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_strfreev (user->roles);
  g_free (user->derived_key);
  g_free (user);
}

/* Passwords */

static gboolean
ensure_sodium (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_INTERNAL,
                           "libsodium cannot be initialised");
      return FALSE;
    }
  return TRUE;
}

/**
 * relais_password_hash:
 *
 * Returns: (transfer full): the "$argon2id$…" string (salt and parameters
 *   included), or NULL
 */
char *
relais_password_hash (const char *password, GError **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (!ensure_sodium (error))
    return NULL;
  if (*password == '\0')
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                           "The password must not be empty.");
      return NULL;
    }
  /* INTERACTIVE limits: ~0.1 s and 64 MiB per login on a small server;
   * the server caches verified credentials so replication does not pay it
   * on every request. */
  if (crypto_pwhash_str_alg (hash, password, strlen (password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_INTERNAL,
                           "Out of memory while hashing the password");
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
relais_password_is_hash (const char *text)
{
  return text != NULL && g_str_has_prefix (text, "$argon2id$");
}

gboolean
relais_password_verify (const char *hash, const char *password)
{
  g_return_val_if_fail (hash != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (!ensure_sodium (NULL) || !relais_password_is_hash (hash))
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

/* User documents */

gboolean
relais_user_name_validate (const char *name, GError **error)
{
  /* ":" would make a Basic credential ambiguous; control characters have
   * no place in a log line. */
  gboolean valid = name != NULL && *name != '\0' && strlen (name) <= 200 &&
                   g_utf8_validate (name, -1, NULL) && name[0] != '_' && strchr (name, ':') == NULL;

  for (const char *p = name; valid && *p; p++)
    valid = !g_ascii_iscntrl (*p) && *p != ' ';
  if (!valid)
    g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                 "Invalid user name “%s”: 1 to 200 characters, no spaces, “:” or leading “_”.",
                 name != NULL && g_utf8_validate (name, -1, NULL) ? name : "");
  return valid;
}

static gboolean
roles_validate (JsonNode *node, GError **error)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) != G_TYPE_STRING ||
          json_node_get_string (element)[0] == '\0')
        goto bad;
    }
  return TRUE;

bad:
  g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                       "roles must be a list of non-empty strings");
  return FALSE;
}

/**
 * relais_users_prepare_doc:
 *
 * What a write to _users goes through (HTTP or subcommand): the shape of a
 * user document, and a "password" member replaced by its hash.
 */
gboolean
relais_users_prepare_doc (JsonObject *doc, GError **error)
{
  const char *id = json_object_get_string_member_with_default (doc, "_id", NULL);
  const char *name;
  JsonNode *password;

  g_return_val_if_fail (doc != NULL, FALSE);

  if (relais_doc_is_deleted (doc) || (id != NULL && g_str_has_prefix (id, "_design/")))
    return TRUE;

  if (id == NULL || !g_str_has_prefix (id, RELAIS_USER_ID_PREFIX))
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_FORBIDDEN,
                           "doc.type must be user and _id must start with org.couchdb.user:");
      return FALSE;
    }
  name = id + strlen (RELAIS_USER_ID_PREFIX);
  if (!relais_user_name_validate (name, error))
    return FALSE;
  if (g_strcmp0 (json_object_get_string_member_with_default (doc, "type", NULL), "user") != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (doc, "name", NULL), name) != 0)
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_FORBIDDEN,
                           "doc.type must be user and doc.name must match the _id");
      return FALSE;
    }
  if (!roles_validate (json_object_get_member (doc, "roles"), error))
    return FALSE;

  if ((password = json_object_get_member (doc, "password")) != NULL)
    {
      g_autofree char *hash = NULL;

      if (json_node_get_value_type (password) != G_TYPE_STRING)
        {
          g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                               "password must be a string");
          return FALSE;
        }
      if ((hash = relais_password_hash (json_node_get_string (password), error)) == NULL)
        return FALSE;
      json_object_remove_member (doc, "password");
      json_object_set_string_member (doc, "password_scheme", PASSWORD_SCHEME);
      json_object_set_string_member (doc, "derived_key", hash);
    }
  if (!relais_password_is_hash (
          json_object_get_string_member_with_default (doc, "derived_key", NULL)))
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_FORBIDDEN,
                           "A user needs a password (derived_key must be an argon2id hash).");
      return FALSE;
    }
  return TRUE;
}

/* The _users database */

static RelaisDb *
open_users (RelaisDbRegistry *registry, gboolean create, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  RelaisDb *db = relais_db_registry_open (registry, RELAIS_DB_USERS, &local_error);

  if (db == NULL && create &&
      g_error_matches (local_error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_DB_NOT_FOUND))
    return relais_db_registry_create (registry, RELAIS_DB_USERS, error);
  if (db == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return db;
}

static JsonObject *
get_user_doc (RelaisDb *db, const char *name, GError **error)
{
  g_autofree char *id = g_strconcat (RELAIS_USER_ID_PREFIX, name, NULL);

  return relais_store_get (relais_db_get_store (db), id, NULL, RELAIS_GET_NONE, error);
}

static GStrv
roles_from_doc (JsonObject *doc)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *roles = json_object_get_array_member (doc, "roles");

  for (guint i = 0; roles != NULL && i < json_array_get_length (roles); i++)
    g_strv_builder_add (builder, json_array_get_string_element (roles, i));
  return g_strv_builder_end (builder);
}

static gboolean
put_user_doc (RelaisDb *db, JsonObject *doc, GError **error)
{
  g_autofree char *rev = NULL;

  if (!relais_users_prepare_doc (doc, error))
    return FALSE;
  rev = relais_store_put (relais_db_lock_writer (db), doc, TRUE, error);
  relais_db_unlock_writer (db);
  if (rev == NULL)
    return FALSE;
  relais_db_notify_changed (db);
  return TRUE;
}

/**
 * relais_users_add:
 * @roles: (nullable): e.g. {"conseiller", "agence:75001", NULL}
 *
 * Creates the user (and _users when missing). An existing user is a
 * RELAIS_STORE_ERROR_CONFLICT: use relais_users_set_password() for it.
 */
gboolean
relais_users_add (RelaisDbRegistry *registry,
                  const char *name,
                  const char *password,
                  const char *const *roles,
                  GError **error)
{
  g_autoptr (RelaisDb) db = NULL;
  g_autoptr (JsonObject) doc = json_object_new ();
  g_autofree char *id = NULL;
  g_autoptr (GError) local_error = NULL;
  JsonArray *array = json_array_new ();

  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (registry), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!relais_user_name_validate (name, error))
    {
      json_array_unref (array);
      return FALSE;
    }
  for (guint i = 0; roles != NULL && roles[i] != NULL; i++)
    json_array_add_string_element (array, roles[i]);

  id = g_strconcat (RELAIS_USER_ID_PREFIX, name, NULL);
  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "user");
  json_object_set_string_member (doc, "name", name);
  json_object_set_array_member (doc, "roles", array);
  json_object_set_string_member (doc, "password", password);

  if ((db = open_users (registry, TRUE, error)) == NULL)
    return FALSE;
  if (!put_user_doc (db, doc, &local_error))
    {
      if (g_error_matches (local_error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT))
        g_set_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT,
                     "The user “%s” already exists.", name);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
relais_users_set_password (RelaisDbRegistry *registry,
                           const char *name,
                           const char *password,
                           GError **error)
{
  g_autoptr (RelaisDb) db = NULL;
  g_autoptr (JsonObject) doc = NULL;

  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (registry), FALSE);
  g_return_val_if_fail (name != NULL && password != NULL, FALSE);

  if ((db = open_users (registry, FALSE, error)) == NULL ||
      (doc = get_user_doc (db, name, error)) == NULL)
    return FALSE;
  json_object_set_string_member (doc, "password", password);
  return put_user_doc (db, doc, error);
}

/**
 * relais_users_lookup:
 *
 * Returns: (transfer full) (nullable): the user with its hash, or NULL
 *   (RELAIS_STORE_ERROR_NOT_FOUND when there is no such user)
 */
RelaisUser *
relais_users_lookup (RelaisDbRegistry *registry, const char *name, GError **error)
{
  g_autoptr (RelaisDb) db = NULL;
  g_autoptr (JsonObject) doc = NULL;
  g_autoptr (GError) local_error = NULL;
  RelaisUser *user;

  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if ((db = open_users (registry, FALSE, &local_error)) == NULL)
    {
      if (g_error_matches (local_error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_DB_NOT_FOUND))
        g_set_error_literal (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND, "missing");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if ((doc = get_user_doc (db, name, error)) == NULL)
    return NULL;

  user = g_new0 (RelaisUser, 1);
  user->name = g_strdup (name);
  user->roles = roles_from_doc (doc);
  user->derived_key =
      g_strdup (json_object_get_string_member_with_default (doc, "derived_key", ""));
  return user;
}

static gboolean
list_cb (const RelaisDocInfo *info, gpointer user_data)
{
  GPtrArray *users = user_data;
  g_autoptr (JsonNode) node = NULL;
  JsonObject *doc;
  RelaisUser *user;

  if (info->doc_json == NULL || !g_str_has_prefix (info->id, RELAIS_USER_ID_PREFIX) ||
      (node = json_from_string (info->doc_json, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;
  doc = json_node_get_object (node);
  user = g_new0 (RelaisUser, 1);
  user->name = g_strdup (info->id + strlen (RELAIS_USER_ID_PREFIX));
  user->roles = roles_from_doc (doc);
  g_ptr_array_add (users, user);
  return TRUE;
}

/**
 * relais_users_list:
 *
 * Returns: (transfer full) (element-type RelaisUser): the users by name,
 *   without their hashes; empty when _users does not exist yet
 */
GPtrArray *
relais_users_list (RelaisDbRegistry *registry, GError **error)
{
  g_autoptr (GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify) relais_user_free);
  g_autoptr (RelaisDb) db = NULL;
  g_autoptr (GError) local_error = NULL;
  RelaisAllDocsQuery query = { 0 };

  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (registry), NULL);

  if ((db = open_users (registry, FALSE, &local_error)) == NULL)
    {
      if (g_error_matches (local_error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_DB_NOT_FOUND))
        return g_steal_pointer (&users);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  query.inclusive_end = TRUE;
  query.limit = G_MAXUINT64;
  query.include_docs = TRUE;
  if (!relais_store_all_docs (relais_db_get_store (db), &query, list_cb, users, error))
    return NULL;
  return g_steal_pointer (&users);
}

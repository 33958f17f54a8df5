/* relais-auth.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Authentication: who a request comes from. Passwords are checked against
 * the [admins] of the configuration and the _users database; session
 * cookies are signed (HMAC, libsodium's crypto_auth) with a secret kept in
 * the data folder, and bound to the user's password hash so that changing
 * a password ends that user's sessions. A cookie names its session (a
 * random id given at login, which renewals keep): a logout revokes the
 * session (relais-session-revocations.c), so that neither a copy of its
 * cookie nor a cookie renewed from such a copy stays valid. Failed logins are counted per name
 * and client address and answered 429 past a limit.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <string.h>

#include "relais-access-rules.h"
#include "relais-auth.h"
#include "relais-server-error.h"
#include "relais-session-revocations.h"
#include "relais-store.h"
#include "relais-users.h"

#define SECRET_FILE "server.secret"
#define BAD_CREDENTIALS "Name or password is incorrect."
/* Past this many (name, address) pairs with recent failures, the stale
 * ones are dropped: a spray of random names must not grow memory. */
#define MAX_FAILURE_KEYS 4096
/* Logged-out cookies kept one by one (see relais-session-revocations.c). */
#define MAX_REVOKED_COOKIES 10000

typedef struct
{
  char *secret; /* the hash (or [admins] value) the password was verified against */
  guchar password_mac[crypto_generichash_BYTES];
} Verified;

struct _RelaisAuth
{
  /* Borrowed References */
  const RelaisServerConfig *config;
  RelaisDbRegistry *registry;

  /* Owned References */
  guchar key[crypto_auth_KEYBYTES];
  GHashTable *verified;              /* name → Verified: argon2id costs ~0.1 s, and
                         * replicators send Basic credentials on every request */
  GHashTable *failures;              /* "name\naddress" → GArray of gint64 (µs, monotonic) */
  char *dummy_hash;                  /* verified for unknown names, so that timing does not
                         * tell which names exist */
  RelaisSessionRevocations *revoked; /* cookies ended by a logout */
};

/* RelaisUserCtx */

RelaisUserCtx *
relais_user_ctx_new_anonymous (void)
{
  RelaisUserCtx *user = g_new0 (RelaisUserCtx, 1);

  user->roles = g_new0 (char *, 1);
  return user;
}

void
relais_user_ctx_free (RelaisUserCtx *user)
{
  if (user == NULL)
    return;
  g_free (user->name);
  g_strfreev (user->roles);
  if (user->secret != NULL)
    sodium_memzero (user->secret, strlen (user->secret));
  g_free (user->secret);
  g_free (user->session_id);
  g_free (user);
}

gboolean
relais_user_ctx_is_admin (const RelaisUserCtx *user)
{
  return relais_access_roles_contain ((const char *const *) user->roles, RELAIS_ROLE_SERVER_ADMIN);
}

static gboolean
list_contains (JsonObject *section, const char *list, const char *value)
{
  JsonNode *node = section != NULL ? json_object_get_member (section, list) : NULL;
  JsonArray *array;

  if (value == NULL || node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (element), value))
        return TRUE;
    }
  return FALSE;
}

static gboolean
list_is_empty (JsonObject *section, const char *list)
{
  JsonNode *node = section != NULL ? json_object_get_member (section, list) : NULL;

  return node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
         json_array_get_length (json_node_get_array (node)) == 0;
}

static gboolean
section_matches (const RelaisUserCtx *user, JsonObject *security, const char *name)
{
  JsonNode *node = json_object_get_member (security, name);
  JsonObject *section =
      node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (list_contains (section, "names", user->name))
    return TRUE;
  for (guint i = 0; user->roles[i] != NULL; i++)
    if (list_contains (section, "roles", user->roles[i]))
      return TRUE;
  return FALSE;
}

gboolean
relais_user_ctx_is_db_admin (const RelaisUserCtx *user, JsonObject *security)
{
  return relais_user_ctx_is_admin (user) || section_matches (user, security, "admins");
}

/* As CouchDB: members with no names and no roles make the database public. */
gboolean
relais_user_ctx_is_member (const RelaisUserCtx *user, JsonObject *security)
{
  JsonNode *node = json_object_get_member (security, "members");
  JsonObject *members =
      node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  if (list_is_empty (members, "names") && list_is_empty (members, "roles"))
    return TRUE;
  return relais_user_ctx_is_db_admin (user, security) ||
         section_matches (user, security, "members");
}

/* RelaisAuth */

static void
verified_free (Verified *verified)
{
  g_free (verified->secret);
  g_free (verified);
}

static gboolean
load_key (RelaisAuth *self, const char *data_dir, GError **error)
{
  g_autofree char *path = g_build_filename (data_dir, SECRET_FILE, NULL);
  g_autofree char *text = NULL;
  gsize len = 0;

  if (g_file_get_contents (path, &text, &len, NULL) && len == sizeof self->key)
    {
      memcpy (self->key, text, len);
      sodium_memzero (text, len);
      return TRUE;
    }

  /* A new secret ends the sessions signed with a lost one, nothing worse. */
  crypto_auth_keygen (self->key);
  return g_file_set_contents_full (path, (const char *) self->key, sizeof self->key,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

RelaisAuth *
relais_auth_new (const RelaisServerConfig *config, RelaisDbRegistry *registry, GError **error)
{
  RelaisAuth *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (registry), NULL);

  if (sodium_init () < 0)
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_INTERNAL,
                           "libsodium cannot be initialised");
      return NULL;
    }

  self = g_new0 (RelaisAuth, 1);
  self->config = config;
  self->registry = registry;
  self->verified =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) verified_free);
  self->failures =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  if (!load_key (self, config->data_dir, error) ||
      (self->revoked =
           relais_session_revocations_load (config->data_dir, MAX_REVOKED_COOKIES, error)) == NULL)
    {
      relais_auth_free (self);
      return NULL;
    }
  return self;
}

void
relais_auth_free (RelaisAuth *self)
{
  if (self == NULL)
    return;
  sodium_memzero (self->key, sizeof self->key);
  g_clear_pointer (&self->verified, g_hash_table_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_clear_pointer (&self->revoked, relais_session_revocations_free);
  g_free (self->dummy_hash);
  g_free (self);
}

/* The user @name as a RelaisUserCtx with its secret, or NULL. */
static RelaisUserCtx *
lookup_principal (RelaisAuth *self, const char *name)
{
  const char *admin = g_hash_table_lookup (self->config->admins, name);
  g_autoptr (RelaisUser) user = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GStrvBuilder) roles = g_strv_builder_new ();
  RelaisUserCtx *ctx;

  if (admin == NULL)
    {
      if ((user = relais_users_lookup (self->registry, name, &error)) == NULL)
        {
          if (!g_error_matches (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND) &&
              !g_error_matches (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_DELETED))
            g_warning ("Cannot read the user “%s”: %s", name, error->message);
          return NULL;
        }
      g_strv_builder_addv (roles, (const char **) user->roles);
      if (g_strv_contains ((const char *const *) user->roles, RELAIS_ROLE_ADMIN) &&
          !g_strv_contains ((const char *const *) user->roles, RELAIS_ROLE_SERVER_ADMIN))
        g_strv_builder_add (roles, RELAIS_ROLE_SERVER_ADMIN);
    }
  else
    g_strv_builder_add (roles, RELAIS_ROLE_SERVER_ADMIN);

  ctx = g_new0 (RelaisUserCtx, 1);
  ctx->name = g_strdup (name);
  ctx->roles = g_strv_builder_end (roles);
  ctx->secret = g_strdup (admin != NULL ? admin : user->derived_key);
  ctx->config_admin = admin != NULL;
  return ctx;
}

static void
password_mac (RelaisAuth *self, const char *password, guchar mac[crypto_generichash_BYTES])
{
  crypto_generichash (mac, crypto_generichash_BYTES, (const guchar *) password, strlen (password),
                      self->key, sizeof self->key);
}

static gboolean
password_matches (RelaisAuth *self, const RelaisUserCtx *user, const char *password)
{
  guchar mac[crypto_generichash_BYTES];
  Verified *verified = g_hash_table_lookup (self->verified, user->name);

  password_mac (self, password, mac);

  if (*password == '\0')
    return FALSE;
  if (!relais_password_is_hash (user->secret))
    {
      if (!user->config_admin || *user->secret == '\0')
        return FALSE; /* a user document without a usable hash */

      /* A plain [admins] password: compare keyed digests in constant time. */
      guchar expected[crypto_generichash_BYTES];

      password_mac (self, user->secret, expected);
      return sodium_memcmp (mac, expected, sizeof mac) == 0;
    }

  if (verified != NULL && g_str_equal (verified->secret, user->secret) &&
      sodium_memcmp (verified->password_mac, mac, sizeof mac) == 0)
    return TRUE;
  if (!relais_password_verify (user->secret, password))
    return FALSE;

  verified = g_new0 (Verified, 1);
  verified->secret = g_strdup (user->secret);
  memcpy (verified->password_mac, mac, sizeof mac);
  g_hash_table_replace (self->verified, g_strdup (user->name), verified);
  return TRUE;
}

/* Drops the failures older than the window; returns those left. */
static GArray *
recent_failures (RelaisAuth *self, const char *key, gint64 now)
{
  GArray *times = g_hash_table_lookup (self->failures, key);
  gint64 window = (gint64) self->config->auth_failure_window * G_USEC_PER_SEC;
  guint old = 0;

  if (times == NULL)
    return NULL;
  while (old < times->len && g_array_index (times, gint64, old) <= now - window)
    old++;
  g_array_remove_range (times, 0, old);
  if (times->len == 0)
    {
      g_hash_table_remove (self->failures, key);
      return NULL;
    }
  return times;
}

static void
purge_failures (RelaisAuth *self, gint64 now)
{
  gint64 window = (gint64) self->config->auth_failure_window * G_USEC_PER_SEC;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->failures);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *times = value;

      if (times->len == 0 || g_array_index (times, gint64, times->len - 1) <= now - window)
        g_hash_table_iter_remove (&iter);
    }
  if (g_hash_table_size (self->failures) >= MAX_FAILURE_KEYS)
    g_hash_table_remove_all (self->failures);
}

/**
 * relais_auth_check_password:
 * @client: (nullable): the client's address, for rate limiting
 *
 * Returns: (transfer full): the user, or NULL with
 *   RELAIS_SERVER_ERROR_UNAUTHORIZED or _TOO_MANY_REQUESTS
 */
RelaisUserCtx *
relais_auth_check_password (
    RelaisAuth *self, const char *name, const char *password, const char *client, GError **error)
{
  g_autofree char *key = g_strconcat (name, "\n", client != NULL ? client : "", NULL);
  gint64 now = g_get_monotonic_time ();
  g_autoptr (RelaisUserCtx) user = NULL;
  GArray *times = recent_failures (self, key, now);

  if (times != NULL && times->len >= self->config->auth_max_failures)
    {
      gint64 wait = g_array_index (times, gint64, 0) +
                    (gint64) self->config->auth_failure_window * G_USEC_PER_SEC - now;

      g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_TOO_MANY_REQUESTS,
                   "Too many failed logins; try again in %" G_GINT64_FORMAT " s.",
                   (wait + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      return NULL;
    }

  if ((user = lookup_principal (self, name)) != NULL && password_matches (self, user, password))
    {
      g_hash_table_remove (self->failures, key);
      return g_steal_pointer (&user);
    }
  if (user == NULL)
    {
      if (self->dummy_hash == NULL)
        self->dummy_hash = relais_password_hash ("relais-dummy-password", NULL);
      if (self->dummy_hash != NULL)
        relais_password_verify (self->dummy_hash, password);
    }

  if (times == NULL && g_hash_table_size (self->failures) >= MAX_FAILURE_KEYS)
    purge_failures (self, now);

  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->failures, g_strdup (key), times);
    }
  g_array_append_val (times, now);
  g_message ("failed login for “%s” from %s", name, client != NULL ? client : "?");
  g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_UNAUTHORIZED,
                       BAD_CREDENTIALS);
  return NULL;
}

/* Cookies: base64url ("NAME:SESSION:HEXTIME:HEXMAC"), MAC over
 * "NAME:SESSION:HEXTIME:SECRET"; SESSION is SESSION_ID_BYTES in hex. */
#define SESSION_ID_BYTES 16

static char *
cookie_mac (RelaisAuth *self,
            const char *name,
            const char *session,
            const char *time_hex,
            const char *secret)
{
  g_autofree char *message = g_strconcat (name, ":", session, ":", time_hex, ":", secret, NULL);
  guchar mac[crypto_auth_BYTES];
  char hex[crypto_auth_BYTES * 2 + 1];

  crypto_auth (mac, (const guchar *) message, strlen (message), self->key);
  sodium_memzero (message, strlen (message));
  return g_strdup (sodium_bin2hex (hex, sizeof hex, mac, sizeof mac));
}

static gboolean
is_session_id (const char *text)
{
  gsize n = 0;

  for (; text[n] != '\0'; n++)
    if (!g_ascii_isxdigit (text[n]) || g_ascii_isupper (text[n]))
      return FALSE;
  return n == SESSION_ID_BYTES * 2;
}

/* A new session's cookie at login; at a renewal (@user from a cookie),
 * a fresh cookie of the same session. */
char *
relais_auth_make_cookie (RelaisAuth *self, const RelaisUserCtx *user)
{
  g_autofree char *time_hex = g_strdup_printf ("%" G_GINT64_MODIFIER "X", g_get_real_time ());
  g_autofree char *session = NULL;
  g_autofree char *mac = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *encoded = NULL;

  g_return_val_if_fail (user != NULL && user->name != NULL && user->secret != NULL, NULL);

  if (user->session_id != NULL)
    session = g_strdup (user->session_id);
  else
    {
      guchar id[SESSION_ID_BYTES];
      char hex[SESSION_ID_BYTES * 2 + 1];

      randombytes_buf (id, sizeof id);
      session = g_strdup (sodium_bin2hex (hex, sizeof hex, id, sizeof id));
    }
  mac = cookie_mac (self, user->name, session, time_hex, user->secret);
  plain = g_strconcat (user->name, ":", session, ":", time_hex, ":", mac, NULL);
  encoded = g_base64_encode ((const guchar *) plain, strlen (plain));
  /* base64url without padding: no character a cookie value must quote. */
  for (char *p = encoded; *p; p++)
    *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
  if (strchr (encoded, '=') != NULL)
    *strchr (encoded, '=') = '\0';
  return g_steal_pointer (&encoded);
}

typedef struct
{
  char *plain; /* "NAME\0SESSION\0HEXTIME\0MAC": the parts point into it */
  const char *name;
  const char *session;
  gint64 issued;
} Cookie;

static void
cookie_clear (Cookie *cookie)
{
  g_free (cookie->plain);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cookie, cookie_clear)

/* The user of a valid, unexpired, unrevoked session cookie, or NULL;
 * @cookie gets its parts. */
static RelaisUserCtx *
verify_cookie (RelaisAuth *self, const char *value, Cookie *cookie)
{
  g_autoptr (GString) b64 = g_string_new (value);
  g_autofree guchar *decoded = NULL;
  g_autofree char *expected = NULL;
  g_autoptr (RelaisUserCtx) user = NULL;
  char *mac, *time_hex, *session;
  gsize len = 0;
  guint64 issued;
  gint64 now = g_get_real_time ();
  gint64 timeout = (gint64) self->config->session_timeout * G_USEC_PER_SEC;

  for (gsize i = 0; i < b64->len; i++)
    {
      if (!g_ascii_isalnum (b64->str[i]) && b64->str[i] != '-' && b64->str[i] != '_')
        return NULL;
      b64->str[i] = b64->str[i] == '-' ? '+' : b64->str[i] == '_' ? '/' : b64->str[i];
    }
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');
  decoded = g_base64_decode (b64->str, &len);
  cookie->plain = g_strndup ((const char *) decoded, len);
  if (strlen (cookie->plain) != len || (mac = strrchr (cookie->plain, ':')) == NULL)
    return NULL;
  *mac++ = '\0';
  if ((time_hex = strrchr (cookie->plain, ':')) == NULL)
    return NULL;
  *time_hex++ = '\0';
  /* A cookie from before sessions had ids has none: refused, and the
   * replicator logs in again. */
  if ((session = strrchr (cookie->plain, ':')) == NULL)
    return NULL;
  *session++ = '\0';
  if (!is_session_id (session))
    return NULL;
  if (!g_ascii_string_to_unsigned (time_hex, 16, 0, G_MAXINT64, &issued, NULL) ||
      (gint64) issued > now || now - (gint64) issued >= timeout)
    return NULL;

  if ((user = lookup_principal (self, cookie->plain)) == NULL)
    return NULL;
  expected = cookie_mac (self, cookie->plain, session, time_hex, user->secret);
  if (strlen (mac) != strlen (expected) || sodium_memcmp (mac, expected, strlen (mac)) != 0)
    return NULL;
  if (relais_session_revocations_contains (self->revoked, session, cookie->plain, (gint64) issued))
    return NULL;

  cookie->name = cookie->plain;
  cookie->session = session;
  cookie->issued = (gint64) issued;
  user->session_id = g_strdup (session);
  return g_steal_pointer (&user);
}

/**
 * relais_auth_check_cookie:
 * @renew: (out): set when the session is past half its life
 *
 * Returns: (transfer full) (nullable): the user of a valid, unexpired
 *   session that was not logged out; NULL for anything else (the request
 *   is then anonymous)
 */
RelaisUserCtx *
relais_auth_check_cookie (RelaisAuth *self, const char *value, gboolean *renew)
{
  g_auto (Cookie) cookie = { 0 };
  gint64 timeout = (gint64) self->config->session_timeout * G_USEC_PER_SEC;
  RelaisUserCtx *user;

  *renew = FALSE;
  if ((user = verify_cookie (self, value, &cookie)) == NULL)
    return NULL;
  *renew = g_get_real_time () - cookie.issued > timeout / 2;
  user->method = RELAIS_AUTH_COOKIE_SESSION;
  return user;
}

/**
 * relais_auth_revoke_cookie:
 *
 * Logout: the session of the cookie @value ends. Its cookies (@value,
 * its copies, the ones renewed from them) are refused from now on, after
 * a restart too. A cookie that is not valid anyway is left alone.
 *
 * Returns: FALSE with @error when the revocation could not be saved (it
 *   holds until the server stops)
 */
gboolean
relais_auth_revoke_cookie (RelaisAuth *self, const char *value, GError **error)
{
  g_auto (Cookie) cookie = { 0 };
  g_autoptr (RelaisUserCtx) user = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if ((user = verify_cookie (self, value, &cookie)) == NULL)
    return TRUE;
  /* Its last cookie was issued by now: the entry may go a lifetime after. */
  return relais_session_revocations_add (
      self->revoked, cookie.session, cookie.name, g_get_real_time (),
      (gint64) self->config->session_timeout * G_USEC_PER_SEC, error);
}

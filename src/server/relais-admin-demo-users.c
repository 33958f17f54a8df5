/* relais-admin-demo-users.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The people of a demo agency: one counsellor per modality, an ELD member
 * and an administrator, each a user of _users with a random password that
 * is shown once. The counsellors and the ELD member are tied to the
 * conseiller documents the generator wrote, through a role equal to the
 * document's id ("conseiller:<uuid>") that GET /_session returns, so that the app knows
 * whose portfolio to open without reading _users (which it may not).
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <sodium.h>

#include "relais-access-rules.h"
#include "relais-admin.h"
#include "relais-core.h"
#include "relais-users.h"

#define PASSWORD_BYTES 9 /* 12 characters of URL-safe base64 */

static const char *const MODALITIES[] = { "suivi", "guide", "renforce", "global" };

/* Auxiliary methods */

static char *
random_password (void)
{
  guchar bytes[PASSWORD_BYTES];
  char text[sodium_base64_ENCODED_LEN (PASSWORD_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (text, sizeof text, bytes, sizeof bytes,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (text);
}

static char *
first_conseiller (RelaisStore *store, const char *modalite, GError **error)
{
  g_autoptr (GPtrArray) ids =
      relais_store_find_by_field (store, "conseiller", "modalite", modalite, error);

  if (ids == NULL)
    return NULL;
  if (ids->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "The demo agency has no counsellor in modality %s", modalite);
      return NULL;
    }
  return g_strdup (g_ptr_array_index (ids, 0));
}

/* The directeur leads the ELD: the agence document names him. */
static char *
directeur (RelaisStore *store, char **agence_code, GError **error)
{
  g_autoptr (GPtrArray) ids = relais_store_find_by_field (store, "agence", "type", "agence", error);
  g_autoptr (JsonObject) agence = NULL;

  if (ids == NULL)
    return NULL;
  if (ids->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           "The demo database has no agence document");
      return NULL;
    }
  if ((agence = relais_store_get (store, g_ptr_array_index (ids, 0), NULL, RELAIS_GET_NONE,
                                  error)) == NULL)
    return NULL;
  *agence_code = g_strdup (json_object_get_string_member_with_default (agence, "code", ""));
  return g_strdup (json_object_get_string_member_with_default (agence, "directeur", ""));
}

static gboolean
set_members (RelaisDb *db, const char *const *member_roles, GError **error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "members");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "names");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  for (guint i = 0; member_roles[i] != NULL; i++)
    json_builder_add_string_value (builder, member_roles[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "admins");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "names");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "roles");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, RELAIS_ROLE_SERVER_ADMIN);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = relais_json_object_canonical (json_node_get_object (root));
  return relais_db_set_security (db, text, error);
}

static gboolean
add_user (RelaisDbRegistry *registry,
          GString *report,
          const char *name,
          const char *what,
          const char *const *roles,
          GError **error)
{
  g_autofree char *password = random_password ();

  if (!relais_users_add (registry, name, password, roles, error))
    return FALSE;
  g_string_append_printf (report, "  %-20s %-14s %s\n", name, password, what);
  return TRUE;
}

/* Public API */

/**
 * relais_admin_add_demo_users:
 * @db_name: the agency database that relais_admin_fill_demo() filled
 * @report: (out): the table of users and passwords, to show once
 *
 * Makes @db_name readable by its agency only (role agence:<code>), the
 * referentiel by every counsellor, ELD member and admin, and creates the
 * users.
 */
gboolean
relais_admin_add_demo_users (RelaisDbRegistry *registry,
                             const char *db_name,
                             char **report,
                             GError **error)
{
  g_autoptr (RelaisDb) db = NULL;
  g_autoptr (RelaisDb) referentiel = NULL;
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *agence_code = NULL;
  g_autofree char *agence_role = NULL;
  g_autofree char *eld_id = NULL;
  g_autofree char *eld_role = NULL;
  RelaisStore *store;

  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (registry), FALSE);
  g_return_val_if_fail (db_name != NULL && report != NULL, FALSE);

  if ((db = relais_db_registry_open (registry, db_name, error)) == NULL)
    return FALSE;
  store = relais_db_get_store (db);
  if ((eld_id = directeur (store, &agence_code, error)) == NULL)
    return FALSE;
  agence_role = g_strconcat (RELAIS_ROLE_AGENCE_PREFIX, agence_code, NULL);
  {
    const char *members[] = { agence_role, NULL };

    if (!set_members (db, members, error))
      return FALSE;
  }
  if ((referentiel = relais_db_registry_open (registry, "referentiel", error)) == NULL)
    return FALSE;
  {
    const char *members[] = { RELAIS_ROLE_CONSEILLER, RELAIS_ROLE_ELD, RELAIS_ROLE_ADMIN, NULL };

    if (!set_members (referentiel, members, error))
      return FALSE;
  }

  g_string_append (out, "  user                 password       who\n");
  for (guint i = 0; i < G_N_ELEMENTS (MODALITIES); i++)
    {
      g_autofree char *id = first_conseiller (store, MODALITIES[i], error);
      g_autofree char *name = NULL;
      g_autofree char *role = NULL;
      g_autofree char *what = NULL;

      if (id == NULL)
        return FALSE;
      name = g_strconcat ("conseiller-", MODALITIES[i], NULL);
      role = g_strdup (id);
      what = g_strdup_printf ("counsellor, modality %s (%s)", MODALITIES[i], id);
      {
        const char *roles[] = { RELAIS_ROLE_CONSEILLER, agence_role, role, NULL };

        if (!add_user (registry, out, name, what, roles, error))
          return FALSE;
      }
    }
  eld_role = g_strdup (eld_id);
  {
    const char *roles[] = { RELAIS_ROLE_ELD, RELAIS_ROLE_CONSEILLER, agence_role, eld_role, NULL };
    g_autofree char *what = g_strdup_printf ("ELD member, directeur (%s)", eld_id);

    if (!add_user (registry, out, "eld", what, roles, error))
      return FALSE;
  }
  {
    const char *roles[] = { RELAIS_ROLE_ADMIN, NULL };

    if (!add_user (registry, out, "administrateur", "administrator (server admin)", roles, error))
      return FALSE;
  }

  *report = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/* relais-doc-query.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Small reads the ELD views share: every live document of a type (the
 * few dozen conseillers, diagnostics or affectations of an agency, read on
 * the UI thread through the type index) and the strings they show.
 */

#define G_LOG_DOMAIN "relais-doc-query"

#include "config.h"

#include <gio/gio.h>

#include "relais-doc-query.h"

/* Returns: (transfer full) (element-type JsonObject): the live documents
 * of @type, in id order. */
GPtrArray *
relais_doc_query_type (RelaisStore *store, const char *type, GError **error)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GPtrArray) docs = NULL;

  g_return_val_if_fail (RELAIS_IS_STORE (store), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  /* Every document carries its type in its body: the type index answers. */
  if ((ids = relais_store_find_by_field (store, type, "type", type, error)) == NULL)
    return NULL;
  docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *doc = relais_store_get (store, ids->pdata[i], NULL, RELAIS_GET_NONE, NULL);

      if (doc != NULL)
        g_ptr_array_add (docs, doc);
    }
  return g_steal_pointer (&docs);
}

/* Returns: (nullable): the string member @name, NULL when absent or not a string. */
const char *
relais_doc_query_string (JsonObject *doc, const char *name)
{
  JsonNode *node;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  node = json_object_get_member (doc, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* “Prénom NOM” of a conseiller or a DE, its id when it has no name. */
char *
relais_doc_query_person_name (JsonObject *doc)
{
  const char *prenom, *nom;

  g_return_val_if_fail (doc != NULL, NULL);

  prenom = relais_doc_query_string (doc, "prenom");
  nom = relais_doc_query_string (doc, "nom");
  if (nom == NULL)
    return g_strdup (relais_doc_query_string (doc, "_id"));
  return prenom != NULL ? g_strdup_printf ("%s %s", prenom, nom) : g_strdup (nom);
}

/* Who writes: the user of the server connection, else the session's user. */
char *
relais_doc_query_dup_user (GSettings *settings)
{
  g_autofree char *user = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  user = g_settings_get_string (settings, "username");
  if (*user == '\0')
    return g_strdup (g_get_user_name ());
  return g_steal_pointer (&user);
}

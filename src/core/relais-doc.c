/* relais-doc.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Helpers over the JSON documents shared by every layer. The "_" fields are
 * CouchDB's metadata (_id, _rev, _deleted, _revisions, _conflicts…); the
 * body proper is everything else, kept as it came so that fields written by
 * a newer version survive a round trip through an older one.
 */

#define G_LOG_DOMAIN "relais-doc"

#include "config.h"

#include <string.h>

#include "relais-doc.h"
#include "relais-json.h"

const char *
relais_doc_get_id (JsonObject *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return json_object_get_string_member_with_default (doc, "_id", NULL);
}

const char *
relais_doc_get_rev (JsonObject *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return json_object_get_string_member_with_default (doc, "_rev", NULL);
}

const char *
relais_doc_get_doc_type (JsonObject *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return json_object_get_string_member_with_default (doc, "type", NULL);
}

gboolean
relais_doc_is_deleted (JsonObject *doc)
{
  g_return_val_if_fail (doc != NULL, FALSE);

  return json_object_get_boolean_member_with_default (doc, "_deleted", FALSE);
}

gint64
relais_doc_get_schema_version (JsonObject *doc)
{
  g_return_val_if_fail (doc != NULL, 0);

  return json_object_get_int_member_with_default (doc, "schema_version", 0);
}

/**
 * relais_doc_new_id:
 * @type: the document type ("de", "entretien", …)
 *
 * Ids are made on the workstation, offline, so they must never collide:
 * the type prefix keeps them readable and groups them in `_all_docs`, the
 * random UUID makes them unique.
 *
 * Returns: (transfer full): a new id such as `de:1b4e28ba-2fa1-…`
 */
char *
relais_doc_new_id (const char *type)
{
  g_autofree char *uuid = g_uuid_string_random ();

  g_return_val_if_fail (type != NULL && *type != '\0', NULL);

  return g_strdup_printf ("%s:%s", type, uuid);
}

gboolean
relais_doc_id_is_local (const char *id)
{
  return id != NULL && g_str_has_prefix (id, "_local/");
}

/* CouchDB's rule: any non-empty UTF-8 string not starting with "_" except
 * for the reserved prefixes. We also bound the length and refuse control
 * characters, which no legitimate id of ours contains. */
gboolean
relais_doc_validate_id (const char *id, GError **error)
{
  if (id == NULL || *id == '\0')
    {
      g_set_error_literal (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_ID,
                           "Document id must not be empty");
      return FALSE;
    }

  if (strlen (id) > RELAIS_DOC_MAX_ID_LENGTH)
    {
      g_set_error (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_ID,
                   "Document id is longer than %d bytes", RELAIS_DOC_MAX_ID_LENGTH);
      return FALSE;
    }

  if (!g_utf8_validate (id, -1, NULL))
    {
      g_set_error_literal (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_ID,
                           "Document id is not valid UTF-8");
      return FALSE;
    }

  for (const char *p = id; *p; p++)
    if ((guchar) *p < 0x20)
      {
        g_set_error_literal (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_ID,
                             "Document id contains a control character");
        return FALSE;
      }

  if (id[0] == '_' && !g_str_has_prefix (id, "_design/") && !g_str_has_prefix (id, "_local/"))
    {
      g_set_error_literal (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_ID,
                           "Only reserved document ids may start with underscore.");
      return FALSE;
    }

  if (g_str_has_prefix (id, "_local/") && id[strlen ("_local/")] == '\0')
    {
      g_set_error_literal (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_ID,
                           "Local document id must not be empty");
      return FALSE;
    }

  return TRUE;
}

/* "de:1234" → "de"; NULL when the id carries no type prefix. */
char *
relais_doc_id_type (const char *id)
{
  const char *colon;

  if (id == NULL || (colon = strchr (id, ':')) == NULL || colon == id)
    return NULL;

  return g_strndup (id, colon - id);
}

/**
 * relais_doc_strip_meta:
 * @doc: a document
 *
 * Returns: (transfer full): a copy of @doc without its top-level "_" fields
 */
JsonObject *
relais_doc_strip_meta (JsonObject *doc)
{
  JsonObject *body = json_object_new ();
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;

  g_return_val_if_fail (doc != NULL, NULL);

  json_object_iter_init (&iter, doc);
  while (json_object_iter_next (&iter, &key, &member))
    if (key[0] != '_')
      json_object_set_member (body, key, json_node_copy (member));

  return body;
}

/**
 * relais_doc_body_canonical:
 * @doc: a document
 *
 * Returns: (transfer full): the canonical JSON text of the body of @doc,
 *   the form in which stores keep it and revision hashes are computed.
 */
char *
relais_doc_body_canonical (JsonObject *doc)
{
  GString *out = g_string_sized_new (1024);

  g_return_val_if_fail (doc != NULL, NULL);

  relais_json_append_canonical_object (out, doc, TRUE);
  return g_string_free (out, FALSE);
}

/* relais-validate.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The envelope every document shares (_id, type, schema_version), the
 * dispatch to the per-type validators, and the member checks they use.
 */

#define G_LOG_DOMAIN "relais-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relais-doc.h"
#include "relais-domain.h"
#include "relais-validate-private.h"

typedef void (*ValidateFunc) (RelaisChecker *c, JsonObject *doc);

typedef struct
{
  const char *type;
  ValidateFunc validate;
} TypeEntry;

static const TypeEntry type_entries[] = {
  { RELAIS_DOC_TYPE_AGENCE, _relais_validate_agence },
  { RELAIS_DOC_TYPE_CONSEILLER, _relais_validate_conseiller },
  { RELAIS_DOC_TYPE_PORTEFEUILLE, _relais_validate_portefeuille },
  { RELAIS_DOC_TYPE_DE, _relais_validate_de },
  { RELAIS_DOC_TYPE_ENTRETIEN, _relais_validate_entretien },
  { RELAIS_DOC_TYPE_ACTION, _relais_validate_action },
  { RELAIS_DOC_TYPE_CONTACT, _relais_validate_contact },
  { RELAIS_DOC_TYPE_ENTREPRISE, _relais_validate_entreprise },
  { RELAIS_DOC_TYPE_OFFRE, _relais_validate_offre },
  { RELAIS_DOC_TYPE_CANDIDATURE, _relais_validate_candidature },
  { RELAIS_DOC_TYPE_DIAGNOSTIC, _relais_validate_diagnostic },
  { RELAIS_DOC_TYPE_ACTION_PROSPECTION, _relais_validate_action_prospection },
  { RELAIS_DOC_TYPE_POSTE, _relais_validate_poste },
  { RELAIS_DOC_TYPE_AFFECTATION, _relais_validate_affectation },
};

static const char *const doc_types[] = {
  RELAIS_DOC_TYPE_AGENCE,      RELAIS_DOC_TYPE_CONSEILLER,  RELAIS_DOC_TYPE_PORTEFEUILLE,
  RELAIS_DOC_TYPE_DE,          RELAIS_DOC_TYPE_ENTRETIEN,   RELAIS_DOC_TYPE_ACTION,
  RELAIS_DOC_TYPE_CONTACT,     RELAIS_DOC_TYPE_ENTREPRISE,  RELAIS_DOC_TYPE_OFFRE,
  RELAIS_DOC_TYPE_CANDIDATURE, RELAIS_DOC_TYPE_DIAGNOSTIC,  RELAIS_DOC_TYPE_ACTION_PROSPECTION,
  RELAIS_DOC_TYPE_POSTE,       RELAIS_DOC_TYPE_AFFECTATION, NULL,
};

G_STATIC_ASSERT (G_N_ELEMENTS (doc_types) == G_N_ELEMENTS (type_entries) + 1);

GQuark
relais_validation_error_quark (void)
{
  return g_quark_from_static_string ("relais-validation-error-quark");
}

RelaisProblem *
relais_problem_new (const char *field, const char *reason)
{
  RelaisProblem *problem = g_new0 (RelaisProblem, 1);

  problem->field = g_strdup (field);
  problem->reason = g_strdup (reason);
  return problem;
}

void
relais_problem_free (RelaisProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->field);
  g_free (problem->reason);
  g_free (problem);
}

/**
 * relais_doc_types:
 *
 * Returns: (transfer none): the NULL-terminated list of document types,
 *   which are also the prefixes of their ids.
 */
const char *const *
relais_doc_types (void)
{
  return doc_types;
}

gboolean
relais_doc_type_is_known (const char *type)
{
  return relais_str_in (type, doc_types);
}

/* Checking helpers */

void
_relais_check_add (RelaisChecker *c, const char *prefix, const char *name, const char *reason)
{
  g_autofree char *field = NULL;

  if (prefix != NULL && *prefix != '\0')
    field = name != NULL ? g_strconcat (prefix, ".", name, NULL) : g_strdup (prefix);
  else
    field = g_strdup (name != NULL ? name : "");

  g_ptr_array_add (c->problems, relais_problem_new (field, reason));
}

void
_relais_check_addf (RelaisChecker *c, const char *prefix, const char *name, const char *format, ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  _relais_check_add (c, prefix, name, reason);
}

JsonNode *
_relais_check_member (RelaisChecker *c,
                      JsonObject *obj,
                      const char *prefix,
                      const char *name,
                      RelaisPresence presence)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (presence == RELAIS_REQUIRED)
        _relais_check_add (c, prefix, name, _ ("is required"));
      return NULL;
    }

  return node;
}

static const char *
node_string (RelaisChecker *c, JsonNode *node, const char *prefix, const char *name)
{
  const char *value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      _relais_check_add (c, prefix, name, _ ("must be a string"));
      return NULL;
    }

  value = json_node_get_string (node);
  /* Blank text is how an emptied entry arrives: treat it as missing. */
  for (const char *p = value; *p; p++)
    if (!g_ascii_isspace (*p))
      return value;

  _relais_check_add (c, prefix, name, _ ("must not be empty"));
  return NULL;
}

const char *
_relais_check_string (RelaisChecker *c,
                      JsonObject *obj,
                      const char *prefix,
                      const char *name,
                      RelaisPresence presence)
{
  JsonNode *node = _relais_check_member (c, obj, prefix, name, presence);

  return node != NULL ? node_string (c, node, prefix, name) : NULL;
}

const char *
_relais_check_enum (RelaisChecker *c,
                    JsonObject *obj,
                    const char *prefix,
                    const char *name,
                    RelaisPresence presence,
                    const char *const *values)
{
  const char *value = _relais_check_string (c, obj, prefix, name, presence);

  if (value != NULL && !relais_str_in (value, values))
    {
      g_autofree char *allowed = relais_str_join_values (values);

      _relais_check_addf (c, prefix, name, _ ("must be one of: %s"), allowed);
      return NULL;
    }

  return value;
}

static gboolean
ref_is_valid (const char *value, const char *type)
{
  gsize len = strlen (type);

  return strncmp (value, type, len) == 0 && value[len] == ':' && value[len + 1] != '\0' &&
         relais_doc_validate_id (value, NULL);
}

const char *
_relais_check_ref (RelaisChecker *c,
                   JsonObject *obj,
                   const char *prefix,
                   const char *name,
                   RelaisPresence presence,
                   const char *type)
{
  const char *value = _relais_check_string (c, obj, prefix, name, presence);

  if (value != NULL && !ref_is_valid (value, type))
    {
      /* TRANSLATORS: %s is a document type such as "de" or "conseiller". */
      _relais_check_addf (c, prefix, name, _ ("must be the id of a “%s” document (%s:…)"), type,
                          type);
      return NULL;
    }

  return value;
}

const char *
_relais_check_code (RelaisChecker *c,
                    JsonObject *obj,
                    const char *prefix,
                    const char *name,
                    RelaisPresence presence,
                    gboolean (*is_valid) (const char *),
                    const char *reason)
{
  const char *value = _relais_check_string (c, obj, prefix, name, presence);

  if (value != NULL && !is_valid (value))
    {
      _relais_check_add (c, prefix, name, reason);
      return NULL;
    }

  return value;
}

gboolean
_relais_check_date (RelaisChecker *c,
                    JsonObject *obj,
                    const char *prefix,
                    const char *name,
                    RelaisPresence presence,
                    GDate *date)
{
  const char *value = _relais_check_string (c, obj, prefix, name, presence);

  if (value == NULL)
    return FALSE;

  if (!relais_date_parse (value, date))
    {
      _relais_check_add (c, prefix, name, _ ("must be a valid date (YYYY-MM-DD)"));
      return FALSE;
    }

  return TRUE;
}

gboolean
_relais_check_datetime (RelaisChecker *c,
                        JsonObject *obj,
                        const char *prefix,
                        const char *name,
                        RelaisPresence presence,
                        GDate *date)
{
  const char *value = _relais_check_string (c, obj, prefix, name, presence);

  if (value == NULL)
    return FALSE;

  if (!relais_datetime_parse (value, date))
    {
      _relais_check_add (c, prefix, name,
                         _ ("must be a valid date and time (YYYY-MM-DDTHH:MM:SS+01:00)"));
      return FALSE;
    }

  return TRUE;
}

gboolean
_relais_check_date_or_datetime (RelaisChecker *c,
                                JsonObject *obj,
                                const char *prefix,
                                const char *name,
                                RelaisPresence presence,
                                GDate *date)
{
  const char *value = _relais_check_string (c, obj, prefix, name, presence);

  if (value == NULL)
    return FALSE;

  if (!relais_date_parse (value, date) && !relais_datetime_parse (value, date))
    {
      _relais_check_add (c, prefix, name, _ ("must be a valid date (YYYY-MM-DD)"));
      return FALSE;
    }

  return TRUE;
}

gboolean
_relais_check_bool (RelaisChecker *c,
                    JsonObject *obj,
                    const char *prefix,
                    const char *name,
                    RelaisPresence presence,
                    gboolean *value)
{
  JsonNode *node = _relais_check_member (c, obj, prefix, name, presence);

  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      _relais_check_add (c, prefix, name, _ ("must be true or false"));
      return FALSE;
    }

  if (value != NULL)
    *value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_relais_check_int (RelaisChecker *c,
                   JsonObject *obj,
                   const char *prefix,
                   const char *name,
                   RelaisPresence presence,
                   gint64 min,
                   gint64 max,
                   gint64 *value)
{
  JsonNode *node = _relais_check_member (c, obj, prefix, name, presence);
  gint64 v;

  if (node == NULL)
    return FALSE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      _relais_check_add (c, prefix, name, _ ("must be a whole number"));
      return FALSE;
    }

  v = json_node_get_int (node);
  if (v < min || v > max)
    {
      char lo[24], hi[24];

      /* Numbers as text: G_GINT64_FORMAT would hide the msgid from xgettext. */
      g_snprintf (lo, sizeof lo, "%" G_GINT64_FORMAT, min);
      g_snprintf (hi, sizeof hi, "%" G_GINT64_FORMAT, max);
      /* TRANSLATORS: the bounds of a whole number, e.g. "between 1 and 10". */
      _relais_check_addf (c, prefix, name, _ ("must be between %s and %s"), lo, hi);
      return FALSE;
    }

  if (value != NULL)
    *value = v;
  return TRUE;
}

gboolean
_relais_check_number (RelaisChecker *c,
                      JsonObject *obj,
                      const char *prefix,
                      const char *name,
                      RelaisPresence presence,
                      double *value)
{
  JsonNode *node = _relais_check_member (c, obj, prefix, name, presence);
  GType type;

  if (node == NULL)
    return FALSE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      _relais_check_add (c, prefix, name, _ ("must be a number"));
      return FALSE;
    }

  if (value != NULL)
    *value = json_node_get_double (node);
  return TRUE;
}

JsonObject *
_relais_check_object (RelaisChecker *c,
                      JsonObject *obj,
                      const char *prefix,
                      const char *name,
                      RelaisPresence presence)
{
  JsonNode *node = _relais_check_member (c, obj, prefix, name, presence);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _relais_check_add (c, prefix, name, _ ("must be an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

JsonArray *
_relais_check_array (RelaisChecker *c,
                     JsonObject *obj,
                     const char *prefix,
                     const char *name,
                     RelaisPresence presence)
{
  JsonNode *node = _relais_check_member (c, obj, prefix, name, presence);

  if (node == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      _relais_check_add (c, prefix, name, _ ("must be a list"));
      return NULL;
    }

  return json_node_get_array (node);
}

/* Element @index of @array as an object; @path receives "name[index]",
 * the prefix for the element's own members. */
JsonObject *
_relais_check_array_object (RelaisChecker *c,
                            JsonArray *array,
                            const char *prefix,
                            const char *name,
                            guint index,
                            char *path,
                            gsize path_size)
{
  JsonNode *node = json_array_get_element (array, index);

  if (prefix != NULL && *prefix != '\0')
    g_snprintf (path, path_size, "%s.%s[%u]", prefix, name, index);
  else
    g_snprintf (path, path_size, "%s[%u]", name, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _relais_check_add (c, path, NULL, _ ("must be an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

void
_relais_check_string_array (RelaisChecker *c,
                            JsonObject *obj,
                            const char *prefix,
                            const char *name,
                            RelaisPresence presence)
{
  JsonArray *array = _relais_check_array (c, obj, prefix, name, presence);
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      char item[64];

      g_snprintf (item, sizeof item, "%s[%u]", name, i);
      node_string (c, json_array_get_element (array, i), prefix, item);
    }
}

void
_relais_check_ref_array (RelaisChecker *c,
                         JsonObject *obj,
                         const char *prefix,
                         const char *name,
                         RelaisPresence presence,
                         const char *type)
{
  JsonArray *array = _relais_check_array (c, obj, prefix, name, presence);
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      char item[64];
      const char *value;

      g_snprintf (item, sizeof item, "%s[%u]", name, i);
      value = node_string (c, json_array_get_element (array, i), prefix, item);
      if (value != NULL && !ref_is_valid (value, type))
        _relais_check_addf (c, prefix, item, _ ("must be the id of a “%s” document (%s:…)"), type,
                            type);
    }
}

/* A postal address in France: street line, postal code, the commune's
 * INSEE code (which the rules and indexes use) and its name. */
void
_relais_check_adresse (RelaisChecker *c,
                       JsonObject *obj,
                       const char *prefix,
                       const char *name,
                       RelaisPresence presence)
{
  JsonObject *adresse = _relais_check_object (c, obj, prefix, name, presence);
  g_autofree char *path = NULL;

  if (adresse == NULL)
    return;

  path =
      prefix != NULL && *prefix != '\0' ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);
  _relais_check_string (c, adresse, path, "ligne", RELAIS_OPTIONAL);
  _relais_check_code (c, adresse, path, "code_postal", RELAIS_OPTIONAL, relais_code_postal_is_valid,
                      _ ("must be a postal code of 5 digits"));
  _relais_check_code (c, adresse, path, "commune", RELAIS_REQUIRED, relais_code_insee_is_valid,
                      _ ("must be the INSEE code of a commune (5 characters)"));
  _relais_check_string (c, adresse, path, "libelle_commune", RELAIS_OPTIONAL);
}

/* Public API */

static void
check_envelope (RelaisChecker *c, JsonObject *doc, const char **type_out)
{
  const char *id = _relais_check_string (c, doc, NULL, "_id", RELAIS_REQUIRED);
  const char *type = _relais_check_string (c, doc, NULL, "type", RELAIS_REQUIRED);

  _relais_check_int (c, doc, NULL, "schema_version", RELAIS_REQUIRED, 1, G_MAXINT32, NULL);

  if (type != NULL && !relais_doc_type_is_known (type) &&
      relais_doc_get_schema_version (doc) <= RELAIS_DOC_SCHEMA_VERSION)
    {
      g_autofree char *allowed = relais_str_join_values (doc_types);

      _relais_check_addf (c, NULL, "type", _ ("must be one of: %s"), allowed);
      type = NULL;
    }

  if (id != NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *id_type = relais_doc_id_type (id);

      if (!relais_doc_validate_id (id, &error))
        _relais_check_add (c, NULL, "_id", _ ("is not a valid document id"));
      else if (type != NULL && g_strcmp0 (id_type, type) != 0)
        /* TRANSLATORS: %s is the document type, e.g. "de" in "de:…". */
        _relais_check_addf (c, NULL, "_id", _ ("must start with “%s:”"), type);
      else if (type != NULL && id[strlen (type) + 1] == '\0')
        _relais_check_add (c, NULL, "_id", _ ("is not a valid document id"));
    }

  *type_out = type;
}

/**
 * relais_validate_doc:
 * @doc: a document, with its "_id"
 * @problems: (out) (optional) (transfer full) (element-type RelaisProblem):
 *   every broken rule, in document order; an empty array when valid
 * @error: RELAIS_VALIDATION_ERROR_INVALID with "field: reason" of the first
 *   problem
 *
 * Design documents, local documents and tombstones always validate: the
 * first two are not domain data, and a deletion must never be refused.
 *
 * Returns: whether @doc follows DOCUMENTS.md
 */
gboolean
relais_validate_doc (JsonObject *doc, GPtrArray **problems, GError **error)
{
  RelaisChecker checker;
  const char *id;
  const char *type = NULL;
  gboolean valid;

  g_return_val_if_fail (doc != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  checker.problems = g_ptr_array_new_with_free_func ((GDestroyNotify) relais_problem_free);
  id = json_object_get_string_member_with_default (doc, "_id", NULL);

  if (relais_doc_is_deleted (doc) ||
      (id != NULL && (g_str_has_prefix (id, "_design/") || relais_doc_id_is_local (id))))
    goto out;

  check_envelope (&checker, doc, &type);

  if (type != NULL && relais_doc_get_schema_version (doc) <= RELAIS_DOC_SCHEMA_VERSION)
    for (guint i = 0; i < G_N_ELEMENTS (type_entries); i++)
      if (strcmp (type, type_entries[i].type) == 0)
        {
          type_entries[i].validate (&checker, doc);
          break;
        }

out:
  valid = checker.problems->len == 0;

  if (!valid)
    {
      RelaisProblem *first = g_ptr_array_index (checker.problems, 0);

      g_set_error (error, RELAIS_VALIDATION_ERROR, RELAIS_VALIDATION_ERROR_INVALID, "%s: %s",
                   first->field, first->reason);
    }

  if (problems != NULL)
    *problems = g_steal_pointer (&checker.problems);
  else
    g_ptr_array_unref (checker.problems);

  return valid;
}

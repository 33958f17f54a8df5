/* relais-conflict-format.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * What a person reads in the conflicts view: a document's title by its
 * type, a field's name in words, a value as text rather than JSON, and
 * the dotted paths of relais_merge_differing_paths() read and written.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "relais-conflict-format.h"
#include "relais-de-item.h"
#include "relais-json.h"

typedef struct
{
  const char *path;
  const char *label;
} FieldLabel;

/* The fields people edit most; any other shows its dotted path. */
static const FieldLabel field_labels[] = {
  { "adresse", N_ ("Address") },
  { "adresse.code_postal", N_ ("Postal code") },
  { "adresse.commune", N_ ("Town") },
  { "adresse.ligne", N_ ("Street") },
  { "axe_principal", N_ ("Main job target") },
  { "axe_secondaire", N_ ("Secondary job target") },
  { "civilite", N_ ("Title") },
  { "competences", N_ ("Skills") },
  { "date", N_ ("Date") },
  { "date_inscription", N_ ("Registration date") },
  { "date_referent", N_ ("Référent since") },
  { "disponibilite", N_ ("Availability") },
  { "disponible_le", N_ ("Available from") },
  { "email", N_ ("E-mail") },
  { "freins", N_ ("Barriers") },
  { "identifiant", N_ ("Identifier") },
  { "intitule", N_ ("Title of the offer") },
  { "metiers_recherches", N_ ("Jobs sought") },
  { "modalite", N_ ("Modality") },
  { "nom", N_ ("Last name") },
  { "objet", N_ ("Subject") },
  { "portefeuille", N_ ("Portfolio") },
  { "prenom", N_ ("First name") },
  { "referent", N_ ("Référent") },
  { "statut", N_ ("Status") },
  { "telephone", N_ ("Phone") },
  { "web_100", N_ ("100 % web") },
};

const char *
relais_conflict_field_label (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field_labels[i].path, path))
      return _ (field_labels[i].label);
  return path;
}

static const char *
string_member (JsonObject *body, const char *name)
{
  JsonNode *node = body != NULL ? json_object_get_member (body, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                 json_node_get_value_type (node) == G_TYPE_STRING
             ? json_node_get_string (node)
             : NULL;
}

/* The type in words: trade terms (DE) stay as they are in French. */
const char *
relais_conflict_doc_kind (JsonObject *body)
{
  static const struct
  {
    const char *type;
    const char *label;
  } kinds[] = {
    { "action", N_ ("Action") },      { "action_prospection", N_ ("Prospecting action") },
    { "agence", N_ ("Agency") },      { "candidature", N_ ("Application") },
    { "conseiller", N_ ("Adviser") }, { "contact", N_ ("Contact") },
    { "de", N_ ("Job seeker") },      { "diagnostic", N_ ("Diagnostic") },
    { "entreprise", N_ ("Company") }, { "entretien", N_ ("Interview") },
    { "offre", N_ ("Job offer") },    { "portefeuille", N_ ("Portfolio") },
    { "poste", N_ ("Workstation") },
  };
  const char *type = string_member (body, "type");

  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].type, type))
      return _ (kinds[i].label);
  return _ ("Document");
}

/* A title a person recognises: the DE's name and identifiant, the
 * offer's intitulé, a company's name; the id otherwise. */
char *
relais_conflict_doc_title (const char *id, JsonObject *body)
{
  const char *type = string_member (body, "type");
  const char *nom = string_member (body, "nom");
  const char *prenom = string_member (body, "prenom");

  g_return_val_if_fail (id != NULL, NULL);

  if (g_strcmp0 (type, "de") == 0 && nom != NULL)
    {
      g_autofree char *upper = g_utf8_strup (nom, -1);
      const char *identifiant = string_member (body, "identifiant");

      if (identifiant != NULL)
        return g_strdup_printf ("%s %s (%s)", prenom != NULL ? prenom : "", upper, identifiant);
      return g_strdup_printf ("%s %s", prenom != NULL ? prenom : "", upper);
    }
  if (g_strcmp0 (type, "offre") == 0 && string_member (body, "intitule") != NULL)
    return g_strdup (string_member (body, "intitule"));
  if (nom != NULL && prenom != NULL)
    return g_strdup_printf ("%s %s", prenom, nom);
  if (nom != NULL)
    return g_strdup (nom);
  if (string_member (body, "libelle") != NULL)
    return g_strdup (string_member (body, "libelle"));
  if (string_member (body, "date") != NULL)
    /* TRANSLATORS: a document without a name: its kind and its date. */
    return g_strdup_printf (_ ("%s of %s"), relais_conflict_doc_kind (body),
                            string_member (body, "date"));
  return g_strdup (id);
}

/* "2024-03-01" and "2024-03-01T10:00" as the French read them. */
static char *
date_text (const char *value)
{
  int y, m, d, hh, mm;
  char tail;

  if (sscanf (value, "%4d-%2d-%2dT%2d:%2d%c", &y, &m, &d, &hh, &mm, &tail) == 5 &&
      g_date_valid_dmy (d, m, y))
    return g_strdup_printf ("%02d/%02d/%04d %02d:%02d", d, m, y, hh, mm);
  if (strlen (value) == 10 && sscanf (value, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
      g_date_valid_dmy (d, m, y))
    return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
  return NULL;
}

static gboolean
array_of_strings (JsonArray *array)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return FALSE;
    }
  return TRUE;
}

char *
relais_conflict_value_text (const char *path, JsonNode *node)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (node == NULL)
    return g_strdup (_ ("(absent)"));
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      return g_strdup (_ ("(empty)"));

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *value = json_node_get_string (node);
          char *date;

          if (g_str_equal (path, "modalite"))
            return g_strdup (relais_de_modalite_label (value));
          if ((date = date_text (value)) != NULL)
            return date;
          return g_strdup (value);
        }
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? _ ("Yes") : _ ("No"));
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return g_strdup_printf ("%g", json_node_get_double (node));

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        g_autoptr (GStrvBuilder) builder = NULL;
        g_auto (GStrv) items = NULL;

        if (json_array_get_length (array) == 0)
          return g_strdup (_ ("(none)"));
        if (!array_of_strings (array))
          return relais_json_canonical (node);
        builder = g_strv_builder_new ();
        for (guint i = 0; i < json_array_get_length (array); i++)
          g_strv_builder_add (builder, json_array_get_string_element (array, i));
        items = g_strv_builder_end (builder);
        return g_strjoinv (", ", items);
      }

    case JSON_NODE_OBJECT:
      {
        /* "Town: Lyon, Postal code: 69001", each value as text. */
        g_autoptr (GString) text = g_string_new (NULL);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            g_autofree char *inner = g_strconcat (path, ".", name, NULL);
            g_autofree char *value = relais_conflict_value_text (inner, member);

            if (text->len > 0)
              g_string_append (text, ", ");
            /* TRANSLATORS: a member of a nested value: its name, its value. */
            g_string_append_printf (text, _ ("%s: %s"), relais_conflict_field_label (inner), value);
          }
        return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE)
                             : g_strdup (_ ("(none)"));
      }

    default:
      return relais_json_canonical (node);
    }
}

/* Returns: (transfer none) (nullable): the member at @path */
JsonNode *
relais_conflict_lookup (JsonObject *body, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = body;
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || (node = json_object_get_member (object, parts[i])) == NULL)
        return NULL;
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

/* json_node_copy() shares objects and arrays with the original: a
 * resolution must not edit the versions it was built from. */
static JsonNode *
node_deep_copy (JsonNode *node)
{
  g_autofree char *text = NULL;

  if (JSON_NODE_HOLDS_VALUE (node) || JSON_NODE_HOLDS_NULL (node))
    return json_node_copy (node);
  text = json_to_string (node, FALSE);
  return json_from_string (text, NULL);
}

/* Returns: (transfer full): a copy of @body sharing nothing with it */
JsonObject *
relais_conflict_deep_copy (JsonObject *body)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonNode) copy = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  node = json_node_init_object (json_node_alloc (), body);
  copy = node_deep_copy (node);
  return json_node_dup_object (copy);
}

/* Sets (a copy of) @node at @path, or removes the member when @node is
 * NULL: the chosen version did not have it. */
void
relais_conflict_assign (JsonObject *body, const char *path, JsonNode *node)
{
  g_auto (GStrv) parts = g_strsplit (path, ".", -1);
  guint n = g_strv_length (parts);
  JsonObject *object = body;

  g_return_if_fail (body != NULL && n > 0);

  for (guint i = 0; i + 1 < n; i++)
    {
      JsonNode *inner = json_object_get_member (object, parts[i]);

      if (inner == NULL || !JSON_NODE_HOLDS_OBJECT (inner))
        {
          if (node == NULL)
            return;
          json_object_set_object_member (object, parts[i], json_object_new ());
          inner = json_object_get_member (object, parts[i]);
        }
      object = json_node_get_object (inner);
    }
  if (node != NULL)
    json_object_set_member (object, parts[n - 1], node_deep_copy (node));
  else
    json_object_remove_member (object, parts[n - 1]);
}

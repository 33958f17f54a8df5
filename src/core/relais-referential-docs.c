/* relais-referential-docs.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The referential records as documents. Every document is built from the
 * loader's records only, in a fixed order, with no date or counter in it:
 * the same files always give the same bodies, which is what lets an import
 * skip the documents that did not change.
 */

#define G_LOG_DOMAIN "relais-referential"

#include "config.h"

#include <string.h>

#include "relais-doc.h"
#include "relais-referential-docs.h"

static const char *const doc_types[] = {
  RELAIS_REF_TYPE_ROME,        RELAIS_REF_TYPE_APPELLATION, RELAIS_REF_TYPE_NAF,
  RELAIS_REF_TYPE_NAF_SECTION, RELAIS_REF_TYPE_COMMUNE,     RELAIS_REF_TYPE_BASSIN,
  RELAIS_REF_TYPE_DEPARTEMENT, RELAIS_REF_TYPE_REGION,      NULL,
};

/* The types of the `referentiel` database, NULL-terminated. */
const char *const *
relais_referential_doc_types (void)
{
  return doc_types;
}

/* "<type>:<code>", as DOCUMENTS.md wants ids to carry their type. */
char *
relais_referential_doc_id (const char *type, const char *code)
{
  g_return_val_if_fail (type != NULL && code != NULL, NULL);

  return g_strconcat (type, ":", code, NULL);
}

static JsonObject *
doc_new (const char *type, const char *code)
{
  JsonObject *doc = json_object_new ();
  g_autofree char *id = relais_referential_doc_id (type, code);

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", type);
  json_object_set_int_member (doc, "schema_version", RELAIS_DOC_SCHEMA_VERSION);
  json_object_set_string_member (doc, "code", code);
  return doc;
}

static void
set_nonempty (JsonObject *doc, const char *name, const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (doc, name, value);
}

static gboolean
emit (JsonObject *doc /* owned */,
      RelaisReferentialDocFunc func,
      gpointer user_data,
      GError **error)
{
  g_autoptr (JsonObject) owned = doc;

  return func (owned, user_data, error);
}

static gboolean
emit_rome (RelaisReferential *ref, RelaisReferentialDocFunc func, gpointer data, GError **error)
{
  for (guint i = 0; i < relais_referential_get_n_fiches (ref); i++)
    {
      const RelaisRomeFiche *fiche = relais_referential_get_fiche (ref, i);
      g_autoptr (GPtrArray) appellations = relais_referential_appellations_of (ref, fiche->code);
      JsonObject *doc = doc_new (RELAIS_REF_TYPE_ROME, fiche->code);
      JsonArray *ogr = json_array_sized_new (appellations->len);
      char letter[2] = { fiche->grand_domain, '\0' };

      set_nonempty (doc, "libelle", fiche->label);
      set_nonempty (doc, "domaine", fiche->domain);
      set_nonempty (doc, "domaine_libelle", fiche->domain_label);
      if (fiche->grand_domain != '\0')
        {
          set_nonempty (doc, "grand_domaine", letter);
          set_nonempty (doc, "grand_domaine_libelle",
                        relais_referential_get_grand_domain_label (ref, fiche->grand_domain));
        }
      /* Métiers en tension: the DARES share, on the fiche it is about. */
      if (fiche->tension_pct >= 0)
        json_object_set_double_member (doc, "tension_pct", fiche->tension_pct);
      for (guint j = 0; j < appellations->len; j++)
        json_array_add_string_element (
            ogr, ((const RelaisRomeAppellation *) g_ptr_array_index (appellations, j))->ogr);
      json_object_set_array_member (doc, "appellations", ogr);
      if (!emit (doc, func, data, error))
        return FALSE;
    }

  for (guint i = 0; i < relais_referential_get_n_appellations (ref); i++)
    {
      const RelaisRomeAppellation *app = relais_referential_get_appellation (ref, i);
      JsonObject *doc = doc_new (RELAIS_REF_TYPE_APPELLATION, app->ogr);

      set_nonempty (doc, "libelle", app->label);
      set_nonempty (doc, "rome", app->rome_code);
      if (!emit (doc, func, data, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
emit_naf (RelaisReferential *ref, RelaisReferentialDocFunc func, gpointer data, GError **error)
{
  for (char section = 'A'; section <= 'Z'; section++)
    {
      const char *label = relais_referential_get_naf_section_label (ref, section);
      char code[2] = { section, '\0' };
      JsonObject *doc;

      if (label == NULL)
        continue;
      doc = doc_new (RELAIS_REF_TYPE_NAF_SECTION, code);
      set_nonempty (doc, "libelle", label);
      if (!emit (doc, func, data, error))
        return FALSE;
    }

  for (guint i = 0; i < relais_referential_get_n_naf (ref); i++)
    {
      const RelaisNaf *naf = relais_referential_get_naf (ref, i);
      JsonObject *doc = doc_new (RELAIS_REF_TYPE_NAF, naf->code);
      char section[2] = { naf->section, '\0' };

      set_nonempty (doc, "libelle", naf->label);
      set_nonempty (doc, "section", section);
      if (!emit (doc, func, data, error))
        return FALSE;
    }
  return TRUE;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The keys of @set, sorted: a hash table's order is not stable. */
static GPtrArray *
sorted_keys (GHashTable *set)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

static gboolean
emit_places (RelaisReferential *ref, RelaisReferentialDocFunc func, gpointer data, GError **error)
{
  g_autoptr (GHashTable) bassins = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) departements = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) regions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) keys = NULL;

  for (guint i = 0; i < relais_referential_get_n_communes (ref); i++)
    {
      const RelaisCommune *commune = relais_referential_get_commune (ref, i);
      JsonObject *doc = doc_new (RELAIS_REF_TYPE_COMMUNE, commune->code_insee);

      set_nonempty (doc, "nom", commune->nom);
      set_nonempty (doc, "departement", commune->departement);
      set_nonempty (doc, "region", commune->region);
      set_nonempty (doc, "code_postal", commune->code_postal);
      set_nonempty (doc, "bassin", commune->bassin);
      if (commune->population > 0)
        json_object_set_int_member (doc, "population", commune->population);
      if (commune->bassin != NULL && *commune->bassin != '\0')
        g_hash_table_add (bassins, (gpointer) commune->bassin);
      if (commune->departement != NULL && *commune->departement != '\0')
        g_hash_table_add (departements, (gpointer) commune->departement);
      if (commune->region != NULL && *commune->region != '\0')
        g_hash_table_add (regions, (gpointer) commune->region);
      if (!emit (doc, func, data, error))
        return FALSE;
    }

  keys = sorted_keys (bassins);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *code = g_ptr_array_index (keys, i);
      g_autoptr (GPtrArray) communes = relais_referential_communes_of_bassin (ref, code);
      JsonObject *doc = doc_new (RELAIS_REF_TYPE_BASSIN, code);
      JsonArray *list = json_array_sized_new (communes->len);
      guint64 population = 0;

      for (guint j = 0; j < communes->len; j++)
        {
          const RelaisCommune *commune = g_ptr_array_index (communes, j);

          json_array_add_string_element (list, commune->code_insee);
          population += commune->population;
        }
      json_object_set_array_member (doc, "communes", list);
      if (population > 0)
        json_object_set_int_member (doc, "population", (gint64) population);
      if (!emit (doc, func, data, error))
        return FALSE;
    }
  g_clear_pointer (&keys, g_ptr_array_unref);

  keys = sorted_keys (departements);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *code = g_ptr_array_index (keys, i);
      JsonObject *doc = doc_new (RELAIS_REF_TYPE_DEPARTEMENT, code);

      set_nonempty (doc, "nom", relais_referential_get_departement_name (ref, code));
      if (!emit (doc, func, data, error))
        return FALSE;
    }
  g_clear_pointer (&keys, g_ptr_array_unref);

  keys = sorted_keys (regions);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *code = g_ptr_array_index (keys, i);
      JsonObject *doc = doc_new (RELAIS_REF_TYPE_REGION, code);

      set_nonempty (doc, "nom", relais_referential_get_region_name (ref, code));
      if (!emit (doc, func, data, error))
        return FALSE;
    }
  return TRUE;
}

/* Every document of the referential, in this order: ROME fiches (with the
 * métiers-en-tension share), appellations, NAF sections, NAF sub-classes,
 * communes, bassins d'emploi, départements, régions. */
gboolean
relais_referential_foreach_doc (RelaisReferential *referential,
                                RelaisReferentialDocFunc func,
                                gpointer user_data,
                                GError **error)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (referential), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  return emit_rome (referential, func, user_data, error) &&
         emit_naf (referential, func, user_data, error) &&
         emit_places (referential, func, user_data, error);
}

/* relais-validate-offres.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Rules for the employer side: entreprise, offre, candidature, the
 * territorial diagnosis and prospection actions. DOMAIN.md "Employers'
 * offers" and "Territorial diagnosis and prospection"; field list in
 * DOCUMENTS.md.
 */

#define G_LOG_DOMAIN "relais-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relais-domain.h"
#include "relais-validate-private.h"

void
_relais_validate_entreprise (RelaisChecker *c, JsonObject *doc)
{
  JsonObject *contact;

  _relais_check_string (c, doc, NULL, "nom", RELAIS_REQUIRED);
  _relais_check_code (c, doc, NULL, "siret", RELAIS_REQUIRED, relais_siret_is_valid,
                      _ ("must be a SIRET number: 14 digits with a valid check digit"));
  _relais_check_code (c, doc, NULL, "naf", RELAIS_OPTIONAL, relais_code_naf_is_valid,
                      _ ("must be a NAF code (4 digits and a letter, e.g. 5610A)"));
  _relais_check_enum (c, doc, NULL, "tranche_effectif", RELAIS_OPTIONAL, relais_tranches_effectif);
  _relais_check_adresse (c, doc, NULL, "adresse", RELAIS_OPTIONAL);
  _relais_check_enum (c, doc, NULL, "autonomie_rh", RELAIS_OPTIONAL, relais_autonomies_rh);
  _relais_check_string (c, doc, NULL, "description", RELAIS_OPTIONAL);

  contact = _relais_check_object (c, doc, NULL, "contact", RELAIS_OPTIONAL);
  if (contact != NULL)
    {
      _relais_check_string (c, contact, "contact", "nom", RELAIS_OPTIONAL);
      _relais_check_code (c, contact, "contact", "email", RELAIS_OPTIONAL, relais_email_is_valid,
                          _ ("must be an e-mail address"));
      _relais_check_code (c, contact, "contact", "telephone", RELAIS_OPTIONAL,
                          relais_telephone_is_valid, _ ("must be a phone number"));
    }
}

/* The fields of France Travail's "Offres d'emploi v2" that we read. */
static void
check_offre_v2 (RelaisChecker *c, JsonObject *doc)
{
  JsonObject *lieu, *entreprise, *salaire;
  JsonArray *competences;

  _relais_check_string (c, doc, NULL, "intitule", RELAIS_REQUIRED);
  _relais_check_string (c, doc, NULL, "description", RELAIS_OPTIONAL);
  _relais_check_code (c, doc, NULL, "romeCode", RELAIS_REQUIRED, relais_code_rome_is_valid,
                      _ ("must be a ROME code (a letter and 4 digits, e.g. K2204)"));
  _relais_check_string (c, doc, NULL, "romeLibelle", RELAIS_OPTIONAL);
  _relais_check_string (c, doc, NULL, "appellationlibelle", RELAIS_OPTIONAL);
  _relais_check_enum (c, doc, NULL, "typeContrat", RELAIS_REQUIRED, relais_types_contrat);
  _relais_check_int (c, doc, NULL, "nombrePostes", RELAIS_OPTIONAL, 1, 100000, NULL);
  _relais_check_datetime (c, doc, NULL, "dateCreation", RELAIS_REQUIRED, NULL);
  _relais_check_datetime (c, doc, NULL, "dateActualisation", RELAIS_OPTIONAL, NULL);

  if ((lieu = _relais_check_object (c, doc, NULL, "lieuTravail", RELAIS_OPTIONAL)) != NULL)
    {
      _relais_check_string (c, lieu, "lieuTravail", "libelle", RELAIS_OPTIONAL);
      _relais_check_code (c, lieu, "lieuTravail", "commune", RELAIS_OPTIONAL,
                          relais_code_insee_is_valid,
                          _ ("must be the INSEE code of a commune (5 characters)"));
      _relais_check_code (c, lieu, "lieuTravail", "codePostal", RELAIS_OPTIONAL,
                          relais_code_postal_is_valid, _ ("must be a postal code of 5 digits"));
    }

  if ((entreprise = _relais_check_object (c, doc, NULL, "entreprise", RELAIS_OPTIONAL)) != NULL)
    {
      _relais_check_string (c, entreprise, "entreprise", "nom", RELAIS_OPTIONAL);
      _relais_check_string (c, entreprise, "entreprise", "description", RELAIS_OPTIONAL);
    }

  if ((salaire = _relais_check_object (c, doc, NULL, "salaire", RELAIS_OPTIONAL)) != NULL)
    _relais_check_string (c, salaire, "salaire", "libelle", RELAIS_OPTIONAL);

  competences = _relais_check_array (c, doc, NULL, "competences", RELAIS_OPTIONAL);
  for (guint i = 0; competences != NULL && i < json_array_get_length (competences); i++)
    {
      char path[40];
      JsonObject *comp =
          _relais_check_array_object (c, competences, NULL, "competences", i, path, sizeof path);
      if (comp == NULL)
        continue;
      _relais_check_string (c, comp, path, "code", RELAIS_OPTIONAL);
      _relais_check_string (c, comp, path, "libelle", RELAIS_REQUIRED);
      _relais_check_enum (c, comp, path, "exigence", RELAIS_OPTIONAL, relais_exigences);
    }
}

/* Services d'accompagnement: a correspondant runs the offer; preselection
 * in one of three modes; évaluation uses MRS/EMTPR/ECCP; valorisation
 * weighs complementary criteria agreed with the recruiter. */
static void
check_services (RelaisChecker *c, JsonObject *doc)
{
  const char *niveau, *preselection;
  gboolean accompagnement;
  JsonArray *outils, *criteres;

  niveau =
      _relais_check_enum (c, doc, NULL, "niveau_service", RELAIS_REQUIRED, relais_niveaux_service);
  accompagnement = g_strcmp0 (niveau, "accompagnement") == 0;
  _relais_check_enum (c, doc, NULL, "diffusion", RELAIS_REQUIRED, relais_diffusions);
  preselection =
      _relais_check_enum (c, doc, NULL, "preselection", RELAIS_OPTIONAL, relais_preselections);
  if (preselection != NULL && niveau != NULL && !accompagnement)
    _relais_check_add (c, NULL, "preselection",
                       _ ("preselection is a service of the accompagnement level"));

  _relais_check_ref (c, doc, NULL, "correspondant",
                     accompagnement ? RELAIS_REQUIRED : RELAIS_OPTIONAL, "conseiller");

  outils = _relais_check_array (c, doc, NULL, "outils_evaluation", RELAIS_OPTIONAL);
  if (g_strcmp0 (preselection, "evaluation") == 0)
    {
      if (outils == NULL || json_array_get_length (outils) == 0)
        _relais_check_add (
            c, NULL, "outils_evaluation",
            _ ("preselection by évaluation needs at least one tool (MRS, EMTPR, ECCP)"));
    }
  else if (outils != NULL && json_array_get_length (outils) > 0)
    _relais_check_add (c, NULL, "outils_evaluation",
                       _ ("evaluation tools only go with preselection by évaluation"));

  for (guint i = 0; outils != NULL && i < json_array_get_length (outils); i++)
    {
      JsonNode *node = json_array_get_element (outils, i);
      char item[40];

      g_snprintf (item, sizeof item, "outils_evaluation[%u]", i);
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !relais_str_in (json_node_get_string (node), relais_outils_evaluation))
        {
          g_autofree char *allowed = relais_str_join_values (relais_outils_evaluation);
          _relais_check_addf (c, NULL, item, _ ("must be one of: %s"), allowed);
        }
    }

  criteres = _relais_check_array (c, doc, NULL, "criteres_complementaires", RELAIS_OPTIONAL);
  if (criteres != NULL && json_array_get_length (criteres) > 0 &&
      g_strcmp0 (preselection, "valorisation") != 0)
    _relais_check_add (c, NULL, "criteres_complementaires",
                       _ ("weighted complementary criteria go with preselection by valorisation"));
  for (guint i = 0; criteres != NULL && i < json_array_get_length (criteres); i++)
    {
      char path[48];
      JsonObject *crit = _relais_check_array_object (c, criteres, NULL, "criteres_complementaires",
                                                     i, path, sizeof path);
      if (crit == NULL)
        continue;
      _relais_check_string (c, crit, path, "libelle", RELAIS_REQUIRED);
      _relais_check_int (c, crit, path, "poids", RELAIS_REQUIRED, 1, 10, NULL);
    }
}

void
_relais_validate_offre (RelaisChecker *c, JsonObject *doc)
{
  const char *statut;
  JsonObject *cloture;
  JsonArray *journal;
  gboolean cloturee;

  check_offre_v2 (c, doc);
  _relais_check_ref (c, doc, NULL, "entreprise_id", RELAIS_OPTIONAL, "entreprise");
  check_services (c, doc);
  _relais_check_date (c, doc, NULL, "date_relance", RELAIS_OPTIONAL, NULL);

  /* diagnostic → recueil → traitement et suivi → clôture; the closure
   * records the person hired. */
  statut = _relais_check_enum (c, doc, NULL, "statut", RELAIS_REQUIRED, relais_statuts_offre);
  cloturee = g_strcmp0 (statut, "cloturee") == 0;
  cloture =
      _relais_check_object (c, doc, NULL, "cloture", cloturee ? RELAIS_REQUIRED : RELAIS_OPTIONAL);
  if (cloture != NULL && statut != NULL && !cloturee)
    _relais_check_add (c, NULL, "cloture", _ ("only a closed offer has a closure"));
  if (cloture != NULL)
    {
      const char *motif = _relais_check_enum (c, cloture, "cloture", "motif", RELAIS_REQUIRED,
                                              relais_motifs_cloture);
      _relais_check_string (c, cloture, "cloture", "personne_recrutee",
                            g_strcmp0 (motif, "pourvue") == 0 ? RELAIS_REQUIRED : RELAIS_OPTIONAL);
      _relais_check_date_or_datetime (c, cloture, "cloture", "date", RELAIS_REQUIRED, NULL);
    }

  /* The journal de l'offre: history of services delivered, visible to the
   * employer. */
  journal = _relais_check_array (c, doc, NULL, "journal", RELAIS_OPTIONAL);
  for (guint i = 0; journal != NULL && i < json_array_get_length (journal); i++)
    {
      char path[32];
      JsonObject *entry =
          _relais_check_array_object (c, journal, NULL, "journal", i, path, sizeof path);
      if (entry == NULL)
        continue;
      _relais_check_datetime (c, entry, path, "date", RELAIS_REQUIRED, NULL);
      _relais_check_enum (c, entry, path, "service", RELAIS_REQUIRED, relais_services_offre);
      _relais_check_string (c, entry, path, "auteur", RELAIS_OPTIONAL);
      _relais_check_string (c, entry, path, "detail", RELAIS_OPTIONAL);
    }
}

void
_relais_validate_candidature (RelaisChecker *c, JsonObject *doc)
{
  const char *statut;
  gboolean interesse = TRUE;

  _relais_check_ref (c, doc, NULL, "offre", RELAIS_REQUIRED, "offre");
  _relais_check_ref (c, doc, NULL, "de", RELAIS_REQUIRED, "de");
  statut = _relais_check_enum (c, doc, NULL, "statut", RELAIS_REQUIRED, relais_statuts_candidature);
  _relais_check_enum (c, doc, NULL, "origine", RELAIS_OPTIONAL, relais_origines_candidature);
  _relais_check_datetime (c, doc, NULL, "date", RELAIS_REQUIRED, NULL);
  _relais_check_datetime (c, doc, NULL, "date_mer", RELAIS_OPTIONAL, NULL);
  _relais_check_ref (c, doc, NULL, "conseiller", RELAIS_OPTIONAL, "conseiller");
  _relais_check_bool (c, doc, NULL, "disponible", RELAIS_OPTIONAL, NULL);
  _relais_check_string (c, doc, NULL, "resume_argumente", RELAIS_OPTIONAL);
  _relais_check_string (c, doc, NULL, "retour_employeur", RELAIS_OPTIONAL);
  _relais_check_number (c, doc, NULL, "score", RELAIS_OPTIONAL, NULL);

  /* A mise en relation requires a relevant profile and an interested DE. */
  if (_relais_check_bool (c, doc, NULL, "interesse", RELAIS_OPTIONAL, &interesse) && !interesse &&
      statut != NULL && strcmp (statut, "proposee") != 0 && strcmp (statut, "desistement") != 0)
    _relais_check_add (c, NULL, "interesse",
                       _ ("a mise en relation requires the job seeker to be interested"));
}

void
_relais_validate_diagnostic (RelaisChecker *c, JsonObject *doc)
{
  JsonArray *secteurs;

  _relais_check_ref (c, doc, NULL, "agence", RELAIS_REQUIRED, "agence");
  _relais_check_string (c, doc, NULL, "bassin", RELAIS_REQUIRED);
  _relais_check_date (c, doc, NULL, "date", RELAIS_REQUIRED, NULL);
  _relais_check_ref (c, doc, NULL, "auteur", RELAIS_OPTIONAL, "conseiller");
  _relais_check_string (c, doc, NULL, "synthese", RELAIS_OPTIONAL);
  _relais_check_string_array (c, doc, NULL, "constats", RELAIS_OPTIONAL);
  _relais_check_string_array (c, doc, NULL, "partenariats", RELAIS_OPTIONAL);
  _relais_check_ref_array (c, doc, NULL, "entreprises_cibles", RELAIS_OPTIONAL, "entreprise");

  secteurs = _relais_check_array (c, doc, NULL, "secteurs_tension", RELAIS_OPTIONAL);
  for (guint i = 0; secteurs != NULL && i < json_array_get_length (secteurs); i++)
    {
      char path[40];
      JsonObject *s =
          _relais_check_array_object (c, secteurs, NULL, "secteurs_tension", i, path, sizeof path);
      if (s == NULL)
        continue;
      _relais_check_code (c, s, path, "code_rome", RELAIS_REQUIRED, relais_code_rome_is_valid,
                          _ ("must be a ROME code (a letter and 4 digits, e.g. K2204)"));
      _relais_check_string (c, s, path, "libelle", RELAIS_REQUIRED);
      _relais_check_number (c, s, path, "tension_pct", RELAIS_OPTIONAL, NULL);
    }
}

void
_relais_validate_action_prospection (RelaisChecker *c, JsonObject *doc)
{
  const char *entreprise, *entreprise_nom, *statut;

  _relais_check_ref (c, doc, NULL, "agence", RELAIS_REQUIRED, "agence");
  entreprise = _relais_check_ref (c, doc, NULL, "entreprise", RELAIS_OPTIONAL, "entreprise");
  entreprise_nom = _relais_check_string (c, doc, NULL, "entreprise_nom", RELAIS_OPTIONAL);
  /* Targets are known companies or new ones, not yet in the file. */
  if (entreprise == NULL && entreprise_nom == NULL && !json_object_has_member (doc, "entreprise"))
    _relais_check_add (c, NULL, "entreprise", _ ("is required"));

  _relais_check_enum (c, doc, NULL, "objectif", RELAIS_REQUIRED, relais_objectifs_prospection);
  _relais_check_enum (c, doc, NULL, "modalite", RELAIS_REQUIRED, relais_modalites_prospection);
  statut = _relais_check_enum (c, doc, NULL, "statut", RELAIS_REQUIRED, relais_statuts_prospection);
  _relais_check_date (c, doc, NULL, "date_prevue", RELAIS_REQUIRED, NULL);
  _relais_check_date (c, doc, NULL, "date_realisation",
                      g_strcmp0 (statut, "realisee") == 0 ? RELAIS_REQUIRED : RELAIS_OPTIONAL,
                      NULL);
  _relais_check_ref (c, doc, NULL, "conseiller", RELAIS_OPTIONAL, "conseiller");
  _relais_check_ref (c, doc, NULL, "diagnostic", RELAIS_OPTIONAL, "diagnostic");
  _relais_check_ref_array (c, doc, NULL, "profils_promus", RELAIS_OPTIONAL, "de");
  _relais_check_string (c, doc, NULL, "compte_rendu", RELAIS_OPTIONAL);
}

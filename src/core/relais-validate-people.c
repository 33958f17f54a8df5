/* relais-validate-people.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Rules for the agency and its people: agence, conseiller, portefeuille
 * and the job seeker (de). DOMAIN.md "People and places" and "The
 * modalities"; field list in DOCUMENTS.md.
 */

#define G_LOG_DOMAIN "relais-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relais-domain.h"
#include "relais-validate-private.h"

static const char *const civilites[] = { "M", "Mme", NULL };

void
_relais_validate_agence (RelaisChecker *c, JsonObject *doc)
{
  JsonArray *equipes, *points;
  gint64 nb_agents = -1;
  gboolean has_nb_agents;
  guint n_equipes;

  _relais_check_string (c, doc, NULL, "code", RELAIS_REQUIRED);
  _relais_check_string (c, doc, NULL, "nom", RELAIS_REQUIRED);
  _relais_check_enum (c, doc, NULL, "type_site", RELAIS_OPTIONAL, relais_types_site);
  _relais_check_code (c, doc, NULL, "commune", RELAIS_OPTIONAL, relais_code_insee_is_valid,
                      _ ("must be the INSEE code of a commune (5 characters)"));
  _relais_check_string (c, doc, NULL, "bassin", RELAIS_OPTIONAL);
  _relais_check_adresse (c, doc, NULL, "adresse", RELAIS_OPTIONAL);
  _relais_check_ref (c, doc, NULL, "directeur", RELAIS_OPTIONAL, "conseiller");
  _relais_check_ref_array (c, doc, NULL, "eld", RELAIS_OPTIONAL, "conseiller");
  has_nb_agents =
      _relais_check_int (c, doc, NULL, "nb_agents", RELAIS_OPTIONAL, 0, 100000, &nb_agents);

  /* Sites are open at least 35 hours a week (REPERE). */
  _relais_check_int (c, doc, NULL, "heures_ouverture", RELAIS_OPTIONAL, 35, 168, NULL);

  equipes = _relais_check_array (c, doc, NULL, "equipes", RELAIS_OPTIONAL);
  n_equipes = equipes != NULL ? json_array_get_length (equipes) : 0;
  for (guint i = 0; i < n_equipes; i++)
    {
      char path[64];
      JsonObject *e =
          _relais_check_array_object (c, equipes, NULL, "equipes", i, path, sizeof path);
      if (e == NULL)
        continue;
      _relais_check_string (c, e, path, "libelle", RELAIS_REQUIRED);
      _relais_check_ref (c, e, path, "rep", RELAIS_OPTIONAL, "conseiller");
    }

  /* A deputy director only when the agency has more than 40 agents and at
   * least 3 teams; otherwise a team lead acts as deputy. */
  if (_relais_check_ref (c, doc, NULL, "directeur_adjoint", RELAIS_OPTIONAL, "conseiller") !=
          NULL &&
      (!has_nb_agents || nb_agents <= RELAIS_ADJOINT_MIN_AGENTS ||
       n_equipes < RELAIS_ADJOINT_MIN_EQUIPES))
    _relais_check_add (c, NULL, "directeur_adjoint",
                       _ ("a deputy director needs more than 40 agents and at least 3 teams"));

  points = _relais_check_array (c, doc, NULL, "points_accueil", RELAIS_OPTIONAL);
  for (guint i = 0; points != NULL && i < json_array_get_length (points); i++)
    {
      char path[64];
      JsonObject *p =
          _relais_check_array_object (c, points, NULL, "points_accueil", i, path, sizeof path);
      if (p == NULL)
        continue;
      _relais_check_enum (c, p, path, "nature", RELAIS_REQUIRED, relais_natures_point_accueil);
      _relais_check_string (c, p, path, "libelle", RELAIS_REQUIRED);
      _relais_check_code (c, p, path, "commune", RELAIS_OPTIONAL, relais_code_insee_is_valid,
                          _ ("must be the INSEE code of a commune (5 characters)"));
    }
}

void
_relais_validate_conseiller (RelaisChecker *c, JsonObject *doc)
{
  JsonArray *roles;
  gboolean holds_portfolio = FALSE;

  _relais_check_string (c, doc, NULL, "nom", RELAIS_REQUIRED);
  _relais_check_string (c, doc, NULL, "prenom", RELAIS_REQUIRED);
  _relais_check_ref (c, doc, NULL, "agence", RELAIS_REQUIRED, "agence");
  _relais_check_ref (c, doc, NULL, "portefeuille", RELAIS_OPTIONAL, "portefeuille");
  _relais_check_string (c, doc, NULL, "equipe", RELAIS_OPTIONAL);
  _relais_check_code (c, doc, NULL, "email", RELAIS_OPTIONAL, relais_email_is_valid,
                      _ ("must be an e-mail address"));
  _relais_check_code (c, doc, NULL, "telephone", RELAIS_OPTIONAL, relais_telephone_is_valid,
                      _ ("must be a phone number"));

  roles = _relais_check_array (c, doc, NULL, "roles", RELAIS_REQUIRED);
  if (roles != NULL && json_array_get_length (roles) == 0)
    _relais_check_add (c, NULL, "roles", _ ("must not be empty"));
  for (guint i = 0; roles != NULL && i < json_array_get_length (roles); i++)
    {
      JsonNode *node = json_array_get_element (roles, i);
      const char *role =
          JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
              ? json_node_get_string (node)
              : NULL;
      char item[32];

      g_snprintf (item, sizeof item, "roles[%u]", i);
      if (!relais_str_in (role, relais_roles_conseiller))
        {
          g_autofree char *allowed = relais_str_join_values (relais_roles_conseiller);
          _relais_check_addf (c, NULL, item, _ ("must be one of: %s"), allowed);
        }
      else if (strcmp (role, "conseiller") == 0)
        holds_portfolio = TRUE;
    }

  /* A counsellor holds one portfolio in one modality. */
  _relais_check_enum (c, doc, NULL, "modalite", holds_portfolio ? RELAIS_REQUIRED : RELAIS_OPTIONAL,
                      relais_modalites);
}

void
_relais_validate_portefeuille (RelaisChecker *c, JsonObject *doc)
{
  const char *modalite;
  gint64 capacite;

  _relais_check_ref (c, doc, NULL, "conseiller", RELAIS_OPTIONAL, "conseiller");
  _relais_check_ref (c, doc, NULL, "agence", RELAIS_REQUIRED, "agence");
  _relais_check_string (c, doc, NULL, "libelle", RELAIS_OPTIONAL);
  modalite = _relais_check_enum (c, doc, NULL, "modalite", RELAIS_REQUIRED, relais_modalites);

  if (_relais_check_int (c, doc, NULL, "capacite", RELAIS_REQUIRED, 1, 100000, &capacite) &&
      g_strcmp0 (modalite, "renforce") == 0 && capacite > RELAIS_RENFORCE_MAX_DE)
    _relais_check_add (c, NULL, "capacite",
                       _ ("a renforcé portfolio holds at most 70 job seekers"));
}

/* The journal of the ELD's portfolio assignments: one document per DE moved,
 * written with the DE's new revision (relais-assignment.c), so that the
 * history says who moved whom from where to where and when. */
void
_relais_validate_affectation (RelaisChecker *c, JsonObject *doc)
{
  const char *depuis, *vers;

  _relais_check_ref (c, doc, NULL, "agence", RELAIS_REQUIRED, "agence");
  _relais_check_ref (c, doc, NULL, "de", RELAIS_REQUIRED, "de");
  depuis = _relais_check_ref (c, doc, NULL, "depuis", RELAIS_OPTIONAL, "portefeuille");
  vers = _relais_check_ref (c, doc, NULL, "vers", RELAIS_REQUIRED, "portefeuille");
  _relais_check_ref (c, doc, NULL, "referent_avant", RELAIS_OPTIONAL, "conseiller");
  _relais_check_ref (c, doc, NULL, "referent", RELAIS_OPTIONAL, "conseiller");
  _relais_check_enum (c, doc, NULL, "modalite_avant", RELAIS_OPTIONAL, relais_modalites);
  _relais_check_enum (c, doc, NULL, "modalite", RELAIS_OPTIONAL, relais_modalites);
  _relais_check_datetime (c, doc, NULL, "date", RELAIS_REQUIRED, NULL);
  _relais_check_string (c, doc, NULL, "auteur", RELAIS_REQUIRED);
  _relais_check_ref (c, doc, NULL, "auteur_conseiller", RELAIS_OPTIONAL, "conseiller");
  _relais_check_string (c, doc, NULL, "motif", RELAIS_OPTIONAL);

  if (depuis != NULL && vers != NULL && g_str_equal (depuis, vers))
    _relais_check_add (c, NULL, "vers", _ ("must differ from the portfolio the DE leaves"));
}

/* A work axis or a searched trade: {code_rome, libelle}; @free_ok allows a
 * plain text too ("formation CACES"), or an object without ROME code. */
static void
check_metier (RelaisChecker *c, JsonNode *node, const char *path, gboolean free_ok)
{
  JsonObject *metier;

  if (free_ok && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (*json_node_get_string (node) == '\0')
        _relais_check_add (c, path, NULL, _ ("must not be empty"));
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _relais_check_add (c, path, NULL, _ ("must be an object"));
      return;
    }

  metier = json_node_get_object (node);
  _relais_check_code (c, metier, path, "code_rome", free_ok ? RELAIS_OPTIONAL : RELAIS_REQUIRED,
                      relais_code_rome_is_valid,
                      _ ("must be a ROME code (a letter and 4 digits, e.g. K2204)"));
  _relais_check_string (c, metier, path, "libelle", RELAIS_REQUIRED);
}

static void
check_freins (RelaisChecker *c, JsonObject *doc)
{
  JsonArray *freins = _relais_check_array (c, doc, NULL, "freins", RELAIS_OPTIONAL);

  for (guint i = 0; freins != NULL && i < json_array_get_length (freins); i++)
    {
      char path[32];
      JsonObject *f = _relais_check_array_object (c, freins, NULL, "freins", i, path, sizeof path);

      if (f == NULL)
        continue;
      _relais_check_enum (c, f, path, "theme", RELAIS_REQUIRED, relais_freins_themes);
      _relais_check_enum (c, f, path, "statut", RELAIS_REQUIRED, relais_freins_statuts);
      _relais_check_string (c, f, path, "commentaire", RELAIS_OPTIONAL);
    }
}

void
_relais_validate_de (RelaisChecker *c, JsonObject *doc)
{
  JsonArray *metiers;
  JsonNode *axe;
  JsonObject *global;
  const char *modalite, *orientation;
  gboolean web_100 = FALSE;

  _relais_check_string (c, doc, NULL, "nom", RELAIS_REQUIRED);
  _relais_check_string (c, doc, NULL, "prenom", RELAIS_REQUIRED);
  _relais_check_enum (c, doc, NULL, "civilite", RELAIS_OPTIONAL, civilites);
  _relais_check_code (c, doc, NULL, "identifiant", RELAIS_REQUIRED, relais_identifiant_de_is_valid,
                      _ ("must be 7 digits followed by a capital letter (e.g. 1234567A)"));
  _relais_check_ref (c, doc, NULL, "agence", RELAIS_REQUIRED, "agence");
  _relais_check_ref (c, doc, NULL, "portefeuille", RELAIS_OPTIONAL, "portefeuille");
  _relais_check_ref (c, doc, NULL, "referent", RELAIS_OPTIONAL, "conseiller");
  _relais_check_date (c, doc, NULL, "date_inscription", RELAIS_REQUIRED, NULL);
  _relais_check_date (c, doc, NULL, "date_referent", RELAIS_OPTIONAL, NULL);
  modalite = _relais_check_enum (c, doc, NULL, "modalite", RELAIS_OPTIONAL, relais_modalites);

  /* "100 % web" is a channel offered to autonomous DE, compatible with
   * SARE only. */
  if (_relais_check_bool (c, doc, NULL, "web_100", RELAIS_OPTIONAL, &web_100) && web_100 &&
      g_strcmp0 (modalite, "suivi") != 0)
    _relais_check_add (c, NULL, "web_100",
                       _ ("“100 % web” follow-up is only compatible with the suivi modality"));

  _relais_check_adresse (c, doc, NULL, "adresse", RELAIS_OPTIONAL);
  _relais_check_code (c, doc, NULL, "email", RELAIS_OPTIONAL, relais_email_is_valid,
                      _ ("must be an e-mail address"));
  _relais_check_code (c, doc, NULL, "telephone", RELAIS_OPTIONAL, relais_telephone_is_valid,
                      _ ("must be a phone number"));
  _relais_check_string_array (c, doc, NULL, "competences", RELAIS_OPTIONAL);

  metiers = _relais_check_array (c, doc, NULL, "metiers_recherches", RELAIS_OPTIONAL);
  for (guint i = 0; metiers != NULL && i < json_array_get_length (metiers); i++)
    {
      char path[48];

      g_snprintf (path, sizeof path, "metiers_recherches[%u]", i);
      check_metier (c, json_array_get_element (metiers, i), path, FALSE);
    }

  if ((axe = _relais_check_member (c, doc, NULL, "axe_principal", RELAIS_OPTIONAL)) != NULL)
    check_metier (c, axe, "axe_principal", TRUE);
  if ((axe = _relais_check_member (c, doc, NULL, "axe_secondaire", RELAIS_OPTIONAL)) != NULL)
    check_metier (c, axe, "axe_secondaire", TRUE);

  check_freins (c, doc);

  _relais_check_enum (c, doc, NULL, "disponibilite", RELAIS_OPTIONAL, relais_disponibilites);
  _relais_check_date (c, doc, NULL, "disponible_le", RELAIS_OPTIONAL, NULL);

  /* Accompagnement global is joint with the département's social worker and
   * decided by a commission d'orientation, for DE cumulating social and
   * professional obstacles. */
  orientation =
      _relais_check_enum (c, doc, NULL, "orientation", RELAIS_OPTIONAL, relais_orientations);
  global = _relais_check_object (c, doc, NULL, "accompagnement_global",
                                 g_strcmp0 (modalite, "global") == 0 ? RELAIS_REQUIRED
                                                                     : RELAIS_OPTIONAL);
  if (global != NULL)
    {
      _relais_check_string (c, global, "accompagnement_global", "partenaire", RELAIS_REQUIRED);
      _relais_check_string (c, global, "accompagnement_global", "referent_social", RELAIS_OPTIONAL);
      _relais_check_date (c, global, "accompagnement_global", "commission_date", RELAIS_OPTIONAL,
                          NULL);
      _relais_check_enum (c, global, "accompagnement_global", "commission_decision",
                          RELAIS_OPTIONAL, relais_decisions_commission);
    }
  /* Who last edited the file and when, written by the app on save so that
   * the history names an author even after the server compacts bodies. */
  _relais_check_string (c, doc, NULL, "modifie_par", RELAIS_OPTIONAL);
  _relais_check_datetime (c, doc, NULL, "modifie_le", RELAIS_OPTIONAL, NULL);

  if (g_strcmp0 (modalite, "global") == 0 && orientation != NULL &&
      strcmp (orientation, "socio_professionnelle") != 0)
    _relais_check_add (c, NULL, "orientation",
                       _ ("accompagnement global requires a socio-professional orientation"));
}

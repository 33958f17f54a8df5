/* test-validate.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Document validation against DOCUMENTS.md: one valid document per type,
 * then each rule broken on its own, checking the field path and reason.
 */

#include "config.h"

#include <string.h>

#include "relais-core.h"
#include "relais-domain.h"
#include "relais-validate.h"

#define AG "\"agence\":\"agence:a1\""

static const char *const valid_docs[] = {
  "{\"_id\":\"agence:a1\",\"type\":\"agence\",\"schema_version\":1,\"code\":\"35238\","
  "\"nom\":\"Agence de Rennes\",\"type_site\":\"agence_proximite\",\"commune\":\"35238\","
  "\"nb_agents\":45,\"heures_ouverture\":35,\"directeur\":\"conseiller:d\","
  "\"directeur_adjoint\":\"conseiller:da\",\"equipes\":[{\"libelle\":\"Équipe 1\",\"rep\":"
  "\"conseiller:r1\"},{\"libelle\":\"Équipe 2\"},{\"libelle\":\"Équipe 3\"}],"
  "\"points_accueil\":[{\"nature\":\"permanence\",\"libelle\":\"Mairie\",\"commune\":\"35001\"}]}",

  "{\"_id\":\"conseiller:c1\",\"type\":\"conseiller\",\"schema_version\":1,\"nom\":\"Morel\","
  "\"prenom\":\"Camille\"," AG ",\"roles\":[\"conseiller\",\"correspondant_offre\"],"
  "\"modalite\":\"guide\",\"portefeuille\":\"portefeuille:p1\",\"email\":\"c.morel@agence."
  "example\"}",

  "{\"_id\":\"portefeuille:p1\",\"type\":\"portefeuille\",\"schema_version\":1,"
  "\"conseiller\":\"conseiller:c1\"," AG ",\"modalite\":\"renforce\",\"capacite\":70}",

  "{\"_id\":\"de:d1\",\"type\":\"de\",\"schema_version\":1,\"nom\":\"Lefèvre\",\"prenom\":"
  "\"Hélène\","
  "\"identifiant\":\"1234567A\"," AG ",\"portefeuille\":\"portefeuille:p1\",\"referent\":null,"
  "\"modalite\":\"suivi\",\"web_100\":true,\"date_inscription\":\"2024-02-29\","
  "\"adresse\":{\"ligne\":\"3 rue de la Gare\",\"code_postal\":\"35000\",\"commune\":\"35238\","
  "\"libelle_commune\":\"Rennes\"},\"competences\":[\"Permis B\"],"
  "\"metiers_recherches\":[{\"code_rome\":\"N1103\",\"libelle\":\"Magasinage\"}],"
  "\"axe_principal\":{\"code_rome\":\"N1103\",\"libelle\":\"Magasinage\"},"
  "\"axe_secondaire\":\"formation "
  "CACES\",\"freins\":[{\"theme\":\"mobilite\",\"statut\":\"leve\"}],"
  "\"orientation\":\"professionnelle\",\"disponibilite\":\"immediate\","
  "\"email\":\"helene@example.org\",\"telephone\":\"06 12 34 56 78\"}",

  "{\"_id\":\"entretien:e1\",\"type\":\"entretien\",\"schema_version\":1,\"de\":\"de:d1\","
  "\"conseiller\":\"conseiller:c1\",\"date\":\"2026-03-02T09:00:00+01:00\",\"nature\":\"eid\","
  "\"statut\":\"realise\",\"duree_minutes\":50,\"etapes\":["
  "{\"code\":\"validation_inscription\",\"fait\":true},{\"code\":\"dossier_dal\",\"fait\":true},"
  "{\"code\":\"rejets_reprises\",\"fait\":true},{\"code\":\"diagnostic\",\"fait\":true},"
  "{\"code\":\"plan_action\",\"fait\":true},{\"code\":\"offres\",\"fait\":false}]}",

  "{\"_id\":\"action:x1\",\"type\":\"action\",\"schema_version\":1,\"de\":\"de:d1\","
  "\"libelle\":\"Atelier CV\",\"nature\":\"atelier\",\"statut\":\"realisee\","
  "\"date_creation\":\"2026-03-02\",\"echeance\":\"2026-04-01\",\"date_realisation\":\"2026-03-"
  "20\"}",

  "{\"_id\":\"contact:k1\",\"type\":\"contact\",\"schema_version\":1,\"de\":\"de:d1\","
  "\"sens\":\"entrant\",\"canal\":\"telephone\",\"date\":\"2026-03-05T10:00:00Z\","
  "\"escalade\":{\"statut\":\"traitee\",\"motif\":\"Question formation\",\"origine\":\"3949\","
  "\"traitee_le\":\"2026-03-06T11:00:00+01:00\"}}",

  "{\"_id\":\"entreprise:n1\",\"type\":\"entreprise\",\"schema_version\":1,\"nom\":\"Transports "
  "Morel\","
  "\"siret\":\"73282932000074\",\"naf\":\"4941A\",\"tranche_effectif\":\"12\",\"autonomie_rh\":"
  "\"faible\"}",

  "{\"_id\":\"offre:o1\",\"type\":\"offre\",\"schema_version\":1,\"intitule\":\"Préparateur de "
  "commandes\","
  "\"romeCode\":\"N1103\",\"typeContrat\":\"CDI\",\"dateCreation\":\"2026-03-01T09:00:00.000Z\","
  "\"lieuTravail\":{\"libelle\":\"35 - Rennes\",\"commune\":\"35238\",\"codePostal\":\"35000\"},"
  "\"competences\":[{\"code\":\"100001\",\"libelle\":\"CACES\",\"exigence\":\"E\"}],"
  "\"niveau_service\":\"accompagnement\",\"diffusion\":\"visibilite\",\"preselection\":"
  "\"valorisation\","
  "\"correspondant\":\"conseiller:c1\",\"criteres_complementaires\":[{\"libelle\":\"CACES "
  "1\",\"poids\":3}],"
  "\"statut\":\"cloturee\",\"cloture\":{\"motif\":\"pourvue\",\"personne_recrutee\":\"de:d1\","
  "\"date\":\"2026-03-20\"},\"journal\":[{\"date\":\"2026-03-01T09:00:00+01:00\",\"service\":"
  "\"recueil\"}]}",

  "{\"_id\":\"candidature:m1\",\"type\":\"candidature\",\"schema_version\":1,\"offre\":\"offre:"
  "o1\","
  "\"de\":\"de:d1\",\"statut\":\"mer\",\"date\":\"2026-03-03T10:00:00+01:00\",\"interesse\":true,"
  "\"resume_argumente\":\"Expérience solide\"}",

  "{\"_id\":\"diagnostic:g1\",\"type\":\"diagnostic\",\"schema_version\":1," AG
  ",\"bassin\":\"5314\","
  "\"date\":\"2026-01-15\",\"secteurs_tension\":[{\"code_rome\":\"N1103\",\"libelle\":"
  "\"Magasinage\","
  "\"tension_pct\":52.7}],\"entreprises_cibles\":[\"entreprise:n1\"]}",

  "{\"_id\":\"action_prospection:q1\",\"type\":\"action_prospection\",\"schema_version\":1," AG ","
  "\"entreprise_nom\":\"Nouvelle "
  "plateforme\",\"objectif\":\"promotion_profils\",\"modalite\":\"visite\","
  "\"statut\":\"planifiee\",\"date_prevue\":\"2026-04-01\",\"profils_promus\":[\"de:d1\"]}",
  "{\"_id\":\"poste:ws-12\",\"type\":\"poste\",\"schema_version\":1,"
  "\"conseiller\":\"conseiller:c1\",\"pending\":3,\"last_sync\":\"2026-03-02T09:15:00Z\","
  "\"hostname\":\"pc-accueil-2\"}",
  "{\"_id\":\"affectation:a1\",\"type\":\"affectation\",\"schema_version\":1,"
  "\"agence\":\"agence:a1\",\"de\":\"de:d1\",\"depuis\":\"portefeuille:p1\","
  "\"vers\":\"portefeuille:p2\",\"referent\":\"conseiller:c2\",\"modalite\":\"guide\","
  "\"date\":\"2026-03-02T09:30:00+01:00\",\"auteur\":\"mdupont\"}",
};

static JsonObject *
parse (const char *json)
{
  g_autoptr (GError) error = NULL;
  JsonObject *doc = relais_json_parse_object (json, -1, &error);

  g_assert_no_error (error);
  return doc;
}

static JsonObject *
valid_doc (const char *type)
{
  g_autofree char *prefix = g_strdup_printf ("{\"_id\":\"%s:", type);

  for (guint i = 0; i < G_N_ELEMENTS (valid_docs); i++)
    if (g_str_has_prefix (valid_docs[i], prefix))
      return parse (valid_docs[i]);

  g_assert_not_reached ();
}

/* @patch's members replace the document's; the string "-" removes one. */
static JsonObject *
patched (const char *type, const char *patch)
{
  JsonObject *doc = valid_doc (type);
  g_autoptr (JsonObject) changes = parse (patch);
  g_autoptr (GList) members = json_object_get_members (changes);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (changes, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          strcmp (json_node_get_string (node), "-") == 0)
        json_object_remove_member (doc, l->data);
      else
        json_object_set_member (doc, l->data, json_node_copy (node));
    }

  return doc;
}

static void
assert_valid (JsonObject *doc)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;

  if (!relais_validate_doc (doc, &problems, &error))
    g_error ("%s should be valid: %s", relais_doc_get_id (doc), error->message);
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The patch breaks exactly the rule on @field, with a reason containing
 * @reason. */
static void
assert_problem (const char *type, const char *patch, const char *field, const char *reason)
{
  g_autoptr (JsonObject) doc = patched (type, patch);
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  gboolean found = FALSE;

  g_assert_false (relais_validate_doc (doc, &problems, &error));
  g_assert_error (error, RELAIS_VALIDATION_ERROR, RELAIS_VALIDATION_ERROR_INVALID);
  g_assert_cmpuint (problems->len, >, 0);

  for (guint i = 0; i < problems->len; i++)
    {
      RelaisProblem *p = g_ptr_array_index (problems, i);

      if (strcmp (p->field, field) == 0 && strstr (p->reason, reason) != NULL)
        found = TRUE;
    }

  if (!found)
    g_error ("%s %s: expected “%s: …%s…”, got “%s”", type, patch, field, reason, error->message);
}

static void
test_valid_docs (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (valid_docs); i++)
    {
      g_autoptr (JsonObject) doc = parse (valid_docs[i]);

      assert_valid (doc);
    }

  /* Every type has its valid example. */
  for (const char *const *t = relais_doc_types (); *t != NULL; t++)
    {
      g_autoptr (JsonObject) doc = valid_doc (*t);
      g_assert_cmpstr (relais_doc_get_doc_type (doc), ==, *t);
    }
  g_assert_cmpuint (g_strv_length ((char **) relais_doc_types ()), ==, 14);
}

static void
test_envelope (void)
{
  assert_problem ("de", "{\"_id\":\"entretien:d1\"}", "_id", "must start with “de:”");
  assert_problem ("de", "{\"_id\":\"de:\"}", "_id", "not a valid");
  assert_problem ("de", "{\"_id\":\"-\"}", "_id", "is required");
  assert_problem ("de", "{\"type\":\"-\"}", "type", "is required");
  assert_problem ("de", "{\"schema_version\":\"-\"}", "schema_version", "is required");
  assert_problem ("de", "{\"schema_version\":\"1\"}", "schema_version", "whole number");
  assert_problem ("de", "{\"schema_version\":0}", "schema_version", "between");
  assert_problem ("de", "{\"_id\":\"licorne:1\",\"type\":\"licorne\"}", "type", "must be one of");
}

static void
test_error_message (void)
{
  g_autoptr (JsonObject) doc = patched ("de", "{\"identifiant\":\"12345A\"}");
  g_autoptr (GError) error = NULL;

  g_assert_false (relais_validate_doc (doc, NULL, &error));
  g_assert_error (error, RELAIS_VALIDATION_ERROR, RELAIS_VALIDATION_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "identifiant: "));
}

static void
test_tombstones_and_special (void)
{
  g_autoptr (JsonObject) tomb = parse ("{\"_id\":\"de:x\",\"_deleted\":true}");
  g_autoptr (JsonObject) design = parse ("{\"_id\":\"_design/app\",\"views\":{}}");
  g_autoptr (JsonObject) local = parse ("{\"_id\":\"_local/checkpoint\",\"seq\":3}");

  assert_valid (tomb);
  assert_valid (design);
  assert_valid (local);
}

static void
test_unknown_fields_and_versions (void)
{
  g_autoptr (JsonObject) extra =
      patched ("de", "{\"couleur_preferee\":\"bleu\",\"x\":{\"y\":[1]}}");
  g_autoptr (JsonObject) newer = patched ("de", "{\"schema_version\":2,\"modalite\":\"intensif\","
                                                "\"nouveau\":true}");
  g_autoptr (JsonObject) newer_type = parse ("{\"_id\":\"bilan:1\",\"type\":\"bilan\","
                                             "\"schema_version\":5}");
  g_autofree char *before = relais_json_object_canonical (extra);
  g_autofree char *after = NULL;

  assert_valid (extra);
  /* Validation reads, never rewrites: unknown fields survive. */
  after = relais_json_object_canonical (extra);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (json_object_has_member (extra, "couleur_preferee"));

  assert_valid (newer);
  assert_valid (newer_type);
  /* Even a newer document must say who it is. */
  assert_problem ("de", "{\"schema_version\":2,\"_id\":\"offre:1\"}", "_id", "must start with");
}

static void
test_dates (void)
{
  GDate d;

  g_assert_true (relais_date_parse ("2024-02-29", &d));
  g_assert_cmpuint (g_date_get_day (&d), ==, 29);
  g_assert_false (relais_date_parse ("2025-02-29", NULL));
  g_assert_false (relais_date_parse ("1900-02-29", NULL)); /* century, not leap */
  g_assert_true (relais_date_parse ("2000-02-29", NULL));  /* 400 years, leap */
  g_assert_false (relais_date_parse ("2026-04-31", NULL));
  g_assert_false (relais_date_parse ("2026-13-01", NULL));
  g_assert_false (relais_date_parse ("2026-1-01", NULL));
  g_assert_false (relais_date_parse ("2026-01-01T10:00:00Z", NULL));
  g_assert_false (relais_date_parse ("26-01-01", NULL));

  g_assert_true (relais_datetime_parse ("2024-02-29T23:59:59+01:00", &d));
  g_assert_true (relais_datetime_parse ("2026-03-01T09:00:00.000Z", NULL));
  g_assert_true (relais_datetime_parse ("2026-03-01T09:00", NULL));
  g_assert_false (relais_datetime_parse ("2025-02-29T10:00:00Z", NULL));
  g_assert_false (relais_datetime_parse ("2026-03-01T24:00:00Z", NULL));
  g_assert_false (relais_datetime_parse ("2026-03-01 09:00:00Z", NULL));
  g_assert_false (relais_datetime_parse ("2026-03-01T09:00:00+1", NULL));
  g_assert_false (relais_datetime_parse ("2026-03-01", NULL));

  assert_problem ("de", "{\"date_inscription\":\"2025-02-29\"}", "date_inscription", "valid date");
  assert_problem ("de", "{\"date_inscription\":\"29/02/2024\"}", "date_inscription", "valid date");
  assert_problem ("de", "{\"date_inscription\":20240229}", "date_inscription", "must be a string");
  assert_problem ("entretien", "{\"date\":\"2026-03-02\"}", "date", "date and time");
  assert_problem ("entretien", "{\"date\":\"2023-02-29T09:00:00Z\"}", "date", "date and time");
}

static void
test_de (void)
{
  assert_problem ("de", "{\"nom\":\"-\"}", "nom", "is required");
  assert_problem ("de", "{\"prenom\":\"  \"}", "prenom", "must not be empty");
  assert_problem ("de", "{\"identifiant\":\"1234567\"}", "identifiant", "7 digits");
  assert_problem ("de", "{\"identifiant\":\"123456AB\"}", "identifiant", "7 digits");
  assert_problem ("de", "{\"identifiant\":\"1234567a\"}", "identifiant", "7 digits");
  assert_problem ("de", "{\"agence\":\"-\"}", "agence", "is required");
  assert_problem ("de", "{\"referent\":\"portefeuille:p1\"}", "referent", "conseiller");
  assert_problem ("de", "{\"modalite\":\"intensif\"}", "modalite",
                  "suivi, guide, renforce, global");
  assert_problem ("de", "{\"modalite\":\"guide\"}", "web_100", "suivi");
  assert_problem ("de", "{\"web_100\":\"oui\"}", "web_100", "true or false");
  assert_problem ("de", "{\"modifie_par\":\" \"}", "modifie_par", "must not be empty");
  assert_problem ("de", "{\"modifie_le\":\"2024-13-01T10:00\"}", "modifie_le", "");
  {
    g_autoptr (JsonObject) edited = patched (
        "de", "{\"modifie_par\":\"cdupont\",\"modifie_le\":\"2024-05-02T10:15:00+02:00\"}");

    assert_valid (edited);
  }
  assert_problem ("de", "{\"adresse\":{\"commune\":\"3523\"}}", "adresse.commune", "INSEE");
  assert_problem ("de", "{\"adresse\":{\"commune\":\"35238\",\"code_postal\":\"3500\"}}",
                  "adresse.code_postal", "postal code");
  assert_problem ("de", "{\"adresse\":{\"ligne\":\"x\"}}", "adresse.commune", "is required");
  assert_problem ("de", "{\"competences\":[\"Permis B\",3]}", "competences[1]", "string");
  assert_problem ("de", "{\"metiers_recherches\":[{\"code_rome\":\"N110\",\"libelle\":\"x\"}]}",
                  "metiers_recherches[0].code_rome", "ROME");
  assert_problem ("de", "{\"metiers_recherches\":[{\"libelle\":\"x\"}]}",
                  "metiers_recherches[0].code_rome", "is required");
  assert_problem ("de", "{\"axe_principal\":{\"code_rome\":\"Z9999\",\"libelle\":\"x\"}}",
                  "axe_principal.code_rome", "ROME");
  assert_problem ("de", "{\"axe_principal\":42}", "axe_principal", "object");
  assert_problem ("de", "{\"freins\":[{\"theme\":\"mobilite\",\"statut\":\"resolu\"}]}",
                  "freins[0].statut", "identifie, en_cours, leve");
  assert_problem ("de", "{\"freins\":[{\"theme\":\"bonheur\",\"statut\":\"leve\"}]}",
                  "freins[0].theme", "garde_enfants");
  assert_problem ("de", "{\"freins\":[\"mobilite\"]}", "freins[0]", "object");
  assert_problem ("de", "{\"orientation\":\"autre\"}", "orientation", "must be one of");
  assert_problem ("de", "{\"modalite\":\"global\",\"web_100\":false}", "accompagnement_global",
                  "is required");
  assert_problem ("de",
                  "{\"modalite\":\"global\",\"web_100\":false,\"orientation\":\"professionnelle\","
                  "\"accompagnement_global\":{\"partenaire\":\"CD35\"}}",
                  "orientation", "socio-professional");
  assert_problem ("de",
                  "{\"modalite\":\"global\",\"web_100\":false,\"accompagnement_global\":{"
                  "\"commission_decision\":\"oui\"}}",
                  "accompagnement_global.partenaire", "is required");
  assert_problem ("de", "{\"email\":\"helene.example.org\"}", "email", "e-mail");
  assert_problem ("de", "{\"telephone\":\"12 34\"}", "telephone", "phone");

  {
    g_autoptr (JsonObject) global = patched (
        "de",
        "{\"modalite\":\"global\",\"web_100\":false,\"orientation\":\"socio_professionnelle\","
        "\"accompagnement_global\":{\"partenaire\":\"Conseil départemental\","
        "\"commission_date\":\"2026-01-10\",\"commission_decision\":\"accompagnement_global\"}}");
    g_autoptr (JsonObject) minimal = patched (
        "de", "{\"modalite\":\"-\",\"web_100\":\"-\",\"portefeuille\":\"-\",\"adresse\":\"-\","
              "\"competences\":\"-\",\"freins\":\"-\",\"axe_secondaire\":\"-\"}");
    g_autoptr (JsonObject) plus33 = patched ("de", "{\"telephone\":\"+33 6 12 34 56 78\"}");

    assert_valid (global);
    assert_valid (minimal);
    assert_valid (plus33);
  }
}

static void
test_entretien (void)
{
  assert_problem ("entretien", "{\"de\":\"-\"}", "de", "is required");
  assert_problem ("entretien", "{\"de\":\"conseiller:c1\"}", "de", "de:");
  assert_problem ("entretien", "{\"nature\":\"m6\"}", "nature", "eid, ajustement, m4, m9");
  assert_problem ("entretien", "{\"statut\":\"fait\"}", "statut", "planifie, realise");
  assert_problem ("entretien", "{\"duree_minutes\":45}", "duree_minutes", "50-minute");
  assert_problem ("entretien", "{\"duree_minutes\":0}", "duree_minutes", "between");
  assert_problem ("entretien", "{\"etapes\":[]}", "etapes", "6 steps");
  assert_problem ("entretien", "{\"etapes\":\"-\"}", "etapes", "is required");
  assert_problem (
      "entretien",
      "{\"etapes\":[{\"code\":\"dossier_dal\",\"fait\":true},"
      "{\"code\":\"validation_inscription\",\"fait\":true},"
      "{\"code\":\"rejets_reprises\",\"fait\":true},{\"code\":\"diagnostic\",\"fait\":true},"
      "{\"code\":\"plan_action\",\"fait\":true},{\"code\":\"offres\",\"fait\":true}]}",
      "etapes[0].code", "validation_inscription");
  /* Steps in order: step 4 done while step 3 is not. */
  assert_problem (
      "entretien",
      "{\"statut\":\"planifie\",\"etapes\":["
      "{\"code\":\"validation_inscription\",\"fait\":true},"
      "{\"code\":\"dossier_dal\",\"fait\":true},{\"code\":\"rejets_reprises\",\"fait\":false},"
      "{\"code\":\"diagnostic\",\"fait\":true},{\"code\":\"plan_action\",\"fait\":false},"
      "{\"code\":\"offres\",\"fait\":false}]}",
      "etapes[3].fait", "in order");
  assert_problem (
      "entretien",
      "{\"etapes\":[{\"code\":\"validation_inscription\",\"fait\":true},"
      "{\"code\":\"dossier_dal\",\"fait\":true},{\"code\":\"rejets_reprises\",\"fait\":true},"
      "{\"code\":\"diagnostic\",\"fait\":true},{\"code\":\"plan_action\",\"fait\":false},"
      "{\"code\":\"offres\",\"fait\":false}]}",
      "etapes[4].fait", "first five");
  assert_problem ("entretien", "{\"nature\":\"m4\",\"duree_minutes\":45}", "etapes", "only an EID");
  assert_problem (
      "entretien",
      "{\"nature\":\"m4\",\"etapes\":\"-\",\"duree_minutes\":45,\"mode\":\"telephone\"}", "mode",
      "in person");

  {
    g_autoptr (JsonObject) planned =
        patched ("entretien", "{\"statut\":\"planifie\",\"etapes\":\"-\"}");
    g_autoptr (JsonObject) m9 = patched (
        "entretien",
        "{\"nature\":\"m9\",\"etapes\":\"-\",\"duree_minutes\":45,\"mode\":\"telephone\"}");

    assert_valid (planned);
    assert_valid (m9);
  }
}

#define AJ                                                                                         \
  "\"nature\":\"ajustement\",\"etapes\":\"-\",\"duree_minutes\":60,\"eid\":\"entretien:e0\","      \
  "\"motif\":\"Deux métiers possibles\",\"mode\":\"physique\","

static void
test_ajustement (void)
{
  g_autoptr (JsonObject) day14 = patched (
      "entretien",
      "{" AJ "\"eid_date\":\"2026-02-16T09:00:00+01:00\",\"date\":\"2026-03-02T16:00:00+01:00\"}");
  /* Across February of a leap year: 2024-02-20 + 14 days = 2024-03-05. */
  g_autoptr (JsonObject) leap = patched (
      "entretien", "{" AJ "\"eid_date\":\"2024-02-20\",\"date\":\"2024-03-05T10:00:00+01:00\"}");
  g_autoptr (JsonObject) no_eid_date =
      patched ("entretien", "{" AJ "\"eid_conseiller\":\"conseiller:c1\"}");

  assert_valid (day14);
  assert_valid (leap);
  assert_valid (no_eid_date);

  assert_problem (
      "entretien",
      "{" AJ "\"eid_date\":\"2026-02-15T09:00:00+01:00\",\"date\":\"2026-03-02T09:00:00+01:00\"}",
      "date", "at most 14 days");
  assert_problem ("entretien",
                  "{" AJ "\"eid_date\":\"2024-02-20\",\"date\":\"2024-03-06T10:00:00Z\"}", "date",
                  "at most 14 days");
  assert_problem ("entretien", "{" AJ "\"eid_date\":\"2026-03-03\"}", "date", "cannot precede");
  assert_problem ("entretien", "{" AJ "\"eid_date\":\"2026-02-30\"}", "eid_date", "valid date");
  assert_problem ("entretien", "{" AJ "\"motif\":\"-\"}", "motif", "is required");
  assert_problem ("entretien", "{" AJ "\"eid\":\"-\"}", "eid", "is required");
  assert_problem ("entretien", "{" AJ "\"eid_conseiller\":\"conseiller:c2\"}", "conseiller",
                  "counsellor of the EID");
  assert_problem ("entretien", "{" AJ "\"mode\":\"visio\"}", "mode", "in person");
}

static void
test_offre (void)
{
  assert_problem ("offre", "{\"intitule\":\"-\"}", "intitule", "is required");
  assert_problem ("offre", "{\"romeCode\":\"N11033\"}", "romeCode", "ROME");
  assert_problem ("offre", "{\"typeContrat\":\"CDX\"}", "typeContrat", "CDI");
  assert_problem ("offre", "{\"dateCreation\":\"2026-02-30T09:00:00Z\"}", "dateCreation",
                  "date and time");
  assert_problem ("offre", "{\"lieuTravail\":{\"commune\":\"2C001\"}}", "lieuTravail.commune",
                  "INSEE");
  assert_problem ("offre", "{\"competences\":[{\"libelle\":\"x\",\"exigence\":\"X\"}]}",
                  "competences[0].exigence", "E, S");
  assert_problem ("offre", "{\"nombrePostes\":0}", "nombrePostes", "between");
  assert_problem ("offre", "{\"niveau_service\":\"premium\"}", "niveau_service",
                  "appui, accompagnement");
  assert_problem ("offre", "{\"diffusion\":\"publique\"}", "diffusion",
                  "nominatif, visibilite, anonyme");
  /* Preselection is an accompaniment service. */
  assert_problem ("offre", "{\"niveau_service\":\"appui\",\"criteres_complementaires\":\"-\"}",
                  "preselection", "accompagnement");
  assert_problem ("offre", "{\"preselection\":\"entretien\"}", "preselection", "verification");
  assert_problem ("offre", "{\"correspondant\":\"-\"}", "correspondant", "is required");
  assert_problem ("offre", "{\"preselection\":\"evaluation\",\"criteres_complementaires\":\"-\"}",
                  "outils_evaluation", "at least one tool");
  assert_problem ("offre",
                  "{\"preselection\":\"evaluation\",\"criteres_complementaires\":\"-\","
                  "\"outils_evaluation\":[\"MRS\",\"QCM\"]}",
                  "outils_evaluation[1]", "MRS, EMTPR, ECCP");
  assert_problem ("offre", "{\"outils_evaluation\":[\"MRS\"]}", "outils_evaluation", "évaluation");
  assert_problem ("offre", "{\"preselection\":\"verification\"}", "criteres_complementaires",
                  "valorisation");
  assert_problem ("offre", "{\"criteres_complementaires\":[{\"libelle\":\"x\",\"poids\":11}]}",
                  "criteres_complementaires[0].poids", "between");
  assert_problem ("offre", "{\"statut\":\"publiee\"}", "statut", "diagnostic, recueil, traitement");
  assert_problem ("offre", "{\"cloture\":\"-\"}", "cloture", "is required");
  assert_problem ("offre", "{\"statut\":\"traitement\"}", "cloture", "only a closed offer");
  assert_problem ("offre", "{\"cloture\":{\"motif\":\"pourvue\",\"date\":\"2026-03-20\"}}",
                  "cloture.personne_recrutee", "is required");
  assert_problem ("offre", "{\"cloture\":{\"motif\":\"fini\",\"date\":\"2026-03-20\"}}",
                  "cloture.motif", "pourvue");
  assert_problem ("offre",
                  "{\"journal\":[{\"date\":\"2026-03-01T09:00:00Z\",\"service\":\"cafe\"}]}",
                  "journal[0].service", "recueil");
  assert_problem ("offre", "{\"entreprise_id\":\"de:d1\"}", "entreprise_id", "entreprise:");

  {
    g_autoptr (JsonObject) appui = patched (
        "offre",
        "{\"niveau_service\":\"appui\",\"preselection\":null,\"correspondant\":\"-\","
        "\"criteres_complementaires\":\"-\",\"diffusion\":\"nominatif\",\"statut\":\"traitement\","
        "\"cloture\":\"-\",\"date_relance\":\"2026-03-20\"}");
    g_autoptr (JsonObject) evaluation = patched (
        "offre", "{\"preselection\":\"evaluation\",\"criteres_complementaires\":\"-\","
                 "\"diffusion\":\"anonyme\",\"outils_evaluation\":[\"MRS\",\"EMTPR\",\"ECCP\"]}");
    g_autoptr (JsonObject) accompagnement_sans =
        patched ("offre", "{\"preselection\":\"-\",\"criteres_complementaires\":\"-\"}");
    g_autoptr (JsonObject) auto_closed = patched (
        "offre",
        "{\"cloture\":{\"motif\":\"sans_reponse_relance\",\"date\":\"2026-03-29T00:00:00Z\"}}");

    assert_valid (appui);
    assert_valid (evaluation);
    assert_valid (accompagnement_sans);
    assert_valid (auto_closed);
  }
}

static void
test_siret (void)
{
  g_assert_true (relais_siret_is_valid ("73282932000074"));
  g_assert_false (relais_siret_is_valid ("73282932000075"));
  g_assert_false (relais_siret_is_valid ("7328293200007"));
  g_assert_false (relais_siret_is_valid ("7328293200007A"));
  g_assert_true (relais_siren_is_valid ("732829320"));
  g_assert_false (relais_siren_is_valid ("732829321"));
  /* La Poste: digit sum multiple of 5 instead of Luhn. */
  g_assert_true (relais_siret_is_valid ("35600000000048"));
  g_assert_true (relais_siret_is_valid ("35600000049837"));
  g_assert_false (relais_siret_is_valid ("35600000049838"));

  assert_problem ("entreprise", "{\"siret\":\"73282932000075\"}", "siret", "check digit");
  assert_problem ("entreprise", "{\"siret\":\"-\"}", "siret", "is required");
  assert_problem ("entreprise", "{\"siret\":73282932000074}", "siret", "string");
  assert_problem ("entreprise", "{\"naf\":\"56.1\"}", "naf", "NAF");
  assert_problem ("entreprise", "{\"tranche_effectif\":\"99\"}", "tranche_effectif",
                  "must be one of");
  assert_problem ("entreprise", "{\"autonomie_rh\":\"totale\"}", "autonomie_rh", "autonome");
  assert_problem ("entreprise", "{\"nom\":\"-\"}", "nom", "is required");

  {
    g_autoptr (JsonObject) dotted = patched ("entreprise", "{\"naf\":\"49.41A\"}");
    assert_valid (dotted);
  }
}

static void
test_people (void)
{
  assert_problem ("portefeuille", "{\"capacite\":71}", "capacite", "at most 70");
  assert_problem ("portefeuille", "{\"capacite\":0}", "capacite", "between");
  assert_problem ("portefeuille", "{\"modalite\":\"-\"}", "modalite", "is required");
  assert_problem ("portefeuille", "{\"agence\":\"-\"}", "agence", "is required");
  {
    g_autoptr (JsonObject) suivi =
        patched ("portefeuille", "{\"modalite\":\"suivi\",\"capacite\":400}");
    assert_valid (suivi);
  }

  assert_problem ("conseiller", "{\"modalite\":\"-\"}", "modalite", "is required");
  assert_problem ("conseiller", "{\"roles\":[]}", "roles", "must not be empty");
  assert_problem ("conseiller", "{\"roles\":[\"chef\"]}", "roles[0]", "directeur");
  assert_problem ("conseiller", "{\"agence\":\"agence-35238\"}", "agence", "agence:");
  {
    g_autoptr (JsonObject) rep = patched ("conseiller", "{\"roles\":[\"rep\"],\"modalite\":\"-\","
                                                        "\"portefeuille\":\"-\"}");
    assert_valid (rep);
  }

  assert_problem ("agence", "{\"nb_agents\":40}", "directeur_adjoint", "more than 40");
  assert_problem ("agence", "{\"equipes\":[{\"libelle\":\"Équipe 1\"},{\"libelle\":\"Équipe 2\"}]}",
                  "directeur_adjoint", "at least 3 teams");
  assert_problem ("agence", "{\"heures_ouverture\":30}", "heures_ouverture", "between 35");
  assert_problem ("agence", "{\"type_site\":\"kiosque\"}", "type_site", "agence_proximite");
  assert_problem ("agence", "{\"points_accueil\":[{\"nature\":\"bus\",\"libelle\":\"x\"}]}",
                  "points_accueil[0].nature", "relais, visio_guichet, permanence");
  assert_problem ("agence",
                  "{\"equipes\":[{\"rep\":\"conseiller:r\"}],\"directeur_adjoint\":\"-\"}",
                  "equipes[0].libelle", "is required");
  {
    g_autoptr (JsonObject) small =
        patched ("agence", "{\"nb_agents\":20,\"directeur_adjoint\":\"-\"}");
    assert_valid (small);
  }
}

static void
test_suivi (void)
{
  assert_problem ("action", "{\"date_realisation\":\"-\"}", "date_realisation", "is required");
  assert_problem ("action", "{\"nature\":\"loisir\"}", "nature", "atelier");
  assert_problem ("action", "{\"statut\":\"faite\"}", "statut", "prevue");
  assert_problem ("action", "{\"echeance\":\"2026-02-29\"}", "echeance", "valid date");

  assert_problem ("contact", "{\"sens\":\"in\"}", "sens", "entrant, sortant");
  assert_problem ("contact", "{\"canal\":\"pigeon\"}", "canal", "telephone");
  assert_problem ("contact", "{\"sens\":\"sortant\"}", "escalade", "incoming");
  assert_problem ("contact", "{\"escalade\":{\"statut\":\"traitee\",\"motif\":\"x\"}}",
                  "escalade.traitee_le", "is required");
  assert_problem ("contact", "{\"escalade\":{\"statut\":\"close\",\"motif\":\"x\"}}",
                  "escalade.statut", "ouverte, traitee");
  assert_problem ("contact", "{\"escalade\":{\"statut\":\"ouverte\"}}", "escalade.motif",
                  "is required");
  {
    g_autoptr (JsonObject) open =
        patched ("contact", "{\"escalade\":{\"statut\":\"ouverte\",\"motif\":\"x\"}}");
    g_autoptr (JsonObject) out = patched ("contact", "{\"sens\":\"sortant\",\"escalade\":null}");
    assert_valid (open);
    assert_valid (out);
  }

  assert_problem ("candidature", "{\"interesse\":false}", "interesse", "interested");
  assert_problem ("candidature", "{\"statut\":\"gagnee\"}", "statut", "proposee, mer");
  assert_problem ("candidature", "{\"offre\":\"-\"}", "offre", "is required");
  assert_problem ("candidature", "{\"score\":\"haut\"}", "score", "number");
  {
    g_autoptr (JsonObject) refused =
        patched ("candidature", "{\"statut\":\"desistement\",\"interesse\":false}");
    assert_valid (refused);
  }

  assert_problem ("diagnostic", "{\"bassin\":\"-\"}", "bassin", "is required");
  assert_problem ("diagnostic", "{\"secteurs_tension\":[{\"code_rome\":\"N1103\"}]}",
                  "secteurs_tension[0].libelle", "is required");
  assert_problem ("diagnostic", "{\"entreprises_cibles\":[\"de:d1\"]}", "entreprises_cibles[0]",
                  "entreprise:");

  assert_problem ("action_prospection", "{\"entreprise_nom\":\"-\"}", "entreprise", "is required");
  assert_problem ("action_prospection", "{\"objectif\":\"vendre\"}", "objectif", "recueil_offres");
  assert_problem ("action_prospection", "{\"statut\":\"realisee\"}", "date_realisation",
                  "is required");
  assert_problem ("action_prospection", "{\"profils_promus\":[\"conseiller:c1\"]}",
                  "profils_promus[0]", "de:");
}

/* Every failing check reports at least one problem, and a valid
 * document none, whatever is asked. */
static void
test_problems_optional (void)
{
  g_autoptr (JsonObject) doc = patched ("offre", "{\"romeCode\":1,\"typeContrat\":\"X\"}");
  g_autoptr (GPtrArray) problems = NULL;

  g_assert_false (relais_validate_doc (doc, NULL, NULL));
  g_assert_false (relais_validate_doc (doc, &problems, NULL));
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_cmpstr (((RelaisProblem *) problems->pdata[0])->field, ==, "romeCode");
  g_assert_cmpstr (((RelaisProblem *) problems->pdata[1])->field, ==, "typeContrat");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/valid-docs", test_valid_docs);
  g_test_add_func ("/validate/envelope", test_envelope);
  g_test_add_func ("/validate/error-message", test_error_message);
  g_test_add_func ("/validate/tombstones-and-special", test_tombstones_and_special);
  g_test_add_func ("/validate/unknown-fields-and-versions", test_unknown_fields_and_versions);
  g_test_add_func ("/validate/dates", test_dates);
  g_test_add_func ("/validate/de", test_de);
  g_test_add_func ("/validate/entretien", test_entretien);
  g_test_add_func ("/validate/ajustement", test_ajustement);
  g_test_add_func ("/validate/offre", test_offre);
  g_test_add_func ("/validate/siret", test_siret);
  g_test_add_func ("/validate/people", test_people);
  g_test_add_func ("/validate/suivi", test_suivi);
  g_test_add_func ("/validate/problems-optional", test_problems_optional);

  return g_test_run ();
}

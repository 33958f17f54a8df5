/* test-offer-lifecycle.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The counsellor's moves on offers and candidates: diagnostic → recueil →
 * traitement with the journal, closure (a filled offer names the person
 * hired), candidate statuses and the conditions of a mise en relation in
 * each preselection mode. Every built body must validate.
 */

#include "config.h"

#include "relais-offer-lifecycle.h"
#include "relais-validate.h"

#define OFFRE_FMT                                                                                  \
  "{\"_id\":\"offre:o1\",\"type\":\"offre\",\"schema_version\":1,"                                 \
  "\"intitule\":\"Préparateur de commandes\",\"romeCode\":\"N1103\",\"typeContrat\":\"CDI\","     \
  "\"dateCreation\":\"2026-03-01T09:00:00+01:00\",\"niveau_service\":\"accompagnement\","          \
  "\"diffusion\":\"visibilite\",\"preselection\":\"%s\",\"correspondant\":\"conseiller:c1\","      \
  "%s\"statut\":\"%s\"}"

#define CAND_FMT                                                                                   \
  "{\"_id\":\"candidature:k1\",\"type\":\"candidature\",\"schema_version\":1,"                     \
  "\"offre\":\"offre:o1\",\"de\":\"de:d1\",\"date\":\"2026-03-02T09:00:00+01:00\","                \
  "\"statut\":\"%s\"%s}"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (GError) error = NULL;

  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
offre (const char *preselection, const char *statut)
{
  g_autofree char *json = g_strdup_printf (
      OFFRE_FMT, preselection,
      g_str_equal (preselection, "evaluation") ? "\"outils_evaluation\":[\"MRS\"]," : "", statut);

  return parse_object (json);
}

static JsonObject *
candidature (const char *statut, const char *extra)
{
  g_autofree char *json = g_strdup_printf (CAND_FMT, statut, extra);

  return parse_object (json);
}

static void
assert_valid (JsonObject *doc)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_true (relais_validate_doc (doc, &problems, &error));
  g_assert_no_error (error);
}

static GDateTime *
now (void)
{
  return g_date_time_new_from_iso8601 ("2026-03-10T10:00:00+01:00", NULL);
}

static void
test_lifecycle_advance (void)
{
  g_autoptr (GDateTime) t = now ();
  g_autoptr (JsonObject) o = offre ("verification", "diagnostic");
  g_autoptr (JsonObject) recueil = NULL;
  g_autoptr (JsonObject) traitement = NULL;
  g_autoptr (JsonObject) again = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *journal;

  g_assert_cmpstr (relais_offer_next_statut ("diagnostic"), ==, "recueil");
  g_assert_null (relais_offer_next_statut ("traitement"));

  recueil = relais_offer_build_advance (o, t, "conseiller:c1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (recueil, "statut"), ==, "recueil");
  /* The caller's document is left alone. */
  g_assert_cmpstr (json_object_get_string_member (o, "statut"), ==, "diagnostic");
  g_assert_false (json_object_has_member (o, "journal"));
  assert_valid (recueil);

  traitement = relais_offer_build_advance (recueil, t, "conseiller:c1", &error);
  g_assert_no_error (error);
  journal = json_object_get_array_member (traitement, "journal");
  g_assert_cmpuint (json_array_get_length (journal), ==, 2);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (journal, 1), "service"), ==,
      "diffusion");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (journal, 1), "auteur"), ==,
      "conseiller:c1");
  assert_valid (traitement);

  again = relais_offer_build_advance (traitement, t, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, RELAIS_OFFER_LIFECYCLE_ERROR, RELAIS_OFFER_LIFECYCLE_ERROR_FORBIDDEN);
}

static void
test_lifecycle_closure (void)
{
  g_autoptr (GDateTime) t = now ();
  g_autoptr (JsonObject) o = offre ("valorisation", "traitement");
  g_autoptr (JsonObject) no_person = NULL;
  g_autoptr (JsonObject) closed = NULL;
  g_autoptr (JsonObject) twice = NULL;
  g_autoptr (GError) error = NULL;
  JsonObject *cloture;

  no_person = relais_offer_build_closure (o, "pourvue", "  ", t, NULL, &error);
  g_assert_null (no_person);
  g_assert_error (error, RELAIS_OFFER_LIFECYCLE_ERROR, RELAIS_OFFER_LIFECYCLE_ERROR_MISSING);
  g_clear_error (&error);

  closed = relais_offer_build_closure (o, "pourvue", "de:d1", t, "conseiller:c1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (closed, "statut"), ==, "cloturee");
  cloture = json_object_get_object_member (closed, "cloture");
  g_assert_cmpstr (json_object_get_string_member (cloture, "personne_recrutee"), ==, "de:d1");
  assert_valid (closed);
  g_assert_false (relais_offer_is_open (closed));

  twice = relais_offer_build_closure (closed, "annulee", NULL, t, NULL, &error);
  g_assert_null (twice);
  g_assert_error (error, RELAIS_OFFER_LIFECYCLE_ERROR, RELAIS_OFFER_LIFECYCLE_ERROR_FORBIDDEN);
}

static void
test_lifecycle_mer (void)
{
  g_autoptr (GDateTime) t = now ();
  g_autoptr (JsonObject) verif = offre ("verification", "traitement");
  g_autoptr (JsonObject) valo = offre ("valorisation", "traitement");
  g_autoptr (JsonObject) eval = offre ("evaluation", "traitement");
  g_autoptr (JsonObject) recueil = offre ("verification", "recueil");
  g_autoptr (JsonObject) unsure = candidature ("proposee", "");
  g_autoptr (JsonObject) interested = candidature ("proposee", ",\"interesse\":true");
  g_autoptr (JsonObject) ready =
      candidature ("proposee", ",\"interesse\":true,\"disponible\":true");
  g_autoptr (JsonObject) argued = candidature (
      "proposee", ",\"interesse\":true,\"resume_argumente\":\"CACES 1, 3 ans d'entrepôt\"");
  g_autoptr (JsonObject) mer = NULL;
  g_autoptr (GError) error = NULL;

  /* Interest is always needed; each mode adds its own condition. */
  g_assert_false (relais_candidature_check_mer (eval, unsure, &error));
  g_clear_error (&error);
  g_assert_true (relais_candidature_check_mer (eval, interested, &error));
  g_assert_false (relais_candidature_check_mer (verif, interested, &error));
  g_clear_error (&error);
  g_assert_true (relais_candidature_check_mer (verif, ready, &error));
  g_assert_false (relais_candidature_check_mer (valo, ready, &error));
  g_clear_error (&error);
  g_assert_true (relais_candidature_check_mer (valo, argued, &error));
  g_assert_false (relais_candidature_check_mer (recueil, ready, &error));
  g_assert_error (error, RELAIS_OFFER_LIFECYCLE_ERROR, RELAIS_OFFER_LIFECYCLE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  mer = relais_candidature_build_statut (verif, ready, "mer", t, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (mer, "statut"), ==, "mer");
  g_assert_true (json_object_has_member (mer, "date_mer"));
  g_assert_cmpstr (json_object_get_string_member (ready, "statut"), ==, "proposee");
  assert_valid (mer);
}

static void
test_lifecycle_candidate_statuses (void)
{
  g_autoptr (GDateTime) t = now ();
  g_autoptr (JsonObject) o = offre ("verification", "traitement");
  g_autoptr (JsonObject) mer = candidature ("mer", ",\"interesse\":true");
  g_autoptr (JsonObject) hired_direct = NULL;
  g_autoptr (JsonObject) retained = NULL;
  g_autoptr (JsonObject) hired = NULL;
  g_autoptr (GError) error = NULL;

  /* A candidate put in relation cannot be hired before the employer
   * retained him; final statuses lead nowhere. */
  hired_direct = relais_candidature_build_statut (o, mer, "embauche", t, &error);
  g_assert_null (hired_direct);
  g_assert_error (error, RELAIS_OFFER_LIFECYCLE_ERROR, RELAIS_OFFER_LIFECYCLE_ERROR_FORBIDDEN);
  g_clear_error (&error);

  retained = relais_candidature_build_statut (o, mer, "retenue", t, &error);
  g_assert_no_error (error);
  hired = relais_candidature_build_statut (o, retained, "embauche", t, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (hired, "statut"), ==, "embauche");
  assert_valid (hired);
  g_assert_null (relais_candidature_next_statuts ("embauche")[0]);
  g_assert_null (relais_candidature_next_statuts ("desistement")[0]);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/offer-lifecycle/advance", test_lifecycle_advance);
  g_test_add_func ("/offer-lifecycle/closure", test_lifecycle_closure);
  g_test_add_func ("/offer-lifecycle/mer", test_lifecycle_mer);
  g_test_add_func ("/offer-lifecycle/candidate-statuses", test_lifecycle_candidate_statuses);

  return g_test_run ();
}

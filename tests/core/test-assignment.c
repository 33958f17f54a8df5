/* test-assignment.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "relais-alerts.h"
#include "relais-assignment.h"
#include "relais-core.h"
#include "relais-validate.h"

static JsonObject *
parse (const char *json)
{
  g_autoptr (GError) error = NULL;
  JsonObject *object = relais_json_parse_object (json, -1, &error);

  g_assert_no_error (error);
  return object;
}

static const char *RENFORCE =
    "{\"_id\":\"portefeuille:r\",\"type\":\"portefeuille\",\"schema_version\":1,"
    "\"agence\":\"agence:a\",\"modalite\":\"renforce\",\"capacite\":70,"
    "\"conseiller\":\"conseiller:c2\",\"libelle\":\"Renforcé 1\"}";

static const char *DE = "{\"_id\":\"de:1\",\"_rev\":\"1-abc\",\"type\":\"de\",\"schema_version\":1,"
                        "\"nom\":\"Martin\",\"prenom\":\"Léa\",\"identifiant\":\"1234567A\","
                        "\"agence\":\"agence:a\",\"date_inscription\":\"2026-01-05\","
                        "\"portefeuille\":\"portefeuille:s\",\"referent\":\"conseiller:c1\","
                        "\"modalite\":\"suivi\",\"web_100\":true,"
                        "\"adresse\":{\"commune\":\"35238\"}}";

static void
test_max_de (void)
{
  g_autoptr (JsonObject) renforce = parse (RENFORCE);
  g_autoptr (JsonObject) big = parse ("{\"modalite\":\"renforce\",\"capacite\":400}");
  g_autoptr (JsonObject) none = parse ("{\"modalite\":\"renforce\"}");
  g_autoptr (JsonObject) suivi = parse ("{\"modalite\":\"suivi\",\"capacite\":400}");
  g_autoptr (JsonObject) suivi_none = parse ("{\"modalite\":\"suivi\"}");

  g_assert_cmpint (relais_portefeuille_max_de (renforce), ==, 70);
  g_assert_cmpint (relais_portefeuille_max_de (big), ==, 70);
  g_assert_cmpint (relais_portefeuille_max_de (none), ==, 70);
  g_assert_cmpint (relais_portefeuille_max_de (suivi), ==, 400);
  g_assert_cmpint (relais_portefeuille_max_de (suivi_none), ==, -1);
}

static void
test_capacity (void)
{
  g_autoptr (JsonObject) renforce = parse (RENFORCE);
  g_autoptr (JsonObject) suivi = parse ("{\"modalite\":\"suivi\",\"capacite\":400}");
  g_autoptr (GError) error = NULL;

  g_assert_true (relais_assignment_check_capacity (renforce, 68, 2, &error));
  g_assert_no_error (error);
  g_assert_false (relais_assignment_check_capacity (renforce, 68, 3, &error));
  g_assert_error (error, RELAIS_ASSIGNMENT_ERROR, RELAIS_ASSIGNMENT_ERROR_OVER_CAPACITY);
  g_assert_nonnull (strstr (error->message, "Renforcé 1"));
  g_assert_nonnull (strstr (error->message, "71"));
  g_clear_error (&error);
  /* Only renforcé is a hard cap: the others get the portfolio alert. */
  g_assert_true (relais_assignment_check_capacity (suivi, 400, 10, &error));
  g_assert_no_error (error);
}

static void
test_move (void)
{
  g_autoptr (JsonObject) de = parse (DE);
  g_autoptr (JsonObject) vers = parse (RENFORCE);
  g_autoptr (JsonObject) affectation = NULL;
  g_autoptr (JsonObject) moved = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 3, 2, 9, 30, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  moved =
      relais_assignment_move_de (de, vers, "mdupont", "conseiller:eld", now, &affectation, &error);
  g_assert_no_error (error);
  g_assert_nonnull (moved);
  g_assert_cmpstr (json_object_get_string_member (moved, "_rev"), ==, "1-abc");
  g_assert_cmpstr (json_object_get_string_member (moved, "portefeuille"), ==, "portefeuille:r");
  g_assert_cmpstr (json_object_get_string_member (moved, "referent"), ==, "conseiller:c2");
  g_assert_cmpstr (json_object_get_string_member (moved, "date_referent"), ==, "2026-03-02");
  g_assert_cmpstr (json_object_get_string_member (moved, "modalite"), ==, "renforce");
  g_assert_false (json_object_has_member (moved, "web_100"));
  g_assert_cmpstr (json_object_get_string_member (moved, "modifie_par"), ==, "mdupont");
  /* The stored document is left as it was. */
  g_assert_cmpstr (json_object_get_string_member (de, "portefeuille"), ==, "portefeuille:s");
  g_assert_true (relais_validate_doc (moved, &problems, &error));

  g_assert_true (
      g_str_has_prefix (json_object_get_string_member (affectation, "_id"), "affectation:"));
  g_assert_cmpstr (json_object_get_string_member (affectation, "de"), ==, "de:1");
  g_assert_cmpstr (json_object_get_string_member (affectation, "depuis"), ==, "portefeuille:s");
  g_assert_cmpstr (json_object_get_string_member (affectation, "vers"), ==, "portefeuille:r");
  g_assert_cmpstr (json_object_get_string_member (affectation, "referent_avant"), ==,
                   "conseiller:c1");
  g_assert_cmpstr (json_object_get_string_member (affectation, "referent"), ==, "conseiller:c2");
  g_assert_cmpstr (json_object_get_string_member (affectation, "auteur"), ==, "mdupont");
  g_assert_cmpstr (json_object_get_string_member (affectation, "date"), ==,
                   "2026-03-02T09:30:00+00:00");
  g_assert_true (relais_validate_doc (affectation, &problems, &error));
  g_assert_no_error (error);

  /* Moving it again to where it now is changes nothing. */
  g_clear_pointer (&affectation, json_object_unref);
  g_assert_null (
      relais_assignment_move_de (moved, vers, "mdupont", NULL, now, &affectation, &error));
  g_assert_error (error, RELAIS_ASSIGNMENT_ERROR, RELAIS_ASSIGNMENT_ERROR_SAME_PORTFOLIO);
}

/* Undoing a move gives the DE back every field it had, and journals the
 * return. */
static void
test_undo_move (void)
{
  g_autoptr (JsonObject) de = parse (DE);
  g_autoptr (JsonObject) depuis =
      parse ("{\"_id\":\"portefeuille:s\",\"type\":\"portefeuille\",\"schema_version\":1,"
             "\"agence\":\"agence:a\",\"modalite\":\"suivi\",\"conseiller\":\"conseiller:c9\","
             "\"libelle\":\"Suivi 1\"}");
  g_autoptr (JsonObject) vers = parse (RENFORCE);
  g_autoptr (JsonObject) affectation = NULL;
  g_autoptr (JsonObject) back_entry = NULL;
  g_autoptr (JsonObject) moved = NULL;
  g_autoptr (JsonObject) back = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_utc (2026, 3, 2, 9, 30, 0);
  g_autoptr (GDateTime) later = g_date_time_new_utc (2026, 3, 2, 9, 31, 0);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) problems = NULL;

  moved =
      relais_assignment_move_de (de, vers, "mdupont", "conseiller:eld", now, &affectation, &error);
  g_assert_no_error (error);
  json_object_set_string_member (moved, "_rev", "2-def");

  back =
      relais_assignment_undo_move (de, moved, depuis, "mdupont", NULL, later, &back_entry, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (back, "_rev"), ==, "2-def");
  g_assert_cmpstr (json_object_get_string_member (back, "portefeuille"), ==, "portefeuille:s");
  g_assert_cmpstr (json_object_get_string_member (back, "referent"), ==,
                   json_object_get_string_member (de, "referent"));
  g_assert_cmpstr (json_object_get_string_member (back, "modalite"), ==,
                   json_object_get_string_member (de, "modalite"));
  g_assert_true (json_object_has_member (back, "web_100") ==
                 json_object_has_member (de, "web_100"));
  g_assert_cmpstr (json_object_get_string_member (back, "modifie_le"), ==,
                   "2026-03-02T09:31:00+00:00");
  g_assert_true (relais_validate_doc (back, &problems, &error));

  g_assert_cmpstr (json_object_get_string_member (back_entry, "depuis"), ==, "portefeuille:r");
  g_assert_cmpstr (json_object_get_string_member (back_entry, "vers"), ==, "portefeuille:s");
  g_assert_cmpstr (json_object_get_string_member (back_entry, "referent_avant"), ==,
                   "conseiller:c2");
  g_assert_cmpstr (json_object_get_string_member (back_entry, "referent"), ==,
                   json_object_get_string_member (de, "referent"));
  g_assert_true (relais_validate_doc (back_entry, &problems, &error));
  g_assert_no_error (error);

  /* Not back to another portfolio than the one it left. */
  g_clear_pointer (&back_entry, json_object_unref);
  g_assert_null (
      relais_assignment_undo_move (de, moved, vers, "mdupont", NULL, later, &back_entry, &error));
  g_assert_error (error, RELAIS_ASSIGNMENT_ERROR, RELAIS_ASSIGNMENT_ERROR_INVALID);
}

static void
test_validate_affectation (void)
{
  g_autoptr (JsonObject) same =
      parse ("{\"_id\":\"affectation:1\",\"type\":\"affectation\",\"schema_version\":1,"
             "\"agence\":\"agence:a\",\"de\":\"de:1\",\"depuis\":\"portefeuille:r\","
             "\"vers\":\"portefeuille:r\",\"date\":\"2026-03-02T09:30\",\"auteur\":\"x\"}");
  g_autoptr (JsonObject) missing = parse (
      "{\"_id\":\"affectation:2\",\"type\":\"affectation\",\"schema_version\":1,\"de\":\"x:1\"}");
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_false (relais_validate_doc (same, &problems, &error));
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((RelaisProblem *) problems->pdata[0])->field, ==, "vers");
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_clear_error (&error);

  g_assert_false (relais_validate_doc (missing, &problems, &error));
  /* agence, de (wrong type), vers, date, auteur. */
  g_assert_cmpuint (problems->len, ==, 5);
}

static void
test_alert_uses_same_cap (void)
{
  g_autoptr (JsonObject) big = parse ("{\"_id\":\"portefeuille:x\",\"modalite\":\"renforce\","
                                      "\"capacite\":400}");
  g_autoptr (GDate) today = g_date_new_dmy (2, 3, 2026);
  g_autoptr (GPtrArray) at = relais_alerts_for_portefeuille (big, 70, today);
  g_autoptr (GPtrArray) over = relais_alerts_for_portefeuille (big, 71, today);

  g_assert_cmpuint (at->len, ==, 0);
  g_assert_cmpuint (over->len, ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/assignment/max-de", test_max_de);
  g_test_add_func ("/assignment/capacity", test_capacity);
  g_test_add_func ("/assignment/move", test_move);
  g_test_add_func ("/assignment/undo-move", test_undo_move);
  g_test_add_func ("/assignment/validate", test_validate_affectation);
  g_test_add_func ("/assignment/alert-same-cap", test_alert_uses_same_cap);

  return g_test_run ();
}

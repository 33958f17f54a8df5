/* test-agenda.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The agenda rules: 50-minute EID slots and which are free, the interview
 * an alert asks for and the planned one that answers it, the last day of
 * an entretien d'ajustement, and the planned entretien that validates.
 */

#include "config.h"

#include "relais-agenda.h"
#include "relais-validate.h"

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
entretien (const char *id, const char *nature, const char *date, const char *statut, int duree)
{
  g_autofree char *json = g_strdup_printf (
      "{\"_id\":\"%s\",\"type\":\"entretien\",\"schema_version\":1,\"de\":\"de:d1\","
      "\"conseiller\":\"conseiller:c1\",\"nature\":\"%s\",\"date\":\"%s\",\"statut\":\"%s\""
      "%s%d}",
      id, nature, date, statut, duree > 0 ? ",\"duree_minutes\":" : ",\"x\":", duree);

  return parse_object (json);
}

static GPtrArray *
objects_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

static void
test_agenda_slots (void)
{
  const guint *slots = relais_agenda_slots ();

  /* The scenario's morning: four EID of 50 minutes from 9:00 to 12:20. */
  g_assert_cmpuint (slots[0], ==, 9 * 60);
  g_assert_cmpuint (slots[3] + 50, ==, 12 * 60 + 20);
  for (guint i = 1; i < RELAIS_AGENDA_N_SLOTS; i++)
    g_assert_cmpuint (slots[i], >=, slots[i - 1] + 50);
}

static void
test_agenda_start (void)
{
  g_autoptr (JsonObject) e =
      entretien ("entretien:e1", "m4", "2026-03-02T14:20:00+01:00", "planifie", 45);
  g_autoptr (JsonObject) no_time = entretien ("entretien:e2", "m4", "2026-03-02", "planifie", 0);
  GDate day;
  guint minutes = 0;

  g_assert_true (relais_agenda_entretien_start (e, &day, &minutes));
  g_assert_cmpuint (g_date_get_day (&day), ==, 2);
  g_assert_cmpuint (minutes, ==, 14 * 60 + 20);
  g_assert_false (relais_agenda_entretien_start (no_time, &day, &minutes));
}

static void
test_agenda_free_slots (void)
{
  g_autoptr (GPtrArray) list = objects_new ();
  g_autoptr (GArray) free_slots = NULL;
  g_autoptr (GArray) other = NULL;
  GDate day;

  /* 9:00 taken by a held EID; a 45-minute M4 at 10:00 overlaps 9:50 and
   * 10:40; a cancelled one at 13:30 frees its slot; another day is none of
   * this day's business. */
  g_ptr_array_add (list, entretien ("entretien:a", "eid", "2026-03-02T09:00", "realise", 50));
  g_ptr_array_add (list, entretien ("entretien:b", "m4", "2026-03-02T10:00", "planifie", 45));
  g_ptr_array_add (list, entretien ("entretien:c", "m9", "2026-03-02T13:30", "annule", 45));
  g_ptr_array_add (list, entretien ("entretien:d", "m9", "2026-03-03T16:00", "planifie", 0));
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 2, G_DATE_MARCH, 2026);

  free_slots = relais_agenda_free_slots (list, "conseiller:c1", &day);
  g_assert_cmpuint (free_slots->len, ==, 5);
  g_assert_cmpuint (g_array_index (free_slots, guint, 0), ==, 11 * 60 + 30);
  g_assert_cmpuint (g_array_index (free_slots, guint, 1), ==, 13 * 60 + 30);

  /* Another counsellor's agenda is free all day. */
  other = relais_agenda_free_slots (list, "conseiller:c2", &day);
  g_assert_cmpuint (other->len, ==, RELAIS_AGENDA_N_SLOTS);
}

static void
test_agenda_alert_planned (void)
{
  g_autoptr (GPtrArray) list = objects_new ();
  JsonObject *planned;

  g_assert_cmpstr (relais_agenda_nature_for_alert (RELAIS_ALERT_M4_OVERDUE), ==, "m4");
  g_assert_cmpstr (relais_agenda_nature_for_alert (RELAIS_ALERT_M9_DUE), ==, "m9");
  g_assert_null (relais_agenda_nature_for_alert (RELAIS_ALERT_ESCALADE_OPEN));

  g_ptr_array_add (list, entretien ("entretien:a", "m4", "2026-03-09T09:00", "planifie", 0));
  g_ptr_array_add (list, entretien ("entretien:b", "m4", "2026-03-05T09:00", "planifie", 0));
  g_ptr_array_add (list, entretien ("entretien:c", "m4", "2026-03-01T09:00", "annule", 0));
  planned = relais_agenda_find_planned (list, "de:d1", "m4");
  g_assert_nonnull (planned);
  g_assert_cmpstr (json_object_get_string_member (planned, "_id"), ==, "entretien:b");
  g_assert_null (relais_agenda_find_planned (list, "de:d1", "m9"));
  g_assert_null (relais_agenda_find_planned (list, "de:other", "m4"));
}

static void
test_agenda_build_valid (void)
{
  g_autoptr (JsonObject) eid =
      entretien ("entretien:eid", "eid", "2026-03-02T09:00:00+01:00", "planifie", 50);
  g_autoptr (JsonObject) m4 = NULL;
  g_autoptr (JsonObject) ajustement = NULL;
  g_autoptr (JsonObject) late = NULL;
  g_autoptr (JsonObject) no_motif = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  GDate day, last;

  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 12, G_DATE_MARCH, 2026);

  /* An M4 is physical even when asked on the phone. */
  m4 = relais_agenda_build_entretien ("de:d1", "conseiller:c1", "m4", &day, 600, "telephone", "",
                                      NULL, NULL);
  g_assert_true (relais_validate_doc (m4, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (m4, "date"), ==, "2026-03-12T10:00");
  g_assert_cmpstr (json_object_get_string_member (m4, "mode"), ==, "physique");
  g_assert_cmpstr (json_object_get_string_member (m4, "statut"), ==, "planifie");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (m4, "_id"), "entretien:"));

  g_assert_true (relais_agenda_ajustement_last_day (eid, &last));
  g_assert_cmpuint (g_date_get_day (&last), ==, 16);

  ajustement = relais_agenda_build_entretien ("de:d1", "conseiller:c1", "ajustement", &last, 540,
                                              NULL, NULL, "Deux métiers possibles", eid);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_true (relais_validate_doc (ajustement, &problems, &error));
  g_assert_cmpstr (json_object_get_string_member (ajustement, "eid"), ==, "entretien:eid");

  /* One day later than 2 weeks, or without a reason, validation refuses. */
  g_date_add_days (&last, 1);
  late = relais_agenda_build_entretien ("de:d1", "conseiller:c1", "ajustement", &last, 540, NULL,
                                        NULL, "Deux métiers possibles", eid);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_false (relais_validate_doc (late, &problems, &error));
  g_clear_error (&error);
  no_motif = relais_agenda_build_entretien ("de:d1", "conseiller:c1", "ajustement", &day, 540, NULL,
                                            NULL, NULL, eid);
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_false (relais_validate_doc (no_motif, &problems, &error));
  g_clear_error (&error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agenda/slots", test_agenda_slots);
  g_test_add_func ("/agenda/start", test_agenda_start);
  g_test_add_func ("/agenda/free-slots", test_agenda_free_slots);
  g_test_add_func ("/agenda/alert-planned", test_agenda_alert_planned);
  g_test_add_func ("/agenda/build-valid", test_agenda_build_valid);

  return g_test_run ();
}

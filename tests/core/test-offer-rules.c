/* test-offer-rules.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The server's automatic rules on offers: closure 8 days after an
 * unanswered relance (to the second, across summer time), idempotence, the
 * closed body validating, messages at closure, and the no-movement alert
 * sent once per period.
 */

#include "config.h"

#include <string.h>

#include "relais-json.h"
#include "relais-offer-rules.h"
#include "relais-validate.h"

#define TITLE "Préparateur de commandes"

/* An accompagnement offer in traitement, relance sent on 20 March 2026
 * (winter time, +01:00). */
#define OFFRE_HEAD                                                                                 \
  "{\"_id\":\"offre:o1\",\"_rev\":\"3-abc\",\"type\":\"offre\",\"schema_version\":1,"              \
  "\"intitule\":\"" TITLE "\",\"romeCode\":\"N1103\",\"typeContrat\":\"CDI\","                     \
  "\"dateCreation\":\"2026-03-01T09:00:00.000Z\",\"entreprise\":{\"nom\":\"Transports Morel\"},"   \
  "\"entreprise_id\":\"entreprise:n1\",\"niveau_service\":\"accompagnement\","                     \
  "\"diffusion\":\"visibilite\",\"preselection\":\"verification\","                                \
  "\"correspondant\":\"conseiller:c1\",\"statut\":\"traitement\""
#define JOURNAL_RELANCE                                                                            \
  "\"journal\":[{\"date\":\"2026-03-01T09:00:00+01:00\",\"service\":\"recueil\"},"                 \
  "{\"date\":\"2026-03-15T09:00:00+01:00\",\"service\":\"diffusion\"},"                            \
  "{\"date\":\"2026-03-20T10:00:00+01:00\",\"service\":\"relance\","                               \
  "\"detail\":\"Courrier de relance envoyé\"}"

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
offre_relance (const char *date_relance, const char *extra_journal, const char *extra_fields)
{
  g_autofree char *json =
      g_strdup_printf (OFFRE_HEAD ",\"date_relance\":\"%s\"," JOURNAL_RELANCE "%s]%s}",
                       date_relance, extra_journal, extra_fields);

  return parse_object (json);
}

static GDateTime *
at (const char *iso)
{
  g_autoptr (GTimeZone) tz = relais_offer_time_zone ();
  GDateTime *instant = g_date_time_new_from_iso8601 (iso, tz);

  g_assert_nonnull (instant);
  return instant;
}

static gboolean
needs_closure_at (JsonObject *offre, const char *iso)
{
  g_autoptr (GDateTime) now = at (iso);

  return relais_offer_needs_auto_closure (offre, now);
}

static void
assert_valid (JsonObject *doc)
{
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;

  if (!relais_validate_doc (doc, &problems, &error))
    g_error ("should be valid: %s", error->message);
  g_assert_cmpuint (problems->len, ==, 0);
}

static JsonObject *
last_journal_entry (JsonObject *offre)
{
  JsonArray *journal = json_object_get_array_member (offre, "journal");

  g_assert_nonnull (journal);
  return json_array_get_object_element (journal, json_array_get_length (journal) - 1);
}

static void
test_closure_boundary (void)
{
  g_autoptr (JsonObject) offre = offre_relance ("2026-03-20", "", "");

  /* Valid as the counsellor left it. */
  assert_valid (offre);
  g_assert_false (relais_offer_relance_answered (offre));
  g_assert_false (needs_closure_at (offre, "2026-03-20T12:00:00+01:00"));
  g_assert_false (needs_closure_at (offre, "2026-03-27T23:59:59+01:00"));
  g_assert_false (needs_closure_at (offre, "2026-03-28T00:00:00+01:00")); /* exactly 8 days */
  g_assert_true (needs_closure_at (offre, "2026-03-28T00:00:01+01:00"));  /* + 1 s */
  g_assert_false (needs_closure_at (offre, "2026-03-27T23:00:00Z"));      /* same instant */
  g_assert_true (needs_closure_at (offre, "2026-03-27T23:00:01Z"));
  g_assert_true (needs_closure_at (offre, "2026-05-01T00:00:00+02:00"));
}

/* 25 March 2026 + 8 days crosses the switch to summer time (29 March): the
 * 8 days end at midnight wall-clock, 2 April 00:00 +02:00. */
static void
test_closure_across_dst (void)
{
  g_autoptr (JsonObject) offre = offre_relance ("2026-03-25", "", "");

  g_assert_false (needs_closure_at (offre, "2026-04-01T22:00:00Z"));
  g_assert_true (needs_closure_at (offre, "2026-04-01T22:00:01Z"));
  g_assert_false (needs_closure_at (offre, "2026-04-02T00:00:00+02:00"));
  g_assert_true (needs_closure_at (offre, "2026-04-02T00:00:01+02:00"));
}

static void
test_closure_answered (void)
{
  g_autoptr (JsonObject) info = offre_relance (
      "2026-03-20", ",{\"date\":\"2026-03-23T11:00:00+01:00\",\"service\":\"information_suivi\"}",
      "");
  g_autoptr (JsonObject) same_day = offre_relance (
      "2026-03-20", ",{\"date\":\"2026-03-20T17:00:00+01:00\",\"service\":\"mise_en_relation\"}",
      "");
  g_autoptr (JsonObject) alert_only = offre_relance (
      "2026-03-20",
      ",{\"date\":\"2026-03-25T11:00:00+01:00\",\"service\":\"alerte_sans_mouvement\"}", "");
  g_autoptr (JsonObject) actualised_later =
      offre_relance ("2026-03-20", "", ",\"dateActualisation\":\"2026-03-21T08:00:00+01:00\"");
  g_autoptr (JsonObject) actualised_same_day =
      offre_relance ("2026-03-20", "", ",\"dateActualisation\":\"2026-03-20T10:00:00+01:00\"");
  g_autoptr (JsonObject) no_relance = parse_object (OFFRE_HEAD "}");

  g_assert_true (relais_offer_relance_answered (info));
  g_assert_false (needs_closure_at (info, "2026-04-10T00:00:00+02:00"));
  g_assert_true (relais_offer_relance_answered (same_day));
  g_assert_false (needs_closure_at (same_day, "2026-04-10T00:00:00+02:00"));
  g_assert_false (relais_offer_relance_answered (alert_only));
  g_assert_true (needs_closure_at (alert_only, "2026-04-10T00:00:00+02:00"));
  g_assert_true (relais_offer_relance_answered (actualised_later));
  g_assert_false (needs_closure_at (actualised_later, "2026-04-10T00:00:00+02:00"));
  g_assert_false (relais_offer_relance_answered (actualised_same_day));
  g_assert_true (needs_closure_at (actualised_same_day, "2026-04-10T00:00:00+02:00"));
  g_assert_false (needs_closure_at (no_relance, "2027-01-01T00:00:00+01:00"));
}

static void
test_closure_body (void)
{
  g_autoptr (JsonObject) offre = offre_relance ("2026-03-20", "", "");
  g_autofree char *before = relais_json_object_canonical (offre);
  g_autofree char *after = NULL;
  g_autoptr (GDateTime) early = at ("2026-03-28T00:00:00+01:00");
  g_autoptr (GDateTime) now = at ("2026-03-28T06:30:00Z");
  g_autoptr (JsonObject) not_yet = relais_offer_build_auto_closure (offre, early);
  g_autoptr (JsonObject) closed = relais_offer_build_auto_closure (offre, now);
  JsonObject *cloture;
  JsonObject *entry;

  g_assert_null (not_yet);
  g_assert_nonnull (closed);

  /* The input is never touched (journal included: a deep copy). */
  after = relais_json_object_canonical (offre);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (json_object_get_string_member (offre, "statut"), ==, "traitement");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (offre, "journal")), ==, 3);

  assert_valid (closed);
  g_assert_cmpstr (json_object_get_string_member (closed, "_id"), ==, "offre:o1");
  g_assert_cmpstr (json_object_get_string_member (closed, "_rev"), ==, "3-abc");
  g_assert_cmpstr (json_object_get_string_member (closed, "statut"), ==, "cloturee");
  cloture = json_object_get_object_member (closed, "cloture");
  g_assert_cmpstr (json_object_get_string_member (cloture, "motif"), ==, "sans_reponse_relance");
  g_assert_cmpstr (json_object_get_string_member (cloture, "date"), ==,
                   "2026-03-28T07:30:00+01:00");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (closed, "journal")), ==,
                    4);
  entry = last_journal_entry (closed);
  g_assert_cmpstr (json_object_get_string_member (entry, "service"), ==, "cloture");
  g_assert_cmpstr (json_object_get_string_member (entry, "auteur"), ==, "relais-server");
  g_assert_cmpstr (json_object_get_string_member (entry, "date"), ==, "2026-03-28T07:30:00+01:00");
  g_assert_nonnull (strstr (json_object_get_string_member (entry, "detail"), "20/03/2026"));
  /* Untouched fields stay. */
  g_assert_cmpstr (json_object_get_string_member (closed, "date_relance"), ==, "2026-03-20");
  g_assert_cmpstr (json_object_get_string_member (closed, "preselection"), ==, "verification");
}

static void
test_closure_idempotent (void)
{
  g_autoptr (JsonObject) offre = offre_relance ("2026-03-20", "", "");
  g_autoptr (GDateTime) now = at ("2026-03-29T06:00:00+02:00");
  g_autoptr (GDateTime) later = at ("2026-06-01T06:00:00+02:00");
  g_autoptr (JsonObject) closed = relais_offer_build_auto_closure (offre, now);
  g_autoptr (JsonObject) again = NULL;
  g_autoptr (JsonObject) manual = parse_object (OFFRE_HEAD ",\"date_relance\":\"2026-03-20\"}");
  g_autoptr (JsonObject) manual_closed = NULL;

  g_assert_nonnull (closed);
  g_assert_false (relais_offer_needs_auto_closure (closed, later));
  again = relais_offer_build_auto_closure (closed, later);
  g_assert_null (again);

  /* Closed by a counsellor: left alone. */
  json_object_set_string_member (manual, "statut", "cloturee");
  g_assert_false (relais_offer_needs_auto_closure (manual, later));
  manual_closed = relais_offer_build_auto_closure (manual, later);
  g_assert_null (manual_closed);
}

/* Without a journal the closure creates one. */
static void
test_closure_without_journal (void)
{
  g_autoptr (JsonObject) offre = parse_object (OFFRE_HEAD ",\"date_relance\":\"2026-03-20\"}");
  g_autoptr (GDateTime) now = at ("2026-04-01T10:00:00+02:00");
  g_autoptr (JsonObject) closed = relais_offer_build_auto_closure (offre, now);
  g_autoptr (JsonObject) broken =
      parse_object (OFFRE_HEAD ",\"date_relance\":\"2026-03-20\",\"journal\":\"oops\"}");
  g_autoptr (JsonObject) broken_closed = relais_offer_build_auto_closure (broken, now);

  g_assert_nonnull (closed);
  assert_valid (closed);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (closed, "journal")), ==,
                    1);
  g_assert_false (json_object_has_member (offre, "journal"));
  g_assert_null (broken_closed);
}

static GPtrArray *
candidatures_new (void)
{
  GPtrArray *cands = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  static const char *const docs[] = {
    "{\"_id\":\"candidature:1\",\"offre\":\"offre:o1\",\"de\":\"de:d1\",\"statut\":\"mer\","
    "\"date\":\"2026-03-03T10:00:00+01:00\"}",
    "{\"_id\":\"candidature:2\",\"offre\":\"offre:o1\",\"de\":\"de:d2\",\"statut\":"
    "\"non_retenue\",\"date\":\"2026-03-04T10:00:00+01:00\",\"retour_employeur\":\"Manque "
    "d'expérience en cariste\"}",
    /* Same DE twice: one message. */
    "{\"_id\":\"candidature:3\",\"offre\":\"offre:o1\",\"de\":\"de:d1\",\"statut\":\"proposee\","
    "\"date\":\"2026-03-05T10:00:00+01:00\"}",
    /* The person hired knows. */
    "{\"_id\":\"candidature:4\",\"offre\":\"offre:o1\",\"de\":\"de:d3\",\"statut\":\"embauche\","
    "\"date\":\"2026-03-05T10:00:00+01:00\"}",
    /* Another offer. */
    "{\"_id\":\"candidature:5\",\"offre\":\"offre:o2\",\"de\":\"de:d4\",\"statut\":\"mer\","
    "\"date\":\"2026-03-05T10:00:00+01:00\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    g_ptr_array_add (cands, parse_object (docs[i]));
  return cands;
}

static void
test_closure_messages (void)
{
  g_autoptr (JsonObject) offre = offre_relance ("2026-03-20", "", "");
  g_autoptr (GDateTime) now = at ("2026-03-29T06:00:00+02:00");
  g_autoptr (JsonObject) closed = relais_offer_build_auto_closure (offre, now);
  g_autoptr (JsonObject) entreprise =
      parse_object ("{\"_id\":\"entreprise:n1\",\"type\":\"entreprise\",\"nom\":\"Transports "
                    "Morel\",\"contact\":{\"nom\":\"M. Morel\",\"email\":\"rh@morel.example\"}}");
  g_autoptr (GPtrArray) cands = candidatures_new ();
  g_autoptr (GPtrArray) messages = relais_offer_closure_messages (closed, cands, entreprise);
  g_autoptr (GPtrArray) open_messages = relais_offer_closure_messages (offre, cands, entreprise);
  g_autoptr (GPtrArray) no_address = relais_offer_closure_messages (closed, NULL, NULL);
  RelaisOfferMessage *m;

  g_assert_cmpuint (open_messages->len, ==, 0);

  /* Satisfaction + d1 + d2. */
  g_assert_cmpuint (messages->len, ==, 3);
  m = g_ptr_array_index (messages, 0);
  g_assert_cmpint (m->kind, ==, RELAIS_OFFER_MESSAGE_SATISFACTION);
  g_assert_cmpstr (m->to, ==, "rh@morel.example");
  g_assert_cmpstr (m->recipient_id, ==, "entreprise:n1");
  g_assert_cmpstr (m->offre_id, ==, "offre:o1");
  g_assert_nonnull (strstr (m->subject, TITLE));
  g_assert_nonnull (strstr (m->body, TITLE));
  g_assert_nonnull (strstr (m->body, "satisfaction"));
  g_assert_nonnull (strstr (m->body, "relance du 20/03/2026"));
  g_assert_nonnull (strstr (m->body, "29/03/2026"));

  m = g_ptr_array_index (messages, 1);
  g_assert_cmpint (m->kind, ==, RELAIS_OFFER_MESSAGE_CLOTURE_DE);
  g_assert_null (m->to);
  g_assert_cmpstr (m->recipient_id, ==, "de:d1");
  g_assert_nonnull (strstr (m->subject, TITLE));
  g_assert_nonnull (strstr (m->body, TITLE));
  g_assert_nonnull (strstr (m->body, "Transports Morel"));
  g_assert_null (strstr (m->body, "Retour de l'employeur"));

  m = g_ptr_array_index (messages, 2);
  g_assert_cmpstr (m->recipient_id, ==, "de:d2");
  g_assert_nonnull (strstr (m->body, "Manque d'expérience en cariste"));

  /* Without the entreprise document nor a contact on the offer: no address. */
  g_assert_cmpuint (no_address->len, ==, 1);
  m = g_ptr_array_index (no_address, 0);
  g_assert_null (m->to);
}

static void
test_closure_messages_variants (void)
{
  g_autoptr (GPtrArray) cands = candidatures_new ();
  g_autoptr (JsonObject) appui = parse_object (
      "{\"_id\":\"offre:o1\",\"intitule\":\"" TITLE "\",\"niveau_service\":\"appui\","
      "\"diffusion\":\"nominatif\",\"statut\":\"cloturee\",\"contact\":{\"courriel\":"
      "\"recrutement@example.org\"},\"cloture\":{\"motif\":\"pourvue\",\"personne_recrutee\":"
      "\"de:d3\",\"date\":\"2026-03-20\"}}");
  g_autoptr (JsonObject) anonyme = parse_object (
      "{\"_id\":\"offre:o1\",\"intitule\":\"" TITLE "\",\"niveau_service\":\"accompagnement\","
      "\"diffusion\":\"anonyme\",\"entreprise\":{\"nom\":\"Secret SA\"},\"statut\":\"cloturee\","
      "\"cloture\":{\"motif\":\"non_pourvue\",\"date\":\"2026-03-20T18:00:00+01:00\"}}");
  g_autoptr (GPtrArray) appui_messages = relais_offer_closure_messages (appui, cands, NULL);
  g_autoptr (GPtrArray) anonyme_messages = relais_offer_closure_messages (anonyme, cands, NULL);
  RelaisOfferMessage *m;

  /* Appui: the survey only, addressed from the offer's France Travail contact. */
  g_assert_cmpuint (appui_messages->len, ==, 1);
  m = g_ptr_array_index (appui_messages, 0);
  g_assert_cmpint (m->kind, ==, RELAIS_OFFER_MESSAGE_SATISFACTION);
  g_assert_cmpstr (m->to, ==, "recrutement@example.org");
  g_assert_null (m->recipient_id);
  g_assert_nonnull (strstr (m->body, "20/03/2026"));

  /* Anonymous diffusion: the DE never learns the company's name. */
  g_assert_cmpuint (anonyme_messages->len, ==, 3);
  for (guint i = 1; i < anonyme_messages->len; i++)
    {
      m = g_ptr_array_index (anonyme_messages, i);
      g_assert_nonnull (strstr (m->body, TITLE));
      g_assert_null (strstr (m->body, "Secret SA"));
    }
}

/* Created 1 March, last service 2 March 10:00 (+01:00), no relance. */
#define OFFRE_CALME                                                                                \
  OFFRE_HEAD ",\"journal\":[{\"date\":\"2026-03-01T09:00:00+01:00\",\"service\":\"recueil\"},"     \
             "{\"date\":\"2026-03-02T10:00:00+01:00\",\"service\":\"diffusion\"}]}"

static gboolean
quiet_at (JsonObject *offre, const char *iso, guint days)
{
  g_autoptr (GDateTime) now = at (iso);

  return relais_offer_shows_no_movement (offre, now, days);
}

static void
test_no_movement (void)
{
  g_autoptr (JsonObject) offre = parse_object (OFFRE_CALME);
  g_autoptr (GDateTime) last = relais_offer_last_movement (offre);
  g_autoptr (GDateTime) expected_last = at ("2026-03-02T10:00:00+01:00");

  g_assert_nonnull (last);
  g_assert_true (g_date_time_equal (last, expected_last));
  g_assert_false (quiet_at (offre, "2026-03-17T10:00:00+01:00", 15));
  g_assert_true (quiet_at (offre, "2026-03-17T10:00:01+01:00", 15));
  /* 0 means the default, 15 days. */
  g_assert_cmpuint (RELAIS_OFFER_NO_MOVEMENT_DAYS, ==, 15);
  g_assert_false (quiet_at (offre, "2026-03-17T10:00:00+01:00", 0));
  g_assert_true (quiet_at (offre, "2026-03-17T10:00:01+01:00", 0));
  /* Another period. */
  g_assert_false (quiet_at (offre, "2026-03-09T10:00:00+01:00", 7));
  g_assert_true (quiet_at (offre, "2026-03-09T10:00:01+01:00", 7));
}

/* Date-times without seconds nor offset are Paris wall-clock time. */
static void
test_no_movement_short_datetime (void)
{
  g_autoptr (JsonObject) offre = parse_object (
      OFFRE_HEAD ",\"journal\":[{\"date\":\"2026-03-05T10:00\",\"service\":\"diffusion\"}]}");
  g_autoptr (GDateTime) last = relais_offer_last_movement (offre);
  g_autoptr (GDateTime) expected = at ("2026-03-05T09:00:00Z");

  g_assert_nonnull (last);
  g_assert_true (g_date_time_equal (last, expected));
  g_assert_false (quiet_at (offre, "2026-03-20T10:00:00+01:00", 15));
  g_assert_true (quiet_at (offre, "2026-03-20T10:00:01+01:00", 15));
}

static void
test_no_movement_actualisation (void)
{
  g_autoptr (JsonObject) offre = parse_object (OFFRE_CALME);
  g_autoptr (JsonObject) closed = parse_object (OFFRE_CALME);

  json_object_set_string_member (offre, "dateActualisation", "2026-03-10T08:00:00.000Z");
  g_assert_false (quiet_at (offre, "2026-03-20T00:00:00+01:00", 15));
  g_assert_true (quiet_at (offre, "2026-03-25T09:00:01+01:00", 15));

  json_object_set_string_member (closed, "statut", "cloturee");
  g_assert_false (quiet_at (closed, "2026-06-01T00:00:00+02:00", 15));
}

/* The alert writes a journal entry; it is not sent again within the period,
 * and a new movement restarts the count. */
static void
test_no_movement_once (void)
{
  g_autoptr (JsonObject) offre = parse_object (OFFRE_CALME);
  g_autofree char *before = relais_json_object_canonical (offre);
  g_autofree char *after = NULL;
  g_autoptr (GDateTime) early = at ("2026-03-10T08:00:00+01:00");
  g_autoptr (GDateTime) now = at ("2026-03-18T08:00:00+01:00");
  g_autoptr (GDateTime) next_day = at ("2026-03-19T08:00:00+01:00");
  g_autoptr (JsonObject) none = relais_offer_build_no_movement_alert (offre, early, 15);
  g_autoptr (JsonObject) alerted = relais_offer_build_no_movement_alert (offre, now, 15);
  g_autoptr (JsonObject) twice = NULL;
  g_autoptr (JsonObject) moved = NULL;
  g_autoptr (GDateTime) last = NULL;
  g_autoptr (GDateTime) expected_last = at ("2026-03-02T10:00:00+01:00");
  JsonObject *entry;

  g_assert_null (none);
  g_assert_nonnull (alerted);
  after = relais_json_object_canonical (offre);
  g_assert_cmpstr (before, ==, after);
  assert_valid (alerted);
  entry = last_journal_entry (alerted);
  g_assert_cmpstr (json_object_get_string_member (entry, "service"), ==, "alerte_sans_mouvement");
  g_assert_cmpstr (json_object_get_string_member (entry, "auteur"), ==, "relais-server");
  g_assert_cmpstr (json_object_get_string_member (entry, "date"), ==, "2026-03-18T08:00:00+01:00");

  /* The alert is not a movement of the offer. */
  last = relais_offer_last_movement (alerted);
  g_assert_true (g_date_time_equal (last, expected_last));

  twice = relais_offer_build_no_movement_alert (alerted, next_day, 15);
  g_assert_null (twice);
  /* 15 days after the alert, across summer time: 2 April 08:00 +02:00. */
  g_assert_false (quiet_at (alerted, "2026-04-02T08:00:00+02:00", 15));
  g_assert_true (quiet_at (alerted, "2026-04-02T08:00:01+02:00", 15));

  /* A mise en relation after the alert: quiet again until 15 days later. */
  moved = json_object_ref (alerted);
  json_array_add_element (
      json_object_get_array_member (moved, "journal"),
      json_from_string ("{\"date\":\"2026-03-25T14:00:00+01:00\",\"service\":\"mise_en_relation\"}",
                        NULL));
  g_assert_false (quiet_at (moved, "2026-04-03T00:00:00+02:00", 15));
  g_assert_false (quiet_at (moved, "2026-04-09T14:00:00+02:00", 15));
  g_assert_true (quiet_at (moved, "2026-04-09T14:00:01+02:00", 15));
}

static void
test_no_movement_message (void)
{
  g_autoptr (JsonObject) offre = parse_object (OFFRE_CALME);
  g_autoptr (JsonObject) entreprise =
      parse_object ("{\"_id\":\"entreprise:n1\",\"contact\":{\"email\":\"rh@morel.example\"}}");
  g_autoptr (JsonObject) bad_address =
      parse_object ("{\"_id\":\"entreprise:n1\",\"contact\":{\"email\":\"pas une adresse\"}}");
  g_autoptr (RelaisOfferMessage) m = relais_offer_no_movement_message (offre, entreprise, 0);
  g_autoptr (RelaisOfferMessage) m2 = relais_offer_no_movement_message (offre, bad_address, 20);

  g_assert_cmpint (m->kind, ==, RELAIS_OFFER_MESSAGE_SANS_MOUVEMENT);
  g_assert_cmpstr (m->to, ==, "rh@morel.example");
  g_assert_cmpstr (m->recipient_id, ==, "entreprise:n1");
  g_assert_cmpstr (m->offre_id, ==, "offre:o1");
  g_assert_nonnull (strstr (m->subject, TITLE));
  g_assert_nonnull (strstr (m->subject, "15 jours"));
  g_assert_nonnull (strstr (m->body, TITLE));
  g_assert_nonnull (strstr (m->body, "02/03/2026"));
  g_assert_true (g_utf8_validate (m->body, -1, NULL));

  g_assert_null (m2->to);
  g_assert_nonnull (strstr (m2->subject, "20 jours"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/offer-rules/closure/boundary", test_closure_boundary);
  g_test_add_func ("/offer-rules/closure/across-dst", test_closure_across_dst);
  g_test_add_func ("/offer-rules/closure/answered", test_closure_answered);
  g_test_add_func ("/offer-rules/closure/body", test_closure_body);
  g_test_add_func ("/offer-rules/closure/idempotent", test_closure_idempotent);
  g_test_add_func ("/offer-rules/closure/without-journal", test_closure_without_journal);
  g_test_add_func ("/offer-rules/closure/messages", test_closure_messages);
  g_test_add_func ("/offer-rules/closure/messages-variants", test_closure_messages_variants);
  g_test_add_func ("/offer-rules/no-movement/period", test_no_movement);
  g_test_add_func ("/offer-rules/no-movement/short-datetime", test_no_movement_short_datetime);
  g_test_add_func ("/offer-rules/no-movement/actualisation", test_no_movement_actualisation);
  g_test_add_func ("/offer-rules/no-movement/once", test_no_movement_once);
  g_test_add_func ("/offer-rules/no-movement/message", test_no_movement_message);

  return g_test_run ();
}

/* test-alerts.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Alerts of a job seeker's path and of portfolios: month arithmetic across
 * month ends and leap years, due / overdue boundaries of M4 and M9, the
 * référent, the entretien d'ajustement, ESCALADE and portfolio capacity.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "relais-alerts.h"

static void
set_day (GDate *date, const char *text)
{
  g_date_clear (date, 1);
  g_assert_true (relais_date_parse (text, date));
}

static char *
day_text (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

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

static GPtrArray *
docs_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

static void
docs_add (GPtrArray *docs, const char *json)
{
  g_ptr_array_add (docs, parse_object (json));
}

static JsonObject *
de_new (const char *inscription, const char *modalite, const char *referent)
{
  g_autoptr (GString) json = g_string_new ("{\"_id\":\"de:d1\",\"type\":\"de\",");

  g_string_append_printf (json, "\"date_inscription\":\"%s\"", inscription);
  if (modalite != NULL)
    g_string_append_printf (json, ",\"modalite\":\"%s\"", modalite);
  if (referent != NULL)
    g_string_append_printf (json, ",\"referent\":\"%s\"", referent);
  g_string_append (json, "}");
  return parse_object (json->str);
}

static GPtrArray *
alerts_on (JsonObject *de, GPtrArray *entretiens, GPtrArray *contacts, const char *today)
{
  GDate day;

  set_day (&day, today);
  return relais_alerts_for_de (de, entretiens, contacts, &day);
}

static guint
count_kind (GPtrArray *alerts, RelaisAlertKind kind)
{
  guint n = 0;

  for (guint i = 0; i < alerts->len; i++)
    if (((RelaisAlert *) g_ptr_array_index (alerts, i))->kind == kind)
      n++;
  return n;
}

static RelaisAlert *
find_kind (GPtrArray *alerts, RelaisAlertKind kind)
{
  for (guint i = 0; i < alerts->len; i++)
    if (((RelaisAlert *) g_ptr_array_index (alerts, i))->kind == kind)
      return g_ptr_array_index (alerts, i);
  return NULL;
}

static void
test_add_months (void)
{
  static const struct
  {
    const char *from;
    guint months;
    const char *expected;
  } cases[] = {
    { "2024-01-31", 4, "2024-05-31" },  { "2024-01-31", 9, "2024-10-31" },
    { "2023-01-31", 1, "2023-02-28" },  { "2024-01-31", 1, "2024-02-29" },
    { "2024-08-30", 4, "2024-12-30" },  { "2024-08-31", 4, "2024-12-31" },
    { "2024-08-30", 9, "2025-05-30" },  { "2024-08-31", 9, "2025-05-31" },
    { "2023-08-31", 4, "2023-12-31" },  { "2023-06-30", 8, "2024-02-29" },
    { "2024-02-29", 4, "2024-06-29" },  { "2024-02-29", 9, "2024-11-29" },
    { "2024-02-29", 12, "2025-02-28" }, { "2023-10-31", 4, "2024-02-29" },
    { "2024-10-31", 4, "2025-02-28" },  { "2099-10-31", 4, "2100-02-28" },
    { "2099-10-31", 4, "2100-02-28" },  { "2095-10-31", 4, "2096-02-29" },
    { "2024-05-31", 9, "2025-02-28" },  { "2023-05-31", 9, "2024-02-29" },
    { "2024-12-31", 0, "2024-12-31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;
      g_autofree char *text = NULL;

      set_day (&date, cases[i].from);
      relais_date_add_months (&date, cases[i].months);
      text = day_text (&date);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_levels (void)
{
  g_assert_cmpint (relais_alert_level_for_modalite ("suivi"), ==, RELAIS_ALERT_INFORMATIVE);
  g_assert_cmpint (relais_alert_level_for_modalite ("guide"), ==, RELAIS_ALERT_BLOCKING);
  g_assert_cmpint (relais_alert_level_for_modalite ("renforce"), ==, RELAIS_ALERT_BLOCKING);
  g_assert_cmpint (relais_alert_level_for_modalite ("global"), ==, RELAIS_ALERT_BLOCKING);
  g_assert_cmpint (relais_alert_level_for_modalite (NULL), ==, RELAIS_ALERT_INFORMATIVE);
  g_assert_cmpint (relais_alert_level_for_modalite ("inconnue"), ==, RELAIS_ALERT_INFORMATIVE);
  g_assert_cmpint (relais_alert_level_for_modalite (""), ==, RELAIS_ALERT_INFORMATIVE);
}

/* The level of every alert of a DE follows its modality. */
static void
test_levels_on_alerts (void)
{
  static const struct
  {
    const char *modalite;
    RelaisAlertLevel level;
  } cases[] = {
    { "suivi", RELAIS_ALERT_INFORMATIVE }, { "guide", RELAIS_ALERT_BLOCKING },
    { "renforce", RELAIS_ALERT_BLOCKING }, { "global", RELAIS_ALERT_BLOCKING },
    { NULL, RELAIS_ALERT_INFORMATIVE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonObject) de = de_new ("2024-01-10", cases[i].modalite, NULL);
      g_autoptr (GPtrArray) alerts = alerts_on (de, NULL, NULL, "2025-01-10");

      /* référent, M4 overdue, M9 overdue */
      g_assert_cmpuint (alerts->len, ==, 3);
      for (guint k = 0; k < alerts->len; k++)
        g_assert_cmpint (((RelaisAlert *) g_ptr_array_index (alerts, k))->level, ==,
                         cases[i].level);
    }
}

/* Registration 31 Oct 2023: M4 is 29 Feb 2024 (leap), the due window opens
 * 30 days before, on 30 Jan 2024. */
static void
test_m4_boundaries (void)
{
  g_autoptr (JsonObject) de = de_new ("2023-10-31", "guide", "conseiller:c1");
  static const struct
  {
    const char *today;
    gboolean due;
    gboolean overdue;
  } cases[] = {
    { "2024-01-29", FALSE, FALSE }, /* day before the window */
    { "2024-01-30", TRUE, FALSE },  /* window opens */
    { "2024-02-28", TRUE, FALSE },  /* day before the deadline */
    { "2024-02-29", TRUE, FALSE },  /* deadline day */
    { "2024-03-01", FALSE, TRUE },  /* day after */
    { "2024-06-30", FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) alerts = alerts_on (de, NULL, NULL, cases[i].today);
      RelaisAlert *alert;
      g_autofree char *due = NULL;

      g_assert_cmpuint (count_kind (alerts, RELAIS_ALERT_M4_DUE), ==, cases[i].due ? 1 : 0);
      g_assert_cmpuint (count_kind (alerts, RELAIS_ALERT_M4_OVERDUE), ==, cases[i].overdue ? 1 : 0);
      g_assert_cmpuint (count_kind (alerts, RELAIS_ALERT_REFERENT_MISSING), ==, 0);
      alert = find_kind (alerts, cases[i].due ? RELAIS_ALERT_M4_DUE : RELAIS_ALERT_M4_OVERDUE);
      if (alert == NULL)
        continue;
      due = day_text (&alert->due);
      g_assert_cmpstr (due, ==, "2024-02-29");
      g_assert_cmpstr (alert->subject_id, ==, "de:d1");
      g_assert_cmpint (alert->level, ==, RELAIS_ALERT_BLOCKING);
      g_assert_nonnull (alert->message);
      g_assert_nonnull (strstr (alert->message, "29/02/2024"));
    }
}

/* Registration 31 May 2024: M9 is 28 Feb 2025 (not leap). */
static void
test_m9_boundaries (void)
{
  g_autoptr (JsonObject) de = de_new ("2024-05-31", "suivi", "conseiller:c1");
  g_autoptr (GPtrArray) entretiens = docs_new ();
  static const struct
  {
    const char *today;
    gboolean due;
    gboolean overdue;
  } cases[] = {
    { "2025-01-28", FALSE, FALSE }, { "2025-01-29", TRUE, FALSE }, { "2025-02-27", TRUE, FALSE },
    { "2025-02-28", TRUE, FALSE },  { "2025-03-01", FALSE, TRUE },
  };

  /* M4 held: only M9 remains. */
  docs_add (entretiens, "{\"_id\":\"entretien:m4\",\"de\":\"de:d1\",\"nature\":\"m4\","
                        "\"statut\":\"realise\",\"date\":\"2024-09-20T10:00:00+02:00\"}");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) alerts = alerts_on (de, entretiens, NULL, cases[i].today);
      RelaisAlert *alert;
      g_autofree char *due = NULL;

      g_assert_cmpuint (alerts->len, ==, cases[i].due || cases[i].overdue ? 1 : 0);
      g_assert_cmpuint (count_kind (alerts, RELAIS_ALERT_M9_DUE), ==, cases[i].due ? 1 : 0);
      g_assert_cmpuint (count_kind (alerts, RELAIS_ALERT_M9_OVERDUE), ==, cases[i].overdue ? 1 : 0);
      if (alerts->len == 0)
        continue;
      alert = g_ptr_array_index (alerts, 0);
      due = day_text (&alert->due);
      g_assert_cmpstr (due, ==, "2025-02-28");
      g_assert_cmpint (alert->level, ==, RELAIS_ALERT_INFORMATIVE);
    }
}

static void
test_milestones_done (void)
{
  g_autoptr (JsonObject) de = de_new ("2024-01-31", "renforce", "conseiller:c1");
  g_autoptr (GPtrArray) entretiens = docs_new ();
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;

  /* Only planned, cancelled, or another DE's: still overdue. */
  docs_add (entretiens, "{\"_id\":\"entretien:a\",\"de\":\"de:d1\",\"nature\":\"m4\","
                        "\"statut\":\"planifie\",\"date\":\"2024-05-20T10:00:00+02:00\"}");
  docs_add (entretiens, "{\"_id\":\"entretien:b\",\"de\":\"de:d1\",\"nature\":\"m4\","
                        "\"statut\":\"annule\",\"date\":\"2024-05-21T10:00:00+02:00\"}");
  docs_add (entretiens, "{\"_id\":\"entretien:c\",\"de\":\"de:other\",\"nature\":\"m4\","
                        "\"statut\":\"realise\",\"date\":\"2024-05-21T10:00:00+02:00\"}");
  docs_add (entretiens, "{\"_id\":\"entretien:d\",\"de\":\"de:d1\",\"nature\":\"m9\","
                        "\"statut\":\"absent\",\"date\":\"2024-10-21T10:00:00+02:00\"}");
  before = alerts_on (de, entretiens, NULL, "2024-12-01");
  g_assert_cmpuint (before->len, ==, 2);
  g_assert_cmpuint (count_kind (before, RELAIS_ALERT_M4_OVERDUE), ==, 1);
  g_assert_cmpuint (count_kind (before, RELAIS_ALERT_M9_OVERDUE), ==, 1);

  /* Held — even late — clears them. */
  docs_add (entretiens, "{\"_id\":\"entretien:e\",\"de\":\"de:d1\",\"nature\":\"m4\","
                        "\"statut\":\"realise\",\"date\":\"2024-06-03T10:00:00+02:00\"}");
  docs_add (entretiens, "{\"_id\":\"entretien:f\",\"de\":\"de:d1\",\"nature\":\"m9\","
                        "\"statut\":\"realise\",\"date\":\"2024-10-30T10:00:00+01:00\"}");
  after = alerts_on (de, entretiens, NULL, "2024-12-01");
  g_assert_cmpuint (after->len, ==, 0);
}

static void
test_referent (void)
{
  g_autoptr (JsonObject) with = de_new ("2024-01-31", "suivi", "conseiller:c1");
  g_autoptr (JsonObject) without = de_new ("2024-01-31", "suivi", NULL);
  g_autoptr (JsonObject) null_ref =
      parse_object ("{\"_id\":\"de:d1\",\"date_inscription\":\"2024-01-31\",\"referent\":null}");
  g_autoptr (GPtrArray) entretiens = docs_new ();
  g_autoptr (GPtrArray) a = NULL;
  g_autoptr (GPtrArray) b = NULL;
  g_autoptr (GPtrArray) c = NULL;
  g_autoptr (GPtrArray) d = NULL;
  g_autoptr (GPtrArray) e = NULL;
  RelaisAlert *alert;
  g_autofree char *due = NULL;

  /* M4 = 31 May 2024; M4 held so that only the référent is looked at. */
  docs_add (entretiens, "{\"_id\":\"entretien:m4\",\"de\":\"de:d1\",\"nature\":\"m4\","
                        "\"statut\":\"realise\",\"date\":\"2024-05-02T10:00:00+02:00\"}");
  a = alerts_on (with, entretiens, NULL, "2024-07-01");
  g_assert_cmpuint (a->len, ==, 0);
  b = alerts_on (without, entretiens, NULL, "2024-05-30");
  g_assert_cmpuint (b->len, ==, 0);
  c = alerts_on (without, entretiens, NULL, "2024-05-31");
  g_assert_cmpuint (c->len, ==, 1);
  alert = find_kind (c, RELAIS_ALERT_REFERENT_MISSING);
  g_assert_nonnull (alert);
  g_assert_cmpstr (alert->subject_id, ==, "de:d1");
  g_assert_cmpint (alert->level, ==, RELAIS_ALERT_INFORMATIVE);
  due = day_text (&alert->due);
  g_assert_cmpstr (due, ==, "2024-05-31");
  d = alerts_on (null_ref, entretiens, NULL, "2024-06-01");
  g_assert_cmpuint (count_kind (d, RELAIS_ALERT_REFERENT_MISSING), ==, 1);
  e = alerts_on (with, NULL, NULL, "2024-06-01");
  g_assert_cmpuint (count_kind (e, RELAIS_ALERT_REFERENT_MISSING), ==, 0);
}

/* Renforcé decided at the EID: the référent is due from the EID on. */
static void
test_referent_renforce (void)
{
  g_autoptr (JsonObject) renforce = de_new ("2024-03-01", "renforce", NULL);
  g_autoptr (JsonObject) guide = de_new ("2024-03-01", "guide", NULL);
  g_autoptr (JsonObject) renforce_ok = de_new ("2024-03-01", "renforce", "conseiller:c1");
  g_autoptr (GPtrArray) planned = docs_new ();
  g_autoptr (GPtrArray) held = docs_new ();
  g_autoptr (GPtrArray) a = NULL;
  g_autoptr (GPtrArray) b = NULL;
  g_autoptr (GPtrArray) c = NULL;
  g_autoptr (GPtrArray) d = NULL;
  RelaisAlert *alert;
  g_autofree char *due = NULL;

  docs_add (planned, "{\"_id\":\"entretien:eid\",\"de\":\"de:d1\",\"nature\":\"eid\","
                     "\"statut\":\"planifie\",\"date\":\"2024-03-12T09:00:00+01:00\"}");
  docs_add (held, "{\"_id\":\"entretien:eid\",\"de\":\"de:d1\",\"nature\":\"eid\","
                  "\"statut\":\"realise\",\"date\":\"2024-03-12T09:00:00+01:00\"}");

  a = alerts_on (renforce, planned, NULL, "2024-03-20");
  g_assert_cmpuint (a->len, ==, 0);
  b = alerts_on (renforce, held, NULL, "2024-03-12");
  g_assert_cmpuint (b->len, ==, 1);
  alert = find_kind (b, RELAIS_ALERT_REFERENT_MISSING);
  g_assert_nonnull (alert);
  g_assert_cmpint (alert->level, ==, RELAIS_ALERT_BLOCKING);
  due = day_text (&alert->due);
  g_assert_cmpstr (due, ==, "2024-03-12");
  c = alerts_on (guide, held, NULL, "2024-03-20");
  g_assert_cmpuint (c->len, ==, 0);
  d = alerts_on (renforce_ok, held, NULL, "2024-03-20");
  g_assert_cmpuint (d->len, ==, 0);
}

static guint
ajustement_alerts (const char *eid_date, const char *ajustement_date, const char *link)
{
  g_autoptr (JsonObject) de = de_new ("2024-01-02", "guide", "conseiller:c1");
  g_autoptr (GPtrArray) entretiens = docs_new ();
  g_autoptr (GPtrArray) alerts = NULL;
  g_autofree char *eid = g_strdup_printf (
      "{\"_id\":\"entretien:eid\",\"de\":\"de:d1\",\"nature\":\"eid\",\"statut\":\"realise\","
      "\"date\":\"%sT09:00:00+01:00\"}",
      eid_date);
  g_autofree char *ajust =
      g_strdup_printf ("{\"_id\":\"entretien:aj\",\"de\":\"de:d1\",\"nature\":\"ajustement\","
                       "\"statut\":\"planifie\",\"date\":\"%sT16:00:00+01:00\"%s}",
                       ajustement_date, link);
  RelaisAlert *alert;

  docs_add (entretiens, eid);
  docs_add (entretiens, ajust);
  /* Today before M4's window so that only the ajustement speaks. */
  alerts = alerts_on (de, entretiens, NULL, "2024-01-03");
  alert = find_kind (alerts, RELAIS_ALERT_AJUSTEMENT_LATE);
  if (alert != NULL)
    {
      GDate limit;

      g_assert_cmpstr (alert->subject_id, ==, "entretien:aj");
      g_assert_cmpint (alert->level, ==, RELAIS_ALERT_BLOCKING);
      set_day (&limit, eid_date);
      g_date_add_days (&limit, 14);
      g_assert_cmpint (g_date_compare (&limit, &alert->due), ==, 0);
    }
  return count_kind (alerts, RELAIS_ALERT_AJUSTEMENT_LATE);
}

static void
test_ajustement (void)
{
  /* Plain month. */
  g_assert_cmpuint (ajustement_alerts ("2024-01-10", "2024-01-24", ""), ==, 0);
  g_assert_cmpuint (ajustement_alerts ("2024-01-10", "2024-01-25", ""), ==, 1);
  g_assert_cmpuint (ajustement_alerts ("2024-01-10", "2024-01-10", ""), ==, 0);
  /* Across the leap February of 2024: 20 Feb + 14 = 5 Mar. */
  g_assert_cmpuint (ajustement_alerts ("2024-02-20", "2024-03-05", ""), ==, 0);
  g_assert_cmpuint (ajustement_alerts ("2024-02-20", "2024-03-06", ""), ==, 1);
  /* Across a common February: 20 Feb 2023 + 14 = 6 Mar. */
  g_assert_cmpuint (ajustement_alerts ("2023-02-20", "2023-03-06", ""), ==, 0);
  g_assert_cmpuint (ajustement_alerts ("2023-02-20", "2023-03-07", ""), ==, 1);
  /* Through the named EID and through eid_date. */
  g_assert_cmpuint (ajustement_alerts ("2024-01-10", "2024-01-25", ",\"eid\":\"entretien:eid\""),
                    ==, 1);
  g_assert_cmpuint (ajustement_alerts ("2024-01-10", "2024-01-25", ",\"eid_date\":\"2024-01-12\""),
                    ==, 0);
}

static void
test_ajustement_cancelled (void)
{
  g_autoptr (JsonObject) de = de_new ("2024-01-02", "guide", "conseiller:c1");
  g_autoptr (GPtrArray) entretiens = docs_new ();
  g_autoptr (GPtrArray) alerts = NULL;

  docs_add (entretiens, "{\"_id\":\"entretien:eid\",\"de\":\"de:d1\",\"nature\":\"eid\","
                        "\"statut\":\"realise\",\"date\":\"2024-01-10T09:00:00+01:00\"}");
  docs_add (entretiens, "{\"_id\":\"entretien:aj\",\"de\":\"de:d1\",\"nature\":\"ajustement\","
                        "\"statut\":\"annule\",\"date\":\"2024-02-10T09:00:00+01:00\"}");
  /* No EID at all: nothing to count from. */
  docs_add (entretiens, "{\"_id\":\"entretien:aj2\",\"de\":\"de:d2\",\"nature\":\"ajustement\","
                        "\"statut\":\"realise\",\"date\":\"2024-02-10T09:00:00+01:00\"}");
  alerts = alerts_on (de, entretiens, NULL, "2024-01-03");
  g_assert_cmpuint (alerts->len, ==, 0);
}

static void
test_escalade (void)
{
  g_autoptr (JsonObject) de = de_new ("2024-01-02", "renforce", "conseiller:c1");
  g_autoptr (GPtrArray) contacts = docs_new ();
  g_autoptr (GPtrArray) alerts = NULL;
  RelaisAlert *alert;
  g_autofree char *due = NULL;

  docs_add (contacts,
            "{\"_id\":\"contact:k1\",\"de\":\"de:d1\",\"sens\":\"entrant\",\"canal\":\"telephone\","
            "\"date\":\"2024-01-05T10:00:00Z\",\"escalade\":{\"statut\":\"ouverte\","
            "\"motif\":\"Question formation\",\"origine\":\"3949\"}}");
  docs_add (contacts,
            "{\"_id\":\"contact:k2\",\"de\":\"de:d1\",\"sens\":\"entrant\",\"canal\":\"web\","
            "\"date\":\"2024-01-06T10:00:00Z\",\"escalade\":{\"statut\":\"traitee\","
            "\"motif\":\"Attestation\",\"traitee_le\":\"2024-01-07T10:00:00Z\"}}");
  docs_add (contacts, "{\"_id\":\"contact:k3\",\"de\":\"de:d1\",\"sens\":\"sortant\","
                      "\"canal\":\"email\",\"date\":\"2024-01-08T10:00:00Z\"}");
  alerts = alerts_on (de, NULL, contacts, "2024-01-10");
  g_assert_cmpuint (alerts->len, ==, 1);
  alert = g_ptr_array_index (alerts, 0);
  g_assert_cmpint (alert->kind, ==, RELAIS_ALERT_ESCALADE_OPEN);
  g_assert_cmpint (alert->level, ==, RELAIS_ALERT_BLOCKING);
  g_assert_cmpstr (alert->subject_id, ==, "contact:k1");
  g_assert_nonnull (strstr (alert->message, "ESCALADE"));
  g_assert_nonnull (strstr (alert->message, "Question formation"));
  due = day_text (&alert->due);
  g_assert_cmpstr (due, ==, "2024-01-05");
}

static guint
portfolio_alerts (const char *json, guint n_de, RelaisAlertLevel *level)
{
  g_autoptr (JsonObject) portefeuille = parse_object (json);
  g_autoptr (GPtrArray) alerts = NULL;
  GDate today;

  set_day (&today, "2024-02-29");
  alerts = relais_alerts_for_portefeuille (portefeuille, n_de, &today);
  if (alerts->len > 0)
    {
      RelaisAlert *alert = g_ptr_array_index (alerts, 0);

      g_assert_cmpint (alert->kind, ==, RELAIS_ALERT_PORTFOLIO_OVER_CAPACITY);
      g_assert_cmpstr (alert->subject_id, ==, "portefeuille:p1");
      g_assert_cmpint (g_date_compare (&alert->due, &today), ==, 0);
      *level = alert->level;
    }
  return alerts->len;
}

static void
test_portfolio (void)
{
  RelaisAlertLevel level = RELAIS_ALERT_INFORMATIVE;

  g_assert_cmpuint (portfolio_alerts ("{\"_id\":\"portefeuille:p1\",\"modalite\":\"renforce\","
                                      "\"capacite\":70}",
                                      70, &level),
                    ==, 0);
  g_assert_cmpuint (portfolio_alerts ("{\"_id\":\"portefeuille:p1\",\"modalite\":\"renforce\","
                                      "\"capacite\":70}",
                                      71, &level),
                    ==, 1);
  g_assert_cmpint (level, ==, RELAIS_ALERT_BLOCKING);
  /* Renforcé is capped at 70 even with an (invalid) larger capacity. */
  g_assert_cmpuint (portfolio_alerts ("{\"_id\":\"portefeuille:p1\",\"modalite\":\"renforce\","
                                      "\"capacite\":90}",
                                      71, &level),
                    ==, 1);
  g_assert_cmpuint (
      portfolio_alerts ("{\"_id\":\"portefeuille:p1\",\"modalite\":\"renforce\"}", 71, &level), ==,
      1);
  /* A smaller renforcé capacity wins. */
  g_assert_cmpuint (portfolio_alerts ("{\"_id\":\"portefeuille:p1\",\"modalite\":\"renforce\","
                                      "\"capacite\":60}",
                                      61, &level),
                    ==, 1);
  /* Custom capacities. */
  g_assert_cmpuint (portfolio_alerts ("{\"_id\":\"portefeuille:p1\",\"modalite\":\"suivi\","
                                      "\"capacite\":400}",
                                      400, &level),
                    ==, 0);
  level = RELAIS_ALERT_BLOCKING;
  g_assert_cmpuint (portfolio_alerts ("{\"_id\":\"portefeuille:p1\",\"modalite\":\"suivi\","
                                      "\"capacite\":400}",
                                      401, &level),
                    ==, 1);
  g_assert_cmpint (level, ==, RELAIS_ALERT_INFORMATIVE);
  g_assert_cmpuint (portfolio_alerts ("{\"_id\":\"portefeuille:p1\",\"modalite\":\"guide\","
                                      "\"capacite\":200}",
                                      201, &level),
                    ==, 1);
  g_assert_cmpint (level, ==, RELAIS_ALERT_BLOCKING);
  /* No capacity outside renforcé: nothing to compare with. */
  g_assert_cmpuint (
      portfolio_alerts ("{\"_id\":\"portefeuille:p1\",\"modalite\":\"global\"}", 500, &level), ==,
      0);
}

/* Messages come out in French under a French locale when the catalogue is
 * installed; whatever the locale they carry the date. */
static void
test_messages (void)
{
  g_autoptr (JsonObject) de = de_new ("2023-10-31", "suivi", NULL);
  g_autoptr (GPtrArray) alerts = alerts_on (de, NULL, NULL, "2024-03-01");

  g_assert_cmpuint (alerts->len, ==, 2);
  for (guint i = 0; i < alerts->len; i++)
    {
      RelaisAlert *alert = g_ptr_array_index (alerts, i);

      g_assert_true (g_utf8_validate (alert->message, -1, NULL));
      g_assert_nonnull (strstr (alert->message, "29/02/2024"));
    }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/alerts/add-months", test_add_months);
  g_test_add_func ("/alerts/levels", test_levels);
  g_test_add_func ("/alerts/levels-on-alerts", test_levels_on_alerts);
  g_test_add_func ("/alerts/m4-boundaries", test_m4_boundaries);
  g_test_add_func ("/alerts/m9-boundaries", test_m9_boundaries);
  g_test_add_func ("/alerts/milestones-done", test_milestones_done);
  g_test_add_func ("/alerts/referent", test_referent);
  g_test_add_func ("/alerts/referent-renforce", test_referent_renforce);
  g_test_add_func ("/alerts/ajustement", test_ajustement);
  g_test_add_func ("/alerts/ajustement-cancelled", test_ajustement_cancelled);
  g_test_add_func ("/alerts/escalade", test_escalade);
  g_test_add_func ("/alerts/portfolio", test_portfolio);
  g_test_add_func ("/alerts/messages", test_messages);

  return g_test_run ();
}

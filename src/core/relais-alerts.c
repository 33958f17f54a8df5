/* relais-alerts.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Alerts on a job seeker's path and on portfolios (DOMAIN.md "The job
 * seeker's path", "The modalities"). Every rule counts calendar days on the
 * dates as written in the documents (DOCUMENTS.md conventions), against a
 * "today" the caller gives, so that nothing here depends on the clock.
 */

#define G_LOG_DOMAIN "relais-rules"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relais-alerts.h"
#include "relais-assignment.h"
#include "relais-doc.h"
#include "relais-domain.h"

void
relais_alert_free (RelaisAlert *alert)
{
  if (alert == NULL)
    return;
  g_free (alert->subject_id);
  g_free (alert->message);
  g_free (alert);
}

/* Adds @n_months calendar months to @date. When the day does not exist in
 * the target month it is clamped to that month's last day: 31 October 2023
 * + 4 months is 29 February 2024, 31 October 2024 + 4 months is 28 February
 * 2025, 31 January + 9 months is 31 October. This is how a counsellor reads
 * "month 4": the deadline never spills into the following month.
 * g_date_add_months() documents exactly this clamping. */
void
relais_date_add_months (GDate *date, guint n_months)
{
  g_return_if_fail (date != NULL);
  g_return_if_fail (g_date_valid (date));

  g_date_add_months (date, n_months);
}

/* DOMAIN.md, "duration alerts": informative in SARE (suivi), blocking in
 * accompagnement guidé and renforcé. The table leaves accompagnement global
 * blank; we make it blocking: it is an accompaniment for DE cumulating social
 * and professional obstacles, more intensive than renforcé, and its M4/M9
 * are as mandatory as in any other modality. Before the EID a DE has no
 * modality yet, and an unknown value may come from a newer schema: neither
 * should block a counsellor, so both are informative. */
RelaisAlertLevel
relais_alert_level_for_modalite (const char *modalite)
{
  if (g_strcmp0 (modalite, "guide") == 0 || g_strcmp0 (modalite, "renforce") == 0 ||
      g_strcmp0 (modalite, "global") == 0)
    return RELAIS_ALERT_BLOCKING;
  return RELAIS_ALERT_INFORMATIVE;
}

static const char *
get_string (JsonObject *obj, const char *name)
{
  JsonNode *node;

  g_assert (obj != NULL);

  node = json_object_get_member (obj, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A date or date-time member, as its calendar day. */
static gboolean
get_day (JsonObject *obj, const char *name, GDate *date)
{
  const char *text = get_string (obj, name);

  if (text == NULL)
    return FALSE;
  g_date_clear (date, 1);
  return relais_date_parse (text, date) || relais_datetime_parse (text, date);
}

static void
format_day (const GDate *date, char out[16])
{
  g_snprintf (out, 16, "%02u/%02u/%04u", g_date_get_day (date), g_date_get_month (date),
              g_date_get_year (date));
}

static void
add_alert (GPtrArray *alerts,
           RelaisAlertKind kind,
           RelaisAlertLevel level,
           const char *subject_id,
           const GDate *due,
           char *message /* owned */)
{
  RelaisAlert *alert = g_new0 (RelaisAlert, 1);

  alert->kind = kind;
  alert->level = level;
  alert->subject_id = g_strdup (subject_id);
  alert->due = *due;
  alert->message = message;
  g_ptr_array_add (alerts, alert);
}

/* Entretiens listed for this DE: ignore one that names another DE, so that a
 * caller passing a wider list never gets another person's interviews counted. */
static gboolean
entretien_is_of (JsonObject *entretien, const char *de_id)
{
  const char *de = get_string (entretien, "de");

  return de == NULL || de_id == NULL || g_strcmp0 (de, de_id) == 0;
}

static gboolean
entretien_held (GPtrArray *entretiens, const char *de_id, const char *nature)
{
  for (guint i = 0; entretiens != NULL && i < entretiens->len; i++)
    {
      JsonObject *e = g_ptr_array_index (entretiens, i);

      if (entretien_is_of (e, de_id) && g_strcmp0 (get_string (e, "nature"), nature) == 0 &&
          g_strcmp0 (get_string (e, "statut"), "realise") == 0)
        return TRUE;
    }
  return FALSE;
}

/* The DE's EID: the held one if any, otherwise the earliest one not cancelled
 * (its date was fixed, the ajustement counts from it). */
static JsonObject *
find_eid (GPtrArray *entretiens, const char *de_id, gboolean held_only)
{
  JsonObject *best = NULL;
  GDate best_day;

  g_date_clear (&best_day, 1);
  for (guint i = 0; entretiens != NULL && i < entretiens->len; i++)
    {
      JsonObject *e = g_ptr_array_index (entretiens, i);
      const char *statut = get_string (e, "statut");
      GDate day;

      if (!entretien_is_of (e, de_id) || g_strcmp0 (get_string (e, "nature"), "eid") != 0 ||
          !get_day (e, "date", &day))
        continue;
      if (g_strcmp0 (statut, "realise") == 0)
        return e;
      if (held_only || g_strcmp0 (statut, "annule") == 0)
        continue;
      if (best == NULL || g_date_compare (&day, &best_day) < 0)
        {
          best = e;
          best_day = day;
        }
    }
  return best;
}

/* Returns: (transfer none) (nullable): the DE's EID as the ajustement rule
 * reads it (the held one, else the earliest not cancelled), for the
 * agenda that plans an ajustement after it. */
JsonObject *
relais_alerts_find_eid (GPtrArray *entretiens, const char *de_id)
{
  return find_eid (entretiens, de_id, FALSE);
}

static JsonObject *
find_by_id (GPtrArray *docs, const char *id)
{
  for (guint i = 0; id != NULL && docs != NULL && i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);

      if (g_strcmp0 (relais_doc_get_id (doc), id) == 0)
        return doc;
    }
  return NULL;
}

static gboolean
referent_missing (JsonObject *de)
{
  const char *referent = get_string (de, "referent");

  /* Absent, null and "" all mean "not designated" (DOCUMENTS.md allows null). */
  return referent == NULL || *referent == '\0';
}

static void
check_referent (GPtrArray *alerts,
                JsonObject *de,
                GPtrArray *entretiens,
                const GDate *m4,
                const GDate *today,
                RelaisAlertLevel level)
{
  const char *de_id = relais_doc_get_id (de);
  char day[16];

  if (!referent_missing (de))
    return;

  /* Renforcé decided at the EID starts right away, with its référent. */
  if (g_strcmp0 (get_string (de, "modalite"), "renforce") == 0)
    {
      JsonObject *eid = find_eid (entretiens, de_id, TRUE);
      GDate eid_day;

      if (eid != NULL && get_day (eid, "date", &eid_day) && g_date_compare (today, &eid_day) >= 0)
        {
          format_day (&eid_day, day);
          add_alert (alerts, RELAIS_ALERT_REFERENT_MISSING, level, de_id, &eid_day,
                     g_strdup_printf (_ ("No référent designated for the accompagnement "
                                         "renforcé decided at the EID of %s"),
                                      day));
          return;
        }
    }

  /* Otherwise "at the latest by month 4": the M4 interview is held with the
   * référent, so on the M4 day itself he must be known. */
  if (m4 != NULL && g_date_compare (today, m4) >= 0)
    {
      format_day (m4, day);
      add_alert (alerts, RELAIS_ALERT_REFERENT_MISSING, level, de_id, m4,
                 g_strdup_printf (_ ("No référent designated by month 4 (%s)"), day));
    }
}

/* Due from RELAIS_ALERT_DUE_WINDOW_DAYS before the deadline up to the
 * deadline day included; overdue from the day after. A held (realise)
 * interview of that nature clears both, even if it was held late. */
static void
check_milestone (GPtrArray *alerts,
                 JsonObject *de,
                 GPtrArray *entretiens,
                 const char *nature,
                 const GDate *deadline,
                 const GDate *today,
                 RelaisAlertLevel level)
{
  const char *de_id = relais_doc_get_id (de);
  gboolean is_m4 = g_strcmp0 (nature, "m4") == 0;
  GDate window;
  char day[16];

  if (entretien_held (entretiens, de_id, nature))
    return;

  format_day (deadline, day);
  if (g_date_compare (today, deadline) > 0)
    {
      add_alert (alerts, is_m4 ? RELAIS_ALERT_M4_OVERDUE : RELAIS_ALERT_M9_OVERDUE, level, de_id,
                 deadline,
                 g_strdup_printf (is_m4 ? _ ("Entretien du 4e mois overdue since %s")
                                        : _ ("Entretien du 9e mois overdue since %s"),
                                  day));
      return;
    }

  window = *deadline;
  g_date_subtract_days (&window, RELAIS_ALERT_DUE_WINDOW_DAYS);
  if (g_date_compare (today, &window) >= 0)
    add_alert (alerts, is_m4 ? RELAIS_ALERT_M4_DUE : RELAIS_ALERT_M9_DUE, level, de_id, deadline,
               g_strdup_printf (is_m4 ? _ ("Entretien du 4e mois due by %s")
                                      : _ ("Entretien du 9e mois due by %s"),
                                day));
}

/* The entretien d'ajustement is held at most 2 weeks after the EID. Its
 * EID is the one it names (`eid`), else its `eid_date`, else the DE's EID.
 * Planned ones count too (their date was fixed at the EID); cancelled ones
 * do not. */
static void
check_ajustements (GPtrArray *alerts, JsonObject *de, GPtrArray *entretiens, RelaisAlertLevel level)
{
  const char *de_id = relais_doc_get_id (de);

  for (guint i = 0; entretiens != NULL && i < entretiens->len; i++)
    {
      JsonObject *e = g_ptr_array_index (entretiens, i);
      JsonObject *eid;
      GDate day, eid_day, limit;
      gint64 days;
      char text[16];

      if (!entretien_is_of (e, de_id) || g_strcmp0 (get_string (e, "nature"), "ajustement") != 0 ||
          g_strcmp0 (get_string (e, "statut"), "annule") == 0 || !get_day (e, "date", &day))
        continue;

      eid = find_by_id (entretiens, get_string (e, "eid"));
      if (eid == NULL || !get_day (eid, "date", &eid_day))
        {
          if (!get_day (e, "eid_date", &eid_day))
            {
              eid = find_eid (entretiens, de_id, FALSE);
              if (eid == NULL || !get_day (eid, "date", &eid_day))
                continue;
            }
        }

      days = (gint64) g_date_get_julian (&day) - (gint64) g_date_get_julian (&eid_day);
      if (days <= RELAIS_AJUSTEMENT_MAX_DAYS)
        continue;

      limit = eid_day;
      g_date_add_days (&limit, RELAIS_AJUSTEMENT_MAX_DAYS);
      format_day (&eid_day, text);
      add_alert (alerts, RELAIS_ALERT_AJUSTEMENT_LATE, level, relais_doc_get_id (e), &limit,
                 g_strdup_printf (_ ("Entretien d'ajustement %u days after the EID of %s "
                                     "(at most %u)"),
                                  (guint) days, text, (guint) RELAIS_AJUSTEMENT_MAX_DAYS));
    }
}

/* An ESCALADE form left open: the first-level contact was not conclusive and
 * the référent has not answered yet. */
static void
check_escalades (GPtrArray *alerts, JsonObject *de, GPtrArray *contacts, RelaisAlertLevel level)
{
  const char *de_id = relais_doc_get_id (de);

  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    {
      JsonObject *contact = g_ptr_array_index (contacts, i);
      const char *contact_de = get_string (contact, "de");
      JsonNode *node = json_object_get_member (contact, "escalade");
      JsonObject *escalade;
      const char *motif;
      GDate day;

      if (contact_de != NULL && de_id != NULL && g_strcmp0 (contact_de, de_id) != 0)
        continue;
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      escalade = json_node_get_object (node);
      if (g_strcmp0 (get_string (escalade, "statut"), "ouverte") != 0)
        continue;
      if (!get_day (contact, "date", &day))
        {
          g_date_clear (&day, 1);
        }
      motif = get_string (escalade, "motif");
      add_alert (alerts, RELAIS_ALERT_ESCALADE_OPEN, level, relais_doc_get_id (contact), &day,
                 motif != NULL ? g_strdup_printf (_ ("ESCALADE open: %s"), motif)
                               : g_strdup (_ ("ESCALADE open")));
    }
}

/* The alerts of one DE, in a stable order: référent, M4, M9, ajustements,
 * ESCALADE. @entretiens and @contacts are the DE's documents (either may be
 * NULL); the level of every alert follows the DE's modality. */
GPtrArray *
relais_alerts_for_de (JsonObject *de,
                      GPtrArray *entretiens,
                      GPtrArray *contacts,
                      const GDate *today)
{
  g_autoptr (GPtrArray) alerts =
      g_ptr_array_new_with_free_func ((GDestroyNotify) relais_alert_free);
  RelaisAlertLevel level;
  GDate inscription, m4, m9;
  gboolean has_inscription;

  g_return_val_if_fail (de != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  level = relais_alert_level_for_modalite (get_string (de, "modalite"));

  has_inscription = get_day (de, "date_inscription", &inscription);
  if (has_inscription)
    {
      m4 = inscription;
      relais_date_add_months (&m4, RELAIS_M4_MONTHS);
      m9 = inscription;
      relais_date_add_months (&m9, RELAIS_M9_MONTHS);
    }

  check_referent (alerts, de, entretiens, has_inscription ? &m4 : NULL, today, level);
  if (has_inscription)
    {
      check_milestone (alerts, de, entretiens, "m4", &m4, today, level);
      check_milestone (alerts, de, entretiens, "m9", &m9, today, level);
    }
  check_ajustements (alerts, de, entretiens, level);
  check_escalades (alerts, de, contacts, level);

  return g_steal_pointer (&alerts);
}

/* A portfolio holding more DE than its capacity. Renforcé is capped at 70
 * whatever its `capacite` says (DOMAIN.md); other modalities use
 * `capacite` as set by the local diagnosis, and without one there is
 * nothing to compare with. */
GPtrArray *
relais_alerts_for_portefeuille (JsonObject *portefeuille, guint n_de, const GDate *today)
{
  g_autoptr (GPtrArray) alerts =
      g_ptr_array_new_with_free_func ((GDestroyNotify) relais_alert_free);
  const char *modalite;
  gint64 capacite;

  g_return_val_if_fail (portefeuille != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  modalite = get_string (portefeuille, "modalite");
  capacite = relais_portefeuille_max_de (portefeuille);

  if (capacite >= 0 && (gint64) n_de > capacite)
    add_alert (alerts, RELAIS_ALERT_PORTFOLIO_OVER_CAPACITY,
               relais_alert_level_for_modalite (modalite), relais_doc_get_id (portefeuille), today,
               g_strdup_printf (_ ("Portfolio over capacity: %u job seekers for %u places"), n_de,
                                (guint) capacite));

  return g_steal_pointer (&alerts);
}

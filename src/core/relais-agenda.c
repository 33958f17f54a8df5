/* relais-agenda.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The counsellor's agenda (DOMAIN.md "The job seeker's path"). Times are
 * read as written in the documents: a date-time without offset is the
 * Paris wall clock (DOCUMENTS.md), and one with an offset was written in
 * Paris too, so the hour and minute of the text are the agenda's.
 */

#define G_LOG_DOMAIN "relais-rules"

#include "config.h"

#include <string.h>

#include "relais-agenda.h"
#include "relais-doc.h"
#include "relais-domain.h"

static const guint slots[RELAIS_AGENDA_N_SLOTS] = {
  9 * 60,       9 * 60 + 50,  10 * 60 + 40, 11 * 60 + 30, /* 9:00 … 12:20 */
  13 * 60 + 30, 14 * 60 + 20, 15 * 60 + 10, 16 * 60,      /* 13:30 … 16:50 */
};

static const char *
get_string (JsonObject *obj, const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Every interview takes one slot unless it says how long it lasts. */
static guint
get_duree (JsonObject *entretien)
{
  JsonNode *node = json_object_get_member (entretien, "duree_minutes");

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64 && json_node_get_int (node) > 0)
    return (guint) MIN (json_node_get_int (node), 24 * 60);
  return RELAIS_EID_MINUTES;
}

/* Planned and held interviews take the counsellor's time; cancelled ones
 * free it, and so does a DE who did not come (the slot is past anyway). */
static gboolean
takes_time (JsonObject *entretien)
{
  const char *statut = get_string (entretien, "statut");

  return g_strcmp0 (statut, "planifie") == 0 || g_strcmp0 (statut, "realise") == 0;
}

/* Returns: (array fixed-size=8): the start of each EID slot of a working
 * day, in minutes after midnight. */
const guint *
relais_agenda_slots (void)
{
  return slots;
}

/* The calendar day and the wall-clock time (minutes after midnight) of an
 * interview's "date". A date without time is not an interview date. */
gboolean
relais_agenda_entretien_start (JsonObject *entretien, GDate *day, guint *minutes)
{
  const char *text;
  GDate parsed;

  g_return_val_if_fail (entretien != NULL, FALSE);

  text = get_string (entretien, "date");
  g_date_clear (&parsed, 1);
  if (text == NULL || !relais_datetime_parse (text, &parsed) || strlen (text) < 16)
    return FALSE;
  if (day != NULL)
    *day = parsed;
  if (minutes != NULL)
    *minutes = (guint) ((text[11] - '0') * 600 + (text[12] - '0') * 60 + (text[14] - '0') * 10 +
                        (text[15] - '0'));
  return TRUE;
}

/* Returns: (transfer full) (element-type guint): the slots of @day that no
 * planned or held interview of @conseiller (of anyone when NULL) overlaps. */
GArray *
relais_agenda_free_slots (GPtrArray *entretiens, const char *conseiller, const GDate *day)
{
  GArray *free_slots = g_array_new (FALSE, FALSE, sizeof (guint));

  g_return_val_if_fail (day != NULL && g_date_valid (day), free_slots);

  for (guint s = 0; s < RELAIS_AGENDA_N_SLOTS; s++)
    {
      gboolean taken = FALSE;

      for (guint i = 0; !taken && entretiens != NULL && i < entretiens->len; i++)
        {
          JsonObject *e = g_ptr_array_index (entretiens, i);
          GDate e_day;
          guint start;

          if (!takes_time (e) || !relais_agenda_entretien_start (e, &e_day, &start) ||
              g_date_compare (&e_day, day) != 0)
            continue;
          if (conseiller != NULL && g_strcmp0 (get_string (e, "conseiller"), conseiller) != 0)
            continue;
          taken = start < slots[s] + RELAIS_EID_MINUTES && slots[s] < start + get_duree (e);
        }
      if (!taken)
        g_array_append_val (free_slots, slots[s]);
    }
  return free_slots;
}

/* The nature of the interview an alert asks to hold, or NULL when the
 * alert is not about an interview to plan. */
const char *
relais_agenda_nature_for_alert (RelaisAlertKind kind)
{
  switch (kind)
    {
    case RELAIS_ALERT_M4_DUE:
    case RELAIS_ALERT_M4_OVERDUE:
      return "m4";
    case RELAIS_ALERT_M9_DUE:
    case RELAIS_ALERT_M9_OVERDUE:
      return "m9";
    case RELAIS_ALERT_REFERENT_MISSING:
    case RELAIS_ALERT_AJUSTEMENT_LATE:
    case RELAIS_ALERT_PORTFOLIO_OVER_CAPACITY:
    case RELAIS_ALERT_ESCALADE_OPEN:
    default:
      return NULL;
    }
}

/* Returns: (transfer none) (nullable): the earliest planned interview of
 * @nature for @de_id: an alert it answers is booked, not forgotten. */
JsonObject *
relais_agenda_find_planned (GPtrArray *entretiens, const char *de_id, const char *nature)
{
  JsonObject *best = NULL;
  GDate best_day;
  guint best_minutes = 0;

  g_return_val_if_fail (nature != NULL, NULL);

  g_date_clear (&best_day, 1);
  for (guint i = 0; entretiens != NULL && i < entretiens->len; i++)
    {
      JsonObject *e = g_ptr_array_index (entretiens, i);
      GDate day;
      guint minutes;

      if ((de_id != NULL && g_strcmp0 (get_string (e, "de"), de_id) != 0) ||
          g_strcmp0 (get_string (e, "nature"), nature) != 0 ||
          g_strcmp0 (get_string (e, "statut"), "planifie") != 0 ||
          !relais_agenda_entretien_start (e, &day, &minutes))
        continue;
      if (best == NULL || g_date_compare (&day, &best_day) < 0 ||
          (g_date_compare (&day, &best_day) == 0 && minutes < best_minutes))
        {
          best = e;
          best_day = day;
          best_minutes = minutes;
        }
    }
  return best;
}

/* The last day an entretien d'ajustement following @eid may take: 2 weeks
 * after the EID (RELAIS_AJUSTEMENT_MAX_DAYS). */
gboolean
relais_agenda_ajustement_last_day (JsonObject *eid, GDate *last_day)
{
  GDate day;

  g_return_val_if_fail (eid != NULL, FALSE);
  g_return_val_if_fail (last_day != NULL, FALSE);

  if (!relais_agenda_entretien_start (eid, &day, NULL))
    return FALSE;
  g_date_add_days (&day, RELAIS_AJUSTEMENT_MAX_DAYS);
  *last_day = day;
  return TRUE;
}

/* Returns: (transfer full): a new planned entretien on @day at @minutes, one
 * slot long, for the caller to validate (relais_validate_doc()) and save.
 * The ajustement and the M4 are physical whatever @mode says (DOMAIN.md);
 * an ajustement names its @eid with the EID's date and counsellor, so that
 * validation checks the 2 weeks and the same counsellor. */
JsonObject *
relais_agenda_build_entretien (const char *de_id,
                               const char *conseiller,
                               const char *nature,
                               const GDate *day,
                               guint minutes,
                               const char *mode,
                               const char *lieu,
                               const char *motif,
                               JsonObject *eid)
{
  JsonObject *doc;
  g_autofree char *id = NULL;
  char date[32];

  g_return_val_if_fail (de_id != NULL, NULL);
  g_return_val_if_fail (nature != NULL, NULL);
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);
  g_return_val_if_fail (minutes < 24 * 60, NULL);

  id = relais_doc_new_id (RELAIS_DOC_TYPE_ENTRETIEN);
  doc = json_object_new ();
  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", RELAIS_DOC_TYPE_ENTRETIEN);
  json_object_set_int_member (doc, "schema_version", RELAIS_DOC_SCHEMA_VERSION);
  json_object_set_string_member (doc, "de", de_id);
  if (conseiller != NULL)
    json_object_set_string_member (doc, "conseiller", conseiller);
  g_snprintf (date, sizeof date, "%04u-%02u-%02uT%02u:%02u", g_date_get_year (day),
              g_date_get_month (day), g_date_get_day (day), minutes / 60, minutes % 60);
  json_object_set_string_member (doc, "date", date);
  json_object_set_string_member (doc, "nature", nature);
  json_object_set_string_member (doc, "statut", "planifie");
  json_object_set_int_member (doc, "duree_minutes", RELAIS_EID_MINUTES);
  if (g_str_equal (nature, "ajustement") || g_str_equal (nature, "m4") || mode == NULL)
    mode = "physique";
  json_object_set_string_member (doc, "mode", mode);
  if (lieu != NULL && *lieu != '\0')
    json_object_set_string_member (doc, "lieu", lieu);

  if (g_str_equal (nature, "ajustement"))
    {
      if (motif != NULL && *motif != '\0')
        json_object_set_string_member (doc, "motif", motif);
      if (eid != NULL)
        {
          const char *eid_date = get_string (eid, "date");
          const char *eid_conseiller = get_string (eid, "conseiller");

          if (relais_doc_get_id (eid) != NULL)
            json_object_set_string_member (doc, "eid", relais_doc_get_id (eid));
          if (eid_date != NULL)
            json_object_set_string_member (doc, "eid_date", eid_date);
          if (eid_conseiller != NULL)
            json_object_set_string_member (doc, "eid_conseiller", eid_conseiller);
        }
    }
  return doc;
}

/* relais-offer-rules.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Automatic rules on offers run by the server (DOMAIN.md "Employers'
 * offers"): closure without answer to the relance, alert when the offer
 * shows no movement, messages at closure. Every decision takes "now" from
 * the caller; every builder works on a deep copy so that the caller's
 * document (maybe shared with a cache) is never touched.
 */

#define G_LOG_DOMAIN "relais-rules"

#include "config.h"

#include <string.h>

#include "relais-doc.h"
#include "relais-domain.h"
#include "relais-offer-rules.h"

/* French texts sent to employers and job seekers, and written in the journal
 * de l'offre (which the employer sees). They are data of the trade in the
 * recipients' language, not UI strings: they are not marked for translation
 * and stay here, in one place, as literals so that the compiler checks their
 * formats. */
#define TEXT_SIGNATURE "\n\nCordialement,\nVotre agence"
#define TEXT_SATISFACTION_SUBJECT "Clôture de votre offre « %s » : votre avis nous intéresse"
#define TEXT_SATISFACTION_BODY                                                                     \
  "Madame, Monsieur,\n\n"                                                                          \
  "Votre offre d'emploi « %s » a été clôturée le %s. %s\n\n"                                 \
  "Afin d'améliorer nos services, merci de nous indiquer, en réponse à ce message, "            \
  "votre satisfaction sur le traitement de cette offre ainsi que vos perspectives de "             \
  "recrutement pour les mois à venir." TEXT_SIGNATURE
#define TEXT_MOTIF_POURVUE "Nous nous réjouissons que ce recrutement ait abouti."
#define TEXT_MOTIF_SANS_REPONSE                                                                    \
  "Faute de réponse à notre courrier de relance du %s dans un délai de %u jours, elle a été " \
  "clôturée automatiquement."
#define TEXT_MOTIF_ANNULEE "Elle a été annulée."
#define TEXT_MOTIF_NON_POURVUE "Elle n'a pas pu être pourvue."
#define TEXT_MOTIF_AUTRE "Elle n'est plus à pourvoir."
#define TEXT_DE_SUBJECT "Offre « %s » clôturée"
#define TEXT_DE_BODY                                                                               \
  "Bonjour,\n\n"                                                                                   \
  "Votre candidature a été positionnée sur l'offre d'emploi « %s »%s. Cette offre est "       \
  "désormais clôturée.%s\n\n"                                                                   \
  "Votre conseiller reste à votre disposition pour poursuivre vos recherches et vous "            \
  "proposer d'autres offres." TEXT_SIGNATURE
#define TEXT_DE_ENTREPRISE " de l'entreprise %s"
#define TEXT_DE_RETOUR "\n\nRetour de l'employeur : %s"
#define TEXT_SANS_MOUVEMENT_SUBJECT "Votre offre « %s » : aucun mouvement depuis %u jours"
#define TEXT_SANS_MOUVEMENT_BODY                                                                   \
  "Madame, Monsieur,\n\n"                                                                          \
  "Votre offre d'emploi « %s » ne présente aucun mouvement depuis %u jours (dernier "           \
  "mouvement le %s).\n\n"                                                                          \
  "Est-elle toujours d'actualité ? Pour la maintenir, la modifier ou nous signaler un "           \
  "recrutement, il vous suffit de répondre à ce message ou de contacter votre "                  \
  "conseiller." TEXT_SIGNATURE
#define TEXT_JOURNAL_CLOTURE                                                                       \
  "Clôture automatique : pas de réponse de l'employeur au courrier de relance du %s dans "       \
  "les %u jours"
#define TEXT_JOURNAL_SANS_MOUVEMENT "Alerte envoyée au recruteur : aucun mouvement depuis %u jours"
#define TEXT_INTITULE_ABSENT "sans intitulé"

/* Europe/Paris as a POSIX rule (EU summer time since 1996) rather than the
 * system's tzdata: the result is the same on every server and workstation,
 * even one without a zoneinfo database. */
#define PARIS_TZ_RULE "CET-1CEST,M3.5.0,M10.5.0/3"

void
relais_offer_message_free (RelaisOfferMessage *message)
{
  if (message == NULL)
    return;
  g_free (message->to);
  g_free (message->recipient_id);
  g_free (message->offre_id);
  g_free (message->subject);
  g_free (message->body);
  g_free (message);
}

static GTimeZone *
paris (void)
{
  static GTimeZone *tz = NULL;

  if (g_once_init_enter (&tz))
    {
      GTimeZone *zone = g_time_zone_new_identifier (PARIS_TZ_RULE);

      /* Cannot happen with a well-formed rule; UTC keeps us running. */
      if (zone == NULL)
        zone = g_time_zone_new_utc ();
      g_once_init_leave (&tz, zone);
    }
  return tz;
}

/* The agency's time zone, in which dates without an offset are read
 * (DOCUMENTS.md conventions). */
GTimeZone *
relais_offer_time_zone (void)
{
  return g_time_zone_ref (paris ());
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

static JsonObject *
get_object (JsonObject *obj, const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *obj, const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A date (midnight, Paris) or a date-time of DOCUMENTS.md (no offset: Paris)
 * as an instant, in the Paris zone: adding days to it then keeps the
 * wall-clock time across summer-time changes, as a counsellor counts. GLib's
 * ISO 8601 parser wants seconds, which our format makes optional: they are
 * added when missing. */
static GDateTime *
parse_instant (const char *text)
{
  g_autoptr (GDateTime) parsed = NULL;
  GDate date;

  if (text == NULL)
    return NULL;

  g_date_clear (&date, 1);
  if (relais_date_parse (text, &date))
    return g_date_time_new (paris (), g_date_get_year (&date), g_date_get_month (&date),
                            g_date_get_day (&date), 0, 0, 0);

  if (!relais_datetime_parse (text, NULL))
    return NULL;
  if (text[16] != ':')
    {
      g_autofree char *full = g_strdup_printf ("%.16s:00%s", text, text + 16);
      parsed = g_date_time_new_from_iso8601 (full, paris ());
    }
  else
    parsed = g_date_time_new_from_iso8601 (text, paris ());
  return parsed != NULL ? g_date_time_to_timezone (parsed, paris ()) : NULL;
}

/* The calendar day as written, which is what the rules count with. */
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

static char *
format_instant (GDateTime *instant)
{
  g_autoptr (GDateTime) local = g_date_time_to_timezone (instant, paris ());

  /* Whole seconds and an explicit offset: a date-time of DOCUMENTS.md. */
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

static gboolean
is_closed (JsonObject *offre)
{
  return g_strcmp0 (get_string (offre, "statut"), "cloturee") == 0;
}

static JsonNode *copy_node (JsonNode *node);

static JsonObject *
copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, copy_node (member));
  return copy;
}

/* json_node_copy() shares objects and arrays: a builder must never alter the
 * caller's document, so containers are copied all the way down. */
static JsonNode *
copy_node (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, copy_object (json_node_get_object (node)));
      return copy;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *array_copy = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (array_copy, copy_node (json_array_get_element (array, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, array_copy);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* A copy of @offre with one more journal entry, or NULL when the existing
 * journal is not an array: the document is then broken and a counsellor,
 * not a rule, must look at it. The copy is deep, so that the caller's
 * document is never altered. */
JsonObject *
relais_offer_copy_with_journal (
    JsonObject *offre, GDateTime *now, const char *service, const char *auteur, const char *detail)
{
  g_autoptr (JsonObject) copy = NULL;
  g_autofree char *date = NULL;
  JsonNode *node;
  JsonObject *entry;
  JsonArray *journal;

  g_return_val_if_fail (offre != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (service != NULL, NULL);

  node = json_object_get_member (offre, "journal");
  if (node != NULL && !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  copy = copy_object (offre);
  journal = get_array (copy, "journal");
  if (journal == NULL)
    {
      journal = json_array_new ();
      json_object_set_array_member (copy, "journal", journal);
    }

  date = format_instant (now);
  entry = json_object_new ();
  json_object_set_string_member (entry, "date", date);
  json_object_set_string_member (entry, "service", service);
  if (auteur != NULL)
    json_object_set_string_member (entry, "auteur", auteur);
  if (detail != NULL)
    json_object_set_string_member (entry, "detail", detail);
  json_array_add_object_element (journal, entry);

  return g_steal_pointer (&copy);
}

/* The same, written by the server jobs. */
static JsonObject *
copy_with_journal_entry (JsonObject *offre, GDateTime *now, const char *service, const char *detail)
{
  return relais_offer_copy_with_journal (offre, now, service, RELAIS_OFFER_SERVER_AUTHOR, detail);
}

/* A date-time of DOCUMENTS.md for @instant, in the Paris zone. */
char *
relais_offer_format_instant (GDateTime *instant)
{
  g_return_val_if_fail (instant != NULL, NULL);

  return format_instant (instant);
}

/* Services written in the journal by the follow-up itself: they are not an
 * answer from the employer nor a movement of the offer. */
static gboolean
is_follow_up_service (const char *service)
{
  return g_strcmp0 (service, "relance") == 0 || g_strcmp0 (service, "alerte_sans_mouvement") == 0;
}

/* There is no field for the employer's answer to the relance in DOCUMENTS.md:
 * the counsellor who gets it records it as a service in the journal de
 * l'offre (information_suivi, mise_en_relation, changement_service…), or the
 * offer is updated (France Travail's `dateActualisation`). So the relance is
 * answered when, on or after the day of the letter, the journal gains an
 * entry other than the follow-up itself, or when the offer was updated on a
 * later day (an update on the same day may be the recording of the letter). */
gboolean
relais_offer_relance_answered (JsonObject *offre)
{
  JsonArray *journal;
  GDate relance, day;

  g_return_val_if_fail (offre != NULL, FALSE);

  if (!get_day (offre, "date_relance", &relance))
    return FALSE;

  if (get_day (offre, "dateActualisation", &day) && g_date_compare (&day, &relance) > 0)
    return TRUE;

  journal = get_array (offre, "journal");
  for (guint i = 0; journal != NULL && i < json_array_get_length (journal); i++)
    {
      JsonNode *node = json_array_get_element (journal, i);
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      if (is_follow_up_service (get_string (entry, "service")))
        continue;
      if (get_day (entry, "date", &day) && g_date_compare (&day, &relance) >= 0)
        return TRUE;
    }
  return FALSE;
}

/* "The offer is closed automatically when the employer does not answer the
 * follow-up letter within 8 days." The letter's day is a date: the employer
 * has the 8 whole days from its midnight (Paris), so an offer whose relance
 * is dated the 20th may be closed from the 28th at 00:00:01, not at
 * 00:00:00. Closed offers, offers without a relance and answered relances
 * are left alone. */
gboolean
relais_offer_needs_auto_closure (JsonObject *offre, GDateTime *now)
{
  g_autoptr (GDateTime) sent = NULL;
  g_autoptr (GDateTime) deadline = NULL;

  g_return_val_if_fail (offre != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (is_closed (offre))
    return FALSE;
  sent = parse_instant (get_string (offre, "date_relance"));
  if (sent == NULL)
    return FALSE;
  deadline = g_date_time_add_days (sent, RELAIS_RELANCE_CLOTURE_DAYS);
  if (g_date_time_compare (now, deadline) <= 0)
    return FALSE;
  return !relais_offer_relance_answered (offre);
}

/* The new body of an offer closed for want of an answer to the relance:
 * statut cloturee, cloture {motif sans_reponse_relance, date now}, and a
 * journal entry by the server. NULL when the rule does not apply (already
 * closed, answered, not yet 8 days), which makes the job idempotent. The
 * body keeps `_id`/`_rev` so the server can write it as the next revision. */
JsonObject *
relais_offer_build_auto_closure (JsonObject *offre, GDateTime *now)
{
  g_autoptr (JsonObject) copy = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *date = NULL;
  JsonObject *cloture;
  GDate relance;
  char day[16];

  g_return_val_if_fail (offre != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!relais_offer_needs_auto_closure (offre, now) || !get_day (offre, "date_relance", &relance))
    return NULL;

  format_day (&relance, day);
  detail = g_strdup_printf (TEXT_JOURNAL_CLOTURE, day, (guint) RELAIS_RELANCE_CLOTURE_DAYS);
  copy = copy_with_journal_entry (offre, now, "cloture", detail);
  if (copy == NULL)
    return NULL;

  date = format_instant (now);
  cloture = json_object_new ();
  json_object_set_string_member (cloture, "motif", "sans_reponse_relance");
  json_object_set_string_member (cloture, "date", date);
  json_object_set_object_member (copy, "cloture", cloture);
  json_object_set_string_member (copy, "statut", "cloturee");

  return g_steal_pointer (&copy);
}

static void
keep_latest (GDateTime **latest, const char *text)
{
  g_autoptr (GDateTime) instant = parse_instant (text);

  if (instant != NULL && (*latest == NULL || g_date_time_compare (instant, *latest) > 0))
    {
      g_clear_pointer (latest, g_date_time_unref);
      *latest = g_steal_pointer (&instant);
    }
}

/* The last time the offer moved, or NULL if no date is readable: its
 * creation, its last update (`dateActualisation`) and every journal entry
 * but the follow-up ones (the alert itself is not a movement). */
GDateTime *
relais_offer_last_movement (JsonObject *offre)
{
  GDateTime *latest = NULL;
  JsonArray *journal;

  g_return_val_if_fail (offre != NULL, NULL);

  keep_latest (&latest, get_string (offre, "dateCreation"));
  keep_latest (&latest, get_string (offre, "dateActualisation"));
  journal = get_array (offre, "journal");
  for (guint i = 0; journal != NULL && i < json_array_get_length (journal); i++)
    {
      JsonNode *node = json_array_get_element (journal, i);
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      entry = json_node_get_object (node);
      if (!is_follow_up_service (get_string (entry, "service")))
        keep_latest (&latest, get_string (entry, "date"));
    }
  return latest;
}

static GDateTime *
last_alert (JsonObject *offre)
{
  GDateTime *latest = NULL;
  JsonArray *journal = get_array (offre, "journal");

  for (guint i = 0; journal != NULL && i < json_array_get_length (journal); i++)
    {
      JsonNode *node = json_array_get_element (journal, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (get_string (json_node_get_object (node), "service"),
                     "alerte_sans_mouvement") == 0)
        keep_latest (&latest, get_string (json_node_get_object (node), "date"));
    }
  return latest;
}

/* "Automatic alert to the recruiter when the offer shows no movement": TRUE
 * when an open offer has not moved for more than @days days (0: the default
 * RELAIS_OFFER_NO_MOVEMENT_DAYS) and no alert was sent in the last @days
 * days — the journal entry the alert writes keeps it to once per period. */
gboolean
relais_offer_shows_no_movement (JsonObject *offre, GDateTime *now, guint days)
{
  g_autoptr (GDateTime) last = NULL;
  g_autoptr (GDateTime) quiet_until = NULL;
  g_autoptr (GDateTime) alerted = NULL;

  g_return_val_if_fail (offre != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (days == 0)
    days = RELAIS_OFFER_NO_MOVEMENT_DAYS;
  if (is_closed (offre))
    return FALSE;

  last = relais_offer_last_movement (offre);
  if (last == NULL)
    return FALSE;
  quiet_until = g_date_time_add_days (last, (gint) days);
  if (g_date_time_compare (now, quiet_until) <= 0)
    return FALSE;

  alerted = last_alert (offre);
  if (alerted != NULL)
    {
      g_autoptr (GDateTime) next = g_date_time_add_days (alerted, (gint) days);

      if (g_date_time_compare (now, next) <= 0)
        return FALSE;
    }
  return TRUE;
}

/* The new body recording that the no-movement alert was sent (journal
 * entry `alerte_sans_mouvement`), or NULL when no alert is due. The server
 * writes it together with sending relais_offer_no_movement_message(). */
JsonObject *
relais_offer_build_no_movement_alert (JsonObject *offre, GDateTime *now, guint days)
{
  g_autofree char *detail = NULL;

  g_return_val_if_fail (offre != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (days == 0)
    days = RELAIS_OFFER_NO_MOVEMENT_DAYS;
  if (!relais_offer_shows_no_movement (offre, now, days))
    return NULL;

  detail = g_strdup_printf (TEXT_JOURNAL_SANS_MOUVEMENT, days);
  return copy_with_journal_entry (offre, now, "alerte_sans_mouvement", detail);
}

/* The recruiter's address: the contact of the entreprise document when the
 * caller has it, else the France Travail `contact.courriel` of the offer
 * (imported as-is, not described in DOCUMENTS.md), else none. */
static char *
recruiter_email (JsonObject *offre, JsonObject *entreprise)
{
  JsonObject *contact;
  const char *email;

  if (entreprise != NULL && (contact = get_object (entreprise, "contact")) != NULL &&
      (email = get_string (contact, "email")) != NULL && relais_email_is_valid (email))
    return g_strdup (email);
  if ((contact = get_object (offre, "contact")) != NULL &&
      (email = get_string (contact, "courriel")) != NULL && relais_email_is_valid (email))
    return g_strdup (email);
  return NULL;
}

static const char *
intitule (JsonObject *offre)
{
  const char *text = get_string (offre, "intitule");

  return text != NULL && *text != '\0' ? text : TEXT_INTITULE_ABSENT;
}

static RelaisOfferMessage *
message_new (RelaisOfferMessageKind kind,
             JsonObject *offre,
             char *to /* owned */,
             const char *recipient_id,
             char *subject /* owned */,
             char *body /* owned */)
{
  RelaisOfferMessage *message = g_new0 (RelaisOfferMessage, 1);

  message->kind = kind;
  message->to = to;
  message->recipient_id = g_strdup (recipient_id);
  message->offre_id = g_strdup (relais_doc_get_id (offre));
  message->subject = subject;
  message->body = body;
  return message;
}

static char *
closure_sentence (JsonObject *offre, JsonObject *cloture)
{
  const char *motif = cloture != NULL ? get_string (cloture, "motif") : NULL;
  GDate relance;
  char day[16];

  if (g_strcmp0 (motif, "pourvue") == 0)
    return g_strdup (TEXT_MOTIF_POURVUE);
  if (g_strcmp0 (motif, "annulee") == 0)
    return g_strdup (TEXT_MOTIF_ANNULEE);
  if (g_strcmp0 (motif, "non_pourvue") == 0)
    return g_strdup (TEXT_MOTIF_NON_POURVUE);
  if (g_strcmp0 (motif, "sans_reponse_relance") == 0 && get_day (offre, "date_relance", &relance))
    {
      format_day (&relance, day);
      return g_strdup_printf (TEXT_MOTIF_SANS_REPONSE, day, (guint) RELAIS_RELANCE_CLOTURE_DAYS);
    }
  return g_strdup (TEXT_MOTIF_AUTRE);
}

/* The company name shown to a DE, unless the offer is diffused anonymously. */
static char *
entreprise_suffix (JsonObject *offre)
{
  JsonObject *entreprise = get_object (offre, "entreprise");
  const char *nom = entreprise != NULL ? get_string (entreprise, "nom") : NULL;

  if (nom == NULL || *nom == '\0' || g_strcmp0 (get_string (offre, "diffusion"), "anonyme") == 0)
    return g_strdup ("");
  return g_strdup_printf (TEXT_DE_ENTREPRISE, nom);
}

/* The messages sent when an offer is closed (call once, with the closed
 * body the server wrote): the satisfaction and hiring-outlook survey to the
 * recruiter, then, for an accompagnement offer, one information message per
 * DE who applied — once per DE even with several candidatures, in the order
 * of @candidatures, and not to the person hired (statut embauche), who knows.
 * The employer's feedback (`retour_employeur`) is shared with the DE.
 * Candidatures naming another offer are skipped. Empty when @offre is not
 * closed. */
GPtrArray *
relais_offer_closure_messages (JsonObject *offre, GPtrArray *candidatures, JsonObject *entreprise)
{
  g_autoptr (GPtrArray) messages =
      g_ptr_array_new_with_free_func ((GDestroyNotify) relais_offer_message_free);
  g_autoptr (GHashTable) seen = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *suffix = NULL;
  JsonObject *cloture;
  const char *offre_id;
  GDate closed_day;
  char day[16] = "";

  g_return_val_if_fail (offre != NULL, NULL);

  if (!is_closed (offre))
    return g_steal_pointer (&messages);

  cloture = get_object (offre, "cloture");
  if (cloture != NULL && get_day (cloture, "date", &closed_day))
    format_day (&closed_day, day);
  sentence = closure_sentence (offre, cloture);
  g_ptr_array_add (
      messages,
      message_new (RELAIS_OFFER_MESSAGE_SATISFACTION, offre, recruiter_email (offre, entreprise),
                   get_string (offre, "entreprise_id"),
                   g_strdup_printf (TEXT_SATISFACTION_SUBJECT, intitule (offre)),
                   g_strdup_printf (TEXT_SATISFACTION_BODY, intitule (offre), day, sentence)));

  if (g_strcmp0 (get_string (offre, "niveau_service"), "accompagnement") != 0)
    return g_steal_pointer (&messages);

  offre_id = relais_doc_get_id (offre);
  suffix = entreprise_suffix (offre);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; candidatures != NULL && i < candidatures->len; i++)
    {
      JsonObject *cand = g_ptr_array_index (candidatures, i);
      const char *de = get_string (cand, "de");
      const char *cand_offre = get_string (cand, "offre");
      const char *retour = get_string (cand, "retour_employeur");
      g_autofree char *feedback = NULL;

      if (de == NULL || g_hash_table_contains (seen, de) ||
          g_strcmp0 (get_string (cand, "statut"), "embauche") == 0)
        continue;
      if (cand_offre != NULL && offre_id != NULL && strcmp (cand_offre, offre_id) != 0)
        continue;
      g_hash_table_add (seen, (gpointer) de);

      feedback = retour != NULL && *retour != '\0' ? g_strdup_printf (TEXT_DE_RETOUR, retour)
                                                   : g_strdup ("");
      g_ptr_array_add (messages, message_new (RELAIS_OFFER_MESSAGE_CLOTURE_DE, offre, NULL, de,
                                              g_strdup_printf (TEXT_DE_SUBJECT, intitule (offre)),
                                              g_strdup_printf (TEXT_DE_BODY, intitule (offre),
                                                               suffix, feedback)));
    }

  return g_steal_pointer (&messages);
}

/* The alert to the recruiter, sent when relais_offer_shows_no_movement()
 * says so, together with writing relais_offer_build_no_movement_alert().
 * It only builds the text (from the body before or after the alert entry,
 * which is not a movement), so the server may call it in either order. */
RelaisOfferMessage *
relais_offer_no_movement_message (JsonObject *offre, JsonObject *entreprise, guint days)
{
  g_autoptr (GDateTime) last = NULL;
  g_autofree char *day = NULL;

  g_return_val_if_fail (offre != NULL, NULL);

  if (days == 0)
    days = RELAIS_OFFER_NO_MOVEMENT_DAYS;

  last = relais_offer_last_movement (offre);
  if (last != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_timezone (last, paris ());

      day = g_date_time_format (local, "%d/%m/%Y");
    }

  return message_new (
      RELAIS_OFFER_MESSAGE_SANS_MOUVEMENT, offre, recruiter_email (offre, entreprise),
      get_string (offre, "entreprise_id"),
      g_strdup_printf (TEXT_SANS_MOUVEMENT_SUBJECT, intitule (offre), days),
      g_strdup_printf (TEXT_SANS_MOUVEMENT_BODY, intitule (offre), days, day != NULL ? day : "?"));
}

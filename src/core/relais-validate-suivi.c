/* relais-validate-suivi.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Rules for the follow-up of a job seeker: interviews (entretien), the
 * action plan (action, PPAE) and contacts with ESCALADE forms. DOMAIN.md
 * "The job seeker's path"; field list in DOCUMENTS.md.
 */

#define G_LOG_DOMAIN "relais-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "relais-domain.h"
#include "relais-validate-private.h"

/* The six EID steps, in order: a step is done only once the previous
 * ones are, and a held EID has at least its first five done (step 6,
 * offers, is "as the DE needs"). */
static void
check_etapes (RelaisChecker *c, JsonObject *doc, gboolean realise)
{
  JsonArray *etapes =
      _relais_check_array (c, doc, NULL, "etapes", realise ? RELAIS_REQUIRED : RELAIS_OPTIONAL);
  gboolean previous_done = TRUE;
  guint n;

  if (etapes == NULL)
    return;

  n = json_array_get_length (etapes);
  if (n != RELAIS_EID_N_ETAPES)
    {
      _relais_check_add (c, NULL, "etapes", _ ("an EID has exactly 6 steps"));
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      char path[32];
      JsonObject *e = _relais_check_array_object (c, etapes, NULL, "etapes", i, path, sizeof path);
      const char *code;
      gboolean fait = FALSE;

      if (e == NULL)
        continue;

      code = _relais_check_string (c, e, path, "code", RELAIS_REQUIRED);
      if (code != NULL && strcmp (code, relais_eid_etapes[i]) != 0)
        /* TRANSLATORS: %s is a step id such as "dossier_dal". */
        _relais_check_addf (c, path, "code", _ ("must be “%s” at this position"),
                            relais_eid_etapes[i]);

      if (!_relais_check_bool (c, e, path, "fait", RELAIS_REQUIRED, &fait))
        continue;

      if (fait && !previous_done)
        _relais_check_add (c, path, "fait", _ ("the EID steps are carried out in order"));
      else if (!fait && realise && i < RELAIS_EID_N_ETAPES - 1)
        _relais_check_add (c, path, "fait", _ ("a held EID has its first five steps done"));
      previous_done = fait;
    }
}

static void
check_ajustement (RelaisChecker *c, JsonObject *doc, const GDate *date)
{
  GDate eid_date;
  const char *conseiller, *eid_conseiller, *mode;

  g_date_clear (&eid_date, 1);

  _relais_check_ref (c, doc, NULL, "eid", RELAIS_REQUIRED, "entretien");
  /* Relais requires a reason: the ELD monitors how often each counsellor
   * prescribes it. */
  _relais_check_string (c, doc, NULL, "motif", RELAIS_REQUIRED);

  /* Held at most two weeks after the EID, never before it. */
  if (_relais_check_date_or_datetime (c, doc, NULL, "eid_date", RELAIS_OPTIONAL, &eid_date) &&
      date != NULL)
    {
      gint days = g_date_days_between (&eid_date, date);

      if (days < 0)
        _relais_check_add (c, NULL, "date", _ ("an adjustment interview cannot precede its EID"));
      else if (days > RELAIS_AJUSTEMENT_MAX_DAYS)
        _relais_check_add (c, NULL, "date",
                           _ ("an adjustment interview is held at most 14 days after the EID"));
    }

  /* Same counsellor as the EID, in person. */
  conseiller = json_object_get_string_member_with_default (doc, "conseiller", NULL);
  eid_conseiller =
      _relais_check_ref (c, doc, NULL, "eid_conseiller", RELAIS_OPTIONAL, "conseiller");
  if (eid_conseiller != NULL && conseiller != NULL && strcmp (eid_conseiller, conseiller) != 0)
    _relais_check_add (c, NULL, "conseiller",
                       _ ("an adjustment interview is held by the counsellor of the EID"));

  mode = json_object_get_string_member_with_default (doc, "mode", NULL);
  if (mode != NULL && relais_str_in (mode, relais_modes_entretien) &&
      strcmp (mode, "physique") != 0)
    _relais_check_add (c, NULL, "mode", _ ("this interview is held in person"));
}

void
_relais_validate_entretien (RelaisChecker *c, JsonObject *doc)
{
  GDate date;
  gboolean has_date;
  const char *nature, *statut, *mode;
  gint64 duree;

  g_date_clear (&date, 1);

  _relais_check_ref (c, doc, NULL, "de", RELAIS_REQUIRED, "de");
  _relais_check_ref (c, doc, NULL, "conseiller", RELAIS_REQUIRED, "conseiller");
  has_date = _relais_check_datetime (c, doc, NULL, "date", RELAIS_REQUIRED, &date);
  nature = _relais_check_enum (c, doc, NULL, "nature", RELAIS_REQUIRED, relais_natures_entretien);
  statut = _relais_check_enum (c, doc, NULL, "statut", RELAIS_REQUIRED, relais_statuts_entretien);
  mode = _relais_check_enum (c, doc, NULL, "mode", RELAIS_OPTIONAL, relais_modes_entretien);
  _relais_check_string (c, doc, NULL, "lieu", RELAIS_OPTIONAL);
  _relais_check_string (c, doc, NULL, "compte_rendu", RELAIS_OPTIONAL);

  if (_relais_check_int (c, doc, NULL, "duree_minutes", RELAIS_OPTIONAL, 1, 24 * 60, &duree) &&
      g_strcmp0 (nature, "eid") == 0 && duree != RELAIS_EID_MINUTES)
    _relais_check_add (c, NULL, "duree_minutes", _ ("an EID lasts one 50-minute slot"));

  if (g_strcmp0 (nature, "eid") == 0)
    {
      JsonNode *axe;

      check_etapes (c, doc, g_strcmp0 (statut, "realise") == 0);
      _relais_check_enum (c, doc, NULL, "modalite_preidentifiee", RELAIS_OPTIONAL,
                          relais_modalites);
      if ((axe = _relais_check_member (c, doc, NULL, "axe_principal", RELAIS_OPTIONAL)) != NULL &&
          !JSON_NODE_HOLDS_OBJECT (axe) &&
          !(JSON_NODE_HOLDS_VALUE (axe) && json_node_get_value_type (axe) == G_TYPE_STRING))
        _relais_check_add (c, NULL, "axe_principal", _ ("must be an object"));
    }
  else if (json_object_has_member (doc, "etapes"))
    _relais_check_add (c, NULL, "etapes", _ ("only an EID has steps"));

  if (g_strcmp0 (nature, "ajustement") == 0)
    check_ajustement (c, doc, has_date ? &date : NULL);
  else if (g_strcmp0 (nature, "m4") == 0 && mode != NULL && strcmp (mode, "physique") != 0)
    /* The month-4 interview is physical and individual. */
    _relais_check_add (c, NULL, "mode", _ ("this interview is held in person"));
}

void
_relais_validate_action (RelaisChecker *c, JsonObject *doc)
{
  const char *statut;

  _relais_check_ref (c, doc, NULL, "de", RELAIS_REQUIRED, "de");
  _relais_check_string (c, doc, NULL, "libelle", RELAIS_REQUIRED);
  _relais_check_enum (c, doc, NULL, "nature", RELAIS_REQUIRED, relais_natures_action);
  statut = _relais_check_enum (c, doc, NULL, "statut", RELAIS_REQUIRED, relais_statuts_action);
  _relais_check_date (c, doc, NULL, "date_creation", RELAIS_REQUIRED, NULL);
  _relais_check_date (c, doc, NULL, "echeance", RELAIS_OPTIONAL, NULL);
  _relais_check_date (c, doc, NULL, "date_realisation",
                      g_strcmp0 (statut, "realisee") == 0 ? RELAIS_REQUIRED : RELAIS_OPTIONAL,
                      NULL);
  _relais_check_ref (c, doc, NULL, "entretien", RELAIS_OPTIONAL, "entretien");
  _relais_check_ref (c, doc, NULL, "conseiller", RELAIS_OPTIONAL, "conseiller");
  _relais_check_ref (c, doc, NULL, "offre", RELAIS_OPTIONAL, "offre");
  _relais_check_string (c, doc, NULL, "commentaire", RELAIS_OPTIONAL);
}

void
_relais_validate_contact (RelaisChecker *c, JsonObject *doc)
{
  JsonObject *escalade;
  const char *sens;

  _relais_check_ref (c, doc, NULL, "de", RELAIS_REQUIRED, "de");
  sens = _relais_check_enum (c, doc, NULL, "sens", RELAIS_REQUIRED, relais_sens_contact);
  _relais_check_enum (c, doc, NULL, "canal", RELAIS_REQUIRED, relais_canaux_contact);
  _relais_check_datetime (c, doc, NULL, "date", RELAIS_REQUIRED, NULL);
  _relais_check_ref (c, doc, NULL, "conseiller", RELAIS_OPTIONAL, "conseiller");
  _relais_check_string (c, doc, NULL, "objet", RELAIS_OPTIONAL);
  _relais_check_string (c, doc, NULL, "compte_rendu", RELAIS_OPTIONAL);

  /* A non-conclusive first-level incoming contact raises an ESCALADE form
   * that alerts the référent. */
  escalade = _relais_check_object (c, doc, NULL, "escalade", RELAIS_OPTIONAL);
  if (escalade != NULL)
    {
      const char *statut;

      if (sens != NULL && strcmp (sens, "entrant") != 0)
        _relais_check_add (c, NULL, "escalade", _ ("only an incoming contact raises an ESCALADE"));

      statut = _relais_check_enum (c, escalade, "escalade", "statut", RELAIS_REQUIRED,
                                   relais_statuts_escalade);
      _relais_check_string (c, escalade, "escalade", "motif", RELAIS_REQUIRED);
      _relais_check_string (c, escalade, "escalade", "origine", RELAIS_OPTIONAL);
      _relais_check_datetime (
          c, escalade, "escalade", "traitee_le",
          g_strcmp0 (statut, "traitee") == 0 ? RELAIS_REQUIRED : RELAIS_OPTIONAL, NULL);
      _relais_check_string (c, escalade, "escalade", "reponse", RELAIS_OPTIONAL);
    }
}

/* A workstation's sync report, written by its replicator on every push
 * (src/sync/relais-poste.c) and read by the ELD. */
void
_relais_validate_poste (RelaisChecker *c, JsonObject *doc)
{
  _relais_check_ref (c, doc, NULL, "conseiller", RELAIS_OPTIONAL, "conseiller");
  _relais_check_int (c, doc, NULL, "pending", RELAIS_REQUIRED, 0, G_MAXINT64, NULL);
  _relais_check_datetime (c, doc, NULL, "last_sync", RELAIS_REQUIRED, NULL);
  _relais_check_string (c, doc, NULL, "hostname", RELAIS_OPTIONAL);
}

/* relais-demo-de.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Each demo DE and its path (DOMAIN.md "The job seeker's path"): the EID a
 * few days after registration, a rare adjustment interview within 14 days,
 * the month-4 and month-9 interviews with the référent (held, missed or
 * planned), intermediate interviews by modality, the action plan and the
 * contacts, some of which raised an ESCALADE form.
 */

#define G_LOG_DOMAIN "relais-demo"

#include "config.h"

#include <string.h>

#include "relais-demo-private.h"
#include "relais-domain.h"
#include "relais-names.h"

enum
{
  MOD_SUIVI,
  MOD_GUIDE,
  MOD_RENFORCE,
  MOD_GLOBAL,
};

/* 50-minute EID slots from 9:00 and from 13:30. */
static const guint eid_slots[] = { 540, 590, 640, 690, 810, 860, 910, 960 };

static const char *const motifs_ajustement[] = {
  "Plusieurs axes de travail possibles",
  "Situation complexe à approfondir",
  "Métier très spécialisé : diagnostic à compléter",
};

static const char *const objets_contact[] = {
  "Question sur une formation", "Envoi de CV",
  "Demande de rendez-vous",     "Information sur une offre",
  "Changement de situation",    "Point sur les démarches",
};

typedef struct
{
  const DemoDe *de;
  const char *conseiller; /* the référent, or the portfolio's counsellor */
  const char *referent;   /* NULL when none was designated */
  char eid_id[DEMO_ID_SIZE];
  char eid_date[32];
  guint32 eid_day;
} DePath;

static JsonObject *
metier_new (const RelaisRomeFiche *fiche)
{
  JsonObject *metier = json_object_new ();

  json_object_set_string_member (metier, "code_rome", fiche->code);
  json_object_set_string_member (metier, "libelle", fiche->label);
  return metier;
}

static JsonArray *
freins_new (DemoGen *gen, guint n)
{
  JsonArray *freins = json_array_new ();
  guint first = _demo_rng_below (&gen->rng, 5); /* the five named themes */

  for (guint i = 0; i < n; i++)
    {
      JsonObject *frein = json_object_new ();

      json_object_set_string_member (frein, "theme", relais_freins_themes[(first + i) % 5]);
      json_object_set_string_member (frein, "statut",
                                     relais_freins_statuts[_demo_rng_below (&gen->rng, 3)]);
      json_array_add_object_element (freins, frein);
    }

  return freins;
}

static gboolean
emit_de (DemoGen *gen, guint index, DePath *path)
{
  const DemoDe *de = path->de;
  const DemoPortefeuille *pf =
      &g_array_index (gen->portefeuilles, DemoPortefeuille, de->portefeuille);
  const RelaisRomeFiche *fiche = _demo_fiche (gen, de->fiche);
  JsonObject *doc = _demo_doc_new (de->id, RELAIS_DOC_TYPE_DE);
  JsonArray *competences = json_array_new ();
  JsonArray *metiers = json_array_new ();
  gboolean feminin = _demo_rng_percent (&gen->rng, 50);
  const char *prenom =
      _demo_pick (gen, feminin ? RELAIS_NAMES_PRENOMS_FEMININS : RELAIS_NAMES_PRENOMS_MASCULINS);
  const char *nom = _demo_pick (gen, RELAIS_NAMES_NOMS);
  const char *modalite = relais_modalites[de->modalite];
  g_autofree char *slug_prenom = _demo_ascii_slug (prenom);
  g_autofree char *slug_nom = _demo_ascii_slug (nom);
  static const char *const domains[] = { "example.org", "example.net", "example.com" };
  char identifiant[16], email[160], telephone[24];
  guint n_competences = 2 + _demo_rng_below (&gen->rng, 4);

  /* 7919 is prime to 10^7: distinct DE get distinct numbers. */
  g_snprintf (identifiant, sizeof identifiant, "%07u%c",
              (guint) ((gen->identifiant_base + (guint64) index * 7919) % 10000000),
              'A' + _demo_rng_below (&gen->rng, 26));
  g_snprintf (email, sizeof email, "%s.%s%u@%s", slug_prenom, slug_nom,
              _demo_rng_below (&gen->rng, 100), domains[_demo_rng_below (&gen->rng, 3)]);
  _demo_phone (gen, telephone, _demo_rng_percent (&gen->rng, 85));

  json_object_set_string_member (doc, "civilite", feminin ? "Mme" : "M");
  json_object_set_string_member (doc, "nom", nom);
  json_object_set_string_member (doc, "prenom", prenom);
  json_object_set_string_member (doc, "identifiant", identifiant);
  json_object_set_string_member (doc, "agence", gen->agence_id);
  json_object_set_string_member (doc, "portefeuille", pf->id);
  _demo_set_date (doc, "date_inscription", de->inscription);
  json_object_set_string_member (doc, "modalite", modalite);
  if (path->referent != NULL)
    {
      guint32 designated =
          de->modalite == MOD_RENFORCE
              ? path->eid_day
              : MIN (de->inscription + 30 + _demo_rng_below (&gen->rng, 80), gen->today);

      json_object_set_string_member (doc, "referent", path->referent);
      _demo_set_date (doc, "date_referent", MAX (designated, path->eid_day));
    }
  else
    json_object_set_null_member (doc, "referent");
  json_object_set_boolean_member (doc, "web_100",
                                  de->modalite == MOD_SUIVI && _demo_rng_percent (&gen->rng, 20));

  json_object_set_object_member (doc, "adresse", _demo_adresse_new (gen, _demo_pick_commune (gen)));
  json_object_set_string_member (doc, "email", email);
  json_object_set_string_member (doc, "telephone", telephone);

  for (guint i = 0; i < n_competences; i++)
    json_array_add_string_element (competences, _demo_pick (gen, RELAIS_NAMES_COMPETENCES));
  json_object_set_array_member (doc, "competences", competences);

  json_array_add_object_element (metiers, metier_new (fiche));
  json_object_set_object_member (doc, "axe_principal", metier_new (fiche));
  if (_demo_rng_percent (&gen->rng, 35))
    {
      const RelaisRomeFiche *second =
          _demo_fiche (gen, _demo_rng_below (&gen->rng, gen->fiches->len));

      json_array_add_object_element (metiers, metier_new (second));
      json_object_set_object_member (doc, "axe_secondaire", metier_new (second));
    }
  else if (_demo_rng_percent (&gen->rng, 15))
    json_object_set_string_member (doc, "axe_secondaire", "Formation qualifiante");
  json_object_set_array_member (doc, "metiers_recherches", metiers);

  /* Peripheral obstacles: common in renforcé, the reason for global. */
  if (de->modalite == MOD_GLOBAL)
    json_object_set_array_member (doc, "freins",
                                  freins_new (gen, 2 + _demo_rng_below (&gen->rng, 2)));
  else if (de->modalite == MOD_RENFORCE && _demo_rng_percent (&gen->rng, 60))
    json_object_set_array_member (doc, "freins",
                                  freins_new (gen, 1 + _demo_rng_below (&gen->rng, 2)));
  else if (de->modalite == MOD_GUIDE && _demo_rng_percent (&gen->rng, 10))
    json_object_set_array_member (doc, "freins", freins_new (gen, 1));

  if (de->modalite == MOD_GLOBAL)
    {
      JsonObject *global = json_object_new ();
      const char *dep = relais_referential_get_departement_name (gen->referential,
                                                                 gen->agence_commune->departement);
      g_autofree char *partenaire = dep != NULL
                                        ? g_strdup_printf ("Conseil départemental (%s)", dep)
                                        : g_strdup ("Conseil départemental");

      json_object_set_string_member (doc, "orientation", "socio_professionnelle");
      json_object_set_string_member (global, "partenaire", partenaire);
      _demo_set_date (global, "commission_date", MIN (path->eid_day + 14, gen->today));
      json_object_set_string_member (global, "commission_decision", "accompagnement_global");
      json_object_set_object_member (doc, "accompagnement_global", global);
    }
  else
    json_object_set_string_member (doc, "orientation", "professionnelle");

  json_object_set_string_member (doc, "disponibilite",
                                 _demo_rng_percent (&gen->rng, 85) ? "immediate" : "preavis");

  return _demo_emit (gen, doc);
}

static JsonObject *
entretien_new (DemoGen *gen,
               const char *id,
               DePath *path,
               const char *nature,
               guint32 day,
               guint minutes,
               guint duree)
{
  JsonObject *doc = _demo_doc_new (id, RELAIS_DOC_TYPE_ENTRETIEN);
  const char *statut;

  json_object_set_string_member (doc, "de", path->de->id);
  json_object_set_string_member (doc, "conseiller", path->conseiller);
  _demo_set_datetime (doc, "date", day, minutes);
  json_object_set_string_member (doc, "nature", nature);
  json_object_set_int_member (doc, "duree_minutes", duree);

  if (day >= gen->today)
    statut = "planifie";
  else if (_demo_rng_percent (&gen->rng, 6))
    statut = "absent";
  else
    statut = "realise";
  json_object_set_string_member (doc, "statut", statut);
  return doc;
}

static gboolean
emit_eid (DemoGen *gen, DePath *path)
{
  const DemoDe *de = path->de;
  guint minutes = eid_slots[_demo_rng_below (&gen->rng, G_N_ELEMENTS (eid_slots))];
  JsonObject *doc = _demo_doc_new (path->eid_id, RELAIS_DOC_TYPE_ENTRETIEN);
  JsonArray *etapes = json_array_new ();
  gboolean offres = _demo_rng_percent (&gen->rng, 80);

  _demo_format_datetime (path->eid_date, path->eid_day, minutes);
  json_object_set_string_member (doc, "de", de->id);
  json_object_set_string_member (doc, "conseiller", path->conseiller);
  json_object_set_string_member (doc, "date", path->eid_date);
  json_object_set_string_member (doc, "nature", "eid");
  json_object_set_string_member (doc, "statut", "realise");
  json_object_set_string_member (doc, "mode", "physique");
  json_object_set_int_member (doc, "duree_minutes", RELAIS_EID_MINUTES);
  for (guint i = 0; i < RELAIS_EID_N_ETAPES; i++)
    {
      JsonObject *etape = json_object_new ();

      json_object_set_string_member (etape, "code", relais_eid_etapes[i]);
      json_object_set_boolean_member (etape, "fait", i < RELAIS_EID_N_ETAPES - 1 || offres);
      json_array_add_object_element (etapes, etape);
    }
  json_object_set_array_member (doc, "etapes", etapes);
  json_object_set_string_member (doc, "modalite_preidentifiee", relais_modalites[de->modalite]);
  json_object_set_object_member (doc, "axe_principal", metier_new (_demo_fiche (gen, de->fiche)));

  return _demo_emit (gen, doc);
}

/* The second interview: exceptional, same counsellor, in person, at most
 * two weeks after the EID, with a reason. */
static gboolean
emit_ajustement (DemoGen *gen, DePath *path)
{
  char id[DEMO_ID_SIZE];
  guint32 day = path->eid_day + 3 + _demo_rng_below (&gen->rng, RELAIS_AJUSTEMENT_MAX_DAYS - 2);
  JsonObject *doc;

  _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_ENTRETIEN, id);
  doc = entretien_new (gen, id, path, "ajustement", day, 600 + 30 * _demo_rng_below (&gen->rng, 14),
                       60);
  json_object_set_string_member (doc, "mode", "physique");
  json_object_set_string_member (doc, "eid", path->eid_id);
  json_object_set_string_member (doc, "eid_date", path->eid_date);
  json_object_set_string_member (doc, "eid_conseiller", path->conseiller);
  json_object_set_string_member (
      doc, "motif",
      motifs_ajustement[_demo_rng_below (&gen->rng, G_N_ELEMENTS (motifs_ajustement))]);
  return _demo_emit (gen, doc);
}

/* M4 and M9: with the référent; held when past, planned when due within
 * six weeks, absent when no référent was designated (an alert). */
static gboolean
emit_jalon (DemoGen *gen, DePath *path, const char *nature, guint months)
{
  guint32 due = path->de->inscription + months * 30 + 3 - _demo_rng_below (&gen->rng, 10);
  char id[DEMO_ID_SIZE];
  JsonObject *doc;

  if (path->referent == NULL || due > gen->today + 42)
    return TRUE;

  _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_ENTRETIEN, id);
  doc = entretien_new (gen, id, path, nature, due, 540 + 30 * _demo_rng_below (&gen->rng, 16), 45);
  json_object_set_string_member (doc, "mode", "physique");
  return _demo_emit (gen, doc);
}

static gboolean
emit_intermediaires (DemoGen *gen, DePath *path)
{
  static const guint max_by_modalite[] = { 0, 2, 3, 2 };
  static const char *const modes[] = { "physique", "telephone", "visio" };
  guint n = _demo_rng_below (&gen->rng, max_by_modalite[path->de->modalite] + 1);
  guint32 span = gen->today - path->eid_day;

  for (guint i = 0; i < n && span > 2; i++)
    {
      char id[DEMO_ID_SIZE];
      guint32 day = path->eid_day + 1 + _demo_rng_below (&gen->rng, span - 1);
      JsonObject *doc;

      _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_ENTRETIEN, id);
      doc = entretien_new (gen, id, path, "intermediaire", day,
                           540 + 30 * _demo_rng_below (&gen->rng, 16), 30);
      json_object_set_string_member (doc, "mode", modes[_demo_rng_below (&gen->rng, 3)]);
      if (!_demo_emit (gen, doc))
        return FALSE;
    }

  return TRUE;
}

/* The action plan (PPAE), built at EID step 5. */
static gboolean
emit_actions (DemoGen *gen, DePath *path)
{
  const RelaisNameList *actions = relais_names_get (RELAIS_NAMES_ACTIONS);
  guint n = 1 + _demo_rng_below (&gen->rng, 3);
  guint first = _demo_rng_below (&gen->rng, actions->n);

  for (guint i = 0; i < n; i++)
    {
      char id[DEMO_ID_SIZE];
      const char *item = actions->items[(first + i * 5) % actions->n];
      const char *bar = strchr (item, '|');
      g_autofree char *libelle = g_strndup (item, bar - item);
      guint32 echeance = path->eid_day + 15 + _demo_rng_below (&gen->rng, 90);
      JsonObject *doc;
      const char *statut;

      _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_ACTION, id);
      doc = _demo_doc_new (id, RELAIS_DOC_TYPE_ACTION);
      json_object_set_string_member (doc, "de", path->de->id);
      json_object_set_string_member (doc, "libelle", libelle);
      json_object_set_string_member (doc, "nature", bar + 1);
      _demo_set_date (doc, "date_creation", path->eid_day);
      _demo_set_date (doc, "echeance", echeance);
      json_object_set_string_member (doc, "entretien", path->eid_id);
      json_object_set_string_member (doc, "conseiller", path->conseiller);

      if (echeance < gen->today)
        {
          guint r = _demo_rng_below (&gen->rng, 10);

          statut = r < 6 ? "realisee" : r < 7 ? "abandonnee" : "en_cours";
        }
      else
        statut = _demo_rng_percent (&gen->rng, 50) ? "en_cours" : "prevue";
      json_object_set_string_member (doc, "statut", statut);
      if (strcmp (statut, "realisee") == 0)
        _demo_set_date (doc, "date_realisation",
                        echeance - _demo_rng_below (&gen->rng, echeance - path->eid_day));

      if (!_demo_emit (gen, doc))
        return FALSE;
    }

  return TRUE;
}

static gboolean
emit_contacts (DemoGen *gen, DePath *path)
{
  static const char *const canaux_entrants[] = { "email", "telephone", "web", "physique" };
  static const char *const canaux_sortants[] = { "telephone", "email", "courrier" };
  guint n = _demo_rng_below (&gen->rng, 3);
  guint32 span = gen->today - path->eid_day;

  for (guint i = 0; i < n; i++)
    {
      char id[DEMO_ID_SIZE];
      guint32 day = path->eid_day + _demo_rng_below (&gen->rng, span + 1);
      gboolean entrant = _demo_rng_percent (&gen->rng, 55);
      const char *canal = entrant ? canaux_entrants[_demo_rng_below (&gen->rng, 4)]
                                  : canaux_sortants[_demo_rng_below (&gen->rng, 3)];
      JsonObject *doc;

      _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_CONTACT, id);
      doc = _demo_doc_new (id, RELAIS_DOC_TYPE_CONTACT);
      json_object_set_string_member (doc, "de", path->de->id);
      json_object_set_string_member (doc, "sens", entrant ? "entrant" : "sortant");
      json_object_set_string_member (doc, "canal", canal);
      _demo_set_datetime (doc, "date", day, 510 + 10 * _demo_rng_below (&gen->rng, 54));
      json_object_set_string_member (
          doc, "objet", objets_contact[_demo_rng_below (&gen->rng, G_N_ELEMENTS (objets_contact))]);
      if (!entrant)
        json_object_set_string_member (doc, "conseiller", path->conseiller);

      /* A first-level answer (3949, web) that did not settle the question
       * raises an ESCALADE to the référent; recent ones are still open. */
      if (entrant && _demo_rng_percent (&gen->rng, 12))
        {
          JsonObject *escalade = json_object_new ();
          gboolean ouverte = day + 10 >= gen->today;

          json_object_set_string_member (escalade, "statut", ouverte ? "ouverte" : "traitee");
          json_object_set_string_member (escalade, "origine",
                                         strcmp (canal, "telephone") == 0 ? "3949" : "web");
          json_object_set_string_member (escalade, "motif",
                                         "Réponse de premier niveau non concluante");
          if (!ouverte)
            {
              _demo_set_datetime (escalade, "traitee_le", day + 1 + _demo_rng_below (&gen->rng, 5),
                                  600);
              json_object_set_string_member (escalade, "reponse", "Rappel du DE par son référent");
            }
          json_object_set_object_member (doc, "escalade", escalade);
        }

      if (!_demo_emit (gen, doc))
        return FALSE;
    }

  return TRUE;
}

gboolean
_demo_generate_de (DemoGen *gen)
{
  for (guint i = 0; i < gen->des->len; i++)
    {
      const DemoDe *de = &g_array_index (gen->des, DemoDe, i);
      const DemoPortefeuille *pf =
          &g_array_index (gen->portefeuilles, DemoPortefeuille, de->portefeuille);
      DePath path = { 0 };

      path.de = de;
      path.conseiller = g_array_index (gen->conseillers, DemoConseiller, pf->conseiller).id;
      path.referent = de->has_referent ? path.conseiller : NULL;
      /* The EID is in the week after registration, never later than
       * yesterday (registrations are at least a week old). */
      path.eid_day = MIN (de->inscription + 1 + _demo_rng_below (&gen->rng, 6), gen->today - 1);
      _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_ENTRETIEN, path.eid_id);

      if (!emit_de (gen, i, &path) || !emit_eid (gen, &path) ||
          (_demo_rng_percent (&gen->rng, 7) && !emit_ajustement (gen, &path)) ||
          !emit_jalon (gen, &path, "m4", 4) || !emit_jalon (gen, &path, "m9", 9) ||
          !emit_intermediaires (gen, &path) || !emit_actions (gen, &path) ||
          !emit_contacts (gen, &path))
        return FALSE;
    }

  return TRUE;
}

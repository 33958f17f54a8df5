/* relais-demo-offres.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The employer side of the demo (DOMAIN.md "Employers' offers" and
 * "Territorial diagnosis and prospection"): companies with valid SIRET,
 * offers across the lifecycle, both service levels, the three diffusion
 * modes and the three preselection modes, their applications, the
 * territorial diagnosis and prospection actions.
 */

#define G_LOG_DOMAIN "relais-demo"

#include "config.h"

#include <string.h>

#include "relais-demo-private.h"
#include "relais-domain.h"
#include "relais-names.h"

typedef struct
{
  const char *libelle;
  gint64 poids;
} Critere;

static const Critere criteres[] = {
  { "CACES R489 catégorie 1", 3 },  { "Horaires décalés", 2 },
  { "Expérience en entrepôt", 1 },  { "Permis B", 2 },
  { "Disponibilité immédiate", 1 }, { "Travail en équipe", 1 },
};

static const char *const tranches[] = { "01", "02", "03", "11", "12", "21", "22", "31" };

/* Luhn check digit to append to @digits so that the whole passes. */
static guint
luhn_check_digit (const char *digits, guint len)
{
  guint sum = 0;

  for (guint i = 0; i < len; i++)
    {
      guint d = (guint) (digits[i] - '0');

      /* Once the check digit is appended, positions len-1, len-3… from the
       * left are every second digit from the right: doubled. */
      if ((len - i) % 2 == 1)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }

  return (10 - sum % 10) % 10;
}

/* A SIREN (8 digits + Luhn) and a NIC (4 digits + the digit that makes
 * the 14 pass Luhn), as INSEE builds them. */
static void
make_siret (DemoGen *gen, char out[15])
{
  out[0] = (char) ('1' + _demo_rng_below (&gen->rng, 9));
  for (guint i = 1; i < 8; i++)
    out[i] = (char) ('0' + _demo_rng_below (&gen->rng, 10));
  out[8] = (char) ('0' + luhn_check_digit (out, 8));
  out[9] = '0';
  out[10] = '0';
  out[11] = '0';
  out[12] = (char) ('1' + _demo_rng_below (&gen->rng, 9));
  out[13] = (char) ('0' + luhn_check_digit (out, 13));
  out[14] = '\0';
  /* La Poste's SIREN follows another rule; never draw it. */
  if (g_str_has_prefix (out, "356000000"))
    out[0] = '4';
}

gboolean
_demo_generate_employers (DemoGen *gen)
{
  guint n = MAX (5, gen->options->n_de / 25);
  guint n_naf = relais_referential_get_n_naf (gen->referential);

  for (guint i = 0; i < n; i++)
    {
      DemoEntreprise e = { 0 };
      JsonObject *doc, *contact;
      const char *enseigne = _demo_pick (gen, RELAIS_NAMES_ENSEIGNES);
      const char *nom = _demo_pick (gen, RELAIS_NAMES_NOMS);
      guint r = _demo_rng_below (&gen->rng, 10);
      char siret[15], telephone[24];
      g_autofree char *slug = NULL;
      g_autofree char *email = NULL;

      _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_ENTREPRISE, e.id);
      e.nom = g_strdup_printf ("%s %s", enseigne, nom);
      /* From the territorial diagnosis: HR autonomy decides the service level. */
      e.autonomie_rh = r < 5 ? "autonome" : r < 8 ? "partielle" : "faible";
      g_array_append_val (gen->entreprises, e);

      make_siret (gen, siret);
      /* Slug from the ASCII-folded name; recomputing it stays deterministic. */
      slug = _demo_ascii_slug (e.nom);
      email = g_strdup_printf ("recrutement@%s.example", slug);
      _demo_phone (gen, telephone, FALSE);

      doc = _demo_doc_new (e.id, RELAIS_DOC_TYPE_ENTREPRISE);
      json_object_set_string_member (doc, "nom", e.nom);
      json_object_set_string_member (doc, "siret", siret);
      if (n_naf > 0)
        {
          const RelaisNaf *naf =
              relais_referential_get_naf (gen->referential, _demo_rng_below (&gen->rng, n_naf));
          json_object_set_string_member (doc, "naf", naf->code);
        }
      json_object_set_string_member (
          doc, "tranche_effectif", tranches[_demo_rng_below (&gen->rng, G_N_ELEMENTS (tranches))]);
      json_object_set_object_member (doc, "adresse",
                                     _demo_adresse_new (gen, _demo_pick_commune (gen)));
      json_object_set_string_member (doc, "autonomie_rh", e.autonomie_rh);

      contact = json_object_new ();
      json_object_set_string_member (contact, "nom", _demo_pick (gen, RELAIS_NAMES_NOMS));
      json_object_set_string_member (contact, "telephone", telephone);
      json_object_set_string_member (contact, "email", email);
      json_object_set_object_member (doc, "contact", contact);

      if (!_demo_emit (gen, doc))
        return FALSE;
    }

  return TRUE;
}

static const char *
pick_appellation (DemoGen *gen, const RelaisRomeFiche *fiche)
{
  GPtrArray *list = g_hash_table_lookup (gen->appellations, fiche->code);

  if (list == NULL)
    {
      list = relais_referential_appellations_of (gen->referential, fiche->code);
      g_hash_table_insert (gen->appellations, (gpointer) fiche->code, list);
    }

  if (list->len == 0)
    return fiche->label;

  return ((const RelaisRomeAppellation *) g_ptr_array_index (
              list, _demo_rng_below (&gen->rng, list->len)))
      ->label;
}

static void
journal_add (
    JsonArray *journal, guint32 day, guint minutes, const char *service, const char *detail)
{
  JsonObject *entry = json_object_new ();

  _demo_set_datetime (entry, "date", day, minutes);
  json_object_set_string_member (entry, "service", service);
  json_object_set_string_member (entry, "auteur", "Relais (démo)");
  json_object_set_string_member (entry, "detail", detail);
  json_array_add_object_element (journal, entry);
}

static const char *
pick_correspondant (DemoGen *gen)
{
  guint n = gen->conseillers->len;
  guint start = _demo_rng_below (&gen->rng, n);

  for (guint k = 0; k < n; k++)
    {
      const DemoConseiller *c = &g_array_index (gen->conseillers, DemoConseiller, (start + k) % n);

      if (c->correspondant)
        return c->id;
    }

  return g_array_index (gen->conseillers, DemoConseiller, gen->conseillers->len - 1).id;
}

/* Applications to @offre: DE whose target is the offer's trade. Returns
 * the hired DE's id in @hired when @pourvue. */
static gboolean
emit_candidatures (DemoGen *gen,
                   const char *offre_id,
                   guint fiche,
                   const char *preselection,
                   const char *correspondant,
                   guint32 created,
                   guint32 last_day,
                   gboolean closed,
                   guint n,
                   GPtrArray *docs,
                   char hired[DEMO_ID_SIZE])
{
  GArray *pool = g_ptr_array_index (gen->de_by_fiche, fiche);
  guint start;

  hired[0] = '\0';
  if (pool->len == 0)
    return TRUE;

  n = MIN (n, pool->len);
  start = _demo_rng_below (&gen->rng, pool->len);
  for (guint k = 0; k < n; k++)
    {
      guint de_index = g_array_index (pool, guint, (start + k * 7) % pool->len);
      const DemoDe *de = &g_array_index (gen->des, DemoDe, de_index);
      char id[DEMO_ID_SIZE];
      JsonObject *doc;
      const char *statut;
      guint32 day = created + 1 + _demo_rng_below (&gen->rng, MAX (last_day - created, 1));

      if (k > 0 && (start + k * 7) % pool->len == start)
        break; /* wrapped around a small pool */

      if (closed)
        statut = hired[0] == '\0' && docs != NULL    ? "embauche"
                 : _demo_rng_percent (&gen->rng, 85) ? "non_retenue"
                                                     : "desistement";
      else
        {
          guint r = _demo_rng_below (&gen->rng, 10);
          statut = r < 4 ? "proposee" : r < 8 ? "mer" : "retenue";
        }
      if (strcmp (statut, "embauche") == 0)
        g_strlcpy (hired, de->id, DEMO_ID_SIZE);

      _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_CANDIDATURE, id);
      doc = _demo_doc_new (id, RELAIS_DOC_TYPE_CANDIDATURE);
      json_object_set_string_member (doc, "offre", offre_id);
      json_object_set_string_member (doc, "de", de->id);
      json_object_set_string_member (doc, "statut", statut);
      json_object_set_string_member (doc, "origine",
                                     preselection != NULL                ? "mer_conseiller"
                                     : _demo_rng_percent (&gen->rng, 50) ? "proposition_offre"
                                                                         : "contact_direct");
      _demo_set_datetime (doc, "date", MIN (day, last_day), 600);
      json_object_set_boolean_member (doc, "interesse", strcmp (statut, "desistement") != 0);
      json_object_set_boolean_member (doc, "disponible", TRUE);
      if (correspondant != NULL)
        json_object_set_string_member (doc, "conseiller", correspondant);
      if (g_strcmp0 (preselection, "valorisation") == 0 && strcmp (statut, "proposee") != 0)
        json_object_set_string_member (doc, "resume_argumente",
                                       "Expérience solide sur des postes proches, motivé, "
                                       "disponible rapidement ; répond aux critères principaux.");
      if (strcmp (statut, "non_retenue") == 0 && preselection != NULL)
        json_object_set_string_member (doc, "retour_employeur",
                                       "Profil intéressant, expérience insuffisante sur le poste");

      g_ptr_array_add (docs, doc);
    }

  return TRUE;
}

gboolean
_demo_generate_offres (DemoGen *gen)
{
  static const char *const contrats[] = { "CDI", "CDI", "CDI", "CDD", "CDD",
                                          "CDD", "MIS", "MIS", "SAI", "DIN" };
  static const char *const outils[] = { "MRS", "EMTPR", "ECCP" };
  const RelaisNameList *competences = relais_names_get (RELAIS_NAMES_COMPETENCES);
  guint n = MAX (6, gen->options->n_de / 10);
  g_autoptr (GPtrArray) candidatures = g_ptr_array_new ();

  for (guint i = 0; i < n; i++)
    {
      const DemoEntreprise *e = &g_array_index (gen->entreprises, DemoEntreprise,
                                                _demo_rng_below (&gen->rng, gen->entreprises->len));
      const DemoDe *model =
          &g_array_index (gen->des, DemoDe, _demo_rng_below (&gen->rng, gen->des->len));
      const RelaisRomeFiche *fiche = _demo_fiche (gen, model->fiche);
      const RelaisCommune *commune = _demo_pick_commune (gen);
      const char *appellation = pick_appellation (gen, fiche);
      guint32 created = gen->today - _demo_rng_below (&gen->rng, 365);
      guint32 age = gen->today - created;
      guint accompagnement_pct;
      gboolean accompagnement;
      const char *preselection = NULL, *diffusion, *statut, *correspondant = NULL;
      JsonObject *doc, *obj;
      JsonArray *array, *journal = json_array_new ();
      char id[DEMO_ID_SIZE], hired[DEMO_ID_SIZE];
      g_autofree char *libelle_lieu = NULL;
      g_autofree char *description = NULL;
      g_autofree char *salaire = NULL;
      guint r, n_cand = 0;
      guint32 last_day = gen->today;

      _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_OFFRE, id);

      /* One factor is enough for accompaniment; low HR autonomy is one. */
      accompagnement_pct = strcmp (e->autonomie_rh, "faible") == 0      ? 80
                           : strcmp (e->autonomie_rh, "partielle") == 0 ? 40
                                                                        : 15;
      accompagnement = i < 3 || _demo_rng_percent (&gen->rng, accompagnement_pct);
      if (accompagnement)
        {
          /* The first three offers show each mode. */
          r = i < 3 ? i * 4 : _demo_rng_below (&gen->rng, 12);
          preselection = r < 5    ? "verification"
                         : r < 8  ? "valorisation"
                         : r < 11 ? "evaluation"
                                  : NULL;
          correspondant = pick_correspondant (gen);
        }
      r = _demo_rng_below (&gen->rng, 10);
      diffusion = r < 4 ? "nominatif" : r < 7 ? "visibilite" : "anonyme";

      if (age <= 1)
        statut = "diagnostic";
      else if (age <= 4)
        statut = "recueil";
      else if (age <= 40 && !(age > 14 && _demo_rng_percent (&gen->rng, 25)))
        statut = "traitement";
      else
        statut = "cloturee";

      doc = _demo_doc_new (id, RELAIS_DOC_TYPE_OFFRE);
      json_object_set_string_member (doc, "intitule", appellation);
      json_object_set_string_member (doc, "appellationlibelle", appellation);
      json_object_set_string_member (doc, "romeCode", fiche->code);
      json_object_set_string_member (doc, "romeLibelle", fiche->label);
      json_object_set_string_member (
          doc, "typeContrat", contrats[_demo_rng_below (&gen->rng, G_N_ELEMENTS (contrats))]);
      json_object_set_int_member (
          doc, "nombrePostes",
          _demo_rng_percent (&gen->rng, 80) ? 1 : 2 + _demo_rng_below (&gen->rng, 4));
      _demo_set_datetime (doc, "dateCreation", created, 480 + 10 * _demo_rng_below (&gen->rng, 54));
      _demo_set_datetime (doc, "dateActualisation",
                          MIN (created + _demo_rng_below (&gen->rng, 10), gen->today), 720);

      description = g_strdup_printf ("Nous recherchons un(e) %s pour notre site %s%s. "
                                     "Vous serez intégré(e) à une équipe et formé(e) à nos "
                                     "procédures. Poste à pourvoir rapidement.",
                                     appellation, _demo_de (commune->nom), commune->nom);
      json_object_set_string_member (doc, "description", description);

      obj = json_object_new ();
      libelle_lieu = g_strdup_printf ("%s - %s", commune->departement, commune->nom);
      json_object_set_string_member (obj, "libelle", libelle_lieu);
      json_object_set_string_member (obj, "commune", commune->code_insee);
      json_object_set_string_member (obj, "codePostal", commune->code_postal);
      json_object_set_object_member (doc, "lieuTravail", obj);

      /* Anonymous diffusion hides the company, visibility hides its contact. */
      obj = json_object_new ();
      if (strcmp (diffusion, "anonyme") != 0)
        json_object_set_string_member (obj, "nom", e->nom);
      json_object_set_string_member (obj, "description",
                                     "Entreprise locale implantée dans le bassin d'emploi.");
      json_object_set_object_member (doc, "entreprise", obj);
      json_object_set_string_member (doc, "entreprise_id", e->id);

      array = json_array_new ();
      for (guint k = 0, first = _demo_rng_below (&gen->rng, competences->n); k < 2; k++)
        {
          guint c = (first + k * 11) % competences->n;
          char code[16];

          obj = json_object_new ();
          g_snprintf (code, sizeof code, "1%05u", 200 + c);
          json_object_set_string_member (obj, "code", code);
          json_object_set_string_member (obj, "libelle", competences->items[c]);
          json_object_set_string_member (obj, "exigence", k == 0 ? "E" : "S");
          json_array_add_object_element (array, obj);
        }
      json_object_set_array_member (doc, "competences", array);

      obj = json_object_new ();
      salaire = g_strdup_printf ("Mensuel de %u.00 Euros sur 12 mois",
                                 1800 + 50 * _demo_rng_below (&gen->rng, 20));
      json_object_set_string_member (obj, "libelle", salaire);
      json_object_set_object_member (doc, "salaire", obj);

      json_object_set_string_member (doc, "niveau_service",
                                     accompagnement ? "accompagnement" : "appui");
      json_object_set_string_member (doc, "diffusion", diffusion);
      if (preselection != NULL)
        json_object_set_string_member (doc, "preselection", preselection);
      else
        json_object_set_null_member (doc, "preselection");
      if (correspondant != NULL)
        json_object_set_string_member (doc, "correspondant", correspondant);

      if (g_strcmp0 (preselection, "evaluation") == 0)
        {
          array = json_array_new ();
          r = _demo_rng_below (&gen->rng, 3);
          json_array_add_string_element (array, outils[r]);
          if (_demo_rng_percent (&gen->rng, 30))
            json_array_add_string_element (array, outils[(r + 1) % 3]);
          json_object_set_array_member (doc, "outils_evaluation", array);
        }
      else if (g_strcmp0 (preselection, "valorisation") == 0)
        {
          array = json_array_new ();
          r = _demo_rng_below (&gen->rng, G_N_ELEMENTS (criteres));
          for (guint k = 0; k < 3; k++)
            {
              const Critere *cr = &criteres[(r + k) % G_N_ELEMENTS (criteres)];

              obj = json_object_new ();
              json_object_set_string_member (obj, "libelle", cr->libelle);
              json_object_set_int_member (obj, "poids", cr->poids);
              json_array_add_object_element (array, obj);
            }
          json_object_set_array_member (doc, "criteres_complementaires", array);
        }

      journal_add (journal, created, 540, "recueil", "Offre recueillie par téléphone");
      if (strcmp (statut, "diagnostic") != 0 && strcmp (statut, "recueil") != 0)
        {
          journal_add (journal, created, 600, "diffusion", diffusion);
          if (preselection != NULL)
            journal_add (journal, created, 610, "preselection", preselection);
          n_cand = preselection != NULL ? 3 + _demo_rng_below (&gen->rng, 4)
                                        : _demo_rng_below (&gen->rng, 4);
        }

      if (strcmp (statut, "cloturee") == 0)
        last_day = MIN (created + 10 + _demo_rng_below (&gen->rng, 35), gen->today);

      emit_candidatures (gen, id, model->fiche, preselection, correspondant, created, last_day,
                         strcmp (statut, "cloturee") == 0, n_cand, candidatures, hired);

      if (strcmp (statut, "traitement") == 0 && age > 20)
        {
          /* The follow-up letter; no answer within 8 days closes the offer. */
          _demo_set_date (doc, "date_relance", gen->today - _demo_rng_below (&gen->rng, 8));
          journal_add (journal, gen->today - 8, 900, "relance", "Courrier de relance envoyé");
        }
      else if (strcmp (statut, "cloturee") == 0)
        {
          const char *motif;

          obj = json_object_new ();
          if (hired[0] != '\0' && _demo_rng_percent (&gen->rng, 85))
            {
              motif = "pourvue";
              json_object_set_string_member (obj, "personne_recrutee", hired);
            }
          else
            {
              r = _demo_rng_below (&gen->rng, 10);
              motif = r < 4 ? "sans_reponse_relance" : r < 7 ? "annulee" : "non_pourvue";
              /* A hire was recorded but the offer closed otherwise. */
              if (hired[0] != '\0')
                for (guint k = 0; k < candidatures->len; k++)
                  {
                    JsonObject *cand = g_ptr_array_index (candidatures, k);
                    if (strcmp (json_object_get_string_member (cand, "statut"), "embauche") == 0)
                      json_object_set_string_member (cand, "statut", "non_retenue");
                  }
            }
          json_object_set_string_member (obj, "motif", motif);
          _demo_set_date (obj, "date", last_day);
          json_object_set_object_member (doc, "cloture", obj);
          journal_add (journal, last_day, 1020, "cloture", motif);
        }
      json_object_set_array_member (doc, "journal", journal);
      json_object_set_string_member (doc, "statut", statut);

      if (!_demo_emit (gen, doc))
        return FALSE;
      for (guint k = 0; k < candidatures->len; k++)
        {
          JsonObject *cand = g_steal_pointer (&candidatures->pdata[k]);

          if (!_demo_emit (gen, cand))
            {
              for (guint j = k + 1; j < candidatures->len; j++)
                json_object_unref (candidatures->pdata[j]);
              g_ptr_array_set_size (candidatures, 0);
              return FALSE;
            }
        }
      g_ptr_array_set_size (candidatures, 0);
    }

  return TRUE;
}

static gint
compare_tension (gconstpointer a, gconstpointer b)
{
  const RelaisRomeFiche *fa = *(const RelaisRomeFiche *const *) a;
  const RelaisRomeFiche *fb = *(const RelaisRomeFiche *const *) b;

  if (fa->tension_pct != fb->tension_pct)
    return fa->tension_pct < fb->tension_pct ? 1 : -1;
  return strcmp (fa->code, fb->code);
}

/* The ELD's territorial diagnosis (trades in tension among the DE's
 * targets, companies lacking HR autonomy) and the prospection it plans. */
gboolean
_demo_generate_territoire (DemoGen *gen)
{
  static const char *const objectifs[] = { "recueil_offres", "promotion_profils",
                                           "information_services" };
  static const char *const modalites[] = { "telephone", "visite", "email", "evenement" };
  const RelaisNameList *constats = relais_names_get (RELAIS_NAMES_CONSTATS);
  JsonObject *doc = _demo_doc_new (gen->diagnostic_id, RELAIS_DOC_TYPE_DIAGNOSTIC);
  JsonArray *secteurs = json_array_new ();
  JsonArray *cibles = json_array_new ();
  JsonArray *array;
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  guint n;

  json_object_set_string_member (doc, "agence", gen->agence_id);
  json_object_set_string_member (doc, "bassin", gen->bassin);
  _demo_set_date (doc, "date", gen->today - 60);
  json_object_set_string_member (
      doc, "auteur", g_array_index (gen->conseillers, DemoConseiller, gen->directeur).id);
  json_object_set_string_member (
      doc, "synthese",
      "Marché local dynamique sur la logistique et les services à la "
      "personne ; publics éloignés de l'emploi concentrés hors métropole.");

  for (guint i = 0; i < MIN (gen->fiches->len, 30); i++)
    if (_demo_fiche (gen, i)->tension_pct >= 0)
      g_ptr_array_add (sorted, (gpointer) _demo_fiche (gen, i));
  g_ptr_array_sort (sorted, compare_tension);
  for (guint i = 0; i < MIN (sorted->len, 5); i++)
    {
      const RelaisRomeFiche *f = g_ptr_array_index (sorted, i);
      JsonObject *s = json_object_new ();

      json_object_set_string_member (s, "code_rome", f->code);
      json_object_set_string_member (s, "libelle", f->label);
      json_object_set_double_member (s, "tension_pct", f->tension_pct);
      json_array_add_object_element (secteurs, s);
    }
  json_object_set_array_member (doc, "secteurs_tension", secteurs);

  for (guint i = 0; i < gen->entreprises->len && json_array_get_length (cibles) < 15; i++)
    {
      const DemoEntreprise *e = &g_array_index (gen->entreprises, DemoEntreprise, i);

      if (strcmp (e->autonomie_rh, "faible") == 0)
        json_array_add_string_element (cibles, e->id);
    }
  json_object_set_array_member (doc, "entreprises_cibles", cibles);

  array = json_array_new ();
  for (guint i = 0; i < constats->n; i++)
    json_array_add_string_element (array, constats->items[i]);
  json_object_set_array_member (doc, "constats", array);
  array = json_array_new ();
  json_array_add_string_element (array, "Conseil départemental");
  json_array_add_string_element (array, "Mission locale");
  json_array_add_string_element (array, "Cap emploi");
  json_object_set_array_member (doc, "partenariats", array);

  if (!_demo_emit (gen, doc))
    return FALSE;

  n = MAX (2, gen->options->n_de / 200);
  for (guint i = 0; i < n; i++)
    {
      char id[DEMO_ID_SIZE];
      guint32 day = gen->today - 90 + _demo_rng_below (&gen->rng, 120);
      const char *objectif = objectifs[i < 3 ? i : _demo_rng_below (&gen->rng, 3)];
      const DemoConseiller *c = &g_array_index (gen->conseillers, DemoConseiller,
                                                _demo_rng_below (&gen->rng, gen->conseillers->len));
      const char *statut;

      _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_ACTION_PROSPECTION, id);
      doc = _demo_doc_new (id, RELAIS_DOC_TYPE_ACTION_PROSPECTION);
      json_object_set_string_member (doc, "agence", gen->agence_id);
      if (_demo_rng_percent (&gen->rng, 80))
        json_object_set_string_member (
            doc, "entreprise",
            g_array_index (gen->entreprises, DemoEntreprise,
                           _demo_rng_below (&gen->rng, gen->entreprises->len))
                .id);
      else
        {
          g_autofree char *nom = g_strdup_printf ("%s %s", _demo_pick (gen, RELAIS_NAMES_ENSEIGNES),
                                                  _demo_pick (gen, RELAIS_NAMES_NOMS));
          json_object_set_string_member (doc, "entreprise_nom", nom);
        }
      json_object_set_string_member (doc, "objectif", objectif);
      json_object_set_string_member (doc, "modalite", modalites[_demo_rng_below (&gen->rng, 4)]);
      _demo_set_date (doc, "date_prevue", day);
      json_object_set_string_member (doc, "conseiller", c->id);
      json_object_set_string_member (doc, "diagnostic", gen->diagnostic_id);

      if (day >= gen->today)
        statut = "planifiee";
      else
        statut = _demo_rng_percent (&gen->rng, 85) ? "realisee" : "annulee";
      json_object_set_string_member (doc, "statut", statut);
      if (strcmp (statut, "realisee") == 0)
        {
          _demo_set_date (doc, "date_realisation", day);
          json_object_set_string_member (
              doc, "compte_rendu", "Échange avec le recruteur ; besoins à six mois recensés.");
        }

      /* Promotion of identified profiles ahead of the companies' needs. */
      if (strcmp (objectif, "promotion_profils") == 0)
        {
          array = json_array_new ();
          for (guint k = 0; k < 3; k++)
            json_array_add_string_element (
                array,
                g_array_index (gen->des, DemoDe, _demo_rng_below (&gen->rng, gen->des->len)).id);
          json_object_set_array_member (doc, "profils_promus", array);
        }

      if (!_demo_emit (gen, doc))
        return FALSE;
    }

  return TRUE;
}

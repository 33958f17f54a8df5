/* relais-demo.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The demo agency: its plan (bassin and communes, counsellors, portfolios,
 * which DE goes to which portfolio) and the agency, counsellor and
 * portfolio documents. The DE, employer and territory documents are in
 * relais-demo-*.c.
 *
 * Capacities drive the plan: the DE are split across modalities in fixed
 * shares, each modality gets as many portfolios as its target size needs,
 * and DE are dealt round-robin, so no portfolio exceeds its target (65 for
 * renforcé, under the legal 70).
 */

#define G_LOG_DOMAIN "relais-demo"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "relais-demo-private.h"
#include "relais-doc.h"
#include "relais-domain.h"
#include "relais-names.h"

/* Shares of DE per modality (percent) and the target and capacity of a
 * portfolio: large for suivi, intermediate for guidé, ≤ 70 for renforcé,
 * set locally for global. Order of relais_modalites. */
static const guint modalite_share[] = { 45, 33, 15, 7 };
static const guint modalite_target[] = { 350, 180, 65, 50 };
static const guint modalite_capacite[] = { 400, 200, RELAIS_RENFORCE_MAX_DE, 60 };

/* Trades most common in a counsellor's portfolio: most DE target one of
 * them, when the referential has it. */
static const char *const common_romes[] = {
  "K2204", "N1103", "D1507", "J1501", "G1602", "H2102", "F1703", "M1607", "D1106", "K1303",
  "N4101", "I1203", "M1203", "D1214", "G1603", "K1304", "K1302", "J1301", "N1101", "N4105",
  "D1505", "G1803", "D1102", "F1602", "H3302", "A1203", "K2503", "M1602", "D1401", "M1805",
};

#define DEFAULT_AGENCE_COMMUNE "35238" /* Rennes, the built-in sample's bassin */

/* PRNG: splitmix64 to seed, xoshiro256** to draw (Vigna & Blackman). */

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void
_demo_rng_init (DemoRng *rng, guint64 seed)
{
  for (guint i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&seed);
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

guint64
_demo_rng_next (DemoRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* Uniform in [0, n) by multiply-shift; the bias (n / 2^32) is far below
 * anything a demo could show. */
guint
_demo_rng_below (DemoRng *rng, guint n)
{
  g_assert (n > 0);
  return (guint) (((_demo_rng_next (rng) >> 32) * (guint64) n) >> 32);
}

gboolean
_demo_rng_percent (DemoRng *rng, guint percent)
{
  return _demo_rng_below (rng, 100) < percent;
}

/* A version-4-shaped UUID drawn from the stream, so ids are as
 * deterministic as the rest. */
void
_demo_rng_id (DemoRng *rng, const char *type, char out[DEMO_ID_SIZE])
{
  guint64 a = _demo_rng_next (rng);
  guint64 b = _demo_rng_next (rng);

  a = (a & G_GUINT64_CONSTANT (0xffffffffffff0fff)) | G_GUINT64_CONSTANT (0x4000);
  b = (b & G_GUINT64_CONSTANT (0x3fffffffffffffff)) | G_GUINT64_CONSTANT (0x8000000000000000);
  g_snprintf (out, DEMO_ID_SIZE, "%s:%08x-%04x-%04x-%04x-%012" G_GINT64_MODIFIER "x", type,
              (guint) (a >> 32), (guint) ((a >> 16) & 0xffff), (guint) (a & 0xffff),
              (guint) (b >> 48), b & G_GUINT64_CONSTANT (0xffffffffffff));
}

/* Helpers */

JsonObject *
_demo_doc_new (const char *id, const char *type)
{
  JsonObject *doc = json_object_new ();

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", type);
  json_object_set_int_member (doc, "schema_version", RELAIS_DOC_SCHEMA_VERSION);
  return doc;
}

/* Hands @doc (owned) to the caller's callback; after a refusal nothing
 * more is emitted. */
gboolean
_demo_emit (DemoGen *gen, JsonObject *doc)
{
  if (!gen->failed && !gen->emit (doc, gen->user_data, gen->error))
    gen->failed = TRUE;

  json_object_unref (doc);
  return !gen->failed;
}

static void
format_date (char out[16], guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  g_snprintf (out, 16, "%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
}

void
_demo_set_date (JsonObject *obj, const char *name, guint32 julian)
{
  char text[16];

  format_date (text, julian);
  json_object_set_string_member (obj, name, text);
}

static guint32
last_sunday (GDateYear year, GDateMonth month)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_get_days_in_month (month, year), month, year);
  return g_date_get_julian (&date) - (g_date_get_weekday (&date) % 7);
}

/* Europe/Paris wall-clock time with its offset, computed from the EU
 * summer-time rule rather than the system's tzdata so that every machine
 * writes the same bytes. Times are in the day, after the 2-3 a.m. change. */
void
_demo_format_datetime (char out[32], guint32 julian, guint minutes)
{
  GDate date;
  GDateYear year;
  gboolean summer;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  year = g_date_get_year (&date);
  summer =
      julian >= last_sunday (year, G_DATE_MARCH) && julian < last_sunday (year, G_DATE_OCTOBER);
  g_snprintf (out, 32, "%04u-%02u-%02uT%02u:%02u:00%s", year, g_date_get_month (&date),
              g_date_get_day (&date), minutes / 60, minutes % 60, summer ? "+02:00" : "+01:00");
}

void
_demo_set_datetime (JsonObject *obj, const char *name, guint32 julian, guint minutes)
{
  char text[32];

  _demo_format_datetime (text, julian, minutes);
  json_object_set_string_member (obj, name, text);
}

const char *
_demo_pick (DemoGen *gen, guint list)
{
  const RelaisNameList *names = relais_names_get ((RelaisNames) list);

  return names->items[_demo_rng_below (&gen->rng, names->n)];
}

const RelaisCommune *
_demo_pick_commune (DemoGen *gen)
{
  guint n = gen->communes->len;
  guint64 total = gen->commune_cumul[n - 1];
  guint64 r = (_demo_rng_next (&gen->rng) >> 11) % total;
  guint lo = 0, hi = n - 1;

  /* First commune whose cumulated weight exceeds r. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (gen->commune_cumul[mid] > r)
        hi = mid;
      else
        lo = mid + 1;
    }

  return g_ptr_array_index (gen->communes, lo);
}

JsonObject *
_demo_adresse_new (DemoGen *gen, const RelaisCommune *commune)
{
  JsonObject *adresse = json_object_new ();
  g_autofree char *ligne = NULL;
  guint numero = 1 + _demo_rng_below (&gen->rng, 120);
  const char *type = _demo_pick (gen, RELAIS_NAMES_TYPES_VOIE);
  const char *voie = _demo_pick (gen, RELAIS_NAMES_VOIES);

  ligne = g_strdup_printf ("%u %s %s", numero, type, voie);
  json_object_set_string_member (adresse, "ligne", ligne);
  json_object_set_string_member (adresse, "code_postal", commune->code_postal);
  json_object_set_string_member (adresse, "commune", commune->code_insee);
  json_object_set_string_member (adresse, "libelle_commune", commune->nom);
  return adresse;
}

/* "Hélène Le Floc'h" → "helene-lefloch": for e-mail addresses. Unicode
 * decomposition is locale-independent, unlike g_str_to_ascii(). */
char *
_demo_ascii_slug (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);
      gunichar decomposed[8];

      if (g_unichar_fully_decompose (ch, FALSE, decomposed, G_N_ELEMENTS (decomposed)) > 0)
        ch = decomposed[0];
      if (ch < 0x80 && g_ascii_isalnum ((char) ch))
        g_string_append_c (out, g_ascii_tolower ((char) ch));
      else if (ch == ' ' || ch == '-')
        g_string_append_c (out, '-');
    }

  return g_string_free (out, FALSE);
}

void
_demo_phone (DemoGen *gen, char out[24], gboolean mobile)
{
  g_snprintf (out, 24, "0%u %02u %02u %02u %02u", mobile ? 6 + _demo_rng_below (&gen->rng, 2) : 2,
              _demo_rng_below (&gen->rng, 100), _demo_rng_below (&gen->rng, 100),
              _demo_rng_below (&gen->rng, 100), _demo_rng_below (&gen->rng, 100));
}

const RelaisRomeFiche *
_demo_fiche (DemoGen *gen, guint index)
{
  return g_ptr_array_index (gen->fiches, index);
}

/* "de " or "d'" before a place name: "Agence d'Acigné". */
const char *
_demo_de (const char *nom)
{
  gunichar decomposed[4];
  gunichar ch = g_utf8_get_char (nom);

  if (g_unichar_fully_decompose (ch, FALSE, decomposed, G_N_ELEMENTS (decomposed)) > 0)
    ch = decomposed[0];
  return ch != 0 && ch < 0x80 && strchr ("AEIOUY", (int) ch) != NULL ? "d'" : "de ";
}

/* Plan */

static gint
compare_communes (gconstpointer a, gconstpointer b)
{
  const RelaisCommune *ca = *(const RelaisCommune *const *) a;
  const RelaisCommune *cb = *(const RelaisCommune *const *) b;

  return strcmp (ca->code_insee, cb->code_insee);
}

/* The bassin d'emploi: the one of the agency commune (agence_code when it
 * names a commune, else Rennes when known), else of the most populous
 * commune that has one. */
static gboolean
plan_territory (DemoGen *gen, GError **error)
{
  RelaisReferential *ref = gen->referential;
  const RelaisCommune *commune = NULL;
  guint64 total = 0;

  if (gen->options->agence_code != NULL)
    commune = relais_referential_lookup_commune (ref, gen->options->agence_code);
  if (commune == NULL || commune->bassin == NULL)
    commune = relais_referential_lookup_commune (ref, DEFAULT_AGENCE_COMMUNE);
  if (commune == NULL || commune->bassin == NULL)
    {
      commune = NULL;
      for (guint i = 0; i < relais_referential_get_n_communes (ref); i++)
        {
          const RelaisCommune *c = relais_referential_get_commune (ref, i);

          if (c->bassin != NULL && c->code_postal != NULL &&
              (commune == NULL || c->population > commune->population))
            commune = c;
        }
    }

  if (commune == NULL || relais_referential_get_n_fiches (ref) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The referential %s has no commune with a bassin d'emploi, or no ROME fiche",
                   relais_referential_get_source (ref));
      return FALSE;
    }

  gen->agence_commune = commune;
  gen->bassin = commune->bassin;
  gen->agence_code = g_strdup (gen->options->agence_code != NULL ? gen->options->agence_code
                                                                 : commune->code_insee);

  gen->communes = relais_referential_communes_of_bassin (ref, gen->bassin);
  /* A commune without postal code cannot make an address. */
  for (guint i = gen->communes->len; i > 0; i--)
    if (((const RelaisCommune *) g_ptr_array_index (gen->communes, i - 1))->code_postal == NULL)
      g_ptr_array_remove_index (gen->communes, i - 1);
  if (gen->communes->len == 0)
    g_ptr_array_add (gen->communes, (gpointer) commune);
  g_ptr_array_sort (gen->communes, compare_communes);

  /* People live where people live: weight communes by population. */
  gen->commune_cumul = g_new (guint64, gen->communes->len);
  for (guint i = 0; i < gen->communes->len; i++)
    {
      const RelaisCommune *c = g_ptr_array_index (gen->communes, i);

      total += MAX (c->population, 100);
      gen->commune_cumul[i] = total;
    }

  return TRUE;
}

/* The ROME targets: the common trades the referential knows, then every
 * other fiche; DE mostly draw from the head of the list. */
static void
plan_fiches (DemoGen *gen)
{
  RelaisReferential *ref = gen->referential;
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  gen->fiches = g_ptr_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (common_romes); i++)
    {
      const RelaisRomeFiche *f = relais_referential_lookup_fiche (ref, common_romes[i]);

      if (f != NULL && g_hash_table_add (seen, (gpointer) f->code))
        g_ptr_array_add (gen->fiches, (gpointer) f);
    }

  for (guint i = 0; i < relais_referential_get_n_fiches (ref); i++)
    {
      const RelaisRomeFiche *f = relais_referential_get_fiche (ref, i);

      if (g_hash_table_add (seen, (gpointer) f->code))
        g_ptr_array_add (gen->fiches, (gpointer) f);
    }
}

static guint
pick_fiche (DemoGen *gen, guint n_common)
{
  if (n_common > 0 && _demo_rng_percent (&gen->rng, 80))
    return _demo_rng_below (&gen->rng, n_common);

  return _demo_rng_below (&gen->rng, gen->fiches->len);
}

static void
add_conseiller (DemoGen *gen, int modalite, guint equipe)
{
  DemoConseiller c = { 0 };
  gboolean feminin = _demo_rng_percent (&gen->rng, 60);

  _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_CONSEILLER, c.id);
  c.prenom =
      _demo_pick (gen, feminin ? RELAIS_NAMES_PRENOMS_FEMININS : RELAIS_NAMES_PRENOMS_MASCULINS);
  c.nom = _demo_pick (gen, RELAIS_NAMES_NOMS);
  c.modalite = modalite;
  c.portefeuille = -1;
  c.equipe = equipe;
  g_array_append_val (gen->conseillers, c);
}

/* Counsellors, portfolios and the DE plan. ELD first: director, référent
 * réglementaire, one REP per team of about 12 counsellors, and a deputy
 * only above 40 agents with at least 3 teams. */
static void
plan_people (DemoGen *gen)
{
  guint n_de = gen->options->n_de;
  guint n_mod[G_N_ELEMENTS (modalite_share)];
  guint n_pf[G_N_ELEMENTS (modalite_share)];
  guint first_pf[G_N_ELEMENTS (modalite_share)];
  guint dealt[G_N_ELEMENTS (modalite_share)] = { 0 };
  guint n_conseillers = 0, n_teams, rest = n_de, n_common;
  g_autofree guint8 *modalites = g_new (guint8, n_de);
  guint k = 0;

  for (guint m = 1; m < G_N_ELEMENTS (n_mod); m++)
    {
      n_mod[m] = n_de * modalite_share[m] / 100;
      rest -= n_mod[m];
    }
  n_mod[0] = rest;

  for (guint m = 0; m < G_N_ELEMENTS (n_mod); m++)
    {
      n_pf[m] = (n_mod[m] + modalite_target[m] - 1) / modalite_target[m];
      first_pf[m] = n_conseillers;
      n_conseillers += n_pf[m];
      for (guint i = 0; i < n_mod[m]; i++)
        modalites[k++] = (guint8) m;
    }

  /* Fisher-Yates: which DE is in which modality. */
  for (guint i = n_de - 1; i > 0; i--)
    {
      guint j = _demo_rng_below (&gen->rng, i + 1);
      guint8 t = modalites[i];

      modalites[i] = modalites[j];
      modalites[j] = t;
    }

  n_teams = MAX (1, (n_conseillers + 11) / 12);

  add_conseiller (gen, -1, 0); /* directeur */
  gen->directeur = 0;
  add_conseiller (gen, -1, 0); /* référent réglementaire */
  for (guint t = 0; t < n_teams; t++)
    add_conseiller (gen, -1, t); /* REP */
  gen->n_teams = n_teams;
  gen->adjoint = -1;
  if (n_conseillers + 2 + n_teams > RELAIS_ADJOINT_MIN_AGENTS &&
      n_teams >= RELAIS_ADJOINT_MIN_EQUIPES)
    {
      gen->adjoint = (int) gen->conseillers->len;
      add_conseiller (gen, -1, 0);
    }

  for (guint m = 0; m < G_N_ELEMENTS (n_pf); m++)
    for (guint p = 0; p < n_pf[m]; p++)
      {
        DemoPortefeuille pf = { 0 };
        guint index = first_pf[m] + p;
        DemoConseiller *c;

        add_conseiller (gen, (int) m, index * n_teams / MAX (n_conseillers, 1));
        c = &g_array_index (gen->conseillers, DemoConseiller, gen->conseillers->len - 1);
        c->portefeuille = (int) index;
        c->correspondant = index % 3 == 0;

        _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_PORTEFEUILLE, pf.id);
        pf.conseiller = gen->conseillers->len - 1;
        pf.modalite = m;
        pf.capacite = modalite_capacite[m];
        g_array_append_val (gen->portefeuilles, pf);
      }

  n_common = 0;
  for (guint i = 0; i < G_N_ELEMENTS (common_romes); i++)
    if (i < gen->fiches->len && strcmp (_demo_fiche (gen, i)->code, common_romes[i]) == 0)
      n_common = i + 1;
    else
      break;

  gen->de_by_fiche = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint f = 0; f < gen->fiches->len; f++)
    g_ptr_array_add (gen->de_by_fiche, g_array_new (FALSE, FALSE, sizeof (guint)));

  gen->identifiant_base = _demo_rng_below (&gen->rng, 10000000);

  g_array_set_size (gen->des, n_de);
  for (guint i = 0; i < n_de; i++)
    {
      DemoDe *de = &g_array_index (gen->des, DemoDe, i);
      guint m = modalites[i];

      _demo_rng_id (&gen->rng, RELAIS_DOC_TYPE_DE, de->id);
      de->modalite = (guint8) m;
      de->portefeuille = first_pf[m] + dealt[m]++ % n_pf[m];
      /* Registered between a year and a week ago, so every EID is held. */
      de->inscription = gen->today - 7 - _demo_rng_below (&gen->rng, 358);
      de->fiche = pick_fiche (gen, n_common);
      /* Renforcé starts with its référent at the EID; elsewhere a few DE
       * still lack one, some past month 4: the alerts the ELD watches. */
      de->has_referent = _demo_rng_percent (&gen->rng, m == 2 ? 97 : 90);
      g_array_append_val (g_ptr_array_index (gen->de_by_fiche, de->fiche), i);
    }
}

/* Documents of the agency and its people */

static gboolean
emit_agence (DemoGen *gen)
{
  JsonObject *doc = _demo_doc_new (gen->agence_id, RELAIS_DOC_TYPE_AGENCE);
  JsonArray *eld = json_array_new ();
  JsonArray *equipes = json_array_new ();
  JsonArray *points = json_array_new ();
  g_autofree char *nom = g_strdup_printf ("Agence %s%s", _demo_de (gen->agence_commune->nom),
                                          gen->agence_commune->nom);

  json_object_set_string_member (doc, "code", gen->agence_code);
  json_object_set_string_member (doc, "nom", nom);
  json_object_set_string_member (doc, "type_site", "agence_proximite");
  json_object_set_string_member (doc, "commune", gen->agence_commune->code_insee);
  json_object_set_string_member (doc, "bassin", gen->bassin);
  json_object_set_object_member (doc, "adresse", _demo_adresse_new (gen, gen->agence_commune));
  json_object_set_int_member (doc, "heures_ouverture", 35);
  json_object_set_int_member (doc, "nb_agents", gen->conseillers->len);
  json_object_set_string_member (
      doc, "directeur", g_array_index (gen->conseillers, DemoConseiller, gen->directeur).id);

  for (guint i = 0; i < gen->conseillers->len; i++)
    {
      DemoConseiller *c = &g_array_index (gen->conseillers, DemoConseiller, i);

      if (c->modalite >= 0)
        break;
      json_array_add_string_element (eld, c->id);
      if (i >= 2 && i < 2 + gen->n_teams)
        {
          JsonObject *e = json_object_new ();
          g_autofree char *libelle = g_strdup_printf ("Équipe %u", c->equipe + 1);

          json_object_set_string_member (e, "libelle", libelle);
          json_object_set_string_member (e, "rep", c->id);
          json_array_add_object_element (equipes, e);
        }
      else if ((int) i == gen->adjoint)
        json_object_set_string_member (doc, "directeur_adjoint", c->id);
    }
  json_object_set_array_member (doc, "eld", eld);
  json_object_set_array_member (doc, "equipes", equipes);

  /* Satellite points: where the network is poor, hence offline work. */
  for (guint i = 0; i < MIN (gen->communes->len, 3); i++)
    {
      const RelaisCommune *c = g_ptr_array_index (gen->communes, i);
      JsonObject *p = json_object_new ();
      g_autofree char *libelle = g_strdup_printf ("Permanence %s%s", _demo_de (c->nom), c->nom);

      if (c == gen->agence_commune)
        continue;
      json_object_set_string_member (p, "nature", i == 0 ? "relais" : "permanence");
      json_object_set_string_member (p, "libelle", libelle);
      json_object_set_string_member (p, "commune", c->code_insee);
      json_array_add_object_element (points, p);
    }
  json_object_set_array_member (doc, "points_accueil", points);

  return _demo_emit (gen, doc);
}

static gboolean
emit_conseillers (DemoGen *gen)
{
  for (guint i = 0; i < gen->conseillers->len; i++)
    {
      DemoConseiller *c = &g_array_index (gen->conseillers, DemoConseiller, i);
      JsonObject *doc = _demo_doc_new (c->id, RELAIS_DOC_TYPE_CONSEILLER);
      JsonArray *roles = json_array_new ();
      g_autofree char *prenom = _demo_ascii_slug (c->prenom);
      g_autofree char *nom = _demo_ascii_slug (c->nom);
      g_autofree char *email = g_strdup_printf ("%s.%s@agence.relais.example", prenom, nom);
      g_autofree char *equipe = g_strdup_printf ("Équipe %u", c->equipe + 1);

      json_object_set_string_member (doc, "nom", c->nom);
      json_object_set_string_member (doc, "prenom", c->prenom);
      json_object_set_string_member (doc, "agence", gen->agence_id);
      json_object_set_string_member (doc, "email", email);

      if (i == 0)
        json_array_add_string_element (roles, "directeur");
      else if (i == 1)
        json_array_add_string_element (roles, "referent_reglementaire");
      else if ((int) i == gen->adjoint)
        json_array_add_string_element (roles, "directeur_adjoint");
      else if (c->modalite < 0)
        {
          json_array_add_string_element (roles, "rep");
          /* Without a deputy, a team lead acts as one. */
          if (gen->adjoint < 0 && i == 2)
            json_array_add_string_element (roles, "rep_adjoint");
          json_object_set_string_member (doc, "equipe", equipe);
        }
      else
        {
          DemoPortefeuille *pf =
              &g_array_index (gen->portefeuilles, DemoPortefeuille, c->portefeuille);

          json_array_add_string_element (roles, "conseiller");
          if (c->correspondant)
            json_array_add_string_element (roles, "correspondant_offre");
          json_object_set_string_member (doc, "modalite", relais_modalites[c->modalite]);
          json_object_set_string_member (doc, "portefeuille", pf->id);
          json_object_set_string_member (doc, "equipe", equipe);
        }
      json_object_set_array_member (doc, "roles", roles);

      if (!_demo_emit (gen, doc))
        return FALSE;
    }

  return TRUE;
}

/* Names are data that an agency types in French, as its counsellors name
 * the modalities (relais_modalites order), not codes. */
static const char *const modalite_names[] = { "Suivi", "Guidé", "Renforcé",
                                              "Accompagnement global" };

static gboolean
emit_portefeuilles (DemoGen *gen)
{
  for (guint i = 0; i < gen->portefeuilles->len; i++)
    {
      DemoPortefeuille *pf = &g_array_index (gen->portefeuilles, DemoPortefeuille, i);
      DemoConseiller *c = &g_array_index (gen->conseillers, DemoConseiller, pf->conseiller);
      JsonObject *doc = _demo_doc_new (pf->id, RELAIS_DOC_TYPE_PORTEFEUILLE);
      g_autofree char *libelle =
          g_strdup_printf ("%s — %s %s", modalite_names[pf->modalite], c->prenom, c->nom);

      json_object_set_string_member (doc, "conseiller", c->id);
      json_object_set_string_member (doc, "agence", gen->agence_id);
      json_object_set_string_member (doc, "modalite", relais_modalites[pf->modalite]);
      json_object_set_int_member (doc, "capacite", pf->capacite);
      json_object_set_string_member (doc, "libelle", libelle);

      if (!_demo_emit (gen, doc))
        return FALSE;
    }

  return TRUE;
}

static void
demo_gen_clear (DemoGen *gen)
{
  g_clear_object (&gen->referential);
  g_clear_pointer (&gen->agence_code, g_free);
  g_clear_pointer (&gen->communes, g_ptr_array_unref);
  g_clear_pointer (&gen->commune_cumul, g_free);
  g_clear_pointer (&gen->fiches, g_ptr_array_unref);
  g_clear_pointer (&gen->de_by_fiche, g_ptr_array_unref);
  g_clear_pointer (&gen->appellations, g_hash_table_unref);
  g_clear_pointer (&gen->conseillers, g_array_unref);
  g_clear_pointer (&gen->portefeuilles, g_array_unref);
  g_clear_pointer (&gen->des, g_array_unref);
  if (gen->entreprises != NULL)
    for (guint i = 0; i < gen->entreprises->len; i++)
      g_free (g_array_index (gen->entreprises, DemoEntreprise, i).nom);
  g_clear_pointer (&gen->entreprises, g_array_unref);
}

/* Public API */

void
relais_demo_options_init (RelaisDemoOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->seed = 1;
  options->n_de = RELAIS_DEMO_DEFAULT_DE;
}

/**
 * relais_demo_generate:
 * @options: what to generate
 * @emit: (scope call): called once per document, in a fixed order: the
 *   agence, the conseillers, the portefeuilles, the entreprises, each DE
 *   followed by its entretiens, actions and contacts, each offre followed by
 *   its candidatures, the diagnostic and the actions de prospection
 * @user_data: for @emit
 * @error: set when the options are out of range or @emit refused a document
 *
 * Returns: whether every document was emitted
 */
gboolean
relais_demo_generate (const RelaisDemoOptions *options,
                      RelaisDemoEmitFunc emit,
                      gpointer user_data,
                      GError **error)
{
  DemoGen gen = { 0 };
  GDate today;
  gboolean ok;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (emit != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (options->n_de < 1 || options->n_de > RELAIS_DEMO_MAX_DE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The number of job seekers must be between 1 and %d, not %u", RELAIS_DEMO_MAX_DE,
                   options->n_de);
      return FALSE;
    }

  if (options->today != NULL && g_date_valid (options->today))
    today = *options->today;
  else
    g_date_set_dmy (&today, 24, G_DATE_NOVEMBER, 2026);

  gen.options = options;
  gen.today = g_date_get_julian (&today);
  gen.emit = emit;
  gen.user_data = user_data;
  gen.error = error;
  gen.referential = options->referential != NULL ? g_object_ref (options->referential)
                                                 : relais_referential_new_builtin ();
  gen.conseillers = g_array_new (FALSE, TRUE, sizeof (DemoConseiller));
  gen.portefeuilles = g_array_new (FALSE, TRUE, sizeof (DemoPortefeuille));
  gen.des = g_array_new (FALSE, TRUE, sizeof (DemoDe));
  gen.entreprises = g_array_new (FALSE, TRUE, sizeof (DemoEntreprise));
  gen.appellations =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  _demo_rng_init (&gen.rng, options->seed);

  ok = plan_territory (&gen, error);
  if (ok)
    {
      plan_fiches (&gen);
      _demo_rng_id (&gen.rng, RELAIS_DOC_TYPE_AGENCE, gen.agence_id);
      _demo_rng_id (&gen.rng, RELAIS_DOC_TYPE_DIAGNOSTIC, gen.diagnostic_id);
      plan_people (&gen);

      ok = emit_agence (&gen) && emit_conseillers (&gen) && emit_portefeuilles (&gen) &&
           _demo_generate_employers (&gen) && _demo_generate_de (&gen) &&
           _demo_generate_offres (&gen) && _demo_generate_territoire (&gen);
    }

  demo_gen_clear (&gen);
  return ok;
}

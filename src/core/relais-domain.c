/* relais-domain.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The allowed values of enumerated fields and the checks of the trade's
 * identifiers. Values are ASCII snake-case ids: the UI translates them, the
 * documents never carry a translated word.
 */

#define G_LOG_DOMAIN "relais-domain"

#include "config.h"

#include <string.h>

#include "relais-domain.h"

const char *const relais_modalites[] = { "suivi", "guide", "renforce", "global", NULL };
const char *const relais_roles_conseiller[] = {
  "directeur",           "directeur_adjoint",      "rep",
  "rep_adjoint",         "referent_reglementaire", "conseiller",
  "correspondant_offre", "conseiller_entreprise",  NULL
};
const char *const relais_types_site[] = { "agence_proximite", "agence_specialisee",
                                          "agence_specialisee_thematique", "plateforme_production",
                                          NULL };
const char *const relais_natures_point_accueil[] = { "relais", "visio_guichet", "permanence",
                                                     NULL };
const char *const relais_freins_themes[] = { "garde_enfants", "mobilite", "logement", "sante",
                                             "endettement",   "autre",    NULL };
const char *const relais_freins_statuts[] = { "identifie", "en_cours", "leve", NULL };
const char *const relais_orientations[] = { "professionnelle", "socio_professionnelle", "sociale",
                                            NULL };
const char *const relais_decisions_commission[] = { "accompagnement_global",
                                                    "accompagnement_social",
                                                    "accompagnement_professionnel", NULL };
const char *const relais_disponibilites[] = { "immediate", "preavis", "indisponible", NULL };
const char *const relais_natures_entretien[] = { "eid", "ajustement",    "m4",
                                                 "m9",  "intermediaire", NULL };
const char *const relais_statuts_entretien[] = { "planifie", "realise", "annule", "absent", NULL };
const char *const relais_modes_entretien[] = { "physique", "telephone", "visio", NULL };
const char *const relais_eid_etapes[] = { "validation_inscription",
                                          "dossier_dal",
                                          "rejets_reprises",
                                          "diagnostic",
                                          "plan_action",
                                          "offres",
                                          NULL };
const char *const relais_natures_action[] = { "atelier",   "prestation",  "formation",
                                              "immersion", "candidature", "demarche",
                                              "aide",      "autre",       NULL };
const char *const relais_statuts_action[] = { "prevue", "en_cours", "realisee", "abandonnee",
                                              NULL };
const char *const relais_sens_contact[] = { "entrant", "sortant", NULL };
const char *const relais_canaux_contact[] = { "telephone", "email", "courrier", "physique",
                                              "visio",     "chat",  "web",      NULL };
const char *const relais_statuts_escalade[] = { "ouverte", "traitee", NULL };
const char *const relais_tranches_effectif[] = { "NN", "00", "01", "02", "03", "11",
                                                 "12", "21", "22", "31", "32", "41",
                                                 "42", "51", "52", "53", NULL };
const char *const relais_autonomies_rh[] = { "autonome", "partielle", "faible", NULL };
const char *const relais_types_contrat[] = { "CDI", "CDD", "MIS", "SAI", "LIB", "FRA",
                                             "CCE", "DDI", "DIN", "TTI", NULL };
const char *const relais_exigences[] = { "E", "S", NULL };
const char *const relais_niveaux_service[] = { "appui", "accompagnement", NULL };
const char *const relais_diffusions[] = { "nominatif", "visibilite", "anonyme", NULL };
const char *const relais_preselections[] = { "verification", "valorisation", "evaluation", NULL };
const char *const relais_outils_evaluation[] = { "MRS", "EMTPR", "ECCP", NULL };
const char *const relais_statuts_offre[] = { "diagnostic", "recueil", "traitement", "cloturee",
                                             NULL };
const char *const relais_motifs_cloture[] = { "pourvue", "annulee", "sans_reponse_relance",
                                              "non_pourvue", NULL };
const char *const relais_services_offre[] = { "recueil",
                                              "aide_redaction",
                                              "diffusion",
                                              "information_marche",
                                              "acces_profils",
                                              "information_suivi",
                                              "alerte_sans_mouvement",
                                              "relance",
                                              "conseil_recrutement",
                                              "preselection",
                                              "adaptation",
                                              "mise_en_relation",
                                              "changement_service",
                                              "cloture",
                                              NULL };
const char *const relais_statuts_candidature[] = { "proposee",    "mer",      "retenue",
                                                   "non_retenue", "embauche", "desistement",
                                                   NULL };
const char *const relais_origines_candidature[] = { "mer_conseiller", "contact_direct",
                                                    "proposition_offre", "proposition_profil",
                                                    NULL };
const char *const relais_objectifs_prospection[] = { "recueil_offres", "promotion_profils",
                                                     "information_services", NULL };
const char *const relais_modalites_prospection[] = { "telephone", "visite", "email", "evenement",
                                                     NULL };
const char *const relais_statuts_prospection[] = { "planifiee", "realisee", "annulee", NULL };

gboolean
relais_str_in (const char *value, const char *const *values)
{
  if (value == NULL)
    return FALSE;

  for (guint i = 0; values[i] != NULL; i++)
    if (strcmp (value, values[i]) == 0)
      return TRUE;

  return FALSE;
}

/* "a, b, c": what a reason lists as the allowed values. */
char *
relais_str_join_values (const char *const *values)
{
  return g_strjoinv (", ", (char **) values);
}

static gboolean
parse_digits (const char *p, guint n, guint *out)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (guint) (p[i] - '0');
    }

  *out = v;
  return TRUE;
}

/* Exactly "YYYY-MM-DD" and a real calendar day: GDate knows the leap
 * years, so 2024-02-29 passes and 2025-02-29 does not. */
static gboolean
parse_date_prefix (const char *text, GDate *date)
{
  guint y, m, d;

  if (strlen (text) < 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (!parse_digits (text, 4, &y) || !parse_digits (text + 5, 2, &m) ||
      !parse_digits (text + 8, 2, &d))
    return FALSE;
  if (y < 1900 || y > 2999 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  if (date != NULL)
    g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

gboolean
relais_date_parse (const char *text, GDate *date)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return strlen (text) == 10 && parse_date_prefix (text, date);
}

/* ISO 8601 "YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]": the forms France
 * Travail's API and our app write. A missing offset means Europe/Paris
 * wall-clock time, the time of the agency. @date gets the calendar day as
 * written, which is the day the rules count with. */
gboolean
relais_datetime_parse (const char *text, GDate *date)
{
  const char *p;
  guint hh, mm, ss;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!parse_date_prefix (text, date) || text[10] != 'T')
    return FALSE;

  p = text + 11;
  if (!parse_digits (p, 2, &hh) || p[2] != ':' || !parse_digits (p + 3, 2, &mm) || hh > 23 ||
      mm > 59)
    return FALSE;
  p += 5;

  if (*p == ':')
    {
      if (!parse_digits (p + 1, 2, &ss) || ss > 59)
        return FALSE;
      p += 3;
      if (*p == '.')
        {
          p++;
          if (!g_ascii_isdigit (*p))
            return FALSE;
          while (g_ascii_isdigit (*p))
            p++;
        }
    }

  if (*p == 'Z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      if (!parse_digits (p + 1, 2, &hh) || p[3] != ':' || !parse_digits (p + 4, 2, &mm) ||
          hh > 14 || mm > 59)
        return FALSE;
      p += 6;
    }

  return *p == '\0';
}

/* Luhn over the digits of @s, which must be exactly @len digits. */
static gboolean
luhn_is_valid (const char *s, gsize len)
{
  guint sum = 0;

  if (s == NULL || strlen (s) != len)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      guint d;

      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      d = (guint) (s[i] - '0');
      /* Every second digit from the right is doubled. */
      if ((len - i) % 2 == 0)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }

  return sum % 10 == 0;
}

gboolean
relais_siren_is_valid (const char *siren)
{
  return luhn_is_valid (siren, 9);
}

/* INSEE's rule: the 14 digits pass the Luhn check. La Poste's
 * establishments (SIREN 356000000) are the documented exception: most of
 * their SIRET only have a digit sum that is a multiple of 5 (the head
 * office, 35600000000048, passes Luhn). */
gboolean
relais_siret_is_valid (const char *siret)
{
  if (siret == NULL || strlen (siret) != 14)
    return FALSE;

  for (guint i = 0; i < 14; i++)
    if (!g_ascii_isdigit (siret[i]))
      return FALSE;

  if (luhn_is_valid (siret, 14))
    return TRUE;

  if (g_str_has_prefix (siret, "356000000"))
    {
      guint sum = 0;

      for (guint i = 0; i < 14; i++)
        sum += (guint) (siret[i] - '0');
      return sum % 5 == 0;
    }

  return FALSE;
}

/* The DE's identifier: 7 digits then an upper-case letter, "1234567A". */
gboolean
relais_identifiant_de_is_valid (const char *identifiant)
{
  if (identifiant == NULL || strlen (identifiant) != 8)
    return FALSE;

  for (guint i = 0; i < 7; i++)
    if (!g_ascii_isdigit (identifiant[i]))
      return FALSE;

  return g_ascii_isupper (identifiant[7]);
}

/* A ROME fiche: grand-domain letter and four digits, "K2204". */
gboolean
relais_code_rome_is_valid (const char *code)
{
  guint v;

  return code != NULL && strlen (code) == 5 && code[0] >= 'A' && code[0] <= 'N' &&
         parse_digits (code + 1, 4, &v);
}

/* A commune: 5 characters, digits except Corsica's "2A"/"2B". */
gboolean
relais_code_insee_is_valid (const char *code)
{
  guint v;

  if (code == NULL || strlen (code) != 5 || !parse_digits (code + 2, 3, &v))
    return FALSE;

  return parse_digits (code, 2, &v) || (code[0] == '2' && (code[1] == 'A' || code[1] == 'B'));
}

gboolean
relais_code_postal_is_valid (const char *code)
{
  guint v;

  return code != NULL && strlen (code) == 5 && parse_digits (code, 5, &v);
}

/* NAF rev. 2 sub-class: four digits and a letter, "5610A" (the INSEE
 * dotted form "56.10A" is accepted too, as exports carry it). */
gboolean
relais_code_naf_is_valid (const char *code)
{
  guint v;
  gsize len;

  if (code == NULL)
    return FALSE;

  len = strlen (code);
  if (len == 5)
    return parse_digits (code, 4, &v) && g_ascii_isupper (code[4]);
  if (len == 6)
    return parse_digits (code, 2, &v) && code[2] == '.' && parse_digits (code + 3, 2, &v) &&
           g_ascii_isupper (code[5]);
  return FALSE;
}

/* Deliberately loose: one "@", something on each side, a dot in the
 * domain, no space. Whether the address works is for the mail to tell. */
gboolean
relais_email_is_valid (const char *email)
{
  const char *at;

  if (email == NULL || strchr (email, ' ') != NULL)
    return FALSE;

  at = strchr (email, '@');
  return at != NULL && at != email && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[1] != '.' && email[strlen (email) - 1] != '.';
}

/* French numbers as people write them: "06 12 34 56 78", "06.12.34.56.78",
 * "0612345678" or "+33 6 12 34 56 78"; the 3949-style short numbers are
 * not a DE's contact. */
gboolean
relais_telephone_is_valid (const char *telephone)
{
  guint n = 0;
  const char *p = telephone;

  if (p == NULL)
    return FALSE;

  if (*p == '+')
    p++;

  for (; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        n++;
      else if (*p != ' ' && *p != '.' && *p != '-')
        return FALSE;
    }

  return telephone[0] == '+' ? (n >= 8 && n <= 15) : (n == 10 && telephone[0] == '0');
}

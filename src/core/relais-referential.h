/* relais-referential.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The open-data referential (ROME, NAF, communes, bassins d'emploi, métiers
 * en tension), read from the official files and never committed with the
 * code. Where no folder is at hand a small built-in sample stands in.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RELAIS_REFERENTIAL_ERROR (relais_referential_error_quark ())

typedef enum
{
  RELAIS_REFERENTIAL_ERROR_MISSING_FILE,
  RELAIS_REFERENTIAL_ERROR_MALFORMED,
} RelaisReferentialError;

typedef struct
{
  const char *code;         /* "K2204" */
  const char *label;        /* "Nettoyage de locaux" */
  const char *domain;       /* "K22" */
  const char *domain_label; /* "Nettoyage et propreté industriels" */
  char grand_domain;        /* 'K' */
  double tension_pct;       /* from métiers en tension, < 0 when unknown */
} RelaisRomeFiche;

typedef struct
{
  const char *ogr;       /* "10200" */
  const char *label;     /* "Abatteur / Abatteuse de carrière" */
  const char *rome_code; /* the fiche it belongs to */
} RelaisRomeAppellation;

typedef struct
{
  const char *code_insee;  /* "35238" */
  const char *nom;         /* "Rennes" */
  const char *departement; /* "35" */
  const char *region;      /* "53" */
  const char *code_postal; /* first postal code, "" for the few without */
  const char *bassin;      /* code du bassin d'emploi, NULL for the few without */
  guint population;        /* 0 when unknown */
} RelaisCommune;

typedef struct
{
  const char *code; /* "5610A" */
  const char *label;
  char section; /* 'I' */
} RelaisNaf;

#define RELAIS_TYPE_REFERENTIAL (relais_referential_get_type ())
G_DECLARE_FINAL_TYPE (RelaisReferential, relais_referential, RELAIS, REFERENTIAL, GObject)

GQuark relais_referential_error_quark (void);

/* $RELAIS_REFERENTIAL_DIR when set (even if wrong, so that a typo fails
 * loudly), else ../shared/referential from the current directory when it
 * exists, else NULL. Transfer full. */
char *relais_referential_default_dir (void);

/* Reads the folder. Required: rome_fiches.csv, rome_arborescence.csv,
 * rome_appellations.csv, metiers_tension.csv, naf_sections.csv,
 * naf_sous_classes.csv, communes.csv, bassins_emploi_communes.csv;
 * departements.csv and regions.csv are read when present. A missing folder
 * or file gives RELAIS_REFERENTIAL_ERROR_MISSING_FILE naming it, a bad row
 * RELAIS_REFERENTIAL_ERROR_MALFORMED with "file:line: ". */
RelaisReferential *relais_referential_load (const char *dir, GError **error);
RelaisReferential *relais_referential_new_builtin (void);
/* Never NULL: the folder when it loads, else the built-in sample (with a
 * g_message and relais_referential_get_fallback_reason() saying why). */
RelaisReferential *relais_referential_load_or_builtin (const char *dir);
gboolean relais_referential_is_builtin (RelaisReferential *self);
/* The canonical folder path, or "built-in sample". */
const char *relais_referential_get_source (RelaisReferential *self);
/* Why load_or_builtin() fell back to the sample, NULL otherwise. */
const char *relais_referential_get_fallback_reason (RelaisReferential *self);

/* Lookups take codes as the files spell them ("K2204", "5610A", "35238")
 * and also lower case or dotted forms ("k2204", "56.10A"). Returned records
 * and strings belong to the referential and live as long as it does. The
 * GPtrArray functions return a new container (free it with
 * g_ptr_array_unref) of borrowed elements; empty, never NULL, when the code
 * is unknown. */

guint relais_referential_get_n_fiches (RelaisReferential *self);
const RelaisRomeFiche *relais_referential_get_fiche (RelaisReferential *self, guint index);
const RelaisRomeFiche *relais_referential_lookup_fiche (RelaisReferential *self, const char *code);
guint relais_referential_get_n_appellations (RelaisReferential *self);
const RelaisRomeAppellation *relais_referential_get_appellation (RelaisReferential *self,
                                                                 guint index);
const RelaisRomeAppellation *relais_referential_lookup_appellation (RelaisReferential *self,
                                                                    const char *ogr);
GPtrArray *relais_referential_appellations_of (RelaisReferential *self, const char *rome_code);
const char *relais_referential_get_grand_domain_label (RelaisReferential *self, char grand_domain);
const char *relais_referential_get_domain_label (RelaisReferential *self, const char *domain);

guint relais_referential_get_n_communes (RelaisReferential *self);
const RelaisCommune *relais_referential_get_commune (RelaisReferential *self, guint index);
const RelaisCommune *relais_referential_lookup_commune (RelaisReferential *self,
                                                        const char *code_insee);
GPtrArray *relais_referential_communes_of_bassin (RelaisReferential *self, const char *bassin);
/* NULL when unknown or when the folder has no departements/regions file. */
const char *relais_referential_get_departement_name (RelaisReferential *self, const char *code);
const char *relais_referential_get_region_name (RelaisReferential *self, const char *code);

guint relais_referential_get_n_naf (RelaisReferential *self);
const RelaisNaf *relais_referential_get_naf (RelaisReferential *self, guint index);
const RelaisNaf *relais_referential_lookup_naf (RelaisReferential *self, const char *code);
const char *relais_referential_get_naf_section_label (RelaisReferential *self, char section);
/* The NAF rev. 2 section of a code from its division ("5610A" → 'I'), or
 * '\0' for a division no section holds. Needs no referential. */
char relais_referential_naf_section_of (const char *naf_code);

G_END_DECLS

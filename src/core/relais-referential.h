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
  const char *code_postal; /* first postal code */
  const char *bassin;      /* code du bassin d'emploi, may be NULL */
  guint population;
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
char *relais_referential_default_dir (void);
RelaisReferential *relais_referential_load (const char *dir, GError **error);
RelaisReferential *relais_referential_new_builtin (void);
RelaisReferential *relais_referential_load_or_builtin (const char *dir);
gboolean relais_referential_is_builtin (RelaisReferential *self);
const char *relais_referential_get_source (RelaisReferential *self);

guint relais_referential_get_n_fiches (RelaisReferential *self);
const RelaisRomeFiche *relais_referential_get_fiche (RelaisReferential *self, guint index);
const RelaisRomeFiche *relais_referential_lookup_fiche (RelaisReferential *self, const char *code);
guint relais_referential_get_n_appellations (RelaisReferential *self);
const RelaisRomeAppellation *relais_referential_get_appellation (RelaisReferential *self,
                                                                 guint index);
GPtrArray *relais_referential_appellations_of (RelaisReferential *self, const char *rome_code);

guint relais_referential_get_n_communes (RelaisReferential *self);
const RelaisCommune *relais_referential_get_commune (RelaisReferential *self, guint index);
const RelaisCommune *relais_referential_lookup_commune (RelaisReferential *self,
                                                        const char *code_insee);
GPtrArray *relais_referential_communes_of_bassin (RelaisReferential *self, const char *bassin);

guint relais_referential_get_n_naf (RelaisReferential *self);
const RelaisNaf *relais_referential_get_naf (RelaisReferential *self, guint index);
const RelaisNaf *relais_referential_lookup_naf (RelaisReferential *self, const char *code);

G_END_DECLS

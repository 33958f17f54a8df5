/* relais-demo-private.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The demo generator's state, shared by its files: the agency plan is
 * computed first (communes, portfolios, which DE goes where), then each
 * file emits its documents from it. Every random choice comes from one
 * xoshiro256** stream seeded from the options, drawn in a fixed order, so
 * a seed gives the same bytes on every machine.
 */

#pragma once

#include "relais-demo.h"

G_BEGIN_DECLS

#define DEMO_ID_SIZE 64 /* "action_prospection:" + a UUID + NUL fits */

typedef struct
{
  guint64 s[4];
} DemoRng;

typedef struct
{
  char id[DEMO_ID_SIZE];
  const char *prenom;
  const char *nom;
  int modalite;     /* index in relais_modalites, -1 for ELD members */
  int portefeuille; /* -1 for ELD members */
  guint equipe;
  gboolean correspondant;
} DemoConseiller;

typedef struct
{
  char id[DEMO_ID_SIZE];
  guint conseiller;
  guint modalite;
  guint capacite;
} DemoPortefeuille;

typedef struct
{
  char id[DEMO_ID_SIZE];
  guint32 inscription; /* julian day */
  guint portefeuille;
  guint fiche; /* index in the ROME pool */
  guint8 modalite;
  gboolean has_referent;
} DemoDe;

typedef struct
{
  char id[DEMO_ID_SIZE];
  char *nom;
  const char *autonomie_rh;
} DemoEntreprise;

typedef struct
{
  const RelaisDemoOptions *options;
  RelaisReferential *referential; /* owned */
  DemoRng rng;
  guint32 today; /* julian day */

  RelaisDemoEmitFunc emit;
  gpointer user_data;
  GError **error;
  gboolean failed;

  char agence_id[DEMO_ID_SIZE];
  char diagnostic_id[DEMO_ID_SIZE];
  char *agence_code;
  const RelaisCommune *agence_commune;
  const char *bassin;
  GPtrArray *communes;      /* const RelaisCommune *, sorted by code */
  guint64 *commune_cumul;   /* cumulated population weights */
  GPtrArray *fiches;        /* const RelaisRomeFiche *, the DE's targets */
  GPtrArray *de_by_fiche;   /* GArray of guint per fiche: DE indices */
  GHashTable *appellations; /* rome code → GPtrArray, cache */

  GArray *conseillers;   /* DemoConseiller */
  GArray *portefeuilles; /* DemoPortefeuille */
  GArray *des;           /* DemoDe */
  GArray *entreprises;   /* DemoEntreprise */
  guint directeur;
  guint n_teams; /* REPs are conseillers 2 … 2 + n_teams - 1 */
  int adjoint;   /* index of the directeur adjoint, -1 when none */
  guint32 identifiant_base;
} DemoGen;

/* PRNG */
void _demo_rng_init (DemoRng *rng, guint64 seed);
guint64 _demo_rng_next (DemoRng *rng);
guint _demo_rng_below (DemoRng *rng, guint n);
gboolean _demo_rng_percent (DemoRng *rng, guint percent);
void _demo_rng_id (DemoRng *rng, const char *type, char out[DEMO_ID_SIZE]);

/* Helpers */
JsonObject *_demo_doc_new (const char *id, const char *type);
gboolean _demo_emit (DemoGen *gen, JsonObject *doc);
void _demo_set_date (JsonObject *obj, const char *name, guint32 julian);
void _demo_set_datetime (JsonObject *obj, const char *name, guint32 julian, guint minutes);
void _demo_format_datetime (char out[32], guint32 julian, guint minutes);
const char *_demo_pick (DemoGen *gen, guint list);
const RelaisCommune *_demo_pick_commune (DemoGen *gen);
JsonObject *_demo_adresse_new (DemoGen *gen, const RelaisCommune *commune);
char *_demo_ascii_slug (const char *text);
void _demo_phone (DemoGen *gen, char out[24], gboolean mobile);
const RelaisRomeFiche *_demo_fiche (DemoGen *gen, guint index);
const char *_demo_de (const char *nom);

/* The parts, in emission order. */
gboolean _demo_generate_de (DemoGen *gen);
gboolean _demo_generate_employers (DemoGen *gen);
gboolean _demo_generate_offres (DemoGen *gen);
gboolean _demo_generate_territoire (DemoGen *gen);

G_END_DECLS

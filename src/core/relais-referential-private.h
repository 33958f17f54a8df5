/* relais-referential-private.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The built-in sample's tables, shared between the sample (data only) and
 * the referential (which indexes them exactly as it indexes the real files,
 * so that the demo exercises the same code paths).
 */

#pragma once

#include "relais-referential.h"

G_BEGIN_DECLS

typedef struct
{
  const char *code;
  const char *label;
} RelaisSamplePair;

typedef struct
{
  const char *code;
  const char *label;
  double tension_pct; /* < 0 when unknown */
} RelaisSampleFiche;

typedef struct
{
  const RelaisSamplePair *grand_domains; /* code is the letter, "K" */
  guint n_grand_domains;
  const RelaisSamplePair *domains; /* "K22" */
  guint n_domains;
  const RelaisSampleFiche *fiches;
  guint n_fiches;
  const RelaisRomeAppellation *appellations;
  guint n_appellations;
  const RelaisCommune *communes;
  guint n_communes;
  const RelaisSamplePair *naf; /* section is derived */
  guint n_naf;
  const RelaisSamplePair *naf_sections;
  guint n_naf_sections;
  const RelaisSamplePair *departements;
  guint n_departements;
  const RelaisSamplePair *regions;
  guint n_regions;
} RelaisReferentialSample;

const RelaisReferentialSample *relais_referential_sample_get (void);

G_END_DECLS

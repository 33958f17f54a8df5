/* relais-names.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Word lists for the demo generator: people's names as they are spelt in
 * France (accents included), street names, company names, skills and
 * action-plan items. Order matters: the generator indexes them, so
 * reordering a list changes every generated agency.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *const *items;
  guint n;
} RelaisNameList;

typedef enum
{
  RELAIS_NAMES_PRENOMS_FEMININS,
  RELAIS_NAMES_PRENOMS_MASCULINS,
  RELAIS_NAMES_NOMS,
  RELAIS_NAMES_TYPES_VOIE,
  RELAIS_NAMES_VOIES,
  RELAIS_NAMES_ENSEIGNES,   /* "Transports", "Boulangerie"… before a surname */
  RELAIS_NAMES_COMPETENCES, /* transversal skills and certificates */
  RELAIS_NAMES_ACTIONS,     /* action-plan items, with their nature after a '|' */
  RELAIS_NAMES_CONSTATS,    /* territorial-diagnosis findings */
  RELAIS_NAMES_N_LISTS,
} RelaisNames;

const RelaisNameList *relais_names_get (RelaisNames which);

G_END_DECLS

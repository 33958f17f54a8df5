/* relais-validate-private.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The checking helpers shared by the per-type validators. Each helper
 * reads one member of @obj, records a problem at "prefix.name" when the
 * member breaks the rule, and returns the value when it is usable so that
 * cross-field rules can go on. A JSON null counts as an absent member.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "relais-validate.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray *problems; /* RelaisProblem, owned */
} RelaisChecker;

typedef enum
{
  RELAIS_OPTIONAL = 0,
  RELAIS_REQUIRED = 1,
} RelaisPresence;

void _relais_check_add (RelaisChecker *c, const char *prefix, const char *name, const char *reason);
void
_relais_check_addf (RelaisChecker *c, const char *prefix, const char *name, const char *format, ...)
    G_GNUC_PRINTF (4, 5);

JsonNode *_relais_check_member (RelaisChecker *c,
                                JsonObject *obj,
                                const char *prefix,
                                const char *name,
                                RelaisPresence presence);
const char *_relais_check_string (RelaisChecker *c,
                                  JsonObject *obj,
                                  const char *prefix,
                                  const char *name,
                                  RelaisPresence presence);
const char *_relais_check_enum (RelaisChecker *c,
                                JsonObject *obj,
                                const char *prefix,
                                const char *name,
                                RelaisPresence presence,
                                const char *const *values);
const char *_relais_check_ref (RelaisChecker *c,
                               JsonObject *obj,
                               const char *prefix,
                               const char *name,
                               RelaisPresence presence,
                               const char *type);
const char *_relais_check_code (RelaisChecker *c,
                                JsonObject *obj,
                                const char *prefix,
                                const char *name,
                                RelaisPresence presence,
                                gboolean (*is_valid) (const char *),
                                const char *reason);
gboolean _relais_check_date (RelaisChecker *c,
                             JsonObject *obj,
                             const char *prefix,
                             const char *name,
                             RelaisPresence presence,
                             GDate *date);
gboolean _relais_check_datetime (RelaisChecker *c,
                                 JsonObject *obj,
                                 const char *prefix,
                                 const char *name,
                                 RelaisPresence presence,
                                 GDate *date);
gboolean _relais_check_date_or_datetime (RelaisChecker *c,
                                         JsonObject *obj,
                                         const char *prefix,
                                         const char *name,
                                         RelaisPresence presence,
                                         GDate *date);
gboolean _relais_check_bool (RelaisChecker *c,
                             JsonObject *obj,
                             const char *prefix,
                             const char *name,
                             RelaisPresence presence,
                             gboolean *value);
gboolean _relais_check_int (RelaisChecker *c,
                            JsonObject *obj,
                            const char *prefix,
                            const char *name,
                            RelaisPresence presence,
                            gint64 min,
                            gint64 max,
                            gint64 *value);
gboolean _relais_check_number (RelaisChecker *c,
                               JsonObject *obj,
                               const char *prefix,
                               const char *name,
                               RelaisPresence presence,
                               double *value);
JsonObject *_relais_check_object (RelaisChecker *c,
                                  JsonObject *obj,
                                  const char *prefix,
                                  const char *name,
                                  RelaisPresence presence);
JsonArray *_relais_check_array (RelaisChecker *c,
                                JsonObject *obj,
                                const char *prefix,
                                const char *name,
                                RelaisPresence presence);
void _relais_check_string_array (RelaisChecker *c,
                                 JsonObject *obj,
                                 const char *prefix,
                                 const char *name,
                                 RelaisPresence presence);
void _relais_check_ref_array (RelaisChecker *c,
                              JsonObject *obj,
                              const char *prefix,
                              const char *name,
                              RelaisPresence presence,
                              const char *type);
JsonObject *_relais_check_array_object (RelaisChecker *c,
                                        JsonArray *array,
                                        const char *prefix,
                                        const char *name,
                                        guint index,
                                        char *path,
                                        gsize path_size);
void _relais_check_adresse (RelaisChecker *c,
                            JsonObject *obj,
                            const char *prefix,
                            const char *name,
                            RelaisPresence presence);

void _relais_validate_agence (RelaisChecker *c, JsonObject *doc);
void _relais_validate_conseiller (RelaisChecker *c, JsonObject *doc);
void _relais_validate_portefeuille (RelaisChecker *c, JsonObject *doc);
void _relais_validate_de (RelaisChecker *c, JsonObject *doc);
void _relais_validate_entretien (RelaisChecker *c, JsonObject *doc);
void _relais_validate_action (RelaisChecker *c, JsonObject *doc);
void _relais_validate_contact (RelaisChecker *c, JsonObject *doc);
void _relais_validate_entreprise (RelaisChecker *c, JsonObject *doc);
void _relais_validate_offre (RelaisChecker *c, JsonObject *doc);
void _relais_validate_candidature (RelaisChecker *c, JsonObject *doc);
void _relais_validate_diagnostic (RelaisChecker *c, JsonObject *doc);
void _relais_validate_action_prospection (RelaisChecker *c, JsonObject *doc);
void _relais_validate_poste (RelaisChecker *c, JsonObject *doc);
void _relais_validate_affectation (RelaisChecker *c, JsonObject *doc);

G_END_DECLS

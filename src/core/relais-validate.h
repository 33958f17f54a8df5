/* relais-validate.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Validation of documents against DOCUMENTS.md, run by the app before a
 * save and by the server on every write. Unknown fields are always
 * accepted (and thus preserved); a document written by a newer schema
 * version is only checked for its envelope (_id, type), since its writer's
 * rules supersede ours.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RELAIS_VALIDATION_ERROR (relais_validation_error_quark ())

typedef enum
{
  RELAIS_VALIDATION_ERROR_INVALID,
} RelaisValidationError;

/* One broken rule. @field is a JSON path into the document such as
 * "adresse.commune" or "freins[1].statut"; @reason is translated. */
typedef struct
{
  char *field;
  char *reason;
} RelaisProblem;

GQuark relais_validation_error_quark (void);

RelaisProblem *relais_problem_new (const char *field, const char *reason);
void relais_problem_free (RelaisProblem *problem);

gboolean relais_validate_doc (JsonObject *doc, GPtrArray **problems, GError **error);
const char *const *relais_doc_types (void);
gboolean relais_doc_type_is_known (const char *type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisProblem, relais_problem_free)

G_END_DECLS

/* relais-referential-docs.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The referential as documents of the read-only `referentiel` database
 * (DOCUMENTS.md "Referential documents"): what the server imports and what
 * the workstation reads back after a sync. Ids are made from the official
 * codes (`rome:K2204`, `commune:35238`…), so that a new import of the same
 * files gives the same ids and a reader finds a record from its code.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "relais-referential.h"

G_BEGIN_DECLS

#define RELAIS_REF_TYPE_ROME "rome"
#define RELAIS_REF_TYPE_APPELLATION "appellation"
#define RELAIS_REF_TYPE_NAF "naf"
#define RELAIS_REF_TYPE_NAF_SECTION "naf_section"
#define RELAIS_REF_TYPE_COMMUNE "commune"
#define RELAIS_REF_TYPE_BASSIN "bassin"
#define RELAIS_REF_TYPE_DEPARTEMENT "departement"
#define RELAIS_REF_TYPE_REGION "region"

/* Called once per document (it has `_id`, no `_rev`); return FALSE with
 * @error set to stop. */
typedef gboolean (*RelaisReferentialDocFunc) (JsonObject *doc, gpointer user_data, GError **error);

char *relais_referential_doc_id (const char *type, const char *code);
const char *const *relais_referential_doc_types (void);
gboolean relais_referential_foreach_doc (RelaisReferential *referential,
                                         RelaisReferentialDocFunc func,
                                         gpointer user_data,
                                         GError **error);

G_END_DECLS

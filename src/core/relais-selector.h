/* relais-selector.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RELAIS_SELECTOR_ERROR (relais_selector_error_quark ())

typedef enum
{
  RELAIS_SELECTOR_ERROR_INVALID,
} RelaisSelectorError;

GQuark relais_selector_error_quark (void);

gboolean relais_selector_check (JsonNode *selector, GError **error);
gboolean relais_selector_matches (JsonObject *selector, JsonObject *doc);

G_END_DECLS

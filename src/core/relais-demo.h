/* relais-demo.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A deterministic generator of demo agencies: the same seed and options
 * always give the same documents, byte for byte, in the same order.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "relais-referential.h"

G_BEGIN_DECLS

#define RELAIS_DEMO_DEFAULT_DE 5000
#define RELAIS_DEMO_MAX_DE 100000

typedef struct
{
  guint64 seed;                   /* same seed → same bytes */
  guint n_de;                     /* job seekers, 1 … RELAIS_DEMO_MAX_DE */
  const char *agence_code;        /* e.g. "35001"; NULL for a default */
  GDate *today;                   /* dates spread over the year before; NULL = 2026-11-24 */
  RelaisReferential *referential; /* ROME, communes, NAF; the built-in sample when NULL */
} RelaisDemoOptions;

/* Called once per generated document, which carries an "_id" and no "_rev".
 * Return FALSE (with @error set) to stop the generation. */
typedef gboolean (*RelaisDemoEmitFunc) (JsonObject *doc, gpointer user_data, GError **error);

void relais_demo_options_init (RelaisDemoOptions *options);
gboolean relais_demo_generate (const RelaisDemoOptions *options,
                               RelaisDemoEmitFunc emit,
                               gpointer user_data,
                               GError **error);

G_END_DECLS

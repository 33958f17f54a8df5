/* gen-de.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The DE documents of a demo agency from the core generator, for the
 * interop tests and the server benchmarks: realistic bodies that pass the
 * server's validation, the same bytes for the same seed.
 */

#pragma once

#include <string.h>

#include "relais-core.h"
#include "relais-demo.h"

typedef struct
{
  GPtrArray *docs; /* JsonObject */
  guint max;
} GenDe;

static gboolean
gen_de_cb (JsonObject *doc, gpointer user_data, GError **error)
{
  GenDe *gen = user_data;

  if (gen->docs->len < gen->max &&
      g_strcmp0 (json_object_get_string_member_with_default (doc, "type", NULL), "de") == 0)
    g_ptr_array_add (gen->docs, json_object_ref (doc));
  return TRUE;
}

/* Returns: (transfer full) (element-type JsonObject): @n DE without "_rev" */
static inline GPtrArray *
gen_de_docs (guint n, guint64 seed)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisReferential) referential = NULL;
  g_autofree char *dir = relais_referential_default_dir ();
  RelaisDemoOptions options;
  GenDe gen = { g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref), n };

  referential = relais_referential_load_or_builtin (dir);
  relais_demo_options_init (&options);
  options.seed = seed;
  options.n_de = n;
  options.referential = referential;
  if (!relais_demo_generate (&options, gen_de_cb, &gen, &error))
    g_error ("demo generator: %s", error->message);
  g_assert (gen.docs->len == n);
  return gen.docs;
}

/* {"docs":[…]} (and "new_edits":false when asked) for _bulk_docs. */
static inline char *
gen_de_bulk_body (GPtrArray *docs, guint from, guint count, gboolean new_edits)
{
  GString *out = g_string_new (new_edits ? "{\"docs\":[" : "{\"new_edits\":false,\"docs\":[");

  for (guint i = from; i < from + count && i < docs->len; i++)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), docs->pdata[i]);
      g_autofree char *text = json_to_string (node, FALSE);

      if (i > from)
        g_string_append_c (out, ',');
      g_string_append (out, text);
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}

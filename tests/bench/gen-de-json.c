/* gen-de-json.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * gen-de-json N [SEED]: N DE from the demo generator, one JSON object a
 * line on stdout, for the node benchmarks (the same documents the C ones
 * use).
 */

#define G_LOG_DOMAIN "gen-de-json"

#include "config.h"

#include <stdio.h>

#include "gen-de.h"

int
main (int argc, char **argv)
{
  g_autoptr (GPtrArray) docs = NULL;
  guint64 n = 0, seed = 1;

  if (argc < 2 || !g_ascii_string_to_unsigned (argv[1], 10, 1, RELAIS_DEMO_MAX_DE, &n, NULL) ||
      (argc > 2 && !g_ascii_string_to_unsigned (argv[2], 10, 0, G_MAXUINT64, &seed, NULL)))
    {
      fprintf (stderr, "usage: gen-de-json N [SEED]\n");
      return 2;
    }

  docs = gen_de_docs ((guint) n, seed);
  for (guint i = 0; i < docs->len; i++)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), docs->pdata[i]);
      g_autofree char *text = json_to_string (node, FALSE);

      puts (text);
    }
  return 0;
}

/* fuzz-rev-tree.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * libFuzzer target: any text as a stored revision tree. The store reads
 * the text its own writer makes without a JSON parser and everything else
 * with json-glib; both must answer a tree or CORRUPT, never crash, and a
 * tree read must hold well-formed revisions whose parents come before
 * them, and read back the same from its own text.
 */

#define G_LOG_DOMAIN "fuzz"

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "relais-core.h"
#include "relais-rev-tree.h"
#include "relais-store-error.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ("fuzz-rev-tree");
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisRevTree) tree = relais_rev_tree_parse (text, &error);
  g_autoptr (RelaisRevTree) again = NULL;
  g_autofree char *serialized = NULL;
  g_autofree char *serialized_again = NULL;

  if (tree == NULL)
    {
      if (!g_error_matches (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CORRUPT))
        abort ();
      return 0;
    }
  for (guint i = 0; i < relais_rev_tree_get_n_nodes (tree); i++)
    {
      const RelaisRevNode *node = relais_rev_tree_get_node (tree, i);

      if (node->rev == NULL || !relais_rev_parse (node->rev, NULL, NULL, NULL) ||
          node->parent < -1 || node->parent >= (int) i)
        abort ();
    }
  serialized = relais_rev_tree_serialize (tree);
  if ((again = relais_rev_tree_parse (serialized, NULL)) == NULL)
    abort ();
  serialized_again = relais_rev_tree_serialize (again);
  if (strcmp (serialized, serialized_again) != 0)
    abort ();
  return 0;
}

/* relais-search-text.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *relais_search_text_fold (const char *text);
char **relais_search_text_needles (const char *folded_query);
gboolean relais_search_text_matches (const char *folded_text, const char *const *needles);

/* What letters start the words of a folded text, and which pairs of
 * letters: a needle whose first letters are not in a text's sketch cannot
 * start one of its words (relais_search_sketch_may_match()). */
typedef struct
{
  guint64 initials;
  guint64 pairs[2];
} RelaisSearchSketch;

void relais_search_sketch_of_text (const char *folded_text, RelaisSearchSketch *sketch);
void relais_search_sketch_of_needles (const char *const *needles, RelaisSearchSketch *sketch);
gboolean relais_search_sketch_decides (const char *const *needles);

/* FALSE only when @text's words cannot match the needles of @query. */
static inline gboolean
relais_search_sketch_may_match (const RelaisSearchSketch *text, const RelaisSearchSketch *query)
{
  return (query->initials & ~text->initials) == 0 && (query->pairs[0] & ~text->pairs[0]) == 0 &&
         (query->pairs[1] & ~text->pairs[1]) == 0;
}

G_END_DECLS

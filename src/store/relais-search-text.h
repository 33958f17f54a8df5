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

G_END_DECLS

/* relais-rev.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean relais_rev_parse (const char *rev, guint64 *generation, const char **hash, GError **error);
char *relais_rev_compute (const char *parent_rev, gboolean deleted, const char *canonical_body);
int relais_rev_compare (const char *a, const char *b);
JsonNode *relais_revisions_encode (guint64 start, const char *const *hashes);
gboolean
relais_revisions_decode (JsonObject *revisions, guint64 *start, GStrv *hashes, GError **error);
GStrv relais_revisions_to_revs (guint64 start, const char *const *hashes);

G_END_DECLS

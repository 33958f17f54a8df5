/* relais-merge.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

JsonObject *relais_merge_three_way (JsonObject *ancestor,
                                    JsonObject *ours,
                                    JsonObject *theirs,
                                    GPtrArray **conflicting_paths);
GPtrArray *relais_merge_differing_paths (GPtrArray *versions);

G_END_DECLS

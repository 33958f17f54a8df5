/* relais-bulk-get.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* One item of a `_bulk_get` body, {"id": …, "rev": …}. */
typedef struct
{
  char *id;  /* NULL: the item is malformed (answered as bad_request) */
  char *rev; /* NULL: the winner */
} RelaisBulkGetItem;

typedef struct
{
  gboolean revs; /* ?revs=true or "revs": true in the body */
  GArray *items; /* of RelaisBulkGetItem, in request order */
} RelaisBulkGetRequest;

RelaisBulkGetRequest *
relais_bulk_get_parse_request (JsonObject *body, gboolean revs_query, GError **error);
void relais_bulk_get_request_free (RelaisBulkGetRequest *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisBulkGetRequest, relais_bulk_get_request_free)

G_END_DECLS

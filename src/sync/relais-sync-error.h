/* relais-sync-error.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RELAIS_SYNC_ERROR (relais_sync_error_quark ())

typedef enum
{
  RELAIS_SYNC_ERROR_INVALID_LOCATION, /* neither an http(s) URL nor a file path */
  RELAIS_SYNC_ERROR_UNAUTHORIZED,     /* 401: wrong or missing credentials */
  RELAIS_SYNC_ERROR_FORBIDDEN,        /* 403 */
  RELAIS_SYNC_ERROR_NOT_FOUND,        /* the database does not exist */
  RELAIS_SYNC_ERROR_SERVER,           /* 5xx, 408, 429: worth retrying */
  RELAIS_SYNC_ERROR_HTTP,             /* any other unexpected status */
  RELAIS_SYNC_ERROR_PROTOCOL,         /* an answer that is not what CouchDB sends */
  RELAIS_SYNC_ERROR_CONFLICT,         /* 409: a stale _rev (checkpoints) */
} RelaisSyncError;

GQuark relais_sync_error_quark (void);

gboolean relais_sync_error_is_transient (const GError *error);

G_END_DECLS

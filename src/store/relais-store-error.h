/* relais-store-error.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RELAIS_STORE_ERROR (relais_store_error_quark ())

typedef enum
{
  RELAIS_STORE_ERROR_CONFLICT,  /* stale or missing _rev: "Document update conflict." */
  RELAIS_STORE_ERROR_NOT_FOUND, /* no such document or revision */
  RELAIS_STORE_ERROR_DELETED,   /* the winning revision is a tombstone */
  RELAIS_STORE_ERROR_INVALID,   /* malformed document, id, rev or _revisions */
  RELAIS_STORE_ERROR_CORRUPT,   /* not a store, damaged, or from a newer version */
  RELAIS_STORE_ERROR_IO,        /* any other SQLite failure (disk full, locked…) */
} RelaisStoreError;

GQuark relais_store_error_quark (void);

G_END_DECLS

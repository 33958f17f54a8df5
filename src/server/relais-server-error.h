/* relais-server-error.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RELAIS_SERVER_ERROR (relais_server_error_quark ())

/* Errors of the HTTP layer itself; relais-http.c maps these (and the store,
 * document and validation errors) to CouchDB's status and error name. */
typedef enum
{
  RELAIS_SERVER_ERROR_BAD_REQUEST,        /* 400 bad_request */
  RELAIS_SERVER_ERROR_ILLEGAL_DB_NAME,    /* 400 illegal_database_name */
  RELAIS_SERVER_ERROR_UNAUTHORIZED,       /* 401 unauthorized */
  RELAIS_SERVER_ERROR_FORBIDDEN,          /* 403 forbidden */
  RELAIS_SERVER_ERROR_DB_NOT_FOUND,       /* 404 not_found "Database does not exist." */
  RELAIS_SERVER_ERROR_NOT_FOUND,          /* 404 not_found */
  RELAIS_SERVER_ERROR_METHOD_NOT_ALLOWED, /* 405 method_not_allowed */
  RELAIS_SERVER_ERROR_DB_EXISTS,          /* 412 file_exists */
  RELAIS_SERVER_ERROR_TOO_LARGE,          /* 413 too_large */
  RELAIS_SERVER_ERROR_BAD_CONTENT_TYPE,   /* 415 bad_content_type */
  RELAIS_SERVER_ERROR_INTERNAL,           /* 500 internal_server_error */
  RELAIS_SERVER_ERROR_TOO_MANY_REQUESTS,  /* 429 too_many_requests */
} RelaisServerError;

GQuark relais_server_error_quark (void);

G_END_DECLS

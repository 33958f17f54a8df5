/* relais-csv.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * A small RFC 4180 reader for the open-data referential files. They come
 * from several publishers, so the delimiter is a parameter and the reader
 * tolerates a UTF-8 BOM, CRLF or LF line ends and a missing final newline.
 *
 * The reader parses in place: fields are NUL-terminated slices of the
 * caller's buffer (quotes and "" escapes are removed by moving bytes left,
 * which never needs more room). Loading the referential this way costs one
 * read per file and no allocation per field, and the referential keeps the
 * buffers alive so that its records can point into them.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RELAIS_CSV_ERROR (relais_csv_error_quark ())

typedef enum
{
  RELAIS_CSV_ERROR_UNTERMINATED_QUOTE,
  RELAIS_CSV_ERROR_BAD_QUOTE,
} RelaisCsvError;

typedef struct _RelaisCsvReader RelaisCsvReader;

GQuark relais_csv_error_quark (void);

/* @data must stay alive while the reader and its fields are used, and must
 * have a writable byte at data[length] (g_file_get_contents() and
 * g_strndup() both provide the terminating NUL); the reader modifies it. */
RelaisCsvReader *relais_csv_reader_new (char *data, gsize length, char delimiter);
void relais_csv_reader_free (RelaisCsvReader *self);

/* Returns the next record as a NULL-terminated array of fields (transfer
 * none: valid until the next call; each field points into @data), with its
 * size in @n_fields. Returns NULL at the end of input, or on error with
 * @error set. Lines with no character at all are skipped. */
char **relais_csv_reader_next (RelaisCsvReader *self, guint *n_fields, GError **error);

/* The 1-based line on which the last returned record started, for
 * "file:line" messages; quoted fields may span lines. */
guint relais_csv_reader_get_line (RelaisCsvReader *self);

/* Convenience for small inputs and tests: every record of @text, as a
 * GPtrArray of GStrv (transfer full). */
GPtrArray *relais_csv_parse (const char *text, gssize length, char delimiter, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisCsvReader, relais_csv_reader_free)

G_END_DECLS

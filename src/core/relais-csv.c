/* relais-csv.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#define G_LOG_DOMAIN "relais-csv"

#include "config.h"

#include <string.h>

#include "relais-csv.h"

struct _RelaisCsvReader
{
  char *data;
  gsize length;
  gsize pos;
  char delimiter;
  guint line;        /* line the cursor is on */
  guint record_line; /* line where the last record started */
  GPtrArray *fields; /* char * into data, NULL-terminated */
};

G_DEFINE_QUARK (relais - csv - error - quark, relais_csv_error)

RelaisCsvReader *
relais_csv_reader_new (char *data, gsize length, char delimiter)
{
  RelaisCsvReader *self;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (delimiter != '"' && delimiter != '\n' && delimiter != '\r', NULL);

  self = g_new0 (RelaisCsvReader, 1);
  self->data = data;
  self->length = length;
  self->delimiter = delimiter;
  self->line = 1;
  self->fields = g_ptr_array_sized_new (8);

  /* Spreadsheet exports often start with a BOM; it is not part of the first
   * header name. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    self->pos = 3;

  return self;
}

void
relais_csv_reader_free (RelaisCsvReader *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->fields);
  g_free (self);
}

guint
relais_csv_reader_get_line (RelaisCsvReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->record_line;
}

/* Reads a quoted field whose opening quote is at self->pos, unescaping into
 * @out (which trails the cursor, so the copy is safe in place). Leaves the
 * cursor after the closing quote and returns the end of the field. */
static char *
read_quoted (RelaisCsvReader *self, char *out, GError **error)
{
  char *data = self->data;
  guint start_line = self->line;

  self->pos++;
  for (;;)
    {
      char c;

      if (self->pos >= self->length)
        {
          g_set_error (error, RELAIS_CSV_ERROR, RELAIS_CSV_ERROR_UNTERMINATED_QUOTE,
                       "line %u: quoted field is not terminated", start_line);
          return NULL;
        }

      c = data[self->pos];
      if (c == '"')
        {
          if (self->pos + 1 < self->length && data[self->pos + 1] == '"')
            {
              *out++ = '"';
              self->pos += 2;
              continue;
            }
          self->pos++;
          break;
        }

      if (c == '\n')
        self->line++;
      *out++ = c;
      self->pos++;
    }

  /* RFC 4180 allows nothing between the closing quote and the delimiter;
   * accepting it would silently glue text onto the value. */
  if (self->pos < self->length)
    {
      char next = data[self->pos];

      if (next != self->delimiter && next != '\n' && next != '\r')
        {
          g_set_error (error, RELAIS_CSV_ERROR, RELAIS_CSV_ERROR_BAD_QUOTE,
                       "line %u: unexpected character after closing quote", self->line);
          return NULL;
        }
    }

  return out;
}

char **
relais_csv_reader_next (RelaisCsvReader *self, guint *n_fields, GError **error)
{
  char *data;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = self->data;
  g_ptr_array_set_size (self->fields, 0);

  /* Blank lines carry no record; skipping them tolerates trailing newlines
   * and the blank separator lines some exports add. */
  while (self->pos < self->length && (data[self->pos] == '\n' || data[self->pos] == '\r'))
    {
      if (data[self->pos] == '\n')
        self->line++;
      else if (self->pos + 1 >= self->length || data[self->pos + 1] != '\n')
        self->line++; /* a lone CR ends a line too */
      self->pos++;
    }

  if (self->pos >= self->length)
    {
      if (n_fields != NULL)
        *n_fields = 0;
      return NULL;
    }

  self->record_line = self->line;

  for (;;)
    {
      char *start = data + self->pos;
      char *end;
      char c;

      if (*start == '"')
        {
          end = read_quoted (self, start, error);
          if (end == NULL)
            {
              g_ptr_array_set_size (self->fields, 0);
              return NULL;
            }
        }
      else
        {
          while (self->pos < self->length)
            {
              c = data[self->pos];
              if (c == self->delimiter || c == '\n' || c == '\r')
                break;
              self->pos++;
            }
          end = data + self->pos;
        }

      /* Read the terminator before overwriting it with the NUL. */
      c = self->pos < self->length ? data[self->pos] : '\0';
      *end = '\0';
      g_ptr_array_add (self->fields, start);

      if (self->pos >= self->length)
        break;

      self->pos++;
      if (c == self->delimiter)
        continue;

      if (c == '\r' && self->pos < self->length && data[self->pos] == '\n')
        self->pos++;
      self->line++;
      break;
    }

  if (n_fields != NULL)
    *n_fields = self->fields->len;
  g_ptr_array_add (self->fields, NULL);

  return (char **) self->fields->pdata;
}

GPtrArray *
relais_csv_parse (const char *text, gssize length, char delimiter, GError **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *copy = NULL;
  g_autoptr (RelaisCsvReader) reader = NULL;
  GError *local_error = NULL;
  gsize len;
  char **fields;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  len = length < 0 ? strlen (text) : (gsize) length;
  copy = g_strndup (text != NULL ? text : "", len);
  /* g_strndup stops at an embedded NUL; the reader must not run past it. */
  len = strlen (copy);
  reader = relais_csv_reader_new (copy, len, delimiter);

  while ((fields = relais_csv_reader_next (reader, NULL, &local_error)) != NULL)
    g_ptr_array_add (rows, g_strdupv (fields));

  /* NULL means both "done" and "failed"; only the error tells them apart. */
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

/* relais-mail.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Internet messages (RFC 5322) as the server jobs write them to the
 * outbox: UTF-8 text bodies, RFC 2047 encoded subjects.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *from;       /* "Relais <relais@example.org>" (ASCII) */
  const char *to;         /* an address, or NULL when the recipient has none */
  const char *subject;    /* UTF-8 */
  const char *body;       /* UTF-8, "\n" line ends */
  const char *message_id; /* "local@domain", without the angle brackets */
  GDateTime *date;
  /* NULL-terminated name, value, name, value… of ASCII X- headers; may be NULL */
  const char *const *extra_headers;
} RelaisMailMessage;

char *relais_mail_format_date (GDateTime *date);
char *relais_mail_encode_header (const char *text, gsize name_length);
char *relais_mail_format (const RelaisMailMessage *message);
GHashTable *relais_mail_parse_headers (const char *text);

G_END_DECLS

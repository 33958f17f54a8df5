/* relais-mail.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Just enough of RFC 5322 / 2045 / 2047 to write correct French messages:
 * the messages are read by mail transfer agents and mail clients we do not
 * control, so every header is ASCII and every line is within limits.
 * Line ends are "\n": a maildir holds messages in the local convention and
 * the agent that sends them converts to CRLF.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <string.h>

#include "relais-mail.h"

/* RFC 5322 §2.1.1: a line is at most 998 octets, 78 recommended. An
 * encoded word is at most 75 characters (RFC 2047 §2). */
#define MAX_LINE 998
#define SOFT_LINE 76
/* 42 octets of text give 56 characters of base64, 68 with "=?UTF-8?B?" and
 * "?=": a folded line " =?…?=" stays under 78 even after "Subject: ". */
#define WORD_OCTETS 42

/* Day and month names of RFC 5322 §3.3, never the locale's. */
static const char *const day_names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* "Tue, 24 Nov 2026 09:05:00 +0100", in the zone of @date. */
char *
relais_mail_format_date (GDateTime *date)
{
  GTimeSpan offset;
  gint64 minutes;

  g_return_val_if_fail (date != NULL, NULL);

  offset = g_date_time_get_utc_offset (date);
  minutes = (offset < 0 ? -offset : offset) / G_TIME_SPAN_MINUTE;
  return g_strdup_printf (
      "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d",
      day_names[g_date_time_get_day_of_week (date) - 1], g_date_time_get_day_of_month (date),
      month_names[g_date_time_get_month (date) - 1], g_date_time_get_year (date),
      g_date_time_get_hour (date), g_date_time_get_minute (date), g_date_time_get_second (date),
      offset < 0 ? '-' : '+', (int) (minutes / 60), (int) (minutes % 60));
}

static gboolean
is_plain_ascii (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p; p++)
    if (*p >= 0x7f || (*p < 0x20 && *p != '\t'))
      return FALSE;
  return TRUE;
}

/* A header value: as is when it is printable ASCII, else as RFC 2047
 * "B" encoded words of whole UTF-8 characters (a character split across
 * two words is invalid), folded on "\n ". @name_length is the length of
 * "Name: " before it, so that the first line fits too. */
char *
relais_mail_encode_header (const char *text, gsize name_length)
{
  GString *out;
  const char *p, *end;

  g_return_val_if_fail (text != NULL, NULL);

  if (is_plain_ascii (text) && name_length + strlen (text) <= MAX_LINE)
    return g_strdup (text);

  out = g_string_new (NULL);
  p = g_utf8_validate (text, -1, NULL) ? text : "?";
  end = p + strlen (p);
  while (p < end)
    {
      const char *stop = p;
      g_autofree char *b64 = NULL;

      /* Whole characters up to WORD_OCTETS; at least one. */
      while (stop < end)
        {
          const char *next = g_utf8_next_char (stop);

          if (next - p > WORD_OCTETS && stop > p)
            break;
          stop = next;
        }
      b64 = g_base64_encode ((const guchar *) p, stop - p);
      if (out->len > 0)
        g_string_append (out, "\n ");
      g_string_append_printf (out, "=?UTF-8?B?%s?=", b64);
      p = stop;
    }
  return g_string_free (out, FALSE);
}

static gboolean
needs_quoted_printable (const char *body)
{
  const char *line = body;

  for (const char *p = body;; p++)
    if (*p == '\n' || *p == '\0')
      {
        /* 8bit allows no CR alone and no NUL; lines within MAX_LINE. */
        if (p - line > MAX_LINE)
          return TRUE;
        if (*p == '\0')
          return FALSE;
        line = p + 1;
      }
    else if (*p == '\r')
      return TRUE;
}

/* RFC 2045 §6.7, lines of at most 76 characters with soft breaks, never
 * inside an "=XX" triplet. */
static void
append_quoted_printable (GString *out, const char *body)
{
  guint column = 0;

  for (const guchar *p = (const guchar *) body; *p; p++)
    {
      char piece[4];
      gboolean literal = (*p >= 33 && *p <= 126 && *p != '=') || *p == ' ' || *p == '\t';

      if (*p == '\n')
        {
          /* A space before a line end must be encoded (it would be lost). */
          if (out->len > 0 && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '\t'))
            {
              char last = out->str[out->len - 1];

              g_string_truncate (out, out->len - 1);
              g_string_append_printf (out, "=%02X", (guchar) last);
            }
          g_string_append_c (out, '\n');
          column = 0;
          continue;
        }
      if (literal)
        g_snprintf (piece, sizeof piece, "%c", *p);
      else
        g_snprintf (piece, sizeof piece, "=%02X", *p);
      if (column + strlen (piece) > SOFT_LINE - 1)
        {
          g_string_append (out, "=\n");
          column = 0;
        }
      g_string_append (out, piece);
      column += strlen (piece);
    }
}

/* The whole message, headers and body, ending with a line end. */
char *
relais_mail_format (const RelaisMailMessage *message)
{
  GString *out;
  g_autofree char *date = NULL;
  g_autofree char *subject = NULL;
  gboolean qp;

  g_return_val_if_fail (message != NULL, NULL);
  g_return_val_if_fail (message->from != NULL && message->subject != NULL, NULL);
  g_return_val_if_fail (message->body != NULL && message->message_id != NULL, NULL);
  g_return_val_if_fail (message->date != NULL, NULL);

  out = g_string_sized_new (1024 + strlen (message->body));
  date = relais_mail_format_date (message->date);
  subject = relais_mail_encode_header (message->subject, strlen ("Subject: "));
  qp = needs_quoted_printable (message->body);

  g_string_append_printf (out, "Date: %s\n", date);
  g_string_append_printf (out, "From: %s\n", message->from);
  if (message->to != NULL)
    g_string_append_printf (out, "To: %s\n", message->to);
  g_string_append_printf (out, "Subject: %s\n", subject);
  g_string_append_printf (out, "Message-ID: <%s>\n", message->message_id);
  for (guint i = 0; message->extra_headers != NULL && message->extra_headers[i] != NULL &&
                    message->extra_headers[i + 1] != NULL;
       i += 2)
    {
      g_autofree char *value = relais_mail_encode_header (message->extra_headers[i + 1],
                                                          strlen (message->extra_headers[i]) + 2);

      g_string_append_printf (out, "%s: %s\n", message->extra_headers[i], value);
    }
  g_string_append (out, "MIME-Version: 1.0\n"
                        "Content-Type: text/plain; charset=utf-8\n");
  g_string_append_printf (out, "Content-Transfer-Encoding: %s\n\n",
                          qp ? "quoted-printable" : "8bit");
  if (qp)
    append_quoted_printable (out, message->body);
  else
    g_string_append (out, message->body);
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static void
add_field (GHashTable *headers, GString *field)
{
  char *colon = strchr (field->str, ':');
  g_autofree char *name = NULL;

  if (colon == NULL)
    return;
  name = g_ascii_strdown (field->str, colon - field->str);
  g_strstrip (name);
  if (!g_hash_table_contains (headers, name))
    g_hash_table_insert (headers, g_steal_pointer (&name), g_strstrip (g_strdup (colon + 1)));
}

/* The header fields of a message (up to the first empty line), unfolded,
 * names in lower case, values as written (not decoded); the first of a
 * repeated field wins. Transfer full. */
GHashTable *
relais_mail_parse_headers (const char *text)
{
  GHashTable *headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto (GStrv) lines = NULL;
  g_autoptr (GString) field = g_string_new (NULL);

  g_return_val_if_fail (text != NULL, headers);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      /* A line starting with white space continues the field (folding). */
      if ((line[0] == ' ' || line[0] == '\t') && field->len > 0)
        {
          g_string_append (field, line);
          continue;
        }
      add_field (headers, field);
      g_string_truncate (field, 0);
      if (len == 0)
        break;
      g_string_append (field, line);
    }
  add_field (headers, field);
  return headers;
}

/* test-outbox.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The outbox maildir and the messages written to it: maildir names and
 * delivery, RFC 5322 dates, RFC 2047 subjects, quoted-printable bodies.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "relais-mail.h"
#include "relais-outbox.h"

static void
test_date (void)
{
  g_autoptr (GTimeZone) plus_one = g_time_zone_new_identifier ("+01:00");
  g_autoptr (GTimeZone) minus = g_time_zone_new_identifier ("-03:30");
  g_autoptr (GDateTime) winter = g_date_time_new (plus_one, 2026, 3, 10, 10, 0, 5);
  g_autoptr (GDateTime) other = g_date_time_new (minus, 2026, 11, 1, 23, 59, 0);
  g_autofree char *a = relais_mail_format_date (winter);
  g_autofree char *b = relais_mail_format_date (other);

  /* English names whatever the locale, numeric zone. */
  g_assert_cmpstr (a, ==, "Tue, 10 Mar 2026 10:00:05 +0100");
  g_assert_cmpstr (b, ==, "Sun, 01 Nov 2026 23:59:00 -0330");
}

static char *
decode (const char *value)
{
  g_auto (GStrv) words = g_strsplit_set (value, " \n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize len = strlen (words[i]), raw_len;
      g_autofree char *b64 = NULL;
      g_autofree guchar *raw = NULL;

      if (len == 0)
        continue;
      g_assert_true (g_str_has_prefix (words[i], "=?UTF-8?B?"));
      g_assert_true (g_str_has_suffix (words[i], "?="));
      g_assert_cmpuint (len, <=, 75);
      b64 = g_strndup (words[i] + 10, len - 12);
      raw = g_base64_decode (b64, &raw_len);
      g_assert_true (g_utf8_validate ((const char *) raw, raw_len, NULL));
      g_string_append_len (out, (const char *) raw, raw_len);
    }
  return g_string_free (out, FALSE);
}

static void
test_subject (void)
{
  const char *french = "Clôture de votre offre « Agent / Agente de propreté et d'hygiène » : "
                       "votre avis nous intéresse — merci d'avance";
  g_autofree char *ascii = relais_mail_encode_header ("Plain subject", 9);
  g_autofree char *encoded = relais_mail_encode_header (french, 9);
  g_autofree char *decoded = NULL;
  g_auto (GStrv) lines = NULL;

  g_assert_cmpstr (ascii, ==, "Plain subject");
  g_assert_true (g_str_has_prefix (encoded, "=?UTF-8?B?"));
  lines = g_strsplit (encoded, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >, 1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      /* Folded lines start with a space; all fit 78 with "Subject: ". */
      g_assert_true (i == 0 || lines[i][0] == ' ');
      g_assert_cmpuint (strlen (lines[i]) + (i == 0 ? 9 : 0), <=, 78);
    }
  decoded = decode (encoded);
  g_assert_cmpstr (decoded, ==, french);
}

static RelaisMailMessage
sample (GDateTime *date, const char *body)
{
  static const char *const extra[] = { "X-Relais-Document", "offre:1", NULL };
  RelaisMailMessage m = {
    .from = "Relais <relais@agence.example>",
    .to = "rh@example.org",
    .subject = "Offre « Cariste » clôturée",
    .body = body,
    .message_id = "abc.0@agence.example",
    .date = date,
    .extra_headers = extra,
  };

  return m;
}

static void
test_format (void)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("+01:00");
  g_autoptr (GDateTime) date = g_date_time_new (tz, 2026, 3, 10, 10, 0, 0);
  RelaisMailMessage m = sample (date, "Bonjour,\n\nVotre candidature…\n");
  g_autofree char *text = relais_mail_format (&m);
  g_autoptr (GHashTable) headers = relais_mail_parse_headers (text);
  g_autofree char *subject = decode (g_hash_table_lookup (headers, "subject"));

  g_assert_cmpstr (g_hash_table_lookup (headers, "date"), ==, "Tue, 10 Mar 2026 10:00:00 +0100");
  g_assert_cmpstr (g_hash_table_lookup (headers, "from"), ==, "Relais <relais@agence.example>");
  g_assert_cmpstr (g_hash_table_lookup (headers, "to"), ==, "rh@example.org");
  g_assert_cmpstr (g_hash_table_lookup (headers, "message-id"), ==, "<abc.0@agence.example>");
  g_assert_cmpstr (g_hash_table_lookup (headers, "mime-version"), ==, "1.0");
  g_assert_cmpstr (g_hash_table_lookup (headers, "content-type"), ==, "text/plain; charset=utf-8");
  g_assert_cmpstr (g_hash_table_lookup (headers, "content-transfer-encoding"), ==, "8bit");
  g_assert_cmpstr (g_hash_table_lookup (headers, "x-relais-document"), ==, "offre:1");
  g_assert_cmpstr (subject, ==, "Offre « Cariste » clôturée");
  g_assert_true (g_str_has_suffix (text, "\n\nBonjour,\n\nVotre candidature…\n"));
}

/* A line over 998 octets cannot go 8bit: quoted-printable, soft breaks. */
static void
test_quoted_printable (void)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr (GDateTime) date = g_date_time_new (tz, 2026, 3, 10, 10, 0, 0);
  g_autoptr (GString) body = g_string_new (NULL);
  g_autoptr (GString) decoded = g_string_new (NULL);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  RelaisMailMessage m;
  const char *content;

  for (guint i = 0; i < 150; i++)
    g_string_append (body, "clôturée = ");
  g_string_append (body, "\nfin \n");
  m = sample (date, body->str);
  text = relais_mail_format (&m);
  g_assert_nonnull (strstr (text, "Content-Transfer-Encoding: quoted-printable\n"));
  content = strstr (text, "\n\n") + 2;
  lines = g_strsplit (content, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gsize len = strlen (line);
      gboolean soft = len > 0 && line[len - 1] == '=';

      g_assert_cmpuint (len, <=, 76);
      for (gsize j = 0; j < len - (soft ? 1 : 0); j++)
        if (line[j] == '=')
          {
            char hex[3] = { line[j + 1], line[j + 2], 0 };

            g_string_append_c (decoded, (char) g_ascii_strtoull (hex, NULL, 16));
            j += 2;
          }
        else
          {
            g_assert_cmpint ((guchar) line[j], <, 0x7f);
            g_string_append_c (decoded, line[j]);
          }
      if (!soft && lines[i + 1] != NULL)
        g_string_append_c (decoded, '\n');
    }
  g_assert_cmpstr (decoded->str, ==, body->str);
}

static guint
count (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
test_maildir (void)
{
  g_autofree char *base = g_dir_make_tmp ("relais-outbox-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (base, "outbox", NULL);
  g_autofree char *tmp = g_build_filename (dir, "tmp", NULL);
  g_autofree char *new_dir = g_build_filename (dir, "new", NULL);
  g_autofree char *cur = g_build_filename (dir, "cur", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisOutbox) outbox = relais_outbox_open (dir, &error);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr (GPtrArray) staged = NULL;
  g_auto (GStrv) parts = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_test (cur, G_FILE_TEST_IS_DIR));
  first = relais_outbox_stage (outbox, "0123abcd", "Subject: a\n\na\n", &error);
  g_assert_no_error (error);
  second = relais_outbox_stage (outbox, "0123abcd", "Subject: b\n\nb\n", &error);
  g_assert_no_error (error);

  /* time.unique.host, unique even within the same microsecond and key. */
  g_assert_cmpstr (first, !=, second);
  parts = g_strsplit (first, ".", 3);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpuint (strspn (parts[0], "0123456789"), ==, strlen (parts[0]));
  g_assert_nonnull (strstr (parts[1], "R0123abcd"));
  g_assert_null (strchr (first, ':'));
  g_assert_null (strchr (parts[2], '/'));

  /* Staged: in tmp/ only, complete. */
  g_assert_cmpuint (count (tmp), ==, 2);
  g_assert_cmpuint (count (new_dir), ==, 0);
  staged = relais_outbox_list (outbox, "tmp", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (staged->len, ==, 2);
  text = relais_outbox_read_staged (outbox, first, &error);
  g_assert_cmpstr (text, ==, "Subject: a\n\na\n");

  g_assert_true (relais_outbox_deliver (outbox, first, &error));
  g_assert_true (relais_outbox_discard (outbox, second, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (tmp), ==, 0);
  g_assert_cmpuint (count (new_dir), ==, 1);
  path = g_build_filename (new_dir, first, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Delivering twice fails: the file is gone from tmp/. */
  g_assert_false (relais_outbox_deliver (outbox, first, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_unlink (path);
  g_rmdir (tmp);
  g_rmdir (new_dir);
  g_rmdir (cur);
  g_rmdir (dir);
  g_rmdir (base);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/outbox/date", test_date);
  g_test_add_func ("/outbox/subject", test_subject);
  g_test_add_func ("/outbox/format", test_format);
  g_test_add_func ("/outbox/quoted-printable", test_quoted_printable);
  g_test_add_func ("/outbox/maildir", test_maildir);
  return g_test_run ();
}

/* test-server-tls.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * relais-server over HTTPS: the certificate and key of its configuration,
 * a client that trusts that certificate, one that does not, and plain HTTP
 * on the TLS port.
 *
 * A program of its own: clang 14's LeakSanitizer crashes ("Tracer caught
 * signal 11") while scanning the dynamic TLS of a process that loaded
 * GIO's GnuTLS module, as this client and its server both do; meson runs
 * it without the exit-time leak scan (AddressSanitizer stays on), and
 * every other server test leak-checks the same code.
 */

#include "config.h"

#include "server-test-utils.h"

static gboolean
accept_certificate_cb (SoupMessage *msg,
                       GTlsCertificate *certificate,
                       GTlsCertificateFlags errors,
                       gpointer user_data)
{
  g_autoptr (GTlsCertificate) expected = NULL;

  expected = g_tls_certificate_new_from_file (user_data, NULL);
  return expected != NULL && g_tls_certificate_is_same (certificate, expected);
}

static void
test_tls (void)
{
  g_autofree char *dir = g_dir_make_tmp ("relais-tls-XXXXXX", NULL);
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *config = NULL;
  g_autofree char *base = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupMessage) msg = NULL;
  g_autoptr (SoupMessage) plain = NULL;
  g_autoptr (GBytes) bytes = NULL;
  struct
  {
    TestServer ts;
  } f = { 0 };

  test_make_certificate (dir, &cert, &key);

  config = g_strdup_printf ("[server]\ntls-certificate = %s\ntls-key = %s\n", cert, key);
  f.ts.extra_config = config;
  /* The server inherits this program's ASAN_OPTIONS (see meson.build). */
  test_server_start (&f.ts);
  g_assert_true (g_str_has_prefix (f.ts.url, "https://127.0.0.1:"));

  msg = test_message (&f.ts, "GET", "/_session", NULL);
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), cert);
  bytes = soup_session_send_and_read (f.ts.session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "\"name\":\"admin\""));
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Without trusting the certificate the client refuses the server. */
  {
    g_autoptr (SoupSession) other = soup_session_new ();
    g_autoptr (SoupMessage) untrusted = test_message (&f.ts, "GET", "/", NULL);

    bytes = soup_session_send_and_read (other, untrusted, NULL, &error);
    g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
    g_clear_error (&error);
  }

  /* Plain HTTP on the TLS port gets no answer. */
  {
    g_autofree char *http = g_strconcat ("http", f.ts.url + strlen ("https"), NULL);
    g_autoptr (SoupSession) other = soup_session_new_with_options ("timeout", 5, NULL);

    plain = soup_message_new ("GET", http);
    g_clear_pointer (&bytes, g_bytes_unref);
    bytes = soup_session_send_and_read (other, plain, NULL, &error);
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  test_server_stop (&f.ts);
  base = g_strdup (dir);
  rm_rf (base);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-tls/https", test_tls);
  return g_test_run ();
}

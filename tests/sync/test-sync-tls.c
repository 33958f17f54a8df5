/* test-sync-tls.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The replicator over HTTPS against the real relais-server with a
 * self-signed certificate: trusted through a CA file (the CLI's
 * --ca-file), a push and a pull go through and the pulled store holds
 * what was pushed; without it the run fails at once with a TLS error (a
 * certificate refused is not a network failure: it is not retried).
 * A program of its own, like test-server-tls.c: clang 14's LeakSanitizer
 * crashes scanning a process that loaded GnuTLS, so it runs without the
 * exit-time leak scan.
 */

#include "config.h"

#include "../server/server-test-utils.h"
#include "../store/store-demo-utils.h"
#include "relais-core.h"
#include "relais-local-endpoint.h"
#include "relais-remote-endpoint.h"
#include "relais-replicator.h"
#include "relais-store.h"

static RelaisEndpoint *
remote (TestServer *ts, const char *ca_file)
{
  g_autofree char *url = g_strconcat (ts->url, "agence", NULL);
  g_autoptr (GError) error = NULL;
  RelaisRemoteEndpoint *endpoint = relais_remote_endpoint_new (url, &error);

  g_assert_no_error (error);
  relais_remote_endpoint_set_credentials (endpoint, TEST_ADMIN_NAME, TEST_ADMIN_PASSWORD,
                                          RELAIS_AUTH_SESSION);
  relais_remote_endpoint_set_create_target (endpoint, TRUE);
  relais_remote_endpoint_set_max_request_bytes (endpoint, 60000);
  if (ca_file != NULL)
    {
      g_assert_true (relais_remote_endpoint_set_ca_file (endpoint, ca_file, &error));
      g_assert_no_error (error);
    }
  return RELAIS_ENDPOINT (endpoint);
}

static RelaisReplicator *
replicator_new (RelaisEndpoint *source, RelaisEndpoint *target)
{
  RelaisReplicator *replicator = relais_replicator_new (source, target);

  g_object_set (replicator, "batch-size", 150, "retry-initial-delay", 20, "max-retries", 3, NULL);
  return replicator;
}

static void
test_ca_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("relais-sync-tls-XXXXXX", NULL);
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;
  g_autofree char *config = NULL;
  g_autofree char *origin = g_build_filename (dir, "origin.db", NULL);
  g_autofree char *pulled = g_build_filename (dir, "pulled.db", NULL);
  g_autoptr (GError) error = NULL;
  TestServer ts = { 0 };
  guint n;

  test_make_certificate (dir, &cert, &key);
  config = g_strdup_printf ("[server]\ntls-certificate = %s\ntls-key = %s\n", cert, key);
  ts.extra_config = config;
  test_server_start (&ts);
  g_assert_true (g_str_has_prefix (ts.url, "https://127.0.0.1:"));
  n = store_test_fill_demo (origin, 20);

  /* Trusted through the CA file: a push, then a pull into another store. */
  {
    g_autoptr (RelaisEndpoint) source = RELAIS_ENDPOINT (relais_local_endpoint_new (origin));
    g_autoptr (RelaisEndpoint) target = remote (&ts, cert);
    g_autoptr (RelaisReplicator) push = replicator_new (source, target);

    g_assert_true (relais_replicator_run_sync (push, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (relais_replicator_get_docs_written (push), ==, n);
  }
  {
    g_autoptr (RelaisEndpoint) source = remote (&ts, cert);
    g_autoptr (RelaisEndpoint) target = RELAIS_ENDPOINT (relais_local_endpoint_new (pulled));
    g_autoptr (RelaisReplicator) pull = replicator_new (source, target);
    g_autoptr (RelaisStore) store = NULL;

    g_assert_true (relais_replicator_run_sync (pull, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (relais_replicator_get_docs_written (pull), ==, n);
    g_clear_object (&pull);
    store = relais_store_open (pulled, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (relais_store_get_doc_count (store), ==, n);
  }

  /* Not trusted: refused at once, not retried. */
  {
    g_autoptr (RelaisEndpoint) source = remote (&ts, NULL);
    g_autofree char *other = g_build_filename (dir, "other.db", NULL);
    g_autoptr (RelaisEndpoint) target = RELAIS_ENDPOINT (relais_local_endpoint_new (other));
    g_autoptr (RelaisReplicator) pull = replicator_new (source, target);

    g_assert_false (relais_replicator_run_sync (pull, NULL, &error));
    g_assert_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE);
    g_assert_cmpint (relais_replicator_get_state (pull), ==, RELAIS_REPLICATOR_FAILED);
    g_assert_cmpuint (relais_replicator_get_n_retries (pull), ==, 0);
    g_assert_cmpuint (relais_replicator_get_docs_written (pull), ==, 0);
    g_clear_error (&error);
  }

  /* A CA file that is not one is refused when set. */
  {
    g_autofree char *url = g_strconcat (ts.url, "agence", NULL);
    g_autoptr (RelaisRemoteEndpoint) endpoint = relais_remote_endpoint_new (url, &error);

    g_assert_no_error (error);
    g_assert_false (relais_remote_endpoint_set_ca_file (endpoint, origin, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
  }

  test_server_stop (&ts);
  rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-tls/ca-file", test_ca_file);
  return g_test_run ();
}

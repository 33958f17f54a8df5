/* test-sync-session.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The app's sync session against the real relais-server filled by
 * `relais-server demo`, logged in as the demo counsellor: a first run on
 * no store pulls his portfolio and goes online, a change made in the store
 * counts as waiting and then reaches the server, and a change made while
 * the server is stopped waits (offline) until it is back.
 */

#include "config.h"

#include "gui-demo-server.h"
#include "relais-store.h"
#include "relais-sync-session.h"

typedef struct
{
  TestServer server;
  char *dir;
  DemoServer demo;
  char *store_path;
  RelaisSyncSession *session;
  guint pulled;
} Fixture;

static void
pulled_cb (RelaisSyncSession *session, Fixture *f)
{
  f->pulled++;
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *url = NULL;

  f->dir = g_dir_make_tmp ("relais-sync-session-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  data_dir = g_build_filename (f->dir, "server", NULL);
  demo_server_make (&f->demo, data_dir);
  f->server.data_dir = g_strdup (data_dir);
  test_server_start_in (&f->server, f->server.data_dir);
  /* No store yet: the first connection creates it. */
  f->store_path = g_build_filename (f->dir, "poste", "relais.db", NULL);
  url = g_strconcat (f->server.url, f->demo.db, NULL);
  f->session = relais_sync_session_new (f->store_path, url, "conseiller-suivi", f->demo.password,
                                        f->demo.conseiller, "test-poste");
  relais_sync_session_set_retry_max_delay (f->session, 200);
  g_signal_connect (f->session, "pulled", G_CALLBACK (pulled_cb), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  relais_sync_session_stop (f->session);
  g_clear_object (&f->session);
  test_server_stop (&f->server); /* removes f->dir */
  g_free (f->dir);
  demo_server_clear (&f->demo);
  g_free (f->store_path);
}

static gboolean
wait_for (gboolean (*check) (Fixture *), Fixture *f, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!check (f))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return TRUE;
}

static gboolean
caught_up (Fixture *f)
{
  return relais_sync_session_get_connection (f->session) == RELAIS_SYNC_CONNECTION_ONLINE &&
         relais_sync_session_get_last_sync (f->session) != NULL &&
         relais_sync_session_get_unsent (f->session) == 0 && f->pulled > 0;
}

static gboolean
offline (Fixture *f)
{
  return relais_sync_session_get_connection (f->session) == RELAIS_SYNC_CONNECTION_OFFLINE;
}

static gboolean
one_unsent (Fixture *f)
{
  return relais_sync_session_get_unsent (f->session) == 1;
}

static gboolean
none_unsent (Fixture *f)
{
  return relais_sync_session_get_unsent (f->session) == 0;
}

/* The id of a DE of the pulled portfolio whose modality may change: the
 * core refuses another modality than suivi with the "100 % web" channel. */
static char *
first_de (Fixture *f)
{
  g_autoptr (RelaisStore) store = relais_store_open (f->store_path, NULL);
  g_autoptr (GPtrArray) ids =
      relais_store_find_by_field (store, "de", "referent", f->demo.conseiller, NULL);

  g_assert_nonnull (ids);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (JsonObject) doc =
          relais_store_get (store, g_ptr_array_index (ids, i), NULL, RELAIS_GET_NONE, NULL);

      if (doc != NULL && !json_object_get_boolean_member_with_default (doc, "web_100", FALSE))
        return g_strdup (g_ptr_array_index (ids, i));
    }
  g_assert_not_reached ();
}

/* The counsellor's edit, as the Dossier DE saves it: a new revision. */
static void
set_modalite (Fixture *f, const char *id, const char *modalite)
{
  g_autoptr (RelaisStore) store = relais_store_open (f->store_path, NULL);
  g_autoptr (JsonObject) doc = relais_store_get (store, id, NULL, RELAIS_GET_NONE, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = NULL;

  g_assert_nonnull (doc);
  json_object_set_string_member (doc, "modalite", modalite);
  rev = relais_store_put (store, doc, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rev);
}

static char *
modalite_on_server (Fixture *f, const char *id)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/", f->demo.db, "/", escaped, NULL);
  guint status = 0;
  g_autofree char *body = NULL;
  g_autoptr (JsonNode) node = NULL;

  if (f->server.process == NULL)
    return NULL;
  body = test_request (&f->server, "GET", path, NULL, &status);
  if (status != 200)
    return NULL;
  node = test_parse (body);
  return g_strdup (obj_str (node, "modalite"));
}

typedef struct
{
  Fixture *f;
  const char *id;
  const char *want;
} ServerProbe;

static gboolean
server_has (ServerProbe *probe)
{
  g_autofree char *modalite = modalite_on_server (probe->f, probe->id);

  return g_strcmp0 (modalite, probe->want) == 0;
}

static gboolean
wait_server (ServerProbe *probe, guint seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!server_has (probe))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      for (guint i = 0; i < 50; i++)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (1000);
        }
    }
  return TRUE;
}

/* A first run on no store: the store is created, the portfolio pulled, the
 * session online with nothing to send. */
static void
test_first_run_online (Fixture *f, gconstpointer data)
{
  g_autoptr (RelaisStore) store = NULL;

  g_assert_false (g_file_test (f->store_path, G_FILE_TEST_EXISTS));
  relais_sync_session_start (f->session);
  g_assert_true (relais_sync_session_get_running (f->session));
  g_assert_true (wait_for (caught_up, f, 30));
  store = relais_store_open (f->store_path, NULL);
  g_assert_cmpuint (relais_store_count_type (store, "de", NULL), >, 0);
  g_assert_cmpuint (relais_sync_session_get_conflicts (f->session), ==, 0);
  g_assert_null (relais_sync_session_get_error_message (f->session));
}

/* An edit in the store counts as one change to send, then the continuous
 * push takes it to the server. */
static void
test_change_pushed (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  ServerProbe probe = { f, NULL, "guide" };

  relais_sync_session_start (f->session);
  g_assert_true (wait_for (caught_up, f, 30));
  id = first_de (f);
  probe.id = id;
  set_modalite (f, id, "guide");
  relais_sync_session_refresh_counts (f->session);
  g_assert_cmpint (relais_sync_session_get_unsent (f->session), ==, 1);
  g_assert_true (wait_server (&probe, 20));
  g_assert_true (wait_for (none_unsent, f, 20));
  g_assert_cmpint (relais_sync_session_get_connection (f->session), ==,
                   RELAIS_SYNC_CONNECTION_ONLINE);
}

/* The server stops cleanly (its waiting feeds end cut short): the session
 * says offline and keeps trying, an edit waits, and it reaches the server
 * once the server is back on the same address. */
static void
test_offline_queue (Fixture *f, gconstpointer data)
{
  g_autofree char *id = NULL;
  g_autofree char *port = g_strdup (strrchr (f->server.url, ':') + 1);
  ServerProbe probe = { f, NULL, "renforce" };

  port[strlen (port) - 1] = '\0'; /* the trailing "/" */
  relais_sync_session_start (f->session);
  g_assert_true (wait_for (caught_up, f, 30));
  id = first_de (f);
  probe.id = id;

  g_subprocess_send_signal (f->server.process, SIGTERM);
  g_assert_true (g_subprocess_wait (f->server.process, NULL, NULL));
  g_clear_object (&f->server.process);
  g_assert_true (wait_for (offline, f, 20));
  set_modalite (f, id, "renforce");
  g_assert_true (wait_for (one_unsent, f, 10));
  g_assert_true (wait_for (offline, f, 1));
  g_assert_true (relais_sync_session_get_running (f->session));

  test_server_start_on_port (&f->server, port);
  g_assert_true (wait_server (&probe, 20));
  g_assert_true (wait_for (caught_up, f, 20));
  g_assert_null (relais_sync_session_get_error_message (f->session));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-session/first-run-online", test_first_run_online);
  ADD ("/sync-session/change-pushed", test_change_pushed);
  ADD ("/sync-session/offline-queue", test_offline_queue);

  return g_test_run ();
}

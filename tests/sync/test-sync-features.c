/* test-sync-features.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Against the real relais-server: conflicts merged or left for a person
 * and converging on every replica, filtered pulls (incremental, own
 * checkpoint), the poste report of unsent changes, and the relais-sync
 * CLI killed mid-pull and run again.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "../server/server-test-utils.h"
#include "../store/store-demo-utils.h"
#include "relais-core.h"
#include "relais-local-endpoint.h"
#include "relais-remote-endpoint.h"
#include "relais-replicator.h"
#include "relais-store-conflicts.h"
#include "relais-store.h"

#define N_DE 60

typedef struct
{
  TestServer server;
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) created = NULL;

  test_server_start (&f->server);
  f->dir = g_dir_make_tmp ("relais-sync-features-XXXXXX", NULL);
  created = test_json (&f->server, "PUT", "/agence", NULL, 201);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_server_stop (&f->server);
  rm_rf (f->dir);
  g_free (f->dir);
}

static char *
tmp_path (Fixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static RelaisEndpoint *
remote (Fixture *f)
{
  g_autofree char *url = g_strconcat (f->server.url, "agence", NULL);
  RelaisRemoteEndpoint *endpoint = relais_remote_endpoint_new (url, NULL);

  relais_remote_endpoint_set_credentials (endpoint, TEST_ADMIN_NAME, TEST_ADMIN_PASSWORD,
                                          RELAIS_AUTH_BASIC);
  relais_remote_endpoint_set_max_request_bytes (endpoint, 60000);
  return RELAIS_ENDPOINT (endpoint);
}

static RelaisEndpoint *
local (const char *path)
{
  return RELAIS_ENDPOINT (relais_local_endpoint_new (path));
}

static RelaisReplicator *
replicate_with (RelaisEndpoint *source, RelaisEndpoint *target, JsonObject *selector)
{
  g_autoptr (RelaisReplicator) replicator = relais_replicator_new (source, target);
  g_autoptr (GError) error = NULL;

  g_object_set (replicator, "batch-size", 40, "max-retries", 2, NULL);
  g_assert_true (relais_replicator_set_selector (replicator, selector, &error));
  g_assert_true (relais_replicator_run_sync (replicator, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&replicator);
}

static RelaisReplicator *
replicate (RelaisEndpoint *source, RelaisEndpoint *target)
{
  return replicate_with (source, target, NULL);
}

/* A generated agency, pushed to the server. */
static guint
seed (Fixture *f, const char *path)
{
  guint n = store_test_fill_demo (path, N_DE);
  g_autoptr (RelaisEndpoint) source = local (path);
  g_autoptr (RelaisEndpoint) target = remote (f);
  g_autoptr (RelaisReplicator) push = replicate (source, target);

  g_assert_cmpuint (relais_replicator_get_doc_write_failures (push), ==, 0);
  return n;
}

static char *
first_of_type (const char *path, const char *type)
{
  g_autoptr (RelaisStore) store = relais_store_open (path, NULL);
  g_autoptr (GPtrArray) ids = relais_store_find_by_field (store, type, "type", type, NULL);

  g_assert_cmpuint (ids->len, >, 0);
  return g_strdup (g_ptr_array_index (ids, 0));
}

static void
edit_local (const char *path, const char *id, const char *field, const char *value)
{
  g_autoptr (RelaisStore) store = relais_store_open (path, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) doc = relais_store_get (store, id, NULL, 0, &error);
  g_autofree char *rev = NULL;

  g_assert_no_error (error);
  json_object_set_string_member (doc, field, value);
  rev = relais_store_put (store, doc, TRUE, &error);
  g_assert_no_error (error);
}

/* "winner leaf leaf…" (sorted) of @id on the server. */
static char *
server_leaves (Fixture *f, const char *id)
{
  g_autofree char *path = g_strconcat ("/agence/", id, "?open_revs=all", NULL);
  g_autoptr (JsonNode) node = test_json (&f->server, "GET", path, NULL, 200);
  g_autoptr (GPtrArray) revs = g_ptr_array_new ();
  JsonArray *items = json_node_get_array (node);
  g_autoptr (JsonNode) doc = NULL;
  g_autofree char *doc_path = g_strconcat ("/agence/", id, NULL);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *ok =
          json_object_get_object_member (json_array_get_object_element (items, i), "ok");

      if (!json_object_get_boolean_member_with_default (ok, "_deleted", FALSE))
        g_ptr_array_add (revs, (gpointer) json_object_get_string_member (ok, "_rev"));
    }
  g_ptr_array_sort (revs, (GCompareFunc) g_strcmp0);
  doc = test_json (&f->server, "GET", doc_path, NULL, 200);
  g_string_append (out, obj_str (doc, "_rev"));
  for (guint i = 0; i < revs->len; i++)
    g_string_append_printf (out, " %s", *(char **) &g_ptr_array_index (revs, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
store_leaves (const char *path, const char *id)
{
  g_autoptr (RelaisStore) store = relais_store_open (path, NULL);
  g_autoptr (JsonObject) doc = relais_store_get (store, id, NULL, RELAIS_GET_CONFLICTS, NULL);
  g_autoptr (GPtrArray) revs = g_ptr_array_new ();
  g_autoptr (GString) out = g_string_new (relais_doc_get_rev (doc));
  JsonArray *conflicts = json_object_has_member (doc, "_conflicts")
                             ? json_object_get_array_member (doc, "_conflicts")
                             : NULL;

  g_ptr_array_add (revs, (gpointer) relais_doc_get_rev (doc));
  for (guint i = 0; conflicts != NULL && i < json_array_get_length (conflicts); i++)
    g_ptr_array_add (revs, (gpointer) json_array_get_string_element (conflicts, i));
  g_ptr_array_sort (revs, (GCompareFunc) g_strcmp0);
  for (guint i = 0; i < revs->len; i++)
    g_string_append_printf (out, " %s", *(char **) &g_ptr_array_index (revs, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Two workstations edit one DE offline, then everyone syncs. */
static void
conflict_round (Fixture *f,
                const char *x,
                const char *y,
                const char *id,
                RelaisReplicator **pull_x,
                RelaisReplicator **pull_y)
{
  g_autoptr (RelaisEndpoint) server = remote (f);
  g_autoptr (RelaisEndpoint) ex = local (x);
  g_autoptr (RelaisEndpoint) ey = local (y);

  g_object_unref (replicate (ex, server));
  g_object_unref (replicate (ey, server));
  *pull_x = replicate (server, ex);
  *pull_y = replicate (server, ey);
}

static void
test_conflict_disjoint_merged (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *x = tmp_path (f, "x.db");
  g_autofree char *y = tmp_path (f, "y.db");
  g_autoptr (RelaisEndpoint) server = remote (f);
  g_autoptr (RelaisEndpoint) ex = local (x);
  g_autoptr (RelaisEndpoint) ey = local (y);
  g_autoptr (RelaisReplicator) pull_x = NULL;
  g_autoptr (RelaisReplicator) pull_y = NULL;
  g_autofree char *id = NULL;

  seed (f, origin);
  g_object_unref (replicate (server, ex));
  g_object_unref (replicate (server, ey));
  id = first_of_type (origin, "de");
  edit_local (x, id, "telephone", "0611223344");
  edit_local (y, id, "email", "nouvelle@example.org");

  conflict_round (f, x, y, id, &pull_x, &pull_y);
  g_assert_cmpuint (relais_replicator_get_conflicts_merged (pull_x), ==, 1);
  g_assert_cmpuint (relais_replicator_get_conflicts_left (pull_x), ==, 0);
  g_assert_cmpuint (relais_replicator_get_conflicts_merged (pull_y), ==, 1);

  /* Both merged alike: the same revisions. Pushed, and pulled back: one
   * live leaf everywhere, with both edits. */
  g_object_unref (replicate (ex, server));
  g_object_unref (replicate (ey, server));
  g_clear_object (&pull_x);
  g_clear_object (&pull_y);
  pull_x = replicate (server, ex);
  pull_y = replicate (server, ey);
  {
    g_autofree char *sx = store_leaves (x, id);
    g_autofree char *sy = store_leaves (y, id);
    g_autofree char *ss = server_leaves (f, id);
    g_autofree char *path = g_strconcat ("/agence/", id, "?conflicts=true", NULL);
    g_autoptr (JsonNode) doc = test_json (&f->server, "GET", path, NULL, 200);

    g_assert_null (strchr (strchr (ss, ' ') + 1, ' ')); /* "winner winner": one leaf */
    g_assert_true (g_str_has_prefix (ss, "3-"));
    g_assert_cmpstr (sx, ==, ss);
    g_assert_cmpstr (sy, ==, ss);
    g_assert_cmpstr (obj_str (doc, "telephone"), ==, "0611223344");
    g_assert_cmpstr (obj_str (doc, "email"), ==, "nouvelle@example.org");
    g_assert_false (json_object_has_member (json_node_get_object (doc), "_conflicts"));
  }
}

static void
test_conflict_overlap_resolved (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *x = tmp_path (f, "x.db");
  g_autofree char *y = tmp_path (f, "y.db");
  g_autoptr (RelaisEndpoint) server = remote (f);
  g_autoptr (RelaisEndpoint) ex = local (x);
  g_autoptr (RelaisEndpoint) ey = local (y);
  g_autoptr (RelaisReplicator) pull_x = NULL;
  g_autoptr (RelaisReplicator) pull_y = NULL;
  g_autoptr (RelaisConflict) conflict = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *rev = NULL;

  seed (f, origin);
  g_object_unref (replicate (server, ex));
  g_object_unref (replicate (server, ey));
  id = first_of_type (origin, "de");
  edit_local (x, id, "telephone", "0611111111");
  edit_local (y, id, "telephone", "0622222222");
  edit_local (y, id, "email", "y@example.org");

  conflict_round (f, x, y, id, &pull_x, &pull_y);
  g_assert_cmpuint (relais_replicator_get_conflicts_merged (pull_x), ==, 0);
  g_assert_cmpuint (relais_replicator_get_conflicts_left (pull_x), ==, 1);

  /* Listed on x with both versions and what differs. */
  {
    g_autoptr (RelaisStore) store = relais_store_open (x, NULL);
    g_autoptr (GPtrArray) list = relais_store_list_conflicts (store, &error);
    JsonObject *chosen;

    g_assert_cmpuint (list->len, ==, 1);
    conflict = relais_store_get_conflict (store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (conflict->bodies->len, ==, 2);
    g_assert_cmpuint (conflict->fields->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (conflict->fields, 0), ==, "email");
    g_assert_cmpstr (g_ptr_array_index (conflict->fields, 1), ==, "telephone");
    g_assert_cmpuint (conflict->unmergeable->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (conflict->unmergeable, 0), ==, "telephone");

    /* The counsellor keeps x's phone and y's e-mail. */
    chosen = json_object_ref (g_ptr_array_index (conflict->bodies, 0));
    json_object_set_string_member (chosen, "telephone", "0611111111");
    json_object_set_string_member (chosen, "email", "y@example.org");
    rev = relais_store_resolve_conflict (store, id, (const char *const *) conflict->revs, chosen,
                                         &error);
    json_object_unref (chosen);
    g_assert_no_error (error);
  }

  g_object_unref (replicate (ex, server));
  g_clear_object (&pull_y);
  pull_y = replicate (server, ey);
  g_assert_cmpuint (relais_replicator_get_conflicts_left (pull_y), ==, 0);
  {
    g_autofree char *sx = store_leaves (x, id);
    g_autofree char *sy = store_leaves (y, id);
    g_autofree char *ss = server_leaves (f, id);
    g_autofree char *expected = g_strdup_printf ("%s %s", rev, rev);
    g_autofree char *path = g_strconcat ("/agence/", id, NULL);
    g_autoptr (JsonNode) doc = test_json (&f->server, "GET", path, NULL, 200);

    g_assert_cmpstr (ss, ==, expected);
    g_assert_cmpstr (sx, ==, ss);
    g_assert_cmpstr (sy, ==, ss);
    g_assert_cmpstr (obj_str (doc, "telephone"), ==, "0611111111");
    g_assert_cmpstr (obj_str (doc, "email"), ==, "y@example.org");
  }
}

static guint
count_live (const char *path)
{
  g_autoptr (RelaisStore) store = relais_store_open (path, NULL);

  return (guint) relais_store_get_doc_count (store);
}

static void
test_filtered_pull (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *copy = tmp_path (f, "copy.db");
  g_autoptr (RelaisEndpoint) server = remote (f);
  g_autoptr (RelaisEndpoint) target = local (copy);
  g_autoptr (JsonObject) selector =
      relais_json_parse_object ("{\"type\":{\"$in\":[\"offre\",\"entreprise\"]}}", -1, NULL);
  g_autoptr (RelaisReplicator) first = NULL;
  g_autoptr (RelaisReplicator) second = NULL;
  g_autoptr (RelaisReplicator) full = NULL;
  g_autoptr (RelaisStore) origin_store = NULL;
  guint expected;
  g_autofree char *offre = NULL;
  g_autofree char *de = NULL;

  seed (f, origin);
  origin_store = relais_store_open (origin, NULL);
  expected = (guint) (relais_store_count_type (origin_store, "offre", NULL) +
                      relais_store_count_type (origin_store, "entreprise", NULL));
  g_assert_cmpuint (expected, >, 0);

  first = replicate_with (server, target, selector);
  g_assert_cmpuint (relais_replicator_get_docs_written (first), ==, expected);
  g_assert_cmpuint (count_live (copy), ==, expected);
  {
    /* The checkpoint is at the server's update_seq (skipped rows too). */
    g_autoptr (JsonNode) info = test_json (&f->server, "GET", "/agence", NULL, 200);
    g_autofree char *seq =
        g_strdup_printf ("%" G_GINT64_FORMAT,
                         json_object_get_int_member (json_node_get_object (info), "update_seq"));
    g_autofree char *log_path =
        g_strconcat ("/agence/_local/", relais_replicator_get_replication_id (first), NULL);
    g_autoptr (JsonNode) log = test_json (&f->server, "GET", log_path, NULL, 200);

    g_assert_cmpstr (relais_replicator_get_last_seq (first), ==, seq);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (log), "source_last_seq"), ==,
                     json_object_get_int_member (json_node_get_object (info), "update_seq"));
  }

  /* Incremental: one matching and one other change → only the first. */
  offre = first_of_type (origin, "offre");
  de = first_of_type (origin, "de");
  edit_local (origin, offre, "description", "mise à jour");
  edit_local (origin, de, "email", "autre@example.org");
  {
    g_autoptr (RelaisEndpoint) again = local (origin);

    g_object_unref (replicate (again, server));
  }
  second = replicate_with (server, target, selector);
  g_assert_cmpstr (relais_replicator_get_replication_id (second), ==,
                   relais_replicator_get_replication_id (first));
  g_assert_cmpuint (relais_replicator_get_docs_read (second), ==, 1);
  g_assert_cmpuint (count_live (copy), ==, expected);

  /* An unfiltered pull is another replication, from 0. */
  full = replicate (server, target);
  g_assert_cmpstr (relais_replicator_get_replication_id (full), !=,
                   relais_replicator_get_replication_id (first));
  g_assert_cmpuint (count_live (copy), ==, count_live (origin));
}

static void
test_portfolio_selector_local (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *laptop = tmp_path (f, "laptop.db");
  g_autofree char *binary =
      g_test_build_filename (G_TEST_BUILT, "..", "src", "sync", "relais-sync", NULL);
  g_autofree char *url = g_strconcat (f->server.url, "agence", NULL);
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (GPtrArray) mine = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *referent = NULL;
  int status = 0;

  seed (f, origin);
  store = relais_store_open (origin, NULL);
  {
    g_autofree char *de = first_of_type (origin, "de");
    g_autoptr (JsonObject) doc = relais_store_get (store, de, NULL, 0, NULL);

    referent = g_strdup (json_object_get_string_member (doc, "referent"));
  }
  mine = relais_store_find_by_field (store, "de", "referent", referent, NULL);

  {
    const char *argv[] = {
      binary,   "--user", TEST_ADMIN_NAME, "--password", TEST_ADMIN_PASSWORD, "--portfolio",
      referent, url,      laptop,          NULL
    };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  {
    g_autoptr (RelaisStore) copy = relais_store_open (laptop, NULL);
    g_autoptr (GPtrArray) des = relais_store_find_by_field (copy, "de", "type", "de", NULL);
    guint64 offres = relais_store_count_type (copy, "offre", NULL);

    /* Exactly the counsellor's DE, their interviews, the shared offers. */
    g_assert_cmpuint (des->len, ==, mine->len);
    g_assert_cmpuint (relais_store_count_type (copy, "de", NULL), ==, mine->len);
    g_assert_cmpuint (offres, ==, relais_store_count_type (store, "offre", NULL));
    g_assert_cmpuint (relais_store_count_type (copy, "entretien", NULL), >, 0);
    g_assert_cmpuint (relais_store_count_type (copy, "entretien", NULL), <,
                      relais_store_count_type (store, "entretien", NULL));
  }
}

static void
test_poste_report (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autoptr (RelaisEndpoint) source = NULL;
  g_autoptr (RelaisEndpoint) server = remote (f);
  g_autoptr (RelaisReplicator) push = NULL;
  g_autoptr (RelaisReplicator) again = NULL;
  g_autoptr (JsonNode) doc = NULL;

  seed (f, origin);
  /* Three documents the server refuses stay unsent. */
  {
    g_autoptr (RelaisStore) store = relais_store_open (origin, NULL);

    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *json = g_strdup_printf ("{\"_id\":\"de:bad-%u\",\"type\":\"de\"}", i);
        g_autoptr (JsonObject) bad = relais_json_parse_object (json, -1, NULL);
        g_autofree char *rev = relais_store_put (store, bad, TRUE, NULL);

        g_assert_nonnull (rev);
      }
  }
  source = local (origin);
  push = relais_replicator_new (source, server);
  g_object_set (push, "workstation-id", "pc-12", "conseiller", "conseiller:c1", NULL);
  g_assert_true (relais_replicator_run_sync (push, NULL, NULL));
  g_assert_cmpint (relais_replicator_get_unsent (push), ==, 3);

  doc = test_json (&f->server, "GET", "/agence/poste:pc-12", NULL, 200);
  g_assert_cmpstr (obj_str (doc, "type"), ==, "poste");
  g_assert_cmpstr (obj_str (doc, "conseiller"), ==, "conseiller:c1");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (doc), "pending"), ==, 3);
  g_assert_nonnull (obj_str (doc, "last_sync"));
  g_assert_cmpstr (obj_str (doc, "hostname"), ==, g_get_host_name ());

  /* Nothing moved: the report is not rewritten (no endless push). */
  again = relais_replicator_new (source, server);
  g_object_set (again, "workstation-id", "pc-12", "conseiller", "conseiller:c1", NULL);
  g_assert_true (relais_replicator_run_sync (again, NULL, NULL));
  g_assert_cmpuint (relais_replicator_get_docs_written (again), ==, 0);
  {
    g_autoptr (JsonNode) same = test_json (&f->server, "GET", "/agence/poste:pc-12", NULL, 200);

    g_assert_cmpstr (obj_str (same, "_rev"), ==, obj_str (doc, "_rev"));
  }
}

static guint64
peek_doc_count (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint64 count = 0;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'doc_count'", -1, &stmt, NULL) ==
          SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* relais-sync as a child process, SIGKILLed once it has written some
 * documents, then run again to the end. */
static void
test_cli_killed_mid_pull (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *copy = tmp_path (f, "copy.db");
  g_autofree char *binary =
      g_test_build_filename (G_TEST_BUILT, "..", "src", "sync", "relais-sync", NULL);
  g_autofree char *url = g_strconcat (f->server.url, "agence", NULL);
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GError) error = NULL;
  guint n = seed (f, origin);
  guint64 before_kill = 0;
  gint64 deadline;

  g_setenv ("RELAIS_SYNC_PASSWORD", TEST_ADMIN_PASSWORD, TRUE);
  {
    const char *with_user[] = {
      binary, "--user", TEST_ADMIN_NAME, "--batch", "5", url, copy, NULL
    };

    child = g_subprocess_newv (with_user, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  }
  g_assert_no_error (error);

  /* Wait until some documents are in, then kill -9. */
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      /* Read-only: a WAL reader never holds the writer up. */
      if ((before_kill = peek_doc_count (copy)) >= 50)
        break;
      g_usleep (2000);
    }
  g_subprocess_force_exit (child);
  g_assert_true (g_subprocess_wait (child, NULL, NULL));
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
  g_assert_cmpuint (before_kill, >=, 50);
  g_assert_cmpuint (before_kill, <, n);

  /* Run again: everything, once. */
  {
    const char *with_user[] = {
      binary, "--user", TEST_ADMIN_NAME, "--batch", "100", url, copy, NULL
    };
    g_autoptr (GSubprocess) second =
        g_subprocess_newv (with_user, G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);

    g_assert_no_error (error);
    g_assert_true (g_subprocess_wait_check (second, NULL, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr (RelaisStore) store = relais_store_open (copy, NULL);
    g_autoptr (RelaisStore) first = relais_store_open (origin, NULL);
    g_autoptr (JsonNode) info = test_json (&f->server, "GET", "/agence", NULL, 200);

    /* No loss, no duplicate: every document once, each at one sequence
     * (a replayed batch adds no revision), the same winners. */
    g_assert_cmpuint (relais_store_get_doc_count (store), ==, n);
    g_assert_cmpuint (relais_store_get_update_seq (store), ==, n);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (info), "doc_count"), ==, n);
    {
      g_autofree char *de = first_of_type (origin, "de");
      g_autofree char *a = relais_store_get_json (first, de, NULL, RELAIS_GET_REVS, NULL);
      g_autofree char *b = relais_store_get_json (store, de, NULL, RELAIS_GET_REVS, NULL);

      g_assert_cmpstr (a, ==, b);
    }
  }
  g_unsetenv ("RELAIS_SYNC_PASSWORD");
}

/* relais-sync run to its end: its exit status, stdout and stderr. */
static int
run_cli (const char *const *args, char **out, char **err)
{
  g_autofree char *binary =
      g_test_build_filename (G_TEST_BUILT, "..", "src", "sync", "relais-sync", NULL);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *ignored = NULL;
  int status = 0;

  g_ptr_array_add (argv, binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  /* Its output never goes to the test's own (TAP). */
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out != NULL ? out : &ignored, err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* The CLI's summary after a pull, and its exit status and reason when
 * it cannot run (2) or the replication fails (1). */
static void
test_cli_summary_and_failures (Fixture *f, gconstpointer data)
{
  g_autofree char *origin = tmp_path (f, "origin.db");
  g_autofree char *pulled = tmp_path (f, "pulled.db");
  g_autofree char *url = g_strconcat (f->server.url, "agence", NULL);
  g_autofree char *expected = NULL;
  guint n = seed (f, origin);

  {
    const char *args[] = { "--user", TEST_ADMIN_NAME, "--password", TEST_ADMIN_PASSWORD,
                           url,      pulled,          NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
    expected = g_strdup_printf ("%u docs read, %u written, 0 refused, ", n, n);
    g_assert_true (g_str_has_prefix (out, expected));
    g_assert_nonnull (strstr (out, "conflicts: 0 merged, 0 left for a person\n"));
    g_assert_cmpuint (count_live (pulled), ==, count_live (origin));
  }
  {
    /* The password comes from the environment as well; a wrong one is
     * refused by the server, and said so. */
    const char *args[] = { "--user", TEST_ADMIN_NAME, url, pulled, NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_setenv ("RELAIS_SYNC_PASSWORD", "not-the-password", TRUE);
    g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
    g_unsetenv ("RELAIS_SYNC_PASSWORD");
    g_assert_true (g_str_has_prefix (err, "relais-sync: "));
    g_assert_nonnull (strstr (err, "HTTP 401"));
    g_assert_true (g_str_has_prefix (out, "0 docs read, 0 written, 0 refused, "));
  }
  {
    const char *args[] = { url, NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (args, NULL, &err), ==, 2);
    g_assert_nonnull (strstr (err, "usage: relais-sync SOURCE TARGET"));
  }
  {
    const char *args[] = { "--filter", "{\"type\":", url, pulled, NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_cli (args, NULL, &err), ==, 2);
    g_assert_true (g_str_has_prefix (err, "relais-sync: --filter: "));
  }
  {
    g_autofree char *missing = g_strconcat (f->server.url, "no-such-db", NULL);
    const char *args[] = { "--user", TEST_ADMIN_NAME, "--password", TEST_ADMIN_PASSWORD,
                           missing,  pulled,          NULL };
    g_autofree char *err = NULL;

    /* A database that is not there is not a network failure: at once. */
    g_assert_cmpint (run_cli (args, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "HTTP 404"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync/conflict-disjoint-merged", test_conflict_disjoint_merged);
  ADD ("/sync/conflict-overlap-resolved", test_conflict_overlap_resolved);
  ADD ("/sync/filtered-pull", test_filtered_pull);
  ADD ("/sync/portfolio-cli", test_portfolio_selector_local);
  ADD ("/sync/poste-report", test_poste_report);
  ADD ("/sync/cli-killed-mid-pull", test_cli_killed_mid_pull);
  ADD ("/sync/cli-summary-and-failures", test_cli_summary_and_failures);
#undef ADD

  return g_test_run ();
}

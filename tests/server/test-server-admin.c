/* test-server-admin.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * `relais-server referential import` and `relais-server demo` through the
 * real binary, read back over HTTP through a running server.
 */

#include "config.h"

#include "server-admin-utils.h"

#define NO_JOBS "\n[jobs]\ninterval = 0\n"

typedef struct
{
  TestServer ts;
  char *base;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->base = g_dir_make_tmp ("relais-admin-XXXXXX", NULL);
  g_assert_nonnull (f->base);
  f->ts.data_dir = g_build_filename (f->base, "data", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  /* test_server_stop() removes the folder, running or not. */
  test_server_stop (&f->ts);
  g_free (f->base);
}

static void
start (Fixture *f)
{
  g_autofree char *config = g_strconcat (test_config, NO_JOBS, NULL);

  test_server_start_with_config (&f->ts, f->ts.data_dir, config);
}

static const char *
referential_dir (void)
{
  const char *dir = g_getenv ("RELAIS_REFERENTIAL_DIR");

  g_assert_nonnull (dir);
  return dir;
}

static char *
import (Fixture *f)
{
  int status = -1;
  g_autofree char *err = NULL;
  char *out = test_run_server_tool (&status, &err, "referential", "import", referential_dir (),
                                    "--data-dir", f->ts.data_dir, NULL);

  if (status != 0)
    g_error ("referential import failed (%d): %s", status, err);
  return out;
}

static void
test_referential_import (Fixture *f, gconstpointer data)
{
  g_autofree char *out = import (f);
  g_autofree char *again = NULL;
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) second = NULL;
  g_autoptr (JsonNode) rome = NULL;
  g_autoptr (JsonNode) commune = NULL;
  g_autoptr (JsonNode) bassin = NULL;
  g_autoptr (JsonNode) naf = NULL;
  g_autoptr (JsonNode) appellation = NULL;
  JsonArray *communes;
  gint64 count;

  g_assert_nonnull (strstr (out, " unchanged, 0 deleted"));
  start (f);
  first = test_json (&f->ts, "GET", "/referentiel", NULL, 200);
  count = obj_int (first, "doc_count");
  /* 532 fiches + 11,118 appellations + 732 NAF + 34,969 communes + … */
  g_assert_cmpint (count, >, 47000);

  rome = test_json (&f->ts, "GET", "/referentiel/rome:K2204", NULL, 200);
  g_assert_cmpstr (obj_str (rome, "type"), ==, "rome");
  g_assert_cmpstr (obj_str (rome, "libelle"), ==, "Nettoyage de locaux");
  g_assert_cmpstr (obj_str (rome, "grand_domaine"), ==, "K");
  g_assert_true (json_object_has_member (json_node_get_object (rome), "tension_pct"));
  appellation = test_json (&f->ts, "GET", "/referentiel/appellation:10200", NULL, 200);
  g_assert_cmpstr (obj_str (appellation, "libelle"), ==, "Abatteur / Abatteuse de carrière");
  commune = test_json (&f->ts, "GET", "/referentiel/commune:35238", NULL, 200);
  g_assert_cmpstr (obj_str (commune, "nom"), ==, "Rennes");
  g_assert_nonnull (obj_str (commune, "bassin"));
  {
    g_autofree char *path = g_strdup_printf ("/referentiel/bassin:%s", obj_str (commune, "bassin"));

    bassin = test_json (&f->ts, "GET", path, NULL, 200);
  }
  communes = json_object_get_array_member (json_node_get_object (bassin), "communes");
  g_assert_cmpuint (json_array_get_length (communes), >, 1);
  naf = test_json (&f->ts, "GET", "/referentiel/naf:5610A", NULL, 200);
  g_assert_cmpstr (obj_str (naf, "section"), ==, "I");
  test_server_halt (&f->ts);

  /* Again: every document is skipped, no revision, same count. */
  again = import (f);
  g_assert_nonnull (strstr (again, ": 0 written, "));
  start (f);
  second = test_json (&f->ts, "GET", "/referentiel", NULL, 200);
  g_assert_cmpint (obj_int (second, "doc_count"), ==, count);
  g_assert_cmpint (obj_int (second, "update_seq"), ==, obj_int (first, "update_seq"));
}

static void
test_referential_import_missing (Fixture *f, gconstpointer data)
{
  int status = -1;
  g_autofree char *err = NULL;
  g_autofree char *missing = g_build_filename (f->base, "nowhere", NULL);
  g_autofree char *out = test_run_server_tool (&status, &err, "referential", "import", missing,
                                               "--data-dir", f->ts.data_dir, NULL);

  /* A wrong folder is an error, never the built-in sample instead. */
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "nowhere"));
}

static gint64
count_range (Fixture *f, const char *db, const char *prefix)
{
  g_autofree char *path = g_strdup_printf (
      "/%s/_all_docs?startkey=%%22%s%%22&endkey=%%22%s%%EF%%BF%%B0%%22", db, prefix, prefix);
  g_autoptr (JsonNode) node = test_json (&f->ts, "GET", path, NULL, 200);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (node), "rows"));
}

/* The password `demo` printed for @user, from its table of users. */
static char *
demo_password (const char *out, const char *user)
{
  g_autofree char *needle = g_strconcat ("\n  ", user, " ", NULL);
  const char *line = strstr (out, needle);
  g_auto (GStrv) words = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (line);
  text = g_strndup (line + 1, strcspn (line + 1, "\n"));
  words = g_strsplit_set (g_strstrip (text), " ", -1);
  for (guint i = 1; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      return g_strdup (words[i]);
  g_assert_not_reached ();
}

/* Sends as @user instead of the test admin. */
static guint
status_as (Fixture *f,
           const char *user,
           const char *password,
           const char *method,
           const char *path,
           const char *body,
           char **text_out)
{
  g_autoptr (SoupMessage) msg = test_message_as (&f->ts, method, path, body, user, password, NULL);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;

  bytes = soup_session_send_and_read (f->ts.session, msg, NULL, &error);
  g_assert_no_error (error);
  if (text_out != NULL)
    *text_out = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_message_get_status (msg);
}

static void
test_demo (Fixture *f, gconstpointer data)
{
  int status = -1;
  g_autofree char *err = NULL;
  g_autofree char *err_again = NULL;
  g_autofree char *out = test_run_server_tool (&status, &err, "demo", f->ts.data_dir, "--de", "300",
                                               "--seed", "4", NULL);
  g_autofree char *out_again = NULL;
  g_autoptr (JsonNode) dbs = NULL;
  g_autoptr (JsonNode) agence = NULL;
  g_autoptr (JsonNode) agence_again = NULL;
  g_autoptr (JsonNode) referentiel = NULL;
  g_autofree char *expected = NULL;
  guint64 written = 0;
  const char *line;

  if (status != 0)
    g_error ("demo failed (%d): %s", status, err);
  /* "agence-35238: N documents, 300 DE, in …" */
  line = strstr (out, "agence-35238: ");
  g_assert_nonnull (line);
  written = g_ascii_strtoull (line + strlen ("agence-35238: "), NULL, 10);
  g_assert_cmpuint (written, >, 300);

  start (f);
  dbs = test_json (&f->ts, "GET", "/_all_dbs", NULL, 200);
  expected = json_to_string (dbs, FALSE);
  g_assert_cmpstr (expected, ==, "[\"_users\",\"agence-35238\",\"referentiel\"]");
  agence = test_json (&f->ts, "GET", "/agence-35238", NULL, 200);
  g_assert_cmpint (obj_int (agence, "doc_count"), ==, (gint64) written);
  g_assert_cmpint (count_range (f, "agence-35238", "de:"), ==, 300);
  g_assert_cmpint (count_range (f, "agence-35238", "agence:"), ==, 1);
  g_assert_cmpint (count_range (f, "agence-35238", "offre:"), ==, 30);
  referentiel = test_json (&f->ts, "GET", "/referentiel", NULL, 200);
  g_assert_cmpint (obj_int (referentiel, "doc_count"), >, 47000);

  /* The demo's people: a counsellor reads his agency and the referentiel,
   * knows from his session which conseiller he is, and may not write the
   * ELD's documents; a wrong password is refused. */
  {
    g_autofree char *suivi = demo_password (out, "conseiller-suivi");
    g_autofree char *eld = demo_password (out, "eld");
    g_autofree char *session = NULL;
    g_autofree char *refused = NULL;
    g_autofree char *admin = demo_password (out, "administrateur");

    g_assert_cmpuint (status_as (f, "conseiller-suivi", suivi, "GET", "/agence-35238", NULL, NULL),
                      ==, 200);
    g_assert_cmpuint (status_as (f, "conseiller-suivi", suivi, "GET", "/referentiel", NULL, NULL),
                      ==, 200);
    g_assert_cmpuint (
        status_as (f, "conseiller-suivi", "wrong", "GET", "/agence-35238", NULL, NULL), ==, 401);
    g_assert_cmpuint (status_as (f, "conseiller-suivi", suivi, "GET", "/_session", NULL, &session),
                      ==, 200);
    g_assert_nonnull (strstr (session, "\"conseiller:"));
    g_assert_nonnull (strstr (session, "\"agence:35238\""));
    g_assert_cmpuint (status_as (f, "conseiller-suivi", suivi, "PUT", "/referentiel/rome:Z9999",
                                 "{\"type\":\"rome\"}", &refused),
                      ==, 403);
    g_assert_cmpuint (status_as (f, "eld", eld, "GET", "/agence-35238", NULL, NULL), ==, 200);
    g_assert_cmpuint (status_as (f, "administrateur", admin, "GET", "/_all_dbs", NULL, NULL), ==,
                      200);
  }
  test_server_halt (&f->ts);

  /* A second demo on the same folder refuses and writes nothing. */
  out_again = test_run_server_tool (&status, &err_again, "demo", f->ts.data_dir, "--de", "300",
                                    "--seed", "5", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err_again, "agence-35238 already holds"));
  start (f);
  agence_again = test_json (&f->ts, "GET", "/agence-35238", NULL, 200);
  g_assert_cmpint (obj_int (agence_again, "update_seq"), ==, obj_int (agence, "update_seq"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server-admin/referential-import", Fixture, NULL, fixture_setup,
              test_referential_import, fixture_teardown);
  g_test_add ("/server-admin/referential-import-missing", Fixture, NULL, fixture_setup,
              test_referential_import_missing, fixture_teardown);
  g_test_add ("/server-admin/demo", Fixture, NULL, fixture_setup, test_demo, fixture_teardown);
  return g_test_run ();
}

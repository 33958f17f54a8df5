/* test-server-jobs.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The server jobs through the real binary: `relais-server jobs run --now`
 * on a data folder written and read back over HTTP, the outbox maildir
 * parsed back as RFC 5322 messages, idempotence, recovery of an
 * interrupted run, and the periodic run inside `serve` with the real clock.
 */

#include "config.h"

#include "server-admin-utils.h"

#define DB "agence-test"
#define NOW "2026-03-10T10:00:00+01:00"

#define ENTREPRISE                                                                                 \
  "{\"_id\":\"entreprise:e1\",\"type\":\"entreprise\",\"schema_version\":1,"                       \
  "\"nom\":\"Transports Morel\",\"siret\":\"73282932000074\","                                     \
  "\"contact\":{\"nom\":\"M. Morel\",\"email\":\"rh@morel.example\"}}"
#define CONSEILLER                                                                                 \
  "{\"_id\":\"conseiller:c1\",\"type\":\"conseiller\",\"schema_version\":1,\"nom\":\"Le Goff\","   \
  "\"prenom\":\"Anne\",\"agence\":\"agence:a1\",\"roles\":[\"correspondant_offre\"],"              \
  "\"email\":\"anne.legoff@agence.example\"}"
#define DE(id, email)                                                                              \
  "{\"_id\":\"" id "\",\"type\":\"de\",\"schema_version\":1,\"nom\":\"Martin\","                   \
  "\"prenom\":\"Léa\",\"identifiant\":\"1234567A\",\"agence\":\"agence:a1\","                     \
  "\"date_inscription\":\"2025-12-01\"" email "}"
/* An accompagnement offer of the company, with its journal. */
#define OFFRE(id, created, relance, journal)                                                       \
  "{\"_id\":\"" id "\",\"type\":\"offre\",\"schema_version\":1,\"intitule\":\"Cariste\","          \
  "\"romeCode\":\"N1101\",\"typeContrat\":\"CDI\",\"dateCreation\":\"" created "\","               \
  "\"entreprise\":{\"nom\":\"Transports Morel\"},\"entreprise_id\":\"entreprise:e1\","             \
  "\"niveau_service\":\"accompagnement\",\"diffusion\":\"visibilite\","                            \
  "\"preselection\":\"verification\",\"correspondant\":\"conseiller:c1\","                         \
  "\"statut\":\"traitement\"" relance ",\"journal\":[" journal "]}"
#define ENTRY(date, service) "{\"date\":\"" date "\",\"service\":\"" service "\"}"

/* The jobs of `serve` would run at startup with the real clock. */
#define NO_JOBS "\n[jobs]\ninterval = 0\n"

typedef struct
{
  TestServer ts;
  char *outbox_new;
  char *outbox_tmp;
} Fixture;

static void
put (Fixture *f, const char *id, const char *json)
{
  g_autofree char *path = g_strdup_printf ("/" DB "/%s", id);
  g_autoptr (JsonNode) node = test_json (&f->ts, "PUT", path, json, 201);

  g_assert_true (json_object_get_boolean_member (json_node_get_object (node), "ok"));
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  guint status;
  g_autofree char *body = NULL;

  g_autofree char *base = g_dir_make_tmp ("relais-jobs-XXXXXX", NULL);
  g_autofree char *config = g_strconcat (test_config, NO_JOBS, NULL);

  g_assert_nonnull (base);
  f->ts.data_dir = g_build_filename (base, "data", NULL);
  test_server_start_with_config (&f->ts, f->ts.data_dir, config);
  body = test_request (&f->ts, "PUT", "/" DB, NULL, &status);
  g_assert_cmpuint (status, ==, 201);
  f->outbox_new = g_build_filename (f->ts.data_dir, "outbox", "new", NULL);
  f->outbox_tmp = g_build_filename (f->ts.data_dir, "outbox", "tmp", NULL);

  put (f, "entreprise:e1", ENTREPRISE);
  put (f, "conseiller:c1", CONSEILLER);
  put (f, "de:d1", DE ("de:d1", ",\"email\":\"lea.martin@example.org\""));
  put (f, "de:d2", DE ("de:d2", ""));
  /* Relance 9 days before NOW, no answer: closed. */
  put (f, "offre:a",
       OFFRE ("offre:a", "2026-02-20T09:00:00+01:00", ",\"date_relance\":\"2026-03-01\"",
              ENTRY ("2026-02-20T09:00:00+01:00", "recueil") "," ENTRY (
                  "2026-02-25T09:00:00+01:00", "diffusion") "," ENTRY ("2026-03-01T10:00:00+01:00",
                                                                       "relance")));
  put (f, "candidature:1",
       "{\"type\":\"candidature\",\"schema_version\":1,\"offre\":\"offre:a\",\"de\":\"de:d1\","
       "\"statut\":\"mer\",\"date\":\"2026-02-26T10:00:00+01:00\"}");
  put (f, "candidature:2",
       "{\"type\":\"candidature\",\"schema_version\":1,\"offre\":\"offre:a\",\"de\":\"de:d2\","
       "\"statut\":\"non_retenue\",\"date\":\"2026-02-27T10:00:00+01:00\","
       "\"retour_employeur\":\"Permis CACES manquant\"}");
  /* Relance 7 days before NOW: the employer still has a day. */
  put (f, "offre:b",
       OFFRE ("offre:b", "2026-02-28T09:00:00+01:00", ",\"date_relance\":\"2026-03-03\"",
              ENTRY ("2026-02-28T09:00:00+01:00", "recueil") "," ENTRY ("2026-03-03T10:00:00+01:00",
                                                                        "relance")));
  /* Nothing since 1 February: the recruiter is alerted. */
  put (f, "offre:c",
       OFFRE ("offre:c", "2026-02-01T09:00:00+01:00", "",
              ENTRY ("2026-02-01T09:00:00+01:00", "recueil")));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_server_stop (&f->ts);
  g_free (f->outbox_new);
  g_free (f->outbox_tmp);
}

static void
restart (Fixture *f)
{
  g_autofree char *config = g_strconcat (test_config, NO_JOBS, NULL);

  test_server_start_with_config (&f->ts, f->ts.data_dir, config);
}

static char *
run_jobs (Fixture *f, const char *now)
{
  int status = -1;
  g_autofree char *err = NULL;
  char *out = test_run_server_tool (&status, &err, "jobs", "run", "--data-dir", f->ts.data_dir,
                                    "--now", now, NULL);

  if (status != 0)
    g_error ("jobs run failed (%d): %s", status, err);
  return out;
}

static JsonNode *
get_doc (Fixture *f, const char *id)
{
  g_autofree char *path = g_strdup_printf ("/" DB "/%s", id);

  return test_json (&f->ts, "GET", path, NULL, 200);
}

static JsonObject *
last_entry (JsonNode *doc)
{
  JsonArray *journal = json_object_get_array_member (json_node_get_object (doc), "journal");

  return json_array_get_object_element (journal, json_array_get_length (journal) - 1);
}

/* RFC 5322 headers, parsed here independently of the server: unfolded,
 * names lower-cased. */
static GHashTable *
parse_headers (const char *text, char **body)
{
  GHashTable *headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *end = strstr (text, "\n\n");
  g_autofree char *head = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GString) field = g_string_new (NULL);

  g_assert_nonnull (end);
  *body = g_strdup (end + 2);
  head = g_strndup (text, end - text);
  lines = g_strsplit (head, "\n", -1);
  for (guint i = 0;; i++)
    {
      if (lines[i] != NULL && (lines[i][0] == ' ' || lines[i][0] == '\t'))
        {
          g_assert_cmpuint (field->len, >, 0);
          g_string_append (field, lines[i]);
          continue;
        }
      if (field->len > 0)
        {
          char *colon = strchr (field->str, ':');
          char *name;

          g_assert_nonnull (colon);
          name = g_ascii_strdown (field->str, colon - field->str);
          /* Every header of ours appears once. */
          g_assert_false (g_hash_table_contains (headers, name));
          g_hash_table_insert (headers, name, g_strstrip (g_strdup (colon + 1)));
          g_string_truncate (field, 0);
        }
      if (lines[i] == NULL)
        break;
      /* RFC 5322 §2.1.1: header lines within 78 characters here. */
      g_assert_cmpuint (strlen (lines[i]), <=, 78);
      g_string_append (field, lines[i]);
    }
  return headers;
}

/* RFC 2047 "B" words of UTF-8, separated by folding white space. */
static char *
decode_words (const char *value)
{
  g_auto (GStrv) words = g_strsplit_set (value, " \t", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize len = strlen (words[i]);
      g_autofree char *b64 = NULL;
      g_autofree guchar *raw = NULL;
      gsize raw_len;

      if (len == 0)
        continue;
      g_assert_true (g_str_has_prefix (words[i], "=?UTF-8?B?"));
      g_assert_true (g_str_has_suffix (words[i], "?="));
      g_assert_cmpuint (len, <=, 75);
      b64 = g_strndup (words[i] + 10, len - 12);
      raw = g_base64_decode (b64, &raw_len);
      /* Each word holds whole characters. */
      g_assert_true (g_utf8_validate ((const char *) raw, raw_len, NULL));
      g_string_append_len (out, (const char *) raw, raw_len);
    }
  return g_string_free (out, FALSE);
}

typedef struct
{
  char *name;
  GHashTable *headers;
  char *subject; /* decoded */
  char *body;
} Mail;

static void
mail_free (Mail *mail)
{
  g_free (mail->name);
  g_hash_table_unref (mail->headers);
  g_free (mail->subject);
  g_free (mail->body);
  g_free (mail);
}

static GPtrArray *
read_outbox (Fixture *f)
{
  GPtrArray *mails = g_ptr_array_new_with_free_func ((GDestroyNotify) mail_free);
  g_autoptr (GDir) dir = g_dir_open (f->outbox_new, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->outbox_new, name, NULL);
      g_autofree char *text = NULL;
      Mail *mail = g_new0 (Mail, 1);
      g_auto (GStrv) parts = g_strsplit (name, ".", 3);

      /* maildir(5): time.unique.host, no ":" (that starts the info). */
      g_assert_cmpuint (g_strv_length (parts), ==, 3);
      g_assert_cmpuint (strspn (parts[0], "0123456789"), ==, strlen (parts[0]));
      g_assert_null (strchr (name, ':'));
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_assert_true (g_utf8_validate (text, -1, NULL));
      mail->name = g_strdup (name);
      mail->headers = parse_headers (text, &mail->body);
      mail->subject = decode_words (g_hash_table_lookup (mail->headers, "subject"));
      g_ptr_array_add (mails, mail);
    }
  return mails;
}

static Mail *
find_mail (GPtrArray *mails, const char *kind, const char *recipient)
{
  Mail *found = NULL;

  for (guint i = 0; i < mails->len; i++)
    {
      Mail *mail = g_ptr_array_index (mails, i);

      if (g_strcmp0 (g_hash_table_lookup (mail->headers, "x-relais-message"), kind) == 0 &&
          g_strcmp0 (g_hash_table_lookup (mail->headers, "x-relais-recipient"), recipient) == 0)
        {
          g_assert_null (found);
          found = mail;
        }
    }
  g_assert_nonnull (found);
  return found;
}

static void
assert_common_headers (Mail *mail, const char *doc_id)
{
  GHashTable *h = mail->headers;
  const char *id = g_hash_table_lookup (h, "message-id");

  g_assert_cmpstr (g_hash_table_lookup (h, "date"), ==, "Tue, 10 Mar 2026 10:00:00 +0100");
  g_assert_cmpstr (g_hash_table_lookup (h, "from"), ==, "Relais <relais@localhost>");
  g_assert_nonnull (id);
  g_assert_true (g_str_has_prefix (id, "<") && g_str_has_suffix (id, ">") && strchr (id, '@'));
  g_assert_cmpstr (g_hash_table_lookup (h, "mime-version"), ==, "1.0");
  g_assert_cmpstr (g_hash_table_lookup (h, "content-type"), ==, "text/plain; charset=utf-8");
  g_assert_cmpstr (g_hash_table_lookup (h, "content-transfer-encoding"), ==, "8bit");
  g_assert_cmpstr (g_hash_table_lookup (h, "x-relais-database"), ==, DB);
  g_assert_cmpstr (g_hash_table_lookup (h, "x-relais-document"), ==, doc_id);
}

static void
test_close_alert_idempotent (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) b_before = get_doc (f, "offre:b");
  g_autoptr (JsonNode) a = NULL;
  g_autoptr (JsonNode) a_again = NULL;
  g_autoptr (JsonNode) b = NULL;
  g_autoptr (JsonNode) c = NULL;
  g_autoptr (JsonNode) c_again = NULL;
  g_autoptr (JsonNode) info = NULL;
  g_autoptr (JsonNode) info_again = NULL;
  g_autoptr (GPtrArray) mails = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out_again = NULL;
  JsonObject *cloture, *entry;
  Mail *mail;

  test_server_halt (&f->ts);
  out = run_jobs (f, NOW);
  g_assert_nonnull (strstr (out, "1 databases, 1 closed, 1 alerts, 4 messages"));

  restart (f);
  /* Offer a: closed by a new revision, journaled, per DOMAIN.md. */
  a = get_doc (f, "offre:a");
  g_assert_true (g_str_has_prefix (obj_str (a, "_rev"), "2-"));
  g_assert_cmpstr (obj_str (a, "statut"), ==, "cloturee");
  cloture = json_object_get_object_member (json_node_get_object (a), "cloture");
  g_assert_cmpstr (json_object_get_string_member (cloture, "motif"), ==, "sans_reponse_relance");
  g_assert_cmpstr (json_object_get_string_member (cloture, "date"), ==, NOW);
  entry = last_entry (a);
  g_assert_cmpstr (json_object_get_string_member (entry, "service"), ==, "cloture");
  g_assert_cmpstr (json_object_get_string_member (entry, "auteur"), ==, "relais-server");
  g_assert_cmpstr (json_object_get_string_member (entry, "date"), ==, NOW);
  /* Offer b, relanced 7 days ago: untouched. */
  b = get_doc (f, "offre:b");
  g_assert_cmpstr (obj_str (b, "_rev"), ==, obj_str (b_before, "_rev"));
  g_assert_cmpstr (obj_str (b, "statut"), ==, "traitement");
  /* Offer c: the alert is journaled, the offer stays open. */
  c = get_doc (f, "offre:c");
  g_assert_true (g_str_has_prefix (obj_str (c, "_rev"), "2-"));
  g_assert_cmpstr (obj_str (c, "statut"), ==, "traitement");
  g_assert_cmpstr (json_object_get_string_member (last_entry (c), "service"), ==,
                   "alerte_sans_mouvement");

  /* The messages: satisfaction to the recruiter, one per DE who applied,
   * one alert; all delivered, nothing left in tmp/. */
  g_assert_cmpuint (count_files (f->outbox_tmp), ==, 0);
  mails = read_outbox (f);
  g_assert_cmpuint (mails->len, ==, 4);

  mail = find_mail (mails, "satisfaction", "entreprise:e1");
  assert_common_headers (mail, "offre:a");
  g_assert_cmpstr (g_hash_table_lookup (mail->headers, "to"), ==, "rh@morel.example");
  g_assert_true (g_str_has_prefix (mail->subject, "Clôture de votre offre"));
  g_assert_nonnull (strstr (mail->subject, "Cariste"));
  g_assert_nonnull (strstr (mail->body, "01/03/2026"));
  g_assert_nonnull (strstr (mail->body, "clôturée"));

  mail = find_mail (mails, "cloture-de", "de:d1");
  assert_common_headers (mail, "offre:a");
  g_assert_cmpstr (g_hash_table_lookup (mail->headers, "to"), ==, "lea.martin@example.org");
  g_assert_cmpstr (mail->subject, ==, "Offre « Cariste » clôturée");

  /* No address for this DE: no To, the recipient is named for an agent. */
  mail = find_mail (mails, "cloture-de", "de:d2");
  assert_common_headers (mail, "offre:a");
  g_assert_false (g_hash_table_contains (mail->headers, "to"));
  g_assert_nonnull (strstr (mail->body, "Permis CACES manquant"));

  mail = find_mail (mails, "sans-mouvement", "entreprise:e1");
  assert_common_headers (mail, "offre:c");
  g_assert_cmpstr (g_hash_table_lookup (mail->headers, "to"), ==, "rh@morel.example");
  g_assert_nonnull (strstr (mail->subject, "aucun mouvement depuis 15 jours"));

  /* Twice: nothing closed or alerted again, no message, no revision. */
  info = test_json (&f->ts, "GET", "/" DB, NULL, 200);
  test_server_halt (&f->ts);
  out_again = run_jobs (f, NOW);
  g_assert_nonnull (strstr (out_again, "1 databases, 0 closed, 0 alerts, 0 messages"));
  /* Later the same day: b's employer has until midnight, c was alerted. */
  g_free (out_again);
  out_again = run_jobs (f, "2026-03-10T23:59:59+01:00");
  g_assert_nonnull (strstr (out_again, "1 databases, 0 closed, 0 alerts, 0 messages"));
  restart (f);
  g_assert_cmpuint (count_files (f->outbox_new), ==, 4);
  info_again = test_json (&f->ts, "GET", "/" DB, NULL, 200);
  g_assert_cmpint (obj_int (info_again, "update_seq"), ==, obj_int (info, "update_seq"));
  a_again = get_doc (f, "offre:a");
  c_again = get_doc (f, "offre:c");
  g_assert_cmpstr (obj_str (a_again, "_rev"), ==, obj_str (a, "_rev"));
  g_assert_cmpstr (obj_str (c_again, "_rev"), ==, obj_str (c, "_rev"));
}

static void
stage (Fixture *f, const char *name, const char *doc_id, const char *event)
{
  g_autofree char *path = g_build_filename (f->outbox_tmp, name, NULL);
  g_autofree char *text =
      g_strdup_printf ("Date: Tue, 10 Mar 2026 10:00:00 +0100\nFrom: Relais <relais@localhost>\n"
                       "Subject: staged\nMessage-ID: <%s@localhost>\n"
                       "X-Relais-Database: " DB "\nX-Relais-Document: %s\nX-Relais-Event: %s\n"
                       "\nbody\n",
                       name, doc_id, event);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* A run killed after writing a revision but before delivering its staged
 * messages, and one killed before writing it: the next run delivers the
 * first (not lost), removes the second (its offer is then handled afresh,
 * so it is not sent twice either). */
static void
test_recovery (Fixture *f, gconstpointer data)
{
  g_autoptr (JsonNode) a = NULL;
  g_autoptr (JsonNode) b = NULL;
  g_autofree char *event = NULL;
  g_autofree char *out = NULL;
  g_autofree char *delivered = NULL;
  g_autofree char *other = NULL;

  test_server_halt (&f->ts);
  g_free (run_jobs (f, NOW));
  g_assert_cmpuint (count_files (f->outbox_new), ==, 4);

  event = g_strdup_printf ("cloture %s", NOW);
  stage (f, "1773133200.M1P1Q1Rcommitted.test", "offre:a", event);
  stage (f, "1773133200.M1P1Q2Rlost.test", "offre:b", "cloture 2026-03-10T09:00:00+01:00");
  /* Not a message of the jobs: left alone. */
  other = g_build_filename (f->outbox_tmp, "1773133200.M1P1Q3Rother.test", NULL);
  g_assert_true (g_file_set_contents (other, "Subject: x\n\nx\n", -1, NULL));

  out = run_jobs (f, NOW);
  g_assert_nonnull (strstr (out, "0 closed, 0 alerts, 0 messages, 1 recovered, 1 discarded"));
  g_assert_cmpuint (count_files (f->outbox_new), ==, 5);
  delivered = g_build_filename (f->outbox_new, "1773133200.M1P1Q1Rcommitted.test", NULL);
  g_assert_true (g_file_test (delivered, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (f->outbox_tmp), ==, 1);

  restart (f);
  a = get_doc (f, "offre:a");
  b = get_doc (f, "offre:b");
  g_assert_true (g_str_has_prefix (obj_str (a, "_rev"), "2-"));
  g_assert_true (g_str_has_prefix (obj_str (b, "_rev"), "1-"));
}

/* `serve` runs the jobs itself, with the real clock, and its write wakes
 * a waiting feed. */
static void
test_serve_timer (Fixture *f, gconstpointer data)
{
  g_autofree char *config = g_strconcat (test_config, "\n[jobs]\ninterval = 1\n", NULL);
  g_autoptr (JsonNode) info = NULL;
  g_autoptr (JsonNode) old = NULL;
  gboolean seen = FALSE;
  gint64 start, since;

  test_server_halt (&f->ts);
  test_server_start_with_config (&f->ts, f->ts.data_dir, config);
  info = test_json (&f->ts, "GET", "/" DB, NULL, 200);
  /* Relanced in 2020: overdue whatever today is. */
  put (f, "offre:old",
       OFFRE ("offre:old", "2020-01-01T09:00:00+01:00", ",\"date_relance\":\"2020-01-06\"",
              ENTRY ("2020-01-01T09:00:00+01:00", "recueil") "," ENTRY ("2020-01-06T10:00:00+01:00",
                                                                        "relance")));

  /* Wait, in longpoll feeds, for the job's write of offre:old; the other
   * offers of the fixture get closed or alerted too (today is later than
   * their dates), maybe in an earlier run. */
  start = g_get_monotonic_time ();
  since = obj_int (info, "update_seq");
  while (!seen)
    {
      g_autoptr (JsonNode) changes = NULL;
      g_autofree char *path = g_strdup_printf (
          "/" DB "/_changes?feed=longpoll&timeout=20000&since=%" G_GINT64_FORMAT, since);
      JsonArray *results;

      changes = test_json (&f->ts, "GET", path, NULL, 200);
      results = json_object_get_array_member (json_node_get_object (changes), "results");
      g_assert_cmpuint (json_array_get_length (results), >=, 1);
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          JsonObject *row = json_array_get_object_element (results, i);
          JsonArray *revs = json_object_get_array_member (row, "changes");
          const char *rev =
              json_object_get_string_member (json_array_get_object_element (revs, 0), "rev");

          /* The job's revision, not the PUT (the first run may come first). */
          seen = seen || (g_str_equal (json_object_get_string_member (row, "id"), "offre:old") &&
                          g_str_has_prefix (rev, "2-"));
        }
      since = obj_int (changes, "last_seq");
      g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
    }

  old = get_doc (f, "offre:old");
  g_assert_cmpstr (obj_str (old, "statut"), ==, "cloturee");
  g_assert_cmpstr (json_object_get_string_member (last_entry (old), "auteur"), ==, "relais-server");
  g_assert_cmpuint (count_files (f->outbox_new), >=, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server-jobs/close-alert-idempotent", Fixture, NULL, fixture_setup,
              test_close_alert_idempotent, fixture_teardown);
  g_test_add ("/server-jobs/recovery", Fixture, NULL, fixture_setup, test_recovery,
              fixture_teardown);
  g_test_add ("/server-jobs/serve-timer", Fixture, NULL, fixture_setup, test_serve_timer,
              fixture_teardown);
  return g_test_run ();
}

/* test-demo.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The demo generator: same seed, same bytes; every document valid; the
 * agency's shape follows DOMAIN.md (renforcé portfolios ≤ 70, one bassin
 * d'emploi, dates within the year, every preselection mode present).
 */

#include "config.h"

#include <string.h>

#include "relais-core.h"
#include "relais-demo.h"
#include "relais-domain.h"
#include "relais-validate.h"

typedef struct
{
  RelaisReferential *referential;
  GChecksum *checksum;
  GHashTable *counts;            /* type → count */
  GHashTable *portefeuille_mod;  /* portefeuille id → modalite */
  GHashTable *portefeuille_load; /* portefeuille id → DE count */
  GHashTable *preselections;     /* modes seen */
  GHashTable *ids;
  char *bassin;
  guint n_docs;
  guint n_invalid;
  guint n_escalades;
  guint n_ajustements;
  guint n_without_referent;
  guint32 today;
  gboolean check;
} Collect;

static void
collect_init (Collect *c, RelaisReferential *referential, gboolean check)
{
  GDate today;

  memset (c, 0, sizeof *c);
  c->referential = referential;
  c->check = check;
  c->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  c->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->portefeuille_mod = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  c->portefeuille_load = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->preselections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, G_DATE_NOVEMBER, 2026);
  c->today = g_date_get_julian (&today);
}

static void
collect_clear (Collect *c)
{
  g_checksum_free (c->checksum);
  g_hash_table_unref (c->counts);
  g_hash_table_unref (c->portefeuille_mod);
  g_hash_table_unref (c->portefeuille_load);
  g_hash_table_unref (c->preselections);
  g_hash_table_unref (c->ids);
  g_free (c->bassin);
}

static guint
count_of (Collect *c, const char *type)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (c->counts, type));
}

/* Dates that drive rules fall within the year before today; planned
 * interviews and prospection may be a few weeks ahead. */
static void
check_date_member (Collect *c, JsonObject *doc, const char *member)
{
  const char *text = json_object_get_string_member_with_default (doc, member, NULL);
  GDate date;
  guint32 j;

  if (text == NULL)
    return;

  g_date_clear (&date, 1);
  g_assert_true (relais_date_parse (text, &date) || relais_datetime_parse (text, &date));
  j = g_date_get_julian (&date);
  if (j + 366 < c->today || j > c->today + 45)
    g_error ("%s %s = %s is out of the year", relais_doc_get_id (doc), member, text);
}

static gboolean
collect_cb (JsonObject *doc, gpointer user_data, GError **error)
{
  Collect *c = user_data;
  g_autofree char *canonical = relais_json_object_canonical (doc);
  const char *type = relais_doc_get_doc_type (doc);
  const char *id = relais_doc_get_id (doc);

  g_checksum_update (c->checksum, (const guchar *) canonical, strlen (canonical));
  g_checksum_update (c->checksum, (const guchar *) "\n", 1);
  c->n_docs++;
  g_hash_table_replace (c->counts, g_strdup (type), GUINT_TO_POINTER (count_of (c, type) + 1));

  if (!c->check)
    return TRUE;

  g_assert_null (json_object_get_member (doc, "_rev"));
  g_assert_true (g_hash_table_add (c->ids, g_strdup (id)));

  {
    g_autoptr (GPtrArray) problems = NULL;

    if (!relais_validate_doc (doc, &problems, NULL))
      {
        RelaisProblem *p = g_ptr_array_index (problems, 0);

        if (c->n_invalid++ < 5)
          g_test_message ("invalid %s: %s: %s\n%s", id, p->field, p->reason, canonical);
      }
  }

  if (strcmp (type, "agence") == 0)
    c->bassin = g_strdup (json_object_get_string_member (doc, "bassin"));
  else if (strcmp (type, "portefeuille") == 0)
    g_hash_table_insert (c->portefeuille_mod, g_strdup (id),
                         g_strdup (json_object_get_string_member (doc, "modalite")));
  else if (strcmp (type, "de") == 0)
    {
      const char *pf = json_object_get_string_member (doc, "portefeuille");
      JsonObject *adresse = json_object_get_object_member (doc, "adresse");
      const RelaisCommune *commune = relais_referential_lookup_commune (
          c->referential, json_object_get_string_member (adresse, "commune"));

      g_hash_table_replace (
          c->portefeuille_load, g_strdup (pf),
          GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (c->portefeuille_load, pf)) + 1));
      g_assert_nonnull (commune);
      g_assert_cmpstr (commune->bassin, ==, c->bassin);
      g_assert_cmpstr (commune->nom, ==,
                       json_object_get_string_member (adresse, "libelle_commune"));
      if (json_object_get_null_member (doc, "referent"))
        c->n_without_referent++;
      check_date_member (c, doc, "date_inscription");
    }
  else if (strcmp (type, "entretien") == 0)
    {
      check_date_member (c, doc, "date");
      if (strcmp (json_object_get_string_member (doc, "nature"), "ajustement") == 0)
        c->n_ajustements++;
    }
  else if (strcmp (type, "contact") == 0)
    {
      check_date_member (c, doc, "date");
      if (json_object_has_member (doc, "escalade"))
        c->n_escalades++;
    }
  else if (strcmp (type, "offre") == 0)
    {
      const char *mode = json_object_get_string_member_with_default (doc, "preselection", NULL);

      check_date_member (c, doc, "dateCreation");
      if (mode != NULL)
        g_hash_table_add (c->preselections, g_strdup (mode));
    }
  else if (strcmp (type, "candidature") == 0)
    check_date_member (c, doc, "date");
  else if (strcmp (type, "action") == 0)
    check_date_member (c, doc, "date_creation");
  else if (strcmp (type, "action_prospection") == 0)
    check_date_member (c, doc, "date_prevue");

  return TRUE;
}

static char *
run_checksum (RelaisReferential *referential, guint64 seed, guint n_de)
{
  RelaisDemoOptions options;
  Collect c;
  g_autoptr (GError) error = NULL;
  char *sum;

  relais_demo_options_init (&options);
  options.seed = seed;
  options.n_de = n_de;
  options.referential = referential;
  collect_init (&c, referential, FALSE);
  g_assert_true (relais_demo_generate (&options, collect_cb, &c, &error));
  g_assert_no_error (error);
  sum = g_strdup (g_checksum_get_string (c.checksum));
  collect_clear (&c);
  return sum;
}

static void
test_demo_deterministic (void)
{
  g_autoptr (RelaisReferential) referential = relais_referential_new_builtin ();
  g_autofree char *a = run_checksum (referential, 42, 2000);
  g_autofree char *b = run_checksum (referential, 42, 2000);
  g_autofree char *other = run_checksum (referential, 43, 2000);
  /* NULL referential means the built-in sample: the same bytes. */
  g_autofree char *builtin = run_checksum (NULL, 42, 2000);

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, other);
  g_assert_cmpstr (a, ==, builtin);
}

static void
check_agency (RelaisReferential *referential, guint n_de, guint64 seed)
{
  RelaisDemoOptions options;
  Collect c;
  g_autoptr (GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n_renforce = 0;

  relais_demo_options_init (&options);
  options.seed = seed;
  options.n_de = n_de;
  options.referential = referential;
  collect_init (&c, referential, TRUE);
  g_assert_true (relais_demo_generate (&options, collect_cb, &c, &error));
  g_assert_no_error (error);

  g_test_message ("%u docs: %u de, %u conseiller, %u portefeuille, %u entretien, %u action, "
                  "%u contact, %u entreprise, %u offre, %u candidature, %u action_prospection",
                  c.n_docs, count_of (&c, "de"), count_of (&c, "conseiller"),
                  count_of (&c, "portefeuille"), count_of (&c, "entretien"),
                  count_of (&c, "action"), count_of (&c, "contact"), count_of (&c, "entreprise"),
                  count_of (&c, "offre"), count_of (&c, "candidature"),
                  count_of (&c, "action_prospection"));

  g_assert_cmpuint (c.n_invalid, ==, 0);
  g_assert_cmpuint (count_of (&c, "agence"), ==, 1);
  g_assert_cmpuint (count_of (&c, "diagnostic"), ==, 1);
  g_assert_cmpuint (count_of (&c, "de"), ==, n_de);
  g_assert_cmpuint (count_of (&c, "entretien"), >=, n_de); /* one EID each, at least */
  g_assert_cmpuint (count_of (&c, "action"), >=, n_de);
  g_assert_cmpuint (count_of (&c, "offre"), >=, n_de / 10);
  g_assert_cmpuint (count_of (&c, "candidature"), >, 0);
  g_assert_cmpuint (count_of (&c, "entreprise"), >=, n_de / 25);
  g_assert_cmpuint (count_of (&c, "conseiller"), >, count_of (&c, "portefeuille"));
  g_assert_cmpuint (c.n_escalades, >, 0);
  g_assert_cmpuint (c.n_ajustements, >, 0);
  g_assert_cmpuint (c.n_without_referent, >, 0);
  g_assert_true (g_hash_table_contains (c.preselections, "verification"));
  g_assert_true (g_hash_table_contains (c.preselections, "valorisation"));
  g_assert_true (g_hash_table_contains (c.preselections, "evaluation"));

  g_hash_table_iter_init (&iter, c.portefeuille_load);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *modalite = g_hash_table_lookup (c.portefeuille_mod, key);

      g_assert_nonnull (modalite);
      if (strcmp (modalite, "renforce") == 0)
        {
          g_assert_cmpuint (GPOINTER_TO_UINT (value), <=, 70);
          n_renforce++;
        }
    }
  g_assert_cmpuint (n_renforce, >, 0);

  collect_clear (&c);
}

static void
test_demo_builtin (void)
{
  g_autoptr (RelaisReferential) referential = relais_referential_new_builtin ();

  check_agency (referential, RELAIS_DEMO_DEFAULT_DE, 7);
}

static void
test_demo_real_referential (void)
{
  const char *dir = g_getenv ("RELAIS_REFERENTIAL_DIR");
  g_autoptr (RelaisReferential) referential = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (dir == NULL)
    {
      g_test_skip ("RELAIS_REFERENTIAL_DIR is not set: no real referential to generate from");
      return;
    }

  /* Set but unreadable is a failure, not a skip. */
  referential = relais_referential_load (dir, &error);
  g_assert_no_error (error);
  g_assert_false (relais_referential_is_builtin (referential));

  check_agency (referential, 3000, 11);
  a = run_checksum (referential, 5, 500);
  b = run_checksum (referential, 5, 500);
  g_assert_cmpstr (a, ==, b);
}

static void
test_demo_small_and_agence_code (void)
{
  g_autoptr (RelaisReferential) referential = relais_referential_new_builtin ();
  RelaisDemoOptions options;
  Collect c;
  g_autoptr (GError) error = NULL;

  /* One DE is enough for a whole (tiny) agency. */
  relais_demo_options_init (&options);
  options.n_de = 1;
  collect_init (&c, referential, TRUE);
  g_assert_true (relais_demo_generate (&options, collect_cb, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (c.n_invalid, ==, 0);
  g_assert_cmpuint (count_of (&c, "de"), ==, 1);
  collect_clear (&c);

  /* An agency commune code picks its bassin. */
  options.n_de = 50;
  options.agence_code = "35047";
  collect_init (&c, referential, TRUE);
  g_assert_true (relais_demo_generate (&options, collect_cb, &c, &error));
  g_assert_cmpuint (c.n_invalid, ==, 0);
  collect_clear (&c);
}

static void
test_demo_bad_options (void)
{
  RelaisDemoOptions options;
  g_autoptr (GError) error = NULL;
  Collect c;

  relais_demo_options_init (&options);
  options.n_de = 0;
  collect_init (&c, NULL, FALSE);
  g_assert_false (relais_demo_generate (&options, collect_cb, &c, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  options.n_de = RELAIS_DEMO_MAX_DE + 1;
  g_assert_false (relais_demo_generate (&options, collect_cb, &c, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (c.n_docs, ==, 0);
  collect_clear (&c);
}

static gboolean
refuse_third_cb (JsonObject *doc, gpointer user_data, GError **error)
{
  guint *n = user_data;

  if (++*n == 3)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "enough");
      return FALSE;
    }
  return TRUE;
}

static void
test_demo_emit_stops (void)
{
  RelaisDemoOptions options;
  g_autoptr (GError) error = NULL;
  guint n = 0;

  relais_demo_options_init (&options);
  options.n_de = 100;
  g_assert_false (relais_demo_generate (&options, refuse_third_cb, &n, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (n, ==, 3);
}

static gboolean
count_cb (JsonObject *doc, gpointer user_data, GError **error)
{
  (*(guint *) user_data)++;
  return TRUE;
}

/* Benchmarks generate 20,000-DE agencies: this must stay well under a
 * second. Printed, and only failed when grossly off (sanitizer builds). */
static void
test_demo_speed (void)
{
  g_autoptr (RelaisReferential) referential = relais_referential_new_builtin ();
  RelaisDemoOptions options;
  guint n = 0;
  gint64 start;
  double seconds;

  relais_demo_options_init (&options);
  options.n_de = 20000;
  options.referential = referential;
  start = g_get_monotonic_time ();
  g_assert_true (relais_demo_generate (&options, count_cb, &n, NULL));
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("20,000 DE: %u documents in %.3f s", n, seconds);
  g_assert_cmpfloat (seconds, <, 10.0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/deterministic", test_demo_deterministic);
  g_test_add_func ("/demo/builtin", test_demo_builtin);
  g_test_add_func ("/demo/real-referential", test_demo_real_referential);
  g_test_add_func ("/demo/small-and-agence-code", test_demo_small_and_agence_code);
  g_test_add_func ("/demo/bad-options", test_demo_bad_options);
  g_test_add_func ("/demo/emit-stops", test_demo_emit_stops);
  g_test_add_func ("/demo/speed", test_demo_speed);

  return g_test_run ();
}

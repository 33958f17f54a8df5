/* test-referential.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#define G_LOG_DOMAIN "test-referential"

#include "config.h"

#include <glib/gstdio.h>

#include "relais-csv.h"
#include "relais-referential.h"

/* ---- CSV reader -------------------------------------------------------- */

static GPtrArray *
parse_ok (const char *text, char delimiter)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *rows = relais_csv_parse (text, -1, delimiter, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static const char *
cell (GPtrArray *rows, guint row, guint column)
{
  char **fields;

  g_assert_cmpuint (row, <, rows->len);
  fields = g_ptr_array_index (rows, row);
  g_assert_cmpuint (column, <, g_strv_length (fields));
  return fields[column];
}

static guint
width (GPtrArray *rows, guint row)
{
  g_assert_cmpuint (row, <, rows->len);
  return g_strv_length (g_ptr_array_index (rows, row));
}

static void
test_csv_basic (void)
{
  g_autoptr (GPtrArray) rows = parse_ok ("a,b,c\n1,2,3\n", ',');

  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpuint (width (rows, 0), ==, 3);
  g_assert_cmpstr (cell (rows, 0, 0), ==, "a");
  g_assert_cmpstr (cell (rows, 1, 2), ==, "3");
}

static void
test_csv_quotes (void)
{
  /* Embedded delimiter, doubled quote, embedded newline, empty quoted. */
  g_autoptr (GPtrArray) rows =
      parse_ok ("\"Bûcherons, sylviculteurs\",\"dit \"\"Jo\"\"\",\"a\nb\",\"\"\nx,y,z,w", ',');

  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpuint (width (rows, 0), ==, 4);
  g_assert_cmpstr (cell (rows, 0, 0), ==, "Bûcherons, sylviculteurs");
  g_assert_cmpstr (cell (rows, 0, 1), ==, "dit \"Jo\"");
  g_assert_cmpstr (cell (rows, 0, 2), ==, "a\nb");
  g_assert_cmpstr (cell (rows, 0, 3), ==, "");
  g_assert_cmpstr (cell (rows, 1, 3), ==, "w");
}

static void
test_csv_delimiters (void)
{
  g_autoptr (GPtrArray) semi =
      parse_ok ("A; ; ;\"Agriculture; Espaces verts\"; \nK;22;04;Nettoyage;11111\n", ';');
  g_autoptr (GPtrArray) pipe = parse_ok ("rome_id|rome_label\nK2204|Nettoyage, locaux\n", '|');

  g_assert_cmpuint (width (semi, 0), ==, 5);
  g_assert_cmpstr (cell (semi, 0, 3), ==, "Agriculture; Espaces verts");
  g_assert_cmpstr (cell (semi, 0, 4), ==, " ");
  g_assert_cmpstr (cell (semi, 1, 4), ==, "11111");
  g_assert_cmpuint (width (pipe, 1), ==, 2);
  g_assert_cmpstr (cell (pipe, 1, 1), ==, "Nettoyage, locaux");
}

static void
test_csv_crlf_bom (void)
{
  g_autoptr (GPtrArray) rows = parse_ok ("\xEF\xBB\xBF"
                                         "code,nom\r\n35238,Rennes\r\n\"2A004\",\"Ajaccio\"\r\n",
                                         ',');

  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (cell (rows, 0, 0), ==, "code");
  g_assert_cmpstr (cell (rows, 1, 1), ==, "Rennes");
  g_assert_cmpstr (cell (rows, 2, 0), ==, "2A004");
  g_assert_cmpstr (cell (rows, 2, 1), ==, "Ajaccio");
}

static void
test_csv_empty_fields (void)
{
  g_autoptr (GPtrArray) rows = parse_ok ("a,,c\n,,\n\n\nlast,", ',');
  g_autoptr (GPtrArray) none = parse_ok ("", ',');

  /* Blank lines are skipped, empty fields are kept, a missing final
   * newline is fine. */
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_cmpstr (cell (rows, 0, 1), ==, "");
  g_assert_cmpuint (width (rows, 1), ==, 3);
  g_assert_cmpuint (width (rows, 2), ==, 2);
  g_assert_cmpstr (cell (rows, 2, 0), ==, "last");
  g_assert_cmpstr (cell (rows, 2, 1), ==, "");
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_csv_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) unterminated = relais_csv_parse ("a,b\n1,\"open\n2,3\n", -1, ',', &error);
  g_autoptr (GPtrArray) garbage = NULL;

  g_assert_null (unterminated);
  g_assert_error (error, RELAIS_CSV_ERROR, RELAIS_CSV_ERROR_UNTERMINATED_QUOTE);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);

  garbage = relais_csv_parse ("\"ab\"c,d\n", -1, ',', &error);
  g_assert_null (garbage);
  g_assert_error (error, RELAIS_CSV_ERROR, RELAIS_CSV_ERROR_BAD_QUOTE);
}

static void
test_csv_line_numbers (void)
{
  g_autofree char *text = g_strdup ("h1,h2\r\n\"multi\nline\",x\r\n\r\nlast,y\n");
  g_autoptr (RelaisCsvReader) reader = relais_csv_reader_new (text, strlen (text), ',');
  g_autoptr (GError) error = NULL;
  guint n = 0;
  char **fields;

  fields = relais_csv_reader_next (reader, &n, &error);
  g_assert_nonnull (fields);
  g_assert_cmpuint (relais_csv_reader_get_line (reader), ==, 1);
  fields = relais_csv_reader_next (reader, &n, &error);
  g_assert_nonnull (fields);
  g_assert_cmpuint (n, ==, 2);
  g_assert_null (fields[2]);
  g_assert_cmpuint (relais_csv_reader_get_line (reader), ==, 2);
  fields = relais_csv_reader_next (reader, &n, &error);
  g_assert_nonnull (fields);
  g_assert_cmpstr (fields[0], ==, "last");
  g_assert_cmpuint (relais_csv_reader_get_line (reader), ==, 5);
  g_assert_null (relais_csv_reader_next (reader, &n, &error));
  g_assert_no_error (error);
}

/* ---- a tiny referential in a temp dir ---------------------------------- */

typedef struct
{
  const char *name;
  const char *contents;
} Fixture;

static const Fixture fixture[] = {
  { "rome_fiches.csv", "rome_id|rome_label\nK2204|Nettoyage de locaux\n" },
  { "rome_arborescence.csv", "Rome1;Rome2;Rome3;Intitule;OGR\n"
                             "K; ; ;\"Services à la personne; et à la collectivité\"; \n"
                             "K;22; ;Nettoyage et propreté industriels; \n"
                             "K;22;04;Nettoyage de locaux; \n"
                             "K;22;04;Agent / Agente de propreté;11111\n" },
  { "rome_appellations.csv", "ogr_id|ogr_label\n11111|Agent / Agente de propreté\n" },
  { "metiers_tension.csv", "fap_code,fap,tension_pct,rome_code,rome_label\n"
                           "T4Z60,\"Agents d'entretien, de locaux\",43.4,K2204,NETTOYAGE\n"
                           "T4Z61,Autres,60.5,K2204,NETTOYAGE\n" },
  { "naf_sections.csv", "code,label\nI,\"Hébergement et restauration\"\n" },
  { "naf_sous_classes.csv", "naf_id|naf_label\n5610A|Restauration traditionnelle\n" },
  { "communes.csv", "\xEF\xBB\xBF"
                    "code_insee,nom,departement,region,codes_postaux,population\r\n"
                    "35238,Rennes,35,53,35000 35200 35700,230890\r\n"
                    "98411,Îles Saint-Paul,984,984,,\r\n" },
  { "bassins_emploi_communes.csv", "code_insee,code_bassin_emploi\n35238,5314\n35999,5314\n" },
};

static char *
make_fixture (const char *override_name, const char *override_contents)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("relais-ref-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (fixture); i++)
    {
      g_autofree char *path = g_build_filename (dir, fixture[i].name, NULL);
      const char *contents = fixture[i].contents;

      if (g_strcmp0 (override_name, fixture[i].name) == 0)
        contents = override_contents;
      if (contents == NULL)
        continue;
      g_file_set_contents (path, contents, -1, &error);
      g_assert_no_error (error);
    }
  return dir;
}

static void
remove_fixture (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_fixture_load (void)
{
  g_autofree char *dir = make_fixture (NULL, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisReferential) ref = relais_referential_load (dir, &error);
  g_autoptr (GPtrArray) apps = NULL;
  g_autoptr (GPtrArray) bassin = NULL;
  const RelaisRomeFiche *fiche;
  const RelaisCommune *commune;

  g_assert_no_error (error);
  g_assert_nonnull (ref);
  g_assert_false (relais_referential_is_builtin (ref));
  g_assert_null (relais_referential_get_fallback_reason (ref));

  fiche = relais_referential_lookup_fiche (ref, "K2204");
  g_assert_nonnull (fiche);
  g_assert_cmpstr (fiche->domain, ==, "K22");
  g_assert_cmpstr (fiche->domain_label, ==, "Nettoyage et propreté industriels");
  g_assert_cmpint (fiche->grand_domain, ==, 'K');
  /* Two FAP rows for one ROME code: the highest tension wins. */
  g_assert_cmpfloat_with_epsilon (fiche->tension_pct, 60.5, 1e-9);
  g_assert_cmpstr (relais_referential_get_grand_domain_label (ref, 'K'), ==,
                   "Services à la personne; et à la collectivité");

  apps = relais_referential_appellations_of (ref, "K2204");
  g_assert_cmpuint (apps->len, ==, 1);

  commune = relais_referential_lookup_commune (ref, "35238");
  g_assert_nonnull (commune);
  g_assert_cmpstr (commune->code_postal, ==, "35000");
  g_assert_cmpstr (commune->bassin, ==, "5314");
  g_assert_cmpuint (commune->population, ==, 230890);
  commune = relais_referential_lookup_commune (ref, "98411");
  g_assert_nonnull (commune);
  g_assert_cmpstr (commune->code_postal, ==, "");
  g_assert_null (commune->bassin);
  g_assert_cmpuint (commune->population, ==, 0);

  /* 35999 is only in the bassin file (a former commune): skipped. */
  bassin = relais_referential_communes_of_bassin (ref, "5314");
  g_assert_cmpuint (bassin->len, ==, 1);

  /* No departements.csv: names are optional. */
  g_assert_null (relais_referential_get_departement_name (ref, "35"));

  remove_fixture (dir);
}

static void
assert_load_fails (const char *file,
                   const char *contents,
                   RelaisReferentialError code,
                   const char *message_part)
{
  g_autofree char *dir = make_fixture (file, contents);
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisReferential) ref = relais_referential_load (dir, &error);

  g_assert_null (ref);
  g_assert_error (error, RELAIS_REFERENTIAL_ERROR, (gint) code);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, message_part);
  remove_fixture (dir);
}

static void
test_fixture_missing (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisReferential) ref = NULL;
  g_autofree char *nowhere = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (fixture); i++)
    assert_load_fails (fixture[i].name, NULL, RELAIS_REFERENTIAL_ERROR_MISSING_FILE,
                       fixture[i].name);

  nowhere = g_build_filename (g_get_tmp_dir (), "relais-no-such-referential", NULL);
  ref = relais_referential_load (nowhere, &error);
  g_assert_null (ref);
  g_assert_error (error, RELAIS_REFERENTIAL_ERROR, RELAIS_REFERENTIAL_ERROR_MISSING_FILE);
}

static void
test_fixture_malformed (void)
{
  /* Wrong column count, with the physical line (CRLF file, BOM). */
  assert_load_fails ("communes.csv",
                     "\xEF\xBB\xBF"
                     "code_insee,nom,departement,region,codes_postaux,population\r\n"
                     "35238,Rennes,35,53,35000,230890\r\n"
                     "35047,Bruz,35,53,35170\r\n",
                     RELAIS_REFERENTIAL_ERROR_MALFORMED, "communes.csv:3:");
  /* A quoted field spanning lines counts them. */
  assert_load_fails ("metiers_tension.csv",
                     "fap_code,fap,tension_pct,rome_code,rome_label\n"
                     "T4Z60,\"two\nlines\",43.4,K2204,NETTOYAGE\n"
                     "T4Z61,Autres,lots,K2204,NETTOYAGE\n",
                     RELAIS_REFERENTIAL_ERROR_MALFORMED, "metiers_tension.csv:4:");
  assert_load_fails ("metiers_tension.csv",
                     "fap_code,fap,tension_pct,rome_code,rome_label\n"
                     "T4Z60,\"unterminated,43.4,K2204,NETTOYAGE\n",
                     RELAIS_REFERENTIAL_ERROR_MALFORMED, "metiers_tension.csv:2:");
  assert_load_fails ("naf_sous_classes.csv", "naf_id|naf_label\n5610A|Restauration\n56X0B|Bad\n",
                     RELAIS_REFERENTIAL_ERROR_MALFORMED, "naf_sous_classes.csv:3:");
  /* A sub-class whose section the sections file lacks. */
  assert_load_fails ("naf_sous_classes.csv", "naf_id|naf_label\n0111Z|Culture\n",
                     RELAIS_REFERENTIAL_ERROR_MALFORMED, "naf_sous_classes.csv:2:");
  assert_load_fails ("rome_fiches.csv", "rome_id|rome_label\nK2204|Nettoyage\nZ9999|Nope\n",
                     RELAIS_REFERENTIAL_ERROR_MALFORMED, "rome_fiches.csv:3:");
  assert_load_fails ("rome_fiches.csv", "rome_label|rome_id\nK2204|Nettoyage\n",
                     RELAIS_REFERENTIAL_ERROR_MALFORMED, "rome_fiches.csv:1:");
  assert_load_fails ("communes.csv", "", RELAIS_REFERENTIAL_ERROR_MALFORMED, "communes.csv:1:");
  assert_load_fails ("naf_sous_classes.csv", "naf_id|naf_label\n5610A|Restauration\n5610A|Bis\n",
                     RELAIS_REFERENTIAL_ERROR_MALFORMED, "5610A appears twice");
  /* The tree places an appellation under a fiche rome_fiches.csv lacks. */
  assert_load_fails ("rome_arborescence.csv",
                     "Rome1;Rome2;Rome3;Intitule;OGR\nK;22;05;Autre;22222\n",
                     RELAIS_REFERENTIAL_ERROR_MALFORMED, "rome_arborescence.csv:2:");
  /* The flat list names an appellation the tree does not place. */
  assert_load_fails ("rome_appellations.csv", "ogr_id|ogr_label\n11111|A\n99999|B\n",
                     RELAIS_REFERENTIAL_ERROR_MALFORMED, "rome_appellations.csv:3:");
}

/* ---- the real referential ---------------------------------------------- */

/* NULL (and the test skipped) when no folder is configured; a configured
 * folder that does not load fails the test. */
static RelaisReferential *
load_real (void)
{
  const char *dir = g_getenv ("RELAIS_REFERENTIAL_DIR");
  g_autoptr (GError) error = NULL;
  RelaisReferential *ref;
  gint64 start;

  if (dir == NULL || dir[0] == '\0')
    {
      g_test_skip ("RELAIS_REFERENTIAL_DIR is not set: no open-data folder to test against");
      return NULL;
    }

  start = g_get_monotonic_time ();
  ref = relais_referential_load (dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ref);
  g_test_message ("loaded %s in %.1f ms", dir, (double) (g_get_monotonic_time () - start) / 1000.0);
  return ref;
}

static void
test_real_counts (void)
{
  g_autoptr (RelaisReferential) ref = load_real ();
  guint with_tension = 0;

  if (ref == NULL)
    return;

  g_assert_cmpuint (relais_referential_get_n_fiches (ref), ==, 532);
  g_assert_cmpuint (relais_referential_get_n_appellations (ref), ==, 11118);
  g_assert_cmpuint (relais_referential_get_n_communes (ref), ==, 34969);
  g_assert_cmpuint (relais_referential_get_n_naf (ref), ==, 732);

  for (guint i = 0; i < relais_referential_get_n_fiches (ref); i++)
    {
      const RelaisRomeFiche *fiche = relais_referential_get_fiche (ref, i);

      g_assert_nonnull (fiche->domain_label);
      g_assert_nonnull (relais_referential_get_grand_domain_label (ref, fiche->grand_domain));
      if (fiche->tension_pct >= 0)
        with_tension++;
    }
  /* 701 FAP rows name 495 distinct ROME codes. */
  g_assert_cmpuint (with_tension, ==, 495);

  for (guint i = 0; i < relais_referential_get_n_naf (ref); i++)
    {
      const RelaisNaf *naf = relais_referential_get_naf (ref, i);

      g_assert_nonnull (relais_referential_get_naf_section_label (ref, naf->section));
    }
}

static void
test_real_lookups (void)
{
  g_autoptr (RelaisReferential) ref = load_real ();
  g_autoptr (GPtrArray) apps = NULL;
  g_autoptr (GPtrArray) bassin = NULL;
  const RelaisRomeFiche *fiche;
  const RelaisCommune *commune;
  const RelaisNaf *naf;
  const RelaisRomeAppellation *app;
  gboolean has_rennes = FALSE;

  if (ref == NULL)
    return;

  fiche = relais_referential_lookup_fiche (ref, "K2204");
  g_assert_nonnull (fiche);
  g_assert_cmpstr (fiche->label, ==, "Nettoyage de locaux");
  g_assert_cmpstr (fiche->domain, ==, "K22");
  g_assert_cmpint (fiche->grand_domain, ==, 'K');
  g_assert_cmpfloat_with_epsilon (fiche->tension_pct, 43.4, 1e-9);
  g_assert_true (relais_referential_lookup_fiche (ref, "k2204") == fiche);
  g_assert_null (relais_referential_lookup_fiche (ref, "Z9999"));
  g_assert_cmpstr (relais_referential_get_grand_domain_label (ref, 'K'), ==,
                   "Services à la personne et à la collectivité");
  g_assert_cmpstr (relais_referential_get_domain_label (ref, "A11"), ==,
                   "Engins agricoles et forestiers");
  /* A1204 has three FAP rows (60.3, 54.0, 68.2): the maximum is kept. */
  g_assert_cmpfloat_with_epsilon (relais_referential_lookup_fiche (ref, "A1204")->tension_pct, 68.2,
                                  1e-9);

  apps = relais_referential_appellations_of (ref, "K2204");
  g_assert_cmpuint (apps->len, >, 0);
  for (guint i = 0; i < apps->len; i++)
    {
      const RelaisRomeAppellation *a = g_ptr_array_index (apps, i);
      g_assert_cmpstr (a->rome_code, ==, "K2204");
    }
  app = relais_referential_lookup_appellation (ref, "11987");
  g_assert_nonnull (app);
  g_assert_cmpstr (app->rome_code, ==, "A1101");
  g_assert_cmpstr (app->label, ==, "Chauffeur / Chauffeuse de machines agricoles");

  commune = relais_referential_lookup_commune (ref, "35238");
  g_assert_nonnull (commune);
  g_assert_cmpstr (commune->nom, ==, "Rennes");
  g_assert_cmpstr (commune->departement, ==, "35");
  g_assert_cmpstr (commune->region, ==, "53");
  g_assert_cmpstr (commune->bassin, ==, "5314");
  g_assert_cmpuint (commune->population, >, 200000);
  g_assert_cmpstr (relais_referential_get_departement_name (ref, "35"), ==, "Ille-et-Vilaine");
  g_assert_cmpstr (relais_referential_get_region_name (ref, "53"), ==, "Bretagne");
  commune = relais_referential_lookup_commune (ref, "2a004");
  g_assert_nonnull (commune);
  g_assert_cmpstr (commune->nom, ==, "Ajaccio");
  g_assert_cmpstr (commune->code_postal, ==, "20000");

  bassin = relais_referential_communes_of_bassin (ref, "5314");
  g_assert_cmpuint (bassin->len, ==, 155);
  for (guint i = 0; i < bassin->len; i++)
    {
      const RelaisCommune *c = g_ptr_array_index (bassin, i);

      g_assert_cmpstr (c->bassin, ==, "5314");
      has_rennes |= g_str_equal (c->code_insee, "35238");
    }
  g_assert_true (has_rennes);

  naf = relais_referential_lookup_naf (ref, "5610A");
  g_assert_nonnull (naf);
  g_assert_cmpint (naf->section, ==, 'I');
  g_assert_cmpstr (naf->label, ==, "Restauration traditionnelle");
  g_assert_true (relais_referential_lookup_naf (ref, "56.10a") == naf);
  g_assert_cmpstr (relais_referential_get_naf_section_label (ref, 'I'), ==,
                   "Hébergement et restauration");
}

static void
test_real_timing (void)
{
  const char *dir = g_getenv ("RELAIS_REFERENTIAL_DIR");
  double best = G_MAXDOUBLE;

  if (dir == NULL || dir[0] == '\0')
    {
      g_test_skip ("RELAIS_REFERENTIAL_DIR is not set");
      return;
    }

  for (guint i = 0; i < 5; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (RelaisReferential) ref = NULL;
      gint64 start = g_get_monotonic_time ();

      ref = relais_referential_load (dir, &error);
      g_assert_no_error (error);
      best = MIN (best, (double) (g_get_monotonic_time () - start) / 1000.0);
    }
  g_test_message ("best of 5 loads: %.1f ms", best);
  /* Only binding with -m perf: sanitizer and valgrind runs are slower. */
  if (g_test_perf ())
    g_assert_cmpfloat (best, <, 300.0);
}

/* ---- the sample and the fallback --------------------------------------- */

static void
test_builtin (void)
{
  g_autoptr (RelaisReferential) ref = relais_referential_new_builtin ();
  g_autoptr (GPtrArray) bassin = NULL;
  const RelaisRomeFiche *fiche;
  const RelaisCommune *first;
  const RelaisNaf *naf;
  guint n_communes;

  g_assert_true (relais_referential_is_builtin (ref));
  g_assert_cmpstr (relais_referential_get_source (ref), ==, "built-in sample");
  g_assert_cmpuint (relais_referential_get_n_fiches (ref), >=, 30);
  g_assert_cmpuint (relais_referential_get_n_naf (ref), >=, 30);

  for (guint i = 0; i < relais_referential_get_n_fiches (ref); i++)
    {
      g_autoptr (GPtrArray) apps = NULL;

      fiche = relais_referential_get_fiche (ref, i);
      g_assert_nonnull (fiche->domain_label);
      g_assert_nonnull (relais_referential_get_grand_domain_label (ref, fiche->grand_domain));
      apps = relais_referential_appellations_of (ref, fiche->code);
      g_assert_cmpuint (apps->len, >, 0);
    }
  for (guint i = 0; i < relais_referential_get_n_appellations (ref); i++)
    g_assert_nonnull (relais_referential_lookup_fiche (
        ref, relais_referential_get_appellation (ref, i)->rome_code));

  fiche = relais_referential_lookup_fiche (ref, "K2204");
  g_assert_nonnull (fiche);
  g_assert_cmpstr (fiche->label, ==, "Nettoyage de locaux");
  g_assert_cmpstr (fiche->domain_label, ==, "Nettoyage et propreté industriels");
  g_assert_cmpfloat (fiche->tension_pct, >=, 0);

  naf = relais_referential_lookup_naf (ref, "5610A");
  g_assert_nonnull (naf);
  g_assert_cmpint (naf->section, ==, 'I');
  for (guint i = 0; i < relais_referential_get_n_naf (ref); i++)
    g_assert_nonnull (relais_referential_get_naf_section_label (
        ref, relais_referential_get_naf (ref, i)->section));

  n_communes = relais_referential_get_n_communes (ref);
  g_assert_cmpuint (n_communes, >=, 20);
  first = relais_referential_get_commune (ref, 0);
  g_assert_nonnull (first->bassin);
  for (guint i = 0; i < n_communes; i++)
    g_assert_cmpstr (relais_referential_get_commune (ref, i)->bassin, ==, first->bassin);
  bassin = relais_referential_communes_of_bassin (ref, first->bassin);
  g_assert_cmpuint (bassin->len, ==, n_communes);
  g_assert_cmpstr (relais_referential_lookup_commune (ref, "35238")->nom, ==, "Rennes");
  g_assert_cmpstr (relais_referential_get_departement_name (ref, "35"), ==, "Ille-et-Vilaine");
}

static void
test_fallback (void)
{
  g_autofree char *nowhere = g_build_filename (g_get_tmp_dir (), "relais-no-such-dir", NULL);
  g_autoptr (RelaisReferential) from_null = relais_referential_load_or_builtin (NULL);
  g_autoptr (RelaisReferential) from_missing = relais_referential_load_or_builtin (nowhere);
  g_autofree char *dir = make_fixture (NULL, NULL);
  g_autoptr (RelaisReferential) from_fixture = relais_referential_load_or_builtin (dir);

  g_assert_true (relais_referential_is_builtin (from_null));
  g_assert_true (relais_referential_is_builtin (from_missing));
  g_assert_cmpstr (relais_referential_get_source (from_missing), ==, "built-in sample");
  g_assert_nonnull (relais_referential_get_fallback_reason (from_missing));
  g_assert_false (relais_referential_is_builtin (from_fixture));
  g_assert_cmpuint (relais_referential_get_n_fiches (from_fixture), ==, 1);
  remove_fixture (dir);
}

static void
test_default_dir (void)
{
  g_autofree char *saved_env = g_strdup (g_getenv ("RELAIS_REFERENTIAL_DIR"));
  g_autofree char *saved_cwd = g_get_current_dir ();
  g_autofree char *tmp = g_dir_make_tmp ("relais-cwd-XXXXXX", NULL);
  g_autofree char *work = g_build_filename (tmp, "work", NULL);
  g_autofree char *shared = g_build_filename (tmp, "shared", "referential", NULL);
  g_autofree char *from_env = NULL;
  g_autofree char *none = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shared_parent = g_path_get_dirname (shared);

  g_assert_nonnull (tmp);
  g_setenv ("RELAIS_REFERENTIAL_DIR", "/explicit/even/if/missing", TRUE);
  from_env = relais_referential_default_dir ();
  g_assert_cmpstr (from_env, ==, "/explicit/even/if/missing");

  g_unsetenv ("RELAIS_REFERENTIAL_DIR");
  g_assert_cmpint (g_mkdir_with_parents (work, 0700), ==, 0);
  g_assert_cmpint (g_chdir (work), ==, 0);
  none = relais_referential_default_dir ();
  g_assert_null (none);

  g_assert_cmpint (g_mkdir_with_parents (shared, 0700), ==, 0);
  relative = relais_referential_default_dir ();
  expected = g_canonicalize_filename (shared, NULL);
  g_assert_cmpstr (relative, ==, expected);

  g_assert_cmpint (g_chdir (saved_cwd), ==, 0);
  if (saved_env != NULL)
    g_setenv ("RELAIS_REFERENTIAL_DIR", saved_env, TRUE);
  g_rmdir (shared);
  g_rmdir (shared_parent);
  g_rmdir (work);
  g_rmdir (tmp);
}

static void
test_naf_sections (void)
{
  static const struct
  {
    const char *code;
    char section;
  } cases[] = {
    { "0111Z", 'A' }, { "0322Z", 'A' }, { "0510Z", 'B' },  { "1013A", 'C' },  { "3320D", 'C' },
    { "3511Z", 'D' }, { "3600Z", 'E' }, { "4120A", 'F' },  { "4711D", 'G' },  { "4941A", 'H' },
    { "5610A", 'I' }, { "6201Z", 'J' }, { "6920Z", 'M' },  { "6810Z", 'L' },  { "8121Z", 'N' },
    { "8411Z", 'O' }, { "8559A", 'P' }, { "8810A", 'Q' },  { "9001Z", 'R' },  { "9602A", 'S' },
    { "9700Z", 'T' }, { "9900Z", 'U' }, { "0411Z", '\0' }, { "0011Z", '\0' }, { "x", '\0' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (relais_referential_naf_section_of (cases[i].code), ==, cases[i].section);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/basic", test_csv_basic);
  g_test_add_func ("/csv/quotes", test_csv_quotes);
  g_test_add_func ("/csv/delimiters", test_csv_delimiters);
  g_test_add_func ("/csv/crlf-bom", test_csv_crlf_bom);
  g_test_add_func ("/csv/empty-fields", test_csv_empty_fields);
  g_test_add_func ("/csv/errors", test_csv_errors);
  g_test_add_func ("/csv/line-numbers", test_csv_line_numbers);
  g_test_add_func ("/referential/naf-sections", test_naf_sections);
  g_test_add_func ("/referential/fixture/load", test_fixture_load);
  g_test_add_func ("/referential/fixture/missing", test_fixture_missing);
  g_test_add_func ("/referential/fixture/malformed", test_fixture_malformed);
  g_test_add_func ("/referential/real/counts", test_real_counts);
  g_test_add_func ("/referential/real/lookups", test_real_lookups);
  g_test_add_func ("/referential/real/timing", test_real_timing);
  g_test_add_func ("/referential/builtin", test_builtin);
  g_test_add_func ("/referential/fallback", test_fallback);
  g_test_add_func ("/referential/default-dir", test_default_dir);

  return g_test_run ();
}

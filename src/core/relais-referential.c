/* relais-referential.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Loads the open-data referential from its folder. Each file is read once
 * and parsed in place; the records point into the kept file buffers, so the
 * whole referential costs a few megabytes and no allocation per string.
 * Lookups go through hash tables built once every array has its final size
 * (before that, element pointers would move when the arrays grow).
 */

#define G_LOG_DOMAIN "relais-referential"

#include "config.h"

#include <string.h>

#include "relais-csv.h"
#include "relais-referential-private.h"
#include "relais-referential.h"

#define BUILTIN_SOURCE "built-in sample"

struct _RelaisReferential
{
  GObject parent_instance;

  gboolean builtin;
  char *source;
  char *fallback_reason;

  GPtrArray *buffers;    /* file contents the records point into */
  GStringChunk *strings; /* derived strings: domain codes, section keys */

  GArray *fiches;       /* RelaisRomeFiche */
  GArray *appellations; /* RelaisRomeAppellation */
  GArray *communes;     /* RelaisCommune */
  GArray *naf;          /* RelaisNaf */

  GHashTable *fiche_by_code;
  GHashTable *appellation_by_ogr;
  GHashTable *commune_by_insee;
  GHashTable *naf_by_code;
  GHashTable *appellations_by_rome; /* code → GPtrArray of borrowed elements */
  GHashTable *communes_by_bassin;   /* code → GPtrArray of borrowed elements */

  GHashTable *grand_domain_labels; /* "K" → label */
  GHashTable *domain_labels;       /* "K22" → label */
  GHashTable *naf_section_labels;  /* "I" → label */
  GHashTable *departement_names;   /* "35" → name */
  GHashTable *region_names;        /* "53" → name */
};

G_DEFINE_FINAL_TYPE (RelaisReferential, relais_referential, G_TYPE_OBJECT)

G_DEFINE_QUARK (relais - referential - error - quark, relais_referential_error)

static void
relais_referential_finalize (GObject *object)
{
  RelaisReferential *self = RELAIS_REFERENTIAL (object);

  /* Tables first: their keys and values point into the buffers. */
  g_clear_pointer (&self->fiche_by_code, g_hash_table_unref);
  g_clear_pointer (&self->appellation_by_ogr, g_hash_table_unref);
  g_clear_pointer (&self->commune_by_insee, g_hash_table_unref);
  g_clear_pointer (&self->naf_by_code, g_hash_table_unref);
  g_clear_pointer (&self->appellations_by_rome, g_hash_table_unref);
  g_clear_pointer (&self->communes_by_bassin, g_hash_table_unref);
  g_clear_pointer (&self->grand_domain_labels, g_hash_table_unref);
  g_clear_pointer (&self->domain_labels, g_hash_table_unref);
  g_clear_pointer (&self->naf_section_labels, g_hash_table_unref);
  g_clear_pointer (&self->departement_names, g_hash_table_unref);
  g_clear_pointer (&self->region_names, g_hash_table_unref);
  g_clear_pointer (&self->fiches, g_array_unref);
  g_clear_pointer (&self->appellations, g_array_unref);
  g_clear_pointer (&self->communes, g_array_unref);
  g_clear_pointer (&self->naf, g_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);
  g_clear_pointer (&self->buffers, g_ptr_array_unref);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->fallback_reason, g_free);

  G_OBJECT_CLASS (relais_referential_parent_class)->finalize (object);
}

static void
relais_referential_class_init (RelaisReferentialClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relais_referential_finalize;
}

static void
relais_referential_init (RelaisReferential *self)
{
  self->buffers = g_ptr_array_new_with_free_func (g_free);
  self->strings = g_string_chunk_new (1024);
  self->fiches = g_array_new (FALSE, TRUE, sizeof (RelaisRomeFiche));
  self->appellations = g_array_new (FALSE, TRUE, sizeof (RelaisRomeAppellation));
  self->communes = g_array_new (FALSE, TRUE, sizeof (RelaisCommune));
  self->naf = g_array_new (FALSE, TRUE, sizeof (RelaisNaf));

  self->fiche_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->appellation_by_ogr = g_hash_table_new (g_str_hash, g_str_equal);
  self->commune_by_insee = g_hash_table_new (g_str_hash, g_str_equal);
  self->naf_by_code = g_hash_table_new (g_str_hash, g_str_equal);
  self->appellations_by_rome =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->communes_by_bassin =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->grand_domain_labels = g_hash_table_new (g_str_hash, g_str_equal);
  self->domain_labels = g_hash_table_new (g_str_hash, g_str_equal);
  self->naf_section_labels = g_hash_table_new (g_str_hash, g_str_equal);
  self->departement_names = g_hash_table_new (g_str_hash, g_str_equal);
  self->region_names = g_hash_table_new (g_str_hash, g_str_equal);
}

/* ---- code checks ------------------------------------------------------- */

static gboolean
is_digits (const char *s, gsize min_len, gsize max_len)
{
  gsize n = 0;

  for (; s[n] != '\0'; n++)
    if (!g_ascii_isdigit (s[n]))
      return FALSE;

  return n >= min_len && n <= max_len;
}

/* ROME v3 codes: grand domaine letter A–N, then four digits. */
static gboolean
is_rome_code (const char *s)
{
  return s[0] >= 'A' && s[0] <= 'N' && is_digits (s + 1, 4, 4);
}

/* INSEE commune codes: five characters, Corsica has 2A/2B. */
static gboolean
is_insee_code (const char *s)
{
  return strlen (s) == 5 && g_ascii_isdigit (s[0]) &&
         (g_ascii_isdigit (s[1]) || s[1] == 'A' || s[1] == 'B') && is_digits (s + 2, 3, 3);
}

static gboolean
is_naf_code (const char *s)
{
  return strlen (s) == 5 && g_ascii_isdigit (s[0]) && g_ascii_isdigit (s[1]) &&
         g_ascii_isdigit (s[2]) && g_ascii_isdigit (s[3]) && g_ascii_isupper (s[4]);
}

char
relais_referential_naf_section_of (const char *naf_code)
{
  /* NAF rev. 2 sections are ranges of divisions (the first two digits);
   * the sub-class file does not carry its section. */
  static const struct
  {
    guint8 last_division;
    char section;
  } ranges[] = {
    { 3, 'A' },  { 9, 'B' },  { 33, 'C' }, { 35, 'D' }, { 39, 'E' }, { 43, 'F' }, { 47, 'G' },
    { 53, 'H' }, { 56, 'I' }, { 63, 'J' }, { 66, 'K' }, { 68, 'L' }, { 75, 'M' }, { 82, 'N' },
    { 84, 'O' }, { 85, 'P' }, { 88, 'Q' }, { 93, 'R' }, { 96, 'S' }, { 98, 'T' }, { 99, 'U' },
  };
  /* Divisions that no section holds: the gaps between the ranges. */
  static const guint8 unused[] = { 4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89 };
  guint division;

  g_return_val_if_fail (naf_code != NULL, '\0');

  if (!g_ascii_isdigit (naf_code[0]) || !g_ascii_isdigit (naf_code[1]))
    return '\0';

  division = (guint) (naf_code[0] - '0') * 10 + (guint) (naf_code[1] - '0');
  if (division == 0)
    return '\0';
  for (guint i = 0; i < G_N_ELEMENTS (unused); i++)
    if (division == unused[i])
      return '\0';
  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    if (division <= ranges[i].last_division)
      return ranges[i].section;

  return '\0';
}

/* ---- reading files ----------------------------------------------------- */

typedef struct
{
  const char *name; /* file name, for messages */
  RelaisCsvReader *reader;
  guint n_columns;
} CsvFile;

static void
csv_file_clear (CsvFile *file)
{
  g_clear_pointer (&file->reader, relais_csv_reader_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CsvFile, csv_file_clear)

static void malformed (GError **error, CsvFile *file, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
malformed (GError **error, CsvFile *file, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, RELAIS_REFERENTIAL_ERROR, RELAIS_REFERENTIAL_ERROR_MALFORMED, "%s:%u: %s",
               file->name, relais_csv_reader_get_line (file->reader), message);
}

/* Opens @name in @dir, keeps its contents alive in @self and checks the
 * header row, so that a file from another release with reordered or renamed
 * columns is refused rather than read into the wrong fields. */
static gboolean
csv_file_open (RelaisReferential *self,
               CsvFile *file,
               const char *dir,
               const char *name,
               char delimiter,
               const char *const *header,
               GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) local_error = NULL;
  char *contents = NULL;
  gsize length = 0;
  char **fields;
  guint n_fields = 0;

  file->name = name;
  file->n_columns = g_strv_length ((char **) header);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, RELAIS_REFERENTIAL_ERROR, RELAIS_REFERENTIAL_ERROR_MISSING_FILE,
                   "%s: cannot read %s: %s", name, path, local_error->message);
      return FALSE;
    }

  g_ptr_array_add (self->buffers, contents);
  file->reader = relais_csv_reader_new (contents, length, delimiter);

  fields = relais_csv_reader_next (file->reader, &n_fields, &local_error);
  if (fields == NULL)
    {
      if (local_error != NULL)
        malformed (error, file, "%s", local_error->message);
      else
        g_set_error (error, RELAIS_REFERENTIAL_ERROR, RELAIS_REFERENTIAL_ERROR_MALFORMED,
                     "%s:1: empty file", name);
      return FALSE;
    }

  if (n_fields != file->n_columns)
    {
      malformed (error, file, "header has %u columns, expected %u", n_fields, file->n_columns);
      return FALSE;
    }

  for (guint i = 0; i < n_fields; i++)
    if (g_ascii_strcasecmp (g_strstrip (fields[i]), header[i]) != 0)
      {
        malformed (error, file, "column %u is “%s”, expected “%s”", i + 1, fields[i], header[i]);
        return FALSE;
      }

  return TRUE;
}

/* The next data row with its fields trimmed (the ROME tree pads blank
 * fields with a space), or NULL at the end or on error. */
static char **
csv_file_next (CsvFile *file, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  guint n_fields = 0;
  char **fields;

  fields = relais_csv_reader_next (file->reader, &n_fields, &local_error);
  if (fields == NULL)
    {
      if (local_error != NULL)
        malformed (error, file, "%s", local_error->message);
      return NULL;
    }

  if (n_fields != file->n_columns)
    {
      malformed (error, file, "%u fields, expected %u", n_fields, file->n_columns);
      return NULL;
    }

  for (guint i = 0; i < n_fields; i++)
    g_strstrip (fields[i]);

  return fields;
}

/* A loop over csv_file_next() ends on NULL both at the end and on error. */
#define CSV_FILE_FAILED(error) ((error) != NULL && *(error) != NULL)

/* ---- indexes ----------------------------------------------------------- */

/* Indexes the elements of @array by the string at @key_offset. Returns the
 * first duplicate key (a second row with the same code would otherwise
 * silently hide the first), NULL when all keys are unique. */
static const char *
index_array (GArray *array, gsize key_offset, GHashTable *table)
{
  guint element_size = g_array_get_element_size (array);

  for (guint i = 0; i < array->len; i++)
    {
      char *element = array->data + (gsize) i * element_size;
      const char *key = G_STRUCT_MEMBER (const char *, element, key_offset);

      if (!g_hash_table_insert (table, (gpointer) key, element))
        return key;
    }
  return NULL;
}

static const char *
index_fiches (RelaisReferential *self)
{
  return index_array (self->fiches, G_STRUCT_OFFSET (RelaisRomeFiche, code), self->fiche_by_code);
}

static const char *
index_communes (RelaisReferential *self)
{
  return index_array (self->communes, G_STRUCT_OFFSET (RelaisCommune, code_insee),
                      self->commune_by_insee);
}

static const char *
index_naf (RelaisReferential *self)
{
  return index_array (self->naf, G_STRUCT_OFFSET (RelaisNaf, code), self->naf_by_code);
}

static const char *
index_appellations (RelaisReferential *self)
{
  const char *duplicate = index_array (
      self->appellations, G_STRUCT_OFFSET (RelaisRomeAppellation, ogr), self->appellation_by_ogr);

  if (duplicate != NULL)
    return duplicate;

  for (guint i = 0; i < self->appellations->len; i++)
    {
      RelaisRomeAppellation *app = &g_array_index (self->appellations, RelaisRomeAppellation, i);
      GPtrArray *list;

      list = g_hash_table_lookup (self->appellations_by_rome, app->rome_code);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->appellations_by_rome, (gpointer) app->rome_code, list);
        }
      g_ptr_array_add (list, app);
    }
  return NULL;
}

static void
index_bassins (RelaisReferential *self)
{
  for (guint i = 0; i < self->communes->len; i++)
    {
      RelaisCommune *commune = &g_array_index (self->communes, RelaisCommune, i);
      GPtrArray *list;

      if (commune->bassin == NULL)
        continue;

      list = g_hash_table_lookup (self->communes_by_bassin, commune->bassin);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->communes_by_bassin, (gpointer) commune->bassin, list);
        }
      g_ptr_array_add (list, commune);
    }
}

static gboolean
check_unique (const char *duplicate, const char *file_name, GError **error)
{
  if (duplicate == NULL)
    return TRUE;
  g_set_error (error, RELAIS_REFERENTIAL_ERROR, RELAIS_REFERENTIAL_ERROR_MALFORMED,
               "%s: code %s appears twice", file_name, duplicate);
  return FALSE;
}

/* The sample is a static table: a duplicate there is a programming error,
 * reported without making the demo fail. */
static void
check_sample (const char *duplicate)
{
  if (duplicate != NULL)
    g_critical ("Built-in referential sample: code %s appears twice", duplicate);
}

/* Fills each fiche's domain from its code, once the labels are known. */
static void
resolve_domains (RelaisReferential *self)
{
  for (guint i = 0; i < self->fiches->len; i++)
    {
      RelaisRomeFiche *fiche = &g_array_index (self->fiches, RelaisRomeFiche, i);
      char domain[4] = { fiche->code[0], fiche->code[1], fiche->code[2], '\0' };

      fiche->grand_domain = fiche->code[0];
      fiche->domain = g_string_chunk_insert_const (self->strings, domain);
      fiche->domain_label = g_hash_table_lookup (self->domain_labels, domain);
    }
}

/* ---- the files --------------------------------------------------------- */

static gboolean
load_fiches (RelaisReferential *self, const char *dir, GError **error)
{
  static const char *const header[] = { "rome_id", "rome_label", NULL };
  g_auto (CsvFile) file = { 0 };
  char **f;

  if (!csv_file_open (self, &file, dir, "rome_fiches.csv", '|', header, error))
    return FALSE;

  while ((f = csv_file_next (&file, error)) != NULL)
    {
      RelaisRomeFiche fiche = { 0 };

      if (!is_rome_code (f[0]) || f[1][0] == '\0')
        {
          malformed (error, &file, "bad ROME code “%s”", f[0]);
          return FALSE;
        }
      fiche.code = f[0];
      fiche.label = f[1];
      fiche.tension_pct = -1;
      g_array_append_val (self->fiches, fiche);
    }
  if (CSV_FILE_FAILED (error))
    return FALSE;

  return check_unique (index_fiches (self), "rome_fiches.csv", error);
}

/* The ROME tree: a grand domaine row (Rome2 blank), domaine rows (Rome3
 * blank), fiche rows (OGR blank) and appellation rows. The fiches come from
 * rome_fiches.csv; here we take the domain labels and each appellation's
 * fiche, and refuse a tree whose fiches disagree with that file. */
static gboolean
load_tree (RelaisReferential *self, const char *dir, GError **error)
{
  static const char *const header[] = { "Rome1", "Rome2", "Rome3", "Intitule", "OGR", NULL };
  g_auto (CsvFile) file = { 0 };
  char **f;

  if (!csv_file_open (self, &file, dir, "rome_arborescence.csv", ';', header, error))
    return FALSE;

  while ((f = csv_file_next (&file, error)) != NULL)
    {
      const char *letter = f[0], *domain = f[1], *fiche_no = f[2], *label = f[3], *ogr = f[4];
      char code[6];
      RelaisRomeFiche *fiche;

      if (letter[0] < 'A' || letter[0] > 'N' || letter[1] != '\0' || label[0] == '\0')
        {
          malformed (error, &file, "bad grand domaine “%s”", letter);
          return FALSE;
        }

      if (domain[0] == '\0')
        {
          g_hash_table_insert (self->grand_domain_labels, (gpointer) letter, (gpointer) label);
          continue;
        }

      if (!is_digits (domain, 2, 2))
        {
          malformed (error, &file, "bad domaine “%s”", domain);
          return FALSE;
        }

      if (fiche_no[0] == '\0')
        {
          g_snprintf (code, sizeof code, "%c%s", letter[0], domain);
          g_hash_table_insert (self->domain_labels,
                               g_string_chunk_insert_const (self->strings, code), (gpointer) label);
          continue;
        }

      if (!is_digits (fiche_no, 2, 2))
        {
          malformed (error, &file, "bad fiche number “%s”", fiche_no);
          return FALSE;
        }

      g_snprintf (code, sizeof code, "%c%s%s", letter[0], domain, fiche_no);
      fiche = g_hash_table_lookup (self->fiche_by_code, code);
      if (fiche == NULL)
        {
          malformed (error, &file, "fiche %s is not in rome_fiches.csv", code);
          return FALSE;
        }

      if (ogr[0] != '\0')
        {
          RelaisRomeAppellation app = { 0 };

          if (!is_digits (ogr, 1, 8))
            {
              malformed (error, &file, "bad OGR code “%s”", ogr);
              return FALSE;
            }
          app.ogr = ogr;
          app.label = label;
          app.rome_code = fiche->code;
          g_array_append_val (self->appellations, app);
        }
    }
  if (CSV_FILE_FAILED (error))
    return FALSE;

  resolve_domains (self);
  return check_unique (index_appellations (self), "rome_arborescence.csv", error);
}

/* The flat appellation list must match the tree: an appellation the tree
 * does not place under a fiche would be unreachable, which means the two
 * files come from different releases. */
static gboolean
check_appellations (RelaisReferential *self, const char *dir, GError **error)
{
  static const char *const header[] = { "ogr_id", "ogr_label", NULL };
  g_auto (CsvFile) file = { 0 };
  char **f;

  if (!csv_file_open (self, &file, dir, "rome_appellations.csv", '|', header, error))
    return FALSE;

  while ((f = csv_file_next (&file, error)) != NULL)
    {
      if (!is_digits (f[0], 1, 8))
        {
          malformed (error, &file, "bad OGR code “%s”", f[0]);
          return FALSE;
        }
      if (!g_hash_table_contains (self->appellation_by_ogr, f[0]))
        {
          malformed (error, &file, "appellation %s is not in rome_arborescence.csv", f[0]);
          return FALSE;
        }
    }

  return !CSV_FILE_FAILED (error);
}

static gboolean
load_naf_sections (RelaisReferential *self, const char *dir, GError **error)
{
  static const char *const header[] = { "code", "label", NULL };
  g_auto (CsvFile) file = { 0 };
  char **f;

  if (!csv_file_open (self, &file, dir, "naf_sections.csv", ',', header, error))
    return FALSE;

  while ((f = csv_file_next (&file, error)) != NULL)
    {
      if (f[0][0] < 'A' || f[0][0] > 'U' || f[0][1] != '\0')
        {
          malformed (error, &file, "bad NAF section “%s”", f[0]);
          return FALSE;
        }
      g_hash_table_insert (self->naf_section_labels, f[0], f[1]);
    }

  return !CSV_FILE_FAILED (error);
}

static gboolean
load_naf (RelaisReferential *self, const char *dir, GError **error)
{
  static const char *const header[] = { "naf_id", "naf_label", NULL };
  g_auto (CsvFile) file = { 0 };
  char **f;

  if (!csv_file_open (self, &file, dir, "naf_sous_classes.csv", '|', header, error))
    return FALSE;

  while ((f = csv_file_next (&file, error)) != NULL)
    {
      RelaisNaf naf = { 0 };
      char section[2] = { 0 };

      if (!is_naf_code (f[0]))
        {
          malformed (error, &file, "bad NAF code “%s”", f[0]);
          return FALSE;
        }
      section[0] = relais_referential_naf_section_of (f[0]);
      if (section[0] == '\0' || !g_hash_table_contains (self->naf_section_labels, section))
        {
          malformed (error, &file, "NAF code %s has no section", f[0]);
          return FALSE;
        }
      naf.code = f[0];
      naf.label = f[1];
      naf.section = section[0];
      g_array_append_val (self->naf, naf);
    }
  if (CSV_FILE_FAILED (error))
    return FALSE;

  return check_unique (index_naf (self), "naf_sous_classes.csv", error);
}

static gboolean
load_communes (RelaisReferential *self, const char *dir, GError **error)
{
  static const char *const header[] = { "code_insee",    "nom",        "departement", "region",
                                        "codes_postaux", "population", NULL };
  g_auto (CsvFile) file = { 0 };
  char **f;

  if (!csv_file_open (self, &file, dir, "communes.csv", ',', header, error))
    return FALSE;

  while ((f = csv_file_next (&file, error)) != NULL)
    {
      RelaisCommune commune = { 0 };
      guint64 population = 0;
      char *space;

      if (!is_insee_code (f[0]) || f[1][0] == '\0')
        {
          malformed (error, &file, "bad INSEE code “%s”", f[0]);
          return FALSE;
        }
      /* Overseas collectivities have neither postal code nor population. */
      if (f[5][0] != '\0' &&
          !g_ascii_string_to_unsigned (f[5], 10, 0, G_MAXUINT, &population, NULL))
        {
          malformed (error, &file, "bad population “%s”", f[5]);
          return FALSE;
        }
      /* Several postal codes are space-separated; the first one is enough
       * to address a letter, and cutting here saves a copy. */
      space = strchr (f[4], ' ');
      if (space != NULL)
        *space = '\0';

      commune.code_insee = f[0];
      commune.nom = f[1];
      commune.departement = f[2];
      commune.region = f[3];
      commune.code_postal = f[4];
      commune.population = (guint) population;
      g_array_append_val (self->communes, commune);
    }
  if (CSV_FILE_FAILED (error))
    return FALSE;

  return check_unique (index_communes (self), "communes.csv", error);
}

/* The bassin file lists former communes too (merged since): those have no
 * row in communes.csv and are skipped. */
static gboolean
load_bassins (RelaisReferential *self, const char *dir, GError **error)
{
  static const char *const header[] = { "code_insee", "code_bassin_emploi", NULL };
  g_auto (CsvFile) file = { 0 };
  char **f;

  if (!csv_file_open (self, &file, dir, "bassins_emploi_communes.csv", ',', header, error))
    return FALSE;

  while ((f = csv_file_next (&file, error)) != NULL)
    {
      RelaisCommune *commune;

      if (!is_insee_code (f[0]) || !is_digits (f[1], 1, 6))
        {
          malformed (error, &file, "bad row “%s,%s”", f[0], f[1]);
          return FALSE;
        }
      commune = g_hash_table_lookup (self->commune_by_insee, f[0]);
      if (commune != NULL)
        commune->bassin = f[1];
    }
  if (CSV_FILE_FAILED (error))
    return FALSE;

  index_bassins (self);
  return TRUE;
}

/* The study is by FAP family; a ROME code shared by several families keeps
 * the highest tension, the one a counsellor would act on. Codes the ROME
 * release does not know are skipped. */
static gboolean
load_tension (RelaisReferential *self, const char *dir, GError **error)
{
  static const char *const header[] = { "fap_code",  "fap",        "tension_pct",
                                        "rome_code", "rome_label", NULL };
  g_auto (CsvFile) file = { 0 };
  char **f;

  if (!csv_file_open (self, &file, dir, "metiers_tension.csv", ',', header, error))
    return FALSE;

  while ((f = csv_file_next (&file, error)) != NULL)
    {
      RelaisRomeFiche *fiche;
      char *end = NULL;
      double pct;

      pct = g_ascii_strtod (f[2], &end);
      if (f[2][0] == '\0' || end == NULL || *end != '\0' || !(pct >= 0 && pct <= 100))
        {
          malformed (error, &file, "bad tension “%s”", f[2]);
          return FALSE;
        }
      if (!is_rome_code (f[3]))
        {
          malformed (error, &file, "bad ROME code “%s”", f[3]);
          return FALSE;
        }
      fiche = g_hash_table_lookup (self->fiche_by_code, f[3]);
      if (fiche != NULL && pct > fiche->tension_pct)
        fiche->tension_pct = pct;
    }

  return !CSV_FILE_FAILED (error);
}

/* Names for display only: the loader works without them. */
static gboolean
load_names (RelaisReferential *self,
            const char *dir,
            const char *name,
            const char *const *header,
            guint name_column,
            GHashTable *table,
            GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_auto (CsvFile) file = { 0 };
  char **f;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  if (!csv_file_open (self, &file, dir, name, ',', header, error))
    return FALSE;

  while ((f = csv_file_next (&file, error)) != NULL)
    g_hash_table_insert (table, f[0], f[name_column]);

  return !CSV_FILE_FAILED (error);
}

/* ---- public API -------------------------------------------------------- */

char *
relais_referential_default_dir (void)
{
  const char *env = g_getenv ("RELAIS_REFERENTIAL_DIR");
  g_autofree char *cwd = NULL;
  g_autofree char *dir = NULL;

  /* An explicit setting wins even when wrong, so that a typo fails loudly
   * instead of quietly showing the sample. */
  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  cwd = g_get_current_dir ();
  dir = g_build_filename (cwd, "..", "shared", "referential", NULL);
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return g_canonicalize_filename (dir, NULL);

  return NULL;
}

RelaisReferential *
relais_referential_load (const char *dir, GError **error)
{
  static const char *const departements_header[] = { "code",        "region", "chefLieu", "nom",
                                                     "typeLiaison", "zone",   NULL };
  static const char *const regions_header[] = { "code",        "chefLieu", "nom",
                                                "typeLiaison", "zone",     NULL };
  g_autoptr (RelaisReferential) self = NULL;
  gint64 start;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, RELAIS_REFERENTIAL_ERROR, RELAIS_REFERENTIAL_ERROR_MISSING_FILE,
                   "%s: no such referential folder", dir);
      return NULL;
    }

  start = g_get_monotonic_time ();
  self = g_object_new (RELAIS_TYPE_REFERENTIAL, NULL);
  self->source = g_canonicalize_filename (dir, NULL);

  /* Order matters: the tree needs the fiches, the tension and the flat
   * appellation list need the tree, NAF needs its sections, bassins need
   * the communes. */
  if (!load_fiches (self, dir, error) || !load_tree (self, dir, error) ||
      !check_appellations (self, dir, error) || !load_tension (self, dir, error) ||
      !load_naf_sections (self, dir, error) || !load_naf (self, dir, error) ||
      !load_communes (self, dir, error) || !load_bassins (self, dir, error) ||
      !load_names (self, dir, "departements.csv", departements_header, 3, self->departement_names,
                   error) ||
      !load_names (self, dir, "regions.csv", regions_header, 2, self->region_names, error))
    return NULL;

  g_debug ("Loaded %u fiches, %u appellations, %u NAF, %u communes from %s in %.1f ms",
           self->fiches->len, self->appellations->len, self->naf->len, self->communes->len,
           self->source, (double) (g_get_monotonic_time () - start) / 1000.0);

  return g_steal_pointer (&self);
}

RelaisReferential *
relais_referential_new_builtin (void)
{
  const RelaisReferentialSample *sample = relais_referential_sample_get ();
  RelaisReferential *self = g_object_new (RELAIS_TYPE_REFERENTIAL, NULL);

  self->builtin = TRUE;
  self->source = g_strdup (BUILTIN_SOURCE);

  /* The tables are static: records point at their literals, no copy. */
  for (guint i = 0; i < sample->n_grand_domains; i++)
    g_hash_table_insert (self->grand_domain_labels, (gpointer) sample->grand_domains[i].code,
                         (gpointer) sample->grand_domains[i].label);
  for (guint i = 0; i < sample->n_domains; i++)
    g_hash_table_insert (self->domain_labels, (gpointer) sample->domains[i].code,
                         (gpointer) sample->domains[i].label);
  for (guint i = 0; i < sample->n_naf_sections; i++)
    g_hash_table_insert (self->naf_section_labels, (gpointer) sample->naf_sections[i].code,
                         (gpointer) sample->naf_sections[i].label);
  for (guint i = 0; i < sample->n_departements; i++)
    g_hash_table_insert (self->departement_names, (gpointer) sample->departements[i].code,
                         (gpointer) sample->departements[i].label);
  for (guint i = 0; i < sample->n_regions; i++)
    g_hash_table_insert (self->region_names, (gpointer) sample->regions[i].code,
                         (gpointer) sample->regions[i].label);

  for (guint i = 0; i < sample->n_fiches; i++)
    {
      RelaisRomeFiche fiche = { 0 };

      fiche.code = sample->fiches[i].code;
      fiche.label = sample->fiches[i].label;
      fiche.tension_pct = sample->fiches[i].tension_pct;
      g_array_append_val (self->fiches, fiche);
    }
  check_sample (index_fiches (self));
  resolve_domains (self);

  g_array_append_vals (self->appellations, sample->appellations, sample->n_appellations);
  check_sample (index_appellations (self));

  for (guint i = 0; i < sample->n_naf; i++)
    {
      RelaisNaf naf = { 0 };

      naf.code = sample->naf[i].code;
      naf.label = sample->naf[i].label;
      naf.section = relais_referential_naf_section_of (naf.code);
      g_array_append_val (self->naf, naf);
    }
  check_sample (index_naf (self));

  g_array_append_vals (self->communes, sample->communes, sample->n_communes);
  check_sample (index_communes (self));
  index_bassins (self);

  return self;
}

RelaisReferential *
relais_referential_load_or_builtin (const char *dir)
{
  g_autoptr (GError) error = NULL;
  RelaisReferential *self;

  if (dir == NULL)
    {
      self = relais_referential_new_builtin ();
      self->fallback_reason = g_strdup ("no referential folder");
      return self;
    }

  self = relais_referential_load (dir, &error);
  if (self != NULL)
    return self;

  /* The demo must run anyway; say why it shows the sample. A message, not
   * a warning: a missing folder is the normal case on a fresh clone. */
  g_message ("Using the built-in referential sample: %s", error->message);
  self = relais_referential_new_builtin ();
  self->fallback_reason = g_strdup (error->message);
  return self;
}

gboolean
relais_referential_is_builtin (RelaisReferential *self)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), FALSE);
  return self->builtin;
}

const char *
relais_referential_get_source (RelaisReferential *self)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  return self->source;
}

const char *
relais_referential_get_fallback_reason (RelaisReferential *self)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  return self->fallback_reason;
}

/* Codes typed by hand or copied from SIRENE come as "k2204" or "56.10A":
 * normalise to the files' spelling before looking up. Returns FALSE when
 * the key cannot be a code (too long), which spares the lookup. */
static gboolean
normalize_code (const char *code, char *out, gsize out_size)
{
  gsize n = 0;

  for (const char *p = code; *p != '\0'; p++)
    {
      if (*p == '.' || *p == ' ')
        continue;
      if (n + 1 >= out_size)
        return FALSE;
      out[n++] = g_ascii_toupper (*p);
    }
  out[n] = '\0';
  return TRUE;
}

static gpointer
lookup_code (GHashTable *table, const char *code)
{
  char key[16];
  gpointer found = g_hash_table_lookup (table, code);

  if (found != NULL || !normalize_code (code, key, sizeof key))
    return found;
  return g_hash_table_lookup (table, key);
}

guint
relais_referential_get_n_fiches (RelaisReferential *self)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), 0);
  return self->fiches->len;
}

const RelaisRomeFiche *
relais_referential_get_fiche (RelaisReferential *self, guint index)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (index < self->fiches->len, NULL);
  return &g_array_index (self->fiches, RelaisRomeFiche, index);
}

const RelaisRomeFiche *
relais_referential_lookup_fiche (RelaisReferential *self, const char *code)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return lookup_code (self->fiche_by_code, code);
}

const char *
relais_referential_get_grand_domain_label (RelaisReferential *self, char grand_domain)
{
  char key[2] = { g_ascii_toupper (grand_domain), '\0' };

  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  return g_hash_table_lookup (self->grand_domain_labels, key);
}

const char *
relais_referential_get_domain_label (RelaisReferential *self, const char *domain)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (domain != NULL, NULL);
  return lookup_code (self->domain_labels, domain);
}

guint
relais_referential_get_n_appellations (RelaisReferential *self)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), 0);
  return self->appellations->len;
}

const RelaisRomeAppellation *
relais_referential_get_appellation (RelaisReferential *self, guint index)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (index < self->appellations->len, NULL);
  return &g_array_index (self->appellations, RelaisRomeAppellation, index);
}

const RelaisRomeAppellation *
relais_referential_lookup_appellation (RelaisReferential *self, const char *ogr)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (ogr != NULL, NULL);
  return g_hash_table_lookup (self->appellation_by_ogr, ogr);
}

/* A fresh container so that callers may sort or filter it; the elements
 * stay owned by the referential. */
static GPtrArray *
copy_list (GHashTable *table, const char *key)
{
  GPtrArray *list = lookup_code (table, key);
  GPtrArray *copy;

  if (list == NULL)
    return g_ptr_array_new ();

  copy = g_ptr_array_sized_new (list->len);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (copy, list->pdata[i]);
  return copy;
}

GPtrArray *
relais_referential_appellations_of (RelaisReferential *self, const char *rome_code)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (rome_code != NULL, NULL);
  return copy_list (self->appellations_by_rome, rome_code);
}

guint
relais_referential_get_n_communes (RelaisReferential *self)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), 0);
  return self->communes->len;
}

const RelaisCommune *
relais_referential_get_commune (RelaisReferential *self, guint index)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (index < self->communes->len, NULL);
  return &g_array_index (self->communes, RelaisCommune, index);
}

const RelaisCommune *
relais_referential_lookup_commune (RelaisReferential *self, const char *code_insee)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (code_insee != NULL, NULL);
  return lookup_code (self->commune_by_insee, code_insee);
}

GPtrArray *
relais_referential_communes_of_bassin (RelaisReferential *self, const char *bassin)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (bassin != NULL, NULL);
  return copy_list (self->communes_by_bassin, bassin);
}

const char *
relais_referential_get_departement_name (RelaisReferential *self, const char *code)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return lookup_code (self->departement_names, code);
}

const char *
relais_referential_get_region_name (RelaisReferential *self, const char *code)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return g_hash_table_lookup (self->region_names, code);
}

guint
relais_referential_get_n_naf (RelaisReferential *self)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), 0);
  return self->naf->len;
}

const RelaisNaf *
relais_referential_get_naf (RelaisReferential *self, guint index)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (index < self->naf->len, NULL);
  return &g_array_index (self->naf, RelaisNaf, index);
}

const RelaisNaf *
relais_referential_lookup_naf (RelaisReferential *self, const char *code)
{
  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  g_return_val_if_fail (code != NULL, NULL);
  return lookup_code (self->naf_by_code, code);
}

const char *
relais_referential_get_naf_section_label (RelaisReferential *self, char section)
{
  char key[2] = { g_ascii_toupper (section), '\0' };

  g_return_val_if_fail (RELAIS_IS_REFERENTIAL (self), NULL);
  return g_hash_table_lookup (self->naf_section_labels, key);
}

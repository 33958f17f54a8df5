/* test-access-rules.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "relais-core.h"

static const char *const CONSEILLER[] = { "conseiller", "agence:75001", NULL };
static const char *const ELD[] = { "eld", "agence:75001", NULL };
static const char *const ADMIN[] = { "_admin", NULL };

static gboolean
allowed (const char *db, const char *const *roles, gboolean db_admin, const char *id)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = relais_access_check_doc_write (db, roles, db_admin, id, &error);

  /* A refusal always says why, with the error the server maps to 403. */
  if (ok)
    g_assert_no_error (error);
  else
    g_assert_error (error, RELAIS_ACCESS_ERROR, RELAIS_ACCESS_ERROR_FORBIDDEN);
  return ok;
}

static void
test_eld_types (void)
{
  const char *const restricted[] = { "diagnostic:1", "action_prospection:2", "portefeuille:3",
                                     "affectation:4" };

  for (guint i = 0; i < G_N_ELEMENTS (restricted); i++)
    {
      g_assert_false (allowed ("agence-75001", CONSEILLER, FALSE, restricted[i]));
      g_assert_false (allowed ("agence-75001", NULL, FALSE, restricted[i]));
      g_assert_true (allowed ("agence-75001", ELD, FALSE, restricted[i]));
      g_assert_true (allowed ("agence-75001", ADMIN, FALSE, restricted[i]));
      g_assert_true (allowed ("agence-75001", CONSEILLER, TRUE, restricted[i]));
    }
  g_assert_true (relais_access_type_is_restricted ("diagnostic"));
  g_assert_false (relais_access_type_is_restricted ("de"));
  g_assert_false (relais_access_type_is_restricted (NULL));
}

static void
test_ordinary_types (void)
{
  g_assert_true (allowed ("agence-75001", CONSEILLER, FALSE, "de:1"));
  g_assert_true (allowed ("agence-75001", CONSEILLER, FALSE, "entretien:1"));
  g_assert_true (allowed ("agence-75001", CONSEILLER, FALSE, "no-type-prefix"));
  /* "diagnostic" only as a prefix up to the colon. */
  g_assert_true (allowed ("agence-75001", CONSEILLER, FALSE, "diagnostics:1"));
}

static void
test_referentiel (void)
{
  g_assert_false (allowed ("referentiel", CONSEILLER, FALSE, "rome:A1101"));
  g_assert_false (allowed ("referentiel", ELD, FALSE, "rome:A1101"));
  g_assert_true (allowed ("referentiel", ADMIN, FALSE, "rome:A1101"));
  g_assert_true (allowed ("referentiel", NULL, TRUE, "rome:A1101"));
  /* Only that name: another database merely starting so is an agency's. */
  g_assert_true (allowed ("referentiel-old", CONSEILLER, FALSE, "rome:A1101"));
}

static void
test_design_docs (void)
{
  g_assert_false (allowed ("agence-75001", ELD, FALSE, "_design/x"));
  g_assert_true (allowed ("agence-75001", ELD, TRUE, "_design/x"));
  g_assert_true (allowed ("agence-75001", ADMIN, FALSE, "_design/x"));
}

static void
test_roles_contain (void)
{
  g_assert_true (relais_access_roles_contain (ELD, "eld"));
  g_assert_false (relais_access_roles_contain (ELD, "el"));
  g_assert_false (relais_access_roles_contain (NULL, "eld"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/access-rules/eld-types", test_eld_types);
  g_test_add_func ("/access-rules/ordinary-types", test_ordinary_types);
  g_test_add_func ("/access-rules/referentiel", test_referentiel);
  g_test_add_func ("/access-rules/design-docs", test_design_docs);
  g_test_add_func ("/access-rules/roles-contain", test_roles_contain);
  return g_test_run ();
}

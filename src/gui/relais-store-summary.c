/* relais-store-summary.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * What the local store holds, in a sentence a counsellor understands: the
 * window's sidebar shows it under the views, to say what is at hand offline.
 */

#define G_LOG_DOMAIN "relais-store-summary"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-store-summary.h"
#include "relais-store.h"

RelaisStoreSummary *
relais_store_summary_read (const char *path, GError **error)
{
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _ ("No local store at %s yet: connect to the central server to fill it"), path);
      return NULL;
    }

  if ((store = relais_store_open (path, &local_error)) == NULL)
    {
      g_set_error (error, local_error->domain, local_error->code,
                   _ ("The file %s is not a Relais store or is damaged"), path);
      return NULL;
    }

  return relais_store_summary_read_store (store);
}

/* The counts go through the type index and the agency lookup through the
 * few agency rows: cheap enough for the UI thread on a 20 000-DE store. */
RelaisStoreSummary *
relais_store_summary_read_store (RelaisStore *store)
{
  g_autoptr (RelaisStoreSummary) summary = g_new0 (RelaisStoreSummary, 1);
  g_autoptr (GPtrArray) agences = NULL;

  g_return_val_if_fail (RELAIS_IS_STORE (store), NULL);

  summary->n_docs = relais_store_get_doc_count (store);
  summary->update_seq = relais_store_get_update_seq (store);
  summary->n_de = relais_store_count_type (store, "de", NULL);
  summary->n_entretiens = relais_store_count_type (store, "entretien", NULL);
  summary->n_offres = relais_store_count_type (store, "offre", NULL);

  agences = relais_store_find_by_field (store, "agence", "type", "agence", NULL);
  if (agences != NULL && agences->len > 0)
    {
      g_autoptr (JsonObject) agence =
          relais_store_get (store, g_ptr_array_index (agences, 0), NULL, RELAIS_GET_NONE, NULL);

      if (agence != NULL)
        summary->agence_nom =
            g_strdup (json_object_get_string_member_with_default (agence, "nom", NULL));
    }

  return g_steal_pointer (&summary);
}

char *
relais_store_summary_describe (const RelaisStoreSummary *summary)
{
  g_autofree char *de = NULL;
  g_autofree char *entretiens = NULL;
  g_autofree char *offres = NULL;

  g_return_val_if_fail (summary != NULL, NULL);

  if (summary->n_docs == 0)
    return g_strdup (_ ("The local store is empty."));

  de = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%lu job seeker", "%lu job seekers", summary->n_de),
      (unsigned long) summary->n_de);
  entretiens = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%lu interview", "%lu interviews", summary->n_entretiens),
      (unsigned long) summary->n_entretiens);
  offres =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu offer", "%lu offers", summary->n_offres),
                       (unsigned long) summary->n_offres);

  /* TRANSLATORS: "5000 job seekers, 14000 interviews and 500 offers are available offline." */
  return g_strdup_printf (_ ("%s, %s and %s are available offline."), de, entretiens, offres);
}

void
relais_store_summary_free (RelaisStoreSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->agence_nom);
  g_free (summary);
}

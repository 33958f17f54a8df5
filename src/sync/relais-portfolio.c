/* relais-portfolio.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The selector of one counsellor's portfolio, for a relay laptop that
 * pulls only what its counsellor needs (satellite points, home visits).
 *
 * DATA MINIMISATION, NOT A SECURITY BOUNDARY: the filter is chosen by
 * the client and evaluated for it; anyone with read access to the
 * database can pull everything. Access control belongs to the server.
 *
 * A selector cannot join, so the portfolio is taken in two steps:
 *  1. the counsellor's DE: {"type": "de", "referent": <conseiller id>}
 *     (DOCUMENTS.md: `referent` is the conseiller a DE is assigned to);
 *  2. with their ids known (read back from the local store the first
 *     step filled), everything attached to them: entretien, action,
 *     contact, candidature whose `de` is one of them, or which the
 *     counsellor wrote (`conseiller`), plus the shared, agency-level
 *     types: agence, conseiller, portefeuille, entreprise, offre,
 *     diagnostic, action_prospection.
 * Limits: the second selector embeds the DE ids, so it changes (and the
 * replication id with it: CouchDB does the same for filtered
 * replications) whenever a DE joins the portfolio; the new replication
 * starts from 0, which is what brings the new DE's older interviews, and
 * costs a changes-feed scan, not a re-download (revs_diff finds the rest
 * present). A DE that leaves the portfolio stays on the laptop until it
 * is cleared. Deletions replicate only if the tombstone still matches
 * (as CouchDB: a bare tombstone has no "type"), so removing a
 * document from a laptop is a separate step.
 */

#define G_LOG_DOMAIN "relais-sync"

#include "config.h"

#include "relais-domain.h"
#include "relais-portfolio.h"
#include "relais-store.h"

static JsonArray *
strings (const char *const *values)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  return array;
}

static JsonObject *
in (const char *const *values)
{
  JsonObject *object = json_object_new ();

  json_object_set_array_member (object, "$in", strings (values));
  return object;
}

/* Step 1: the counsellor's DE. */
JsonObject *
relais_portfolio_de_selector (const char *conseiller_id)
{
  JsonObject *selector;

  g_return_val_if_fail (conseiller_id != NULL, NULL);

  selector = json_object_new ();
  json_object_set_string_member (selector, "type", RELAIS_DOC_TYPE_DE);
  json_object_set_string_member (selector, "referent", conseiller_id);
  return selector;
}

/* Step 2: the DE of @de_ids, what is attached to them, and the shared
 * types. */
JsonObject *
relais_portfolio_selector (const char *conseiller_id, const char *const *de_ids)
{
  static const char *const attached[] = { RELAIS_DOC_TYPE_ENTRETIEN, RELAIS_DOC_TYPE_ACTION,
                                          RELAIS_DOC_TYPE_CONTACT, RELAIS_DOC_TYPE_CANDIDATURE,
                                          NULL };
  static const char *const shared[] = { RELAIS_DOC_TYPE_AGENCE,
                                        RELAIS_DOC_TYPE_CONSEILLER,
                                        RELAIS_DOC_TYPE_PORTEFEUILLE,
                                        RELAIS_DOC_TYPE_ENTREPRISE,
                                        RELAIS_DOC_TYPE_OFFRE,
                                        RELAIS_DOC_TYPE_DIAGNOSTIC,
                                        RELAIS_DOC_TYPE_ACTION_PROSPECTION,
                                        NULL };
  g_autoptr (JsonArray) any = json_array_new ();
  JsonObject *by_de = json_object_new ();
  JsonObject *by_writer = json_object_new ();
  JsonObject *common = json_object_new ();
  JsonObject *selector = json_object_new ();

  g_return_val_if_fail (conseiller_id != NULL, NULL);

  json_array_add_object_element (any, relais_portfolio_de_selector (conseiller_id));
  json_object_set_object_member (by_de, "type", in (attached));
  json_object_set_object_member (by_de, "de", in (de_ids));
  json_array_add_object_element (any, by_de);
  json_object_set_object_member (by_writer, "type", in (attached));
  json_object_set_string_member (by_writer, "conseiller", conseiller_id);
  json_array_add_object_element (any, by_writer);
  json_object_set_object_member (common, "type", in (shared));
  json_array_add_object_element (any, common);
  json_object_set_array_member (selector, "$or", g_steal_pointer (&any));
  return selector;
}

/* The DE of the counsellor in a local store (after step 1), in id order. */
GStrv
relais_portfolio_local_de_ids (const char *store_path, const char *conseiller_id, GError **error)
{
  g_autoptr (RelaisStore) store = relais_store_open (store_path, error);
  g_autoptr (GPtrArray) ids = NULL;

  g_return_val_if_fail (store_path != NULL && conseiller_id != NULL, NULL);

  if (store == NULL || (ids = relais_store_find_by_field (store, RELAIS_DOC_TYPE_DE, "referent",
                                                          conseiller_id, error)) == NULL)
    return NULL;
  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_steal (ids, NULL);
}

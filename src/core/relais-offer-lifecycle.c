/* relais-offer-lifecycle.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The counsellor's moves on an offer and its candidates (DOMAIN.md
 * "Employers' offers"). The journal de l'offre records each service
 * delivered, as the employer sees it: its details are French text of the
 * trade, not UI strings, as in relais-offer-rules.c.
 */

#define G_LOG_DOMAIN "relais-rules"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relais-domain.h"
#include "relais-json.h"
#include "relais-offer-lifecycle.h"
#include "relais-offer-rules.h"

#define TEXT_JOURNAL_RECUEIL "Offre recueillie et qualifiée"
#define TEXT_JOURNAL_DIFFUSION "Offre diffusée (%s), traitement et suivi"
#define TEXT_JOURNAL_CLOTURE "Offre clôturée : %s"

G_DEFINE_QUARK (relais - offer - lifecycle - error - quark, relais_offer_lifecycle_error)

static const char *
get_string (JsonObject *obj, const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* TRUE only for an explicit true: "interested" must have been confirmed. */
static gboolean
get_true (JsonObject *obj, const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static JsonObject *
deep_copy (JsonObject *object)
{
  g_autofree char *text = relais_json_object_canonical (object);

  return relais_json_parse_object (text, -1, NULL);
}

/* The motifs of closure as the employer reads them in the journal. */
static const char *
motif_text (const char *motif)
{
  if (g_strcmp0 (motif, "pourvue") == 0)
    return "offre pourvue";
  if (g_strcmp0 (motif, "annulee") == 0)
    return "offre annulée";
  if (g_strcmp0 (motif, "sans_reponse_relance") == 0)
    return "sans réponse à la relance";
  return "offre non pourvue";
}

/* Offers */

/* The step after @statut in diagnostic → recueil → traitement, or NULL:
 * from traitement the next step is closure, which needs a motif. */
const char *
relais_offer_next_statut (const char *statut)
{
  if (g_strcmp0 (statut, "diagnostic") == 0)
    return "recueil";
  if (g_strcmp0 (statut, "recueil") == 0)
    return "traitement";
  return NULL;
}

gboolean
relais_offer_is_open (JsonObject *offre)
{
  g_return_val_if_fail (offre != NULL, FALSE);

  return g_strcmp0 (get_string (offre, "statut"), "cloturee") != 0;
}

/* Returns: (transfer full): @offre at its next step, with the service the
 * step delivers in the journal (recueil, then diffusion). */
JsonObject *
relais_offer_build_advance (JsonObject *offre, GDateTime *now, const char *auteur, GError **error)
{
  const char *next;
  g_autofree char *detail = NULL;
  JsonObject *copy;

  g_return_val_if_fail (offre != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  next = relais_offer_next_statut (get_string (offre, "statut"));
  if (next == NULL)
    {
      g_set_error_literal (
          error, RELAIS_OFFER_LIFECYCLE_ERROR, RELAIS_OFFER_LIFECYCLE_ERROR_FORBIDDEN,
          relais_offer_is_open (offre) ? _ ("The offer is in processing: its next step is closure")
                                       : _ ("The offer is closed"));
      return NULL;
    }

  if (g_str_equal (next, "recueil"))
    copy = relais_offer_copy_with_journal (offre, now, "recueil", auteur, TEXT_JOURNAL_RECUEIL);
  else
    {
      const char *diffusion = get_string (offre, "diffusion");

      detail = g_strdup_printf (TEXT_JOURNAL_DIFFUSION, diffusion != NULL ? diffusion : "?");
      copy = relais_offer_copy_with_journal (offre, now, "diffusion", auteur, detail);
    }
  if (copy == NULL)
    {
      g_set_error_literal (error, RELAIS_OFFER_LIFECYCLE_ERROR,
                           RELAIS_OFFER_LIFECYCLE_ERROR_MISSING,
                           _ ("The journal of the offer is damaged"));
      return NULL;
    }
  json_object_set_string_member (copy, "statut", next);
  return copy;
}

/* Returns: (transfer full): @offre closed for @motif; "pourvue" needs the
 * hired person (a de: id or a name), which the closure records. */
JsonObject *
relais_offer_build_closure (JsonObject *offre,
                            const char *motif,
                            const char *personne_recrutee,
                            GDateTime *now,
                            const char *auteur,
                            GError **error)
{
  g_autofree char *detail = NULL;
  g_autofree char *date = NULL;
  JsonObject *copy, *cloture;

  g_return_val_if_fail (offre != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!relais_offer_is_open (offre))
    {
      g_set_error_literal (error, RELAIS_OFFER_LIFECYCLE_ERROR,
                           RELAIS_OFFER_LIFECYCLE_ERROR_FORBIDDEN, _ ("The offer is closed"));
      return NULL;
    }
  if (!relais_str_in (motif, relais_motifs_cloture))
    {
      g_set_error (error, RELAIS_OFFER_LIFECYCLE_ERROR, RELAIS_OFFER_LIFECYCLE_ERROR_MISSING,
                   _ ("Unknown closure reason: %s"), motif != NULL ? motif : "");
      return NULL;
    }
  if (g_str_equal (motif, "pourvue") && is_blank (personne_recrutee))
    {
      g_set_error_literal (error, RELAIS_OFFER_LIFECYCLE_ERROR,
                           RELAIS_OFFER_LIFECYCLE_ERROR_MISSING,
                           _ ("A filled offer records the person hired"));
      return NULL;
    }

  detail = g_strdup_printf (TEXT_JOURNAL_CLOTURE, motif_text (motif));
  if ((copy = relais_offer_copy_with_journal (offre, now, "cloture", auteur, detail)) == NULL)
    {
      g_set_error_literal (error, RELAIS_OFFER_LIFECYCLE_ERROR,
                           RELAIS_OFFER_LIFECYCLE_ERROR_MISSING,
                           _ ("The journal of the offer is damaged"));
      return NULL;
    }
  date = relais_offer_format_instant (now);
  cloture = json_object_new ();
  json_object_set_string_member (cloture, "motif", motif);
  if (!is_blank (personne_recrutee))
    json_object_set_string_member (cloture, "personne_recrutee", personne_recrutee);
  json_object_set_string_member (cloture, "date", date);
  json_object_set_object_member (copy, "cloture", cloture);
  json_object_set_string_member (copy, "statut", "cloturee");
  return copy;
}

/* Candidatures */

/* The statuses a candidate may move to from @statut: a proposed candidate
 * is put in relation (MER) or withdraws; after the MER the employer
 * answers (retained or not); a retained one is hired or not. Hired, not
 * retained and withdrawn are final. */
const char *const *
relais_candidature_next_statuts (const char *statut)
{
  static const char *const from_proposee[] = { "mer", "desistement", NULL };
  static const char *const from_mer[] = { "retenue", "non_retenue", "desistement", NULL };
  static const char *const from_retenue[] = { "embauche", "non_retenue", "desistement", NULL };
  static const char *const none[] = { NULL };

  if (g_strcmp0 (statut, "proposee") == 0)
    return from_proposee;
  if (g_strcmp0 (statut, "mer") == 0)
    return from_mer;
  if (g_strcmp0 (statut, "retenue") == 0)
    return from_retenue;
  return none;
}

/* Whether @candidature may be put in relation with the employer: the offer
 * is in processing, the DE confirmed interest, and the offer's preselection
 * mode is met — vérification checks availability too, valorisation needs
 * the argued summary. */
gboolean
relais_candidature_check_mer (JsonObject *offre, JsonObject *candidature, GError **error)
{
  const char *preselection;

  g_return_val_if_fail (offre != NULL, FALSE);
  g_return_val_if_fail (candidature != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (get_string (offre, "statut"), "traitement") != 0)
    {
      g_set_error_literal (error, RELAIS_OFFER_LIFECYCLE_ERROR,
                           RELAIS_OFFER_LIFECYCLE_ERROR_FORBIDDEN,
                           _ ("Candidates are put in relation while the offer is in processing"));
      return FALSE;
    }
  if (!get_true (candidature, "interesse"))
    {
      g_set_error_literal (error, RELAIS_OFFER_LIFECYCLE_ERROR,
                           RELAIS_OFFER_LIFECYCLE_ERROR_MISSING,
                           _ ("A mise en relation needs the job seeker's confirmed interest"));
      return FALSE;
    }

  preselection = get_string (offre, "preselection");
  if (g_strcmp0 (preselection, "verification") == 0 && !get_true (candidature, "disponible"))
    {
      g_set_error_literal (error, RELAIS_OFFER_LIFECYCLE_ERROR,
                           RELAIS_OFFER_LIFECYCLE_ERROR_MISSING,
                           _ ("Vérification: confirm the job seeker is available first"));
      return FALSE;
    }
  if (g_strcmp0 (preselection, "valorisation") == 0 &&
      is_blank (get_string (candidature, "resume_argumente")))
    {
      g_set_error_literal (error, RELAIS_OFFER_LIFECYCLE_ERROR,
                           RELAIS_OFFER_LIFECYCLE_ERROR_MISSING,
                           _ ("Valorisation: write the argued summary first"));
      return FALSE;
    }
  return TRUE;
}

/* Returns: (transfer full): @candidature moved to @statut, with the date of
 * the MER when that is the move. */
JsonObject *
relais_candidature_build_statut (
    JsonObject *offre, JsonObject *candidature, const char *statut, GDateTime *now, GError **error)
{
  JsonObject *copy;

  g_return_val_if_fail (offre != NULL, NULL);
  g_return_val_if_fail (candidature != NULL, NULL);
  g_return_val_if_fail (statut != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!relais_offer_is_open (offre))
    {
      g_set_error_literal (error, RELAIS_OFFER_LIFECYCLE_ERROR,
                           RELAIS_OFFER_LIFECYCLE_ERROR_FORBIDDEN, _ ("The offer is closed"));
      return NULL;
    }
  if (!relais_str_in (statut, relais_candidature_next_statuts (get_string (candidature, "statut"))))
    {
      g_set_error (error, RELAIS_OFFER_LIFECYCLE_ERROR, RELAIS_OFFER_LIFECYCLE_ERROR_FORBIDDEN,
                   _ ("A candidate cannot go from %s to %s"),
                   get_string (candidature, "statut") ? get_string (candidature, "statut") : "?",
                   statut);
      return NULL;
    }
  if (g_str_equal (statut, "mer") && !relais_candidature_check_mer (offre, candidature, error))
    return NULL;

  copy = deep_copy (candidature);
  json_object_set_string_member (copy, "statut", statut);
  if (g_str_equal (statut, "mer"))
    {
      g_autofree char *date = relais_offer_format_instant (now);

      json_object_set_string_member (copy, "date_mer", date);
    }
  return copy;
}

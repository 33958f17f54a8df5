/* relais-assignment.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Moving DE from one portfolio to another is the ELD's decision; the app
 * writes what these functions build, the server validates the result and
 * only lets the ELD write the journal (relais-access-rules.c). The DE's
 * référent becomes the counsellor of the portfolio it joins and its
 * modality the portfolio's, since a counsellor holds one portfolio in one
 * modality (DOMAIN.md).
 */

#define G_LOG_DOMAIN "relais-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "relais-assignment.h"
#include "relais-doc.h"
#include "relais-domain.h"

G_DEFINE_QUARK (relais - assignment - error - quark, relais_assignment_error)

static const char *
get_string (JsonObject *doc, const char *name)
{
  JsonNode *node = json_object_get_member (doc, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * relais_portefeuille_max_de:
 * @portefeuille: a portefeuille document
 *
 * Renforcé is capped at RELAIS_RENFORCE_MAX_DE whatever its `capacite`
 * says; the other modalities use `capacite` as the local diagnosis set it.
 *
 * Returns: how many DE the portfolio may hold, -1 when nothing says
 */
gint64
relais_portefeuille_max_de (JsonObject *portefeuille)
{
  JsonNode *node;
  gint64 capacite = -1;

  g_return_val_if_fail (portefeuille != NULL, -1);

  node = json_object_get_member (portefeuille, "capacite");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    capacite = json_node_get_int (node);
  if (g_strcmp0 (get_string (portefeuille, "modalite"), "renforce") == 0)
    capacite = capacite < 0 ? RELAIS_RENFORCE_MAX_DE : MIN (capacite, RELAIS_RENFORCE_MAX_DE);
  return capacite;
}

/**
 * relais_assignment_check_capacity:
 * @portefeuille: the portfolio that receives the DE
 * @n_de: how many DE it holds now
 * @n_arriving: how many would join it
 * @error: RELAIS_ASSIGNMENT_ERROR_OVER_CAPACITY, in words
 *
 * Only the renforcé cap is a hard limit (DOMAIN.md: 70 DE maximum); the
 * other capacities are targets whose overrun the portfolio alert shows.
 *
 * Returns: whether the move may be made
 */
gboolean
relais_assignment_check_capacity (JsonObject *portefeuille,
                                  guint n_de,
                                  guint n_arriving,
                                  GError **error)
{
  gint64 max;
  const char *libelle;

  g_return_val_if_fail (portefeuille != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_strcmp0 (get_string (portefeuille, "modalite"), "renforce") != 0)
    return TRUE;
  max = relais_portefeuille_max_de (portefeuille);
  if ((gint64) n_de + n_arriving <= max)
    return TRUE;

  libelle = get_string (portefeuille, "libelle");
  if (libelle == NULL)
    libelle = relais_doc_get_id (portefeuille);
  g_set_error (error, RELAIS_ASSIGNMENT_ERROR, RELAIS_ASSIGNMENT_ERROR_OVER_CAPACITY,
               _ ("The renforcé portfolio “%s” would hold %u job seekers: it holds at most %u."),
               libelle != NULL ? libelle : "", n_de + n_arriving, (guint) max);
  return FALSE;
}

static void
set_or_remove (JsonObject *doc, const char *name, const char *value)
{
  if (value != NULL)
    json_object_set_string_member (doc, name, value);
  else if (json_object_has_member (doc, name))
    json_object_remove_member (doc, name);
}

/**
 * relais_assignment_move_de:
 * @de: the DE as stored (with its `_rev`)
 * @vers: the portfolio it joins
 * @auteur: who moves it (the workstation's user)
 * @auteur_conseiller: (nullable): his conseiller id
 * @now: when
 * @affectation: (out): the journal entry to write with it
 * @error: RELAIS_ASSIGNMENT_ERROR_SAME_PORTFOLIO or _INVALID
 *
 * The capacity is checked by the caller for the whole selection
 * (relais_assignment_check_capacity()), not one DE at a time.
 *
 * Returns: (transfer full): the DE's new revision, to validate and put
 */
JsonObject *
relais_assignment_move_de (JsonObject *de,
                           JsonObject *vers,
                           const char *auteur,
                           const char *auteur_conseiller,
                           GDateTime *now,
                           JsonObject **affectation,
                           GError **error)
{
  g_autoptr (JsonObject) entry = NULL;
  g_autofree char *id = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *day = NULL;
  JsonObject *moved;
  const char *de_id, *vers_id, *depuis, *agence, *conseiller, *modalite;

  g_return_val_if_fail (de != NULL, NULL);
  g_return_val_if_fail (vers != NULL, NULL);
  g_return_val_if_fail (auteur != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (affectation != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  de_id = relais_doc_get_id (de);
  vers_id = relais_doc_get_id (vers);
  agence = get_string (de, "agence");
  if (de_id == NULL || vers_id == NULL || agence == NULL)
    {
      g_set_error_literal (error, RELAIS_ASSIGNMENT_ERROR, RELAIS_ASSIGNMENT_ERROR_INVALID,
                           _ ("The job seeker or the portfolio has no identifier or agency."));
      return NULL;
    }
  depuis = get_string (de, "portefeuille");
  if (g_strcmp0 (depuis, vers_id) == 0)
    {
      g_set_error (error, RELAIS_ASSIGNMENT_ERROR, RELAIS_ASSIGNMENT_ERROR_SAME_PORTFOLIO,
                   _ ("%s is already in this portfolio."), de_id);
      return NULL;
    }

  stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  day = g_date_time_format (now, "%Y-%m-%d");
  conseiller = get_string (vers, "conseiller");
  modalite = get_string (vers, "modalite");

  id = relais_doc_new_id (RELAIS_DOC_TYPE_AFFECTATION);
  entry = json_object_new ();
  json_object_set_string_member (entry, "_id", id);
  json_object_set_string_member (entry, "type", RELAIS_DOC_TYPE_AFFECTATION);
  json_object_set_int_member (entry, "schema_version", 1);
  json_object_set_string_member (entry, "agence", agence);
  json_object_set_string_member (entry, "de", de_id);
  set_or_remove (entry, "depuis", depuis);
  json_object_set_string_member (entry, "vers", vers_id);
  set_or_remove (entry, "referent_avant", get_string (de, "referent"));
  set_or_remove (entry, "referent", conseiller);
  set_or_remove (entry, "modalite_avant", get_string (de, "modalite"));
  set_or_remove (entry, "modalite", modalite);
  json_object_set_string_member (entry, "date", stamp);
  json_object_set_string_member (entry, "auteur", auteur);
  set_or_remove (entry, "auteur_conseiller", auteur_conseiller);

  /* A copy of the top-level members: the nested values are only read. */
  moved = json_object_new ();
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *node;

    json_object_iter_init (&iter, de);
    while (json_object_iter_next (&iter, &name, &node))
      json_object_set_member (moved, name, json_node_copy (node));
  }
  json_object_set_string_member (moved, "portefeuille", vers_id);
  if (conseiller != NULL)
    {
      json_object_set_string_member (moved, "referent", conseiller);
      json_object_set_string_member (moved, "date_referent", day);
    }
  else
    {
      /* A vacant portfolio: the missing référent shows as an alert. */
      json_object_set_null_member (moved, "referent");
      set_or_remove (moved, "date_referent", NULL);
    }
  if (modalite != NULL)
    {
      json_object_set_string_member (moved, "modalite", modalite);
      /* The 100 % web channel exists only in suivi. */
      if (!g_str_equal (modalite, "suivi"))
        set_or_remove (moved, "web_100", NULL);
    }
  json_object_set_string_member (moved, "modifie_par", auteur);
  json_object_set_string_member (moved, "modifie_le", stamp);

  *affectation = g_steal_pointer (&entry);
  return moved;
}

/**
 * relais_assignment_undo_move:
 * @before: the DE as it was before relais_assignment_move_de()
 * @moved: the DE as stored since that move (with its `_rev`)
 * @depuis: the portfolio it goes back to (@before's)
 * @auteur: who undoes it
 * @auteur_conseiller: (nullable): his conseiller id
 * @now: when
 * @affectation: (out): the journal entry of the return
 * @error: RELAIS_ASSIGNMENT_ERROR_SAME_PORTFOLIO or _INVALID
 *
 * The DE gets back every field it had, référent and modality included,
 * as a new revision over @moved; the journal records the return like any
 * move. The caller checks that @moved is still the stored winner and the
 * capacity of @depuis.
 *
 * Returns: (transfer full): the DE's new revision, to validate and put
 */
JsonObject *
relais_assignment_undo_move (JsonObject *before,
                             JsonObject *moved,
                             JsonObject *depuis,
                             const char *auteur,
                             const char *auteur_conseiller,
                             GDateTime *now,
                             JsonObject **affectation,
                             GError **error)
{
  g_autoptr (JsonObject) entry = NULL;
  g_autoptr (JsonObject) ignored = NULL;
  g_autofree char *stamp = NULL;
  JsonObject *restored;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_return_val_if_fail (before != NULL, NULL);
  g_return_val_if_fail (moved != NULL, NULL);
  g_return_val_if_fail (affectation != NULL, NULL);

  if (g_strcmp0 (relais_doc_get_id (before), relais_doc_get_id (moved)) != 0 ||
      g_strcmp0 (get_string (before, "portefeuille"), relais_doc_get_id (depuis)) != 0)
    {
      g_set_error_literal (error, RELAIS_ASSIGNMENT_ERROR, RELAIS_ASSIGNMENT_ERROR_INVALID,
                           _ ("The job seeker or the portfolio has no identifier or agency."));
      return NULL;
    }
  ignored =
      relais_assignment_move_de (moved, depuis, auteur, auteur_conseiller, now, &entry, error);
  if (ignored == NULL)
    return NULL;
  /* The return gives back what the DE had, not the portfolio's defaults. */
  set_or_remove (entry, "referent", get_string (before, "referent"));
  set_or_remove (entry, "modalite", get_string (before, "modalite"));

  restored = json_object_new ();
  json_object_iter_init (&iter, before);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (restored, name, json_node_copy (node));
  json_object_set_string_member (restored, "_rev", json_object_get_string_member (moved, "_rev"));
  stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  json_object_set_string_member (restored, "modifie_par", auteur);
  json_object_set_string_member (restored, "modifie_le", stamp);

  *affectation = g_steal_pointer (&entry);
  return restored;
}

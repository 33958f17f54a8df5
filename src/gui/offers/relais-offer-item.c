/* relais-offer-item.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * One employer's offer of the Offres view: its document and its number of
 * candidates, with properties the table sorts on. The labels of the
 * offer's trade values (DOMAIN.md "Employers' offers") live here, the one
 * place the offers views translate them.
 */

#define G_LOG_DOMAIN "relais-offer-item"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-doc.h"
#include "relais-domain.h"
#include "relais-offer-item.h"

struct _RelaisOfferItem
{
  GObject parent_instance;

  /* Owned References */
  JsonObject *doc;

  guint n_candidats;
};

G_DEFINE_FINAL_TYPE (RelaisOfferItem, relais_offer_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_INTITULE,
  PROP_ENTREPRISE,
  PROP_STATUT,
  PROP_NIVEAU,
  PROP_DIFFUSION,
  PROP_DATE,
  PROP_N_CANDIDATS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
relais_offer_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisOfferItem *self = RELAIS_OFFER_ITEM (object);

  switch (prop_id)
    {
    case PROP_INTITULE:
      g_value_set_string (value, relais_offer_item_get_field (self, "intitule"));
      break;

    case PROP_ENTREPRISE:
      g_value_set_string (value, relais_offer_item_get_entreprise (self));
      break;

    case PROP_STATUT:
      g_value_set_string (value,
                          relais_offer_statut_label (relais_offer_item_get_field (self, "statut")));
      break;

    case PROP_NIVEAU:
      g_value_set_string (
          value, relais_offer_niveau_label (relais_offer_item_get_field (self, "niveau_service")));
      break;

    case PROP_DIFFUSION:
      g_value_set_string (
          value, relais_offer_diffusion_label (relais_offer_item_get_field (self, "diffusion")));
      break;

    case PROP_DATE:
      g_value_set_string (value, relais_offer_item_get_field (self, "dateCreation"));
      break;

    case PROP_N_CANDIDATS:
      g_value_set_uint (value, self->n_candidats);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_offer_item_finalize (GObject *object)
{
  RelaisOfferItem *self = RELAIS_OFFER_ITEM (object);

  g_clear_pointer (&self->doc, json_object_unref);

  G_OBJECT_CLASS (relais_offer_item_parent_class)->finalize (object);
}

static void
relais_offer_item_class_init (RelaisOfferItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = relais_offer_item_finalize;
  object_class->get_property = relais_offer_item_get_property;

  properties[PROP_INTITULE] = g_param_spec_string ("intitule", NULL, NULL, NULL, flags);
  properties[PROP_ENTREPRISE] = g_param_spec_string ("entreprise", NULL, NULL, NULL, flags);
  properties[PROP_STATUT] = g_param_spec_string ("statut", NULL, NULL, NULL, flags);
  properties[PROP_NIVEAU] = g_param_spec_string ("niveau", NULL, NULL, NULL, flags);
  properties[PROP_DIFFUSION] = g_param_spec_string ("diffusion", NULL, NULL, NULL, flags);
  properties[PROP_DATE] = g_param_spec_string ("date", NULL, NULL, NULL, flags);
  properties[PROP_N_CANDIDATS] =
      g_param_spec_uint ("n-candidats", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relais_offer_item_init (RelaisOfferItem *self)
{
}

/* Public API */

RelaisOfferItem *
relais_offer_item_new (JsonObject *doc, guint n_candidats)
{
  RelaisOfferItem *self;

  g_return_val_if_fail (doc != NULL, NULL);

  self = g_object_new (RELAIS_TYPE_OFFER_ITEM, NULL);
  self->doc = json_object_ref (doc);
  self->n_candidats = n_candidats;
  return self;
}

JsonObject *
relais_offer_item_get_doc (RelaisOfferItem *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_ITEM (self), NULL);
  return self->doc;
}

const char *
relais_offer_item_get_id (RelaisOfferItem *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_ITEM (self), NULL);
  return relais_doc_get_id (self->doc);
}

const char *
relais_offer_item_get_field (RelaisOfferItem *self, const char *name)
{
  JsonNode *node;

  g_return_val_if_fail (RELAIS_IS_OFFER_ITEM (self), NULL);

  node = json_object_get_member (self->doc, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The company's name, absent from an anonymous offer. */
const char *
relais_offer_item_get_entreprise (RelaisOfferItem *self)
{
  JsonNode *node;

  g_return_val_if_fail (RELAIS_IS_OFFER_ITEM (self), NULL);

  node = json_object_get_member (self->doc, "entreprise");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_get_string_member_with_default (json_node_get_object (node), "nom", NULL);
}

guint
relais_offer_item_get_n_candidats (RelaisOfferItem *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_ITEM (self), 0);
  return self->n_candidats;
}

#define LABEL(value, text)                                                                         \
  if (g_strcmp0 (v, value) == 0)                                                                   \
  return text

const char *
relais_offer_statut_label (const char *v)
{
  LABEL ("diagnostic", _ ("Diagnosis"));
  LABEL ("recueil", _ ("Collection"));
  LABEL ("traitement", _ ("Processing"));
  LABEL ("cloturee", _ ("Closed"));
  return v != NULL ? v : "";
}

const char *
relais_offer_niveau_label (const char *v)
{
  LABEL ("appui", _ ("Appui"));
  LABEL ("accompagnement", _ ("Accompagnement"));
  return v != NULL ? v : "";
}

const char *
relais_offer_diffusion_label (const char *v)
{
  LABEL ("nominatif", _ ("Nominative"));
  LABEL ("visibilite", _ ("Company name only"));
  LABEL ("anonyme", _ ("Anonymous"));
  return v != NULL ? v : "";
}

const char *
relais_offer_preselection_label (const char *v)
{
  LABEL ("verification", _ ("Vérification"));
  LABEL ("valorisation", _ ("Valorisation"));
  LABEL ("evaluation", _ ("Évaluation"));
  return v != NULL ? v : _ ("No preselection");
}

const char *
relais_offer_service_label (const char *v)
{
  LABEL ("recueil", _ ("Collection"));
  LABEL ("aide_redaction", _ ("Help with writing"));
  LABEL ("diffusion", _ ("Diffusion"));
  LABEL ("information_marche", _ ("Labour market information"));
  LABEL ("acces_profils", _ ("Access to profiles"));
  LABEL ("information_suivi", _ ("Progress information"));
  LABEL ("alerte_sans_mouvement", _ ("No-movement alert"));
  LABEL ("relance", _ ("Follow-up letter"));
  LABEL ("conseil_recrutement", _ ("Recruitment advice"));
  LABEL ("preselection", _ ("Preselection"));
  LABEL ("adaptation", _ ("Adaptation to the job"));
  LABEL ("mise_en_relation", _ ("Mise en relation"));
  LABEL ("changement_service", _ ("Change of service"));
  LABEL ("cloture", _ ("Closure"));
  return v != NULL ? v : "";
}

const char *
relais_offer_motif_label (const char *v)
{
  LABEL ("pourvue", _ ("Filled"));
  LABEL ("annulee", _ ("Cancelled"));
  LABEL ("sans_reponse_relance", _ ("No answer to the follow-up"));
  LABEL ("non_pourvue", _ ("Not filled"));
  return v != NULL ? v : "";
}

const char *
relais_candidature_statut_label (const char *v)
{
  LABEL ("proposee", _ ("Proposed"));
  LABEL ("mer", _ ("MER made"));
  LABEL ("retenue", _ ("Retained"));
  LABEL ("non_retenue", _ ("Not retained"));
  LABEL ("embauche", _ ("Hired"));
  LABEL ("desistement", _ ("Withdrew"));
  return v != NULL ? v : "";
}

/* The button that moves a candidate to @v. */
const char *
relais_candidature_action_label (const char *v)
{
  LABEL ("mer", _ ("Put in Relation"));
  LABEL ("retenue", _ ("Retained"));
  LABEL ("non_retenue", _ ("Not Retained"));
  LABEL ("embauche", _ ("Hired"));
  LABEL ("desistement", _ ("Withdrew"));
  return v != NULL ? v : "";
}

#undef LABEL

/* "24/11/2026" from a date or date-time of DOCUMENTS.md. */
char *
relais_offer_format_date (const char *date_time)
{
  GDate day;

  g_date_clear (&day, 1);
  if (date_time == NULL ||
      !(relais_date_parse (date_time, &day) || relais_datetime_parse (date_time, &day)))
    return g_strdup ("");
  return g_strdup_printf ("%02u/%02u/%04u", g_date_get_day (&day), g_date_get_month (&day),
                          g_date_get_year (&day));
}

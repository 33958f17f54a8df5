/* relais-portfolio-load.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * One portefeuille of the agency as a row of the ELD's Agence view: its
 * label and modality, how many DE it holds against its capacity, and how
 * many of them have open alerts. Whether it is over capacity comes from the
 * core (relais_alerts_for_portefeuille()), which knows the renforcé cap.
 * Immutable: the view builds new rows when the list changes.
 */

#define G_LOG_DOMAIN "relais-portfolio-load"

#include "config.h"

#include "relais-alerts.h"
#include "relais-de-item.h"
#include "relais-portfolio-load.h"

struct _RelaisPortfolioLoad
{
  GObject parent_instance;

  /* Owned References */
  char *id;
  char *libelle;
  char *modalite_code;
  char *conseiller; /* the counsellor's name, NULL while vacant */

  guint n_de;
  int capacite; /* -1 when the document has none */
  guint n_with_alerts;
  guint n_blocking;
  gboolean over_capacity;
};

G_DEFINE_FINAL_TYPE (RelaisPortfolioLoad, relais_portfolio_load, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CAPACITE,
  PROP_CONSEILLER,
  PROP_ID,
  PROP_LIBELLE,
  PROP_LOAD,
  PROP_MODALITE,
  PROP_N_BLOCKING,
  PROP_N_DE,
  PROP_N_WITH_ALERTS,
  PROP_OVER_CAPACITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Parent overrides */

static void
relais_portfolio_load_finalize (GObject *object)
{
  RelaisPortfolioLoad *self = RELAIS_PORTFOLIO_LOAD (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->libelle, g_free);
  g_clear_pointer (&self->modalite_code, g_free);
  g_clear_pointer (&self->conseiller, g_free);

  G_OBJECT_CLASS (relais_portfolio_load_parent_class)->finalize (object);
}

static void
relais_portfolio_load_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  RelaisPortfolioLoad *self = RELAIS_PORTFOLIO_LOAD (object);

  switch (prop_id)
    {
    case PROP_CAPACITE:
      g_value_set_int (value, self->capacite);
      break;

    case PROP_CONSEILLER:
      g_value_set_string (value, self->conseiller != NULL ? self->conseiller : "");
      break;

    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_LIBELLE:
      g_value_set_string (value, self->libelle != NULL ? self->libelle : self->id);
      break;

    case PROP_LOAD:
      g_value_set_double (value, self->capacite > 0 ? (double) self->n_de / self->capacite : 0.0);
      break;

    case PROP_MODALITE:
      g_value_set_string (value, relais_de_modalite_label (self->modalite_code));
      break;

    case PROP_N_BLOCKING:
      g_value_set_uint (value, self->n_blocking);
      break;

    case PROP_N_DE:
      g_value_set_uint (value, self->n_de);
      break;

    case PROP_N_WITH_ALERTS:
      g_value_set_uint (value, self->n_with_alerts);
      break;

    case PROP_OVER_CAPACITY:
      g_value_set_boolean (value, self->over_capacity);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_portfolio_load_class_init (RelaisPortfolioLoadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = relais_portfolio_load_finalize;
  object_class->get_property = relais_portfolio_load_get_property;

  properties[PROP_CAPACITE] = g_param_spec_int ("capacite", NULL, NULL, -1, G_MAXINT, -1, flags);
  /* The counsellor's name, "" while the portfolio is vacant. */
  properties[PROP_CONSEILLER] = g_param_spec_string ("conseiller", NULL, NULL, NULL, flags);
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  /* The libellé, or the id of a portefeuille without one. */
  properties[PROP_LIBELLE] = g_param_spec_string ("libelle", NULL, NULL, NULL, flags);
  /* DE / capacité, 0 without a capacity: the sort key of the load column. */
  properties[PROP_LOAD] = g_param_spec_double ("load", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, flags);
  properties[PROP_MODALITE] = g_param_spec_string ("modalite", NULL, NULL, NULL, flags);
  properties[PROP_N_BLOCKING] =
      g_param_spec_uint ("n-blocking", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_DE] = g_param_spec_uint ("n-de", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_WITH_ALERTS] =
      g_param_spec_uint ("n-with-alerts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_OVER_CAPACITY] = g_param_spec_boolean ("over-capacity", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relais_portfolio_load_init (RelaisPortfolioLoad *self)
{
  self->capacite = -1;
}

/* Public API */

/* @n_with_alerts: DE of the portfolio with at least one alert;
 * @n_blocking: those with a blocking one. */
RelaisPortfolioLoad *
relais_portfolio_load_new (
    JsonObject *portefeuille, guint n_de, guint n_with_alerts, guint n_blocking, const GDate *today)
{
  RelaisPortfolioLoad *self;
  JsonNode *node;
  g_autoptr (GPtrArray) alerts = NULL;

  g_return_val_if_fail (portefeuille != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  self = g_object_new (RELAIS_TYPE_PORTFOLIO_LOAD, NULL);
  self->id = g_strdup (json_object_get_string_member_with_default (portefeuille, "_id", NULL));
  self->libelle =
      g_strdup (json_object_get_string_member_with_default (portefeuille, "libelle", NULL));
  self->modalite_code =
      g_strdup (json_object_get_string_member_with_default (portefeuille, "modalite", NULL));
  node = json_object_get_member (portefeuille, "capacite");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64)
    self->capacite = (int) CLAMP (json_node_get_int (node), -1, G_MAXINT);
  self->n_de = n_de;
  self->n_with_alerts = n_with_alerts;
  self->n_blocking = n_blocking;

  alerts = relais_alerts_for_portefeuille (portefeuille, n_de, today);
  for (guint i = 0; i < alerts->len; i++)
    if (((RelaisAlert *) alerts->pdata[i])->kind == RELAIS_ALERT_PORTFOLIO_OVER_CAPACITY)
      self->over_capacity = TRUE;

  return self;
}

const char *
relais_portfolio_load_get_id (RelaisPortfolioLoad *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_LOAD (self), NULL);
  return self->id;
}

const char *
relais_portfolio_load_get_libelle (RelaisPortfolioLoad *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_LOAD (self), NULL);
  return self->libelle != NULL ? self->libelle : self->id;
}

guint
relais_portfolio_load_get_n_de (RelaisPortfolioLoad *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_LOAD (self), 0);
  return self->n_de;
}

int
relais_portfolio_load_get_capacite (RelaisPortfolioLoad *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_LOAD (self), -1);
  return self->capacite;
}

guint
relais_portfolio_load_get_n_with_alerts (RelaisPortfolioLoad *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_LOAD (self), 0);
  return self->n_with_alerts;
}

guint
relais_portfolio_load_get_n_blocking (RelaisPortfolioLoad *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_LOAD (self), 0);
  return self->n_blocking;
}

gboolean
relais_portfolio_load_get_over_capacity (RelaisPortfolioLoad *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_LOAD (self), FALSE);
  return self->over_capacity;
}

/* Set once by the view, which knows the conseillers' names, before the
 * row is shown. */
void
relais_portfolio_load_set_conseiller (RelaisPortfolioLoad *self, const char *name)
{
  g_return_if_fail (RELAIS_IS_PORTFOLIO_LOAD (self));

  g_free (self->conseiller);
  self->conseiller = g_strdup (name);
}

const char *
relais_portfolio_load_get_conseiller (RelaisPortfolioLoad *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_LOAD (self), NULL);
  return self->conseiller;
}

/* relais-de-item.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * One job seeker (DE) as a row of the portfolio: the few fields the list
 * shows, read once from the stored document, plus what follows from the
 * registration date and "today" (months since registration, next
 * mandatory interview). Items are immutable: a changed document gives a new
 * item, so a list can build them in a worker thread.
 */

#define G_LOG_DOMAIN "relais-de-item"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-alerts.h"
#include "relais-de-item.h"
#include "relais-search-text.h"

struct _RelaisDeItem
{
  GObject parent_instance;

  /* Owned References */
  char *id;
  char *nom;
  char *prenom;
  char *identifiant;
  char *modalite_code;
  char *date_inscription;
  char *referent;
  char *portefeuille;
  char *alerts_text;                /* one alert per line, NULL without alerts */
  char *nom_key;                    /* the last name's ignore-case collation key */
  char *search_text;                /* folded (relais-search-text.h), main thread only once shown */
  RelaisSearchSketch search_sketch; /* of search_text */

  int months;
  guint n_alerts;
  guint n_blocking;
  gboolean milestone_due;
};

G_DEFINE_FINAL_TYPE (RelaisDeItem, relais_de_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ALERT_RANK,
  PROP_ALERTS_TEXT,
  PROP_DATE_INSCRIPTION,
  PROP_ID,
  PROP_IDENTIFIANT,
  PROP_MODALITE,
  PROP_MODALITE_CODE,
  PROP_MILESTONE_DUE,
  PROP_MONTHS_SINCE_REGISTRATION,
  PROP_N_ALERTS,
  PROP_N_BLOCKING_ALERTS,
  PROP_NEXT_MILESTONE,
  PROP_NOM,
  PROP_PRENOM,
  PROP_REFERENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static char *
dup_member (JsonObject *doc, const char *member)
{
  JsonNode *node = json_object_get_member (doc, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* Parent overrides */

static void
relais_de_item_finalize (GObject *object)
{
  RelaisDeItem *self = RELAIS_DE_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->nom, g_free);
  g_clear_pointer (&self->prenom, g_free);
  g_clear_pointer (&self->identifiant, g_free);
  g_clear_pointer (&self->modalite_code, g_free);
  g_clear_pointer (&self->date_inscription, g_free);
  g_clear_pointer (&self->referent, g_free);
  g_clear_pointer (&self->portefeuille, g_free);
  g_clear_pointer (&self->alerts_text, g_free);
  g_clear_pointer (&self->nom_key, g_free);
  g_clear_pointer (&self->search_text, g_free);

  G_OBJECT_CLASS (relais_de_item_parent_class)->finalize (object);
}

static void
relais_de_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisDeItem *self = RELAIS_DE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ALERT_RANK:
      /* Blocking alerts first, then the number of alerts. */
      g_value_set_uint (value, self->n_blocking * 1000 + MIN (self->n_alerts, 999));
      break;

    case PROP_ALERTS_TEXT:
      g_value_set_string (value, self->alerts_text);
      break;

    case PROP_DATE_INSCRIPTION:
      g_value_set_string (value, self->date_inscription);
      break;

    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_IDENTIFIANT:
      g_value_set_string (value, self->identifiant);
      break;

    case PROP_MODALITE:
      g_value_set_string (value, relais_de_item_get_modalite (self));
      break;

    case PROP_MODALITE_CODE:
      g_value_set_string (value, self->modalite_code);
      break;

    case PROP_MILESTONE_DUE:
      g_value_set_boolean (value, self->milestone_due);
      break;

    case PROP_MONTHS_SINCE_REGISTRATION:
      g_value_set_int (value, self->months);
      break;

    case PROP_N_ALERTS:
      g_value_set_uint (value, self->n_alerts);
      break;

    case PROP_N_BLOCKING_ALERTS:
      g_value_set_uint (value, self->n_blocking);
      break;

    case PROP_NEXT_MILESTONE:
      g_value_set_string (value, relais_de_item_get_next_milestone (self));
      break;

    case PROP_NOM:
      g_value_set_string (value, self->nom);
      break;

    case PROP_PRENOM:
      g_value_set_string (value, self->prenom);
      break;

    case PROP_REFERENT:
      g_value_set_string (value, self->referent);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_de_item_class_init (RelaisDeItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = relais_de_item_finalize;
  object_class->get_property = relais_de_item_get_property;

  /* A sort key: blocking alerts weigh more than informative ones. */
  properties[PROP_ALERT_RANK] =
      g_param_spec_uint ("alert-rank", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ALERTS_TEXT] = g_param_spec_string ("alerts-text", NULL, NULL, NULL, flags);
  /* An entretien du 4e or 9e mois due or overdue. */
  properties[PROP_MILESTONE_DUE] = g_param_spec_boolean ("milestone-due", NULL, NULL, FALSE, flags);
  properties[PROP_N_ALERTS] = g_param_spec_uint ("n-alerts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_BLOCKING_ALERTS] =
      g_param_spec_uint ("n-blocking-alerts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* ISO 8601 (YYYY-MM-DD), so that a string sorter orders it by date. */
  properties[PROP_DATE_INSCRIPTION] =
      g_param_spec_string ("date-inscription", NULL, NULL, NULL, flags);
  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_IDENTIFIANT] = g_param_spec_string ("identifiant", NULL, NULL, NULL, flags);
  /* The translated label; modalite-code is the stored value. */
  properties[PROP_MODALITE] = g_param_spec_string ("modalite", NULL, NULL, NULL, flags);
  properties[PROP_MODALITE_CODE] = g_param_spec_string ("modalite-code", NULL, NULL, NULL, flags);
  /* -1 when the registration date is missing or invalid. */
  properties[PROP_MONTHS_SINCE_REGISTRATION] =
      g_param_spec_int ("months-since-registration", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties[PROP_NEXT_MILESTONE] = g_param_spec_string ("next-milestone", NULL, NULL, NULL, flags);
  properties[PROP_NOM] = g_param_spec_string ("nom", NULL, NULL, NULL, flags);
  properties[PROP_PRENOM] = g_param_spec_string ("prenom", NULL, NULL, NULL, flags);
  properties[PROP_REFERENT] = g_param_spec_string ("referent", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relais_de_item_init (RelaisDeItem *self)
{
  self->months = -1;
}

/* Public API */

/* @id: the document's id; @values: one string (or NULL) per member of
 * relais_de_item_fields, as relais_store_select_de_list() gives them;
 * @today: the date months are counted to. */
RelaisDeItem *
relais_de_item_new_from_fields (const char *id, const char *const *values, const GDate *today)
{
  RelaisDeItem *self;
  GDate registered;

  g_return_val_if_fail (values != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  self = g_object_new (RELAIS_TYPE_DE_ITEM, NULL);
  self->id = g_strdup (id);
  self->nom = g_strdup (values[RELAIS_DE_ITEM_FIELD_NOM]);
  self->prenom = g_strdup (values[RELAIS_DE_ITEM_FIELD_PRENOM]);
  self->identifiant = g_strdup (values[RELAIS_DE_ITEM_FIELD_IDENTIFIANT]);
  self->modalite_code = g_strdup (values[RELAIS_DE_ITEM_FIELD_MODALITE]);
  self->date_inscription = g_strdup (values[RELAIS_DE_ITEM_FIELD_DATE_INSCRIPTION]);
  self->referent = g_strdup (values[RELAIS_DE_ITEM_FIELD_REFERENT]);
  self->portefeuille = g_strdup (values[RELAIS_DE_ITEM_FIELD_PORTEFEUILLE]);
  if (self->nom != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (self->nom, -1);

      self->nom_key = g_utf8_collate_key (folded, -1);
    }
  /* What a search finds until the list reads the full-text index's
   * (skills, sought jobs): the DE's names and identifier. */
  {
    g_autofree char *names =
        g_strjoin (" ", self->nom ? self->nom : "", self->prenom ? self->prenom : "",
                   self->identifiant ? self->identifiant : "", NULL);

    self->search_text = relais_search_text_fold (names);
    relais_search_sketch_of_text (self->search_text, &self->search_sketch);
  }

  g_date_clear (&registered, 1);
  if (self->date_inscription != NULL)
    g_date_set_parse (&registered, self->date_inscription);
  if (g_date_valid (&registered))
    self->months = relais_de_months_between (&registered, today);

  return self;
}

/* @doc: a stored `de` document; @today: the date months are counted to. */
RelaisDeItem *
relais_de_item_new_from_json (JsonObject *doc, const GDate *today)
{
  g_autofree char *id = NULL;
  char *values[RELAIS_DE_ITEM_N_FIELDS + 1] = { NULL };
  RelaisDeItem *self;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  id = dup_member (doc, "_id");
  for (guint i = 0; i < RELAIS_DE_ITEM_N_FIELDS; i++)
    values[i] = dup_member (doc, relais_de_item_fields[i]);
  self = relais_de_item_new_from_fields (id, (const char *const *) values, today);
  for (guint i = 0; i < RELAIS_DE_ITEM_N_FIELDS; i++)
    g_free (values[i]);
  return self;
}

const char *
relais_de_item_get_id (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return self->id;
}

const char *
relais_de_item_get_nom (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return self->nom;
}

/* Returns: (nullable): what GtkStringSorter (ignore-case) would compute
 * for the last name, computed with the item so that a list built in a
 * thread is sorted by name without collating 20,000 names on the UI
 * thread. */
const char *
relais_de_item_get_nom_key (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return self->nom_key;
}

const char *
relais_de_item_get_prenom (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return self->prenom;
}

const char *
relais_de_item_get_identifiant (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return self->identifiant;
}

const char *
relais_de_item_get_modalite (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return relais_de_modalite_label (self->modalite_code);
}

const char *
relais_de_item_get_modalite_code (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return self->modalite_code;
}

const char *
relais_de_item_get_date_inscription (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return self->date_inscription;
}

int
relais_de_item_get_months_since_registration (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), -1);
  return self->months;
}

const char *
relais_de_item_get_next_milestone (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return relais_de_next_milestone (self->months);
}

const char *
relais_de_item_get_referent (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return self->referent;
}

const char *
relais_de_item_get_portefeuille (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return self->portefeuille;
}

/* Sets the alerts of the DE (relais_alerts_for_de()), on the thread that
 * owns the item: a list shows its items before their alerts are known, so
 * a change notifies alert-rank (and the other alert properties) for the
 * cells and sorters to follow. */
void
relais_de_item_set_alerts (RelaisDeItem *self, GPtrArray *alerts)
{
  g_autoptr (GString) text = NULL;
  g_autofree char *old_text = NULL;
  guint old_n_alerts, old_n_blocking;
  gboolean old_milestone_due;

  g_return_if_fail (RELAIS_IS_DE_ITEM (self));

  old_n_alerts = self->n_alerts;
  old_n_blocking = self->n_blocking;
  old_milestone_due = self->milestone_due;
  old_text = g_steal_pointer (&self->alerts_text);

  self->n_alerts = 0;
  self->n_blocking = 0;
  self->milestone_due = FALSE;

  for (guint i = 0; alerts != NULL && i < alerts->len; i++)
    {
      const RelaisAlert *alert = g_ptr_array_index (alerts, i);

      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append_c (text, '\n');
      g_string_append (text, alert->message);
      self->n_alerts++;
      if (alert->level == RELAIS_ALERT_BLOCKING)
        self->n_blocking++;
      if (alert->kind == RELAIS_ALERT_M4_DUE || alert->kind == RELAIS_ALERT_M4_OVERDUE ||
          alert->kind == RELAIS_ALERT_M9_DUE || alert->kind == RELAIS_ALERT_M9_OVERDUE)
        self->milestone_due = TRUE;
    }
  if (text != NULL)
    self->alerts_text = g_string_free (g_steal_pointer (&text), FALSE);

  if (old_n_alerts == self->n_alerts && old_n_blocking == self->n_blocking &&
      old_milestone_due == self->milestone_due && g_strcmp0 (old_text, self->alerts_text) == 0)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ALERTS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_BLOCKING_ALERTS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERTS_TEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MILESTONE_DUE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALERT_RANK]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* @folded: (transfer full) (nullable): the DE's text as the store's
 * full-text index holds it, folded by relais_search_text_fold(); NULL
 * keeps the names the item was built with. */
void
relais_de_item_take_search_text (RelaisDeItem *self, char *folded)
{
  g_return_if_fail (RELAIS_IS_DE_ITEM (self));

  if (folded == NULL)
    return;
  g_free (self->search_text);
  self->search_text = folded;
  relais_search_sketch_of_text (folded, &self->search_sketch);
}

/* Returns: the sketch of the item's search text (relais-search-text.h). */
const RelaisSearchSketch *
relais_de_item_get_search_sketch (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);

  return &self->search_sketch;
}

/* @needles: from relais_search_text_needles(). The sketch
 * (relais_de_item_get_search_sketch()) rules most items out before. */
gboolean
relais_de_item_matches_search (RelaisDeItem *self, const char *const *needles)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), FALSE);

  return relais_search_text_matches (self->search_text, needles);
}

guint
relais_de_item_get_n_alerts (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), 0);
  return self->n_alerts;
}

guint
relais_de_item_get_n_blocking_alerts (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), 0);
  return self->n_blocking;
}

/* Returns: (nullable): the alerts' messages, one a line. */
const char *
relais_de_item_get_alerts_text (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), NULL);
  return self->alerts_text;
}

gboolean
relais_de_item_get_milestone_due (RelaisDeItem *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_ITEM (self), FALSE);
  return self->milestone_due;
}

/* Full calendar months from @from to @to, 0 when @to is before @from. A
 * month is complete on the same day number of a later month, or on that
 * month's last day when it is shorter (as g_date_add_months() clamps):
 * registered on 31 January, 3 months on 30 May, 4 months on 31 May, and
 * 1 month on 28 February. */
int
relais_de_months_between (const GDate *from, const GDate *to)
{
  GDate anniversary;
  int months;

  g_return_val_if_fail (from != NULL && g_date_valid (from), -1);
  g_return_val_if_fail (to != NULL && g_date_valid (to), -1);

  if (g_date_compare (to, from) <= 0)
    return 0;

  months = (g_date_get_year (to) - g_date_get_year (from)) * 12 +
           ((int) g_date_get_month (to) - (int) g_date_get_month (from));
  anniversary = *from;
  g_date_add_months (&anniversary, months);
  if (g_date_compare (&anniversary, to) > 0)
    months--;

  return months;
}

/* The next mandatory interview with the référent [DOMAIN.md, the job
 * seeker's path]: the entretien du 4e mois until 4 full months are reached
 * (it is due then), the entretien du 9e mois until 9, none after. Whether
 * an interview already took place comes with the interviews view. */
const char *
relais_de_next_milestone (int months)
{
  if (months < 0)
    return "—";
  if (months <= 4)
    return "M4";
  if (months <= 9)
    return "M9";
  return "—";
}

/* The modality as counsellors name it; "—" before the EID set one. */
const char *
relais_de_modalite_label (const char *code)
{
  if (g_strcmp0 (code, "suivi") == 0)
    return C_ ("modality", "Follow-up");
  if (g_strcmp0 (code, "guide") == 0)
    return C_ ("modality", "Guided");
  if (g_strcmp0 (code, "renforce") == 0)
    return C_ ("modality", "Reinforced");
  if (g_strcmp0 (code, "global") == 0)
    return C_ ("modality", "Global");
  return "—";
}

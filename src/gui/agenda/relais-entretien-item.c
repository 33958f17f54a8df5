/* relais-entretien-item.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * One interview of the agenda: its document, the name of its DE (read
 * from the de document, which may sync after the interview) and its start,
 * parsed once by the core so that filtering a week and sorting stay cheap.
 * The labels of the trade values live here, the one place the agenda
 * translates them.
 */

#define G_LOG_DOMAIN "relais-entretien-item"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-agenda.h"
#include "relais-doc.h"
#include "relais-entretien-item.h"

struct _RelaisEntretienItem
{
  GObject parent_instance;

  /* Owned References */
  JsonObject *doc;
  char *de_name;

  GDate day;
  guint minutes;
  gboolean has_start;
};

G_DEFINE_FINAL_TYPE (RelaisEntretienItem, relais_entretien_item, G_TYPE_OBJECT)

static void
relais_entretien_item_finalize (GObject *object)
{
  RelaisEntretienItem *self = RELAIS_ENTRETIEN_ITEM (object);

  g_clear_pointer (&self->doc, json_object_unref);
  g_free (self->de_name);

  G_OBJECT_CLASS (relais_entretien_item_parent_class)->finalize (object);
}

static void
relais_entretien_item_class_init (RelaisEntretienItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relais_entretien_item_finalize;
}

static void
relais_entretien_item_init (RelaisEntretienItem *self)
{
  g_date_clear (&self->day, 1);
}

/* Public API */

RelaisEntretienItem *
relais_entretien_item_new (JsonObject *doc, const char *de_name)
{
  RelaisEntretienItem *self;

  g_return_val_if_fail (doc != NULL, NULL);

  self = g_object_new (RELAIS_TYPE_ENTRETIEN_ITEM, NULL);
  self->doc = json_object_ref (doc);
  self->de_name = g_strdup (de_name);
  self->has_start = relais_agenda_entretien_start (doc, &self->day, &self->minutes);
  return self;
}

JsonObject *
relais_entretien_item_get_doc (RelaisEntretienItem *self)
{
  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_ITEM (self), NULL);
  return self->doc;
}

const char *
relais_entretien_item_get_id (RelaisEntretienItem *self)
{
  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_ITEM (self), NULL);
  return relais_doc_get_id (self->doc);
}

const char *
relais_entretien_item_get_field (RelaisEntretienItem *self, const char *name)
{
  JsonNode *node;

  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_ITEM (self), NULL);

  node = json_object_get_member (self->doc, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
relais_entretien_item_get_de_id (RelaisEntretienItem *self)
{
  return relais_entretien_item_get_field (self, "de");
}

/* The DE's name, or its id while the de document has not synced yet. */
const char *
relais_entretien_item_get_de_name (RelaisEntretienItem *self)
{
  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_ITEM (self), NULL);

  if (self->de_name != NULL)
    return self->de_name;
  return relais_entretien_item_get_de_id (self);
}

/* Returns: (nullable): the calendar day, NULL when the date is unreadable. */
const GDate *
relais_entretien_item_get_day (RelaisEntretienItem *self)
{
  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_ITEM (self), NULL);
  return self->has_start ? &self->day : NULL;
}

guint
relais_entretien_item_get_minutes (RelaisEntretienItem *self)
{
  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_ITEM (self), 0);
  return self->minutes;
}

/* Minutes since the Julian epoch: orders interviews by start. */
gint64
relais_entretien_item_get_sort_key (RelaisEntretienItem *self)
{
  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_ITEM (self), 0);

  if (!self->has_start)
    return G_MAXINT64;
  return (gint64) g_date_get_julian (&self->day) * 24 * 60 + self->minutes;
}

/* The trade's names (DOMAIN.md): EID stays EID in French. */
const char *
relais_entretien_nature_label (const char *nature)
{
  if (g_strcmp0 (nature, "eid") == 0)
    return _ ("EID");
  if (g_strcmp0 (nature, "ajustement") == 0)
    return _ ("Entretien d'ajustement");
  if (g_strcmp0 (nature, "m4") == 0)
    return _ ("Entretien du 4e mois");
  if (g_strcmp0 (nature, "m9") == 0)
    return _ ("Entretien du 9e mois");
  if (g_strcmp0 (nature, "intermediaire") == 0)
    return _ ("Intermediate interview");
  return nature != NULL ? nature : "";
}

const char *
relais_entretien_statut_label (const char *statut)
{
  if (g_strcmp0 (statut, "planifie") == 0)
    return _ ("Planned");
  if (g_strcmp0 (statut, "realise") == 0)
    return _ ("Held");
  if (g_strcmp0 (statut, "annule") == 0)
    return _ ("Cancelled");
  if (g_strcmp0 (statut, "absent") == 0)
    return _ ("Did not come");
  return statut != NULL ? statut : "";
}

const char *
relais_entretien_mode_label (const char *mode)
{
  if (g_strcmp0 (mode, "physique") == 0)
    return _ ("In person");
  if (g_strcmp0 (mode, "telephone") == 0)
    return _ ("Phone");
  if (g_strcmp0 (mode, "visio") == 0)
    return _ ("Video");
  return mode != NULL ? mode : "";
}

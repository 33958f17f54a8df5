/* relais-conflict-item.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * One conflicted document of the local store, as the conflicts list
 * shows it: its id, a title a person recognises, its kind.
 */

#include "config.h"

#include "relais-conflict-item.h"

struct _RelaisConflictItem
{
  GObject parent_instance;

  char *id;
  char *title;
  char *kind;
  guint n_versions;
};

G_DEFINE_FINAL_TYPE (RelaisConflictItem, relais_conflict_item, G_TYPE_OBJECT)

static void
relais_conflict_item_finalize (GObject *object)
{
  RelaisConflictItem *self = RELAIS_CONFLICT_ITEM (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->kind);

  G_OBJECT_CLASS (relais_conflict_item_parent_class)->finalize (object);
}

static void
relais_conflict_item_class_init (RelaisConflictItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = relais_conflict_item_finalize;
}

static void
relais_conflict_item_init (RelaisConflictItem *self)
{
}

RelaisConflictItem *
relais_conflict_item_new (const char *id, const char *title, const char *kind, guint n_versions)
{
  RelaisConflictItem *self;

  g_return_val_if_fail (id != NULL && title != NULL && kind != NULL, NULL);

  self = g_object_new (RELAIS_TYPE_CONFLICT_ITEM, NULL);
  self->id = g_strdup (id);
  self->title = g_strdup (title);
  self->kind = g_strdup (kind);
  self->n_versions = n_versions;
  return self;
}

const char *
relais_conflict_item_get_id (RelaisConflictItem *self)
{
  g_return_val_if_fail (RELAIS_IS_CONFLICT_ITEM (self), NULL);

  return self->id;
}

const char *
relais_conflict_item_get_title (RelaisConflictItem *self)
{
  g_return_val_if_fail (RELAIS_IS_CONFLICT_ITEM (self), NULL);

  return self->title;
}

const char *
relais_conflict_item_get_kind (RelaisConflictItem *self)
{
  g_return_val_if_fail (RELAIS_IS_CONFLICT_ITEM (self), NULL);

  return self->kind;
}

guint
relais_conflict_item_get_n_versions (RelaisConflictItem *self)
{
  g_return_val_if_fail (RELAIS_IS_CONFLICT_ITEM (self), 0);

  return self->n_versions;
}

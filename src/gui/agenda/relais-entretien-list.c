/* relais-entretien-list.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Every interview of the local store as a GListModel of
 * RelaisEntretienItem, with the de documents they name (for the names and
 * for the core's alerts). It follows the store through the changes feed:
 * each refresh reads only what was written since the last one (by the
 * replicator, another window or this app) and replaces, adds or removes
 * exactly those items, with one precise items-changed each, so a view
 * keeps its scroll and selection. A workstation holds one portfolio (a
 * few thousand interviews at most): the first read runs on the main
 * thread.
 */

#define G_LOG_DOMAIN "relais-entretien-list"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-agenda.h"
#include "relais-doc.h"
#include "relais-entretien-list.h"
#include "relais-json.h"
#include "relais-store-watch.h"

struct _RelaisEntretienList
{
  GObject parent_instance;

  /* Owned References */
  RelaisContext *context;
  RelaisStoreWatch *watch;
  GPtrArray *items;    /* RelaisEntretienItem */
  GHashTable *de_docs; /* de id → JsonObject */

  guint64 last_seq;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RelaisEntretienList,
                               relais_entretien_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  GPtrArray *entretiens; /* JsonObject, or NULL for a deleted one */
  GPtrArray *entretien_ids;
  GPtrArray *de_docs; /* JsonObject */
  GPtrArray *deleted_de;
} Batch;

/* Auxiliary methods */

void
relais_agenda_due_free (RelaisAgendaDue *due)
{
  if (due == NULL)
    return;
  g_free (due->de_id);
  g_free (due->de_name);
  g_free (due->message);
  g_free (due->planned_id);
  g_free (due);
}

static char *
name_of (JsonObject *de)
{
  const char *prenom = json_object_get_string_member_with_default (de, "prenom", NULL);
  const char *nom = json_object_get_string_member_with_default (de, "nom", NULL);

  if (prenom == NULL && nom == NULL)
    return NULL;
  return g_strjoin (" ", prenom != NULL ? prenom : "", nom != NULL ? nom : "", NULL);
}

/* Deleted documents stand as NULL in a batch. */
static void
unref_nullable (gpointer object)
{
  if (object != NULL)
    json_object_unref (object);
}

static gboolean
collect_cb (const RelaisChange *change, gpointer user_data)
{
  Batch *batch = user_data;
  gboolean is_entretien = g_str_has_prefix (change->id, "entretien:");
  g_autoptr (JsonObject) doc = NULL;

  /* Ids carry their type (DOCUMENTS.md): the rest is not parsed. */
  if (!is_entretien && !g_str_has_prefix (change->id, "de:"))
    return TRUE;
  if (!change->deleted && change->doc_json != NULL)
    doc = relais_json_parse_object (change->doc_json, -1, NULL);

  if (is_entretien)
    {
      g_ptr_array_add (batch->entretien_ids, g_strdup (change->id));
      g_ptr_array_add (batch->entretiens, doc != NULL ? json_object_ref (doc) : NULL);
    }
  else if (doc != NULL)
    g_ptr_array_add (batch->de_docs, json_object_ref (doc));
  else
    g_ptr_array_add (batch->deleted_de, g_strdup (change->id));
  return TRUE;
}

static gint
find_position (RelaisEntretienList *self, const char *id)
{
  for (guint i = 0; i < self->items->len; i++)
    if (g_strcmp0 (relais_entretien_item_get_id (g_ptr_array_index (self->items, i)), id) == 0)
      return (gint) i;
  return -1;
}

static RelaisEntretienItem *
make_item (RelaisEntretienList *self, JsonObject *doc)
{
  const char *de = json_object_get_string_member_with_default (doc, "de", NULL);
  JsonObject *de_doc = de != NULL ? g_hash_table_lookup (self->de_docs, de) : NULL;
  g_autofree char *name = de_doc != NULL ? name_of (de_doc) : NULL;

  return relais_entretien_item_new (doc, name);
}

static gboolean
apply_batch (RelaisEntretienList *self, Batch *batch)
{
  gboolean renamed = batch->de_docs->len > 0 || batch->deleted_de->len > 0;
  g_autoptr (GHashTable) touched = g_hash_table_new (g_str_hash, g_str_equal);
  /* The first read: every interview is new. A linear lookup and an
   * items-changed for each of a 20,000-DE agency's interviews kept the
   * window from showing for minutes. */
  gboolean fresh = self->items->len == 0;

  for (guint i = 0; i < batch->de_docs->len; i++)
    {
      JsonObject *de = g_ptr_array_index (batch->de_docs, i);

      g_hash_table_insert (self->de_docs, g_strdup (relais_doc_get_id (de)), json_object_ref (de));
      g_hash_table_add (touched, (gpointer) relais_doc_get_id (de));
    }
  for (guint i = 0; i < batch->deleted_de->len; i++)
    {
      g_hash_table_remove (self->de_docs, g_ptr_array_index (batch->deleted_de, i));
      g_hash_table_add (touched, g_ptr_array_index (batch->deleted_de, i));
    }

  for (guint i = 0; i < batch->entretiens->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (batch->entretiens, i);
      gint pos = fresh ? -1 : find_position (self, g_ptr_array_index (batch->entretien_ids, i));

      if (doc == NULL && pos >= 0)
        {
          g_ptr_array_remove_index (self->items, (guint) pos);
          g_list_model_items_changed (G_LIST_MODEL (self), (guint) pos, 1, 0);
        }
      else if (doc != NULL && pos >= 0)
        {
          g_object_unref (g_ptr_array_index (self->items, (guint) pos));
          g_ptr_array_index (self->items, (guint) pos) = make_item (self, doc);
          g_list_model_items_changed (G_LIST_MODEL (self), (guint) pos, 1, 1);
        }
      else if (doc != NULL)
        {
          g_ptr_array_add (self->items, make_item (self, doc));
          if (!fresh)
            g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
        }
    }
  if (fresh && self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, self->items->len);

  /* A renamed DE (or one that synced after its interviews): its rows. */
  for (guint i = 0; g_hash_table_size (touched) > 0 && i < self->items->len; i++)
    {
      RelaisEntretienItem *item = g_ptr_array_index (self->items, i);
      const char *de = relais_entretien_item_get_de_id (item);

      if (de != NULL && g_hash_table_contains (touched, de))
        {
          g_ptr_array_index (self->items, i) =
              make_item (self, relais_entretien_item_get_doc (item));
          g_object_unref (item);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
        }
    }
  return renamed || batch->entretiens->len > 0;
}

/* Signal callbacks */

static void
on_watch_changed_cb (RelaisEntretienList *self, RelaisStoreWatch *watch)
{
  g_assert (RELAIS_IS_ENTRETIEN_LIST (self));

  relais_entretien_list_refresh (self);
}

/* GListModel */

static GType
relais_entretien_list_get_item_type (GListModel *model)
{
  return RELAIS_TYPE_ENTRETIEN_ITEM;
}

static guint
relais_entretien_list_get_n_items (GListModel *model)
{
  return RELAIS_ENTRETIEN_LIST (model)->items->len;
}

static gpointer
relais_entretien_list_get_item (GListModel *model, guint position)
{
  RelaisEntretienList *self = RELAIS_ENTRETIEN_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = relais_entretien_list_get_item_type;
  iface->get_n_items = relais_entretien_list_get_n_items;
  iface->get_item = relais_entretien_list_get_item;
}

/* Parent overrides */

static void
relais_entretien_list_constructed (GObject *object)
{
  RelaisEntretienList *self = RELAIS_ENTRETIEN_LIST (object);

  G_OBJECT_CLASS (relais_entretien_list_parent_class)->constructed (object);

  self->watch = relais_store_watch_new (self->context);
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (on_watch_changed_cb), self,
                           G_CONNECT_SWAPPED);
  relais_entretien_list_refresh (self);
}

static void
relais_entretien_list_dispose (GObject *object)
{
  RelaisEntretienList *self = RELAIS_ENTRETIEN_LIST (object);

  g_clear_object (&self->watch);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_entretien_list_parent_class)->dispose (object);
}

static void
relais_entretien_list_finalize (GObject *object)
{
  RelaisEntretienList *self = RELAIS_ENTRETIEN_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->de_docs, g_hash_table_unref);

  G_OBJECT_CLASS (relais_entretien_list_parent_class)->finalize (object);
}

static void
relais_entretien_list_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  RelaisEntretienList *self = RELAIS_ENTRETIEN_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_entretien_list_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  RelaisEntretienList *self = RELAIS_ENTRETIEN_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_entretien_list_class_init (RelaisEntretienListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = relais_entretien_list_constructed;
  object_class->dispose = relais_entretien_list_dispose;
  object_class->finalize = relais_entretien_list_finalize;
  object_class->get_property = relais_entretien_list_get_property;
  object_class->set_property = relais_entretien_list_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A refresh read interviews or DE: what derives from them (the
   * interviews due) must be computed again. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
relais_entretien_list_init (RelaisEntretienList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->de_docs =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
}

/* Public API */

RelaisEntretienList *
relais_entretien_list_new (RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  return g_object_new (RELAIS_TYPE_ENTRETIEN_LIST, "context", context, NULL);
}

RelaisContext *
relais_entretien_list_get_context (RelaisEntretienList *self)
{
  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_LIST (self), NULL);
  return self->context;
}

/* Reads what the store got since the last refresh and updates the items. */
void
relais_entretien_list_refresh (RelaisEntretienList *self)
{
  RelaisStore *store;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entretiens = NULL;
  g_autoptr (GPtrArray) entretien_ids = NULL;
  g_autoptr (GPtrArray) de_docs = NULL;
  g_autoptr (GPtrArray) deleted_de = NULL;
  Batch batch;
  guint64 last_seq = self->last_seq;

  g_return_if_fail (RELAIS_IS_ENTRETIEN_LIST (self));

  if ((store = relais_context_get_store (self->context)) == NULL)
    return;

  entretiens = g_ptr_array_new_with_free_func (unref_nullable);
  entretien_ids = g_ptr_array_new_with_free_func (g_free);
  de_docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  deleted_de = g_ptr_array_new_with_free_func (g_free);
  batch = (Batch){ entretiens, entretien_ids, de_docs, deleted_de };
  if (!relais_store_changes (store, self->last_seq, 0, RELAIS_CHANGES_INCLUDE_DOCS, collect_cb,
                             &batch, &last_seq, &error))
    {
      g_warning ("Cannot read the interviews of the store: %s", error->message);
      return;
    }
  self->last_seq = last_seq;
  if (apply_batch (self, &batch))
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Returns: (transfer none) (nullable): the de document of @de_id. */
JsonObject *
relais_entretien_list_get_de (RelaisEntretienList *self, const char *de_id)
{
  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_LIST (self), NULL);

  return de_id != NULL ? g_hash_table_lookup (self->de_docs, de_id) : NULL;
}

char *
relais_entretien_list_dup_de_name (RelaisEntretienList *self, const char *de_id)
{
  JsonObject *de = relais_entretien_list_get_de (self, de_id);
  char *name = de != NULL ? name_of (de) : NULL;

  return name != NULL ? name : g_strdup (de_id);
}

static gint
compare_by_name (gconstpointer a, gconstpointer b, gpointer user_data)
{
  RelaisEntretienList *self = user_data;
  g_autofree char *name_a = relais_entretien_list_dup_de_name (self, *(const char **) a);
  g_autofree char *name_b = relais_entretien_list_dup_de_name (self, *(const char **) b);

  return g_utf8_collate (name_a, name_b);
}

/* Returns: (transfer container) (element-type utf8): the ids of the DE
 * followed by @referent (every DE when NULL), by name. */
GPtrArray *
relais_entretien_list_get_de_ids (RelaisEntretienList *self, const char *referent)
{
  GPtrArray *ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_LIST (self), ids);

  g_hash_table_iter_init (&iter, self->de_docs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (referent == NULL ||
        g_strcmp0 (json_object_get_string_member_with_default (value, "referent", NULL),
                   referent) == 0)
      g_ptr_array_add (ids, key);
  g_ptr_array_sort_with_data (ids, compare_by_name, self);
  return ids;
}

/* Returns: (transfer container) (element-type JsonObject): every interview. */
GPtrArray *
relais_entretien_list_all_entretiens (RelaisEntretienList *self)
{
  GPtrArray *docs = g_ptr_array_new ();

  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_LIST (self), docs);

  for (guint i = 0; i < self->items->len; i++)
    g_ptr_array_add (docs, relais_entretien_item_get_doc (g_ptr_array_index (self->items, i)));
  return docs;
}

/* Returns: (transfer container) (element-type JsonObject): the
 * interviews of @de_id. */
GPtrArray *
relais_entretien_list_entretiens_of (RelaisEntretienList *self, const char *de_id)
{
  GPtrArray *docs = g_ptr_array_new ();

  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_LIST (self), docs);

  for (guint i = 0; i < self->items->len; i++)
    {
      RelaisEntretienItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (relais_entretien_item_get_de_id (item), de_id) == 0)
        g_ptr_array_add (docs, relais_entretien_item_get_doc (item));
    }
  return docs;
}

static gint
compare_due (gconstpointer a, gconstpointer b)
{
  const RelaisAgendaDue *da = *(RelaisAgendaDue *const *) a;
  const RelaisAgendaDue *db = *(RelaisAgendaDue *const *) b;
  int c = g_date_compare (&da->due, &db->due);

  return c != 0 ? c : g_strcmp0 (da->de_name, db->de_name);
}

/* Returns: (transfer full) (element-type RelaisAgendaDue): the mandatory
 * interviews (M4, M9) the DE of @referent (all when NULL) are due or
 * overdue for on @today, as the core's alerts say, earliest deadline
 * first, each with its planned interview when one is booked. */
GPtrArray *
relais_entretien_list_due (RelaisEntretienList *self, const GDate *today, const char *referent)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) relais_agenda_due_free);
  g_autoptr (GHashTable) by_de = NULL;
  g_autoptr (GPtrArray) ids = NULL;

  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_LIST (self), result);
  g_return_val_if_fail (today != NULL && g_date_valid (today), result);

  by_de = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < self->items->len; i++)
    {
      RelaisEntretienItem *item = g_ptr_array_index (self->items, i);
      const char *de = relais_entretien_item_get_de_id (item);
      GPtrArray *docs;

      if (de == NULL)
        continue;
      if ((docs = g_hash_table_lookup (by_de, de)) == NULL)
        g_hash_table_insert (by_de, (gpointer) de, docs = g_ptr_array_new ());
      g_ptr_array_add (docs, relais_entretien_item_get_doc (item));
    }

  ids = relais_entretien_list_get_de_ids (self, referent);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *de_id = g_ptr_array_index (ids, i);
      GPtrArray *entretiens = g_hash_table_lookup (by_de, de_id);
      g_autoptr (GPtrArray) alerts = relais_alerts_for_de (
          g_hash_table_lookup (self->de_docs, de_id), entretiens, NULL, today);

      for (guint j = 0; j < alerts->len; j++)
        {
          RelaisAlert *alert = g_ptr_array_index (alerts, j);
          const char *nature = relais_agenda_nature_for_alert (alert->kind);
          RelaisAgendaDue *due;
          JsonObject *planned;

          if (nature == NULL)
            continue;
          due = g_new0 (RelaisAgendaDue, 1);
          due->de_id = g_strdup (de_id);
          due->de_name = relais_entretien_list_dup_de_name (self, de_id);
          due->nature = nature;
          due->kind = alert->kind;
          due->level = alert->level;
          due->due = alert->due;
          due->message = g_strdup (alert->message);
          if ((planned = relais_agenda_find_planned (entretiens, de_id, nature)) != NULL)
            {
              g_autoptr (RelaisEntretienItem) item = relais_entretien_item_new (planned, NULL);

              due->planned_id = g_strdup (relais_doc_get_id (planned));
              due->planned_key = relais_entretien_item_get_sort_key (item);
            }
          g_ptr_array_add (result, due);
        }
    }
  g_ptr_array_sort (result, compare_due);
  return result;
}

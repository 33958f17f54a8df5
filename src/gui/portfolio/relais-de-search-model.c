/* relais-de-search-model.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The DE of a list that match a search typed in the portfolio, in the
 * list's order: a GListModel of RelaisDeItem, by the rules of the store's
 * full-text index (relais-search-text.h).
 *
 * Why not a GtkFilterListModel: it asks the source for each of its 20,000
 * items, references it and calls the filter through a closure on every
 * keystroke that widens the search or starts it, 6 to 9 ms for a first
 * letter, most of it waiting on memory for items spread across the heap.
 * This model keeps the items' word sketches side by side in one array, in
 * the source's order: a first letter reads 480 KB in order and touches
 * only the items that may match; a letter more rereads only the rows
 * still shown. It emits one items-changed around what changed.
 */

#define G_LOG_DOMAIN "relais-de-search-model"

#include "config.h"

#include "relais-de-item.h"
#include "relais-de-search-model.h"
#include "relais-search-text.h"

typedef struct
{
  RelaisSearchSketch sketch; /* a copy of the item's */
  RelaisDeItem *item;        /* owned */
} Entry;

struct _RelaisDeSearchModel
{
  GObject parent_instance;

  /* Owned References */
  GListModel *source;
  GArray *entries; /* Entry, one per source item, in its order */
  GArray *matches; /* guint: the source positions shown, ascending */
  char *folded;    /* the query folded, NULL: no search, every item */
  char **needles;
  RelaisSearchSketch sketch; /* of the needles */
  gboolean exact;            /* the sketch alone decides */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RelaisDeSearchModel,
                               relais_de_search_model,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_clear_object (&entry->item);
}

static void
entry_init (Entry *entry, RelaisDeItem *item)
{
  entry->item = item;
  entry->sketch = *relais_de_item_get_search_sketch (item);
}

static gboolean
entry_matches (RelaisDeSearchModel *self, const Entry *entry)
{
  if (self->folded == NULL)
    return TRUE;
  if (!relais_search_sketch_may_match (&entry->sketch, &self->sketch))
    return FALSE;
  return self->exact ||
         relais_de_item_matches_search (entry->item, (const char *const *) self->needles);
}

/* Tells the views about @old_matches becoming self->matches: one
 * items-changed between the rows that stayed at either end. @old_matches
 * holds source positions as they are now, G_MAXUINT for removed items. */
static void
emit_difference (RelaisDeSearchModel *self, GArray *old_matches)
{
  guint old_n = old_matches->len;
  guint new_n = self->matches->len;
  guint prefix = 0, suffix = 0;

  while (prefix < old_n && prefix < new_n &&
         g_array_index (old_matches, guint, prefix) == g_array_index (self->matches, guint, prefix))
    prefix++;
  while (suffix < old_n - prefix && suffix < new_n - prefix &&
         g_array_index (old_matches, guint, old_n - 1 - suffix) ==
             g_array_index (self->matches, guint, new_n - 1 - suffix))
    suffix++;
  if (prefix == old_n && prefix == new_n)
    return;
  g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_n - prefix - suffix,
                              new_n - prefix - suffix);
}

/* Matches again: among the rows shown when the search only narrowed,
 * among every item otherwise. */
static GArray *
refilter (RelaisDeSearchModel *self, gboolean narrower)
{
  GArray *old_matches = self->matches;
  GArray *matches = g_array_sized_new (FALSE, FALSE, sizeof (guint),
                                       narrower ? old_matches->len : self->entries->len);

  if (narrower)
    for (guint i = 0; i < old_matches->len; i++)
      {
        guint position = g_array_index (old_matches, guint, i);

        if (entry_matches (self, &g_array_index (self->entries, Entry, position)))
          g_array_append_val (matches, position);
      }
  else
    for (guint position = 0; position < self->entries->len; position++)
      if (entry_matches (self, &g_array_index (self->entries, Entry, position)))
        g_array_append_val (matches, position);
  self->matches = matches;
  return old_matches;
}

static void
source_items_changed_cb (
    RelaisDeSearchModel *self, guint position, guint removed, guint added, GListModel *source)
{
  g_autoptr (GArray) old_matches = NULL;

  g_array_remove_range (self->entries, position, removed);
  if (added > 0)
    {
      g_autofree Entry *inserted = g_new0 (Entry, added);

      for (guint i = 0; i < added; i++)
        entry_init (&inserted[i], g_list_model_get_item (source, position + i));
      g_array_insert_vals (self->entries, position, inserted, added);
    }

  old_matches = refilter (self, FALSE);
  /* The old rows' positions as the source has them now. */
  for (guint i = 0; i < old_matches->len; i++)
    {
      guint *old = &g_array_index (old_matches, guint, i);

      if (*old >= position + removed)
        *old = *old - removed + added;
      else if (*old >= position)
        *old = G_MAXUINT;
    }
  emit_difference (self, old_matches);
}

static GType
relais_de_search_model_get_item_type (GListModel *model)
{
  return RELAIS_TYPE_DE_ITEM;
}

static guint
relais_de_search_model_get_n_items (GListModel *model)
{
  return RELAIS_DE_SEARCH_MODEL (model)->matches->len;
}

static gpointer
relais_de_search_model_get_item (GListModel *model, guint position)
{
  RelaisDeSearchModel *self = RELAIS_DE_SEARCH_MODEL (model);

  if (position >= self->matches->len)
    return NULL;
  return g_object_ref (
      g_array_index (self->entries, Entry, g_array_index (self->matches, guint, position)).item);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = relais_de_search_model_get_item_type;
  iface->get_n_items = relais_de_search_model_get_n_items;
  iface->get_item = relais_de_search_model_get_item;
}

static void
relais_de_search_model_dispose (GObject *object)
{
  RelaisDeSearchModel *self = RELAIS_DE_SEARCH_MODEL (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (relais_de_search_model_parent_class)->dispose (object);
}

static void
relais_de_search_model_finalize (GObject *object)
{
  RelaisDeSearchModel *self = RELAIS_DE_SEARCH_MODEL (object);

  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->folded, g_free);
  g_clear_pointer (&self->needles, g_strfreev);

  G_OBJECT_CLASS (relais_de_search_model_parent_class)->finalize (object);
}

static void
relais_de_search_model_class_init (RelaisDeSearchModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relais_de_search_model_dispose;
  object_class->finalize = relais_de_search_model_finalize;
}

static void
relais_de_search_model_init (RelaisDeSearchModel *self)
{
  self->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));
}

/* Follows @source (a GListModel holding RelaisDeItem, referenced) from now on:
 * every item until a query is set. */
RelaisDeSearchModel *
relais_de_search_model_new (GListModel *source)
{
  RelaisDeSearchModel *self;
  guint n_items;

  g_return_val_if_fail (G_IS_LIST_MODEL (source), NULL);
  /* GtkSortListModel says G_TYPE_OBJECT whatever it holds. */
  g_return_val_if_fail (g_type_is_a (RELAIS_TYPE_DE_ITEM, g_list_model_get_item_type (source)),
                        NULL);

  self = g_object_new (RELAIS_TYPE_DE_SEARCH_MODEL, NULL);
  self->source = g_object_ref (source);
  n_items = g_list_model_get_n_items (source);
  g_array_set_size (self->entries, n_items);
  for (guint i = 0; i < n_items; i++)
    {
      entry_init (&g_array_index (self->entries, Entry, i), g_list_model_get_item (source, i));
      g_array_append_val (self->matches, i);
    }
  g_signal_connect_object (source, "items-changed", G_CALLBACK (source_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

/**
 * relais_de_search_model_set_query:
 * @text: (nullable): what the counsellor typed; NULL, or no word, shows
 *   every item
 *
 * Returns: TRUE if the search changed (not only its spaces or case).
 */
gboolean
relais_de_search_model_set_query (RelaisDeSearchModel *self, const char *text)
{
  g_autofree char *folded = NULL;
  g_autofree char *old = NULL;
  g_autoptr (GArray) old_matches = NULL;
  gboolean narrower;

  g_return_val_if_fail (RELAIS_IS_DE_SEARCH_MODEL (self), FALSE);

  folded = relais_search_text_fold (text);
  if (*folded == '\0')
    g_clear_pointer (&folded, g_free);
  if (g_strcmp0 (folded, self->folded) == 0)
    return FALSE;

  /* A folded query extending another matches a subset of what it did. */
  narrower = self->folded == NULL || (folded != NULL && g_str_has_prefix (folded, self->folded));
  old = g_steal_pointer (&self->folded);
  g_clear_pointer (&self->needles, g_strfreev);
  if (folded != NULL)
    {
      self->needles = relais_search_text_needles (folded);
      relais_search_sketch_of_needles ((const char *const *) self->needles, &self->sketch);
      self->exact = relais_search_sketch_decides ((const char *const *) self->needles);
      self->folded = g_steal_pointer (&folded);
    }
  old_matches = refilter (self, narrower);
  emit_difference (self, old_matches);
  return TRUE;
}

/* Whether a search is set: some items may be hidden. */
gboolean
relais_de_search_model_get_active (RelaisDeSearchModel *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_SEARCH_MODEL (self), FALSE);

  return self->folded != NULL;
}

/* The items' search texts changed in place (the list's load read the
 * full-text index's after showing the items): match them again. */
void
relais_de_search_model_refresh (RelaisDeSearchModel *self)
{
  g_autoptr (GArray) old_matches = NULL;

  g_return_if_fail (RELAIS_IS_DE_SEARCH_MODEL (self));

  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = &g_array_index (self->entries, Entry, i);

      entry->sketch = *relais_de_item_get_search_sketch (entry->item);
    }
  old_matches = refilter (self, FALSE);
  emit_difference (self, old_matches);
}

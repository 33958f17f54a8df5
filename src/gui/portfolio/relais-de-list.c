/* relais-de-list.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Every job seeker of the local store as a GListModel of RelaisDeItem.
 *
 * A load runs in a GTask thread on a store connection of its own (a
 * RelaisStore is one SQLite connection, used by one thread at a time) and
 * swaps the items in at the end with a single precise items-changed. It
 * asks the store for the few members the list shows
 * (relais_store_select_fields()) rather than every document: reading the
 * changes feed and parsing 140,000 bodies with json-glib took seconds and
 * hundreds of MB for a 20,000-DE agency.
 *
 * The same thread reads the members of the interviews and contacts that
 * the core computes the alerts from (relais-alerts.h), computes them, and
 * drops those documents: an item keeps its alerts, and an item rebuilt
 * after a save reads its DE's interviews and contacts again from the
 * store. It also reads the portefeuilles, whose load the view checks
 * against their capacity.
 */

#define G_LOG_DOMAIN "relais-de-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "relais-alerts.h"
#include "relais-de-list.h"
#include "relais-search-text.h"
#include "relais-store-query.h"

/* The load connection reads each page once: SQLite's cache would only
 * keep the 40 MB it went through in the app's memory. */
#define LOAD_CACHE_KIB 2048

struct _RelaisDeList
{
  GObject parent_instance;

  /* Owned References */
  RelaisContext *context;
  GPtrArray *items;
  GPtrArray *portefeuilles; /* JsonObject */
  GHashTable *counts;       /* portefeuille id → its number of items */

  guint n_loads;
  guint n_item_loads; /* loads whose items are not in yet */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RelaisDeList,
                               relais_de_list,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_LOADING,
  PROP_LOADING_ITEMS,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The members of the interviews and contacts that relais_alerts_for_de()
 * reads (relais-alerts.c), besides their _id. "de" is what they are
 * grouped by. */
static const char *const entretien_fields[] = { "de",  "nature",   "statut", "date",
                                                "eid", "eid_date", NULL };
static const char *const contact_fields[] = { "de", "date", "escalade.statut", "escalade.motif",
                                              NULL };

#define MAX_RELATED_FIELDS 6

/* An interview or a contact: its id and the values of its fields. */
typedef struct
{
  const char *id;
  const char *values[MAX_RELATED_FIELDS + 1];
} RelatedRow;

/* The documents about one DE that its alerts depend on. They stay plain
 * strings until the DE's alerts are computed: JsonObjects come from
 * GLib 2.74's slice allocator, which keeps all it ever handed out, and
 * 75,000 of them at once held 90 MB of the app's memory after the load. */
typedef struct
{
  GArray *entretiens; /* RelatedRow */
  GArray *contacts;   /* RelatedRow */
} Related;

typedef struct
{
  GHashTable *table; /* de id → Related */
  GStringChunk *strings;
} RelatedSet;

typedef struct
{
  RelatedSet *set;
  const char *const *fields;
  gboolean contacts;
} RelatedReader;

/* What a load reads before it hands the items over: the rows, the
 * portefeuilles and their counts, and the store connection it goes on
 * reading with. */
typedef struct
{
  RelaisStore *store;
  GPtrArray *items;         /* sorted by last name */
  GPtrArray *portefeuilles; /* JsonObject */
  GHashTable *counts;       /* portefeuille id → number of items */
} ItemsPhase;

/* The app's first load, started by relais_de_list_preload() while GTK
 * starts up (~230 ms on a loaded machine), and taken over by the first
 * relais_de_list_load_async() on the same store and day. */
typedef struct
{
  char *store_path;
  GDate today;
  GThread *thread;
  /* Written by the thread, read after joining it. */
  ItemsPhase phase;
  GError *error;
} Preload;

/* Main thread only. */
static Preload *pending_preload;

typedef struct
{
  char *store_path;
  GDate today;
  Preload *preload; /* (nullable) the first phase, started earlier */
  ItemsPhase phase;
  GMainContext *context;     /* where the list lives */
  GTask *task;               /* the caller's, for the items' hand-over */
  GCancellable *cancellable; /* borrowed from the task, in the thread */
  GPtrArray *alerts;         /* (element-type GPtrArray): per item */
  GHashTable *search_texts;  /* id → folded text of the full-text index */
  gboolean shown;            /* main thread only: the items were swapped in */
} LoadData;

/* The items of a load, handed to the main thread before their alerts. */
typedef struct
{
  GTask *worker;
  GPtrArray *items;   /* the main thread's references */
  GHashTable *counts; /* the main thread's copy */
} ItemsReady;

/* Auxiliary methods */

static void
related_free (Related *related)
{
  g_array_unref (related->entretiens);
  g_array_unref (related->contacts);
  g_free (related);
}

static void
related_set_init (RelatedSet *set)
{
  set->table = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) related_free);
  set->strings = g_string_chunk_new (64 * 1024);
}

static void
related_set_clear (RelatedSet *set)
{
  g_clear_pointer (&set->table, g_hash_table_unref);
  if (set->strings != NULL)
    g_string_chunk_free (g_steal_pointer (&set->strings));
}

static GPtrArray *
json_objects_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

static Related *
lookup_related (RelatedSet *set, const char *de_id)
{
  Related *related = g_hash_table_lookup (set->table, de_id);

  if (related == NULL)
    {
      related = g_new0 (Related, 1);
      related->entretiens = g_array_new (FALSE, FALSE, sizeof (RelatedRow));
      related->contacts = g_array_new (FALSE, FALSE, sizeof (RelatedRow));
      g_hash_table_insert (set->table, g_string_chunk_insert (set->strings, de_id), related);
    }
  return related;
}

/* The document as the core reads it, rebuilt from the members the store
 * extracted: "escalade.statut" becomes the member "statut" of the object
 * "escalade". Members the store had no string for stay absent, as the
 * core's readers treat an absent member and a non-string one alike. */
static JsonObject *
object_from_fields (const char *id, const char *const *fields, const char *const *values)
{
  JsonObject *doc = json_object_new ();

  json_object_set_string_member (doc, "_id", id);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *dot = strchr (fields[i], '.');
      g_autofree char *parent = NULL;
      JsonObject *object = doc;

      if (values[i] == NULL)
        continue;
      if (dot != NULL)
        {
          parent = g_strndup (fields[i], dot - fields[i]);
          if (json_object_has_member (doc, parent))
            object = json_object_get_object_member (doc, parent);
          else
            {
              object = json_object_new ();
              json_object_set_object_member (doc, parent, object);
            }
        }
      json_object_set_string_member (object, dot != NULL ? dot + 1 : fields[i], values[i]);
    }
  return doc;
}

static gboolean
collect_related_cb (const char *id, const char *const *values, gpointer user_data)
{
  RelatedReader *reader = user_data;
  RelatedRow row = { NULL };
  Related *related;

  /* values[0] is "de": an interview of nobody has no alert to give. */
  if (values[0] == NULL)
    return TRUE;
  related = lookup_related (reader->set, values[0]);
  row.id = g_string_chunk_insert (reader->set->strings, id);
  for (guint i = 0; reader->fields[i] != NULL; i++)
    row.values[i] = values[i] ? g_string_chunk_insert (reader->set->strings, values[i]) : NULL;
  g_array_append_val (reader->contacts ? related->contacts : related->entretiens, row);
  return TRUE;
}

/* Fills @set with the interviews and contacts of @de_id, or of every DE
 * when @de_id is NULL. */
static gboolean
read_related (RelaisStore *store, const char *de_id, RelatedSet *set, GError **error)
{
  RelatedReader entretiens = { set, entretien_fields, FALSE };
  RelatedReader contacts = { set, contact_fields, TRUE };

  G_STATIC_ASSERT (G_N_ELEMENTS (entretien_fields) <= MAX_RELATED_FIELDS + 1);
  G_STATIC_ASSERT (G_N_ELEMENTS (contact_fields) <= MAX_RELATED_FIELDS + 1);

  return relais_store_select_fields (store, "entretien", entretien_fields, de_id ? "de" : NULL,
                                     de_id, collect_related_cb, &entretiens, error) &&
         relais_store_select_fields (store, "contact", contact_fields, de_id ? "de" : NULL, de_id,
                                     collect_related_cb, &contacts, error);
}

static GPtrArray *
objects_from_rows (GArray *rows, const char *const *fields)
{
  GPtrArray *objects = json_objects_new ();

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const RelatedRow *row = &g_array_index (rows, RelatedRow, i);

      g_ptr_array_add (objects, object_from_fields (row->id, fields, row->values));
    }
  return objects;
}

/* The JSON objects live only while the core reads them. */
static GPtrArray *
compute_alerts (const char *id, JsonObject *de, RelatedSet *set, const GDate *today)
{
  Related *related = id != NULL ? g_hash_table_lookup (set->table, id) : NULL;
  g_autoptr (GPtrArray) entretiens =
      objects_from_rows (related ? related->entretiens : NULL, entretien_fields);
  g_autoptr (GPtrArray) contacts =
      objects_from_rows (related ? related->contacts : NULL, contact_fields);

  return relais_alerts_for_de (de, entretiens, contacts, today);
}

/* The DE as the core reads it, from the members the item holds. */
static JsonObject *
de_object_from_item (RelaisDeItem *item)
{
  const char *values[RELAIS_DE_ITEM_N_FIELDS + 1] = {
    [RELAIS_DE_ITEM_FIELD_NOM] = relais_de_item_get_nom (item),
    [RELAIS_DE_ITEM_FIELD_PRENOM] = relais_de_item_get_prenom (item),
    [RELAIS_DE_ITEM_FIELD_IDENTIFIANT] = relais_de_item_get_identifiant (item),
    [RELAIS_DE_ITEM_FIELD_MODALITE] = relais_de_item_get_modalite_code (item),
    [RELAIS_DE_ITEM_FIELD_DATE_INSCRIPTION] = relais_de_item_get_date_inscription (item),
    [RELAIS_DE_ITEM_FIELD_REFERENT] = relais_de_item_get_referent (item),
    [RELAIS_DE_ITEM_FIELD_PORTEFEUILLE] = relais_de_item_get_portefeuille (item),
  };

  return object_from_fields (relais_de_item_get_id (item), relais_de_item_fields, values);
}

static void
items_phase_clear (ItemsPhase *phase)
{
  g_clear_object (&phase->store);
  g_clear_pointer (&phase->items, g_ptr_array_unref);
  g_clear_pointer (&phase->portefeuilles, g_ptr_array_unref);
  g_clear_pointer (&phase->counts, g_hash_table_unref);
}

static void
preload_free (Preload *preload)
{
  if (preload->thread != NULL)
    g_thread_join (preload->thread);
  items_phase_clear (&preload->phase);
  g_clear_error (&preload->error);
  g_free (preload->store_path);
  g_free (preload);
}

static void
load_data_free (LoadData *data)
{
  g_free (data->store_path);
  g_clear_pointer (&data->preload, preload_free);
  items_phase_clear (&data->phase);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_clear_object (&data->task);
  g_clear_pointer (&data->alerts, g_ptr_array_unref);
  g_clear_pointer (&data->search_texts, g_hash_table_unref);
  g_free (data);
}

typedef struct
{
  GPtrArray *items;
  const GDate *today;
  GCancellable *cancellable;
} ItemsReader;

static gboolean
collect_de_cb (const char *id, const char *const *values, gpointer user_data)
{
  ItemsReader *reader = user_data;

  if (g_cancellable_is_cancelled (reader->cancellable))
    return FALSE;
  g_ptr_array_add (reader->items, relais_de_item_new_from_fields (id, values, reader->today));
  return TRUE;
}

static GHashTable *
counts_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
count_add (GHashTable *counts, const char *portefeuille, int delta)
{
  guint n;

  if (portefeuille == NULL)
    return;
  n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, portefeuille)) + delta;
  if (n == 0)
    g_hash_table_remove (counts, portefeuille);
  else
    g_hash_table_replace (counts, g_strdup (portefeuille), GUINT_TO_POINTER (n));
}

static GHashTable *
counts_copy (GHashTable *counts)
{
  GHashTable *copy = counts_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), value);
  return copy;
}

static gboolean
collect_search_text_cb (const char *id, const char *text, gpointer user_data)
{
  g_hash_table_insert (user_data, g_strdup (id), relais_search_text_fold (text));
  return TRUE;
}

/* Returns: (transfer full) (nullable): @id's text, taken out of @texts. */
static char *
steal_search_text (GHashTable *texts, const char *id)
{
  g_autofree char *key = NULL;
  char *text = NULL;

  if (id == NULL || !g_hash_table_steal_extended (texts, id, (gpointer *) &key, (gpointer *) &text))
    return NULL;
  return text;
}

static gboolean
read_portefeuilles (RelaisStore *store, GPtrArray *portefeuilles, GError **error)
{
  g_autoptr (GPtrArray) ids =
      relais_store_find_by_field (store, "portefeuille", "type", "portefeuille", error);

  if (ids == NULL)
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *doc = relais_store_get (store, ids->pdata[i], NULL, RELAIS_GET_NONE, NULL);

      /* Deleted since the id was read: nothing to count it against. */
      if (doc != NULL)
        g_ptr_array_add (portefeuilles, doc);
    }
  return TRUE;
}

static void
items_ready_free (ItemsReady *ready)
{
  g_object_unref (ready->worker);
  g_ptr_array_unref (ready->items);
  g_hash_table_unref (ready->counts);
  g_free (ready);
}

/* On the main thread, once per load: the DE are shown, their alerts
 * follow. @items: NULL when the load failed before reading them. */
static void
show_items (LoadData *data, GPtrArray *items, GHashTable *counts)
{
  RelaisDeList *self;
  guint old_len;

  /* The load's end may have shown them first, and let the list go. */
  if (data->shown)
    return;
  data->shown = TRUE;
  self = g_task_get_source_object (data->task);
  g_assert (RELAIS_IS_DE_LIST (self));
  old_len = self->items->len;
  self->n_item_loads--;
  if (items != NULL && !g_cancellable_is_cancelled (g_task_get_cancellable (data->task)))
    {
      g_clear_pointer (&self->items, g_ptr_array_unref);
      self->items = g_ptr_array_ref (items);
      g_clear_pointer (&self->portefeuilles, g_ptr_array_unref);
      self->portefeuilles = g_ptr_array_ref (data->phase.portefeuilles);
      g_clear_pointer (&self->counts, g_hash_table_unref);
      self->counts = g_hash_table_ref (counts);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
      if (old_len != self->items->len)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  if (self->n_item_loads == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING_ITEMS]);
}

static gboolean
items_ready_cb (gpointer user_data)
{
  ItemsReady *ready = user_data;

  show_items (g_task_get_task_data (ready->worker), ready->items, ready->counts);
  return G_SOURCE_REMOVE;
}

/* Queues the items for the list's thread. Not g_main_context_invoke():
 * when the list's context is the default one and the main thread is
 * between two iterations, the worker acquires it and would run the
 * callback itself, emitting items-changed in the worker while GTK lays
 * out the window (random criticals in gtk_list_view and gtk_widget_root). */
static void
hand_over (GMainContext *context, ItemsReady *ready)
{
  g_autoptr (GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, items_ready_cb, ready, (GDestroyNotify) items_ready_free);
  g_source_set_static_name (source, "[relais] DE list items");
  g_source_attach (source, context);
}

static int
compare_items_by_nom_key (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (relais_de_item_get_nom_key (*(RelaisDeItem *const *) a),
                    relais_de_item_get_nom_key (*(RelaisDeItem *const *) b));
}

static GPtrArray *
copy_items (GPtrArray *items)
{
  GPtrArray *copy = g_ptr_array_new_full (items->len, g_object_unref);

  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (copy, g_object_ref (g_ptr_array_index (items, i)));
  return copy;
}

/* The first phase of a load: every DE's row from the store's list table,
 * sorted, the portefeuilles and how many DE each holds (the capacity
 * banner's count, kept off the main thread). The connection stays open
 * in @phase for the second phase. */
static gboolean
read_items (const char *store_path,
            const GDate *today,
            GCancellable *cancellable,
            ItemsPhase *phase,
            GError **error)
{
  ItemsReader reader = { NULL, today, cancellable };

  phase->items = g_ptr_array_new_with_free_func (g_object_unref);
  phase->portefeuilles = json_objects_new ();
  phase->counts = counts_new ();
  reader.items = phase->items;
  if ((phase->store = relais_store_open (store_path, error)) == NULL ||
      !relais_store_set_cache_size (phase->store, LOAD_CACHE_KIB, error) ||
      !relais_store_select_de_list (phase->store, collect_de_cb, &reader, error) ||
      !read_portefeuilles (phase->store, phase->portefeuilles, error))
    return FALSE;

  /* In the order the portfolio opens in (by last name, as
   * compare_nom_keys() in the view): GtkSortListModel's timsort then
   * checks 20,000 sorted items in one pass on the main thread instead of
   * sorting them there (half a second under load). */
  g_ptr_array_sort (phase->items, compare_items_by_nom_key);
  for (guint i = 0; i < phase->items->len; i++)
    count_add (phase->counts, relais_de_item_get_portefeuille (g_ptr_array_index (phase->items, i)),
               1);
  return TRUE;
}

static gpointer
preload_thread (gpointer user_data)
{
  Preload *preload = user_data;

  read_items (preload->store_path, &preload->today, NULL, &preload->phase, &preload->error);
  return NULL;
}

static void
load_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  LoadData *data = task_data;
  RelaisStore *store;
  RelatedSet related;
  g_autoptr (GError) error = NULL;
  ItemsReady *ready;

  data->cancellable = cancellable;
  if (data->preload != NULL)
    {
      /* Waits here, in the worker, for the phase the app started early. */
      g_thread_join (g_steal_pointer (&data->preload->thread));
      data->phase = data->preload->phase;
      memset (&data->preload->phase, 0, sizeof data->preload->phase);
      if (data->preload->error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&data->preload->error));
          return;
        }
    }
  else if (!read_items (data->store_path, &data->today, cancellable, &data->phase, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  store = data->phase.store;

  /* The rows first: the alerts need the interviews and contacts, three
   * times as many documents. The main thread gets its own references, the
   * thread keeps reading the items' members (immutable) for the alerts. */
  ready = g_new0 (ItemsReady, 1);
  ready->worker = g_object_ref (task);
  ready->items = copy_items (data->phase.items);
  ready->counts = counts_copy (data->phase.counts);
  hand_over (data->context, ready);

  /* The search matches the names until the skills' words come in. */
  data->search_texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!relais_store_select_de_search_texts (store, NULL, collect_search_text_cb, data->search_texts,
                                            &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  related_set_init (&related);
  if (!read_related (store, NULL, &related, &error))
    {
      related_set_clear (&related);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data->alerts = g_ptr_array_new_full (data->phase.items->len, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < data->phase.items->len; i++)
    {
      RelaisDeItem *item = g_ptr_array_index (data->phase.items, i);
      g_autoptr (JsonObject) de = de_object_from_item (item);

      g_ptr_array_add (data->alerts,
                       compute_alerts (relais_de_item_get_id (item), de, &related, &data->today));
    }

  /* Before returning: the main thread trims the heap once the task is
   * done, and these are most of what the load allocated. */
  related_set_clear (&related);
  g_clear_object (&data->phase.store);
  g_task_return_boolean (task, TRUE);
}

static void
load_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (GTask) task = user_data;
  RelaisDeList *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  g_assert (RELAIS_IS_DE_LIST (self));

  /* The hand-over may still be queued (it is dropped then), or never
   * came (the load failed first). */
  if (ok)
    {
      g_autoptr (GPtrArray) items = copy_items (data->phase.items);

      show_items (data, items, data->phase.counts);
    }
  else
    show_items (data, NULL, NULL);

  /* Items replaced since (a save, a later load) get theirs elsewhere;
   * setting these is harmless. */
  if (ok)
    for (guint i = 0; i < data->phase.items->len; i++)
      {
        RelaisDeItem *item = g_ptr_array_index (data->phase.items, i);

        relais_de_item_set_alerts (item, g_ptr_array_index (data->alerts, i));
        relais_de_item_take_search_text (
            item, steal_search_text (data->search_texts, relais_de_item_get_id (item)));
      }

  self->n_loads--;
  if (self->n_loads == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

#ifdef __GLIBC__
  /* The thread freed the interviews and contacts it read (tens of MB in
   * small blocks): give the pages back rather than keep them in the
   * app's memory until the next load. */
  malloc_trim (0);
#endif

  /* The worker task, and its data, may be freed in the thread pool: the
   * list must not be finalized there. */
  g_clear_object (&data->task);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* GListModel */

static GType
relais_de_list_get_item_type (GListModel *model)
{
  return RELAIS_TYPE_DE_ITEM;
}

static guint
relais_de_list_get_n_items (GListModel *model)
{
  return RELAIS_DE_LIST (model)->items->len;
}

static gpointer
relais_de_list_get_item (GListModel *model, guint position)
{
  RelaisDeList *self = RELAIS_DE_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = relais_de_list_get_item_type;
  iface->get_n_items = relais_de_list_get_n_items;
  iface->get_item = relais_de_list_get_item;
}

/* Parent overrides */

static void
relais_de_list_dispose (GObject *object)
{
  RelaisDeList *self = RELAIS_DE_LIST (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_de_list_parent_class)->dispose (object);
}

static void
relais_de_list_finalize (GObject *object)
{
  RelaisDeList *self = RELAIS_DE_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->portefeuilles, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_hash_table_unref);

  G_OBJECT_CLASS (relais_de_list_parent_class)->finalize (object);
}

static void
relais_de_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisDeList *self = RELAIS_DE_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->n_loads > 0);
      break;

    case PROP_LOADING_ITEMS:
      g_value_set_boolean (value, self->n_item_loads > 0);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_de_list_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelaisDeList *self = RELAIS_DE_LIST (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_LOADING:
    case PROP_LOADING_ITEMS:
    case PROP_N_ITEMS:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_de_list_class_init (RelaisDeListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = relais_de_list_dispose;
  object_class->finalize = relais_de_list_finalize;
  object_class->get_property = relais_de_list_get_property;
  object_class->set_property = relais_de_list_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
      g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE until the items of every running load are in; "loading" stays
   * TRUE until their alerts are too. */
  properties[PROP_LOADING_ITEMS] =
      g_param_spec_boolean ("loading-items", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
      g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relais_de_list_init (RelaisDeList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->portefeuilles = json_objects_new ();
  self->counts = counts_new ();
}

/* Public API */

RelaisDeList *
relais_de_list_new (RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  return g_object_new (RELAIS_TYPE_DE_LIST, "context", context, NULL);
}

RelaisContext *
relais_de_list_get_context (RelaisDeList *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_LIST (self), NULL);

  return self->context;
}

/* TRUE while a load runs, until its items and their alerts are in. */
gboolean
relais_de_list_get_loading (RelaisDeList *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_LIST (self), FALSE);

  return self->n_loads > 0;
}

/* TRUE while a load runs, until its items are in: they come before their
 * alerts, which the items then notify (RelaisDeItem:alert-rank…). */
gboolean
relais_de_list_get_loading_items (RelaisDeList *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_LIST (self), FALSE);

  return self->n_item_loads > 0;
}

/* Reads every job seeker of the context's store again and replaces the
 * items when done. */
void
relais_de_list_load_async (RelaisDeList *self,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GTask) worker = NULL;
  LoadData *data;

  g_return_if_fail (RELAIS_IS_DE_LIST (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, relais_de_list_load_async);

  data = g_new0 (LoadData, 1);
  data->store_path = g_strdup (relais_context_get_store_path (self->context));
  data->today = *relais_context_get_today (self->context);
  if (pending_preload != NULL && g_strcmp0 (pending_preload->store_path, data->store_path) == 0 &&
      g_date_compare (&pending_preload->today, &data->today) == 0)
    data->preload = g_steal_pointer (&pending_preload);
  data->context = g_main_context_ref_thread_default ();
  data->task = g_object_ref (task);

  /* The outer task reports to the caller; the worker task owns the data
   * and hands the items over on the main thread. The worker has no source
   * object: the thread pool may drop its last reference after the main
   * thread is done, and the list must not be finalized in that thread. */
  worker = g_task_new (NULL, cancellable, load_done_cb, g_steal_pointer (&task));
  g_task_set_source_tag (worker, load_thread);
  g_task_set_task_data (worker, data, (GDestroyNotify) load_data_free);
  g_task_set_return_on_cancel (worker, FALSE);

  if (self->n_loads++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (self->n_item_loads++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING_ITEMS]);

  g_task_run_in_thread (worker, load_thread);
}

gboolean
relais_de_list_load_finish (RelaisDeList *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (RELAIS_IS_DE_LIST (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Replaces the item of @doc's DE after a save, with one items-changed, so
 * that views over the list follow without reading every DE again. Its
 * alerts come from its interviews and contacts as the store has them now. */
void
relais_de_list_update (RelaisDeList *self, JsonObject *doc)
{
  RelaisStore *store;
  const char *id;

  g_return_if_fail (RELAIS_IS_DE_LIST (self));
  g_return_if_fail (doc != NULL);

  store = relais_context_get_store (self->context);
  id = json_object_get_string_member_with_default (doc, "_id", NULL);
  for (guint i = 0; id != NULL && i < self->items->len; i++)
    if (g_strcmp0 (relais_de_item_get_id (g_ptr_array_index (self->items, i)), id) == 0)
      {
        const GDate *today = relais_context_get_today (self->context);
        g_autoptr (GError) error = NULL;
        g_autoptr (GPtrArray) alerts = NULL;
        RelaisDeItem *item = relais_de_item_new_from_json (doc, today);
        RelatedSet related;

        related_set_init (&related);
        if (store != NULL && !read_related (store, id, &related, &error))
          g_warning ("Could not read the interviews of %s: %s", id, error->message);
        alerts = compute_alerts (id, doc, &related, today);
        relais_de_item_set_alerts (item, alerts);
        related_set_clear (&related);
        if (store != NULL)
          {
            g_autoptr (GHashTable) texts =
                g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

            g_clear_error (&error);
            if (!relais_store_select_de_search_texts (store, id, collect_search_text_cb, texts,
                                                      &error))
              g_warning ("Could not read the search text of %s: %s", id, error->message);
            relais_de_item_take_search_text (item, steal_search_text (texts, id));
          }
        count_add (self->counts,
                   relais_de_item_get_portefeuille (g_ptr_array_index (self->items, i)), -1);
        count_add (self->counts, relais_de_item_get_portefeuille (item), 1);
        g_object_unref (g_ptr_array_index (self->items, i));
        g_ptr_array_index (self->items, i) = item;
        g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
        return;
      }
}

/* Returns: (transfer none) (element-type JsonObject): the portefeuille
 * documents of the store, as of the last load. */
GPtrArray *
relais_de_list_get_portefeuilles (RelaisDeList *self)
{
  g_return_val_if_fail (RELAIS_IS_DE_LIST (self), NULL);

  return self->portefeuilles;
}

/* How many of the list's DE are in the portefeuille @portefeuille_id, as
 * of the last load and the updates since: counted by the load's thread,
 * so that the capacity banner walks no list on the main thread. */
guint
relais_de_list_count_in_portefeuille (RelaisDeList *self, const char *portefeuille_id)
{
  g_return_val_if_fail (RELAIS_IS_DE_LIST (self), 0);
  g_return_val_if_fail (portefeuille_id != NULL, 0);

  return GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, portefeuille_id));
}

/**
 * relais_de_list_preload:
 * @store_path: the store the app's window will open
 * @today: (nullable): the day it will count from; NULL for today
 *
 * Starts reading the DE rows in a thread of their own before there is a
 * list, a window or even GTK: the app calls it first thing in its
 * startup, so that the store's read (~100 ms for 20,000 DE) overlaps
 * GTK's and libadwaita's start-up instead of following it. The first
 * relais_de_list_load_async() on the same store and day takes the rows
 * over. Nothing starts when the file is missing (the context then waits
 * for a first sync) or when a preload is pending already.
 */
void
relais_de_list_preload (const char *store_path, const GDate *today)
{
  Preload *preload;

  g_return_if_fail (store_path != NULL);

  if (pending_preload != NULL || !g_file_test (store_path, G_FILE_TEST_EXISTS))
    return;

  preload = g_new0 (Preload, 1);
  preload->store_path = g_strdup (store_path);
  if (today != NULL && g_date_valid (today))
    preload->today = *today;
  else
    {
      /* As RelaisContext counts "today". */
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (&preload->today, 1);
      g_date_set_dmy (&preload->today, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));
    }
  preload->thread = g_thread_new ("relais-de-preload", preload_thread, preload);
  pending_preload = preload;
}

/* Drops a preload no list took (the app quits before its window). */
void
relais_de_list_cancel_preload (void)
{
  g_clear_pointer (&pending_preload, preload_free);
}

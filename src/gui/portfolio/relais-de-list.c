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

typedef struct
{
  char *store_path;
  GDate today;
  GMainContext *context;     /* where the list lives */
  GTask *task;               /* the caller's, for the items' hand-over */
  GCancellable *cancellable; /* borrowed from the task, in the thread */
  GPtrArray *items;          /* the thread's references */
  GPtrArray *alerts;         /* (element-type GPtrArray): per item */
  GHashTable *search_texts;  /* id → folded text of the full-text index */
  GPtrArray *portefeuilles;
  gboolean shown; /* main thread only: the items were swapped in */
} LoadData;

/* The items of a load, handed to the main thread before their alerts. */
typedef struct
{
  GTask *worker;
  GPtrArray *items; /* the main thread's references */
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
load_data_free (LoadData *data)
{
  g_free (data->store_path);
  g_clear_pointer (&data->context, g_main_context_unref);
  g_clear_object (&data->task);
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_clear_pointer (&data->alerts, g_ptr_array_unref);
  g_clear_pointer (&data->search_texts, g_hash_table_unref);
  g_clear_pointer (&data->portefeuilles, g_ptr_array_unref);
  g_free (data);
}

static gboolean
collect_de_cb (const char *id, const char *const *values, gpointer user_data)
{
  LoadData *data = user_data;

  if (g_cancellable_is_cancelled (data->cancellable))
    return FALSE;
  g_ptr_array_add (data->items, relais_de_item_new_from_fields (id, values, &data->today));
  return TRUE;
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
  g_free (ready);
}

/* On the main thread, once per load: the DE are shown, their alerts
 * follow. @items: NULL when the load failed before reading them. */
static void
show_items (LoadData *data, GPtrArray *items)
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
      self->portefeuilles = g_ptr_array_ref (data->portefeuilles);
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

  show_items (g_task_get_task_data (ready->worker), ready->items);
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

static void
load_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr (RelaisStore) store = NULL;
  RelatedSet related;
  g_autoptr (GError) error = NULL;
  ItemsReady *ready;

  data->cancellable = cancellable;
  if ((store = relais_store_open (data->store_path, &error)) == NULL ||
      !relais_store_set_cache_size (store, LOAD_CACHE_KIB, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!relais_store_select_fields (store, "de", relais_de_item_fields, NULL, NULL, collect_de_cb,
                                   data, &error) ||
      !read_portefeuilles (store, data->portefeuilles, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  /* In the order the portfolio opens in (by last name, as
   * compare_nom_keys() in the view): GtkSortListModel's timsort then
   * checks 20,000 sorted items in one pass on the main thread instead of
   * sorting them there (half a second under load). */
  g_ptr_array_sort (data->items, compare_items_by_nom_key);

  /* The rows first: the alerts need the interviews and contacts, three
   * times as many documents. The main thread gets its own references, the
   * thread keeps reading the items' members (immutable) for the alerts. */
  ready = g_new0 (ItemsReady, 1);
  ready->worker = g_object_ref (task);
  ready->items = copy_items (data->items);
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

  data->alerts = g_ptr_array_new_full (data->items->len, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < data->items->len; i++)
    {
      RelaisDeItem *item = g_ptr_array_index (data->items, i);
      g_autoptr (JsonObject) de = de_object_from_item (item);

      g_ptr_array_add (data->alerts,
                       compute_alerts (relais_de_item_get_id (item), de, &related, &data->today));
    }

  /* Before returning: the main thread trims the heap once the task is
   * done, and these are most of what the load allocated. */
  related_set_clear (&related);
  g_clear_object (&store);
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
      g_autoptr (GPtrArray) items = copy_items (data->items);

      show_items (data, items);
    }
  else
    show_items (data, NULL);

  /* Items replaced since (a save, a later load) get theirs elsewhere;
   * setting these is harmless. */
  if (ok)
    for (guint i = 0; i < data->items->len; i++)
      {
        RelaisDeItem *item = g_ptr_array_index (data->items, i);

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
  data->items = g_ptr_array_new_with_free_func (g_object_unref);
  data->portefeuilles = json_objects_new ();
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

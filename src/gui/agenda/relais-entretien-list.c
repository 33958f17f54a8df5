/* relais-entretien-list.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Every interview of the local store as a GListModel of
 * RelaisEntretienItem, with the de documents they name (for the names and
 * for the core's alerts). A RelaisStoreList: it follows the store through
 * the changes feed, its first read in a worker thread; a DE renamed (or
 * one that synced after its interviews) makes its interviews' items
 * again.
 */

#define G_LOG_DOMAIN "relais-entretien-list"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "relais-agenda.h"
#include "relais-doc.h"
#include "relais-entretien-list.h"

struct _RelaisEntretienList
{
  RelaisStoreList parent_instance;

  /* Owned References */
  GHashTable *de_docs; /* de id → JsonObject */
};

G_DEFINE_FINAL_TYPE (RelaisEntretienList, relais_entretien_list, RELAIS_TYPE_STORE_LIST)

static const char *const prefixes[] = { "entretien:", "de:", NULL };

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

static guint
n_items (RelaisEntretienList *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self));
}

static RelaisEntretienItem *
peek_item (RelaisEntretienList *self, guint position)
{
  return relais_store_list_peek_item (RELAIS_STORE_LIST (self), position);
}

/* RelaisStoreList */

static GObject *
relais_entretien_list_make_item (RelaisStoreList *list, JsonObject *doc)
{
  RelaisEntretienList *self = RELAIS_ENTRETIEN_LIST (list);
  const char *de = json_object_get_string_member_with_default (doc, "de", NULL);
  JsonObject *de_doc = de != NULL ? g_hash_table_lookup (self->de_docs, de) : NULL;
  g_autofree char *name = de_doc != NULL ? name_of (de_doc) : NULL;

  return G_OBJECT (relais_entretien_item_new (doc, name));
}

static void
relais_entretien_list_absorb (RelaisStoreList *list,
                              const char *id,
                              JsonObject *doc,
                              GHashTable *touched)
{
  RelaisEntretienList *self = RELAIS_ENTRETIEN_LIST (list);

  if (doc != NULL)
    g_hash_table_insert (self->de_docs, g_strdup (id), json_object_ref (doc));
  else
    g_hash_table_remove (self->de_docs, id);
  g_hash_table_add (touched, g_strdup (id));
}

static gboolean
relais_entretien_list_is_touched (RelaisStoreList *list, JsonObject *doc, GHashTable *touched)
{
  const char *de = json_object_get_string_member_with_default (doc, "de", NULL);

  return de != NULL && g_hash_table_contains (touched, de);
}

/* Parent overrides */

static void
relais_entretien_list_finalize (GObject *object)
{
  RelaisEntretienList *self = RELAIS_ENTRETIEN_LIST (object);

  g_clear_pointer (&self->de_docs, g_hash_table_unref);

  G_OBJECT_CLASS (relais_entretien_list_parent_class)->finalize (object);
}

static void
relais_entretien_list_class_init (RelaisEntretienListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  RelaisStoreListClass *list_class = RELAIS_STORE_LIST_CLASS (klass);

  object_class->finalize = relais_entretien_list_finalize;

  list_class->item_type = RELAIS_TYPE_ENTRETIEN_ITEM;
  list_class->item_prefix = "entretien:";
  list_class->prefixes = prefixes;
  list_class->make_item = relais_entretien_list_make_item;
  list_class->absorb = relais_entretien_list_absorb;
  list_class->is_touched = relais_entretien_list_is_touched;
}

static void
relais_entretien_list_init (RelaisEntretienList *self)
{
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

/* The ids of the DE followed by @referent (every DE when NULL), in no
 * order. */
static GPtrArray *
de_ids_of (RelaisEntretienList *self, const char *referent)
{
  GPtrArray *ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->de_docs);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (referent == NULL ||
        g_strcmp0 (json_object_get_string_member_with_default (value, "referent", NULL),
                   referent) == 0)
      g_ptr_array_add (ids, key);
  return ids;
}

typedef struct
{
  char *key; /* the name's collation key */
  const char *id;
} ByName;

static gint
compare_by_name (gconstpointer a, gconstpointer b)
{
  const ByName *na = a;
  const ByName *nb = b;
  int c = strcmp (na->key, nb->key);

  return c != 0 ? c : strcmp (na->id, nb->id);
}

/* Returns: (transfer container) (element-type utf8): the ids of the DE
 * followed by @referent (every DE when NULL), by name. */
GPtrArray *
relais_entretien_list_get_de_ids (RelaisEntretienList *self, const char *referent)
{
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GArray) by_name = NULL;

  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_LIST (self), g_ptr_array_new ());

  /* One collation key per DE: collating the names in each comparison
   * took a quarter of a second for an agency's 5,000 DE. */
  ids = de_ids_of (self, referent);
  by_name = g_array_sized_new (FALSE, FALSE, sizeof (ByName), ids->len);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *name = relais_entretien_list_dup_de_name (self, g_ptr_array_index (ids, i));
      ByName entry = { g_utf8_collate_key (name, -1), g_ptr_array_index (ids, i) };

      g_array_append_val (by_name, entry);
    }
  g_array_sort (by_name, compare_by_name);
  for (guint i = 0; i < by_name->len; i++)
    {
      ByName *entry = &g_array_index (by_name, ByName, i);

      g_ptr_array_index (ids, i) = (gpointer) entry->id;
      g_free (entry->key);
    }
  return g_steal_pointer (&ids);
}

/* Returns: (transfer container) (element-type JsonObject): every interview. */
GPtrArray *
relais_entretien_list_all_entretiens (RelaisEntretienList *self)
{
  GPtrArray *docs = g_ptr_array_new ();

  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_LIST (self), docs);

  for (guint i = 0; i < n_items (self); i++)
    g_ptr_array_add (docs, relais_entretien_item_get_doc (peek_item (self, i)));
  return docs;
}

/* Returns: (transfer container) (element-type JsonObject): the
 * interviews of @de_id. */
GPtrArray *
relais_entretien_list_entretiens_of (RelaisEntretienList *self, const char *de_id)
{
  GPtrArray *docs = g_ptr_array_new ();

  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_LIST (self), docs);

  for (guint i = 0; i < n_items (self); i++)
    {
      RelaisEntretienItem *item = peek_item (self, i);

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

  if (c == 0)
    c = g_strcmp0 (da->de_name, db->de_name);
  return c != 0 ? c : g_strcmp0 (da->de_id, db->de_id);
}

/* The interviews due, computed a slice of DE at a time: an agency's store
 * without a counsellor set has 20,000 DE, whose alerts held the main
 * thread for half a second. The job reads the list's items and DE as they
 * are when it begins: it must be freed, and begun again, when the list
 * changes (its "changed" signal, or items-changed). */
struct _RelaisAgendaDueJob
{
  RelaisEntretienList *list;
  GDate today;
  GHashTable *by_de; /* de id → GPtrArray of its interviews' JsonObject */
  GPtrArray *ids;    /* the DE to look at */
  guint next;
  GPtrArray *result;
};

/**
 * relais_agenda_due_job_new:
 * @referent: (nullable): the DE of this counsellor only; NULL: all
 *
 * Returns: (transfer full): a job over the list as it is now, for the
 *   mandatory interviews (M4, M9) its DE are due or overdue for on @today
 */
RelaisAgendaDueJob *
relais_agenda_due_job_new (RelaisEntretienList *list, const GDate *today, const char *referent)
{
  RelaisAgendaDueJob *job;

  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_LIST (list), NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  job = g_new0 (RelaisAgendaDueJob, 1);
  job->list = g_object_ref (list);
  job->today = *today;
  job->result = g_ptr_array_new_with_free_func ((GDestroyNotify) relais_agenda_due_free);
  job->by_de =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; i < n_items (list); i++)
    {
      RelaisEntretienItem *item = peek_item (list, i);
      const char *de = relais_entretien_item_get_de_id (item);
      GPtrArray *docs;

      if (de == NULL)
        continue;
      if ((docs = g_hash_table_lookup (job->by_de, de)) == NULL)
        g_hash_table_insert (job->by_de, (gpointer) de, docs = g_ptr_array_new ());
      g_ptr_array_add (docs, relais_entretien_item_get_doc (item));
    }
  /* The result is sorted at the end: no order needed here. */
  job->ids = de_ids_of (list, referent);
  return job;
}

void
relais_agenda_due_job_free (RelaisAgendaDueJob *job)
{
  if (job == NULL)
    return;
  g_clear_pointer (&job->by_de, g_hash_table_unref);
  g_clear_pointer (&job->ids, g_ptr_array_unref);
  g_clear_pointer (&job->result, g_ptr_array_unref);
  g_clear_object (&job->list);
  g_free (job);
}

/**
 * relais_agenda_due_job_step:
 * @max_de: how many DE to look at in this step
 *
 * Returns: TRUE when every DE has been looked at
 */
gboolean
relais_agenda_due_job_step (RelaisAgendaDueJob *job, guint max_de)
{
  RelaisEntretienList *self = job->list;

  for (guint n = 0; n < max_de && job->next < job->ids->len; n++, job->next++)
    {
      const char *de_id = g_ptr_array_index (job->ids, job->next);
      GPtrArray *entretiens = g_hash_table_lookup (job->by_de, de_id);
      g_autoptr (GPtrArray) alerts = relais_alerts_for_de (
          g_hash_table_lookup (self->de_docs, de_id), entretiens, NULL, &job->today);

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
          g_ptr_array_add (job->result, due);
        }
    }
  return job->next >= job->ids->len;
}

/**
 * relais_agenda_due_job_finish:
 *
 * Returns: (transfer full) (element-type RelaisAgendaDue): what a
 *   finished job found, earliest deadline first, each with its planned
 *   interview when one is booked
 */
GPtrArray *
relais_agenda_due_job_finish (RelaisAgendaDueJob *job)
{
  g_ptr_array_sort (job->result, compare_due);
  return g_steal_pointer (&job->result);
}

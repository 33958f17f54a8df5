/* relais-poste.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The workstation's sync report (DOCUMENTS.md "poste"): after a push, the
 * local changes the server does not have — those after the push
 * checkpoint plus those it refused, now or in an earlier push and not
 * edited since (kept in the local document _local/relais-refused) — are
 * counted and written in the local store as "poste:<workstation id>",
 * which the same push then sends on. It is rewritten only when something moved (or every 15 minutes, to
 * show the workstation is alive), so a push that only carried the report
 * does not write it again.
 */

#define G_LOG_DOMAIN "relais-sync"

#include "config.h"

#include "relais-core.h"
#include "relais-domain.h"
#include "relais-poste.h"
#include "relais-store.h"

#define REFRESH_SECONDS (15 * 60)
#define REFUSED_ID "_local/relais-refused"

typedef struct
{
  RelaisPosteUpdate update;
  char *path;
} UpdateData;

typedef struct
{
  gint64 pending;
  gboolean written;
} UpdateResult;

static void
update_data_free (UpdateData *data)
{
  g_free (data->update.workstation_id);
  g_free (data->update.conseiller);
  g_free (data->update.since);
  g_clear_pointer (&data->update.refused, g_ptr_array_unref);
  g_free (data->path);
  g_free (data);
}

static gboolean
count_cb (const RelaisChange *change, gpointer user_data)
{
  gint64 *pending = user_data;

  /* The report itself is not a change the counsellor waits for. */
  if (!g_str_has_prefix (change->id, RELAIS_DOC_TYPE_POSTE ":"))
    (*pending)++;
  return TRUE;
}

static gboolean
is_recent (const char *last_sync)
{
  g_autoptr (GDateTime) then =
      last_sync != NULL ? g_date_time_new_from_iso8601 (last_sync, NULL) : NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return then != NULL && g_date_time_difference (now, then) < REFRESH_SECONDS * G_TIME_SPAN_SECOND;
}

/* The refused documents still at the revision the server refused: the
 * earlier ones unless edited since (the edit was pushed again), and this
 * push's. */
static gboolean
update_refused (RelaisStore *store, GPtrArray *errors, gint64 *pending, GError **error)
{
  g_autofree char *json = relais_store_get_local_json (store, REFUSED_ID, NULL);
  g_autoptr (JsonObject) old = json != NULL ? relais_json_parse_object (json, -1, NULL) : NULL;
  JsonObject *old_revs = old != NULL && json_object_has_member (old, "revs")
                             ? json_object_get_object_member (old, "revs")
                             : NULL;
  g_autoptr (JsonObject) doc = json_object_new ();
  JsonObject *revs = json_object_new ();
  g_autofree char *rev = NULL;

  json_object_set_object_member (doc, "revs", revs);
  if (old_revs != NULL)
    {
      JsonObjectIter iter;
      const char *id;
      JsonNode *node;

      json_object_iter_init (&iter, old_revs);
      while (json_object_iter_next (&iter, &id, &node))
        {
          g_autoptr (JsonObject) current = relais_store_get (store, id, NULL, 0, NULL);

          if (current != NULL && JSON_NODE_HOLDS_VALUE (node) &&
              g_strcmp0 (relais_doc_get_rev (current), json_node_get_string (node)) == 0)
            json_object_set_string_member (revs, id, json_node_get_string (node));
        }
    }
  for (guint i = 0; errors != NULL && i < errors->len; i++)
    {
      RelaisSyncDocError *e = g_ptr_array_index (errors, i);

      if (e->id != NULL && e->rev != NULL)
        json_object_set_string_member (revs, e->id, e->rev);
    }
  *pending += json_object_get_size (revs);
  if (old != NULL && json_object_has_member (old, "_rev"))
    json_object_set_string_member (doc, "_rev", json_object_get_string_member (old, "_rev"));
  rev = relais_store_put_local (store, REFUSED_ID, doc, error);
  return rev != NULL;
}

static void
update_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  UpdateData *data = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisStore) store = relais_store_open (data->path, &error);
  g_autofree char *id = g_strconcat (RELAIS_DOC_TYPE_POSTE ":", data->update.workstation_id, NULL);
  g_autoptr (JsonObject) old = NULL;
  g_autoptr (JsonObject) doc = json_object_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = NULL;
  g_autofree char *rev = NULL;
  UpdateResult *result = g_new0 (UpdateResult, 1);

  if (store == NULL ||
      !relais_store_changes (store, g_ascii_strtoull (data->update.since, NULL, 10), 0,
                             RELAIS_CHANGES_NONE, count_cb, &result->pending, NULL, &error))
    goto failed;
  if (!update_refused (store, data->update.refused, &result->pending, &error))
    goto failed;

  old = relais_store_get (store, id, NULL, 0, NULL);
  if (old != NULL && !data->update.pushed &&
      json_object_get_int_member_with_default (old, "pending", -1) == result->pending &&
      g_strcmp0 (json_object_get_string_member_with_default (old, "conseiller", NULL),
                 data->update.conseiller) == 0 &&
      is_recent (json_object_get_string_member_with_default (old, "last_sync", NULL)))
    {
      g_task_return_pointer (task, result, g_free);
      return;
    }

  now_text = g_date_time_format_iso8601 (now);
  json_object_set_string_member (doc, "_id", id);
  if (old != NULL)
    json_object_set_string_member (doc, "_rev", relais_doc_get_rev (old));
  json_object_set_string_member (doc, "type", RELAIS_DOC_TYPE_POSTE);
  json_object_set_int_member (doc, "schema_version", RELAIS_DOC_SCHEMA_VERSION);
  if (data->update.conseiller != NULL)
    json_object_set_string_member (doc, "conseiller", data->update.conseiller);
  json_object_set_int_member (doc, "pending", result->pending);
  json_object_set_string_member (doc, "last_sync", now_text);
  json_object_set_string_member (doc, "hostname", g_get_host_name ());
  if ((rev = relais_store_put (store, doc, TRUE, &error)) == NULL)
    goto failed;
  result->written = TRUE;
  g_task_return_pointer (task, result, g_free);
  return;

failed:
  g_free (result);
  g_task_return_error (task, g_steal_pointer (&error));
}

void
relais_poste_update_async (RelaisLocalEndpoint *source,
                           const RelaisPosteUpdate *update,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer user_data)
{
  g_autoptr (GTask) task = NULL;
  UpdateData *data;

  g_return_if_fail (RELAIS_IS_LOCAL_ENDPOINT (source));
  g_return_if_fail (update != NULL && update->workstation_id != NULL && update->since != NULL);

  data = g_new0 (UpdateData, 1);
  data->update.workstation_id = g_strdup (update->workstation_id);
  data->update.conseiller = g_strdup (update->conseiller);
  data->update.since = g_strdup (update->since);
  data->update.refused = update->refused != NULL ? g_ptr_array_ref (update->refused) : NULL;
  data->update.pushed = update->pushed;
  data->path = g_strdup (relais_local_endpoint_get_path (source));
  task = g_task_new (source, cancellable, callback, user_data);
  g_task_set_source_tag (task, relais_poste_update_async);
  g_task_set_task_data (task, data, (GDestroyNotify) update_data_free);
  g_task_run_in_thread (task, update_thread);
}

gboolean
relais_poste_update_finish (RelaisLocalEndpoint *source,
                            GAsyncResult *result,
                            gint64 *pending,
                            gboolean *written,
                            GError **error)
{
  g_autofree UpdateResult *out = NULL;

  g_return_val_if_fail (g_task_is_valid (result, source), FALSE);

  if ((out = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return FALSE;
  if (pending != NULL)
    *pending = out->pending;
  if (written != NULL)
    *written = out->written;
  return TRUE;
}

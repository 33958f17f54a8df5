/* relais-request-thread.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Requests answered off the main thread: the heavy reads on a worker
 * thread with a reader connection of their own, the writes on their
 * database's writer thread. The handler parses and authorises on the main
 * thread (the user context lives there), pauses the message, and the
 * thread builds the whole response text; the reply and the waking of the
 * feeds come back to the main thread. The main loop keeps serving meanwhile.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-server-private.h"

typedef struct
{
  /* Owned References */
  SoupServerMessage *msg;
  RelaisDb *db;
  gpointer data;
  GDestroyNotify destroy;

  RelaisThreadFunc func;
  RelaisThreadFunc prepare; /* before func, on a worker thread, or NULL */
  RelaisThreadReply reply;
  /* The client left (or the message ended): nothing may be sent, and an
   * unpause would find no connection. */
  gboolean gone;
} Work;

static void
gone_cb (SoupServerMessage *msg, gpointer user_data)
{
  Work *work = user_data;

  work->gone = TRUE;
}

static Work *
work_new (RelaisRequest *req, RelaisThreadFunc func, gpointer data, GDestroyNotify destroy)
{
  Work *work = g_new0 (Work, 1);

  work->msg = g_object_ref (req->msg);
  work->db = relais_db_ref (req->db);
  work->func = func;
  work->data = data;
  work->destroy = destroy;
  g_signal_connect (work->msg, "finished", G_CALLBACK (gone_cb), work);
  g_signal_connect (work->msg, "disconnected", G_CALLBACK (gone_cb), work);
  soup_server_message_pause (work->msg);
  return work;
}

/* Main thread: replies (unless the client is gone) and frees everything. */
static void
work_complete (Work *work)
{
  RelaisThreadReply *reply = &work->reply;

  /* After the commit, whether or not anyone hears the answer. */
  if (reply->wrote)
    relais_db_notify_changed (work->db);

  g_signal_handlers_disconnect_by_data (work->msg, work);
  if (!work->gone)
    {
      if (reply->error != NULL)
        relais_http_reply_gerror (work->msg, reply->error);
      else
        {
          if (reply->etag != NULL)
            {
              g_autofree char *etag = g_strdup_printf ("\"%s\"", reply->etag);

              soup_message_headers_replace (soup_server_message_get_response_headers (work->msg),
                                            "ETag", etag);
            }
          relais_http_reply_json_take (work->msg, reply->status, g_steal_pointer (&reply->body));
        }
      soup_server_message_unpause (work->msg);
    }

  g_free (reply->body);
  g_free (reply->etag);
  g_clear_error (&reply->error);
  if (work->destroy != NULL)
    work->destroy (work->data);
  relais_db_unref (work->db);
  g_object_unref (work->msg);
  g_free (work);
}

/* Reads */

static void
read_thread_func (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Work *work = task_data;
  RelaisStore *reader;

  if ((reader = relais_db_acquire_reader (work->db, &work->reply.error)) != NULL)
    {
      work->func (reader, work->data, &work->reply);
      relais_db_release_reader (work->db, reader);
    }
  g_task_return_boolean (task, TRUE);
}

static void
read_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  work_complete (user_data);
}

/**
 * _relais_request_read_in_thread:
 * @func: builds the reply on a worker thread, with a reader of req->db
 * @data: (transfer full): what @func needs, freed with @destroy on the
 *   main thread once the reply is set
 *
 * For read-only work: @func must not touch @req (it is gone by then).
 */
void
_relais_request_read_in_thread (RelaisRequest *req,
                                RelaisThreadFunc func,
                                gpointer data,
                                GDestroyNotify destroy)
{
  Work *work = work_new (req, func, data, destroy);
  /* The work is freed by the callback, on the main thread: the task (whose
   * last reference may drop on the worker) owns nothing. */
  g_autoptr (GTask) task = g_task_new (NULL, NULL, read_done_cb, work);

  g_task_set_task_data (task, work, NULL);
  g_task_run_in_thread (task, read_thread_func);
}

/* Writes */

static void
write_func (RelaisStore *writer, gpointer data)
{
  Work *work = data;

  /* Deleted while this write waited its turn: answering 201 would claim a
   * commit into a file that is gone. */
  if (relais_db_is_deleted (work->db))
    {
      g_set_error_literal (&work->reply.error, RELAIS_SERVER_ERROR,
                           RELAIS_SERVER_ERROR_DB_NOT_FOUND, "Database does not exist.");
      return;
    }
  work->func (writer, work->data, &work->reply);
}

static void
write_done (RelaisDb *db, gpointer data)
{
  work_complete (data);
}

/**
 * _relais_request_write_in_thread:
 * @func: does the write on req->db's writer thread, with the writer
 *   store; sets reply->wrote when something was committed
 *
 * Writes to one database run in the order they were asked for; the reply
 * is queued only after @func returned (after the commit).
 */
void
_relais_request_write_in_thread (RelaisRequest *req,
                                 RelaisThreadFunc func,
                                 gpointer data,
                                 GDestroyNotify destroy)
{
  Work *work = work_new (req, func, data, destroy);

  relais_db_write_async (work->db, write_func, write_done, work);
}

/* Prepared on a worker, then written */

static void
prepare_thread_func (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Work *work = task_data;

  work->prepare (NULL, work->data, &work->reply);
  g_task_return_boolean (task, TRUE);
}

static void
prepared_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Work *work = user_data;

  /* A refused request (an error or an answer already) is not written. */
  if (work->reply.error != NULL || work->reply.body != NULL || work->gone)
    {
      work_complete (work);
      return;
    }
  relais_db_write_async (work->db, write_func, write_done, work);
}

/**
 * _relais_request_prepare_then_write:
 * @prepare: called first on a worker thread (with a NULL store): what
 *   needs no store, such as parsing and checking the body; it refuses the
 *   request by setting reply->error (or reply->body)
 * @func: then as for _relais_request_write_in_thread()
 *
 * The writer thread is left the store's work only, so that a client with
 * two requests in flight has the second parsed while the first is
 * written. Writes are queued in the order their preparation ends.
 */
void
_relais_request_prepare_then_write (RelaisRequest *req,
                                    RelaisThreadFunc prepare,
                                    RelaisThreadFunc func,
                                    gpointer data,
                                    GDestroyNotify destroy)
{
  Work *work = work_new (req, func, data, destroy);
  g_autoptr (GTask) task = g_task_new (NULL, NULL, prepared_cb, work);

  work->prepare = prepare;
  g_task_set_task_data (task, work, NULL);
  g_task_run_in_thread (task, prepare_thread_func);
}

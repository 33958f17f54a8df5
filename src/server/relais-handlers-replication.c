/* relais-handlers-replication.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * What replicators call per batch: _revs_diff, _bulk_get, _bulk_docs and
 * _ensure_full_commit, with CouchDB's exact shapes (SYNC-NOTES.md §1.2).
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-bulk-get.h"
#include "relais-core.h"
#include "relais-server-private.h"

static const char *const POST_ONLY[] = { "POST", NULL };

/* Auxiliary methods */

static gboolean
check_batch_size (guint max, guint n, GError **error)
{
  if (n <= max)
    return TRUE;
  g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_TOO_LARGE,
               "Too many documents in one request (%u, at most %u).", n, max);
  return FALSE;
}

static guint
max_batch (RelaisRequest *req)
{
  return _relais_server_get_config (req->server)->max_docs_per_batch;
}

static void
append_error_item (GString *out, const char *id, const char *rev, const GError *error)
{
  g_string_append (out, "{\"id\":");
  relais_json_append_string (out, id != NULL ? id : "");
  if (rev != NULL)
    {
      g_string_append (out, ",\"rev\":");
      relais_json_append_string (out, rev);
    }
  g_string_append_c (out, ',');
  relais_http_append_error_members (out, error);
  g_string_append_c (out, '}');
}

/* _revs_diff */

static void
revs_diff_func (RelaisStore *reader, gpointer data, RelaisThreadReply *reply)
{
  g_autoptr (JsonObject) answer = NULL;
  g_autoptr (JsonNode) node = NULL;

  if ((answer = relais_store_revs_diff (reader, data, &reply->error)) == NULL)
    return;
  node = json_node_init_object (json_node_alloc (), answer);
  reply->status = SOUP_STATUS_OK;
  reply->body = json_to_string (node, FALSE);
}

void
_relais_handle_revs_diff (RelaisRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) request = NULL;

  if (!_relais_request_check_method (req, POST_ONLY) ||
      !_relais_request_authorize (req, RELAIS_ACTION_DB_READ))
    return;

  if ((request = relais_http_parse_body_object (req->msg, &error)) == NULL ||
      !check_batch_size (max_batch (req), json_object_get_size (request), &error))
    {
      _relais_request_reply_gerror (req, error);
      return;
    }

  _relais_request_read_in_thread (req, revs_diff_func, g_steal_pointer (&request),
                                  (GDestroyNotify) json_object_unref);
}

/* _bulk_get */

static void
append_missing (GString *out, const char *id, const char *rev)
{
  /* CouchDB's shape; "undefined" is what it writes when no rev was asked. */
  g_string_append (out, "{\"error\":{\"id\":");
  relais_json_append_string (out, id);
  g_string_append (out, ",\"rev\":");
  relais_json_append_string (out, rev != NULL ? rev : "undefined");
  g_string_append (out, ",\"error\":\"not_found\",\"reason\":\"missing\"}}");
}

static void
bulk_get_one (RelaisStore *reader,
              GString *out,
              const RelaisBulkGetItem *item,
              RelaisGetFlags flags)
{
  const char *id = item->id, *rev = item->rev;
  const char *single[2] = { rev, NULL };
  g_autoptr (GPtrArray) docs = NULL;
  g_autoptr (GError) error = NULL;

  if (id == NULL)
    {
      g_string_append (out,
                       "{\"id\":null,\"docs\":[{\"error\":{\"id\":null,\"rev\":null,"
                       "\"error\":\"bad_request\",\"reason\":\"Invalid document id or rev\"}}]}");
      return;
    }

  g_string_append (out, "{\"id\":");
  relais_json_append_string (out, id);
  g_string_append (out, ",\"docs\":[");

  docs = relais_store_get_open_revs (reader, id, rev != NULL ? single : NULL, flags, &error);
  if (docs == NULL || docs->len == 0)
    {
      if (error != NULL &&
          !g_error_matches (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND))
        {
          g_string_append (out, "{\"error\":");
          append_error_item (out, id, rev, error);
          g_string_append_c (out, '}');
        }
      else
        append_missing (out, id, rev);
    }
  else
    for (guint i = 0; i < docs->len; i++)
      {
        const char *text = g_ptr_array_index (docs, i);

        if (i > 0)
          g_string_append_c (out, ',');
        /* The store's items are {"ok":doc} (spliced as they are) or
         * {"missing":rev}, which _bulk_get writes as an error object. */
        if (g_str_has_prefix (text, "{\"ok\":"))
          g_string_append (out, text);
        else
          append_missing (out, id, rev);
      }
  g_string_append (out, "]}");
}

typedef struct
{
  GBytes *body;
  gboolean revs; /* the `revs` query parameter */
  guint max_batch;
} BulkGet;

static void
bulk_get_free (BulkGet *bulk)
{
  g_bytes_unref (bulk->body);
  g_free (bulk);
}

/* On a worker thread, everything, the body's parsing included (json-glib
 * took a fifth of the main thread during a PouchDB pull): _bulk_get is
 * most of a pull, and the main loop serves the feeds meanwhile. */
static void
bulk_get_func (RelaisStore *reader, gpointer data, RelaisThreadReply *reply)
{
  BulkGet *bulk = data;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (RelaisBulkGetRequest) request = NULL;
  GString *out;

  if ((body = relais_http_parse_bytes_object (bulk->body, &reply->error)) == NULL ||
      (request = relais_bulk_get_parse_request (body, bulk->revs, &reply->error)) == NULL ||
      !check_batch_size (bulk->max_batch, request->items->len, &reply->error))
    return;

  /* One result per requested item, in request order: CouchDB's replicator
   * zips the answer with its request. One snapshot for them all. */
  if (!relais_store_begin_read (reader, &reply->error))
    return;
  out = g_string_new ("{\"results\":[");
  for (guint i = 0; i < request->items->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      bulk_get_one (reader, out, &g_array_index (request->items, RelaisBulkGetItem, i),
                    request->revs ? RELAIS_GET_REVS : RELAIS_GET_NONE);
    }
  g_string_append (out, "]}");
  relais_store_end_read (reader);
  reply->status = SOUP_STATUS_OK;
  reply->body = g_string_free (out, FALSE);
}

void
_relais_handle_bulk_get (RelaisRequest *req)
{
  g_autoptr (GError) error = NULL;
  BulkGet *bulk;
  gboolean revs;

  if (!_relais_request_check_method (req, POST_ONLY) ||
      !_relais_request_authorize (req, RELAIS_ACTION_DB_READ))
    return;

  if (!relais_http_query_bool (req->query, "revs", FALSE, &revs, &error))
    {
      _relais_request_reply_gerror (req, error);
      return;
    }

  bulk = g_new0 (BulkGet, 1);
  bulk->body = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  bulk->revs = revs;
  bulk->max_batch = max_batch (req);
  _relais_request_read_in_thread (req, bulk_get_func, bulk, (GDestroyNotify) bulk_get_free);
}

/* _bulk_docs */

typedef struct
{
  char *id;
  char *rev;        /* on success */
  GError *error;    /* refused before the store, or by it */
  gint store_index; /* index in the batch given to the store, or -1 */
} BulkItem;

static void
bulk_item_clear (BulkItem *item)
{
  g_free (item->id);
  g_free (item->rev);
  g_clear_error (&item->error);
}

typedef struct
{
  GBytes *body;
  RelaisWriteRules *rules;
  guint max_batch;
  /* Prepared for the writer thread */
  JsonObject *request;
  gboolean new_edits;
  GArray *items;    /* of BulkItem */
  GPtrArray *batch; /* (element-type JsonObject) borrowed from request */
  GPtrArray *local; /* (element-type JsonObject) _local documents, by item */
  /* new_edits=false: the batch with its bodies and paths, for the store */
  GArray *revisions; /* of RelaisStoreRevision */
  GPtrArray *texts;  /* (element-type utf8) owned bodies */
  GPtrArray *paths;  /* (element-type GStrv) owned paths */
} BulkDocs;

static void
bulk_docs_free (BulkDocs *bulk)
{
  g_bytes_unref (bulk->body);
  _relais_write_rules_free (bulk->rules);
  g_clear_pointer (&bulk->items, g_array_unref);
  g_clear_pointer (&bulk->batch, g_ptr_array_unref);
  g_clear_pointer (&bulk->local, g_ptr_array_unref);
  g_clear_pointer (&bulk->revisions, g_array_unref);
  g_clear_pointer (&bulk->texts, g_ptr_array_unref);
  g_clear_pointer (&bulk->paths, g_ptr_array_unref);
  g_clear_pointer (&bulk->request, json_object_unref);
  g_free (bulk);
}

static void
free_request (gpointer data, gpointer user_data)
{
  json_object_unref (data);
}

/* Frees a parsed request on a thread of its own: the tree of 500
 * documents costs about a third of its parsing to free, which the writer
 * thread (and the answer) need not wait for. */
static void
free_later (JsonObject *request)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (free_request, NULL, 1, FALSE, NULL));
  g_thread_pool_push (pool, request, NULL);
}

/* A replicated revision's canonical body and path, computed here rather
 * than by the store on the writer thread (a tenth of its time). A path
 * that does not decode is left to the store, which refuses it; one that
 * does must still start with _rev (relais_store_put_revisions checks). */
static void
add_revision (BulkDocs *bulk, JsonObject *doc)
{
  JsonNode *revisions = json_object_get_member (doc, "_revisions");
  RelaisStoreRevision revision = { doc, NULL, NULL };
  g_auto (GStrv) hashes = NULL;
  guint64 start;
  char *body = relais_doc_body_canonical (doc);

  if (bulk->revisions == NULL)
    {
      bulk->revisions = g_array_new (FALSE, FALSE, sizeof (RelaisStoreRevision));
      bulk->texts = g_ptr_array_new_with_free_func (g_free);
      bulk->paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    }
  g_ptr_array_add (bulk->texts, body);
  revision.body = body;
  /* Without _rev the store refuses the document, as without a path. */
  if (relais_doc_get_rev (doc) != NULL && revisions != NULL && JSON_NODE_HOLDS_OBJECT (revisions) &&
      relais_revisions_decode (json_node_get_object (revisions), &start, &hashes, NULL))
    {
      GStrv path = relais_revisions_to_revs (start, (const char *const *) hashes);

      g_ptr_array_add (bulk->paths, path);
      revision.revs = (const char *const *) path;
    }
  g_array_append_val (bulk->revisions, revision);
}

/* On a worker thread, what needs no store: parsing the body and checking
 * every document (most of a push), so that the writer thread only writes
 * and the next request is parsed meanwhile. */
static void
bulk_docs_prepare (RelaisStore *none, gpointer data, RelaisThreadReply *reply)
{
  BulkDocs *bulk = data;
  JsonNode *docs_node;
  JsonArray *docs;
  GArray *items;

  if ((bulk->request = relais_http_parse_bytes_object (bulk->body, &reply->error)) == NULL)
    return;

  docs_node = json_object_get_member (bulk->request, "docs");
  if (docs_node == NULL || !JSON_NODE_HOLDS_ARRAY (docs_node))
    {
      g_set_error_literal (&reply->error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                           "POST body must include `docs` parameter.");
      return;
    }
  bulk->new_edits = TRUE;
  if (json_object_has_member (bulk->request, "new_edits"))
    {
      JsonNode *node = json_object_get_member (bulk->request, "new_edits");

      if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_set_error_literal (&reply->error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                               "`new_edits` parameter must be a boolean.");
          return;
        }
      bulk->new_edits = json_node_get_boolean (node);
    }

  docs = json_node_get_array (docs_node);
  if (!check_batch_size (bulk->max_batch, json_array_get_length (docs), &reply->error))
    return;
  for (guint i = 0; i < json_array_get_length (docs); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (docs, i)))
      {
        g_set_error_literal (&reply->error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                             "Document must be a JSON object");
        return;
      }

  items = bulk->items =
      g_array_sized_new (FALSE, TRUE, sizeof (BulkItem), json_array_get_length (docs));
  g_array_set_clear_func (items, (GDestroyNotify) bulk_item_clear);
  g_array_set_size (items, json_array_get_length (docs));
  bulk->batch = g_ptr_array_new ();
  bulk->local = g_ptr_array_new ();
  g_ptr_array_set_size (bulk->local, items->len);

  /* Check every document first; only the accepted ones reach the store,
   * in one transaction. A refused one gets its own error, as a
   * validate_doc_update failure does in CouchDB. */
  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *doc = json_array_get_object_element (docs, i);
      BulkItem *item = &g_array_index (items, BulkItem, i);

      item->store_index = -1;
      if (!_relais_doc_check_types (doc, &item->error))
        continue;
      if (relais_doc_get_id (doc) == NULL && bulk->new_edits)
        {
          const char *type = relais_doc_get_doc_type (doc);
          g_autofree char *id =
              type != NULL && *type != '\0' ? relais_doc_new_id (type) : g_uuid_string_random ();

          json_object_set_string_member (doc, "_id", id);
        }
      item->id = g_strdup (relais_doc_get_id (doc));

      if (item->id != NULL && relais_doc_id_is_local (item->id))
        {
          /* Written by the writer thread, before the others. */
          if (_relais_write_rules_check_id (bulk->rules, item->id, &item->error))
            g_ptr_array_index (bulk->local, i) = doc;
          continue;
        }
      if (!_relais_prepare_doc (bulk->rules, doc, &item->error))
        continue;
      item->store_index = bulk->batch->len;
      g_ptr_array_add (bulk->batch, doc);
      if (!bulk->new_edits)
        add_revision (bulk, doc);
    }
}

/* On the database's writer thread: the store's work, then the answer,
 * built only after the commit. */
static void
bulk_docs_write (RelaisStore *writer, gpointer data, RelaisThreadReply *reply)
{
  BulkDocs *bulk = data;
  GArray *items = bulk->items;
  g_autoptr (GPtrArray) results = NULL;
  gboolean first = TRUE;
  GString *out;

  for (guint i = 0; i < items->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (bulk->local, i);
      BulkItem *item = &g_array_index (items, BulkItem, i);

      if (doc != NULL)
        item->rev = relais_store_put_local (writer, item->id, doc, &item->error);
    }

  if (bulk->batch->len > 0)
    {
      results = bulk->new_edits
                    ? relais_store_bulk_put (writer, bulk->batch, TRUE, &reply->error)
                    : relais_store_put_revisions (
                          writer, (const RelaisStoreRevision *) (gpointer) bulk->revisions->data,
                          bulk->revisions->len, &reply->error);
      if (results == NULL)
        return;
      for (guint i = 0; i < items->len; i++)
        {
          BulkItem *item = &g_array_index (items, BulkItem, i);
          RelaisPutResult *result;

          if (item->store_index < 0)
            continue;
          result = g_ptr_array_index (results, item->store_index);
          item->rev = g_steal_pointer (&result->rev);
          item->error = g_steal_pointer (&result->error);
          reply->wrote |= item->error == NULL;
        }
    }

  /* new_edits=false answers only the errors ([] when all went in). */
  out = g_string_new ("[");
  for (guint i = 0; i < items->len; i++)
    {
      BulkItem *item = &g_array_index (items, BulkItem, i);

      if (item->error == NULL && !bulk->new_edits)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      if (item->error != NULL)
        append_error_item (out, item->id, NULL, item->error);
      else
        {
          g_string_append (out, "{\"ok\":true,\"id\":");
          relais_json_append_string (out, item->id);
          g_string_append (out, ",\"rev\":");
          relais_json_append_string (out, item->rev);
          g_string_append_c (out, '}');
        }
    }
  g_string_append_c (out, ']');
  reply->status = SOUP_STATUS_CREATED;
  reply->body = g_string_free (out, FALSE);
  /* The documents are the request's: they go with it. */
  g_clear_pointer (&bulk->batch, g_ptr_array_unref);
  g_clear_pointer (&bulk->local, g_ptr_array_unref);
  free_later (g_steal_pointer (&bulk->request));
}

void
_relais_handle_bulk_docs (RelaisRequest *req)
{
  BulkDocs *bulk;

  if (!_relais_request_check_method (req, POST_ONLY) ||
      !_relais_request_authorize (req, RELAIS_ACTION_DB_WRITE))
    return;

  bulk = g_new0 (BulkDocs, 1);
  bulk->body = soup_message_body_flatten (soup_server_message_get_request_body (req->msg));
  bulk->rules = _relais_request_get_write_rules (req);
  bulk->max_batch = max_batch (req);
  _relais_request_prepare_then_write (req, bulk_docs_prepare, bulk_docs_write, bulk,
                                      (GDestroyNotify) bulk_docs_free);
}

/* _ensure_full_commit */

void
_relais_handle_ensure_full_commit (RelaisRequest *req)
{
  if (!_relais_request_check_method (req, POST_ONLY) ||
      !_relais_request_authorize (req, RELAIS_ACTION_DB_WRITE))
    return;

  /* Every write is committed before it is acknowledged: nothing to do.
   * The "0" must match GET /db's instance_start_time. */
  relais_http_reply_json (req->msg, SOUP_STATUS_CREATED,
                          "{\"ok\":true,\"instance_start_time\":\"0\"}");
}

/* relais-handlers-doc.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * GET/HEAD/PUT/DELETE /{db}/{docid} (and _design/ ids), POST /{db}.
 * Documents are read as the store's JSON text and never re-serialised.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include "relais-core.h"
#include "relais-server-private.h"
#include "relais-users.h"
#include "relais-validate.h"

static const char *const DOC_METHODS[] = { "GET", "HEAD", "PUT", "DELETE", NULL };

/* Auxiliary methods */

static char *
ok_id_rev (const char *id, const char *rev)
{
  GString *out = g_string_new ("{\"ok\":true,\"id\":");

  relais_json_append_string (out, id);
  g_string_append (out, ",\"rev\":");
  relais_json_append_string (out, rev);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static void
set_etag (RelaisRequest *req, const char *rev)
{
  g_autofree char *etag = g_strdup_printf ("\"%s\"", rev);

  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "ETag", etag);
}

typedef struct
{
  JsonObject *doc;
  RelaisWriteRules *rules;
  gboolean new_edits;
  guint ok_status;
} WriteDoc;

static void
write_doc_free (WriteDoc *write)
{
  json_object_unref (write->doc);
  _relais_write_rules_free (write->rules);
  g_free (write);
}

/* On the writer thread: the checks, then the store. */
static void
write_doc_func (RelaisStore *writer, gpointer data, RelaisThreadReply *reply)
{
  WriteDoc *write = data;
  g_autofree char *rev = NULL;

  if (!_relais_prepare_doc (write->rules, write->doc, &reply->error) ||
      (rev = relais_store_put (writer, write->doc, write->new_edits, &reply->error)) == NULL)
    return;

  reply->wrote = TRUE;
  if (!write->new_edits)
    {
      /* The revision given is the one answered; the store's copy was
       * leaked here by every replicated PUT (found by fuzz-server-request). */
      g_free (rev);
      rev = g_strdup (relais_doc_get_rev (write->doc));
    }
  reply->etag = g_strdup (rev);
  reply->status = write->ok_status;
  reply->body = ok_id_rev (relais_doc_get_id (write->doc), rev);
}

/* Writes one document on the database's writer thread; the feeds are
 * woken and the reply (like CouchDB's) queued after the commit. */
static void
write_doc (RelaisRequest *req, JsonObject *doc, gboolean new_edits, guint ok_status)
{
  WriteDoc *write = g_new0 (WriteDoc, 1);

  write->doc = json_object_ref (doc);
  write->rules = _relais_request_get_write_rules (req);
  write->new_edits = new_edits;
  write->ok_status = ok_status;
  _relais_request_write_in_thread (req, write_doc_func, write, (GDestroyNotify) write_doc_free);
}

typedef struct
{
  char *doc_id;
  char *rev;   /* ?rev=, or NULL */
  char **revs; /* open_revs: the list, or NULL for "all" */
  gboolean open_revs;
  RelaisGetFlags flags;
} GetDoc;

static void
get_doc_free (GetDoc *get)
{
  g_free (get->doc_id);
  g_free (get->rev);
  g_strfreev (get->revs);
  g_free (get);
}

/* On a worker thread: the revision trees (open_revs, revs=true) are what
 * a replicator asks for by the thousand. */
static void
get_doc_func (RelaisStore *reader, gpointer data, RelaisThreadReply *reply)
{
  GetDoc *get = data;
  g_autoptr (GPtrArray) items = NULL;
  GString *out;

  if (!get->open_revs)
    {
      if ((reply->body = relais_store_get_json (reader, get->doc_id, get->rev, get->flags,
                                                &reply->error)) == NULL)
        return;
      reply->status = SOUP_STATUS_OK;
      reply->etag = g_strdup (get->rev);
      return;
    }

  /* Multipart is never needed: PouchDB asks for JSON, and CouchDB's
   * replicator uses _bulk_get first. */
  items = relais_store_get_open_revs (reader, get->doc_id, (const char *const *) get->revs,
                                      get->flags, &reply->error);
  if (items == NULL)
    return;

  out = g_string_new ("[");
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, g_ptr_array_index (items, i));
    }
  g_string_append_c (out, ']');
  reply->status = SOUP_STATUS_OK;
  reply->body = g_string_free (out, FALSE);
}

static void
get_open_revs (RelaisRequest *req, RelaisGetFlags flags)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) open_revs = NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) revs = NULL;
  const char *text = relais_http_query (req->query, "open_revs");
  GetDoc *get;

  if (!g_str_equal (text, "all"))
    {
      JsonArray *array;

      if ((open_revs = relais_http_query_json (req->query, "open_revs", &error)) == NULL ||
          !JSON_NODE_HOLDS_ARRAY (open_revs))
        {
          if (error == NULL)
            g_set_error_literal (&error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                                 "open_revs must be \"all\" or a list of revisions");
          _relais_request_reply_gerror (req, error);
          return;
        }
      array = json_node_get_array (open_revs);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (json_node_get_value_type (element) != G_TYPE_STRING)
            {
              relais_http_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                       "Invalid rev format");
              return;
            }
          g_strv_builder_add (builder, json_node_get_string (element));
        }
      revs = g_strv_builder_end (builder);
    }

  get = g_new0 (GetDoc, 1);
  get->doc_id = g_strdup (req->doc_id);
  get->revs = g_steal_pointer (&revs);
  get->open_revs = TRUE;
  get->flags = flags;
  _relais_request_read_in_thread (req, get_doc_func, get, (GDestroyNotify) get_doc_free);
}

static void
get_doc (RelaisRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  const char *rev = relais_http_query (req->query, "rev");
  RelaisGetFlags flags = RELAIS_GET_NONE;
  gboolean revs, conflicts;

  if (!_relais_request_authorize (req, RELAIS_ACTION_DB_READ))
    return;

  if (!relais_http_query_bool (req->query, "revs", FALSE, &revs, &error) ||
      !relais_http_query_bool (req->query, "conflicts", FALSE, &conflicts, &error))
    {
      _relais_request_reply_gerror (req, error);
      return;
    }
  if (revs)
    flags |= RELAIS_GET_REVS;
  if (conflicts)
    flags |= RELAIS_GET_CONFLICTS;

  if (relais_http_query (req->query, "open_revs") != NULL)
    {
      get_open_revs (req, flags);
      return;
    }
  if (revs)
    {
      GetDoc *get = g_new0 (GetDoc, 1);

      get->doc_id = g_strdup (req->doc_id);
      get->rev = g_strdup (rev);
      get->flags = flags;
      _relais_request_read_in_thread (req, get_doc_func, get, (GDestroyNotify) get_doc_free);
      return;
    }

  /* A plain read is quick: the main thread's own connection serves it. */
  if ((json = relais_store_get_json (relais_db_get_store (req->db), req->doc_id, rev, flags,
                                     &error)) == NULL)
    {
      _relais_request_reply_gerror (req, error);
      return;
    }

  if (rev != NULL)
    set_etag (req, rev);
  relais_http_reply_json_take (req->msg, SOUP_STATUS_OK, g_steal_pointer (&json));
}

static void
put_doc (RelaisRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) doc = NULL;
  const char *query_rev = relais_http_query (req->query, "rev");
  const char *body_rev;
  gboolean new_edits;

  if (!_relais_request_authorize (req, RELAIS_ACTION_DB_WRITE))
    return;

  if (!relais_http_query_bool (req->query, "new_edits", TRUE, &new_edits, &error) ||
      (doc = relais_http_parse_body_object (req->msg, &error)) == NULL)
    {
      _relais_request_reply_gerror (req, error);
      return;
    }

  if (!_relais_doc_check_types (doc, &error))
    {
      _relais_request_reply_gerror (req, error);
      return;
    }
  body_rev = relais_doc_get_rev (doc);
  if (query_rev != NULL && body_rev != NULL && !g_str_equal (query_rev, body_rev))
    {
      relais_http_reply_error (req->msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                               "Document rev from request body and query string have different "
                               "values");
      return;
    }
  if (query_rev != NULL)
    json_object_set_string_member (doc, "_rev", query_rev);

  /* The URL names the document, whatever the body says. */
  json_object_set_string_member (doc, "_id", req->doc_id);
  write_doc (req, doc, new_edits, SOUP_STATUS_CREATED);
}

static void
post_doc (RelaisRequest *req)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) doc = NULL;

  if (!_relais_request_authorize (req, RELAIS_ACTION_DB_WRITE))
    return;

  if ((doc = relais_http_parse_body_object (req->msg, &error)) == NULL)
    {
      _relais_request_reply_gerror (req, error);
      return;
    }

  if (!_relais_doc_check_types (doc, &error))
    {
      _relais_request_reply_gerror (req, error);
      return;
    }
  if (relais_doc_get_id (doc) == NULL)
    {
      const char *type = relais_doc_get_doc_type (doc);
      g_autofree char *id =
          type != NULL && *type != '\0' ? relais_doc_new_id (type) : g_uuid_string_random ();

      json_object_set_string_member (doc, "_id", id);
    }
  write_doc (req, doc, TRUE, SOUP_STATUS_CREATED);
}

static void
delete_doc (RelaisRequest *req)
{
  g_autoptr (JsonObject) tombstone = json_object_new ();
  const char *rev = relais_http_query (req->query, "rev");
  const char *if_match =
      soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), "If-Match");
  g_autofree char *unquoted = NULL;

  if (!_relais_request_authorize (req, RELAIS_ACTION_DB_WRITE))
    return;

  if (rev == NULL && if_match != NULL)
    {
      gsize len = strlen (if_match);

      /* Only a "quoted" value loses its quotes: the lone `"` once made a
       * length of -1 here and crashed the server (reproduced with
       * fuzz-server-request). Anything else is taken as it is and fails
       * as an invalid rev. */
      if (len >= 2 && if_match[0] == '"' && if_match[len - 1] == '"')
        rev = unquoted = g_strndup (if_match + 1, len - 2);
      else
        rev = if_match;
    }
  if (rev == NULL)
    {
      relais_http_reply_error (req->msg, SOUP_STATUS_CONFLICT, "conflict",
                               "Document update conflict.");
      return;
    }

  json_object_set_string_member (tombstone, "_id", req->doc_id);
  json_object_set_string_member (tombstone, "_rev", rev);
  json_object_set_boolean_member (tombstone, "_deleted", TRUE);
  write_doc (req, tombstone, TRUE, SOUP_STATUS_OK);
}

/* Shared with _bulk_docs */

/* The members our accessors read must have the expected JSON type before
 * anything reads them: json-glib's getters are not meant for hostile
 * input (an object where a string is expected is a critical warning). */
gboolean
_relais_doc_check_types (JsonObject *doc, GError **error)
{
  static const struct
  {
    const char *name;
    GType type;
  } members[] = {
    { "_id", G_TYPE_STRING },  { "_rev", G_TYPE_STRING },          { "_deleted", G_TYPE_BOOLEAN },
    { "type", G_TYPE_STRING }, { "schema_version", G_TYPE_INT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (doc, members[i].name);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != members[i].type)
        {
          /* schema_version of another type is the validator's to report. */
          if (g_str_equal (members[i].name, "schema_version") && JSON_NODE_HOLDS_VALUE (node))
            continue;
          if (g_str_equal (members[i].name, "type") && JSON_NODE_HOLDS_VALUE (node))
            continue;
          g_set_error (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                       "%s has the wrong JSON type", members[i].name);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * _relais_prepare_doc:
 *
 * The checks every write goes through before the store: the id's length
 * and syntax (400 bad_request), the per-type write rules and the schema
 * (403 forbidden, as a validate_doc_update function), whether an edit or
 * a replicated revision.
 */
gboolean
_relais_prepare_doc (const RelaisWriteRules *rules, JsonObject *doc, GError **error)
{
  const char *id;

  if (!_relais_doc_check_types (doc, error))
    return FALSE;
  if ((id = relais_doc_get_id (doc)) == NULL)
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                           "Document must have an _id");
      return FALSE;
    }
  if (!_relais_write_rules_check_id (rules, id, error))
    return FALSE;
  if (relais_doc_id_is_local (id))
    {
      g_set_error_literal (error, RELAIS_SERVER_ERROR, RELAIS_SERVER_ERROR_BAD_REQUEST,
                           "Use the _local API for local documents");
      return FALSE;
    }
  if (!_relais_write_rules_check_write (rules, id, error))
    return FALSE;
  /* _users holds CouchDB's user documents, not domain data. */
  if (g_str_equal (rules->db_name, RELAIS_DB_USERS))
    return relais_users_prepare_doc (doc, error);
  return relais_validate_doc (doc, NULL, error);
}

void
_relais_handle_doc (RelaisRequest *req)
{
  if (req->doc_id == NULL)
    {
      post_doc (req);
      return;
    }

  if (!_relais_request_check_method (req, DOC_METHODS))
    return;

  if (g_str_equal (req->method, "PUT"))
    put_doc (req);
  else if (g_str_equal (req->method, "DELETE"))
    delete_doc (req);
  else
    get_doc (req);
}

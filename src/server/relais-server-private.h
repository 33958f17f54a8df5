/* relais-server-private.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * What the handler files share with the router: one RelaisRequest per
 * HTTP request, built by relais-server.c, and the handler entry points.
 */

#pragma once

#include "relais-auth.h"
#include "relais-db-registry.h"
#include "relais-http.h"
#include "relais-server-error.h"
#include "relais-server.h"

G_BEGIN_DECLS

typedef struct
{
  /* Borrowed References */
  RelaisServer *server;
  SoupServerMessage *msg;
  GHashTable *query; /* decoded parameters, may be NULL */
  const char *method;

  /* Owned References */
  char **segments; /* the path split on "/", each segment percent-decoded */
  guint n_segments;
  RelaisDb *db;         /* for /{db}/… routes, opened by the router */
  char *doc_id;         /* for document routes: "x", "_design/x" or "_local/x" */
  JsonObject *security; /* req->db's _security, read once per request when needed */

  /* Borrowed References */
  RelaisUserCtx *user; /* who is asking (owned by msg); never NULL once routed */
} RelaisRequest;

typedef void (*RelaisHandlerFunc) (RelaisRequest *req);

/* What a worker thread answers: a JSON body with its status, or an error
 * (replied as relais_http_reply_gerror() does). */
typedef struct
{
  guint status;
  char *body;
  GError *error;
  char *etag;     /* a rev, sent as the ETag header, or NULL */
  gboolean wrote; /* a write committed: the feeds are woken */
} RelaisThreadReply;

typedef void (*RelaisThreadFunc) (RelaisStore *store, gpointer data, RelaisThreadReply *reply);

/* What the per-document write rules need of the request, copied on the
 * main thread for the writer thread. */
typedef struct
{
  char *db_name;
  char **roles;
  gboolean is_admin;
  gboolean db_admin;
  guint max_id_length;
} RelaisWriteRules;

/* relais-request-thread.c */
void _relais_request_read_in_thread (RelaisRequest *req,
                                     RelaisThreadFunc func,
                                     gpointer data,
                                     GDestroyNotify destroy);
void _relais_request_write_in_thread (RelaisRequest *req,
                                      RelaisThreadFunc func,
                                      gpointer data,
                                      GDestroyNotify destroy);
void _relais_request_prepare_then_write (RelaisRequest *req,
                                         RelaisThreadFunc prepare,
                                         RelaisThreadFunc func,
                                         gpointer data,
                                         GDestroyNotify destroy);

const RelaisServerConfig *_relais_server_get_config (RelaisServer *self);
RelaisDbRegistry *_relais_server_get_registry (RelaisServer *self);

gboolean _relais_request_check_method (RelaisRequest *req, const char *const *allowed);
void _relais_request_reply_gerror (RelaisRequest *req, const GError *error);
gboolean _relais_request_authorize (RelaisRequest *req, RelaisAction action);
gboolean _relais_request_check_doc_id (RelaisRequest *req, const char *id, GError **error);
gboolean _relais_request_check_doc_write (RelaisRequest *req, const char *id, GError **error);
RelaisWriteRules *_relais_request_get_write_rules (RelaisRequest *req);
void _relais_write_rules_free (RelaisWriteRules *rules);
gboolean
_relais_write_rules_check_id (const RelaisWriteRules *rules, const char *id, GError **error);
gboolean
_relais_write_rules_check_write (const RelaisWriteRules *rules, const char *id, GError **error);
void _relais_request_set_user (RelaisRequest *req, RelaisUserCtx *user);
void _relais_request_set_session_cookie (RelaisRequest *req, gboolean set);
gboolean _relais_request_revoke_session (RelaisRequest *req, GError **error);
RelaisUserCtx *_relais_server_check_password (RelaisServer *self,
                                              SoupServerMessage *msg,
                                              const char *name,
                                              const char *password,
                                              GError **error);

/* relais-handlers-session.c */
void _relais_handle_session (RelaisRequest *req);

/* relais-handlers-server.c */
void _relais_handle_root (RelaisRequest *req);
void _relais_handle_all_dbs (RelaisRequest *req);
void _relais_handle_up (RelaisRequest *req);

/* relais-handlers-db.c */
void _relais_handle_db (RelaisRequest *req);
void _relais_handle_security (RelaisRequest *req);

/* relais-handlers-doc.c */
void _relais_handle_doc (RelaisRequest *req);
gboolean _relais_doc_check_types (JsonObject *doc, GError **error);
gboolean _relais_prepare_doc (const RelaisWriteRules *rules, JsonObject *doc, GError **error);

/* relais-handlers-local.c */
void _relais_handle_local (RelaisRequest *req);

/* relais-handlers-changes.c */
void _relais_handle_changes (RelaisRequest *req);
void _relais_changes_end_waiting (void);

/* relais-handlers-replication.c */
void _relais_handle_revs_diff (RelaisRequest *req);
void _relais_handle_bulk_get (RelaisRequest *req);
void _relais_handle_bulk_docs (RelaisRequest *req);
void _relais_handle_ensure_full_commit (RelaisRequest *req);

/* relais-handlers-all-docs.c */
void _relais_handle_all_docs (RelaisRequest *req);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisWriteRules, _relais_write_rules_free)

G_END_DECLS

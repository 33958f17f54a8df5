/* relais-server-config.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RELAIS_SERVER_DEFAULT_ADDRESS "127.0.0.1"
#define RELAIS_SERVER_DEFAULT_PORT 5984
/* Seconds between two runs of the server jobs: closing offers a day late
 * would not matter, an hour keeps the alerts timely. */
#define RELAIS_SERVER_DEFAULT_JOBS_INTERVAL 3600
#define RELAIS_SERVER_DEFAULT_JOBS_FROM "Relais <relais@localhost>"

/* Everything `serve` reads from its GKeyFile ([server] and [jobs] groups);
 * the command line overrides address, port and data-dir. */
typedef struct
{
  char *address;
  guint port;
  char *data_dir;
  gsize max_body_size;      /* bytes; larger requests get 413 too_large */
  guint max_docs_per_batch; /* _bulk_docs, _bulk_get, _revs_diff, _all_docs keys */
  guint max_id_length;      /* bytes, at most RELAIS_DOC_MAX_ID_LENGTH */
  guint changes_chunk_rows; /* rows read from the store per streamed chunk */
  GLogLevelFlags log_level; /* messages less severe than this are dropped */
  guint jobs_interval;      /* [jobs] interval, seconds; 0 disables the jobs */
  char *jobs_from;          /* [jobs] from: the From of outgoing messages */

  /* Authentication */
  GHashTable *admins;        /* [admins]: name → plain password or "$argon2id$…" */
  guint session_timeout;     /* seconds an AuthSession cookie lives (CouchDB: 600) */
  guint auth_max_failures;   /* failed logins per name and address within… */
  guint auth_failure_window; /* …this many seconds before 429 too_many_requests */
  char *tls_certificate;     /* PEM files; both set: the listener is HTTPS */
  char *tls_key;
} RelaisServerConfig;

RelaisServerConfig *relais_server_config_new (void);
void relais_server_config_free (RelaisServerConfig *self);
RelaisServerConfig *relais_server_config_copy (const RelaisServerConfig *self);
gboolean relais_server_config_load (RelaisServerConfig *self, const char *path, GError **error);
gboolean
relais_server_config_parse_log_level (const char *text, GLogLevelFlags *level, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisServerConfig, relais_server_config_free)

G_END_DECLS

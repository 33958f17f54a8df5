/* relais-server.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <libsoup/soup.h>

#include "relais-server-config.h"

G_BEGIN_DECLS

/* What a request wants to do, for relais_server_authorize(). */
typedef enum
{
  RELAIS_ACTION_SERVER_READ,  /* GET / (public) */
  RELAIS_ACTION_DB_READ,      /* reading documents, feeds, _revs_diff, _bulk_get: members */
  RELAIS_ACTION_DB_WRITE,     /* writing documents, _local documents: members */
  RELAIS_ACTION_DB_ADMIN,     /* PUT _security: db admins */
  RELAIS_ACTION_SERVER_ADMIN, /* creating or deleting a database, /_all_dbs */
} RelaisAction;

#define RELAIS_TYPE_SERVER (relais_server_get_type ())
G_DECLARE_FINAL_TYPE (RelaisServer, relais_server, RELAIS, SERVER, GObject)

RelaisServer *relais_server_new (const RelaisServerConfig *config, GError **error);
gboolean relais_server_listen (RelaisServer *self, GError **error);
char *relais_server_get_url (RelaisServer *self);
const char *relais_server_get_uuid (RelaisServer *self);
void
relais_server_drain (RelaisServer *self, guint timeout_ms, GSourceFunc drained, gpointer user_data);
void relais_server_shutdown (RelaisServer *self);
gboolean relais_server_authorize (RelaisServer *self,
                                  SoupServerMessage *msg,
                                  const char *db,
                                  RelaisAction action,
                                  GError **error);

G_END_DECLS

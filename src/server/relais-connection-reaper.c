/* relais-connection-reaper.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * libsoup 3.2 (Debian 12) never frees the server side of a keep-alive
 * connection that the client closes while it is idle: the socket stays in
 * CLOSE-WAIT and its descriptor is lost, so a server that clients connect
 * to and leave (every replicator, every PouchDB) runs out of descriptors
 * after about RLIMIT_NOFILE connections. Fixed in libsoup 3.3.
 *
 * Until then the reaper watches the connections requests arrive on; once a
 * second, a connection with no request in progress whose peer has closed
 * (a peek reads end-of-file) gets its socket closed. GSocket then refuses
 * every later operation with G_IO_ERROR_CLOSED, so libsoup's forgotten
 * objects can never touch a descriptor number reused by someone else; only
 * their few hundred bytes stay leaked.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "relais-connection-reaper.h"

#define SWEEP_INTERVAL_S 1

typedef struct
{
  GSocket *socket;
  guint in_flight; /* requests started and not finished on it */
} Connection;

struct _RelaisConnectionReaper
{
  /* Borrowed References */
  SoupServer *server;

  /* Owned References */
  GHashTable *connections; /* GSocket* → Connection* */
  gulong started_id;
  guint sweep_id;
};

typedef struct
{
  RelaisConnectionReaper *reaper;
  GSocket *socket;
  gboolean done;
} Request;

/* Auxiliary methods */

static void
connection_free (Connection *connection)
{
  g_object_unref (connection->socket);
  g_free (connection);
}

/* TRUE when the peer has closed and sent nothing more. */
static gboolean
peer_has_closed (GSocket *socket)
{
  char byte;
  ssize_t n = recv (g_socket_get_fd (socket), &byte, 1, MSG_PEEK | MSG_DONTWAIT);

  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static void
reaper_clear (RelaisConnectionReaper *self)
{
  g_clear_signal_handler (&self->started_id, self->server);
  g_clear_handle_id (&self->sweep_id, g_source_remove);
  g_clear_pointer (&self->connections, g_hash_table_unref);
}

static void
request_done (Request *request)
{
  Connection *connection;

  if (request->done)
    return;
  request->done = TRUE;
  if (request->reaper->connections == NULL)
    return; /* the server is gone, and the reaper with it */
  connection = g_hash_table_lookup (request->reaper->connections, request->socket);
  if (connection != NULL && connection->in_flight > 0)
    connection->in_flight--;
}

static void
request_free (gpointer data, GClosure *closure)
{
  Request *request = data;

  /* Both handlers share it: the second disconnection frees it. */
  if (request->socket == NULL)
    {
      g_rc_box_release_full (request->reaper, (GDestroyNotify) reaper_clear);
      g_free (request);
      return;
    }
  request_done (request);
  g_clear_object (&request->socket);
}

/* Signal callbacks */

static void
request_finished_cb (SoupServerMessage *msg, gpointer user_data)
{
  request_done (user_data);
}

static void
request_started_cb (SoupServer *server, SoupServerMessage *msg, gpointer user_data)
{
  RelaisConnectionReaper *self = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *connection;
  Request *request;

  if (socket == NULL)
    return;
  if ((connection = g_hash_table_lookup (self->connections, socket)) == NULL)
    {
      connection = g_new0 (Connection, 1);
      connection->socket = g_object_ref (socket);
      g_hash_table_insert (self->connections, socket, connection);
    }
  connection->in_flight++;

  request = g_new0 (Request, 1);
  request->reaper = g_rc_box_acquire (self);
  request->socket = g_object_ref (socket);
  /* "disconnected" may come without "finished" (a client leaving a
   * paused feed): either ends the request, once. */
  g_signal_connect_data (msg, "finished", G_CALLBACK (request_finished_cb), request, request_free,
                         0);
  g_signal_connect_data (msg, "disconnected", G_CALLBACK (request_finished_cb), request,
                         request_free, 0);
}

static gboolean
sweep_cb (gpointer user_data)
{
  RelaisConnectionReaper *self = user_data;
  GHashTableIter iter;
  Connection *connection;

  g_hash_table_iter_init (&iter, self->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    {
      if (g_socket_is_closed (connection->socket))
        g_hash_table_iter_remove (&iter); /* libsoup closed it itself */
      else if (connection->in_flight == 0 && peer_has_closed (connection->socket))
        {
          g_socket_close (connection->socket, NULL);
          g_hash_table_iter_remove (&iter);
        }
    }
  return G_SOURCE_CONTINUE;
}

/* Public API */

RelaisConnectionReaper *
relais_connection_reaper_new (SoupServer *server)
{
  RelaisConnectionReaper *self;

  g_return_val_if_fail (SOUP_IS_SERVER (server), NULL);

  /* Reference counted: a message may finish after the server is gone. */
  self = g_rc_box_new0 (RelaisConnectionReaper);
  self->server = server;
  self->connections =
      g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, (GDestroyNotify) connection_free);
  self->started_id =
      g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), self);
  self->sweep_id = g_timeout_add_seconds (SWEEP_INTERVAL_S, sweep_cb, self);
  return self;
}

void
relais_connection_reaper_free (RelaisConnectionReaper *self)
{
  if (self == NULL)
    return;
  reaper_clear (self);
  g_rc_box_release_full (self, (GDestroyNotify) reaper_clear);
}

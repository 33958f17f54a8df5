/* relais-response-cork.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * libsoup writes a response's headers and its body with two send()s: two
 * TCP segments, and two wakeups of the client, for every small answer.
 * With 200 longpoll clients answered after every write, that was a tenth
 * of the server's time in the kernel, and as much again in the clients.
 * The socket is corked (TCP_CORK) from the request's headers on, so that
 * the headers and a body of known length leave in one segment, and
 * uncorked, which sends at once, as soon as something must go out without
 * waiting: a 1xx answer, the headers of a chunked (streamed) response,
 * the end of the body, the end of the message.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "relais-response-cork.h"

static void
set_cork (SoupServerMessage *msg, gboolean on)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  /* A socket the peer or the reaper closed refuses it: nothing to send. */
  if (socket != NULL)
    g_socket_set_option (socket, IPPROTO_TCP, TCP_CORK, on ? 1 : 0, NULL);
}

static void
uncork_cb (SoupServerMessage *msg, gpointer user_data)
{
  set_cork (msg, FALSE);
}

static void
wrote_headers_cb (SoupServerMessage *msg, gpointer user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  /* A stream's chunks go out as they come (heartbeats, continuous feeds). */
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    set_cork (msg, FALSE);
}

/* From the early handler: before anything of the response is written. */
void
relais_response_cork (SoupServerMessage *msg)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  set_cork (msg, TRUE);
  g_signal_connect (msg, "wrote-informational", G_CALLBACK (uncork_cb), NULL);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (wrote_headers_cb), NULL);
  g_signal_connect (msg, "wrote-body", G_CALLBACK (uncork_cb), NULL);
  g_signal_connect (msg, "finished", G_CALLBACK (uncork_cb), NULL);
  g_signal_connect (msg, "disconnected", G_CALLBACK (uncork_cb), NULL);
}

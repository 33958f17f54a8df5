/* relais-response-cork.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

void relais_response_cork (SoupServerMessage *msg);

G_END_DECLS

/* relais-malloc.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void relais_malloc_setup (char **argv);

G_END_DECLS

/* relais-slice.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void relais_slice_use_malloc (char **argv);

G_END_DECLS

/* relais-admin-cli.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int relais_admin_cli_user (int argc, char **argv);
int relais_admin_cli_db (int argc, char **argv);

G_END_DECLS

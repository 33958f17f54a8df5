/* relais-application.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RELAIS_TYPE_APPLICATION (relais_application_get_type ())
G_DECLARE_FINAL_TYPE (RelaisApplication, relais_application, RELAIS, APPLICATION, AdwApplication)

RelaisApplication *relais_application_new (void);
const char *relais_application_locale_dir (void);

G_END_DECLS

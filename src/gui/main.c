/* main.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "relais-application.h"
#include "relais-malloc.h"

int
main (int argc, char *argv[])
{
  g_autoptr (RelaisApplication) app = NULL;

  relais_malloc_setup (argv);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, relais_application_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = relais_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

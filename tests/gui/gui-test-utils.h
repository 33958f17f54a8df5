/* gui-test-utils.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * What every GUI test program needs: a store filled by the demo
 * generator, the main context run until idle, a temporary folder removed.
 */

#pragma once

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>

#include "relais-application.h"
#include "relais-demo.h"
#include "relais-json.h"
#include "relais-store.h"
#include "relais-store-list.h"
#include "../store/store-demo-utils.h"

static inline void
fill_demo_store (const char *path, guint n_de)
{
  store_test_fill_demo (path, n_de);
}

typedef struct
{
  GPtrArray *docs;
  const char *prefix;
} CollectStored;

static inline gboolean
collect_stored_cb (const RelaisChange *change, gpointer user_data)
{
  CollectStored *collect = user_data;

  if (!change->deleted && g_str_has_prefix (change->id, collect->prefix))
    g_ptr_array_add (collect->docs, relais_json_parse_object (change->doc_json, -1, NULL));
  return TRUE;
}

/* The live documents whose ids start with @prefix ("entretien:"), read
 * straight from the store file at @path. */
static inline GPtrArray *
read_stored_docs (const char *path, const char *prefix)
{
  g_autoptr (RelaisStore) store = relais_store_open (path, NULL);
  CollectStored collect = { g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref),
                            prefix };

  g_assert_nonnull (store);
  g_assert_true (relais_store_changes (store, 0, 0, RELAIS_CHANGES_INCLUDE_DOCS, collect_stored_cb,
                                       &collect, NULL, NULL));
  return collect.docs;
}

/* The button labelled @label under @widget (a toast's, say), or NULL. */
static inline GtkWidget *
find_button_labelled (GtkWidget *widget, const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_labelled (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first widget of @type in the tree under @widget, itself included. */
static inline GtkWidget *
find_widget (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Runs the main loop until the first read of @list, in its worker
 * thread, is applied (ten seconds at most). */
static inline void
wait_list_loaded (gpointer list)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_true (RELAIS_IS_STORE_LIST (list));
  while (relais_store_list_get_loading (list) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (relais_store_list_get_loading (list));
  spin ();
}

static inline void
remove_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

/* What every GUI test's main() does first: the locale and the app's
 * translations, GTK and libadwaita. The French cases run in a subprocess
 * (g_test_trap_subprocess()) that gets LANGUAGE=fr here. */
static inline void
gui_test_init (int *argc, char ***argv)
{
  if (*argc > 1 && g_strv_contains ((const char *const *) *argv, "--GTestSubprocess"))
    {
      g_setenv ("LC_ALL", "fr_FR.UTF-8", TRUE);
      g_setenv ("LANGUAGE", "fr", TRUE);
    }
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, relais_application_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
}

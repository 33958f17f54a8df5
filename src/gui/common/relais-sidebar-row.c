/* relais-sidebar-row.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#include "config.h"

#include "relais-sidebar-row.h"

/* A row of the window's sidebar: an icon and @label, named @name as the
 * view's stack page (--view and relais_window_show_view_named() find it by
 * that name); screen readers read @label. */
GtkWidget *
relais_sidebar_row_new (const char *name, const char *icon_name, const char *label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = g_object_new (GTK_TYPE_IMAGE, "icon-name", icon_name, "accessible-role",
                                   GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  GtkWidget *text = gtk_label_new (label);

  g_return_val_if_fail (name != NULL, NULL);

  gtk_widget_set_name (row, name);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), text);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY, text,
                                  NULL, -1);
  return row;
}

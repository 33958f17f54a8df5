/* relais-accessible.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * GTK 4.8 names a widget by joining its accessible label with the names
 * of the widgets it is labelled by. A button with a mnemonic gets both:
 * its label as written ("_Save") as the accessible label, and its child
 * label ("Save") as labelled-by, so screen readers and the end-to-end
 * tests read "_Save Save". Dropping the accessible label leaves the
 * child's name alone. (Rows are named by their title the same way: they
 * need no accessible label of their own.)
 */

#define G_LOG_DOMAIN "relais-accessible"

#include "config.h"

#include "relais-accessible.h"

/* Every button with a mnemonic under @root (itself included), as built
 * from a template or by hand: named by its label only. Buttons whose label
 * changes later need the call again. */
void
relais_accessible_name_mnemonic_buttons (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)) &&
      gtk_button_get_label (GTK_BUTTON (root)) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    relais_accessible_name_mnemonic_buttons (child);
}

/* relais-toast.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Toasts of the views: a result, or a result with Undo, shown by the
 * window's AdwToastOverlay above the view.
 */

#define G_LOG_DOMAIN "relais-toast"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-toast.h"

/* Shows @toast (transfer full) in the toast overlay above @widget; a
 * widget outside a window (a test's) drops it. */
void
relais_toast_add (GtkWidget *widget, AdwToast *toast)
{
  GtkWidget *overlay;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

/**
 * relais_toast_add_undo:
 * @slot: where the view keeps its undo toast, weakly: NULL once it went
 * @undo: `void (*) (AdwToast *toast, gpointer instance)`, called when the
 *   counsellor chooses Undo
 *
 * Shows a toast titled @title with an Undo button for ten seconds, in
 * place of the view's previous one.
 */
void
relais_toast_add_undo (
    GtkWidget *widget, const char *title, AdwToast **slot, GCallback undo, gpointer instance)
{
  AdwToast *toast;

  g_return_if_fail (slot != NULL);
  g_return_if_fail (undo != NULL);

  relais_toast_withdraw_undo (slot, instance);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _ ("_Undo"));
  adw_toast_set_timeout (toast, 10);
  g_set_weak_pointer (slot, toast);
  g_signal_connect_object (toast, "button-clicked", undo, instance, 0);
  relais_toast_add (widget, toast);
}

/* Dismisses the toast in @slot, whose Undo would no longer apply. */
void
relais_toast_withdraw_undo (AdwToast **slot, gpointer instance)
{
  g_return_if_fail (slot != NULL);

  if (*slot == NULL)
    return;
  g_signal_handlers_disconnect_by_data (*slot, instance);
  adw_toast_dismiss (*slot);
  g_clear_weak_pointer (slot);
}

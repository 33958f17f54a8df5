/* relais-screenshot.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void relais_screenshot_async (GtkWidget *widget,
                              const char *path,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer user_data);
gboolean relais_screenshot_finish (GAsyncResult *result, GError **error);

G_END_DECLS

/* relais-screenshot.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Renders a mapped widget to a PNG with the widget's own renderer, so that a
 * headless machine (CI, a server without a display) still shows what a
 * counsellor would see. The render waits for the widget to be mapped and
 * allocated and for a few frames to settle.
 */

#define G_LOG_DOMAIN "relais-screenshot"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-screenshot.h"

/* Frames to let pass after the first allocation: lists and status pages lay
 * out in more than one pass. */
#define SETTLE_FRAMES 10
/* …and at most this many (about ten seconds) for the first painted one. */
#define MAX_WAIT_FRAMES 600

typedef struct
{
  char *path;
  guint frames;
  guint tick_id;
} ScreenshotData;

static void
screenshot_data_free (ScreenshotData *data)
{
  g_free (data->path);
  g_free (data);
}

static gboolean
render_to_png (GtkWidget *widget, const char *path, GError **error)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GtkNative *native = gtk_widget_get_native (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (native == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("The window is not shown yet"));
      return FALSE;
    }

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING, _ ("Nothing was drawn"));
      return FALSE;
    }

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _ ("Could not write %s"), path);
      return FALSE;
    }

  return TRUE;
}

/* A view still loading shows a spinning GtkSpinner: a screenshot of it
 * would show the spinner instead of the view. */
static gboolean
has_spinning_spinner (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_SPINNER (widget) && gtk_spinner_get_spinning (GTK_SPINNER (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_spinning_spinner (child))
      return TRUE;
  return FALSE;
}

static gboolean
tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  GTask *task = user_data;
  ScreenshotData *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) <= 0 ||
      ++data->frames < SETTLE_FRAMES ||
      (has_spinning_spinner (widget) && data->frames < MAX_WAIT_FRAMES))
    {
      gtk_widget_queue_draw (widget);
      return G_SOURCE_CONTINUE;
    }

  if (render_to_png (widget, data->path, &error))
    g_task_return_boolean (task, TRUE);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) &&
           data->frames < MAX_WAIT_FRAMES)
    {
      /* A window that loads a large store paints its first frame late:
       * wait for it rather than fail. */
      gtk_widget_queue_draw (widget);
      return G_SOURCE_CONTINUE;
    }
  else
    g_task_return_error (task, g_steal_pointer (&error));

  data->tick_id = 0;
  return G_SOURCE_REMOVE;
}

void
relais_screenshot_async (GtkWidget *widget,
                         const char *path,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer user_data)
{
  GTask *task;
  ScreenshotData *data;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (path != NULL);

  task = g_task_new (widget, cancellable, callback, user_data);
  g_task_set_source_tag (task, relais_screenshot_async);
  data = g_new0 (ScreenshotData, 1);
  data->path = g_strdup (path);
  g_task_set_task_data (task, data, (GDestroyNotify) screenshot_data_free);

  data->tick_id = gtk_widget_add_tick_callback (widget, tick_cb, task, g_object_unref);
}

gboolean
relais_screenshot_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (G_IS_TASK (result), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

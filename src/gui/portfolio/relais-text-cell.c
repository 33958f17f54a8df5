/* relais-text-cell.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * One line of text in a cell of a column view, ellipsized at its end.
 *
 * Why not a GtkInscription or a GtkLabel: GTK 4.8 keeps 200 rows of the
 * portfolio's 8 columns realized, and each of those widgets made its own
 * Pango context, asked it for its font's metrics and laid out its text,
 * on screen or not: the portfolio's cells were a third of the cold start
 * (the window with 2 columns instead of 8 painted 130 ms sooner). These
 * cells share their column view's Pango context and the metrics of its
 * font, measure without laying out (one line, as wide as nat_chars
 * characters), and lay out their text only when drawn.
 */

#define G_LOG_DOMAIN "relais-text-cell"

#include "config.h"

#include "relais-text-cell.h"

struct _RelaisTextCell
{
  GtkWidget parent_instance;

  /* Owned References */
  char *text;
  PangoLayout *layout; /* made when first drawn */

  /* State */
  guint layout_serial; /* of the context the layout was made for */
  int nat_chars;
  float xalign;
  gboolean numeric;
};

G_DEFINE_FINAL_TYPE (RelaisTextCell, relais_text_cell, GTK_TYPE_WIDGET)

typedef struct
{
  guint serial;
  int height;
  int char_width;
} Metrics;

static GQuark metrics_quark;

/* The column view's context: GTK keeps it up to date with the theme's
 * font and the text scaling. */
static PangoContext *
shared_context (RelaisTextCell *self)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_COLUMN_VIEW);

  return gtk_widget_get_pango_context (view != NULL ? view : GTK_WIDGET (self));
}

/* The line height and a character's width in @context's font, computed
 * once for every cell sharing it and again when it changes. */
static const Metrics *
context_metrics (PangoContext *context)
{
  Metrics *metrics = g_object_get_qdata (G_OBJECT (context), metrics_quark);
  guint serial = pango_context_get_serial (context);

  if (metrics == NULL)
    {
      metrics = g_new0 (Metrics, 1);
      g_object_set_qdata_full (G_OBJECT (context), metrics_quark, metrics, g_free);
    }
  if (metrics->height == 0 || metrics->serial != serial)
    {
      PangoFontMetrics *font = pango_context_get_metrics (context, NULL, NULL);
      int height = pango_font_metrics_get_height (font);

      if (height <= 0)
        height = pango_font_metrics_get_ascent (font) + pango_font_metrics_get_descent (font);
      metrics->height = MAX (1, PANGO_PIXELS_CEIL (height));
      metrics->char_width =
          MAX (1, PANGO_PIXELS_CEIL (MAX (pango_font_metrics_get_approximate_char_width (font),
                                          pango_font_metrics_get_approximate_digit_width (font))));
      metrics->serial = serial;
      pango_font_metrics_unref (font);
    }
  return metrics;
}

static void
relais_text_cell_measure (GtkWidget *widget,
                          GtkOrientation orientation,
                          int for_size,
                          int *minimum,
                          int *natural,
                          int *minimum_baseline,
                          int *natural_baseline)
{
  RelaisTextCell *self = RELAIS_TEXT_CELL (widget);
  const Metrics *metrics = context_metrics (shared_context (self));

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Room for an ellipsis and a letter or two, as GtkInscription's. */
      *minimum = 3 * metrics->char_width;
      *natural = MAX (*minimum, self->nat_chars * metrics->char_width);
    }
  else
    *minimum = *natural = metrics->height;
}

static void
relais_text_cell_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  RelaisTextCell *self = RELAIS_TEXT_CELL (widget);
  PangoContext *context;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int layout_width, layout_height;
  GdkRGBA color;

  if (self->text == NULL || *self->text == '\0' || width <= 0)
    return;

  context = shared_context (self);
  if (self->layout == NULL || pango_layout_get_context (self->layout) != context ||
      self->layout_serial != pango_context_get_serial (context))
    {
      g_clear_object (&self->layout);
      self->layout = pango_layout_new (context);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      if (self->numeric)
        {
          /* What the "numeric" style class gives labels: figures of one width. */
          PangoAttrList *attributes = pango_attr_list_new ();

          pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
          pango_layout_set_attributes (self->layout, attributes);
          pango_attr_list_unref (attributes);
        }
      pango_layout_set_text (self->layout, self->text, -1);
      self->layout_serial = pango_context_get_serial (context);
    }
  pango_layout_set_width (self->layout, width * PANGO_SCALE);
  pango_layout_get_pixel_size (self->layout, &layout_width, &layout_height);

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (MAX (0, (width - layout_width) * self->xalign),
                                                (height - layout_height) / 2));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
relais_text_cell_finalize (GObject *object)
{
  RelaisTextCell *self = RELAIS_TEXT_CELL (object);

  g_clear_object (&self->layout);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (relais_text_cell_parent_class)->finalize (object);
}

static void
relais_text_cell_class_init (RelaisTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = relais_text_cell_finalize;
  widget_class->measure = relais_text_cell_measure;
  widget_class->snapshot = relais_text_cell_snapshot;

  /* Styled as the labels it replaces. */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
  metrics_quark = g_quark_from_static_string ("relais-text-cell-metrics");
}

static void
relais_text_cell_init (RelaisTextCell *self)
{
  self->xalign = 0.0f;
}

/* A cell as wide as @nat_chars characters when there is room, its text at
 * @xalign (0 start, 1 end); @numeric: figures of one width. */
GtkWidget *
relais_text_cell_new (int nat_chars, float xalign, gboolean numeric)
{
  RelaisTextCell *self = g_object_new (RELAIS_TYPE_TEXT_CELL, NULL);

  self->nat_chars = MAX (0, nat_chars);
  self->xalign = CLAMP (xalign, 0.0f, 1.0f);
  self->numeric = numeric;
  return GTK_WIDGET (self);
}

const char *
relais_text_cell_get_text (RelaisTextCell *self)
{
  g_return_val_if_fail (RELAIS_IS_TEXT_CELL (self), NULL);

  return self->text;
}

/* A new text only redraws the cell: its size does not depend on it. */
void
relais_text_cell_set_text (RelaisTextCell *self, const char *text)
{
  g_return_if_fail (RELAIS_IS_TEXT_CELL (self));

  if (g_strcmp0 (text, self->text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text != NULL ? text : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

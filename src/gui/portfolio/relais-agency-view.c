/* relais-agency-view.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The ELD's Agence view: every portefeuille of the store with its load (DE
 * against capacité) and how many of its DE have open alerts, in a sortable
 * table. It reads the portfolio view's RelaisDeList (the DE, their alerts
 * and the portefeuilles, all computed by the core) instead of loading the
 * store a second time, and rebuilds its rows whenever that list changes.
 */

#define G_LOG_DOMAIN "relais-agency-view"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-agency-view.h"
#include "relais-portfolio-load.h"

struct _RelaisAgencyView
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkColumnView *column_view;

  /* Owned References */
  RelaisDeList *de_list;
  GListStore *loads;
  GtkSortListModel *sort_model;
};

G_DEFINE_FINAL_TYPE (RelaisAgencyView, relais_agency_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DE_LIST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  COLUMN_TEXT,
  COLUMN_COUNT,
  COLUMN_LOAD,
} ColumnKind;

typedef struct
{
  const char *title;
  const char *property; /* the sort key */
  ColumnKind kind;
} ColumnSpec;

static const ColumnSpec columns[] = {
  { N_ ("Portfolio"), "libelle", COLUMN_TEXT },
  { N_ ("Modality"), "modalite", COLUMN_TEXT },
  { N_ ("Load"), "load", COLUMN_LOAD },
  { N_ ("With Alerts"), "n-with-alerts", COLUMN_COUNT },
  { N_ ("Blocking Alerts"), "n-blocking", COLUMN_COUNT },
};

/* Auxiliary methods */

typedef struct
{
  guint n_de, n_with_alerts, n_blocking;
} Counts;

static void
rebuild (RelaisAgencyView *self)
{
  GListModel *list = G_LIST_MODEL (self->de_list);
  GPtrArray *portefeuilles = relais_de_list_get_portefeuilles (self->de_list);
  const GDate *today = relais_context_get_today (relais_de_list_get_context (self->de_list));
  g_autoptr (GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GPtrArray) loads = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert (RELAIS_IS_AGENCY_VIEW (self));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (list, i);
      const char *portefeuille = relais_de_item_get_portefeuille (item);
      Counts *c;

      if (portefeuille == NULL)
        continue;
      if ((c = g_hash_table_lookup (counts, portefeuille)) == NULL)
        g_hash_table_insert (counts, g_strdup (portefeuille), (c = g_new0 (Counts, 1)));
      c->n_de++;
      if (relais_de_item_get_n_alerts (item) > 0)
        c->n_with_alerts++;
      if (relais_de_item_get_n_blocking_alerts (item) > 0)
        c->n_blocking++;
    }

  for (guint i = 0; i < portefeuilles->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (portefeuilles, i);
      const char *id = json_object_get_string_member_with_default (doc, "_id", "");
      Counts none = { 0 };
      Counts *c = g_hash_table_lookup (counts, id);

      if (c == NULL)
        c = &none;
      g_ptr_array_add (
          loads, relais_portfolio_load_new (doc, c->n_de, c->n_with_alerts, c->n_blocking, today));
    }

  g_list_store_splice (self->loads, 0, g_list_model_get_n_items (G_LIST_MODEL (self->loads)),
                       loads->pdata, loads->len);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  const ColumnSpec *spec = user_data;
  GtkWidget *cell = gtk_inscription_new (NULL);

  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (cell), spec->kind == COLUMN_TEXT ? 16 : 8);
  if (spec->kind != COLUMN_TEXT)
    {
      gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1.0);
      gtk_widget_add_css_class (cell, "numeric");
    }
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  const ColumnSpec *spec = user_data;
  GtkWidget *cell = gtk_list_item_get_child (list_item);
  RelaisPortfolioLoad *load = RELAIS_PORTFOLIO_LOAD (gtk_list_item_get_item (list_item));
  g_autofree char *text = NULL;

  switch (spec->kind)
    {
    case COLUMN_LOAD:
      {
        int capacite = relais_portfolio_load_get_capacite (load);

        /* “74 / 70”, in the error colour when over capacity. */
        if (capacite >= 0)
          text = g_strdup_printf ("%u / %d", relais_portfolio_load_get_n_de (load), capacite);
        else
          text = g_strdup_printf ("%u", relais_portfolio_load_get_n_de (load));
        if (relais_portfolio_load_get_over_capacity (load))
          gtk_widget_add_css_class (cell, "error");
        else
          gtk_widget_remove_css_class (cell, "error");
      }
      break;

    case COLUMN_COUNT:
      {
        guint n = 0;

        g_object_get (load, spec->property, &n, NULL);
        text = g_strdup_printf ("%u", n);
      }
      break;

    case COLUMN_TEXT:
    default:
      g_object_get (load, spec->property, &text, NULL);
      break;
    }
  gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
}

static void
create_columns (RelaisAgencyView *self)
{
  GtkColumnViewColumn *load_column = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkExpression *expression =
          gtk_property_expression_new (RELAIS_TYPE_PORTFOLIO_LOAD, NULL, columns[i].property);
      g_autoptr (GtkColumnViewColumn) column = NULL;
      GtkSorter *sorter;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) &columns[i]);
      if (columns[i].kind == COLUMN_TEXT)
        sorter = GTK_SORTER (gtk_string_sorter_new (expression));
      else
        {
          /* The heaviest first: that is what the ELD looks for. */
          sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
          gtk_numeric_sorter_set_sort_order (GTK_NUMERIC_SORTER (sorter), GTK_SORT_DESCENDING);
        }

      column = gtk_column_view_column_new (_ (columns[i].title), factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, i == 0);
      gtk_column_view_append_column (self->column_view, column);
      if (columns[i].kind == COLUMN_LOAD)
        load_column = column;
    }

  gtk_column_view_sort_by_column (self->column_view, load_column, GTK_SORT_ASCENDING);
}

static void
de_list_items_changed_cb (
    RelaisAgencyView *self, guint position, guint removed, guint added, GListModel *model)
{
  rebuild (self);
}

/* The alerts the loads count come after the items. */
static void
de_list_loading_notify_cb (RelaisAgencyView *self, GParamSpec *pspec, RelaisDeList *list)
{
  if (!relais_de_list_get_loading (list))
    rebuild (self);
}

/* Parent overrides */

static void
relais_agency_view_constructed (GObject *object)
{
  RelaisAgencyView *self = RELAIS_AGENCY_VIEW (object);
  GtkNoSelection *selection;

  G_OBJECT_CLASS (relais_agency_view_parent_class)->constructed (object);

  g_assert (RELAIS_IS_DE_LIST (self->de_list));

  create_columns (self);
  self->loads = g_list_store_new (RELAIS_TYPE_PORTFOLIO_LOAD);
  self->sort_model =
      gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->loads)),
                               g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  g_signal_connect_object (self->de_list, "items-changed", G_CALLBACK (de_list_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->de_list, "notify::loading", G_CALLBACK (de_list_loading_notify_cb),
                           self, G_CONNECT_SWAPPED);
  rebuild (self);
}

static void
relais_agency_view_dispose (GObject *object)
{
  RelaisAgencyView *self = RELAIS_AGENCY_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), RELAIS_TYPE_AGENCY_VIEW);
  /* The template's unnamed scrolled window is not a template child. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->sort_model);
  g_clear_object (&self->loads);
  g_clear_object (&self->de_list);

  G_OBJECT_CLASS (relais_agency_view_parent_class)->dispose (object);
}

static void
relais_agency_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisAgencyView *self = RELAIS_AGENCY_VIEW (object);

  switch (prop_id)
    {
    case PROP_DE_LIST:
      g_value_set_object (value, self->de_list);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_agency_view_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  RelaisAgencyView *self = RELAIS_AGENCY_VIEW (object);

  switch (prop_id)
    {
    case PROP_DE_LIST:
      self->de_list = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_agency_view_class_init (RelaisAgencyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = relais_agency_view_constructed;
  object_class->dispose = relais_agency_view_dispose;
  object_class->get_property = relais_agency_view_get_property;
  object_class->set_property = relais_agency_view_set_property;

  properties[PROP_DE_LIST] =
      g_param_spec_object ("de-list", NULL, NULL, RELAIS_TYPE_DE_LIST,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/portfolio/relais-agency-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, column_view);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
relais_agency_view_init (RelaisAgencyView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

/* @de_list: the DE list of the portfolio view, shared. */
GtkWidget *
relais_agency_view_new (RelaisDeList *de_list)
{
  g_return_val_if_fail (RELAIS_IS_DE_LIST (de_list), NULL);

  return g_object_new (RELAIS_TYPE_AGENCY_VIEW, "de-list", de_list, NULL);
}

/* Returns: (transfer none): the portfolios' loads, sorted as shown. */
GListModel *
relais_agency_view_get_model (RelaisAgencyView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENCY_VIEW (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

/* The window's sidebar row for this view, named after its stack page
 * ("agency"), built here so that the window only inserts it. */
GtkWidget *
relais_agency_view_create_sidebar_row (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *image = g_object_new (GTK_TYPE_IMAGE, "icon-name", "view-grid-symbolic",
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  GtkWidget *label = gtk_label_new (_ ("Agency"));

  gtk_widget_set_name (row, "agency");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label,
                                  NULL, -1);
  return row;
}

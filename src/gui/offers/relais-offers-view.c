/* relais-offers-view.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * « Offres »: the employers' offers of the agency in a sortable table
 * (title, company, lifecycle status, service level, diffusion, creation,
 * candidates), filtered by status — the open ones by default, the ones a
 * counsellor works on. A row opens the offer's page in place of the
 * table. The pipeline is RelaisOfferList (which follows the store) →
 * GtkFilterListModel (status) → GtkSortListModel (the table's sorter).
 */

#define G_LOG_DOMAIN "relais-offers-view"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-sidebar-row.h"
#include "relais-offers-view.h"

/* The status drop-down's entries, in order. */
static const char *const statut_filters[] = { "open",     "diagnostic", "recueil", "traitement",
                                              "cloturee", "all",        NULL };

struct _RelaisOffersView
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkColumnView *column_view;
  GtkLabel *count_label;
  AdwStatusPage *empty_page;
  GtkStack *list_stack;
  GtkSpinner *loading_spinner;
  GtkStack *page_stack;
  GtkDropDown *statut_dropdown;

  /* Owned References */
  RelaisContext *context;
  RelaisOfferList *list;
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel *model;

  /* Borrowed References */
  GtkWidget *page; /* the open offer, NULL when none */
};

G_DEFINE_FINAL_TYPE (RelaisOffersView, relais_offers_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  COLUMN_TEXT,
  COLUMN_STATUT,
  COLUMN_DATE,
  COLUMN_COUNT,
} ColumnKind;

typedef struct
{
  const char *title;
  const char *property;
  ColumnKind kind;
} ColumnSpec;

static const ColumnSpec columns[] = {
  { N_ ("Job Title"), "intitule", COLUMN_TEXT },      { N_ ("Company"), "entreprise", COLUMN_TEXT },
  { N_ ("Status"), "statut", COLUMN_STATUT },         { N_ ("Service"), "niveau", COLUMN_TEXT },
  { N_ ("Diffusion"), "diffusion", COLUMN_TEXT },     { N_ ("Created"), "date", COLUMN_DATE },
  { N_ ("Candidates"), "n-candidats", COLUMN_COUNT },
};

/* Auxiliary methods */

static gboolean
filter_cb (gpointer object, gpointer user_data)
{
  RelaisOffersView *self = user_data;
  guint i = gtk_drop_down_get_selected (self->statut_dropdown);
  const char *wanted = i < G_N_ELEMENTS (statut_filters) - 1 ? statut_filters[i] : "all";
  const char *statut = relais_offer_item_get_field (object, "statut");

  if (g_str_equal (wanted, "all"))
    return TRUE;
  if (g_str_equal (wanted, "open"))
    return g_strcmp0 (statut, "cloturee") != 0;
  return g_strcmp0 (statut, wanted) == 0;
}

static void
update_count (RelaisOffersView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *text = g_strdup_printf (ngettext ("%u offer", "%u offers", n), n);

  gboolean loading = relais_store_list_get_loading (RELAIS_STORE_LIST (self->list));

  gtk_label_set_label (self->count_label, text);
  gtk_spinner_set_spinning (self->loading_spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), !loading);
  gtk_stack_set_visible_child_name (self->list_stack, loading ? "loading"
                                                      : n > 0 ? "list"
                                                              : "empty");
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  const ColumnSpec *spec = user_data;
  GtkWidget *cell;

  if (spec->kind == COLUMN_STATUT)
    {
      cell = gtk_label_new (NULL);
      gtk_widget_set_halign (cell, GTK_ALIGN_START);
      gtk_widget_add_css_class (cell, "relais-status");
    }
  else
    {
      cell = gtk_inscription_new (NULL);
      gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell),
                                         GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
      if (spec->kind != COLUMN_TEXT)
        gtk_widget_add_css_class (cell, "numeric");
      if (spec->kind == COLUMN_COUNT)
        gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), 1);
    }
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  const ColumnSpec *spec = user_data;
  RelaisOfferItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *cell = gtk_list_item_get_child (list_item);

  switch (spec->kind)
    {
    case COLUMN_STATUT:
      {
        const char *statut = relais_offer_item_get_field (item, "statut");
        const char *old = g_object_get_data (G_OBJECT (cell), "css");
        g_autofree char *css = g_strconcat ("relais-status-", statut ? statut : "", NULL);

        if (old != NULL)
          gtk_widget_remove_css_class (cell, old);
        gtk_widget_add_css_class (cell, css);
        g_object_set_data_full (G_OBJECT (cell), "css", g_steal_pointer (&css), g_free);
        gtk_label_set_label (GTK_LABEL (cell), relais_offer_statut_label (statut));
        break;
      }

    case COLUMN_DATE:
      {
        g_autofree char *date =
            relais_offer_format_date (relais_offer_item_get_field (item, "dateCreation"));

        gtk_inscription_set_text (GTK_INSCRIPTION (cell), date);
        break;
      }

    case COLUMN_COUNT:
      {
        g_autofree char *text = g_strdup_printf ("%u", relais_offer_item_get_n_candidats (item));

        gtk_inscription_set_text (GTK_INSCRIPTION (cell), text);
        break;
      }

    case COLUMN_TEXT:
    default:
      {
        g_autofree char *text = NULL;

        g_object_get (item, spec->property, &text, NULL);
        gtk_inscription_set_text (GTK_INSCRIPTION (cell), text != NULL ? text : "—");
        break;
      }
    }
}

static GtkSorter *
create_sorter (const ColumnSpec *spec)
{
  GtkExpression *expression =
      gtk_property_expression_new (RELAIS_TYPE_OFFER_ITEM, NULL, spec->property);

  if (spec->kind == COLUMN_COUNT)
    return GTK_SORTER (gtk_numeric_sorter_new (expression));
  return GTK_SORTER (gtk_string_sorter_new (expression));
}

static void
create_columns (RelaisOffersView *self)
{
  GtkColumnViewColumn *date_column = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) &columns[i]);
      column = gtk_column_view_column_new (_ (columns[i].title), factory);
      gtk_column_view_column_set_sorter (column, create_sorter (&columns[i]));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, i == 0);
      /* "Accompagnement" whole: the service level is read at a glance. */
      if (g_str_equal (columns[i].property, "niveau"))
        gtk_column_view_column_set_fixed_width (column, 150);
      gtk_column_view_append_column (self->column_view, column);
      if (columns[i].kind == COLUMN_DATE)
        date_column = column;
      else
        g_object_unref (column);
    }
  /* The newest offers first: they are the ones being worked on. */
  gtk_column_view_sort_by_column (self->column_view, date_column, GTK_SORT_DESCENDING);
  g_object_unref (date_column);
}

static void
close_page (RelaisOffersView *self)
{
  if (self->page == NULL)
    return;
  gtk_stack_set_visible_child_name (self->page_stack, "offers");
  gtk_stack_remove (self->page_stack, self->page);
  self->page = NULL;
}

/* Signal callbacks */

static void
on_list_loading_notify_cb (RelaisOffersView *self, GParamSpec *pspec, RelaisOfferList *list)
{
  g_assert (RELAIS_IS_OFFERS_VIEW (self));

  update_count (self);
}

static void
on_model_items_changed_cb (
    RelaisOffersView *self, guint position, guint removed, guint added, GListModel *model)
{
  update_count (self);
}

static void
on_statut_dropdown_selected_cb (RelaisOffersView *self, GParamSpec *pspec, GtkDropDown *dropdown)
{
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_page_closed_cb (RelaisOffersView *self, RelaisOfferPage *page)
{
  close_page (self);
}

static void
on_column_view_activate_cb (RelaisOffersView *self, guint position, GtkColumnView *view)
{
  g_autoptr (RelaisOfferItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item != NULL)
    relais_offers_view_open_offer (self, relais_offer_item_get_id (item));
}

/* Parent overrides */

/* The offers are read when the view is first shown (or asked for): the
 * whole store's changes read and parsed on the main thread, in the
 * window's construction, held the app's first frame for about a second
 * with a 20,000-DE agency. The list reads them in a worker, the spinner
 * shows meanwhile. */
static void
ensure_list (RelaisOffersView *self)
{
  GtkSingleSelection *selection;

  if (self->list != NULL)
    return;
  self->list = relais_offer_list_new (self->context);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->list)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  create_columns (self);
  self->model =
      gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->filtered)),
                               g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_model_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (on_list_loading_notify_cb),
                           self, G_CONNECT_SWAPPED);
  update_count (self);
}

static void
relais_offers_view_map (GtkWidget *widget)
{
  ensure_list (RELAIS_OFFERS_VIEW (widget));

  GTK_WIDGET_CLASS (relais_offers_view_parent_class)->map (widget);
}

static void
relais_offers_view_constructed (GObject *object)
{
  RelaisOffersView *self = RELAIS_OFFERS_VIEW (object);

  G_OBJECT_CLASS (relais_offers_view_parent_class)->constructed (object);

  g_assert (RELAIS_IS_CONTEXT (self->context));
}

static void
relais_offers_view_dispose (GObject *object)
{
  RelaisOffersView *self = RELAIS_OFFERS_VIEW (object);
  GtkWidget *child;

  self->page = NULL;
  /* Removing the columns changes the column view's sorter, which re-sorts
   * the model: its items-changed must not reach the labels being freed. */
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAIS_TYPE_OFFERS_VIEW);
  /* GTK 4.8 unparents only the bound children of a template. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->model);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->list);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_offers_view_parent_class)->dispose (object);
}

static void
relais_offers_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisOffersView *self = RELAIS_OFFERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_offers_view_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  RelaisOffersView *self = RELAIS_OFFERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_offers_view_class_init (RelaisOffersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = relais_offers_view_constructed;
  GTK_WIDGET_CLASS (klass)->map = relais_offers_view_map;
  object_class->dispose = relais_offers_view_dispose;
  object_class->get_property = relais_offers_view_get_property;
  object_class->set_property = relais_offers_view_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/offers/relais-offers-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisOffersView, column_view);
  gtk_widget_class_bind_template_child (widget_class, RelaisOffersView, count_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisOffersView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RelaisOffersView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RelaisOffersView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, RelaisOffersView, page_stack);
  gtk_widget_class_bind_template_child (widget_class, RelaisOffersView, statut_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_statut_dropdown_selected_cb);
}

static void
relais_offers_view_init (RelaisOffersView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
relais_offers_view_new (RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  return g_object_new (RELAIS_TYPE_OFFERS_VIEW, "context", context, NULL);
}

/* The sidebar's row of the view, named "offers" for --view. */
GtkWidget *
relais_offers_view_create_sidebar_row (void)
{
  return relais_sidebar_row_new ("offers", "x-office-document-symbolic", _ ("Offers"));
}

RelaisOfferList *
relais_offers_view_get_list (RelaisOffersView *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFERS_VIEW (self), NULL);
  ensure_list (self);
  return self->list;
}

/* Returns: (transfer none): the offers shown, in the table's order. */
GListModel *
relais_offers_view_get_model (RelaisOffersView *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFERS_VIEW (self), NULL);
  ensure_list (self);
  return G_LIST_MODEL (self->model);
}

GtkDropDown *
relais_offers_view_get_statut_dropdown (RelaisOffersView *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFERS_VIEW (self), NULL);
  return self->statut_dropdown;
}

/* "offers" (the table), "offer" (an offer's page). */
const char *
relais_offers_view_get_visible_name (RelaisOffersView *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFERS_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->page_stack);
}

/* Opens the page of @offre_id in place of the table. Returns: (transfer
 * none): the page. */
RelaisOfferPage *
relais_offers_view_open_offer (RelaisOffersView *self, const char *offre_id)
{
  g_autofree char *auteur = NULL;

  g_return_val_if_fail (RELAIS_IS_OFFERS_VIEW (self), NULL);
  g_return_val_if_fail (offre_id != NULL, NULL);

  ensure_list (self);
  /* Opened before the first read is done (from another view): the page
   * needs the offer now. */
  if (relais_store_list_get_loading (RELAIS_STORE_LIST (self->list)))
    relais_store_list_refresh (RELAIS_STORE_LIST (self->list));
  close_page (self);
  auteur = g_settings_get_string (relais_context_get_settings (self->context), "conseiller-id");
  self->page = relais_offer_page_new (self->list, offre_id, auteur[0] != '\0' ? auteur : NULL);
  g_signal_connect_object (self->page, "closed", G_CALLBACK (on_page_closed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->page_stack, self->page, "offer");
  gtk_stack_set_visible_child (self->page_stack, self->page);
  return RELAIS_OFFER_PAGE (self->page);
}

/* Returns: (transfer none) (nullable): the open offer's page. */
RelaisOfferPage *
relais_offers_view_get_page (RelaisOffersView *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFERS_VIEW (self), NULL);
  return self->page != NULL ? RELAIS_OFFER_PAGE (self->page) : NULL;
}

/* relais-portfolio-view.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The portefeuille: the job seekers (DE) of the store in a sortable table,
 * with search-as-you-type by the rules of the store's full-text index
 * (in memory, relais-search-text.h), a modality
 * filter and alert filters (any alert, blocking alerts, M4/M9 to hold).
 * The alerts come from the core (relais-alerts.h), computed by the list.
 * For now it lists every DE of the store; the counsellor's own portfolio
 * and the ELD's view come with the référent filter. A banner warns when
 * a portefeuille of the store holds more DE than its capacity.
 *
 * Model pipeline: RelaisDeList → GtkSortListModel (the column view's
 * sorter) → RelaisDeSearchModel (the search) → GtkFilterListModel
 * (modality ∧ alerts, no filter when neither is set) →
 * RelaisRowSlots (stable rows, relais-row-slots.c) → GtkSingleSelection;
 * the rows on screen show a slot's new DE first (relais-lazy-rows.c).
 * Sorting comes first so that a new search or filter only filters an
 * already sorted list instead of sorting 20 000 rows again.
 */

#define G_LOG_DOMAIN "relais-portfolio-view"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-alerts.h"
#include "relais-de-search-model.h"
#include "relais-lazy-rows.h"
#include "relais-portfolio-view.h"
#include "relais-row-slots.h"
#include "relais-text-cell.h"

/* The alert drop-down's entries, in order. */
typedef enum
{
  ALERT_FILTER_ALL,
  ALERT_FILTER_ANY,
  ALERT_FILTER_BLOCKING,
} AlertFilter;

struct _RelaisPortfolioView
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkDropDown *alert_drop_down;
  GtkBox *capacity_banner;
  GtkLabel *capacity_label;
  GtkColumnView *column_view;
  GtkLabel *count_label;
  AdwStatusPage *empty_page;
  GtkDropDown *modalite_drop_down;
  GtkSearchEntry *search_entry;
  GtkToggleButton *milestone_button;
  GtkSpinner *spinner;
  GtkStack *stack;
  GtkBox *toolbar;

  /* Owned References */
  RelaisContext *context;
  RelaisDeList *de_list;
  GtkFilterListModel *filter_model;
  GtkCustomFilter *modalite_filter;
  GtkCustomFilter *alert_filter;
  GtkFilter *other_filters; /* modality ∧ alerts */
  RelaisDeSearchModel *search_model;
  GtkSorter *alert_sorter;
  RelaisLazyRows *lazy_rows;
  const char *modalite; /* a static code, NULL for every modality */
  AlertFilter alert_level;
  gboolean milestone_only;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (RelaisPortfolioView, relais_portfolio_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_OPEN_DE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  COLUMN_TEXT,
  COLUMN_DATE,
  COLUMN_MONTHS,
  COLUMN_ALERTS,
} ColumnKind;

typedef struct
{
  const char *title;
  const char *property;
  ColumnKind kind;
  int nat_chars;
} ColumnSpec;

/* Nom, Prénom, Identifiant, Modalité, Inscription, Mois, Prochain jalon. */
static const ColumnSpec columns[] = {
  { N_ ("Last Name"), "nom", COLUMN_TEXT, 16 },
  { N_ ("First Name"), "prenom", COLUMN_TEXT, 14 },
  { N_ ("Identifier"), "identifiant", COLUMN_TEXT, 9 },
  { N_ ("Modality"), "modalite", COLUMN_TEXT, 10 },
  { N_ ("Registration"), "date-inscription", COLUMN_DATE, 10 },
  { N_ ("Months"), "months-since-registration", COLUMN_MONTHS, 4 },
  { N_ ("Next Milestone"), "next-milestone", COLUMN_TEXT, 6 },
  { N_ ("Alerts"), "alert-rank", COLUMN_ALERTS, 3 },
};

/* The modality drop-down's entries after "All modalities", in order. */
static const char *const modalite_codes[] = { "suivi", "guide", "renforce", "global" };

/* Auxiliary methods */

static char *
format_date (const char *iso)
{
  char buffer[64];
  GDate date;

  g_date_clear (&date, 1);
  if (iso != NULL)
    g_date_set_parse (&date, iso);
  if (!g_date_valid (&date) || g_date_strftime (buffer, sizeof buffer, "%x", &date) == 0)
    return g_strdup (iso);
  return g_strdup (buffer);
}

static void
update_state (RelaisPortfolioView *self)
{
  g_autofree char *count = NULL;
  gboolean filtering;
  gboolean loading;
  guint n_items;

  g_assert (RELAIS_IS_PORTFOLIO_VIEW (self));

  if (self->filter_model == NULL)
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  loading = relais_de_list_get_loading_items (self->de_list);
  filtering = relais_de_search_model_get_active (self->search_model) || self->modalite != NULL ||
              self->alert_level != ALERT_FILTER_ALL || self->milestone_only;

  count =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lu job seeker", "%lu job seekers", n_items),
                       (unsigned long) n_items);
  gtk_label_set_label (self->count_label, count);

  gtk_spinner_set_spinning (self->spinner, loading && n_items == 0);
  if (n_items > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (loading)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else
    {
      adw_status_page_set_title (self->empty_page, filtering ? _ ("No job seeker found")
                                                             : _ ("The portfolio is empty"));
      adw_status_page_set_description (
          self->empty_page, filtering ? _ ("Try another name, identifier or modality.")
                                      : _ ("Job seekers appear here after a synchronisation."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
}

static gboolean
modalite_filter_func (gpointer item, gpointer user_data)
{
  RelaisPortfolioView *self = user_data;

  /* Reads a field, not the drop-down: the filter may still run while the
   * template's widgets are being disposed. */
  return self->modalite == NULL ||
         g_strcmp0 (relais_de_item_get_modalite_code (item), self->modalite) == 0;
}

static gboolean
alert_filter_func (gpointer item, gpointer user_data)
{
  RelaisPortfolioView *self = user_data;

  if (self->milestone_only && !relais_de_item_get_milestone_due (item))
    return FALSE;
  switch (self->alert_level)
    {
    case ALERT_FILTER_ANY:
      return relais_de_item_get_n_alerts (item) > 0;
    case ALERT_FILTER_BLOCKING:
      return relais_de_item_get_n_blocking_alerts (item) > 0;
    case ALERT_FILTER_ALL:
    default:
      return TRUE;
    }
}

/* The portefeuilles of the store holding more DE than their capacity
 * (relais_alerts_for_portefeuille()), counted over every DE of the list,
 * whatever the filters: the list counts them in its load's thread, so
 * that nothing walks 20,000 items on the main thread before the first
 * frame. */
static void
update_capacity (RelaisPortfolioView *self)
{
  GPtrArray *portefeuilles = relais_de_list_get_portefeuilles (self->de_list);
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < portefeuilles->len; i++)
    {
      JsonObject *portefeuille = g_ptr_array_index (portefeuilles, i);
      const char *id = json_object_get_string_member_with_default (portefeuille, "_id", "");
      const char *libelle =
          json_object_get_string_member_with_default (portefeuille, "libelle", NULL);
      guint n_de = relais_de_list_count_in_portefeuille (self->de_list, id);
      g_autoptr (GPtrArray) alerts = relais_alerts_for_portefeuille (
          portefeuille, n_de, relais_context_get_today (self->context));

      for (guint j = 0; j < alerts->len; j++)
        {
          const RelaisAlert *alert = g_ptr_array_index (alerts, j);

          if (text->len > 0)
            g_string_append_c (text, '\n');
          /* Several portefeuilles may share the store: name the one at stake. */
          if (libelle != NULL && portefeuilles->len > 1)
            g_string_append_printf (text, _ ("%s: %s"), libelle, alert->message);
          else
            g_string_append (text, alert->message);
        }
    }

  gtk_label_set_label (self->capacity_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->capacity_banner), text->len > 0);
}

static RelaisDeItem *cell_de_item (GtkListItem *list_item);

/* The alerts of the DE the cell shows now, one a line. */
static gboolean
alerts_cell_query_tooltip_cb (GtkWidget *box,
                              int x,
                              int y,
                              gboolean keyboard_mode,
                              GtkTooltip *tooltip,
                              GtkListItem *list_item)
{
  RelaisDeItem *item = cell_de_item (list_item);

  if (item == NULL || relais_de_item_get_alerts_text (item) == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, relais_de_item_get_alerts_text (item));
  return TRUE;
}

static void
setup_alerts_cell (GtkListItem *list_item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *image = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_has_tooltip (box, TRUE);
  g_signal_connect (box, "query-tooltip", G_CALLBACK (alerts_cell_query_tooltip_cb), list_item);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

/* An icon and the number of alerts, in the error colour when one of them
 * blocks; the tooltip lists them. */
static void
bind_alerts_cell (GtkListItem *list_item, RelaisDeItem *item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *image = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (image);
  guint n_alerts = relais_de_item_get_n_alerts (item);
  gboolean blocking = relais_de_item_get_n_blocking_alerts (item) > 0;
  g_autofree char *count = NULL;

  if (n_alerts > 0)
    count = g_strdup_printf ("%u", n_alerts);
  gtk_label_set_label (GTK_LABEL (label), count);
  gtk_widget_set_visible (image, n_alerts > 0);
  /* The tooltip is asked for (alerts_cell_query_tooltip_cb): setting one
   * asks the X server where the pointer is, a round trip per cell and a
   * fifth of a keystroke's time in search as you type. Screen readers get
   * the alerts as the description a tooltip would have given them. */
  if (relais_de_item_get_alerts_text (item) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    relais_de_item_get_alerts_text (item), -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  if (blocking)
    {
      gtk_widget_remove_css_class (box, "warning");
      gtk_widget_add_css_class (box, "error");
    }
  else
    {
      gtk_widget_remove_css_class (box, "error");
      gtk_widget_add_css_class (box, "warning");
    }
}

/* The column view shows row slots (relais-row-slots.h): a cell shows the
 * DE its row's slot points at, and follows it when it changes. */
static RelaisDeItem *
cell_de_item (GtkListItem *list_item)
{
  RelaisRowSlot *slot = gtk_list_item_get_item (list_item);

  return slot != NULL ? relais_row_slot_get_item (slot) : NULL;
}

#define CELL_COLUMN "relais-cell-column"
#define CELL_WATCHED "relais-cell-watched"

/* The list shows its items before their alerts are computed. */
static void
item_alerts_notify_cb (RelaisDeItem *item, GParamSpec *pspec, GtkListItem *list_item)
{
  if (cell_de_item (list_item) == item)
    bind_alerts_cell (list_item, item);
}

/* The alerts cell follows the alerts of the DE it shows, and only its. */
static void
watch_alerts (GtkListItem *list_item, RelaisDeItem *item)
{
  RelaisDeItem *watched = g_object_get_data (G_OBJECT (list_item), CELL_WATCHED);

  if (watched == item)
    return;
  if (watched != NULL)
    g_signal_handlers_disconnect_by_func (watched, item_alerts_notify_cb, list_item);
  if (item != NULL)
    g_signal_connect_object (item, "notify::alert-rank", G_CALLBACK (item_alerts_notify_cb),
                             list_item, 0);
  g_object_set_data_full (G_OBJECT (list_item), CELL_WATCHED, item ? g_object_ref (item) : NULL,
                          g_object_unref);
}

static void
update_cell (GtkListItem *list_item)
{
  const ColumnSpec *spec = g_object_get_data (G_OBJECT (list_item), CELL_COLUMN);
  RelaisDeItem *item = cell_de_item (list_item);
  g_autofree char *text = NULL;

  if (spec->kind == COLUMN_ALERTS)
    {
      watch_alerts (list_item, item);
      if (item != NULL)
        bind_alerts_cell (list_item, item);
      return;
    }
  if (item == NULL)
    return;

  switch (spec->kind)
    {
    case COLUMN_MONTHS:
      {
        int months = relais_de_item_get_months_since_registration (item);

        if (months >= 0)
          text = g_strdup_printf ("%d", months);
      }
      break;

    case COLUMN_DATE:
      text = format_date (relais_de_item_get_date_inscription (item));
      break;

    case COLUMN_ALERTS:
    case COLUMN_TEXT:
    default:
      g_object_get (item, spec->property, &text, NULL);
      break;
    }

  relais_text_cell_set_text (RELAIS_TEXT_CELL (gtk_list_item_get_child (list_item)), text);
}

#define FACTORY_LAZY_ROWS "relais-lazy-rows"

static void
unbind_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  relais_lazy_rows_unbind (g_object_get_data (G_OBJECT (factory), FACTORY_LAZY_ROWS), list_item);
  watch_alerts (list_item, NULL);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  const ColumnSpec *spec = user_data;
  GtkWidget *cell;

  g_object_set_data (G_OBJECT (list_item), CELL_COLUMN, (gpointer) spec);
  if (spec->kind == COLUMN_ALERTS)
    {
      setup_alerts_cell (list_item);
      return;
    }

  cell = relais_text_cell_new (spec->nat_chars, spec->kind == COLUMN_MONTHS ? 1.0f : 0.0f,
                               spec->kind == COLUMN_MONTHS);
  gtk_list_item_set_child (list_item, cell);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  relais_lazy_rows_bind (g_object_get_data (G_OBJECT (factory), FACTORY_LAZY_ROWS), list_item);
  update_cell (list_item);
}

/* The order of GtkStringSorter (ignore-case) on "nom", on keys the items
 * computed when they were built. */
static int
compare_nom_keys (gconstpointer a, gconstpointer b, gpointer user_data)
{
  int cmp = g_strcmp0 (relais_de_item_get_nom_key ((RelaisDeItem *) a),
                       relais_de_item_get_nom_key ((RelaisDeItem *) b));

  return cmp < 0 ? GTK_ORDERING_SMALLER : cmp > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

static GtkSorter *
create_sorter (const ColumnSpec *spec)
{
  GtkExpression *expression;

  /* The column the view opens sorted by. */
  if (g_str_equal (spec->property, "nom"))
    return GTK_SORTER (gtk_custom_sorter_new (compare_nom_keys, NULL, NULL));

  expression = gtk_property_expression_new (RELAIS_TYPE_DE_ITEM, NULL, spec->property);

  if (spec->kind == COLUMN_MONTHS)
    return GTK_SORTER (gtk_numeric_sorter_new (expression));
  if (spec->kind == COLUMN_ALERTS)
    {
      GtkNumericSorter *sorter = gtk_numeric_sorter_new (expression);

      /* The first click puts the most urgent DE on top. */
      gtk_numeric_sorter_set_sort_order (sorter, GTK_SORT_DESCENDING);
      return GTK_SORTER (sorter);
    }
  /* Dates are ISO 8601 strings: their string order is the date order. */
  return GTK_SORTER (gtk_string_sorter_new (expression));
}

static void
create_columns (RelaisPortfolioView *self)
{
  GtkColumnViewColumn *first = NULL;

  g_assert (RELAIS_IS_PORTFOLIO_VIEW (self));

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr (GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) &columns[i]);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), NULL);
      g_object_set_data_full (G_OBJECT (factory), FACTORY_LAZY_ROWS,
                              relais_lazy_rows_ref (self->lazy_rows),
                              (GDestroyNotify) relais_lazy_rows_unref);

      column = gtk_column_view_column_new (_ (columns[i].title), factory);
      gtk_column_view_column_set_sorter (column, create_sorter (&columns[i]));
      if (columns[i].kind == COLUMN_ALERTS)
        self->alert_sorter = gtk_column_view_column_get_sorter (column);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[i].kind == COLUMN_TEXT && i < 2);
      gtk_column_view_append_column (self->column_view, column);
      if (first == NULL)
        first = column;
    }

  /* Counsellors look people up by last name first. */
  gtk_column_view_sort_by_column (self->column_view, first, GTK_SORT_ASCENDING);
}

static void
create_modalite_model (RelaisPortfolioView *self)
{
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, _ ("All modalities"));
  for (guint i = 0; i < G_N_ELEMENTS (modalite_codes); i++)
    gtk_string_list_append (model, relais_de_modalite_label (modalite_codes[i]));
  gtk_drop_down_set_model (self->modalite_drop_down, G_LIST_MODEL (model));
}

static void
create_alert_model (RelaisPortfolioView *self)
{
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, _ ("All job seekers"));
  gtk_string_list_append (model, _ ("With alerts"));
  gtk_string_list_append (model, _ ("Blocking alerts"));
  gtk_drop_down_set_model (self->alert_drop_down, G_LIST_MODEL (model));
}

static void
load_done_cb (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RelaisPortfolioView) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!relais_de_list_load_finish (RELAIS_DE_LIST (object), result, &error))
    {
      /* Cancelled means disposed: there is nothing left to update. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not read the job seekers: %s", error->message);
    }
  update_state (self);
}

/* Signal callbacks */

/* Search as you type, in memory (relais-de-search-model.h). */
static void
on_search_entry_search_changed_cb (RelaisPortfolioView *self, GtkSearchEntry *entry)
{
  g_assert (RELAIS_IS_PORTFOLIO_VIEW (self));

  if (relais_de_search_model_set_query (self->search_model,
                                        gtk_editable_get_text (GTK_EDITABLE (entry))))
    update_state (self);
}

static void
on_search_entry_stop_search_cb (RelaisPortfolioView *self, GtkSearchEntry *entry)
{
  g_assert (RELAIS_IS_PORTFOLIO_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* Enter in the search entry moves on to the results, keyboard first. */
static void
on_search_entry_activate_cb (RelaisPortfolioView *self, GtkSearchEntry *entry)
{
  g_assert (RELAIS_IS_PORTFOLIO_VIEW (self));

  if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0)
    gtk_widget_child_focus (GTK_WIDGET (self->column_view), GTK_DIR_TAB_FORWARD);
}

/* Without a modality or alert filter the filter model lets everything
 * through without asking: a search's changes go straight to the rows. */
static void
update_other_filters (RelaisPortfolioView *self)
{
  gboolean active =
      self->modalite != NULL || self->alert_level != ALERT_FILTER_ALL || self->milestone_only;
  GtkFilter *filter = active ? self->other_filters : NULL;

  if (gtk_filter_list_model_get_filter (self->filter_model) != filter)
    gtk_filter_list_model_set_filter (self->filter_model, filter);
}

static void
on_modalite_drop_down_selected_cb (RelaisPortfolioView *self,
                                   GParamSpec *pspec,
                                   GtkDropDown *drop_down)
{
  guint selected = gtk_drop_down_get_selected (drop_down);
  const char *previous = self->modalite;

  g_assert (RELAIS_IS_PORTFOLIO_VIEW (self));

  self->modalite = selected > 0 && selected <= G_N_ELEMENTS (modalite_codes)
                       ? modalite_codes[selected - 1]
                       : NULL;
  if (self->modalite_filter == NULL || self->modalite == previous)
    return;
  gtk_filter_changed (GTK_FILTER (self->modalite_filter),
                      previous == NULL         ? GTK_FILTER_CHANGE_MORE_STRICT
                      : self->modalite == NULL ? GTK_FILTER_CHANGE_LESS_STRICT
                                               : GTK_FILTER_CHANGE_DIFFERENT);
  update_other_filters (self);
  update_state (self);
}

static void
on_alert_drop_down_selected_cb (RelaisPortfolioView *self,
                                GParamSpec *pspec,
                                GtkDropDown *drop_down)
{
  guint selected = gtk_drop_down_get_selected (drop_down);
  AlertFilter previous = self->alert_level;

  g_assert (RELAIS_IS_PORTFOLIO_VIEW (self));

  self->alert_level = selected <= ALERT_FILTER_BLOCKING ? (AlertFilter) selected : ALERT_FILTER_ALL;
  if (self->alert_filter == NULL || self->alert_level == previous)
    return;
  /* The levels nest: every DE with a blocking alert has an alert. */
  gtk_filter_changed (GTK_FILTER (self->alert_filter), self->alert_level > previous
                                                           ? GTK_FILTER_CHANGE_MORE_STRICT
                                                           : GTK_FILTER_CHANGE_LESS_STRICT);
  update_other_filters (self);
  update_state (self);
}

static void
on_milestone_button_toggled_cb (RelaisPortfolioView *self, GtkToggleButton *button)
{
  g_assert (RELAIS_IS_PORTFOLIO_VIEW (self));

  self->milestone_only = gtk_toggle_button_get_active (button);
  if (self->alert_filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->alert_filter), self->milestone_only
                                                           ? GTK_FILTER_CHANGE_MORE_STRICT
                                                           : GTK_FILTER_CHANGE_LESS_STRICT);
  update_other_filters (self);
  update_state (self);
}

/* The alerts come after the items: what depends on them follows. */
static void
de_list_loading_notify_cb (RelaisPortfolioView *self, GParamSpec *pspec, RelaisDeList *list)
{
  if (relais_de_list_get_loading (list))
    return;
  if (self->alert_level != ALERT_FILTER_ALL || self->milestone_only)
    gtk_filter_changed (GTK_FILTER (self->alert_filter), GTK_FILTER_CHANGE_DIFFERENT);
  /* The items now hold their skills and sought jobs as well as their names. */
  relais_de_search_model_refresh (self->search_model);
  /* A no-op unless the list is sorted by its alerts. */
  if (self->alert_sorter != NULL)
    gtk_sorter_changed (self->alert_sorter, GTK_SORTER_CHANGE_DIFFERENT);
  update_state (self);
}

static void
de_list_loading_items_notify_cb (RelaisPortfolioView *self, GParamSpec *pspec, RelaisDeList *list)
{
  update_state (self);
}

static void
de_list_items_changed_cb (
    RelaisPortfolioView *self, guint position, guint removed, guint added, GListModel *model)
{
  update_capacity (self);
}

/* Enter or a double click on a row opens the DE's file. */
static void
on_column_view_activate_cb (RelaisPortfolioView *self, guint position, GtkColumnView *view)
{
  g_autoptr (RelaisDeItem) item = NULL;

  g_assert (RELAIS_IS_PORTFOLIO_VIEW (self));

  item = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);
  if (item != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_DE], 0, relais_de_item_get_id (item));
}

static void
filter_model_items_changed_cb (
    RelaisPortfolioView *self, guint position, guint removed, guint added, GListModel *model)
{
  GtkSelectionModel *selection = gtk_column_view_get_model (self->column_view);

  /* The rows stay and show other DE: a selected row past the change
   * would now select someone else. */
  if (GTK_IS_SINGLE_SELECTION (selection))
    {
      guint selected = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (selection));

      if (selected != GTK_INVALID_LIST_POSITION && selected >= position)
        gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection),
                                           GTK_INVALID_LIST_POSITION);
    }
  update_state (self);
}

/* Parent overrides */

static void
relais_portfolio_view_constructed (GObject *object)
{
  RelaisPortfolioView *self = RELAIS_PORTFOLIO_VIEW (object);
  g_autoptr (GtkEveryFilter) filter = gtk_every_filter_new ();
  GtkSortListModel *sort_model;
  GtkSingleSelection *selection;

  G_OBJECT_CLASS (relais_portfolio_view_parent_class)->constructed (object);

  g_assert (RELAIS_IS_CONTEXT (self->context));

  self->lazy_rows = relais_lazy_rows_new (self->column_view, update_cell);
  create_columns (self);
  create_modalite_model (self);
  create_alert_model (self);

  self->de_list = relais_de_list_new (self->context);
  self->modalite_filter = gtk_custom_filter_new (modalite_filter_func, self, NULL);
  self->alert_filter = gtk_custom_filter_new (alert_filter_func, self, NULL);
  gtk_multi_filter_append (GTK_MULTI_FILTER (filter),
                           g_object_ref (GTK_FILTER (self->modalite_filter)));
  gtk_multi_filter_append (GTK_MULTI_FILTER (filter),
                           g_object_ref (GTK_FILTER (self->alert_filter)));

  sort_model =
      gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->de_list)),
                               g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->search_model = relais_de_search_model_new (G_LIST_MODEL (sort_model));
  g_object_unref (sort_model);
  self->other_filters = GTK_FILTER (g_steal_pointer (&filter));
  self->filter_model =
      gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->search_model)), NULL);
  /* Stable rows: a keystroke changes the cells' texts, not the rows. */
  selection = gtk_single_selection_new (
      G_LIST_MODEL (relais_row_slots_new (G_LIST_MODEL (self->filter_model))));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (filter_model_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->de_list, "items-changed", G_CALLBACK (de_list_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->de_list, "notify::loading", G_CALLBACK (de_list_loading_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->de_list, "notify::loading-items",
                           G_CALLBACK (de_list_loading_items_notify_cb), self, G_CONNECT_SWAPPED);

  /* Typing anywhere in the view starts a search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  relais_de_list_load_async (self->de_list, self->cancellable, load_done_cb, g_object_ref (self));
  update_state (self);
}

static void
relais_portfolio_view_dispose (GObject *object)
{
  RelaisPortfolioView *self = RELAIS_PORTFOLIO_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->filter_model != NULL)
    g_signal_handlers_disconnect_by_data (self->filter_model, self);
  g_clear_object (&self->filter_model);

  gtk_widget_dispose_template (GTK_WIDGET (self), RELAIS_TYPE_PORTFOLIO_VIEW);
  g_clear_pointer (&self->lazy_rows, relais_lazy_rows_unref);

  g_clear_object (&self->search_model);
  g_clear_object (&self->other_filters);
  g_clear_object (&self->modalite_filter);
  g_clear_object (&self->alert_filter);
  g_clear_object (&self->de_list);
  g_clear_object (&self->context);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (relais_portfolio_view_parent_class)->dispose (object);
}

static void
relais_portfolio_view_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  RelaisPortfolioView *self = RELAIS_PORTFOLIO_VIEW (object);

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
relais_portfolio_view_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  RelaisPortfolioView *self = RELAIS_PORTFOLIO_VIEW (object);

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
relais_portfolio_view_class_init (RelaisPortfolioViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = relais_portfolio_view_constructed;
  object_class->dispose = relais_portfolio_view_dispose;
  object_class->get_property = relais_portfolio_view_get_property;
  object_class->set_property = relais_portfolio_view_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A row was activated: the window opens that DE's file (its id). */
  signals[SIGNAL_OPEN_DE] = g_signal_new ("open-de", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE
                                               "/ui/portfolio/relais-portfolio-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, alert_drop_down);
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, capacity_banner);
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, capacity_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, column_view);
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, count_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, modalite_drop_down);
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, milestone_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, spinner);
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, stack);
  gtk_widget_class_bind_template_child (widget_class, RelaisPortfolioView, toolbar);
  gtk_widget_class_bind_template_callback (widget_class, on_alert_drop_down_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_milestone_button_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_modalite_drop_down_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
relais_portfolio_view_init (RelaisPortfolioView *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
relais_portfolio_view_new (RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  return g_object_new (RELAIS_TYPE_PORTFOLIO_VIEW, "context", context, NULL);
}

RelaisContext *
relais_portfolio_view_get_context (RelaisPortfolioView *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_VIEW (self), NULL);

  return self->context;
}

RelaisDeList *
relais_portfolio_view_get_de_list (RelaisPortfolioView *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_VIEW (self), NULL);

  return self->de_list;
}

/* Returns: (transfer none): the job seekers shown, sorted and filtered. */
GListModel *
relais_portfolio_view_get_model (RelaisPortfolioView *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_VIEW (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

/* Rows off screen whose cells still show the DE they showed before the
 * last search or filter: they catch up in idle time (relais-lazy-rows.h). */
guint
relais_portfolio_view_get_n_rows_pending (RelaisPortfolioView *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_VIEW (self), 0);

  return self->lazy_rows != NULL ? relais_lazy_rows_get_n_stale (self->lazy_rows) : 0;
}

void
relais_portfolio_view_focus_search (RelaisPortfolioView *self)
{
  g_return_if_fail (RELAIS_IS_PORTFOLIO_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Returns: (nullable): the over-capacity warning shown above the list, NULL
 * when every portefeuille is within its capacity. */
const char *
relais_portfolio_view_get_capacity_warning (RelaisPortfolioView *self)
{
  g_return_val_if_fail (RELAIS_IS_PORTFOLIO_VIEW (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->capacity_banner)))
    return NULL;
  return gtk_label_get_label (self->capacity_label);
}

/* relais-agency-view.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The ELD's Agence view, three pages:
 * - Portefeuilles: every portefeuille of the store with its counsellor, its
 *   load (DE against capacité) and how many of its DE have open alerts, in
 *   a sortable table; below it the DE of the selected one, which the ELD
 *   selects and moves to another portfolio. A move writes the DE's new
 *   revision and an `affectation` journal entry, both built by the core
 *   (relais-assignment.h), which also refuses a renforcé portfolio over 70.
 * - Historique: the affectation journal, newest first.
 * - Conseillers: how many counsellors work in each modality, and each
 *   counsellor's modality, which the ELD changes (a new conseiller revision,
 *   validated by the core).
 * It reads the portfolio view's RelaisDeList (the DE, their alerts and the
 * portefeuilles, all computed by the core) instead of loading the DE a
 * second time, and rebuilds its rows whenever that list changes.
 */

#define G_LOG_DOMAIN "relais-agency-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "relais-sidebar-row.h"
#include "relais-agency-view.h"
#include "relais-assignment.h"
#include "relais-doc-query.h"
#include "relais-doc.h"
#include "relais-domain.h"
#include "relais-portfolio-load.h"
#include "relais-toast.h"
#include "relais-validate.h"

struct _RelaisAgencyView
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkStack *agency_stack;
  GtkColumnView *column_view;
  GtkListBox *counsellors_list;
  GtkLabel *counsellors_problem;
  GtkLabel *de_title;
  GtkListView *de_view;
  GtkBox *distribution_box;
  GtkListBox *history_list;
  GtkButton *reassign_button;
  GtkLabel *reassign_status;
  GtkSearchEntry *search_entry;
  GtkButton *select_all_button;
  GtkDropDown *target_dropdown;

  /* Owned References */
  RelaisDeList *de_list;
  GListStore *loads;
  GtkSortListModel *sort_model;
  GtkFilterListModel *filter_model;
  GtkSingleSelection *portfolio_selection;
  GListStore *de_items; /* RelaisDeItem of the selected portfolio */
  GtkMultiSelection *de_selection;
  GPtrArray *target_ids;        /* portefeuille ids, in the dropdown's order */
  GHashTable *conseiller_names; /* conseiller id → "Prénom NOM" */
  GPtrArray *conseillers;       /* JsonObject, the counsellors shown */
  char *selected_id;            /* the selected portefeuille */
  GPtrArray *undo_before;       /* JsonObject: the DE of the last move, as they were */
  GPtrArray *undo_revs;         /* char *: the revisions that move wrote, in that order */

  /* Borrowed References */
  AdwToast *undo_toast; /* weak: the last move's, while it shows */

  gboolean filling_counsellors;
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
  { N_ ("Counsellor"), "conseiller", COLUMN_TEXT },
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

static RelaisStore *
store_of (RelaisAgencyView *self)
{
  return relais_context_get_store (relais_de_list_get_context (self->de_list));
}

static GSettings *
settings_of (RelaisAgencyView *self)
{
  return relais_context_get_settings (relais_de_list_get_context (self->de_list));
}

static JsonObject *
find_portefeuille (RelaisAgencyView *self, const char *id)
{
  GPtrArray *portefeuilles = relais_de_list_get_portefeuilles (self->de_list);

  for (guint i = 0; id != NULL && i < portefeuilles->len; i++)
    if (g_strcmp0 (relais_doc_get_id (portefeuilles->pdata[i]), id) == 0)
      return portefeuilles->pdata[i];
  return NULL;
}

static const char *
portefeuille_label (RelaisAgencyView *self, const char *id)
{
  JsonObject *doc = find_portefeuille (self, id);
  const char *libelle = doc != NULL ? relais_doc_query_string (doc, "libelle") : NULL;

  return libelle != NULL ? libelle : id;
}

static guint
count_de_in (RelaisAgencyView *self, const char *portefeuille)
{
  GListModel *list = G_LIST_MODEL (self->de_list);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (list, i);

      if (g_strcmp0 (relais_de_item_get_portefeuille (item), portefeuille) == 0)
        n++;
    }
  return n;
}

static void
show_status (RelaisAgencyView *self, const char *text, gboolean error)
{
  gtk_label_set_label (self->reassign_status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->reassign_status), text != NULL);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->reassign_status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->reassign_status), "error");
}

static void
update_reassign_sensitivity (RelaisAgencyView *self)
{
  g_autoptr (GtkBitset) selected =
      gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->de_selection));
  guint target = gtk_drop_down_get_selected (self->target_dropdown);

  gtk_widget_set_sensitive (GTK_WIDGET (self->reassign_button),
                            !gtk_bitset_is_empty (selected) && target < self->target_ids->len);
}

/* The DE of the selected portfolio, in the list's (name) order. */
static void
fill_de_items (RelaisAgencyView *self)
{
  GListModel *list = G_LIST_MODEL (self->de_list);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *title = NULL;

  for (guint i = 0; self->selected_id != NULL && i < g_list_model_get_n_items (list); i++)
    {
      RelaisDeItem *item = g_list_model_get_item (list, i);

      if (g_strcmp0 (relais_de_item_get_portefeuille (item), self->selected_id) == 0)
        g_ptr_array_add (items, item);
      else
        g_object_unref (item);
    }
  g_list_store_splice (self->de_items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->de_items)),
                       items->pdata, items->len);

  if (self->selected_id == NULL)
    title = g_strdup (_ ("Select a portfolio to see its job seekers"));
  else
    /* TRANSLATORS: "Job seekers of Renforcé 1 (65)" */
    title = g_strdup_printf (_ ("Job seekers of %s (%u)"),
                             portefeuille_label (self, self->selected_id), items->len);
  gtk_label_set_label (self->de_title, title);
  update_reassign_sensitivity (self);
}

/* The dropdown of the portfolios a selection can move to: “Renforcé 2 —
 * 64 / 70”, every portfolio but the selected one. */
static void
rebuild_targets (RelaisAgencyView *self)
{
  GPtrArray *portefeuilles = relais_de_list_get_portefeuilles (self->de_list);
  g_autoptr (GtkStringList) strings = gtk_string_list_new (NULL);
  g_autofree char *previous = NULL;
  g_autoptr (GHashTable) loads = g_hash_table_new (g_str_hash, g_str_equal);
  guint selected = GTK_INVALID_LIST_POSITION;
  guint index;

  /* The table's rows know each portfolio's load: no pass over the DE. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->loads)); i++)
    {
      g_autoptr (RelaisPortfolioLoad) load = g_list_model_get_item (G_LIST_MODEL (self->loads), i);

      g_hash_table_insert (loads, (gpointer) relais_portfolio_load_get_id (load),
                           GUINT_TO_POINTER (relais_portfolio_load_get_n_de (load)));
    }
  index = gtk_drop_down_get_selected (self->target_dropdown);
  if (index < self->target_ids->len)
    previous = g_strdup (self->target_ids->pdata[index]);
  g_ptr_array_set_size (self->target_ids, 0);

  for (guint i = 0; i < portefeuilles->len; i++)
    {
      JsonObject *doc = portefeuilles->pdata[i];
      const char *id = relais_doc_get_id (doc);
      g_autofree char *text = NULL;
      gint64 max = relais_portefeuille_max_de (doc);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (loads, id));

      if (id == NULL || g_strcmp0 (id, self->selected_id) == 0)
        continue;
      if (max >= 0)
        text = g_strdup_printf ("%s — %u / %d", portefeuille_label (self, id), n, (int) max);
      else
        text = g_strdup_printf ("%s — %u", portefeuille_label (self, id), n);
      if (g_strcmp0 (id, previous) == 0)
        selected = self->target_ids->len;
      gtk_string_list_append (strings, text);
      g_ptr_array_add (self->target_ids, g_strdup (id));
    }
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (strings));
  gtk_drop_down_set_selected (self->target_dropdown,
                              selected != GTK_INVALID_LIST_POSITION ? selected : 0);
  update_reassign_sensitivity (self);
}

/* After a rebuild the rows are new objects: select the same portfolio. */
static void
reselect_portfolio (RelaisAgencyView *self)
{
  GListModel *model = G_LIST_MODEL (self->filter_model);

  for (guint i = 0; self->selected_id != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (RelaisPortfolioLoad) load = g_list_model_get_item (model, i);

      if (g_strcmp0 (relais_portfolio_load_get_id (load), self->selected_id) == 0)
        {
          gtk_single_selection_set_selected (self->portfolio_selection, i);
          fill_de_items (self);
          return;
        }
    }
  gtk_single_selection_set_selected (self->portfolio_selection, GTK_INVALID_LIST_POSITION);
  fill_de_items (self);
}

/* ISO 8601 dates of one writer's offset: the text order will do. */
static int
compare_newest_first (gconstpointer a, gconstpointer b)
{
  JsonObject *doc_a = *(JsonObject **) a;
  JsonObject *doc_b = *(JsonObject **) b;

  return -g_strcmp0 (relais_doc_query_string (doc_a, "date"),
                     relais_doc_query_string (doc_b, "date"));
}

/* The journal of moves, newest first: who moved whom from where to where. */
static void
fill_history (RelaisAgencyView *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries =
      relais_doc_query_type (store_of (self), RELAIS_DOC_TYPE_AFFECTATION, &error);
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *list = G_LIST_MODEL (self->de_list);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);
  if (entries == NULL)
    {
      g_warning ("Cannot read the assignments: %s", error->message);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr (RelaisDeItem) item = g_list_model_get_item (list, i);

      g_hash_table_insert (names, (gpointer) relais_de_item_get_id (item), item);
    }

  g_ptr_array_sort (entries, compare_newest_first);
  if (entries->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("No reassignment yet"));
      gtk_list_box_append (self->history_list, row);
    }
  for (guint i = 0; i < entries->len && i < 500; i++)
    {
      JsonObject *entry = entries->pdata[i];
      const char *de = relais_doc_query_string (entry, "de");
      const char *depuis = relais_doc_query_string (entry, "depuis");
      const char *vers = relais_doc_query_string (entry, "vers");
      const char *date = relais_doc_query_string (entry, "date");
      RelaisDeItem *item = de != NULL ? g_hash_table_lookup (names, de) : NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *when = NULL;
      GtkWidget *row = adw_action_row_new ();

      if (item != NULL)
        title = g_strdup_printf ("%s %s", relais_de_item_get_prenom (item),
                                 relais_de_item_get_nom (item));
      else
        title = g_strdup (de);
      when = date != NULL ? g_strndup (date, 16) : g_strdup ("");
      g_strdelimit (when, "T", ' ');
      /* TRANSLATORS: "From Suivi 1 to Renforcé 2, by mdupont on 2026-03-02 09:30" */
      subtitle =
          g_strdup_printf (_ ("From %s to %s, by %s on %s"),
                           depuis != NULL ? portefeuille_label (self, depuis) : _ ("no portfolio"),
                           vers != NULL ? portefeuille_label (self, vers) : "?",
                           relais_doc_query_string (entry, "auteur") != NULL
                               ? relais_doc_query_string (entry, "auteur")
                               : "?",
                           when);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->history_list, row);
    }
}

static const char *const modalite_codes[] = { "suivi", "guide", "renforce", "global", NULL };

static void
on_counsellor_modalite_notify_cb (AdwComboRow *row, GParamSpec *pspec, RelaisAgencyView *self);

/* The counts per modality at the top of the Conseillers page. */
static void
fill_distribution (RelaisAgencyView *self)
{
  guint counts[G_N_ELEMENTS (modalite_codes)] = { 0 };
  GtkWidget *child;

  for (guint i = 0; i < self->conseillers->len; i++)
    {
      const char *modalite = relais_doc_query_string (self->conseillers->pdata[i], "modalite");

      for (guint m = 0; modalite_codes[m] != NULL; m++)
        if (g_strcmp0 (modalite, modalite_codes[m]) == 0)
          counts[m]++;
    }
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->distribution_box))) != NULL)
    gtk_box_remove (self->distribution_box, child);
  for (guint m = 0; modalite_codes[m] != NULL; m++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      g_autofree char *number = g_strdup_printf ("%u", counts[m]);
      GtkWidget *value = gtk_label_new (number);
      GtkWidget *label = gtk_label_new (relais_de_modalite_label (modalite_codes[m]));
      g_autofree char *name = g_strdup_printf ("distribution-%s", modalite_codes[m]);

      gtk_widget_set_name (value, name);
      gtk_widget_add_css_class (value, "title-1");
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_box_append (GTK_BOX (box), value);
      gtk_box_append (GTK_BOX (box), label);
      gtk_widget_add_css_class (box, "card");
      gtk_widget_set_margin_top (value, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_box_append (self->distribution_box, box);
    }
}

static void
fill_counsellors (RelaisAgencyView *self)
{
  GtkWidget *child;

  self->filling_counsellors = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->counsellors_list))) != NULL)
    gtk_list_box_remove (self->counsellors_list, child);
  for (guint i = 0; i < self->conseillers->len; i++)
    {
      JsonObject *doc = self->conseillers->pdata[i];
      const char *modalite = relais_doc_query_string (doc, "modalite");
      const char *portefeuille = relais_doc_query_string (doc, "portefeuille");
      g_autofree char *name = relais_doc_query_person_name (doc);
      g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
      GtkWidget *row = adw_combo_row_new ();
      guint selected = 0;

      for (guint m = 0; modalite_codes[m] != NULL; m++)
        {
          gtk_string_list_append (labels, relais_de_modalite_label (modalite_codes[m]));
          if (g_strcmp0 (modalite, modalite_codes[m]) == 0)
            selected = m;
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (portefeuille != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), portefeuille_label (self, portefeuille));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
      gtk_widget_set_name (row, relais_doc_get_id (doc));
      g_object_set_data (G_OBJECT (row), "relais-index", GUINT_TO_POINTER (i));
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_counsellor_modalite_notify_cb),
                        self);
      gtk_list_box_append (self->counsellors_list, row);
    }
  self->filling_counsellors = FALSE;
  fill_distribution (self);
}

/* The conseillers of the store: their names for the table, and those who
 * hold a portfolio (role conseiller) for the Conseillers page. */
static void
load_conseillers (RelaisAgencyView *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs =
      relais_doc_query_type (store_of (self), RELAIS_DOC_TYPE_CONSEILLER, &error);

  g_hash_table_remove_all (self->conseiller_names);
  g_ptr_array_set_size (self->conseillers, 0);
  if (docs == NULL)
    {
      g_warning ("Cannot read the counsellors: %s", error->message);
      return;
    }
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = docs->pdata[i];
      JsonNode *roles = json_object_get_member (doc, "roles");
      gboolean counsellor = FALSE;

      g_hash_table_insert (self->conseiller_names, g_strdup (relais_doc_get_id (doc)),
                           relais_doc_query_person_name (doc));
      for (guint r = 0; roles != NULL && JSON_NODE_HOLDS_ARRAY (roles) &&
                        r < json_array_get_length (json_node_get_array (roles));
           r++)
        if (g_strcmp0 (json_array_get_string_element (json_node_get_array (roles), r),
                       "conseiller") == 0)
          counsellor = TRUE;
      if (counsellor)
        g_ptr_array_add (self->conseillers, json_object_ref (doc));
    }
}

/* Writes the counsellor's new modality, as validated by the core. */
static void
on_counsellor_modalite_notify_cb (AdwComboRow *row, GParamSpec *pspec, RelaisAgencyView *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "relais-index"));
  guint selected = adw_combo_row_get_selected (row);
  JsonObject *doc;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = NULL;

  if (self->filling_counsellors || index >= self->conseillers->len ||
      selected >= G_N_ELEMENTS (modalite_codes) - 1)
    return;
  doc = self->conseillers->pdata[index];
  if (g_strcmp0 (relais_doc_query_string (doc, "modalite"), modalite_codes[selected]) == 0)
    return;

  json_object_set_string_member (doc, "modalite", modalite_codes[selected]);
  if (!relais_validate_doc (doc, &problems, &error) ||
      (rev = relais_store_put (store_of (self), doc, TRUE, &error)) == NULL)
    {
      gtk_label_set_label (self->counsellors_problem, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->counsellors_problem), TRUE);
      load_conseillers (self);
      fill_counsellors (self);
      return;
    }
  json_object_set_string_member (doc, "_rev", rev);
  gtk_widget_set_visible (GTK_WIDGET (self->counsellors_problem), FALSE);
  fill_distribution (self);
}

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
      RelaisPortfolioLoad *load;
      const char *conseiller = relais_doc_query_string (doc, "conseiller");

      if (c == NULL)
        c = &none;
      load = relais_portfolio_load_new (doc, c->n_de, c->n_with_alerts, c->n_blocking, today);
      relais_portfolio_load_set_conseiller (
          load,
          conseiller != NULL ? g_hash_table_lookup (self->conseiller_names, conseiller) : NULL);
      g_ptr_array_add (loads, load);
    }

  g_list_store_splice (self->loads, 0, g_list_model_get_n_items (G_LIST_MODEL (self->loads)),
                       loads->pdata, loads->len);
  rebuild_targets (self);
  reselect_portfolio (self);
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

static void de_list_items_changed_cb (
    RelaisAgencyView *self, guint position, guint removed, guint added, GListModel *model);

/* Moves the selected DE to the chosen portfolio: the whole selection is
 * checked against the capacity first, then every DE's new revision and
 * its journal entry are validated before anything is written. */
static gboolean
reassign (RelaisAgencyView *self, guint *n_moved, GError **error)
{
  g_autoptr (GtkBitset) selected =
      gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->de_selection));
  guint target = gtk_drop_down_get_selected (self->target_dropdown);
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) moved = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) before =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *auteur = relais_doc_query_dup_user (settings_of (self));
  g_autofree char *auteur_conseiller = g_settings_get_string (settings_of (self), "conseiller-id");
  GtkBitsetIter iter;
  JsonObject *vers;
  guint position;
  guint n = (guint) gtk_bitset_get_size (selected);
  gint64 begin = g_get_monotonic_time ();

  *n_moved = 0;
  if (n == 0 || target >= self->target_ids->len ||
      (vers = find_portefeuille (self, self->target_ids->pdata[target])) == NULL)
    {
      g_set_error_literal (error, RELAIS_ASSIGNMENT_ERROR, RELAIS_ASSIGNMENT_ERROR_INVALID,
                           _ ("Select job seekers and the portfolio to move them to."));
      return FALSE;
    }
  if (!relais_assignment_check_capacity (vers, count_de_in (self, relais_doc_get_id (vers)), n,
                                         error))
    return FALSE;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr (RelaisDeItem) item =
          g_list_model_get_item (G_LIST_MODEL (self->de_items), position);
      g_autoptr (JsonObject) de = NULL;
      g_autoptr (JsonObject) entry = NULL;
      g_autoptr (JsonObject) revision = NULL;
      g_autoptr (GPtrArray) problems = NULL;

      if ((de = relais_store_get (store_of (self), relais_de_item_get_id (item), NULL,
                                  RELAIS_GET_NONE, error)) == NULL)
        return FALSE;
      revision = relais_assignment_move_de (de, vers, auteur,
                                            *auteur_conseiller != '\0' ? auteur_conseiller : NULL,
                                            now, &entry, error);
      if (revision == NULL)
        return FALSE;
      if (!relais_validate_doc (revision, &problems, error) ||
          !relais_validate_doc (entry, &problems, error))
        {
          g_prefix_error (error, "%s %s: ", relais_de_item_get_prenom (item),
                          relais_de_item_get_nom (item));
          return FALSE;
        }
      g_ptr_array_add (before, json_object_ref (de));
      g_ptr_array_add (moved, json_object_ref (revision));
      g_ptr_array_add (docs, g_steal_pointer (&revision));
      g_ptr_array_add (docs, g_steal_pointer (&entry));
    }

  if ((results = relais_store_bulk_put (store_of (self), docs, TRUE, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < results->len; i++)
    {
      RelaisPutResult *result = results->pdata[i];

      if (result->error != NULL)
        {
          g_set_error (error, RELAIS_ASSIGNMENT_ERROR, RELAIS_ASSIGNMENT_ERROR_INVALID, "%s: %s",
                       result->id, result->error->message);
          return FALSE;
        }
    }

  /* The list takes the new revisions; the table and the DE list are
   * rebuilt once for them all. */
  g_signal_handlers_block_by_func (self->de_list, de_list_items_changed_cb, self);
  for (guint i = 0; i < moved->len; i++)
    {
      json_object_set_string_member (moved->pdata[i], "_rev",
                                     ((RelaisPutResult *) results->pdata[2 * i])->rev);
      relais_de_list_update (self->de_list, moved->pdata[i]);
    }
  g_signal_handlers_unblock_by_func (self->de_list, de_list_items_changed_cb, self);
  rebuild (self);

  g_clear_pointer (&self->undo_before, g_ptr_array_unref);
  g_clear_pointer (&self->undo_revs, g_ptr_array_unref);
  self->undo_before = g_steal_pointer (&before);
  self->undo_revs = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < moved->len; i++)
    g_ptr_array_add (self->undo_revs, g_strdup (relais_doc_get_rev (moved->pdata[i])));
  g_debug ("Moved %u DE to %s in %.1f ms", moved->len, relais_doc_get_id (vers),
           (g_get_monotonic_time () - begin) / 1000.0);
  *n_moved = moved->len;
  return TRUE;
}

static void
forget_undo (RelaisAgencyView *self)
{
  relais_toast_withdraw_undo (&self->undo_toast, self);
  g_clear_pointer (&self->undo_before, g_ptr_array_unref);
  g_clear_pointer (&self->undo_revs, g_ptr_array_unref);
}

/* Puts the DE of the last move back where they were, each with every
 * field it had (relais_assignment_undo_move()), and journals the return.
 * A DE written since the move (a sync, a file saved) stays as it is, and
 * so does the whole move when a portfolio it goes back to is full now. */
static gboolean
undo_reassignment (RelaisAgencyView *self, guint *n_back, guint *n_changed, GError **error)
{
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) back = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GHashTable) arriving = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) results = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *auteur = relais_doc_query_dup_user (settings_of (self));
  g_autofree char *auteur_conseiller = g_settings_get_string (settings_of (self), "conseiller-id");
  GHashTableIter iter;
  gpointer key, value;

  *n_back = *n_changed = 0;
  for (guint i = 0; self->undo_before != NULL && i < self->undo_before->len; i++)
    {
      JsonObject *before = self->undo_before->pdata[i];
      const char *depuis_id = relais_doc_query_string (before, "portefeuille");
      g_autoptr (JsonObject) current = NULL;
      g_autoptr (JsonObject) entry = NULL;
      g_autoptr (JsonObject) revision = NULL;
      g_autoptr (GPtrArray) problems = NULL;
      JsonObject *depuis = find_portefeuille (self, depuis_id);

      current = relais_store_get (store_of (self), relais_doc_get_id (before), NULL,
                                  RELAIS_GET_NONE, NULL);
      if (current == NULL ||
          g_strcmp0 (relais_doc_get_rev (current), self->undo_revs->pdata[i]) != 0 ||
          depuis == NULL)
        {
          (*n_changed)++;
          continue;
        }
      revision = relais_assignment_undo_move (before, current, depuis, auteur,
                                              *auteur_conseiller != '\0' ? auteur_conseiller : NULL,
                                              now, &entry, error);
      if (revision == NULL || !relais_validate_doc (revision, &problems, error) ||
          !relais_validate_doc (entry, &problems, error))
        return FALSE;
      g_hash_table_insert (
          arriving, (gpointer) depuis_id,
          GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (arriving, depuis_id)) + 1));
      g_ptr_array_add (back, json_object_ref (revision));
      g_ptr_array_add (docs, g_steal_pointer (&revision));
      g_ptr_array_add (docs, g_steal_pointer (&entry));
    }

  g_hash_table_iter_init (&iter, arriving);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!relais_assignment_check_capacity (find_portefeuille (self, key), count_de_in (self, key),
                                           GPOINTER_TO_UINT (value), error))
      return FALSE;

  if (docs->len > 0 &&
      (results = relais_store_bulk_put (store_of (self), docs, TRUE, error)) == NULL)
    return FALSE;
  g_signal_handlers_block_by_func (self->de_list, de_list_items_changed_cb, self);
  for (guint i = 0; results != NULL && i < back->len; i++)
    {
      RelaisPutResult *result = results->pdata[2 * i];

      if (result->error != NULL)
        {
          (*n_changed)++;
          continue;
        }
      json_object_set_string_member (back->pdata[i], "_rev", result->rev);
      relais_de_list_update (self->de_list, back->pdata[i]);
      (*n_back)++;
    }
  g_signal_handlers_unblock_by_func (self->de_list, de_list_items_changed_cb, self);
  rebuild (self);
  return TRUE;
}

static void
undo_toast_button_clicked_cb (AdwToast *toast, RelaisAgencyView *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_back = 0, n_changed = 0;
  gboolean ok;

  g_clear_weak_pointer (&self->undo_toast);
  ok = undo_reassignment (self, &n_back, &n_changed, &error);
  forget_undo (self);
  if (!ok)
    {
      show_status (self, error->message, TRUE);
      return;
    }
  if (n_changed > 0)
    text = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u job seeker moved back; %u changed since and stayed.",
                     "%u job seekers moved back; %u changed since and stayed.", n_back),
        n_back, n_changed);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u job seeker moved back.",
                                         "%u job seekers moved back.", n_back),
                            n_back);
  show_status (self, text, FALSE);
  fill_history (self);
}

static void
on_reassign_button_clicked_cb (RelaisAgencyView *self, GtkButton *button)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *vers = NULL;
  guint target = gtk_drop_down_get_selected (self->target_dropdown);
  guint n = 0;

  g_assert (RELAIS_IS_AGENCY_VIEW (self));

  if (target < self->target_ids->len)
    vers = g_strdup (portefeuille_label (self, self->target_ids->pdata[target]));
  if (!reassign (self, &n, &error))
    {
      show_status (self, error->message, TRUE);
      return;
    }
  text = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u job seeker moved to %s.", "%u job seekers moved to %s.", n),
      n, vers);
  show_status (self, text, FALSE);
  fill_history (self);

  /* The move can be taken back while its toast shows. */
  relais_toast_add_undo (GTK_WIDGET (self), text, &self->undo_toast,
                         G_CALLBACK (undo_toast_button_clicked_cb), self);
}

/* The search keeps the portfolios whose label or counsellor contains it. */
static gboolean
filter_load_cb (gpointer item, gpointer user_data)
{
  RelaisAgencyView *self = user_data;
  RelaisPortfolioLoad *load = item;
  const char *search;
  g_autofree char *needle = NULL;
  g_autofree char *libelle = NULL;
  g_autofree char *conseiller = NULL;

  /* The template is gone while the view is disposed. */
  if (self->search_entry == NULL)
    return TRUE;
  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (search == NULL || *search == '\0')
    return TRUE;
  needle = g_utf8_casefold (search, -1);
  libelle = g_utf8_casefold (relais_portfolio_load_get_libelle (load), -1);
  conseiller = g_utf8_casefold (relais_portfolio_load_get_conseiller (load) ?: "", -1);
  return strstr (libelle, needle) != NULL || strstr (conseiller, needle) != NULL;
}

static void
on_search_entry_search_changed_cb (RelaisAgencyView *self, GtkSearchEntry *entry)
{
  GtkFilter *filter = gtk_filter_list_model_get_filter (self->filter_model);

  g_assert (RELAIS_IS_AGENCY_VIEW (self));

  gtk_filter_changed (filter, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_select_all_button_clicked_cb (RelaisAgencyView *self, GtkButton *button)
{
  g_assert (RELAIS_IS_AGENCY_VIEW (self));

  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->de_selection));
}

static void
on_portfolio_selection_notify_cb (RelaisAgencyView *self,
                                  GParamSpec *pspec,
                                  GtkSingleSelection *selection)
{
  RelaisPortfolioLoad *load = gtk_single_selection_get_selected_item (selection);

  g_assert (RELAIS_IS_AGENCY_VIEW (self));

  if (load == NULL)
    return;
  if (g_strcmp0 (relais_portfolio_load_get_id (load), self->selected_id) == 0)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (relais_portfolio_load_get_id (load));
  show_status (self, NULL, FALSE);
  fill_de_items (self);
  rebuild_targets (self);
}

static void
on_de_selection_changed_cb (RelaisAgencyView *self,
                            guint position,
                            guint n_items,
                            GtkSelectionModel *model)
{
  update_reassign_sensitivity (self);
}

static void
on_target_dropdown_notify_cb (RelaisAgencyView *self, GParamSpec *pspec, GtkDropDown *dropdown)
{
  update_reassign_sensitivity (self);
}

static void
setup_de_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_de_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer user_data)
{
  RelaisDeItem *item = RELAIS_DE_ITEM (gtk_list_item_get_item (list_item));
  g_autofree char *text = NULL;
  guint n_alerts = relais_de_item_get_n_alerts (item);

  if (n_alerts > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s %s · %s · %s · %u alert",
                                         "%s %s · %s · %s · %u alerts", n_alerts),
                            relais_de_item_get_nom (item), relais_de_item_get_prenom (item),
                            relais_de_item_get_identifiant (item),
                            relais_de_item_get_modalite (item), n_alerts);
  else
    text = g_strdup_printf ("%s %s · %s · %s", relais_de_item_get_nom (item),
                            relais_de_item_get_prenom (item), relais_de_item_get_identifiant (item),
                            relais_de_item_get_modalite (item));
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
}

static gboolean
refresh_after_load_cb (gpointer user_data)
{
  RelaisAgencyView *self = user_data;

  if (self->de_list == NULL)
    return G_SOURCE_REMOVE;
  load_conseillers (self);
  fill_counsellors (self);
  fill_history (self);
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* A (re)load brings the DE's names for the history and the portfolios'
 * labels for the counsellors, and the alerts the loads count come after
 * the items. The list says it is done just before it
 * swaps the new items in: refresh once it has. */
static void
de_list_loading_notify_cb (RelaisAgencyView *self, GParamSpec *pspec, RelaisDeList *list)
{
  if (relais_de_list_get_loading (list))
    return;
  g_idle_add_full (G_PRIORITY_DEFAULT, refresh_after_load_cb, g_object_ref (self), g_object_unref);
}

static void
de_list_items_changed_cb (
    RelaisAgencyView *self, guint position, guint removed, guint added, GListModel *model)
{
  rebuild (self);
}

/* Parent overrides */

static void
relais_agency_view_constructed (GObject *object)
{
  RelaisAgencyView *self = RELAIS_AGENCY_VIEW (object);
  GtkListItemFactory *factory;

  G_OBJECT_CLASS (relais_agency_view_parent_class)->constructed (object);

  g_assert (RELAIS_IS_DE_LIST (self->de_list));

  create_columns (self);
  self->loads = g_list_store_new (RELAIS_TYPE_PORTFOLIO_LOAD);
  self->sort_model =
      gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->loads)),
                               g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->filter_model =
      gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)),
                                 GTK_FILTER (gtk_custom_filter_new (filter_load_cb, self, NULL)));
  self->portfolio_selection =
      gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->portfolio_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->portfolio_selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->portfolio_selection));
  g_signal_connect_object (self->portfolio_selection, "notify::selected-item",
                           G_CALLBACK (on_portfolio_selection_notify_cb), self, G_CONNECT_SWAPPED);

  self->de_items = g_list_store_new (RELAIS_TYPE_DE_ITEM);
  self->de_selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->de_items)));
  g_signal_connect_object (self->de_selection, "selection-changed",
                           G_CALLBACK (on_de_selection_changed_cb), self, G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_de_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_de_cb), NULL);
  gtk_list_view_set_factory (self->de_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->de_view, GTK_SELECTION_MODEL (self->de_selection));
  g_signal_connect_object (self->target_dropdown, "notify::selected",
                           G_CALLBACK (on_target_dropdown_notify_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->de_list, "items-changed", G_CALLBACK (de_list_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->de_list, "notify::loading", G_CALLBACK (de_list_loading_notify_cb),
                           self, G_CONNECT_SWAPPED);
  load_conseillers (self);
  fill_counsellors (self);
  fill_history (self);
  rebuild (self);
}

static void
relais_agency_view_dispose (GObject *object)
{
  RelaisAgencyView *self = RELAIS_AGENCY_VIEW (object);
  GtkWidget *child;

  if (self->de_list != NULL)
    g_signal_handlers_disconnect_by_data (self->de_list, self);
  forget_undo (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAIS_TYPE_AGENCY_VIEW);
  /* The template's box is named but its parent is the view itself. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->portfolio_selection);
  g_clear_object (&self->de_selection);
  g_clear_object (&self->de_items);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->loads);
  g_clear_pointer (&self->target_ids, g_ptr_array_unref);
  g_clear_pointer (&self->conseiller_names, g_hash_table_unref);
  g_clear_pointer (&self->conseillers, g_ptr_array_unref);
  g_clear_pointer (&self->selected_id, g_free);
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
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, agency_stack);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, column_view);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, counsellors_list);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, counsellors_problem);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, de_title);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, de_view);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, distribution_box);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, history_list);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, reassign_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, reassign_status);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, select_all_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgencyView, target_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_reassign_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_select_all_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
relais_agency_view_init (RelaisAgencyView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->target_ids = g_ptr_array_new_with_free_func (g_free);
  self->conseiller_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->conseillers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
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
  return relais_sidebar_row_new ("agency", "view-grid-symbolic", _ ("Agency"));
}

/* Selects the portefeuille @id in the table, as a click would; its DE
 * then fill the list below. Returns whether it is in the table. */
gboolean
relais_agency_view_select_portfolio (RelaisAgencyView *self, const char *id)
{
  GListModel *model;

  g_return_val_if_fail (RELAIS_IS_AGENCY_VIEW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  model = G_LIST_MODEL (self->filter_model);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (RelaisPortfolioLoad) load = g_list_model_get_item (model, i);

      if (g_strcmp0 (relais_portfolio_load_get_id (load), id) == 0)
        {
          gtk_single_selection_set_selected (self->portfolio_selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

/* Returns: (transfer none): the DE of the selected portfolio and which of
 * them are selected for a move. */
GtkSelectionModel *
relais_agency_view_get_de_selection (RelaisAgencyView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENCY_VIEW (self), NULL);
  return GTK_SELECTION_MODEL (self->de_selection);
}

/* Chooses the portfolio a move goes to. Returns whether it is offered. */
gboolean
relais_agency_view_set_target (RelaisAgencyView *self, const char *id)
{
  g_return_val_if_fail (RELAIS_IS_AGENCY_VIEW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < self->target_ids->len; i++)
    if (g_str_equal (self->target_ids->pdata[i], id))
      {
        gtk_drop_down_set_selected (self->target_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

/* Returns: (transfer none): the buttons and labels tests drive. */
GtkWidget *
relais_agency_view_get_reassign_button (RelaisAgencyView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENCY_VIEW (self), NULL);
  return GTK_WIDGET (self->reassign_button);
}

GtkLabel *
relais_agency_view_get_status_label (RelaisAgencyView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENCY_VIEW (self), NULL);
  return self->reassign_status;
}

GtkListBox *
relais_agency_view_get_history_list (RelaisAgencyView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENCY_VIEW (self), NULL);
  return self->history_list;
}

GtkListBox *
relais_agency_view_get_counsellors_list (RelaisAgencyView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENCY_VIEW (self), NULL);
  return self->counsellors_list;
}

/* Shows the page "portfolios", "history" or "counsellors". */
void
relais_agency_view_show_page (RelaisAgencyView *self, const char *name)
{
  g_return_if_fail (RELAIS_IS_AGENCY_VIEW (self));
  g_return_if_fail (name != NULL);

  gtk_stack_set_visible_child_name (self->agency_stack, name);
}

void
relais_agency_view_focus_search (RelaisAgencyView *self)
{
  g_return_if_fail (RELAIS_IS_AGENCY_VIEW (self));

  gtk_stack_set_visible_child_name (self->agency_stack, "portfolios");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

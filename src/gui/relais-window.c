/* relais-window.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The main window: a sidebar listing the views that exist, the visible view
 * beside it, both in an AdwLeaflet that folds on a narrow screen. When the
 * local store cannot be opened no view can work, so the window shows why
 * on a status page instead.
 */

#define G_LOG_DOMAIN "relais-window"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-agency-view.h"
#include "relais-agenda-view.h"
#include "relais-conflicts-view.h"
#include "relais-jobseeker-page.h"
#include "relais-offers-view.h"
#include "relais-portfolio-view.h"
#include "relais-store-summary.h"
#include "relais-sync-status.h"
#include "relais-territory-view.h"
#include "relais-window.h"

struct _RelaisWindow
{
  AdwApplicationWindow parent_instance;

  /* Template Widgets */
  GtkLabel *conflicts_badge;
  GtkListBoxRow *conflicts_row;
  GtkBox *content_box;
  AdwWindowTitle *content_title;
  AdwLeaflet *leaflet;
  GtkStack *main_stack;
  GtkListBoxRow *portfolio_row;
  GtkListBox *sidebar_list;
  AdwWindowTitle *sidebar_title;
  AdwStatusPage *status_page;
  GtkLabel *summary_label;
  RelaisSyncStatus *sync_status;
  GtkStack *view_stack;
  AdwWindowTitle *window_title;

  /* Owned References */
  RelaisContext *context;

  /* Borrowed References */
  GtkWidget *portfolio_view;
  GtkWidget *conflicts_view;
  GtkWidget *jobseeker_page; /* the open DE file, NULL when none */
  GtkListBoxRow *return_row; /* the view the DE file was opened from */
  GtkWidget *agency_view;    /* ELD only, NULL otherwise */
  GtkWidget *territory_view; /* ELD only, NULL otherwise */

  /* Views with a sidebar row but not made yet, by the row's name */
  GHashTable *pending_views; /* name → const PendingView * */
  guint pending_idle_id;
  gulong first_paint_handler;
};

/* A view made the first time it is shown, or in idle time after the
 * portfolio's first frame: building them all before it cost the cold
 * start a tenth of the main thread's time. */
typedef struct
{
  const char *name;
  const char *title; /* translatable */
  GtkWidget *(*create) (RelaisWindow *self);
} PendingView;

G_DEFINE_FINAL_TYPE (RelaisWindow, relais_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_STORE_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static void
show_store_error (RelaisWindow *self)
{
  const GError *error = relais_context_get_store_error (self->context);

  g_assert (RELAIS_IS_WINDOW (self));

  adw_status_page_set_icon_name (self->status_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->status_page, _ ("The local store cannot be opened"));
  adw_status_page_set_description (self->status_page, error != NULL ? error->message : NULL);
  gtk_stack_set_visible_child_name (self->main_stack, "status");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", FALSE);
}

/* The sidebar's count of conflicted documents, hidden when none. */
static void
update_conflicts_badge (RelaisWindow *self)
{
  GListModel *model =
      relais_conflicts_view_get_model (RELAIS_CONFLICTS_VIEW (self->conflicts_view));
  guint n = g_list_model_get_n_items (model);
  g_autofree char *text = g_strdup_printf ("%u", n);

  gtk_label_set_label (self->conflicts_badge, text);
  gtk_widget_set_visible (GTK_WIDGET (self->conflicts_badge), n > 0);
}

static void
on_portfolio_view_open_de_cb (RelaisWindow *self, const char *de_id, RelaisPortfolioView *view);

/* The view named @name, made now if it was still pending; NULL if there
 * is none. */
static GtkWidget *
ensure_view (RelaisWindow *self, const char *name)
{
  GtkWidget *child = gtk_stack_get_child_by_name (self->view_stack, name);
  const PendingView *pending;
  GtkStackPage *page;

  if (child != NULL || self->pending_views == NULL ||
      (pending = g_hash_table_lookup (self->pending_views, name)) == NULL)
    return child;
  g_hash_table_remove (self->pending_views, name);
  child = pending->create (self);
  page = gtk_stack_add_named (self->view_stack, child, name);
  gtk_stack_page_set_title (page, _ (pending->title));
  if (g_signal_lookup ("open-de", G_OBJECT_TYPE (child)) != 0)
    g_signal_connect_object (child, "open-de", G_CALLBACK (on_portfolio_view_open_de_cb), self,
                             G_CONNECT_SWAPPED);
  return child;
}

/* Shows the view of a sidebar row and, when folded, goes to it. */
static void
show_view (RelaisWindow *self, GtkListBoxRow *row)
{
  const char *name = gtk_widget_get_name (GTK_WIDGET (row));
  GtkWidget *child = ensure_view (self, name);
  GtkStackPage *page;

  g_assert (RELAIS_IS_WINDOW (self));

  if (child == NULL)
    return;

  page = gtk_stack_get_page (self->view_stack, child);
  gtk_stack_set_visible_child (self->view_stack, child);
  adw_window_title_set_title (self->content_title, gtk_stack_page_get_title (page));
  gtk_list_box_select_row (self->sidebar_list, row);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_box));
}

static void on_conflicts_model_items_changed_cb (
    RelaisWindow *self, guint position, guint removed, guint added, GListModel *model);

static void
on_jobseeker_page_closed_cb (RelaisWindow *self, RelaisJobseekerPage *page)
{
  g_assert (RELAIS_IS_WINDOW (self));

  if (self->jobseeker_page == NULL)
    return;
  show_view (self, self->return_row != NULL ? self->return_row : self->portfolio_row);
  gtk_stack_remove (self->view_stack, self->jobseeker_page);
  self->jobseeker_page = NULL;
}

static void
on_jobseeker_page_saved_cb (RelaisWindow *self, RelaisJobseekerPage *page)
{
  g_assert (RELAIS_IS_WINDOW (self));

  relais_de_list_update (
      relais_portfolio_view_get_de_list (RELAIS_PORTFOLIO_VIEW (self->portfolio_view)),
      relais_jobseeker_page_get_doc (page));
}

/* The DE's file replaces the portfolio in the view stack; its own back
 * button (Escape, Alt+Left) returns to the list. */
static void
on_portfolio_view_open_de_cb (RelaisWindow *self, const char *id, RelaisPortfolioView *view)
{
  GtkStackPage *page;

  g_assert (RELAIS_IS_WINDOW (self));

  if (self->jobseeker_page != NULL)
    {
      gtk_stack_remove (self->view_stack, self->jobseeker_page);
      self->jobseeker_page = NULL;
    }
  self->return_row = gtk_list_box_get_selected_row (self->sidebar_list);
  self->jobseeker_page = relais_jobseeker_page_new (self->context, id);
  g_signal_connect_object (self->jobseeker_page, "closed", G_CALLBACK (on_jobseeker_page_closed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->jobseeker_page, "saved", G_CALLBACK (on_jobseeker_page_saved_cb),
                           self, G_CONNECT_SWAPPED);
  page = gtk_stack_add_named (self->view_stack, self->jobseeker_page, "jobseeker");
  gtk_stack_page_set_title (page, _ ("Job seeker's file"));
  /* Screen readers (and the end-to-end test) find the file by this name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->jobseeker_page),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Job seeker's file"), -1);
  gtk_stack_set_visible_child (self->view_stack, self->jobseeker_page);
  adw_window_title_set_title (self->content_title, _ ("Job seeker's file"));
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_box));
  gtk_widget_child_focus (self->jobseeker_page, GTK_DIR_TAB_FORWARD);
}

/* Adds @row to the sidebar, just above Conflicts, for @view: made when
 * first shown (ensure_view()). */
static void
add_pending_view (RelaisWindow *self, const PendingView *view, GtkWidget *row)
{
  g_hash_table_insert (self->pending_views, (gpointer) view->name, (gpointer) view);
  gtk_list_box_insert (self->sidebar_list, row, gtk_list_box_row_get_index (self->conflicts_row));
}

static GtkWidget *
create_agenda_view (RelaisWindow *self)
{
  return relais_agenda_view_new (self->context);
}

static GtkWidget *
create_offers_view (RelaisWindow *self)
{
  return relais_offers_view_new (self->context);
}

static GtkWidget *
create_agency_view (RelaisWindow *self)
{
  self->agency_view = relais_agency_view_new (
      relais_portfolio_view_get_de_list (RELAIS_PORTFOLIO_VIEW (self->portfolio_view)));
  return self->agency_view;
}

static GtkWidget *
create_territory_view (RelaisWindow *self)
{
  self->territory_view = relais_territory_view_new (self->context);
  return self->territory_view;
}

static const PendingView agenda_view = { "agenda", N_ ("Agenda and Interviews"),
                                         create_agenda_view };
static const PendingView offers_view = { "offers", N_ ("Offers"), create_offers_view };
static const PendingView agency_view = { "agency", N_ ("Agency"), create_agency_view };
static const PendingView territory_view = { "territory", N_ ("Territorial Diagnosis"),
                                            create_territory_view };

/* The ELD (the role "eld" of the last connection, or the eld-mode setting
 * for offline and demo use) sees the Agence and Diagnostic territorial
 * views. */
gboolean
relais_window_is_eld (GSettings *settings)
{
  g_auto (GStrv) roles = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  if (g_settings_get_boolean (settings, "eld-mode"))
    return TRUE;
  roles = g_settings_get_strv (settings, "user-roles");
  return g_strv_contains ((const char *const *) roles, "eld");
}

static GtkWidget *
find_sidebar_row (RelaisWindow *self, const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_str_equal (gtk_widget_get_name (row), name))
      return row;
  return NULL;
}

static void
remove_eld_view (RelaisWindow *self, GtkWidget **view, const char *name)
{
  GtkWidget *row = find_sidebar_row (self, name);

  g_hash_table_remove (self->pending_views, name);
  if (row != NULL && *view != NULL && gtk_stack_get_visible_child (self->view_stack) == *view)
    show_view (self, self->portfolio_row);
  if (row != NULL)
    gtk_list_box_remove (self->sidebar_list, row);
  if (*view != NULL)
    gtk_stack_remove (self->view_stack, *view);
  *view = NULL;
}

/* Adds or removes the ELD's views as the role or the setting says. */
static void
update_eld_views (RelaisWindow *self)
{
  g_assert (RELAIS_IS_WINDOW (self));

  if (self->portfolio_view == NULL)
    return;
  if (!relais_window_is_eld (relais_context_get_settings (self->context)))
    {
      remove_eld_view (self, &self->agency_view, "agency");
      remove_eld_view (self, &self->territory_view, "territory");
      return;
    }
  if (find_sidebar_row (self, "agency") == NULL)
    {
      g_hash_table_insert (self->pending_views, (gpointer) agency_view.name,
                           (gpointer) &agency_view);
      gtk_list_box_insert (self->sidebar_list, relais_agency_view_create_sidebar_row (), 1);
    }
  if (find_sidebar_row (self, "territory") == NULL)
    /* Diagnostic territorial comes last before Conflits, as the sidebar
     * of the issue lists them. */
    add_pending_view (self, &territory_view, relais_territory_view_create_sidebar_row ());
}

/* Ctrl+N does something only where something can be made. */
static void
update_new_action (RelaisWindow *self)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->view_stack);

  gtk_widget_action_set_enabled (
      GTK_WIDGET (self), "win.new",
      visible != NULL && (visible == self->jobseeker_page || visible == self->territory_view));
}

static void
on_view_stack_visible_child_notify_cb (RelaisWindow *self, GParamSpec *pspec, GtkStack *stack)
{
  update_new_action (self);
}

static void
on_settings_eld_changed_cb (RelaisWindow *self, const char *key, GSettings *settings)
{
  update_eld_views (self);
}

/* One pending view an idle pass, so that a keystroke waits for one at most. */
static gboolean
create_pending_view_cb (gpointer user_data)
{
  RelaisWindow *self = user_data;
  GHashTableIter iter;
  gpointer name;

  g_hash_table_iter_init (&iter, self->pending_views);
  if (!g_hash_table_iter_next (&iter, &name, NULL))
    {
      self->pending_idle_id = 0;
      return G_SOURCE_REMOVE;
    }
  ensure_view (self, name);
  return G_SOURCE_CONTINUE;
}

static void
first_paint_cb (GdkFrameClock *clock, RelaisWindow *self)
{
  g_clear_signal_handler (&self->first_paint_handler, clock);
  if (self->pending_idle_id == 0)
    self->pending_idle_id = g_idle_add_full (G_PRIORITY_LOW, create_pending_view_cb, self, NULL);
}

/* Once the portfolio painted its rows, the other views are made in idle
 * time: the sidebar shows them at once when chosen. */
static void
on_portfolio_loading_notify_cb (RelaisWindow *self, GParamSpec *pspec, RelaisDeList *list)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (relais_de_list_get_loading (list) || self->first_paint_handler != 0 ||
      self->pending_idle_id != 0)
    return;
  if (clock == NULL)
    {
      self->pending_idle_id = g_idle_add_full (G_PRIORITY_LOW, create_pending_view_cb, self, NULL);
      return;
    }
  self->first_paint_handler =
      g_signal_connect (clock, "after-paint", G_CALLBACK (first_paint_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
create_views (RelaisWindow *self)
{
  RelaisStore *store = relais_context_get_store (self->context);
  g_autoptr (RelaisStoreSummary) summary = relais_store_summary_read_store (store);
  g_autofree char *description = relais_store_summary_describe (summary);
  GtkStackPage *page;

  g_assert (RELAIS_IS_WINDOW (self));

  adw_window_title_set_subtitle (
      self->sidebar_title, summary->agence_nom != NULL ? summary->agence_nom : _ ("No agency yet"));
  gtk_label_set_label (self->summary_label, description);

  /* Views take the context, which a template cannot pass at construction. */
  self->portfolio_view = relais_portfolio_view_new (self->context);
  page = gtk_stack_add_named (self->view_stack, self->portfolio_view, "portfolio");
  gtk_stack_page_set_title (page, _ ("Portfolio"));
  g_signal_connect_object (self->portfolio_view, "open-de",
                           G_CALLBACK (on_portfolio_view_open_de_cb), self, G_CONNECT_SWAPPED);

  update_eld_views (self);

  /* Views that bring their own sidebar row go before Conflicts, in order. */
  add_pending_view (self, &agenda_view, relais_agenda_view_create_sidebar_row ());
  add_pending_view (self, &offers_view, relais_offers_view_create_sidebar_row ());

  self->conflicts_view = relais_conflicts_view_new (self->context);
  page = gtk_stack_add_named (self->view_stack, self->conflicts_view, "conflicts");
  gtk_stack_page_set_title (page, _ ("Conflicts"));
  g_signal_connect_object (
      relais_conflicts_view_get_model (RELAIS_CONFLICTS_VIEW (self->conflicts_view)),
      "items-changed", G_CALLBACK (on_conflicts_model_items_changed_cb), self, G_CONNECT_SWAPPED);
  update_conflicts_badge (self);

  gtk_stack_set_visible_child_name (self->main_stack, "views");
  /* A window that opened on a missing store had searching disabled: the
   * first pull has just made the views it searches in. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", TRUE);
  show_view (self, self->portfolio_row);
  g_signal_connect_object (
      relais_portfolio_view_get_de_list (RELAIS_PORTFOLIO_VIEW (self->portfolio_view)),
      "notify::loading", G_CALLBACK (on_portfolio_loading_notify_cb), self, G_CONNECT_SWAPPED);
}

static void
on_sync_pulled_cb (RelaisWindow *self, RelaisSyncSession *sync)
{
  RelaisStore *store = relais_context_get_store (self->context);
  g_autoptr (RelaisStoreSummary) summary = NULL;
  g_autofree char *description = NULL;

  g_assert (RELAIS_IS_WINDOW (self));
  if (self->portfolio_view == NULL || store == NULL)
    return;
  /* The pull brought documents: the list and the sidebar show them. */
  summary = relais_store_summary_read_store (store);
  description = relais_store_summary_describe (summary);
  adw_window_title_set_subtitle (
      self->sidebar_title, summary->agence_nom != NULL ? summary->agence_nom : _ ("No agency yet"));
  gtk_label_set_label (self->summary_label, description);
  relais_de_list_load_async (
      relais_portfolio_view_get_de_list (RELAIS_PORTFOLIO_VIEW (self->portfolio_view)), NULL, NULL,
      NULL);
  if (self->territory_view != NULL)
    relais_territory_view_reload (RELAIS_TERRITORY_VIEW (self->territory_view));
}

static void
on_context_sync_notify_cb (RelaisWindow *self, GParamSpec *pspec, RelaisContext *context)
{
  RelaisSyncSession *sync = relais_context_get_sync (context);

  g_assert (RELAIS_IS_WINDOW (self));
  relais_sync_status_set_session (self->sync_status, sync);
  if (sync != NULL)
    g_signal_connect_object (sync, "pulled", G_CALLBACK (on_sync_pulled_cb), self,
                             G_CONNECT_SWAPPED);
  /* A first connection creates the store the views need. */
  if (self->portfolio_view == NULL && relais_context_get_store (context) != NULL)
    create_views (self);
}

static void
restore_window_state (RelaisWindow *self)
{
  GSettings *settings = relais_context_get_settings (self->context);
  int width = g_settings_get_int (settings, "window-width");
  int height = g_settings_get_int (settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* Signal callbacks */

static void
on_conflicts_model_items_changed_cb (
    RelaisWindow *self, guint position, guint removed, guint added, GListModel *model)
{
  g_assert (RELAIS_IS_WINDOW (self));

  update_conflicts_badge (self);
}

static void
on_sidebar_list_row_activated_cb (RelaisWindow *self, GtkListBoxRow *row, GtkListBox *list)
{
  g_assert (RELAIS_IS_WINDOW (self));

  show_view (self, row);
}

static void
on_back_button_clicked_cb (RelaisWindow *self, GtkButton *button)
{
  g_assert (RELAIS_IS_WINDOW (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* Actions */

static void
search_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RelaisWindow *self = RELAIS_WINDOW (widget);

  GtkWidget *visible;

  if (self->portfolio_view == NULL)
    return;

  /* The views that search their own rows do; the others search DE. */
  visible = gtk_stack_get_visible_child (self->view_stack);
  if (visible != NULL && visible == self->agency_view)
    {
      relais_agency_view_focus_search (RELAIS_AGENCY_VIEW (visible));
      return;
    }
  if (visible != NULL && visible == self->territory_view)
    {
      relais_territory_view_focus_search (RELAIS_TERRITORY_VIEW (visible));
      return;
    }
  show_view (self, self->portfolio_row);
  relais_portfolio_view_focus_search (RELAIS_PORTFOLIO_VIEW (self->portfolio_view));
}

/* Ctrl+N makes what is new in the shown view: a contact in a DE's file, a
 * diagnostic in the Diagnostic territorial. DE are registered by France
 * Travail, not in Relais, so the portfolio itself has nothing to create. */
static void
new_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  RelaisWindow *self = RELAIS_WINDOW (widget);
  GtkWidget *visible;

  if (self->portfolio_view == NULL)
    return;
  visible = gtk_stack_get_visible_child (self->view_stack);
  if (visible != NULL && visible == self->jobseeker_page)
    relais_jobseeker_page_focus_new_contact (RELAIS_JOBSEEKER_PAGE (visible));
  else if (visible != NULL && visible == self->territory_view)
    relais_territory_view_new_diagnostic (RELAIS_TERRITORY_VIEW (visible));
}

/* Parent overrides */

static gboolean
relais_window_close_request (GtkWindow *window)
{
  RelaisWindow *self = RELAIS_WINDOW (window);
  GSettings *settings = relais_context_get_settings (self->context);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (relais_window_parent_class)->close_request (window);
}

static void
relais_window_constructed (GObject *object)
{
  RelaisWindow *self = RELAIS_WINDOW (object);

  G_OBJECT_CLASS (relais_window_parent_class)->constructed (object);

  g_assert (RELAIS_IS_CONTEXT (self->context));

  restore_window_state (self);
  if (relais_context_get_store (self->context) != NULL)
    create_views (self);
  else
    show_store_error (self);
  g_signal_connect_object (self->context, "notify::sync", G_CALLBACK (on_context_sync_notify_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view_stack, "notify::visible-child",
                           G_CALLBACK (on_view_stack_visible_child_notify_cb), self,
                           G_CONNECT_SWAPPED);
  update_new_action (self);
  g_signal_connect_object (relais_context_get_settings (self->context), "changed::eld-mode",
                           G_CALLBACK (on_settings_eld_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (relais_context_get_settings (self->context), "changed::user-roles",
                           G_CALLBACK (on_settings_eld_changed_cb), self, G_CONNECT_SWAPPED);
  if (relais_context_get_sync (self->context) != NULL)
    on_context_sync_notify_cb (self, NULL, self->context);
}

static void
relais_window_dispose (GObject *object)
{
  RelaisWindow *self = RELAIS_WINDOW (object);

  self->portfolio_view = NULL;
  self->conflicts_view = NULL;
  self->jobseeker_page = NULL;
  self->return_row = NULL;
  self->agency_view = NULL;
  self->territory_view = NULL;
  g_clear_handle_id (&self->pending_idle_id, g_source_remove);
  if (self->first_paint_handler != 0 && gtk_widget_get_frame_clock (GTK_WIDGET (self)) != NULL)
    g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (self)),
                                 self->first_paint_handler);
  self->first_paint_handler = 0;

  G_OBJECT_CLASS (relais_window_parent_class)->dispose (object);
}

static void
relais_window_finalize (GObject *object)
{
  RelaisWindow *self = RELAIS_WINDOW (object);

  g_clear_object (&self->context);
  g_clear_pointer (&self->pending_views, g_hash_table_unref);

  G_OBJECT_CLASS (relais_window_parent_class)->finalize (object);
}

static void
relais_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisWindow *self = RELAIS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_STORE_PATH:
      g_value_set_string (value, relais_window_get_store_path (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelaisWindow *self = RELAIS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_STORE_PATH:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_window_class_init (RelaisWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = relais_window_constructed;
  object_class->dispose = relais_window_dispose;
  object_class->finalize = relais_window_finalize;
  object_class->get_property = relais_window_get_property;
  object_class->set_property = relais_window_set_property;
  window_class->close_request = relais_window_close_request;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_PATH] = g_param_spec_string ("store-path", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/relais-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, conflicts_badge);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, conflicts_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, portfolio_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, sync_status);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, RelaisWindow, window_title);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_list_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);

  g_type_ensure (RELAIS_TYPE_PORTFOLIO_VIEW);
  g_type_ensure (RELAIS_TYPE_SYNC_STATUS);
}

static void
relais_window_init (RelaisWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pending_views = g_hash_table_new (g_str_hash, g_str_equal);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

/* Public API */

RelaisWindow *
relais_window_new (RelaisApplication *application, const char *store_path)
{
  g_autoptr (RelaisContext) context = NULL;

  g_return_val_if_fail (RELAIS_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store_path != NULL, NULL);

  context = relais_context_new (store_path, NULL);
  return relais_window_new_with_context (application, context);
}

RelaisWindow *
relais_window_new_with_context (RelaisApplication *application, RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  return g_object_new (RELAIS_TYPE_WINDOW, "application", application, "context", context, NULL);
}

RelaisContext *
relais_window_get_context (RelaisWindow *self)
{
  g_return_val_if_fail (RELAIS_IS_WINDOW (self), NULL);

  return self->context;
}

const char *
relais_window_get_store_path (RelaisWindow *self)
{
  g_return_val_if_fail (RELAIS_IS_WINDOW (self), NULL);

  return relais_context_get_store_path (self->context);
}

/* Returns: (transfer none) (nullable): the view beside the sidebar, NULL
 * when the store could not be opened. */
GtkWidget *
relais_window_get_visible_view (RelaisWindow *self)
{
  g_return_val_if_fail (RELAIS_IS_WINDOW (self), NULL);

  if (self->portfolio_view == NULL)
    return NULL;
  return gtk_stack_get_visible_child (self->view_stack);
}

/* Shows the view named @name ("portfolio", "conflicts", "agency",
 * "territory" for the ELD, as the sidebar
 * rows are named) or, with "de:ID", the Dossier DE of that job seeker, as
 * a counsellor would by clicking. Returns FALSE when the window has no
 * views (the store cannot be opened yet) or @name is none of them. */
gboolean
relais_window_show_view_named (RelaisWindow *self, const char *name)
{
  g_return_val_if_fail (RELAIS_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (self->portfolio_view == NULL)
    return FALSE;
  if (g_str_has_prefix (name, "de:"))
    {
      on_portfolio_view_open_de_cb (self, name, RELAIS_PORTFOLIO_VIEW (self->portfolio_view));
      return TRUE;
    }
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_str_equal (gtk_widget_get_name (row), name))
      {
        show_view (self, GTK_LIST_BOX_ROW (row));
        return TRUE;
      }
  return FALSE;
}

/* Returns: (transfer none) (nullable): the view named @name if it was
 * made already (views other than the portfolio are made when first shown
 * or in idle time after the portfolio's first frame), without making it. */
GtkWidget *
relais_window_peek_view (RelaisWindow *self, const char *name)
{
  g_return_val_if_fail (RELAIS_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return gtk_stack_get_child_by_name (self->view_stack, name);
}

/* Returns: (transfer none): the sync status in the header bar. */
RelaisSyncStatus *
relais_window_get_sync_status (RelaisWindow *self)
{
  g_return_val_if_fail (RELAIS_IS_WINDOW (self), NULL);
  return self->sync_status;
}

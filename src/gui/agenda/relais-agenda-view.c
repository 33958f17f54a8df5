/* relais-agenda-view.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * « Agenda et entretiens »: the counsellor's interviews of one day or one
 * week, by start, and beside them the mandatory interviews (M4, M9) his
 * DE are due or overdue for, from the core's alerts, each saying whether
 * it is already booked. A row opens the DE's file; « Planifier un
 * entretien » opens the planning dialog, which proposes the free 50-minute
 * slots. The interviews come from a RelaisEntretienList, which follows
 * the store; the week is a GtkFilterListModel over it, sorted by start.
 *
 * The counsellor is the one the workstation logged in as (the
 * conseiller-id setting); a store opened without a login shows every
 * counsellor's interviews.
 */

#define G_LOG_DOMAIN "relais-agenda-view"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-sidebar-row.h"
#include "relais-accessible.h"
#include "relais-agenda-view.h"
#include "relais-agenda.h"
#include "relais-plan-dialog.h"

/* Rows of "Interviews Due" shown at most, the most urgent. */
#define RELAIS_AGENDA_DUE_ROWS_MAX 100
/* DE whose alerts are computed in one idle step: ~10 ms here, so that a
 * 20,000-DE agency's interviews due never hold the window (they did for
 * half a second, twice, after the first read). */
#define DUE_STEP_DE 250
/* Interview rows made at a time. A GtkListBox makes and lays out a row
 * for every item: an agency's week (every counsellor's) is hundreds of
 * interviews, whose text layout held the window for half a second. More
 * come when the list is scrolled to its end, or with the button below. */
#define AGENDA_PAGE_ROWS 100
/* Rows are made a few a frame, interviews or interviews due: the text of
 * a hundred rows took 0.6 s to lay out, in one go before a frame. The
 * steps are tick callbacks, one a frame (idle steps ran several times
 * between two frames, whose layout then had them all), and the number of
 * rows follows how long the frames take: twice as many after a frame
 * under FAST_FRAME_US, half as many after one over SLOW_FRAME_US. Under
 * Xvfb here, a row's layout took 12 ms. */
#define ROWS_STEP_MIN 1
#define ROWS_STEP_MAX 32
#define FAST_FRAME_US 25000
#define SLOW_FRAME_US 50000

struct _RelaisAgendaView
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkStack *agenda_stack;
  GtkButton *day_button;
  GtkListBox *due_list;
  GtkStack *due_stack;
  GtkSpinner *due_spinner;
  GtkLabel *due_summary;
  AdwStatusPage *empty_page;
  GtkListBox *entretien_list;
  GtkSpinner *loading_spinner;
  GtkButton *more_button;
  GtkButton *next_button;
  GtkButton *plan_button;
  GtkButton *previous_button;
  GtkLabel *range_label;
  GtkButton *today_button;
  GtkToggleButton *week_button;

  /* Owned References */
  RelaisContext *context;
  RelaisEntretienList *list;
  GtkCustomFilter *filter;
  GtkSortListModel *model;
  GtkSliceListModel *page;     /* the rows made, the first of model */
  GPtrArray *due_pending;      /* RelaisAgendaDue being made into rows */
  char *conseiller;            /* NULL: every counsellor */
  RelaisAgendaDueJob *due_job; /* NULL: none, or made stale by a change */

  guint due_idle_id;
  guint due_rows_id;
  guint page_target; /* rows wanted: the page grows to it step by step */
  guint rows_step;   /* rows made in a frame */
  gint64 last_rows_frame;
  guint grow_id;
  gboolean due_shown; /* rows of a finished computation on screen */
  GDate anchor;
  GDate first, last; /* the range shown */
};

G_DEFINE_FINAL_TYPE (RelaisAgendaView, relais_agenda_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum
{
  SIGNAL_OPEN_DE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Auxiliary methods */

/* "mardi 1 décembre": the day as the locale writes it. */
static char *
format_day (const GDate *day, const char *format)
{
  char text[128];

  if (g_date_strftime (text, sizeof text, format, day) == 0)
    return g_strdup ("");
  return g_strdup (text);
}

static char *
capitalize (char *text)
{
  gunichar first = g_utf8_get_char (text);
  g_autofree char *rest = g_strdup (g_utf8_next_char (text));
  char buf[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_totitle (first), buf);
  g_free (text);
  return g_strconcat (buf, rest, NULL);
}

static gboolean
filter_cb (gpointer object, gpointer user_data)
{
  RelaisAgendaView *self = user_data;
  RelaisEntretienItem *item = object;
  const GDate *day = relais_entretien_item_get_day (item);

  if (day == NULL || g_date_compare (day, &self->first) < 0 ||
      g_date_compare (day, &self->last) > 0)
    return FALSE;
  return self->conseiller == NULL ||
         g_strcmp0 (relais_entretien_item_get_field (item, "conseiller"), self->conseiller) == 0;
}

static int
sort_cb (gconstpointer a, gconstpointer b, gpointer user_data)
{
  gint64 ka = relais_entretien_item_get_sort_key ((RelaisEntretienItem *) a);
  gint64 kb = relais_entretien_item_get_sort_key ((RelaisEntretienItem *) b);

  return ka < kb ? -1 : ka > kb;
}

static GtkWidget *
status_pill (const char *statut)
{
  GtkWidget *label = gtk_label_new (relais_entretien_statut_label (statut));

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "relais-status");
  if (statut != NULL)
    {
      g_autofree char *css = g_strconcat ("relais-status-", statut, NULL);

      gtk_widget_add_css_class (label, css);
    }
  return label;
}

static GtkWidget *
create_entretien_row_cb (gpointer object, gpointer user_data)
{
  RelaisEntretienItem *item = object;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *time = gtk_label_new (NULL);
  guint minutes = relais_entretien_item_get_minutes (item);
  JsonObject *doc = relais_entretien_item_get_doc (item);
  gint64 duree = json_object_get_int_member_with_default (doc, "duree_minutes", 50);
  guint end = minutes + (guint) CLAMP (duree, 0, 24 * 60);
  const char *mode = relais_entretien_item_get_field (item, "mode");
  const char *lieu = relais_entretien_item_get_field (item, "lieu");
  g_autofree char *start_text = g_strdup_printf ("%02u:%02u", minutes / 60, minutes % 60);
  g_autofree char *time_text =
      g_strdup_printf ("%s – %02u:%02u", start_text, (end / 60) % 24, end % 60);
  g_autoptr (GString) subtitle = g_string_new (
      relais_entretien_nature_label (relais_entretien_item_get_field (item, "nature")));

  if (mode != NULL)
    g_string_append_printf (subtitle, " · %s", relais_entretien_mode_label (mode));
  if (lieu != NULL)
    g_string_append_printf (subtitle, " · %s", lieu);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 relais_entretien_item_get_de_name (item));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_label_set_label (GTK_LABEL (time), time_text);
  gtk_label_set_width_chars (GTK_LABEL (time), 13);
  gtk_label_set_xalign (GTK_LABEL (time), 0);
  gtk_widget_add_css_class (time, "numeric");
  gtk_widget_add_css_class (time, "heading");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), time);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             status_pill (relais_entretien_item_get_field (item, "statut")));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             g_object_new (GTK_TYPE_IMAGE, "icon-name", "go-next-symbolic",
                                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                           NULL));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "de-id",
                          g_strdup (relais_entretien_item_get_de_id (item)), g_free);
  g_object_set_data_full (G_OBJECT (row), "entretien-id",
                          g_strdup (relais_entretien_item_get_id (item)), g_free);
  g_object_set_data_full (G_OBJECT (row), "day",
                          g_memdup2 (relais_entretien_item_get_day (item), sizeof (GDate)), g_free);
  return row;
}

/* In a week, each day's first interview gets the day as a header. */
static void
header_cb (GtkListBoxRow *row, GtkListBoxRow *before, gpointer user_data)
{
  RelaisAgendaView *self = user_data;
  const GDate *day = g_object_get_data (G_OBJECT (row), "day");
  const GDate *previous = before != NULL ? g_object_get_data (G_OBJECT (before), "day") : NULL;
  GtkWidget *header;
  g_autofree char *text = NULL;

  if (!gtk_toggle_button_get_active (self->week_button) || day == NULL ||
      (previous != NULL && g_date_compare (day, previous) == 0))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  text = capitalize (format_day (day, "%A %-d %B"));
  header = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "relais-day-header");
  gtk_widget_add_css_class (header, "heading");
  gtk_list_box_row_set_header (row, header);
}

static gboolean
is_loading (RelaisAgendaView *self)
{
  return self->list == NULL || relais_store_list_get_loading (RELAIS_STORE_LIST (self->list));
}

static void
update_empty (RelaisAgendaView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  gboolean loading = is_loading (self);

  /* A spinner left spinning on a hidden page still costs frames. */
  gtk_spinner_set_spinning (self->loading_spinner, loading);
  gtk_spinner_set_spinning (self->due_spinner,
                            loading || (self->due_idle_id != 0 && !self->due_shown));
  /* The dialog proposes the DE and free slots of the list. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->plan_button), !loading);
  gtk_stack_set_visible_child_name (self->agenda_stack, loading ? "loading"
                                                        : n > 0 ? "list"
                                                                : "empty");
}

static void
update_more (RelaisAgendaView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  gtk_widget_set_visible (GTK_WIDGET (self->more_button), self->page_target < n);
  if (self->page_target < n)
    {
      guint more = MIN (n - self->page_target, AGENDA_PAGE_ROWS);
      g_autofree char *label = g_strdup_printf (
          ngettext ("Show %u More Interview", "Show %u More Interviews", more), more);

      gtk_button_set_label (self->more_button, label);
    }
}

/* How many rows to make in this frame, from how long the last took. */
static guint
rows_this_frame (RelaisAgendaView *self, GdkFrameClock *clock)
{
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  gint64 took = self->last_rows_frame != 0 ? now - self->last_rows_frame : 0;

  /* Both kinds of rows in one frame: the second keeps the first's step. */
  if (took > 0)
    {
      if (took > SLOW_FRAME_US)
        self->rows_step = MAX (self->rows_step / 2, ROWS_STEP_MIN);
      else if (took < FAST_FRAME_US)
        self->rows_step = MIN (self->rows_step * 2, ROWS_STEP_MAX);
    }
  self->last_rows_frame = now;
  return self->rows_step;
}

static gboolean
grow_page_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  RelaisAgendaView *self = RELAIS_AGENDA_VIEW (widget);
  guint size = gtk_slice_list_model_get_size (self->page);

  if (size < self->page_target && size < g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    {
      gtk_slice_list_model_set_size (self->page,
                                     MIN (size + rows_this_frame (self, clock), self->page_target));
      return G_SOURCE_CONTINUE;
    }
  self->grow_id = 0;
  return G_SOURCE_REMOVE;
}

/* The page grows to its target a step at a time, between frames. */
static void
grow_page (RelaisAgendaView *self)
{
  if (self->grow_id == 0)
    self->grow_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), grow_page_cb, NULL, NULL);
  update_more (self);
}

static void
show_more (RelaisAgendaView *self)
{
  if (self->page_target < g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    self->page_target += AGENDA_PAGE_ROWS;
  grow_page (self);
}

static void
update_range (RelaisAgendaView *self)
{
  g_autofree char *text = NULL;

  g_assert (RELAIS_IS_AGENDA_VIEW (self));

  /* Not shown yet: ensure_list() sets the range when it is. */
  if (self->list == NULL)
    return;
  self->first = self->anchor;
  self->last = self->anchor;
  if (gtk_toggle_button_get_active (self->week_button))
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      /* Weeks start on Monday, as French agendas do. */
      g_date_subtract_days (&self->first, g_date_get_weekday (&self->anchor) - G_DATE_MONDAY);
      self->last = self->first;
      g_date_add_days (&self->last, 6);
      from = format_day (&self->first, "%-d %b");
      to = format_day (&self->last, "%-d %b %Y");
      /* TRANSLATORS: a week of the agenda, "Week of 30 Nov – 6 Dec 2026" */
      text = g_strdup_printf (_ ("Week of %s – %s"), from, to);
    }
  else
    text = capitalize (format_day (&self->anchor, "%A %-d %B %Y"));

  gtk_label_set_label (self->range_label, text);
  /* Another period starts with one page of rows again. */
  self->page_target = AGENDA_PAGE_ROWS;
  gtk_slice_list_model_set_size (self->page, self->rows_step);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_list_box_invalidate_headers (self->entretien_list);
  update_empty (self);
  grow_page (self);
}

static void on_due_plan_button_clicked_cb (RelaisAgendaView *self, GtkButton *button);

static GtkWidget *
create_due_row (RelaisAgendaView *self, const RelaisAgendaDue *due, const GDate *today)
{
  GtkWidget *row = adw_action_row_new ();
  gboolean overdue = g_date_compare (&due->due, today) < 0;
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "icon-name",
                                  overdue ? "dialog-warning-symbolic" : "alarm-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), due->de_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), due->message);
  gtk_widget_add_css_class (icon, overdue ? "error" : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (due->planned_id != NULL)
    {
      GDate day;
      guint minutes = (guint) (due->planned_key % (24 * 60));
      g_autofree char *date = NULL;
      g_autofree char *text = NULL;
      GtkWidget *label;

      g_date_clear (&day, 1);
      g_date_set_julian (&day, (guint32) (due->planned_key / (24 * 60)));
      date = format_day (&day, "%d/%m");
      /* TRANSLATORS: an interview due that is already booked: "Planned 03/12, 10:00" */
      text = g_strdup_printf (_ ("Planned %s, %02u:%02u"), date, minutes / 60, minutes % 60);
      label = gtk_label_new (text);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      GtkWidget *button = gtk_button_new_with_label (_ ("Plan"));
      /* TRANSLATORS: accessible name of the Plan button of one DE's row */
      g_autofree char *name = g_strdup_printf (_ ("Plan an interview for %s"), due->de_name);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "de-id", g_strdup (due->de_id), g_free);
      g_object_set_data (G_OBJECT (button), "nature", (gpointer) due->nature);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_due_plan_button_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "de-id", g_strdup (due->de_id), g_free);
  return row;
}

/* The rows of the interviews due, a few a frame; then the row
 * that says how many are not shown. */
static gboolean
add_due_rows_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
  RelaisAgendaView *self = RELAIS_AGENDA_VIEW (widget);
  GPtrArray *due = self->due_pending;
  const GDate *today = relais_context_get_today (self->context);
  guint shown = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->due_list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    shown++;
  for (guint n = 0, step = rows_this_frame (self, clock);
       n < step && shown < MIN (due->len, RELAIS_AGENDA_DUE_ROWS_MAX); n++, shown++)
    gtk_list_box_append (self->due_list,
                         create_due_row (self, g_ptr_array_index (due, shown), today));
  if (shown < MIN (due->len, RELAIS_AGENDA_DUE_ROWS_MAX))
    return G_SOURCE_CONTINUE;

  if (due->len > RELAIS_AGENDA_DUE_ROWS_MAX)
    {
      guint n_more = due->len - RELAIS_AGENDA_DUE_ROWS_MAX;
      g_autofree char *text =
          g_strdup_printf (ngettext ("%u more interview due, after these",
                                     "%u more interviews due, after these", n_more),
                           n_more);
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *row = gtk_list_box_row_new ();

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_top (label, 12);
      gtk_widget_set_margin_bottom (label, 12);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_name (row, "more-due");
      gtk_list_box_append (self->due_list, row);
    }
  g_clear_pointer (&self->due_pending, g_ptr_array_unref);
  self->due_rows_id = 0;
  return G_SOURCE_REMOVE;
}

static void
show_due (RelaisAgendaView *self, GPtrArray *due)
{
  const GDate *today = relais_context_get_today (self->context);
  guint n_overdue = 0, n_unplanned = 0;
  GtkWidget *child;
  g_autofree char *summary = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->due_list))) != NULL)
    gtk_list_box_remove (self->due_list, child);
  for (guint i = 0; i < due->len; i++)
    {
      RelaisAgendaDue *d = g_ptr_array_index (due, i);

      n_overdue += g_date_compare (&d->due, today) < 0;
      n_unplanned += d->planned_id == NULL;
    }
  /* The most urgent first (the list is sorted): an agency's store has
   * thousands, and a row each took seconds of text layout. */
  g_clear_pointer (&self->due_pending, g_ptr_array_unref);
  self->due_pending = g_ptr_array_ref (due);
  if (self->due_rows_id == 0)
    self->due_rows_id =
        gtk_widget_add_tick_callback (GTK_WIDGET (self), add_due_rows_cb, NULL, NULL);

  gtk_stack_set_visible_child_name (self->due_stack, due->len > 0 ? "list" : "empty");
  /* TRANSLATORS: under "Interviews Due": "12 due, 3 overdue, 5 not planned" */
  summary =
      g_strdup_printf (_ ("%u due, %u overdue, %u not planned"), due->len, n_overdue, n_unplanned);
  gtk_label_set_label (self->due_summary, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->due_summary), due->len > 0);
  gtk_spinner_set_spinning (self->due_spinner, FALSE);
  self->due_shown = TRUE;
}

/* One step of the interviews due; a job made stale by a change of the
 * list (dropped by its handlers) begins again over the list as it is. */
static gboolean
due_step_cb (gpointer user_data)
{
  RelaisAgendaView *self = user_data;
  g_autoptr (GPtrArray) due = NULL;

  if (self->due_job == NULL)
    self->due_job = relais_agenda_due_job_new (self->list, relais_context_get_today (self->context),
                                               self->conseiller);
  if (!relais_agenda_due_job_step (self->due_job, DUE_STEP_DE))
    return G_SOURCE_CONTINUE;
  due = relais_agenda_due_job_finish (self->due_job);
  g_clear_pointer (&self->due_job, relais_agenda_due_job_free);
  self->due_idle_id = 0;
  show_due (self, due);
  return G_SOURCE_REMOVE;
}

/* The rows shown stay until the new computation is done: a sync's batch
 * after batch must not blank them each time. */
static void
rebuild_due (RelaisAgendaView *self)
{
  g_clear_pointer (&self->due_job, relais_agenda_due_job_free);
  if (is_loading (self))
    {
      g_clear_handle_id (&self->due_idle_id, g_source_remove);
      gtk_stack_set_visible_child_name (self->due_stack, "loading");
      gtk_widget_set_visible (GTK_WIDGET (self->due_summary), FALSE);
      return;
    }
  if (!self->due_shown)
    {
      gtk_stack_set_visible_child_name (self->due_stack, "loading");
      gtk_spinner_set_spinning (self->due_spinner, TRUE);
    }
  /* Below redrawing and input: the window answers between the steps. */
  if (self->due_idle_id == 0)
    self->due_idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, due_step_cb, self, NULL);
}

/* Signal callbacks */

static void
on_list_changed_cb (RelaisAgendaView *self, RelaisEntretienList *list)
{
  g_assert (RELAIS_IS_AGENDA_VIEW (self));

  /* The first read's end rebuilds them (notify::loading) once. */
  if (!is_loading (self))
    rebuild_due (self);
  gtk_list_box_invalidate_headers (self->entretien_list);
}

/* The first read, in its worker, is applied: rows and interviews due. */
static void
on_list_loading_notify_cb (RelaisAgendaView *self, GParamSpec *pspec, RelaisEntretienList *list)
{
  g_assert (RELAIS_IS_AGENDA_VIEW (self));

  update_empty (self);
  rebuild_due (self);
}

/* The job reads the items: a change makes it stale (the "changed" that
 * follows, or its next step, begins it again). */
static void
on_list_items_changed_cb (
    RelaisAgendaView *self, guint position, guint removed, guint added, GListModel *model)
{
  g_clear_pointer (&self->due_job, relais_agenda_due_job_free);
}

static void
on_model_items_changed_cb (
    RelaisAgendaView *self, guint position, guint removed, guint added, GListModel *model)
{
  g_assert (RELAIS_IS_AGENDA_VIEW (self));

  update_empty (self);
  grow_page (self);
}

static void
on_more_button_clicked_cb (RelaisAgendaView *self, GtkButton *button)
{
  g_assert (RELAIS_IS_AGENDA_VIEW (self));

  show_more (self);
}

static void
on_entretien_scroller_edge_reached_cb (RelaisAgendaView *self,
                                       GtkPositionType position,
                                       GtkScrolledWindow *scroller)
{
  g_assert (RELAIS_IS_AGENDA_VIEW (self));

  if (position == GTK_POS_BOTTOM && self->page != NULL)
    show_more (self);
}

static void
on_due_plan_button_clicked_cb (RelaisAgendaView *self, GtkButton *button)
{
  g_assert (RELAIS_IS_AGENDA_VIEW (self));

  relais_agenda_view_plan (self, g_object_get_data (G_OBJECT (button), "de-id"),
                           g_object_get_data (G_OBJECT (button), "nature"));
}

static void
on_previous_button_clicked_cb (RelaisAgendaView *self, GtkButton *button)
{
  g_date_subtract_days (&self->anchor, gtk_toggle_button_get_active (self->week_button) ? 7 : 1);
  update_range (self);
}

static void
on_next_button_clicked_cb (RelaisAgendaView *self, GtkButton *button)
{
  g_date_add_days (&self->anchor, gtk_toggle_button_get_active (self->week_button) ? 7 : 1);
  update_range (self);
}

static void
on_today_button_clicked_cb (RelaisAgendaView *self, GtkButton *button)
{
  self->anchor = *relais_context_get_today (self->context);
  update_range (self);
}

static void
on_range_button_toggled_cb (RelaisAgendaView *self, GtkToggleButton *button)
{
  if (gtk_toggle_button_get_active (button))
    update_range (self);
}

static void
on_plan_button_clicked_cb (RelaisAgendaView *self, GtkButton *button)
{
  relais_agenda_view_plan (self, NULL, NULL);
}

static void
on_entretien_list_row_activated_cb (RelaisAgendaView *self, GtkListBoxRow *row, GtkListBox *list)
{
  const char *de_id = g_object_get_data (G_OBJECT (row), "de-id");

  if (de_id != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_DE], 0, de_id);
}

static void
on_due_list_row_activated_cb (RelaisAgendaView *self, GtkListBoxRow *row, GtkListBox *list)
{
  on_entretien_list_row_activated_cb (self, row, list);
}

static void
on_plan_dialog_planned_cb (RelaisAgendaView *self, const char *id, RelaisPlanDialog *dialog)
{
  JsonObject *doc = relais_plan_dialog_get_doc (dialog);
  GDate day;

  g_assert (RELAIS_IS_AGENDA_VIEW (self));

  /* Show the week of the new interview. */
  if (doc != NULL && relais_agenda_entretien_start (doc, &day, NULL))
    {
      self->anchor = day;
      update_range (self);
    }
}

/* Parent overrides */

/* The interviews are read when the view is first shown (or asked for):
 * reading and laying out every interview of a 20,000-DE agency on the
 * main thread, in the window's construction, held the app's first frame
 * for seconds. The list reads them in a worker; the loading page shows
 * until it is done. */
static void
ensure_list (RelaisAgendaView *self)
{
  GtkFilterListModel *filtered;

  if (self->list != NULL)
    return;
  self->list = relais_entretien_list_new (self->context);
  self->filter = gtk_custom_filter_new (filter_cb, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->list)),
                                        GTK_FILTER (g_object_ref (self->filter)));
  self->model = gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                         GTK_SORTER (gtk_custom_sorter_new (sort_cb, NULL, NULL)));
  self->page =
      gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (self->model)), 0, self->rows_step);
  gtk_list_box_bind_model (self->entretien_list, G_LIST_MODEL (self->page), create_entretien_row_cb,
                           self, NULL);
  gtk_list_box_set_header_func (self->entretien_list, header_cb, self, NULL);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_model_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "changed", G_CALLBACK (on_list_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (on_list_items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (on_list_loading_notify_cb),
                           self, G_CONNECT_SWAPPED);
  update_range (self);
  rebuild_due (self);
}

static void
relais_agenda_view_map (GtkWidget *widget)
{
  ensure_list (RELAIS_AGENDA_VIEW (widget));

  GTK_WIDGET_CLASS (relais_agenda_view_parent_class)->map (widget);
}

static void
relais_agenda_view_constructed (GObject *object)
{
  RelaisAgendaView *self = RELAIS_AGENDA_VIEW (object);
  g_autofree char *conseiller = NULL;

  G_OBJECT_CLASS (relais_agenda_view_parent_class)->constructed (object);

  g_assert (RELAIS_IS_CONTEXT (self->context));

  conseiller = g_settings_get_string (relais_context_get_settings (self->context), "conseiller-id");
  if (conseiller[0] != '\0')
    self->conseiller = g_steal_pointer (&conseiller);
  self->anchor = *relais_context_get_today (self->context);
  self->first = self->last = self->anchor;
}

static void
relais_agenda_view_dispose (GObject *object)
{
  RelaisAgendaView *self = RELAIS_AGENDA_VIEW (object);
  GtkWidget *child;

  if (self->entretien_list != NULL)
    gtk_list_box_bind_model (self->entretien_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAIS_TYPE_AGENDA_VIEW);
  /* GTK 4.8 unparents only the bound children of a template. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_handle_id (&self->due_idle_id, g_source_remove);
  if (self->due_rows_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->due_rows_id);
  if (self->grow_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->grow_id);
  self->due_rows_id = self->grow_id = 0;
  g_clear_pointer (&self->due_job, relais_agenda_due_job_free);
  g_clear_pointer (&self->due_pending, g_ptr_array_unref);
  g_clear_object (&self->page);
  g_clear_object (&self->model);
  g_clear_object (&self->filter);
  g_clear_object (&self->list);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_agenda_view_parent_class)->dispose (object);
}

static void
relais_agenda_view_finalize (GObject *object)
{
  RelaisAgendaView *self = RELAIS_AGENDA_VIEW (object);

  g_free (self->conseiller);

  G_OBJECT_CLASS (relais_agenda_view_parent_class)->finalize (object);
}

static void
relais_agenda_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisAgendaView *self = RELAIS_AGENDA_VIEW (object);

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
relais_agenda_view_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  RelaisAgendaView *self = RELAIS_AGENDA_VIEW (object);

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
relais_agenda_view_class_init (RelaisAgendaViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = relais_agenda_view_constructed;
  object_class->dispose = relais_agenda_view_dispose;
  object_class->finalize = relais_agenda_view_finalize;
  object_class->get_property = relais_agenda_view_get_property;
  object_class->set_property = relais_agenda_view_set_property;
  widget_class->map = relais_agenda_view_map;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A row asks to open the DE's file (its id). */
  signals[SIGNAL_OPEN_DE] = g_signal_new ("open-de", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/agenda/relais-agenda-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, agenda_stack);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, day_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, due_list);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, due_spinner);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, more_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, due_stack);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, due_summary);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, entretien_list);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, next_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, plan_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, previous_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, range_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, today_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisAgendaView, week_button);
  gtk_widget_class_bind_template_callback (widget_class, on_due_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entretien_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entretien_scroller_edge_reached_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_more_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_next_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_plan_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_range_button_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_today_button_clicked_cb);
}

static void
relais_agenda_view_init (RelaisAgendaView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  relais_accessible_name_mnemonic_buttons (GTK_WIDGET (self));
  self->rows_step = 4;
}

/* Public API */

/* Whether interviews due are being computed, or rows still being made,
 * a frame at a time. */
gboolean
relais_agenda_view_get_busy (RelaisAgendaView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENDA_VIEW (self), FALSE);

  return self->due_idle_id != 0 || self->due_rows_id != 0 || self->grow_id != 0;
}

GtkWidget *
relais_agenda_view_new (RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  return g_object_new (RELAIS_TYPE_AGENDA_VIEW, "context", context, NULL);
}

/* The sidebar's row of the view, named "agenda" for --view. */
GtkWidget *
relais_agenda_view_create_sidebar_row (void)
{
  return relais_sidebar_row_new ("agenda", "x-office-calendar-symbolic",
                                 _ ("Agenda and Interviews"));
}

RelaisEntretienList *
relais_agenda_view_get_list (RelaisAgendaView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENDA_VIEW (self), NULL);
  ensure_list (self);
  return self->list;
}

/* Returns: (transfer none): the interviews shown, in order. */
GListModel *
relais_agenda_view_get_model (RelaisAgendaView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENDA_VIEW (self), NULL);
  ensure_list (self);
  return G_LIST_MODEL (self->model);
}

GtkListBox *
relais_agenda_view_get_entretien_list (RelaisAgendaView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENDA_VIEW (self), NULL);
  ensure_list (self);
  return self->entretien_list;
}

GtkListBox *
relais_agenda_view_get_due_list (RelaisAgendaView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENDA_VIEW (self), NULL);
  ensure_list (self);
  return self->due_list;
}

GtkWidget *
relais_agenda_view_get_plan_button (RelaisAgendaView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENDA_VIEW (self), NULL);
  return GTK_WIDGET (self->plan_button);
}

const char *
relais_agenda_view_get_range_text (RelaisAgendaView *self)
{
  g_return_val_if_fail (RELAIS_IS_AGENDA_VIEW (self), NULL);
  ensure_list (self);
  return gtk_label_get_label (self->range_label);
}

/* Shows the week (or the day) of @day. */
void
relais_agenda_view_show_day (RelaisAgendaView *self, const GDate *day, gboolean week)
{
  g_return_if_fail (RELAIS_IS_AGENDA_VIEW (self));
  g_return_if_fail (day != NULL && g_date_valid (day));
  ensure_list (self);

  self->anchor = *day;
  if (week != gtk_toggle_button_get_active (self->week_button))
    gtk_toggle_button_set_active (week ? self->week_button : GTK_TOGGLE_BUTTON (self->day_button),
                                  TRUE);
  update_range (self);
}

/* Opens the planning dialog, for @de_id and @nature when given (an
 * interview due). Returns: (transfer none): the dialog. */
GtkWidget *
relais_agenda_view_plan (RelaisAgendaView *self, const char *de_id, const char *nature)
{
  GtkWidget *dialog;
  GtkRoot *root;

  g_return_val_if_fail (RELAIS_IS_AGENDA_VIEW (self), NULL);

  ensure_list (self);
  /* Asked for before the first read is done: the dialog proposes the
   * list's DE and free slots, it needs them now. */
  if (relais_store_list_get_loading (RELAIS_STORE_LIST (self->list)))
    relais_store_list_refresh (RELAIS_STORE_LIST (self->list));
  dialog = relais_plan_dialog_new (self->list, self->conseiller, de_id, nature);
  g_signal_connect_object (dialog, "planned", G_CALLBACK (on_plan_dialog_planned_cb), self,
                           G_CONNECT_SWAPPED);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

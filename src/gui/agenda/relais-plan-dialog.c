/* relais-plan-dialog.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * « Planifier un entretien »: the DE, the kind of interview, a day and one
 * of its free 50-minute slots (relais_agenda_free_slots()), the mode and
 * the place. An entretien d'ajustement needs a reason and is only offered
 * up to 2 weeks after the DE's EID; the M4 and the ajustement are physical.
 * The document is built and checked by the core (relais-agenda.h,
 * relais_validate_doc()) and saved in the local store as a new document,
 * which the replicator then sends.
 */

#define G_LOG_DOMAIN "relais-plan-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-accessible.h"
#include "relais-agenda.h"
#include "relais-plan-dialog.h"
#include "relais-validate.h"

/* Days offered for an interview other than the ajustement: four weeks. */
#define PLAN_DAYS_AHEAD 28

struct _RelaisPlanDialog
{
  AdwWindow parent_instance;

  /* Template Widgets */
  GtkButton *cancel_button;
  AdwComboRow *day_row;
  AdwComboRow *de_row;
  GtkLabel *error_label;
  AdwEntryRow *lieu_row;
  AdwComboRow *mode_row;
  AdwEntryRow *motif_row;
  AdwComboRow *nature_row;
  GtkButton *save_button;
  AdwComboRow *slot_row;

  /* Owned References */
  RelaisEntretienList *list;
  char *conseiller;
  GPtrArray *de_ids; /* utf8, parallel to de_row's model */
  GArray *days;      /* guint32 julian, parallel to day_row */
  GArray *slots;     /* guint minutes, parallel to slot_row */
  JsonObject *doc;   /* the saved interview */
};

G_DEFINE_FINAL_TYPE (RelaisPlanDialog, relais_plan_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_PLANNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const natures[] = { "eid", "ajustement", "m4", "m9", "intermediaire", NULL };
static const char *const modes[] = { "physique", "telephone", "visio", NULL };

/* Auxiliary methods */

static const char *
selected_de (RelaisPlanDialog *self)
{
  guint i = adw_combo_row_get_selected (self->de_row);

  return i < self->de_ids->len ? g_ptr_array_index (self->de_ids, i) : NULL;
}

static const char *
selected_nature (RelaisPlanDialog *self)
{
  guint i = adw_combo_row_get_selected (self->nature_row);

  return i < g_strv_length ((char **) natures) ? natures[i] : NULL;
}

static JsonObject *
find_eid (RelaisPlanDialog *self)
{
  g_autoptr (GPtrArray) entretiens =
      relais_entretien_list_entretiens_of (self->list, selected_de (self));

  return relais_alerts_find_eid (entretiens, selected_de (self));
}

/* Who holds the interview: the logged-in counsellor, else the DE's
 * référent, else the counsellor of his EID. */
static const char *
conseiller_for (RelaisPlanDialog *self)
{
  JsonObject *de = relais_entretien_list_get_de (self->list, selected_de (self));
  JsonObject *eid;
  const char *referent;

  if (self->conseiller != NULL)
    return self->conseiller;
  referent = de != NULL ? json_object_get_string_member_with_default (de, "referent", NULL) : NULL;
  if (referent != NULL && *referent != '\0')
    return referent;
  eid = find_eid (self);
  return eid != NULL ? json_object_get_string_member_with_default (eid, "conseiller", NULL) : NULL;
}

static void
show_error (RelaisPlanDialog *self, const char *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static GtkStringList *
string_list_of_labels (const char *const *values, const char *(*label) (const char *) )
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; values[i] != NULL; i++)
    gtk_string_list_append (list, label (values[i]));
  return list;
}

static void
fill_slots (RelaisPlanDialog *self)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  guint i = adw_combo_row_get_selected (self->day_row);
  g_autoptr (GPtrArray) entretiens = relais_entretien_list_all_entretiens (self->list);
  GDate day;

  g_array_set_size (self->slots, 0);
  if (i < self->days->len)
    {
      g_autoptr (GArray) free_slots = NULL;

      g_date_clear (&day, 1);
      g_date_set_julian (&day, g_array_index (self->days, guint32, i));
      free_slots = relais_agenda_free_slots (entretiens, conseiller_for (self), &day);
      for (guint s = 0; s < free_slots->len; s++)
        {
          guint minutes = g_array_index (free_slots, guint, s);
          guint end = minutes + RELAIS_EID_MINUTES;
          g_autofree char *text = g_strdup_printf ("%02u:%02u – %02u:%02u", minutes / 60,
                                                   minutes % 60, end / 60, end % 60);

          g_array_append_val (self->slots, minutes);
          gtk_string_list_append (labels, text);
        }
    }
  adw_combo_row_set_model (self->slot_row, G_LIST_MODEL (labels));
  gtk_widget_set_sensitive (GTK_WIDGET (self->slot_row), self->slots->len > 0);
}

/* The days an interview may take: working days from today, and for an
 * ajustement only up to 2 weeks after the EID. */
static void
fill_days (RelaisPlanDialog *self)
{
  const GDate *today =
      relais_context_get_today (relais_store_list_get_context (RELAIS_STORE_LIST (self->list)));
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  const char *nature = selected_nature (self);
  gboolean ajustement = g_strcmp0 (nature, "ajustement") == 0;
  GDate day = *today, last = *today;

  g_array_set_size (self->days, 0);
  show_error (self, NULL);
  g_date_add_days (&last, PLAN_DAYS_AHEAD);
  if (ajustement)
    {
      JsonObject *eid = find_eid (self);
      GDate eid_day;

      if (eid == NULL || !relais_agenda_ajustement_last_day (eid, &last))
        {
          g_date_subtract_days (&last, PLAN_DAYS_AHEAD + 1);
          show_error (self, _ ("An entretien d'ajustement follows the EID: this job seeker has "
                               "none yet."));
        }
      else if (relais_agenda_entretien_start (eid, &eid_day, NULL) &&
               g_date_compare (&eid_day, &day) > 0)
        day = eid_day;
    }

  for (; g_date_compare (&day, &last) <= 0; g_date_add_days (&day, 1))
    {
      char text[64];
      guint32 julian = g_date_get_julian (&day);

      if (g_date_get_weekday (&day) >= G_DATE_SATURDAY)
        continue;
      g_date_strftime (text, sizeof text, "%A %-d %B", &day);
      g_array_append_val (self->days, julian);
      gtk_string_list_append (labels, text);
    }
  if (ajustement && self->days->len == 0 &&
      !gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    show_error (self, _ ("The 2 weeks after the EID are over: an entretien d'ajustement can no "
                         "longer be planned."));
  adw_combo_row_set_model (self->day_row, G_LIST_MODEL (labels));
  gtk_widget_set_sensitive (GTK_WIDGET (self->day_row), self->days->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->motif_row), ajustement);
  /* The M4 and the ajustement are held in person (DOMAIN.md). */
  gtk_widget_set_sensitive (GTK_WIDGET (self->mode_row),
                            !ajustement && g_strcmp0 (nature, "m4") != 0);
  if (ajustement || g_strcmp0 (nature, "m4") == 0)
    adw_combo_row_set_selected (self->mode_row, 0);
  fill_slots (self);
}

static char *
problems_text (GPtrArray *problems)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      RelaisProblem *problem = g_ptr_array_index (problems, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s", problem->field, problem->reason);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Signal callbacks */

static void
on_de_row_selected_cb (RelaisPlanDialog *self, GParamSpec *pspec, AdwComboRow *row)
{
  if (self->list != NULL)
    fill_days (self);
}

static void
on_nature_row_selected_cb (RelaisPlanDialog *self, GParamSpec *pspec, AdwComboRow *row)
{
  if (self->list != NULL)
    fill_days (self);
}

static void
on_day_row_selected_cb (RelaisPlanDialog *self, GParamSpec *pspec, AdwComboRow *row)
{
  if (self->list != NULL)
    fill_slots (self);
}

static void
on_cancel_button_clicked_cb (RelaisPlanDialog *self, GtkButton *button)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_save_button_clicked_cb (RelaisPlanDialog *self, GtkButton *button)
{
  if (relais_plan_dialog_save (self))
    gtk_window_destroy (GTK_WINDOW (self));
}

/* Parent overrides */

static void
relais_plan_dialog_dispose (GObject *object)
{
  RelaisPlanDialog *self = RELAIS_PLAN_DIALOG (object);

  g_clear_object (&self->list);

  G_OBJECT_CLASS (relais_plan_dialog_parent_class)->dispose (object);
}

static void
relais_plan_dialog_finalize (GObject *object)
{
  RelaisPlanDialog *self = RELAIS_PLAN_DIALOG (object);

  g_free (self->conseiller);
  g_clear_pointer (&self->de_ids, g_ptr_array_unref);
  g_clear_pointer (&self->days, g_array_unref);
  g_clear_pointer (&self->slots, g_array_unref);
  g_clear_pointer (&self->doc, json_object_unref);

  G_OBJECT_CLASS (relais_plan_dialog_parent_class)->finalize (object);
}

static void
relais_plan_dialog_class_init (RelaisPlanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relais_plan_dialog_dispose;
  object_class->finalize = relais_plan_dialog_finalize;

  /* The interview was saved (its id). */
  signals[SIGNAL_PLANNED] = g_signal_new ("planned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/agenda/relais-plan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisPlanDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisPlanDialog, day_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisPlanDialog, de_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisPlanDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisPlanDialog, lieu_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisPlanDialog, mode_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisPlanDialog, motif_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisPlanDialog, nature_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisPlanDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisPlanDialog, slot_row);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_day_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_de_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_nature_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_button_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
relais_plan_dialog_init (RelaisPlanDialog *self)
{
  self->de_ids = g_ptr_array_new_with_free_func (g_free);
  self->days = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->slots = g_array_new (FALSE, FALSE, sizeof (guint));

  gtk_widget_init_template (GTK_WIDGET (self));
  relais_accessible_name_mnemonic_buttons (GTK_WIDGET (self));
}

/* Public API */

/* @conseiller: the logged-in counsellor, or NULL; @de_id and @nature
 * preselect the DE and the interview (an interview due). */
GtkWidget *
relais_plan_dialog_new (RelaisEntretienList *list,
                        const char *conseiller,
                        const char *de_id,
                        const char *nature)
{
  RelaisPlanDialog *self;
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) nature_labels =
      string_list_of_labels (natures, relais_entretien_nature_label);
  g_autoptr (GtkStringList) mode_labels =
      string_list_of_labels (modes, relais_entretien_mode_label);
  guint selected = 0;

  g_return_val_if_fail (RELAIS_IS_ENTRETIEN_LIST (list), NULL);

  self = g_object_new (RELAIS_TYPE_PLAN_DIALOG, NULL);
  self->conseiller = g_strdup (conseiller);

  ids = relais_entretien_list_get_de_ids (list, conseiller);
  /* A DE followed by someone else may still be the one to plan for. */
  if (de_id != NULL && !g_ptr_array_find_with_equal_func (ids, de_id, g_str_equal, NULL))
    g_ptr_array_insert (ids, 0, (gpointer) de_id);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *name = relais_entretien_list_dup_de_name (list, g_ptr_array_index (ids, i));

      g_ptr_array_add (self->de_ids, g_strdup (g_ptr_array_index (ids, i)));
      gtk_string_list_append (names, name);
      if (g_strcmp0 (g_ptr_array_index (ids, i), de_id) == 0)
        selected = i;
    }
  adw_combo_row_set_model (self->de_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->de_row, selected);
  adw_combo_row_set_model (self->nature_row, G_LIST_MODEL (nature_labels));
  adw_combo_row_set_model (self->mode_row, G_LIST_MODEL (mode_labels));
  for (guint i = 0; nature != NULL && natures[i] != NULL; i++)
    if (g_str_equal (natures[i], nature))
      adw_combo_row_set_selected (self->nature_row, i);

  /* Filled once everything is known: the callbacks wait for the list. */
  self->list = g_object_ref (list);
  fill_days (self);
  return GTK_WIDGET (self);
}

AdwComboRow *
relais_plan_dialog_get_combo_row (RelaisPlanDialog *self, const char *name)
{
  g_return_val_if_fail (RELAIS_IS_PLAN_DIALOG (self), NULL);

  if (g_strcmp0 (name, "de") == 0)
    return self->de_row;
  if (g_strcmp0 (name, "nature") == 0)
    return self->nature_row;
  if (g_strcmp0 (name, "day") == 0)
    return self->day_row;
  if (g_strcmp0 (name, "slot") == 0)
    return self->slot_row;
  if (g_strcmp0 (name, "mode") == 0)
    return self->mode_row;
  return NULL;
}

AdwEntryRow *
relais_plan_dialog_get_entry_row (RelaisPlanDialog *self, const char *name)
{
  g_return_val_if_fail (RELAIS_IS_PLAN_DIALOG (self), NULL);

  if (g_strcmp0 (name, "lieu") == 0)
    return self->lieu_row;
  if (g_strcmp0 (name, "motif") == 0)
    return self->motif_row;
  return NULL;
}

GtkLabel *
relais_plan_dialog_get_error_label (RelaisPlanDialog *self)
{
  g_return_val_if_fail (RELAIS_IS_PLAN_DIALOG (self), NULL);
  return self->error_label;
}

GtkWidget *
relais_plan_dialog_get_save_button (RelaisPlanDialog *self)
{
  g_return_val_if_fail (RELAIS_IS_PLAN_DIALOG (self), NULL);
  return GTK_WIDGET (self->save_button);
}

const char *
relais_plan_dialog_get_de_id (RelaisPlanDialog *self)
{
  g_return_val_if_fail (RELAIS_IS_PLAN_DIALOG (self), NULL);
  return selected_de (self);
}

guint
relais_plan_dialog_get_n_days (RelaisPlanDialog *self)
{
  g_return_val_if_fail (RELAIS_IS_PLAN_DIALOG (self), 0);
  return self->days->len;
}

/* Returns: (transfer none) (nullable): the interview saved, NULL before. */
JsonObject *
relais_plan_dialog_get_doc (RelaisPlanDialog *self)
{
  g_return_val_if_fail (RELAIS_IS_PLAN_DIALOG (self), NULL);
  return self->doc;
}

/* Builds the interview, has the core check it and saves it. Returns FALSE
 * and says why in the dialog when it is not valid or cannot be saved. */
gboolean
relais_plan_dialog_save (RelaisPlanDialog *self)
{
  RelaisStore *store;
  guint day_index, slot_index, mode_index;
  g_autoptr (JsonObject) doc = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = NULL;
  const char *nature = selected_nature (self);
  GDate day;

  g_return_val_if_fail (RELAIS_IS_PLAN_DIALOG (self), FALSE);

  day_index = adw_combo_row_get_selected (self->day_row);
  slot_index = adw_combo_row_get_selected (self->slot_row);
  mode_index = adw_combo_row_get_selected (self->mode_row);
  if (selected_de (self) == NULL || nature == NULL || day_index >= self->days->len ||
      slot_index >= self->slots->len)
    {
      show_error (self, _ ("Choose a job seeker, a day and a free slot."));
      return FALSE;
    }

  g_date_clear (&day, 1);
  g_date_set_julian (&day, g_array_index (self->days, guint32, day_index));
  doc = relais_agenda_build_entretien (
      selected_de (self), conseiller_for (self), nature, &day,
      g_array_index (self->slots, guint, slot_index),
      mode_index < g_strv_length ((char **) modes) ? modes[mode_index] : NULL,
      gtk_editable_get_text (GTK_EDITABLE (self->lieu_row)),
      gtk_editable_get_text (GTK_EDITABLE (self->motif_row)),
      g_str_equal (nature, "ajustement") ? find_eid (self) : NULL);

  if (!relais_validate_doc (doc, &problems, &error))
    {
      g_autofree char *text = problems_text (problems);

      show_error (self, text[0] != '\0' ? text : error->message);
      return FALSE;
    }

  store = relais_context_get_store (relais_store_list_get_context (RELAIS_STORE_LIST (self->list)));
  if (store == NULL || (rev = relais_store_put (store, doc, TRUE, &error)) == NULL)
    {
      show_error (self, error != NULL ? error->message : _ ("The local store cannot be opened"));
      return FALSE;
    }

  json_object_set_string_member (doc, "_rev", rev);
  g_clear_pointer (&self->doc, json_object_unref);
  self->doc = json_object_ref (doc);
  relais_store_list_refresh (RELAIS_STORE_LIST (self->list));
  g_signal_emit (self, signals[SIGNAL_PLANNED], 0, json_object_get_string_member (doc, "_id"));
  return TRUE;
}

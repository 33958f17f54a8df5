/* relais-conflicts-view.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The documents of the local store with several live versions (DESIGN.md
 * "Never silent last-write-wins"), and for the selected one its versions
 * side by side: one row per differing field, the common ancestor's value
 * for context, a choice per field (the current winner's by default). The
 * result is validated by the core rules and written by
 * relais_store_resolve_conflict() as an ordinary revision that closes
 * the other branches.
 */

#define G_LOG_DOMAIN "relais-conflicts-view"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-accessible.h"
#include "relais-conflict-format.h"
#include "relais-conflict-list.h"
#include "relais-conflicts-view.h"
#include "relais-store-conflicts.h"
#include "relais-validate.h"

struct _RelaisConflictsView
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkListBox *conflict_list;
  GtkLabel *detail_subtitle;
  GtkLabel *detail_title;
  GtkListBox *fields_list;
  GtkLabel *problems_label;
  GtkButton *save_button;
  GtkStack *stack;
  AdwToastOverlay *toast_overlay;

  /* Owned References */
  RelaisContext *context;
  RelaisConflictList *list;
  RelaisConflict *conflict; /* the selected document's versions */
  GPtrArray *choices;       /* (element-type GPtrArray<GtkCheckButton>) one per field */
};

G_DEFINE_FINAL_TYPE (RelaisConflictsView, relais_conflicts_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static RelaisStore *
store_of (RelaisConflictsView *self)
{
  return relais_context_get_store (self->context);
}

static GtkWidget *
create_conflict_row (gpointer item, gpointer user_data)
{
  RelaisConflictItem *conflict = item;
  g_autofree char *subtitle = g_strdup_printf (
      /* TRANSLATORS: the document's kind, then how many versions it has. */
      g_dngettext (GETTEXT_PACKAGE, "%s · %u version", "%s · %u versions",
                   relais_conflict_item_get_n_versions (conflict)),
      relais_conflict_item_get_kind (conflict), relais_conflict_item_get_n_versions (conflict));
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 relais_conflict_item_get_title (conflict));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, relais_conflict_item_get_id (conflict));
  return row;
}

static GtkWidget *
cell_label (const char *text, const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* A wrapping label asks for its whole text on one line otherwise,
   * which folds the window's leaflet. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
columns_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  return box;
}

static char *
version_title (guint index)
{
  return index == 0 ? g_strdup_printf (_ ("Version %u (current)"), index + 1)
                    : g_strdup_printf (_ ("Version %u"), index + 1);
}

static void
add_header_row (RelaisConflictsView *self)
{
  GtkWidget *box = columns_box ();
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_box_append (GTK_BOX (box), cell_label (_ ("Field"), "relais-conflict-header"));
  gtk_box_append (GTK_BOX (box), cell_label (_ ("Before the conflict"), "relais-conflict-header"));
  for (guint i = 0; self->conflict->revs[i] != NULL; i++)
    {
      g_autofree char *title = version_title (i);
      GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      g_autofree char *rev = g_strndup (self->conflict->revs[i], 10);

      gtk_box_append (GTK_BOX (column), cell_label (title, "relais-conflict-header"));
      gtk_box_append (GTK_BOX (column), cell_label (rev, "caption"));
      gtk_widget_add_css_class (gtk_widget_get_last_child (column), "dim-label");
      gtk_box_append (GTK_BOX (box), column);
    }
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (self->fields_list, row);
}

static gboolean
is_unmergeable (RelaisConflict *conflict, const char *path)
{
  return g_ptr_array_find_with_equal_func (conflict->unmergeable, path, g_str_equal, NULL);
}

static void
add_field_row (RelaisConflictsView *self, const char *path)
{
  GtkWidget *box = columns_box ();
  GtkWidget *row = gtk_list_box_row_new ();
  GPtrArray *buttons = g_ptr_array_new ();
  GtkCheckButton *group = NULL;
  g_autofree char *ancestor = NULL;

  gtk_box_append (GTK_BOX (box),
                  cell_label (relais_conflict_field_label (path), "relais-conflict-header"));
  ancestor = self->conflict->ancestor != NULL
                 ? relais_conflict_value_text (
                       path, relais_conflict_lookup (self->conflict->ancestor, path))
                 : g_strdup (_ ("(unknown)"));
  gtk_box_append (GTK_BOX (box), cell_label (ancestor, "dim-label"));

  for (guint i = 0; i < self->conflict->bodies->len; i++)
    {
      JsonNode *node = relais_conflict_lookup (g_ptr_array_index (self->conflict->bodies, i), path);
      g_autofree char *value = relais_conflict_value_text (path, node);
      g_autofree char *version = i == 0 ? g_strdup_printf (_ ("version %u, current"), i + 1)
                                        : g_strdup_printf (_ ("version %u"), i + 1);
      /* TRANSLATORS: the value to keep, then which version has it. */
      g_autofree char *name = g_strdup_printf (_ ("Keep “%s” (%s)"), value, version);
      GtkWidget *button = gtk_check_button_new_with_label (value);
      GtkWidget *label = gtk_check_button_get_child (GTK_CHECK_BUTTON (button));

      if (GTK_IS_LABEL (label))
        {
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 20);
        }
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      gtk_widget_set_tooltip_text (button, name);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), group);
      else
        group = GTK_CHECK_BUTTON (button);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (button), i == 0);
      gtk_box_append (GTK_BOX (box), button);
      g_ptr_array_add (buttons, button);
    }

  gtk_widget_add_css_class (row, "relais-conflict-field");
  if (is_unmergeable (self->conflict, path))
    gtk_widget_add_css_class (row, "unmergeable");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (self->fields_list, row);
  g_ptr_array_add (self->choices, buttons);
}

static void
clear_detail (RelaisConflictsView *self)
{
  GtkWidget *child;

  g_clear_pointer (&self->conflict, relais_conflict_free);
  g_ptr_array_set_size (self->choices, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_list))) != NULL)
    gtk_list_box_remove (self->fields_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), FALSE);
  gtk_label_set_label (self->detail_title, NULL);
  gtk_label_set_label (self->detail_subtitle, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
}

static void
show_conflict (RelaisConflictsView *self, RelaisConflictItem *item)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *subtitle = NULL;

  clear_detail (self);
  if (item == NULL)
    return;

  gtk_label_set_label (self->detail_title, relais_conflict_item_get_title (item));
  self->conflict =
      relais_store_get_conflict (store_of (self), relais_conflict_item_get_id (item), &error);
  if (self->conflict == NULL)
    {
      gtk_label_set_label (self->detail_subtitle, error->message);
      return;
    }

  subtitle = g_strdup_printf (
      /* TRANSLATORS: the document's kind, then how many fields differ. */
      g_dngettext (GETTEXT_PACKAGE, "%s · %u field differs", "%s · %u fields differ",
                   self->conflict->fields->len),
      relais_conflict_item_get_kind (item), self->conflict->fields->len);
  gtk_label_set_label (self->detail_subtitle, subtitle);
  add_header_row (self);
  /* Only the differing fields: the equal ones need no decision. */
  for (guint i = 0; i < self->conflict->fields->len; i++)
    add_field_row (self, g_ptr_array_index (self->conflict->fields, i));
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
}

static void
update_page (RelaisConflictsView *self)
{
  gboolean any = g_list_model_get_n_items (G_LIST_MODEL (self->list)) > 0;

  gtk_stack_set_visible_child_name (self->stack, any ? "conflicts" : "empty");
  if (!any)
    clear_detail (self);
}

/* The winner's body with the chosen value of every differing field. */
static JsonObject *
build_body (RelaisConflictsView *self)
{
  JsonObject *body = relais_conflict_deep_copy (g_ptr_array_index (self->conflict->bodies, 0));

  for (guint i = 0; i < self->choices->len; i++)
    {
      GPtrArray *buttons = g_ptr_array_index (self->choices, i);
      const char *path = g_ptr_array_index (self->conflict->fields, i);

      for (guint v = 0; v < buttons->len; v++)
        if (gtk_check_button_get_active (g_ptr_array_index (buttons, v)))
          {
            relais_conflict_assign (
                body, path,
                relais_conflict_lookup (g_ptr_array_index (self->conflict->bodies, v), path));
            break;
          }
    }
  json_object_set_string_member (body, "_id", self->conflict->id);
  return body;
}

static void
show_problems (RelaisConflictsView *self, GPtrArray *problems)
{
  g_autoptr (GString) text = g_string_new (_ ("The result breaks some rules; nothing was saved:"));

  for (guint i = 0; i < problems->len; i++)
    {
      RelaisProblem *problem = g_ptr_array_index (problems, i);

      g_string_append_printf (text, "\n• %s : %s", relais_conflict_field_label (problem->field),
                              problem->reason);
    }
  gtk_label_set_label (self->problems_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);
}

static void
toast (RelaisConflictsView *self, const char *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Signal callbacks */

static void
on_conflict_list_row_selected_cb (RelaisConflictsView *self, GtkListBoxRow *row, GtkListBox *list)
{
  g_autoptr (RelaisConflictItem) item = NULL;

  g_assert (RELAIS_IS_CONFLICTS_VIEW (self));

  if (row != NULL)
    item = g_list_model_get_item (G_LIST_MODEL (self->list), gtk_list_box_row_get_index (row));
  show_conflict (self, item);
}

static void
on_save_button_clicked_cb (RelaisConflictsView *self, GtkButton *button)
{
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;

  g_assert (RELAIS_IS_CONFLICTS_VIEW (self));

  if (self->conflict == NULL)
    return;

  body = build_body (self);
  if (!relais_validate_doc (body, &problems, NULL))
    {
      show_problems (self, problems);
      return;
    }

  title = g_strdup (gtk_label_get_label (self->detail_title));
  rev = relais_store_resolve_conflict (store_of (self), self->conflict->id,
                                       (const char *const *) self->conflict->revs, body, &error);
  if (rev == NULL)
    {
      if (g_error_matches (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT))
        toast (self, _ ("This document changed meanwhile (a synchronisation came in): its "
                        "versions were read again, check your choices and save again."));
      else
        {
          message = g_strdup_printf (_ ("The resolution could not be saved: %s"), error->message);
          toast (self, message);
        }
      relais_conflicts_view_reload (self);
      return;
    }

  message = g_strdup_printf (_ ("Conflict resolved: %s"), title);
  toast (self, message);
  relais_conflicts_view_reload (self);
}

/* Parent overrides */

static void
relais_conflicts_view_constructed (GObject *object)
{
  RelaisConflictsView *self = RELAIS_CONFLICTS_VIEW (object);

  G_OBJECT_CLASS (relais_conflicts_view_parent_class)->constructed (object);

  g_assert (RELAIS_IS_CONTEXT (self->context));
  g_assert (store_of (self) != NULL);

  self->list = relais_conflict_list_new (store_of (self));
  gtk_list_box_bind_model (self->conflict_list, G_LIST_MODEL (self->list), create_conflict_row,
                           NULL, NULL);
  relais_conflicts_view_reload (self);
}

static void
relais_conflicts_view_dispose (GObject *object)
{
  RelaisConflictsView *self = RELAIS_CONFLICTS_VIEW (object);

  if (self->conflict_list != NULL)
    gtk_list_box_bind_model (self->conflict_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAIS_TYPE_CONFLICTS_VIEW);

  G_OBJECT_CLASS (relais_conflicts_view_parent_class)->dispose (object);
}

static void
relais_conflicts_view_finalize (GObject *object)
{
  RelaisConflictsView *self = RELAIS_CONFLICTS_VIEW (object);

  g_clear_pointer (&self->conflict, relais_conflict_free);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_object (&self->list);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_conflicts_view_parent_class)->finalize (object);
}

static void
relais_conflicts_view_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  RelaisConflictsView *self = RELAIS_CONFLICTS_VIEW (object);

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
relais_conflicts_view_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  RelaisConflictsView *self = RELAIS_CONFLICTS_VIEW (object);

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
relais_conflicts_view_class_init (RelaisConflictsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = relais_conflicts_view_constructed;
  object_class->dispose = relais_conflicts_view_dispose;
  object_class->finalize = relais_conflicts_view_finalize;
  object_class->get_property = relais_conflicts_view_get_property;
  object_class->set_property = relais_conflicts_view_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE
                                               "/ui/conflicts/relais-conflicts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisConflictsView, conflict_list);
  gtk_widget_class_bind_template_child (widget_class, RelaisConflictsView, detail_subtitle);
  gtk_widget_class_bind_template_child (widget_class, RelaisConflictsView, detail_title);
  gtk_widget_class_bind_template_child (widget_class, RelaisConflictsView, fields_list);
  gtk_widget_class_bind_template_child (widget_class, RelaisConflictsView, problems_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisConflictsView, save_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisConflictsView, stack);
  gtk_widget_class_bind_template_child (widget_class, RelaisConflictsView, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_conflict_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_button_clicked_cb);
}

static void
relais_conflicts_view_init (RelaisConflictsView *self)
{
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  relais_accessible_name_mnemonic_buttons (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
relais_conflicts_view_new (RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (relais_context_get_store (context) != NULL, NULL);

  return g_object_new (RELAIS_TYPE_CONFLICTS_VIEW, "context", context, NULL);
}

/* Returns: (transfer none): the conflicted documents, RelaisConflictItem */
GListModel *
relais_conflicts_view_get_model (RelaisConflictsView *self)
{
  g_return_val_if_fail (RELAIS_IS_CONFLICTS_VIEW (self), NULL);

  return G_LIST_MODEL (self->list);
}

/* Reads the conflicts again, keeps the selected document when it is
 * still in conflict and selects the first one otherwise. */
void
relais_conflicts_view_reload (RelaisConflictsView *self)
{
  g_autofree char *selected = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (RELAIS_IS_CONFLICTS_VIEW (self));

  selected = g_strdup (relais_conflicts_view_get_selected_id (self));
  clear_detail (self);
  if (!relais_conflict_list_reload (self->list, &error))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("The conflicts cannot be read: %s"), error->message);

      toast (self, message);
    }
  update_page (self);
  if (selected == NULL || !relais_conflicts_view_select (self, selected))
    {
      GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->conflict_list, 0);

      gtk_list_box_select_row (self->conflict_list, first);
      /* select_row does not emit row-selected for the row already
       * selected, which the rebuild may leave. */
      if (first != NULL && self->conflict == NULL)
        on_conflict_list_row_selected_cb (self, first, self->conflict_list);
    }
}

gboolean
relais_conflicts_view_select (RelaisConflictsView *self, const char *id)
{
  g_return_val_if_fail (RELAIS_IS_CONFLICTS_VIEW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->list)); i++)
    {
      g_autoptr (RelaisConflictItem) item = g_list_model_get_item (G_LIST_MODEL (self->list), i);

      if (g_str_equal (relais_conflict_item_get_id (item), id))
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->conflict_list, i);

          gtk_list_box_select_row (self->conflict_list, row);
          if (self->conflict == NULL)
            on_conflict_list_row_selected_cb (self, row, self->conflict_list);
          return TRUE;
        }
    }
  return FALSE;
}

/* Returns: (nullable): the id of the document shown */
const char *
relais_conflicts_view_get_selected_id (RelaisConflictsView *self)
{
  g_return_val_if_fail (RELAIS_IS_CONFLICTS_VIEW (self), NULL);

  return self->conflict != NULL ? self->conflict->id : NULL;
}

/* Returns: "conflicts", or "empty" when the store has none */
const char *
relais_conflicts_view_get_page (RelaisConflictsView *self)
{
  g_return_val_if_fail (RELAIS_IS_CONFLICTS_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/* Returns: (transfer none) (nullable) (element-type utf8): the dotted
 * paths of the rows shown, in order */
GPtrArray *
relais_conflicts_view_get_fields (RelaisConflictsView *self)
{
  g_return_val_if_fail (RELAIS_IS_CONFLICTS_VIEW (self), NULL);

  return self->conflict != NULL ? self->conflict->fields : NULL;
}

/* Returns: (transfer none) (nullable): the button that keeps @version's
 * value of @path (0 is the current winner) */
GtkCheckButton *
relais_conflicts_view_get_choice (RelaisConflictsView *self, const char *path, guint version)
{
  guint index;
  GPtrArray *buttons;

  g_return_val_if_fail (RELAIS_IS_CONFLICTS_VIEW (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (self->conflict == NULL ||
      !g_ptr_array_find_with_equal_func (self->conflict->fields, path, g_str_equal, &index))
    return NULL;
  buttons = g_ptr_array_index (self->choices, index);
  return version < buttons->len ? g_ptr_array_index (buttons, version) : NULL;
}

GtkLabel *
relais_conflicts_view_get_problems_label (RelaisConflictsView *self)
{
  g_return_val_if_fail (RELAIS_IS_CONFLICTS_VIEW (self), NULL);

  return self->problems_label;
}

GtkButton *
relais_conflicts_view_get_save_button (RelaisConflictsView *self)
{
  g_return_val_if_fail (RELAIS_IS_CONFLICTS_VIEW (self), NULL);

  return self->save_button;
}

/* relais-territory-view.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The ELD's « Diagnostic territorial » (DOMAIN.md "Territorial diagnosis
 * and prospection"): the agency's `diagnostic` documents with their key
 * figures — the bassin d'emploi as the referential knows it (communes,
 * population), the métiers en tension, the target companies — and the
 * prospection strategy, the `action_prospection` documents by status. The
 * ELD edits a diagnostic or starts a new one; the core validates it before
 * it is written (relais_validate_doc()) and the server only takes it from
 * the ELD (relais-access-rules.c).
 */

#define G_LOG_DOMAIN "relais-territory-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "relais-sidebar-row.h"
#include "relais-doc-query.h"
#include "relais-doc.h"
#include "relais-domain.h"
#include "relais-referential.h"
#include "relais-territory-view.h"
#include "relais-validate.h"

struct _RelaisTerritoryView
{
  GtkWidget parent_instance;

  /* Template Widgets */
  AdwEntryRow *add_secteur_row;
  AdwEntryRow *bassin_row;
  GtkTextView *constats_view;
  AdwEntryRow *date_row;
  GtkDropDown *diagnostic_dropdown;
  GtkFlowBox *figures_box;
  GtkTextView *partenariats_view;
  GtkLabel *problem_label;
  GtkListBox *prospection_list;
  GtkSearchEntry *search_entry;
  AdwPreferencesGroup *secteurs_group;
  AdwEntryRow *synthese_row;

  /* Owned References */
  RelaisContext *context;
  GPtrArray *diagnostics;         /* JsonObject, newest first */
  GPtrArray *prospection;         /* JsonObject, by date_prevue, newest first */
  GHashTable *entreprises;        /* id → nom */
  JsonObject *current;            /* the diagnostic shown, a copy being edited */
  GPtrArray *secteur_rows;        /* the rows of current's secteurs_tension */
  GHashTable *figures;            /* name → text of the key figures */
  RelaisReferential *referential; /* loaded when first needed */

  gboolean filling;
};

G_DEFINE_FINAL_TYPE (RelaisTerritoryView, relais_territory_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  const char *code;
  const char *label;
} ValueLabel;

static const ValueLabel objectifs[] = {
  { "recueil_offres", N_ ("Collect offers") },
  { "promotion_profils", N_ ("Promote profiles") },
  { "information_services", N_ ("Present the services") },
  { NULL, NULL },
};

static const ValueLabel modalites[] = {
  { "telephone", N_ ("Phone") },
  { "visite", N_ ("Visit") },
  { "email", N_ ("E-mail") },
  { "evenement", N_ ("Event") },
  { NULL, NULL },
};

/* Counted in the plural ("Actions de prospection : Planifiées"). */
static const ValueLabel statuts[] = {
  { "planifiee", NC_ ("prospection actions", "Planned") },
  { "realisee", NC_ ("prospection actions", "Done") },
  { "annulee", NC_ ("prospection actions", "Cancelled") },
  { NULL, NULL },
};

/* The status of one action (the figures count them in the plural). */
static const ValueLabel statuts_action[] = {
  { "planifiee", NC_ ("one prospection action", "Planned") },
  { "realisee", NC_ ("one prospection action", "Done") },
  { "annulee", NC_ ("one prospection action", "Cancelled") },
  { NULL, NULL },
};

/* Auxiliary methods */

static const char *
label_in_context (const ValueLabel *values, const char *context, const char *code)
{
  for (guint i = 0; values[i].code != NULL; i++)
    if (g_strcmp0 (values[i].code, code) == 0)
      return g_dpgettext2 (NULL, context, values[i].label);
  return code != NULL ? code : "";
}

static const char *
label_of (const ValueLabel *values, const char *code)
{
  for (guint i = 0; values[i].code != NULL; i++)
    if (g_strcmp0 (values[i].code, code) == 0)
      return _ (values[i].label);
  return code != NULL ? code : "";
}

static RelaisStore *
store_of (RelaisTerritoryView *self)
{
  return relais_context_get_store (self->context);
}

static RelaisReferential *
ensure_referential (RelaisTerritoryView *self)
{
  if (self->referential == NULL)
    {
      g_autofree char *dir = relais_referential_default_dir ();

      self->referential = relais_referential_load_or_builtin (dir);
    }
  return self->referential;
}

static int
compare_by_member_desc (JsonObject *a, JsonObject *b, const char *member)
{
  return -g_strcmp0 (relais_doc_query_string (a, member), relais_doc_query_string (b, member));
}

static int
compare_date_desc (gconstpointer a, gconstpointer b)
{
  return compare_by_member_desc (*(JsonObject **) a, *(JsonObject **) b, "date");
}

static int
compare_date_prevue_desc (gconstpointer a, gconstpointer b)
{
  return compare_by_member_desc (*(JsonObject **) a, *(JsonObject **) b, "date_prevue");
}

static JsonObject *
copy_object (JsonObject *doc)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  /* Deep: the secteurs array is edited in place. */
  json_object_iter_init (&iter, doc);
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree char *text = json_to_string (node, FALSE);
      JsonNode *parsed = json_from_string (text, NULL);

      json_object_set_member (copy, name, parsed != NULL ? parsed : json_node_copy (node));
    }
  return copy;
}

static void
set_text_lines (GtkTextView *view, JsonObject *doc, const char *member)
{
  JsonNode *node = json_object_get_member (doc, member);
  g_autoptr (GString) text = g_string_new (NULL);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) &&
              json_node_get_value_type (element) == G_TYPE_STRING)
            g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                                    json_node_get_string (element));
        }
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text->str, -1);
}

/* Non-blank lines as a string array, the member removed when none. */
static void
get_text_lines (GtkTextView *view, JsonObject *doc, const char *member)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  JsonArray *array = json_array_new ();

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      json_array_add_string_element (array, lines[i]);
  if (json_array_get_length (array) > 0)
    json_object_set_array_member (doc, member, array);
  else
    {
      json_array_unref (array);
      if (json_object_has_member (doc, member))
        json_object_remove_member (doc, member);
    }
}

static void
set_entry (AdwEntryRow *row, JsonObject *doc, const char *member)
{
  const char *value = relais_doc_query_string (doc, member);

  gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");
}

static void
get_entry (AdwEntryRow *row, JsonObject *doc, const char *member)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (*text != '\0')
    json_object_set_string_member (doc, member, text);
  else if (json_object_has_member (doc, member))
    json_object_remove_member (doc, member);
}

static JsonArray *
current_secteurs (RelaisTerritoryView *self)
{
  JsonNode *node = json_object_get_member (self->current, "secteurs_tension");

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      json_object_set_array_member (self->current, "secteurs_tension", json_array_new ());
      node = json_object_get_member (self->current, "secteurs_tension");
    }
  return json_node_get_array (node);
}

static void fill_secteurs (RelaisTerritoryView *self);

static void
on_remove_secteur_clicked_cb (GtkButton *button, RelaisTerritoryView *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "relais-index"));
  JsonArray *secteurs = current_secteurs (self);

  if (index < json_array_get_length (secteurs))
    json_array_remove_element (secteurs, index);
  fill_secteurs (self);
}

static void
fill_secteurs (RelaisTerritoryView *self)
{
  JsonArray *secteurs = current_secteurs (self);

  for (guint i = 0; i < self->secteur_rows->len; i++)
    adw_preferences_group_remove (self->secteurs_group, self->secteur_rows->pdata[i]);
  g_ptr_array_set_size (self->secteur_rows, 0);

  for (guint i = 0; i < json_array_get_length (secteurs); i++)
    {
      JsonNode *node = json_array_get_element (secteurs, i);
      JsonObject *s = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *pct = s != NULL ? json_object_get_member (s, "tension_pct") : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *title = NULL;
      g_autofree char *remove = NULL;

      if (s == NULL)
        continue;
      title = g_strdup_printf ("%s — %s", relais_doc_query_string (s, "code_rome") ?: "?",
                               relais_doc_query_string (s, "libelle") ?: "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (pct != NULL && JSON_NODE_HOLDS_VALUE (pct))
        {
          /* TRANSLATORS: the share of hard recruitments of a trade */
          g_autofree char *subtitle = g_strdup_printf (_ ("%.0f %% of recruitments are difficult"),
                                                       json_node_get_double (pct));

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      remove = g_strdup_printf (_ ("Remove %s"), relais_doc_query_string (s, "code_rome") ?: "");
      gtk_widget_set_tooltip_text (button, remove);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove, -1);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "relais-index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (on_remove_secteur_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->secteurs_group, row);
      g_ptr_array_add (self->secteur_rows, row);
    }
}

static void
add_figure (RelaisTerritoryView *self, const char *name, const char *value, const char *caption)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *caption_label = gtk_label_new (caption);

  gtk_widget_set_name (box, name);
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (value_label, "title-2");
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (caption_label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (value_label, 12);
  gtk_widget_set_margin_bottom (caption_label, 12);
  gtk_widget_set_margin_start (caption_label, 6);
  gtk_widget_set_margin_end (caption_label, 6);
  gtk_box_append (GTK_BOX (box), value_label);
  gtk_box_append (GTK_BOX (box), caption_label);
  gtk_flow_box_append (self->figures_box, box);
  g_hash_table_insert (self->figures, g_strdup (name), g_strdup (value));
}

static guint
array_length (JsonObject *doc, const char *member)
{
  JsonNode *node = json_object_get_member (doc, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node)
             ? json_array_get_length (json_node_get_array (node))
             : 0;
}

/* The key figures of the shown diagnostic and of the prospection. */
static void
fill_figures (RelaisTerritoryView *self)
{
  const char *bassin = relais_doc_query_string (self->current, "bassin");
  guint counts[G_N_ELEMENTS (statuts)] = { 0 };
  g_autofree char *value = NULL;
  g_autofree char *caption = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box))) != NULL)
    gtk_flow_box_remove (self->figures_box, child);
  g_hash_table_remove_all (self->figures);

  if (bassin != NULL)
    {
      g_autoptr (GPtrArray) communes =
          relais_referential_communes_of_bassin (ensure_referential (self), bassin);
      guint population = 0;

      for (guint i = 0; communes != NULL && i < communes->len; i++)
        population += ((const RelaisCommune *) communes->pdata[i])->population;
      /* TRANSLATORS: "112 communes, 524,000 inhabitants" (%'u: grouped digits) */
      caption = g_strdup_printf (_ ("Bassin d’emploi: %u communes, %'u inhabitants"),
                                 communes != NULL ? communes->len : 0, population);
      add_figure (self, "bassin", bassin, caption);
      g_clear_pointer (&caption, g_free);
    }

  value = g_strdup_printf ("%u", array_length (self->current, "secteurs_tension"));
  add_figure (self, "secteurs", value, _ ("Métiers en tension"));
  g_clear_pointer (&value, g_free);
  value = g_strdup_printf ("%u", array_length (self->current, "entreprises_cibles"));
  add_figure (self, "cibles", value, _ ("Target companies"));
  g_clear_pointer (&value, g_free);

  for (guint i = 0; i < self->prospection->len; i++)
    for (guint s = 0; statuts[s].code != NULL; s++)
      if (g_strcmp0 (relais_doc_query_string (self->prospection->pdata[i], "statut"),
                     statuts[s].code) == 0)
        counts[s]++;
  for (guint s = 0; statuts[s].code != NULL; s++)
    {
      g_autofree char *name = g_strdup_printf ("prospection-%s", statuts[s].code);

      value = g_strdup_printf ("%u", counts[s]);
      /* TRANSLATORS: "Prospection actions: Planned" */
      caption = g_strdup_printf (_ ("Prospection actions: %s"),
                                 g_dpgettext2 (NULL, "prospection actions", statuts[s].label));
      add_figure (self, name, value, caption);
      g_clear_pointer (&value, g_free);
      g_clear_pointer (&caption, g_free);
    }
}

static void
show_problem (RelaisTerritoryView *self, const char *text)
{
  gtk_label_set_label (self->problem_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), text != NULL);
}

static void
show_current (RelaisTerritoryView *self)
{
  set_entry (self->bassin_row, self->current, "bassin");
  set_entry (self->date_row, self->current, "date");
  set_entry (self->synthese_row, self->current, "synthese");
  set_text_lines (self->constats_view, self->current, "constats");
  set_text_lines (self->partenariats_view, self->current, "partenariats");
  fill_secteurs (self);
  fill_figures (self);
  show_problem (self, NULL);
}

static gboolean
matches_search (RelaisTerritoryView *self, const char *company)
{
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;
  g_autofree char *haystack = NULL;

  if (search == NULL || *search == '\0')
    return TRUE;
  needle = g_utf8_casefold (search, -1);
  haystack = g_utf8_casefold (company, -1);
  return strstr (haystack, needle) != NULL;
}

static void
fill_prospection (RelaisTerritoryView *self)
{
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->prospection_list))) != NULL)
    gtk_list_box_remove (self->prospection_list, child);
  for (guint i = 0; i < self->prospection->len; i++)
    {
      JsonObject *doc = self->prospection->pdata[i];
      const char *entreprise = relais_doc_query_string (doc, "entreprise");
      const char *company = entreprise != NULL ? g_hash_table_lookup (self->entreprises, entreprise)
                                               : relais_doc_query_string (doc, "entreprise_nom");
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (company == NULL)
        company = entreprise != NULL ? entreprise : "?";
      if (!matches_search (self, company))
        continue;
      row = adw_action_row_new ();
      /* TRANSLATORS: "Collect offers · Visit · 2026-10-02 · Planned" */
      subtitle = g_strdup_printf ("%s · %s · %s · %s",
                                  label_of (objectifs, relais_doc_query_string (doc, "objectif")),
                                  label_of (modalites, relais_doc_query_string (doc, "modalite")),
                                  relais_doc_query_string (doc, "date_prevue") ?: "",
                                  label_in_context (statuts_action, "one prospection action",
                                                    relais_doc_query_string (doc, "statut")));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), company);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->prospection_list, row);
      shown++;
    }
  if (shown == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("No prospection action"));
      gtk_list_box_append (self->prospection_list, row);
    }
}

static void
fill_dropdown (RelaisTerritoryView *self, const char *select_id)
{
  g_autoptr (GtkStringList) strings = gtk_string_list_new (NULL);
  guint selected = 0;
  gboolean unsaved =
      self->current != NULL && relais_doc_query_string (self->current, "_rev") == NULL;

  self->filling = TRUE;
  if (unsaved)
    gtk_string_list_append (strings, _ ("New diagnostic (not saved)"));
  for (guint i = 0; i < self->diagnostics->len; i++)
    {
      JsonObject *doc = self->diagnostics->pdata[i];
      /* TRANSLATORS: "Bassin 5314 — 2026-09-25" */
      g_autofree char *text =
          g_strdup_printf (_ ("Bassin %s — %s"), relais_doc_query_string (doc, "bassin") ?: "?",
                           relais_doc_query_string (doc, "date") ?: "?");

      if (g_strcmp0 (relais_doc_get_id (doc), select_id) == 0)
        selected = i + (unsaved ? 1 : 0);
      gtk_string_list_append (strings, text);
    }
  gtk_drop_down_set_model (self->diagnostic_dropdown, G_LIST_MODEL (strings));
  gtk_drop_down_set_selected (self->diagnostic_dropdown, selected);
  self->filling = FALSE;
}

static void
select_diagnostic (RelaisTerritoryView *self, guint index)
{
  g_clear_pointer (&self->current, json_object_unref);
  if (index < self->diagnostics->len)
    self->current = copy_object (self->diagnostics->pdata[index]);
  else
    {
      /* No diagnostic yet: the form starts a new one. */
      relais_territory_view_new_diagnostic (self);
      return;
    }
  show_current (self);
}

/* Signal callbacks */

static void
on_diagnostic_dropdown_notify_cb (RelaisTerritoryView *self, GParamSpec *pspec, GtkDropDown *dd)
{
  guint selected = gtk_drop_down_get_selected (dd);
  gboolean unsaved;

  if (self->filling || selected == GTK_INVALID_LIST_POSITION)
    return;
  unsaved = self->current != NULL && relais_doc_query_string (self->current, "_rev") == NULL;
  if (unsaved && selected == 0)
    return;
  select_diagnostic (self, selected - (unsaved ? 1 : 0));
  fill_dropdown (self, relais_doc_get_id (self->current));
}

static void
on_new_button_clicked_cb (RelaisTerritoryView *self, GtkButton *button)
{
  relais_territory_view_new_diagnostic (self);
}

static void
on_save_button_clicked_cb (RelaisTerritoryView *self, GtkButton *button)
{
  relais_territory_view_save (self);
}

static void
on_search_entry_search_changed_cb (RelaisTerritoryView *self, GtkSearchEntry *entry)
{
  fill_prospection (self);
}

/* A trade in tension from its ROME code, named and rated by the referential. */
static void
on_add_secteur_row_apply_cb (RelaisTerritoryView *self, AdwEntryRow *row)
{
  g_autofree char *code = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (row)), -1);
  const RelaisRomeFiche *fiche;
  JsonObject *s;

  g_strstrip (code);
  fiche = relais_referential_lookup_fiche (ensure_referential (self), code);
  if (fiche == NULL)
    {
      g_autofree char *text =
          g_strdup_printf (_ ("%s is not a ROME code of the referential."), code);

      show_problem (self, text);
      return;
    }
  s = json_object_new ();
  json_object_set_string_member (s, "code_rome", fiche->code);
  json_object_set_string_member (s, "libelle", fiche->label);
  if (fiche->tension_pct >= 0)
    json_object_set_double_member (s, "tension_pct", fiche->tension_pct);
  json_array_add_object_element (current_secteurs (self), s);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  show_problem (self, NULL);
  fill_secteurs (self);
  fill_figures (self);
}

/* Parent overrides */

static void
relais_territory_view_constructed (GObject *object)
{
  RelaisTerritoryView *self = RELAIS_TERRITORY_VIEW (object);

  G_OBJECT_CLASS (relais_territory_view_parent_class)->constructed (object);

  g_assert (RELAIS_IS_CONTEXT (self->context));
  g_signal_connect_object (self->diagnostic_dropdown, "notify::selected",
                           G_CALLBACK (on_diagnostic_dropdown_notify_cb), self, G_CONNECT_SWAPPED);
  relais_territory_view_reload (self);
}

static void
relais_territory_view_dispose (GObject *object)
{
  RelaisTerritoryView *self = RELAIS_TERRITORY_VIEW (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), RELAIS_TYPE_TERRITORY_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&self->prospection, g_ptr_array_unref);
  g_clear_pointer (&self->entreprises, g_hash_table_unref);
  g_clear_pointer (&self->current, json_object_unref);
  g_clear_pointer (&self->secteur_rows, g_ptr_array_unref);
  g_clear_pointer (&self->figures, g_hash_table_unref);
  g_clear_object (&self->referential);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_territory_view_parent_class)->dispose (object);
}

static void
relais_territory_view_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  RelaisTerritoryView *self = RELAIS_TERRITORY_VIEW (object);

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
relais_territory_view_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  RelaisTerritoryView *self = RELAIS_TERRITORY_VIEW (object);

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
relais_territory_view_class_init (RelaisTerritoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = relais_territory_view_constructed;
  object_class->dispose = relais_territory_view_dispose;
  object_class->get_property = relais_territory_view_get_property;
  object_class->set_property = relais_territory_view_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE
                                               "/ui/territory/relais-territory-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, add_secteur_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, bassin_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, constats_view);
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, date_row);
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, diagnostic_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, figures_box);
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, partenariats_view);
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, problem_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, prospection_list);
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, secteurs_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisTerritoryView, synthese_row);
  gtk_widget_class_bind_template_callback (widget_class, on_new_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_save_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_secteur_row_apply_cb);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
relais_territory_view_init (RelaisTerritoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->prospection = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  self->entreprises = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->secteur_rows = g_ptr_array_new ();
  self->figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Public API */

GtkWidget *
relais_territory_view_new (RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  return g_object_new (RELAIS_TYPE_TERRITORY_VIEW, "context", context, NULL);
}

/* Reads the diagnostics, the prospection actions and the companies' names
 * from the store again (after a sync pull, or a save). */
void
relais_territory_view_reload (RelaisTerritoryView *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) diagnostics = NULL;
  g_autoptr (GPtrArray) prospection = NULL;
  g_autoptr (GPtrArray) entreprises = NULL;
  g_autofree char *keep = NULL;

  g_return_if_fail (RELAIS_IS_TERRITORY_VIEW (self));

  if ((diagnostics = relais_doc_query_type (store_of (self), RELAIS_DOC_TYPE_DIAGNOSTIC, &error)) ==
          NULL ||
      (prospection = relais_doc_query_type (store_of (self), RELAIS_DOC_TYPE_ACTION_PROSPECTION,
                                            &error)) == NULL ||
      (entreprises = relais_doc_query_type (store_of (self), RELAIS_DOC_TYPE_ENTREPRISE, &error)) ==
          NULL)
    {
      g_warning ("Cannot read the territorial diagnosis: %s", error->message);
      return;
    }
  g_ptr_array_sort (diagnostics, compare_date_desc);
  g_ptr_array_sort (prospection, compare_date_prevue_desc);
  g_ptr_array_unref (self->diagnostics);
  self->diagnostics = g_steal_pointer (&diagnostics);
  g_ptr_array_unref (self->prospection);
  self->prospection = g_steal_pointer (&prospection);
  g_hash_table_remove_all (self->entreprises);
  for (guint i = 0; i < entreprises->len; i++)
    {
      const char *nom = relais_doc_query_string (entreprises->pdata[i], "nom");

      if (nom != NULL)
        g_hash_table_insert (self->entreprises,
                             g_strdup (relais_doc_get_id (entreprises->pdata[i])), g_strdup (nom));
    }

  if (self->current != NULL)
    keep = g_strdup (relais_doc_get_id (self->current));
  g_clear_pointer (&self->current, json_object_unref);
  for (guint i = 0; keep != NULL && i < self->diagnostics->len; i++)
    if (g_strcmp0 (relais_doc_get_id (self->diagnostics->pdata[i]), keep) == 0)
      self->current = copy_object (self->diagnostics->pdata[i]);
  if (self->current == NULL)
    {
      select_diagnostic (self, 0);
      if (self->current == NULL)
        return;
    }
  else
    show_current (self);
  fill_dropdown (self, relais_doc_get_id (self->current));
  fill_prospection (self);
}

/* Starts a diagnostic of the agency's bassin, dated today, by the user:
 * written only by relais_territory_view_save(). */
void
relais_territory_view_new_diagnostic (RelaisTerritoryView *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) agences = NULL;
  g_autofree char *id = relais_doc_new_id (RELAIS_DOC_TYPE_DIAGNOSTIC);
  g_autofree char *auteur = NULL;
  const GDate *today;
  char day[16];

  g_return_if_fail (RELAIS_IS_TERRITORY_VIEW (self));

  agences = relais_doc_query_type (store_of (self), RELAIS_DOC_TYPE_AGENCE, &error);
  today = relais_context_get_today (self->context);
  g_date_strftime (day, sizeof day, "%Y-%m-%d", today);
  auteur = g_settings_get_string (relais_context_get_settings (self->context), "conseiller-id");

  g_clear_pointer (&self->current, json_object_unref);
  self->current = json_object_new ();
  json_object_set_string_member (self->current, "_id", id);
  json_object_set_string_member (self->current, "type", RELAIS_DOC_TYPE_DIAGNOSTIC);
  json_object_set_int_member (self->current, "schema_version", RELAIS_DOC_SCHEMA_VERSION);
  if (agences != NULL && agences->len > 0)
    {
      const char *bassin = relais_doc_query_string (agences->pdata[0], "bassin");

      json_object_set_string_member (self->current, "agence",
                                     relais_doc_get_id (agences->pdata[0]));
      if (bassin != NULL)
        json_object_set_string_member (self->current, "bassin", bassin);
    }
  json_object_set_string_member (self->current, "date", day);
  if (*auteur != '\0')
    json_object_set_string_member (self->current, "auteur", auteur);
  show_current (self);
  fill_dropdown (self, NULL);
  fill_prospection (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->synthese_row));
}

/* Validates the form with the core and writes a new revision (or the new
 * diagnostic). Returns whether it was written; else says why. */
gboolean
relais_territory_view_save (RelaisTerritoryView *self)
{
  g_autoptr (JsonObject) doc = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = NULL;

  g_return_val_if_fail (RELAIS_IS_TERRITORY_VIEW (self), FALSE);

  if (self->current == NULL)
    return FALSE;
  doc = copy_object (self->current);
  get_entry (self->bassin_row, doc, "bassin");
  get_entry (self->date_row, doc, "date");
  get_entry (self->synthese_row, doc, "synthese");
  get_text_lines (self->constats_view, doc, "constats");
  get_text_lines (self->partenariats_view, doc, "partenariats");

  if (!relais_validate_doc (doc, &problems, &error))
    {
      g_autoptr (GString) text = g_string_new (NULL);

      for (guint i = 0; problems != NULL && i < problems->len; i++)
        {
          RelaisProblem *problem = problems->pdata[i];

          g_string_append_printf (text, "%s%s: %s", i > 0 ? "\n" : "", problem->field,
                                  problem->reason);
        }
      show_problem (self, text->len > 0 ? text->str : error->message);
      return FALSE;
    }
  if ((rev = relais_store_put (store_of (self), doc, TRUE, &error)) == NULL)
    {
      show_problem (self, error->message);
      return FALSE;
    }
  json_object_set_string_member (doc, "_rev", rev);
  g_clear_pointer (&self->current, json_object_unref);
  self->current = g_steal_pointer (&doc);
  relais_territory_view_reload (self);
  return TRUE;
}

void
relais_territory_view_focus_search (RelaisTerritoryView *self)
{
  g_return_if_fail (RELAIS_IS_TERRITORY_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Returns: (transfer none) (nullable): the diagnostic shown, as edited so
 * far (the form is read only by a save). */
JsonObject *
relais_territory_view_get_diagnostic (RelaisTerritoryView *self)
{
  g_return_val_if_fail (RELAIS_IS_TERRITORY_VIEW (self), NULL);
  return self->current;
}

/* How many diagnostics the store holds, as last read. */
guint
relais_territory_view_get_n_diagnostics (RelaisTerritoryView *self)
{
  g_return_val_if_fail (RELAIS_IS_TERRITORY_VIEW (self), 0);
  return self->diagnostics->len;
}

/* Returns: (transfer none) (nullable): the entry row of "bassin", "date",
 * "synthese" or "add-secteur". */
GtkWidget *
relais_territory_view_get_row (RelaisTerritoryView *self, const char *name)
{
  g_return_val_if_fail (RELAIS_IS_TERRITORY_VIEW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "bassin"))
    return GTK_WIDGET (self->bassin_row);
  if (g_str_equal (name, "date"))
    return GTK_WIDGET (self->date_row);
  if (g_str_equal (name, "synthese"))
    return GTK_WIDGET (self->synthese_row);
  if (g_str_equal (name, "add-secteur"))
    return GTK_WIDGET (self->add_secteur_row);
  return NULL;
}

GtkTextView *
relais_territory_view_get_constats_view (RelaisTerritoryView *self)
{
  g_return_val_if_fail (RELAIS_IS_TERRITORY_VIEW (self), NULL);
  return self->constats_view;
}

GtkListBox *
relais_territory_view_get_prospection_list (RelaisTerritoryView *self)
{
  g_return_val_if_fail (RELAIS_IS_TERRITORY_VIEW (self), NULL);
  return self->prospection_list;
}

GtkLabel *
relais_territory_view_get_problem_label (RelaisTerritoryView *self)
{
  g_return_val_if_fail (RELAIS_IS_TERRITORY_VIEW (self), NULL);
  return self->problem_label;
}

/* Returns: (nullable): the value shown by the key figure @name ("bassin",
 * "secteurs", "cibles", "prospection-planifiee"…). */
const char *
relais_territory_view_get_figure (RelaisTerritoryView *self, const char *name)
{
  g_return_val_if_fail (RELAIS_IS_TERRITORY_VIEW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  return g_hash_table_lookup (self->figures, name);
}

/* The window's sidebar row for this view, named after its stack page
 * ("territory"). */
GtkWidget *
relais_territory_view_create_sidebar_row (void)
{
  return relais_sidebar_row_new ("territory", "mark-location-symbolic",
                                 _ ("Territorial Diagnosis"));
}

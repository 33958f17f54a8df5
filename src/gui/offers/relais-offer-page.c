/* relais-offer-page.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * One offer: what was recorded (ROME, contract, place, salary), its
 * service level and diffusion, its preselection of candidates in the
 * three levels vérification, valorisation, évaluation (DOMAIN.md), and the
 * journal de l'offre. Moving the offer on, closing it and moving a
 * candidate (mise en relation, employer's answer) are the core's rules
 * (relais-offer-lifecycle.h); each result is validated
 * (relais_validate_doc()) and saved as a new revision of the document, so
 * the replicator sends it and a concurrent edit shows up as a conflict.
 */

#define G_LOG_DOMAIN "relais-offer-page"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-accessible.h"
#include "relais-doc.h"
#include "relais-domain.h"
#include "relais-offer-lifecycle.h"
#include "relais-offer-page.h"
#include "relais-offer-rules.h"
#include "relais-validate.h"

struct _RelaisOfferPage
{
  GtkWidget parent_instance;

  /* Template Widgets */
  GtkButton *advance_button;
  GtkButton *back_button;
  AdwPreferencesGroup *candidates_group;
  GtkListBox *candidates_list;
  GtkButton *close_button;
  GtkLabel *error_label;
  GtkListBox *journal_list;
  GtkBox *levels_box;
  GtkListBox *offer_list;
  GtkLabel *statut_label;
  GtkLabel *subtitle_label;
  GtkLabel *title_label;

  /* Owned References */
  RelaisOfferList *list;
  char *offre_id;
  char *auteur;
  char *statut_class;
};

G_DEFINE_FINAL_TYPE (RelaisOfferPage, relais_offer_page, GTK_TYPE_WIDGET)

enum
{
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary methods */

static const char *
get_string (JsonObject *obj, const char *name)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *obj, const char *name)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonObject *
offer (RelaisOfferPage *self)
{
  return relais_offer_list_get_offer (self->list, self->offre_id);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
show_error (RelaisOfferPage *self, const char *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* A field of the offer: short values beside their name, long ones
 * (the description) below it. */
static void
add_info_row (GtkListBox *list, const char *title, const char *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (g_utf8_strlen (value, -1) > 60)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  else
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_append (list, row);
}

static GtkWidget *
status_pill (const char *css_value, const char *text)
{
  GtkWidget *label = gtk_label_new (text);
  g_autofree char *css = g_strconcat ("relais-status-", css_value != NULL ? css_value : "", NULL);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "relais-status");
  gtk_widget_add_css_class (label, css);
  return label;
}

/* Saves @doc (a new revision of a document of the list) once the core
 * validated it, then reads the store again. */
static gboolean
save_doc (RelaisOfferPage *self, JsonObject *doc)
{
  RelaisStore *store =
      relais_context_get_store (relais_store_list_get_context (RELAIS_STORE_LIST (self->list)));
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = NULL;

  if (!relais_validate_doc (doc, &problems, &error))
    {
      RelaisProblem *first =
          problems != NULL && problems->len > 0 ? g_ptr_array_index (problems, 0) : NULL;
      g_autofree char *text =
          first != NULL ? g_strdup_printf ("%s: %s", first->field, first->reason) : NULL;

      show_error (self, text != NULL ? text : error->message);
      return FALSE;
    }
  if (store == NULL || (rev = relais_store_put (store, doc, TRUE, &error)) == NULL)
    {
      show_error (self, error != NULL ? error->message : _ ("The local store cannot be opened"));
      return FALSE;
    }
  show_error (self, NULL);
  return TRUE;
}

static GDateTime *
now (void)
{
  g_autoptr (GTimeZone) paris = relais_offer_time_zone ();

  return g_date_time_new_now (paris);
}

static void
fill_header (RelaisOfferPage *self, JsonObject *doc)
{
  const char *statut = get_string (doc, "statut");
  const char *next = relais_offer_next_statut (statut);
  const char *entreprise = get_string (get_object (doc, "entreprise"), "nom");
  g_autoptr (GString) subtitle = g_string_new (NULL);
  g_autofree char *css = g_strconcat ("relais-status-", statut != NULL ? statut : "", NULL);

  gtk_label_set_label (self->title_label, get_string (doc, "intitule"));
  g_string_append (subtitle, entreprise != NULL ? entreprise : _ ("Anonymous company"));
  if (get_string (doc, "romeCode") != NULL)
    g_string_append_printf (subtitle, " · %s %s", get_string (doc, "romeCode"),
                            get_string (doc, "romeLibelle") ? get_string (doc, "romeLibelle") : "");
  gtk_label_set_label (self->subtitle_label, subtitle->str);

  if (self->statut_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->statut_label), self->statut_class);
  g_free (self->statut_class);
  self->statut_class = g_steal_pointer (&css);
  gtk_widget_add_css_class (GTK_WIDGET (self->statut_label), self->statut_class);
  gtk_label_set_label (self->statut_label, relais_offer_statut_label (statut));

  /* The next step of diagnostic → recueil → traitement, named by what it
   * does; from traitement only closure remains. */
  gtk_widget_set_visible (GTK_WIDGET (self->advance_button), next != NULL);
  gtk_button_set_label (self->advance_button, g_strcmp0 (next, "recueil") == 0
                                                  ? _ ("_Offer Collected")
                                                  : _ ("_Diffuse and Process"));
  relais_accessible_name_mnemonic_buttons (GTK_WIDGET (self->advance_button));
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), relais_offer_is_open (doc));
}

static void
fill_offer (RelaisOfferPage *self, JsonObject *doc)
{
  JsonObject *lieu = get_object (doc, "lieuTravail");
  JsonObject *salaire = get_object (doc, "salaire");
  JsonObject *cloture = get_object (doc, "cloture");
  g_autofree char *created = relais_offer_format_date (get_string (doc, "dateCreation"));
  g_autofree char *relance = relais_offer_format_date (get_string (doc, "date_relance"));
  g_autofree char *postes = NULL;
  g_autofree char *correspondant = NULL;

  clear_list (self->offer_list);
  add_info_row (self->offer_list, _ ("Contract"), get_string (doc, "typeContrat"));
  add_info_row (self->offer_list, _ ("Workplace"), get_string (lieu, "libelle"));
  add_info_row (self->offer_list, _ ("Salary"), get_string (salaire, "libelle"));
  if (json_object_has_member (doc, "nombrePostes"))
    postes = g_strdup_printf ("%" G_GINT64_FORMAT,
                              json_object_get_int_member_with_default (doc, "nombrePostes", 1));
  add_info_row (self->offer_list, _ ("Positions"), postes);
  add_info_row (self->offer_list, _ ("Service Level"),
                relais_offer_niveau_label (get_string (doc, "niveau_service")));
  add_info_row (self->offer_list, _ ("Diffusion"),
                relais_offer_diffusion_label (get_string (doc, "diffusion")));
  if (get_string (doc, "correspondant") != NULL)
    correspondant = relais_offer_list_dup_de_name (self->list, get_string (doc, "correspondant"));
  add_info_row (self->offer_list, _ ("Correspondant de l'offre"), correspondant);
  add_info_row (self->offer_list, _ ("Created"), created);
  add_info_row (self->offer_list, _ ("Follow-up Letter"), relance);
  if (cloture != NULL)
    add_info_row (self->offer_list, _ ("Closure"),
                  relais_offer_motif_label (get_string (cloture, "motif")));
  add_info_row (self->offer_list, _ ("Description"), get_string (doc, "description"));
}

/* What each level asks of the counsellor (DOMAIN.md). */
static const char *
level_description (const char *preselection)
{
  if (g_strcmp0 (preselection, "verification") == 0)
    return _ ("Check each application meets the prerequisites and that the job seeker is "
              "interested and available, then make the mise en relation.");
  if (g_strcmp0 (preselection, "valorisation") == 0)
    return _ ("Present each application with an argued summary, using the complementary "
              "criteria agreed with the recruiter.");
  if (g_strcmp0 (preselection, "evaluation") == 0)
    return _ ("Present an objectified selection made with the evaluation tools, and accompany "
              "each candidate at the mise en relation.");
  return _ ("Appui: the offer is proposed to job seekers; no preselection by a counsellor.");
}

static void
fill_levels (RelaisOfferPage *self, JsonObject *doc)
{
  static const char *const levels[] = { "verification", "valorisation", "evaluation" };
  const char *preselection = get_string (doc, "preselection");
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->levels_box))) != NULL)
    gtk_box_remove (self->levels_box, child);
  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      GtkWidget *label = gtk_label_new (relais_offer_preselection_label (levels[i]));

      gtk_widget_add_css_class (label, "relais-level");
      if (g_strcmp0 (preselection, levels[i]) == 0)
        {
          gtk_widget_add_css_class (label, "relais-level-active");
          gtk_accessible_update_state (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_STATE_SELECTED, TRUE,
                                       -1);
        }
      gtk_box_append (self->levels_box, label);
    }
  adw_preferences_group_set_description (self->candidates_group, level_description (preselection));
}

static void on_candidate_button_clicked_cb (RelaisOfferPage *self, GtkButton *button);

static GtkWidget *
create_candidate_row (RelaisOfferPage *self, JsonObject *doc, JsonObject *cand)
{
  GtkWidget *row = adw_action_row_new ();
  const char *statut = get_string (cand, "statut");
  const char *const *next = relais_candidature_next_statuts (statut);
  g_autofree char *name = relais_offer_list_dup_de_name (self->list, get_string (cand, "de"));
  g_autoptr (GString) subtitle = g_string_new (NULL);
  JsonNode *node;

  if ((node = json_object_get_member (cand, "score")) != NULL && JSON_NODE_HOLDS_VALUE (node))
    g_string_append_printf (subtitle, _ ("Score %.0f"),
                            json_node_get_double (node) *
                                (json_node_get_double (node) <= 1 ? 100 : 1));
  if ((node = json_object_get_member (cand, "interesse")) != NULL && JSON_NODE_HOLDS_VALUE (node))
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "",
                            json_node_get_boolean (node) ? _ ("Interested") : _ ("Not interested"));
  if ((node = json_object_get_member (cand, "disponible")) != NULL && JSON_NODE_HOLDS_VALUE (node))
    g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "",
                            json_node_get_boolean (node) ? _ ("Available") : _ ("Not available"));
  if (get_string (cand, "resume_argumente") != NULL)
    g_string_append_printf (subtitle, "\n%s", get_string (cand, "resume_argumente"));
  if (get_string (cand, "retour_employeur") != NULL)
    g_string_append_printf (subtitle, "\n%s %s", _ ("Employer's feedback:"),
                            get_string (cand, "retour_employeur"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             status_pill (statut, relais_candidature_statut_label (statut)));

  for (guint i = 0; relais_offer_is_open (doc) && next[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (relais_candidature_action_label (next[i]));
      /* TRANSLATORS: accessible name of a candidate's button: "Hired: Camille Martin" */
      g_autofree char *a11y =
          g_strdup_printf (_ ("%s: %s"), relais_candidature_action_label (next[i]), name);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                      -1);
      g_object_set_data_full (G_OBJECT (button), "candidature", g_strdup (relais_doc_get_id (cand)),
                              g_free);
      g_object_set_data (G_OBJECT (button), "statut", (gpointer) next[i]);
      g_signal_connect_object (button, "clicked", G_CALLBACK (on_candidate_button_clicked_cb), self,
                               G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  g_object_set_data_full (G_OBJECT (row), "candidature", g_strdup (relais_doc_get_id (cand)),
                          g_free);
  return row;
}

static gint
compare_candidates (gconstpointer a, gconstpointer b)
{
  JsonObject *ca = *(JsonObject **) a, *cb = *(JsonObject **) b;
  double sa = json_object_get_double_member_with_default (ca, "score", 0);
  double sb = json_object_get_double_member_with_default (cb, "score", 0);

  return sa > sb ? -1 : sa < sb;
}

static void
fill_candidates (RelaisOfferPage *self, JsonObject *doc)
{
  GPtrArray *candidatures = relais_offer_list_get_candidatures (self->list, self->offre_id);
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();

  clear_list (self->candidates_list);
  for (guint i = 0; candidatures != NULL && i < candidatures->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (candidatures, i));
  g_ptr_array_sort (sorted, compare_candidates);
  for (guint i = 0; i < sorted->len; i++)
    gtk_list_box_append (self->candidates_list,
                         create_candidate_row (self, doc, g_ptr_array_index (sorted, i)));
  if (sorted->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("No candidate yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->candidates_list, row);
    }
}

static void
fill_journal (RelaisOfferPage *self, JsonObject *doc)
{
  JsonNode *node = json_object_get_member (doc, "journal");
  JsonArray *journal =
      node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  guint n = journal != NULL ? json_array_get_length (journal) : 0;

  clear_list (self->journal_list);
  /* Latest first: the counsellor looks for what happened last. */
  for (guint i = n; i > 0; i--)
    {
      JsonNode *entry_node = json_array_get_element (journal, i - 1);
      JsonObject *entry =
          JSON_NODE_HOLDS_OBJECT (entry_node) ? json_node_get_object (entry_node) : NULL;
      GtkWidget *row, *date;
      g_autofree char *day = NULL;
      const char *detail, *auteur;
      g_autoptr (GString) subtitle = g_string_new (NULL);

      if (entry == NULL)
        continue;
      day = relais_offer_format_date (get_string (entry, "date"));
      detail = get_string (entry, "detail");
      auteur = get_string (entry, "auteur");
      if (detail != NULL)
        g_string_append (subtitle, detail);
      if (auteur != NULL)
        g_string_append_printf (subtitle, "%s%s", subtitle->len ? " · " : "", auteur);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     relais_offer_service_label (get_string (entry, "service")));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      date = gtk_label_new (day);
      gtk_widget_add_css_class (date, "numeric");
      gtk_widget_add_css_class (date, "dim-label");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), date);
      gtk_list_box_append (self->journal_list, row);
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("Nothing recorded yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->journal_list, row);
    }
}

static void
reload (RelaisOfferPage *self)
{
  JsonObject *doc = offer (self);

  g_assert (RELAIS_IS_OFFER_PAGE (self));

  if (doc == NULL)
    {
      /* Deleted by a sync: nothing to show any more. */
      g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
      return;
    }
  fill_header (self, doc);
  fill_offer (self, doc);
  fill_levels (self, doc);
  fill_candidates (self, doc);
  fill_journal (self, doc);
}

/* Signal callbacks */

static void
on_list_changed_cb (RelaisOfferPage *self, RelaisOfferList *list)
{
  reload (self);
}

static void
on_back_button_clicked_cb (RelaisOfferPage *self, GtkButton *button)
{
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
}

static void
on_advance_button_clicked_cb (RelaisOfferPage *self, GtkButton *button)
{
  relais_offer_page_advance (self);
}

static void
on_candidate_button_clicked_cb (RelaisOfferPage *self, GtkButton *button)
{
  relais_offer_page_set_candidature_statut (self,
                                            g_object_get_data (G_OBJECT (button), "candidature"),
                                            g_object_get_data (G_OBJECT (button), "statut"));
}

static void
on_close_dialog_response_cb (RelaisOfferPage *self, const char *response, AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "cancel") != 0)
    relais_offer_page_close_offer (self, response);
}

static void
on_close_button_clicked_cb (RelaisOfferPage *self, GtkButton *button)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Close the Offer?"),
      _ ("Every candidate gets a message and the recruiter is asked for his satisfaction. A filled "
         "offer records the person hired, from the candidates marked hired."));
  GPtrArray *candidatures = relais_offer_list_get_candidatures (self->list, self->offre_id);
  gboolean hired = FALSE;

  for (guint i = 0; candidatures != NULL && i < candidatures->len; i++)
    hired |=
        g_strcmp0 (get_string (g_ptr_array_index (candidatures, i), "statut"), "embauche") == 0;

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "annulee",
                                    _ ("Cancelled"), "non_pourvue", _ ("Not Filled"), "pourvue",
                                    _ ("Filled"), NULL);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "pourvue", hired);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "pourvue",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_dialog_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Parent overrides */

static void
relais_offer_page_dispose (GObject *object)
{
  RelaisOfferPage *self = RELAIS_OFFER_PAGE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), RELAIS_TYPE_OFFER_PAGE);
  /* GTK 4.8 unparents only the bound children of a template. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->list);

  G_OBJECT_CLASS (relais_offer_page_parent_class)->dispose (object);
}

static void
relais_offer_page_finalize (GObject *object)
{
  RelaisOfferPage *self = RELAIS_OFFER_PAGE (object);

  g_free (self->offre_id);
  g_free (self->auteur);
  g_free (self->statut_class);

  G_OBJECT_CLASS (relais_offer_page_parent_class)->finalize (object);
}

static void
relais_offer_page_class_init (RelaisOfferPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = relais_offer_page_dispose;
  object_class->finalize = relais_offer_page_finalize;

  /* Back to the list. */
  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/offers/relais-offer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, advance_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, candidates_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, candidates_list);
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, close_button);
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, journal_list);
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, levels_box);
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, offer_list);
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, statut_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisOfferPage, title_label);
  gtk_widget_class_bind_template_callback (widget_class, on_advance_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_back_button_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_close_button_clicked_cb);
}

static void
relais_offer_page_init (RelaisOfferPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  relais_accessible_name_mnemonic_buttons (GTK_WIDGET (self));
}

/* Public API */

/* @auteur: who the journal names for the counsellor's services (NULL:
 * nobody). */
GtkWidget *
relais_offer_page_new (RelaisOfferList *list, const char *offre_id, const char *auteur)
{
  RelaisOfferPage *self;

  g_return_val_if_fail (RELAIS_IS_OFFER_LIST (list), NULL);
  g_return_val_if_fail (offre_id != NULL, NULL);

  self = g_object_new (RELAIS_TYPE_OFFER_PAGE, NULL);
  self->list = g_object_ref (list);
  self->offre_id = g_strdup (offre_id);
  self->auteur = g_strdup (auteur);
  g_signal_connect_object (list, "changed", G_CALLBACK (on_list_changed_cb), self,
                           G_CONNECT_SWAPPED);
  reload (self);
  return GTK_WIDGET (self);
}

const char *
relais_offer_page_get_offre_id (RelaisOfferPage *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_PAGE (self), NULL);
  return self->offre_id;
}

GtkWidget *
relais_offer_page_get_advance_button (RelaisOfferPage *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_PAGE (self), NULL);
  return GTK_WIDGET (self->advance_button);
}

GtkWidget *
relais_offer_page_get_close_button (RelaisOfferPage *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_PAGE (self), NULL);
  return GTK_WIDGET (self->close_button);
}

GtkLabel *
relais_offer_page_get_error_label (RelaisOfferPage *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_PAGE (self), NULL);
  return self->error_label;
}

GtkListBox *
relais_offer_page_get_candidates_list (RelaisOfferPage *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_PAGE (self), NULL);
  return self->candidates_list;
}

GtkListBox *
relais_offer_page_get_journal_list (RelaisOfferPage *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_PAGE (self), NULL);
  return self->journal_list;
}

/* Returns: (nullable): the preselection level shown, NULL for appui. */
const char *
relais_offer_page_get_level (RelaisOfferPage *self)
{
  g_return_val_if_fail (RELAIS_IS_OFFER_PAGE (self), NULL);
  return get_string (offer (self), "preselection");
}

/* Moves the offer to its next step (core rules) and saves it. */
gboolean
relais_offer_page_advance (RelaisOfferPage *self)
{
  g_autoptr (GDateTime) t = now ();
  g_autoptr (JsonObject) next = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (RELAIS_IS_OFFER_PAGE (self), FALSE);

  if (offer (self) == NULL)
    return FALSE;
  if ((next = relais_offer_build_advance (offer (self), t, self->auteur, &error)) == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  if (!save_doc (self, next))
    return FALSE;
  relais_store_list_refresh (RELAIS_STORE_LIST (self->list));
  return TRUE;
}

/* Closes the offer for @motif; a filled one names the candidate hired. */
gboolean
relais_offer_page_close_offer (RelaisOfferPage *self, const char *motif)
{
  GPtrArray *candidatures;
  const char *hired = NULL;
  g_autoptr (GDateTime) t = now ();
  g_autoptr (JsonObject) closed = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (RELAIS_IS_OFFER_PAGE (self), FALSE);

  if (offer (self) == NULL)
    return FALSE;
  candidatures = relais_offer_list_get_candidatures (self->list, self->offre_id);
  for (guint i = 0; candidatures != NULL && i < candidatures->len; i++)
    if (g_strcmp0 (get_string (g_ptr_array_index (candidatures, i), "statut"), "embauche") == 0)
      hired = get_string (g_ptr_array_index (candidatures, i), "de");

  closed = relais_offer_build_closure (offer (self), motif, hired, t, self->auteur, &error);
  if (closed == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  if (!save_doc (self, closed))
    return FALSE;
  relais_store_list_refresh (RELAIS_STORE_LIST (self->list));
  return TRUE;
}

/* Moves one candidate (core rules); a mise en relation is also written in
 * the journal de l'offre, which records the services delivered. */
gboolean
relais_offer_page_set_candidature_statut (RelaisOfferPage *self,
                                          const char *candidature_id,
                                          const char *statut)
{
  GPtrArray *candidatures;
  JsonObject *cand = NULL;
  g_autoptr (GDateTime) t = now ();
  g_autoptr (JsonObject) moved = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (RELAIS_IS_OFFER_PAGE (self), FALSE);
  g_return_val_if_fail (candidature_id != NULL && statut != NULL, FALSE);

  candidatures = relais_offer_list_get_candidatures (self->list, self->offre_id);
  for (guint i = 0; candidatures != NULL && i < candidatures->len; i++)
    if (g_strcmp0 (relais_doc_get_id (g_ptr_array_index (candidatures, i)), candidature_id) == 0)
      cand = g_ptr_array_index (candidatures, i);
  if (cand == NULL || offer (self) == NULL)
    return FALSE;

  if ((moved = relais_candidature_build_statut (offer (self), cand, statut, t, &error)) == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }
  if (!save_doc (self, moved))
    return FALSE;
  if (g_str_equal (statut, "mer"))
    {
      g_autoptr (JsonObject) journal = relais_offer_copy_with_journal (
          offer (self), t, "mise_en_relation", self->auteur, "Mise en relation d'un candidat");

      if (journal != NULL)
        save_doc (self, journal);
    }
  relais_store_list_refresh (RELAIS_STORE_LIST (self->list));
  return TRUE;
}

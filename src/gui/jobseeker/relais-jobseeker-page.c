/* relais-jobseeker-page.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The job seeker's file (dossier DE), opened from the portfolio: the `de`
 * document as editable rows grouped as counsellors read it (identity,
 * contact details, registration, support, project, obstacles,
 * orientation), with the DE's contacts, ESCALADE forms and the document's
 * revision history beside it.
 *
 * The page edits a copy: "Save" builds the document from the rows over the
 * stored one (unknown members are kept as they are), validates it with
 * core's relais_validate_doc() and only writes a new revision when it is
 * valid; each problem is shown next to the row of its field. Rules and
 * alerts all come from src/core.
 */

#define G_LOG_DOMAIN "relais-jobseeker-page"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-alerts.h"
#include "relais-de-item.h"
#include "relais-doc.h"
#include "relais-domain.h"
#include "relais-accessible.h"
#include "relais-jobseeker-page.h"
#include "relais-json.h"
#include "relais-referential.h"
#include "relais-store-error.h"
#include "relais-toast.h"
#include "relais-validate.h"

#define MAX_ROME_RESULTS 8
#define MAX_HISTORY_ROWS 20

typedef enum
{
  GROUP_IDENTITY,
  GROUP_CONTACT,
  GROUP_REGISTRATION,
  GROUP_SUPPORT,
  GROUP_PROJECT,
  GROUP_ROME,
  GROUP_FREINS,
  GROUP_ORIENTATION,
  GROUP_CONTACTS,
  GROUP_ESCALADE,
  GROUP_HISTORY,
  N_GROUPS
} Group;

static const char *const group_names[N_GROUPS] = {
  "identity", "contact",     "registration", "support",  "project", "rome",
  "freins",   "orientation", "contacts",     "escalade", "history",
};

typedef enum
{
  FIELD_ENTRY,
  FIELD_COMBO,
  FIELD_SWITCH,
} FieldKind;

/* An allowed value and its label; a NULL label is the modality's. */
typedef struct
{
  const char *code;
  const char *label;
} ValueLabel;

typedef struct
{
  Group group;
  const char *path; /* "nom" or "adresse.commune": one level of object */
  const char *title;
  FieldKind kind;
  const ValueLabel *values; /* FIELD_COMBO, { NULL } terminated */
} FieldSpec;

/* The labels of DOCUMENTS.md's codes; the trade's own terms stay French. */
static const ValueLabel civilites[] = { { "M", "M." }, { "Mme", "Mme" }, { NULL } };
static const ValueLabel modalites[] = {
  { "suivi", NULL }, { "guide", NULL }, { "renforce", NULL }, { "global", NULL }, { NULL }
};
static const ValueLabel disponibilites[] = { { "immediate", N_ ("Immediate") },
                                             { "preavis", N_ ("After notice") },
                                             { "indisponible", N_ ("Unavailable") },
                                             { NULL } };
static const ValueLabel orientations[] = { { "professionnelle", N_ ("Professional") },
                                           { "socio_professionnelle", N_ ("Socio-professional") },
                                           { "sociale", N_ ("Social") },
                                           { NULL } };
static const ValueLabel decisions[] = { { "accompagnement_global", "Accompagnement global" },
                                        { "accompagnement_social", "Accompagnement social" },
                                        { "accompagnement_professionnel",
                                          "Accompagnement professionnel" },
                                        { NULL } };
static const ValueLabel themes_frein[] = { { "garde_enfants", N_ ("Childcare") },
                                           { "mobilite", N_ ("Mobility") },
                                           { "logement", N_ ("Housing") },
                                           { "sante", N_ ("Health") },
                                           { "endettement", N_ ("Debt") },
                                           { "autre", N_ ("Other") },
                                           { NULL } };
static const ValueLabel statuts_frein[] = { { "identifie", N_ ("Identified") },
                                            { "en_cours", N_ ("Being addressed") },
                                            { "leve", N_ ("Resolved") },
                                            { NULL } };
static const ValueLabel sens_contact[] = { { "entrant", N_ ("Incoming") },
                                           { "sortant", N_ ("Outgoing") },
                                           { NULL } };
static const ValueLabel canaux_contact[] = {
  { "telephone", N_ ("Phone") },  { "email", N_ ("E-mail") },
  { "courrier", N_ ("Letter") },  { "physique", N_ ("In person") },
  { "visio", N_ ("Video call") }, { "chat", N_ ("Chat") },
  { "web", N_ ("Web") },          { NULL }
};

static const FieldSpec field_specs[] = {
  { GROUP_IDENTITY, "civilite", N_ ("_Title"), FIELD_COMBO, civilites },
  { GROUP_IDENTITY, "nom", N_ ("_Last name"), FIELD_ENTRY, NULL },
  { GROUP_IDENTITY, "prenom", N_ ("_First name"), FIELD_ENTRY, NULL },
  { GROUP_IDENTITY, "identifiant", N_ ("_Identifier"), FIELD_ENTRY, NULL },
  { GROUP_CONTACT, "adresse.ligne", N_ ("_Address"), FIELD_ENTRY, NULL },
  { GROUP_CONTACT, "adresse.code_postal", N_ ("Postal c_ode"), FIELD_ENTRY, NULL },
  { GROUP_CONTACT, "adresse.commune", N_ ("_Commune (INSEE code)"), FIELD_ENTRY, NULL },
  { GROUP_CONTACT, "adresse.libelle_commune", N_ ("Commune _name"), FIELD_ENTRY, NULL },
  { GROUP_CONTACT, "telephone", N_ ("_Phone"), FIELD_ENTRY, NULL },
  { GROUP_CONTACT, "email", N_ ("_E-mail"), FIELD_ENTRY, NULL },
  { GROUP_REGISTRATION, "date_inscription", N_ ("_Registration date"), FIELD_ENTRY, NULL },
  { GROUP_SUPPORT, "modalite", N_ ("_Modality"), FIELD_COMBO, modalites },
  { GROUP_SUPPORT, "web_100", N_ ("“100 % _web” channel"), FIELD_SWITCH, NULL },
  { GROUP_SUPPORT, "referent", N_ ("_Référent"), FIELD_ENTRY, NULL },
  { GROUP_SUPPORT, "date_referent", N_ ("Référent _designated on"), FIELD_ENTRY, NULL },
  { GROUP_SUPPORT, "axe_principal", N_ ("Main _axis"), FIELD_ENTRY, NULL },
  { GROUP_SUPPORT, "axe_secondaire", N_ ("Secondary a_xis"), FIELD_ENTRY, NULL },
  { GROUP_PROJECT, "competences", N_ ("S_kills (comma-separated)"), FIELD_ENTRY, NULL },
  { GROUP_PROJECT, "disponibilite", N_ ("A_vailability"), FIELD_COMBO, disponibilites },
  { GROUP_PROJECT, "disponible_le", N_ ("Available _from"), FIELD_ENTRY, NULL },
  { GROUP_ORIENTATION, "orientation", N_ ("_Orientation"), FIELD_COMBO, orientations },
  { GROUP_ORIENTATION, "accompagnement_global.partenaire", N_ ("Accompagnement global _partner"),
    FIELD_ENTRY, NULL },
  { GROUP_ORIENTATION, "accompagnement_global.referent_social", N_ ("Social référent"), FIELD_ENTRY,
    NULL },
  { GROUP_ORIENTATION, "accompagnement_global.commission_date",
    N_ ("Commission d'orientation date"), FIELD_ENTRY, NULL },
  { GROUP_ORIENTATION, "accompagnement_global.commission_decision",
    N_ ("Commission d'orientation decision"), FIELD_COMBO, decisions },
};

typedef struct
{
  const FieldSpec *spec;
  GtkWidget *row;
  GtkLabel *error;
  GtkWidget *control; /* the switch of a FIELD_SWITCH */
  char *extra_code;   /* a stored value the combo's list lacks */
} Field;

typedef struct
{
  char *code;
  char *label;
} RomeEntry;

struct _RelaisJobseekerPage
{
  GtkWidget parent_instance;

  /* Template Widgets */
  AdwPreferencesGroup *contact_group;
  AdwPreferencesGroup *contacts_group;
  AdwPreferencesGroup *escalade_group;
  AdwPreferencesGroup *freins_group;
  AdwPreferencesGroup *history_group;
  AdwPreferencesGroup *identity_group;
  AdwPreferencesGroup *orientation_group;
  AdwPreferencesPage *preferences_page;
  GtkLabel *problems_label;
  AdwPreferencesGroup *project_group;
  AdwPreferencesGroup *registration_group;
  AdwPreferencesGroup *rome_group;
  AdwPreferencesGroup *support_group;
  GtkLabel *title_label;
  GtkBox *toolbar;

  /* Owned References */
  RelaisContext *context;
  char *de_id;
  JsonObject *doc; /* the stored winner, with _rev */
  char *baseline;  /* canonical body of the rows as filled */
  GPtrArray *fields;
  GHashTable *fields_by_path; /* path → Field, borrowed from fields */
  JsonArray *metiers;
  JsonArray *freins;
  GPtrArray *rome;              /* RomeEntry, loaded on the first search */
  GPtrArray *dynamic[N_GROUPS]; /* rows rebuilt from the document */
  char *rome_search;
  JsonObject *undo_doc; /* the stored document before the last save */
  char *undo_rev;       /* the revision that save wrote */

  /* Borrowed References */
  AdwToast *undo_toast; /* weak: the last save's, while it shows */
  AdwPreferencesGroup *groups[N_GROUPS];
  GtkWidget *rome_entry;
  AdwComboRow *new_frein_row;
  AdwComboRow *contact_sens_row;
  AdwComboRow *contact_canal_row;
  AdwEntryRow *contact_objet_row;

  gboolean filling;
};

G_DEFINE_FINAL_TYPE (RelaisJobseekerPage, relais_jobseeker_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONTEXT,
  PROP_DE_ID,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CLOSED,
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_modified (RelaisJobseekerPage *self);
static void rebuild_rome (RelaisJobseekerPage *self);
static void rebuild_freins (RelaisJobseekerPage *self);

/* Auxiliary methods */

static void
field_free (Field *field)
{
  g_free (field->extra_code);
  g_free (field);
}

static void
rome_entry_free (RomeEntry *entry)
{
  g_free (entry->code);
  g_free (entry->label);
  g_free (entry);
}

static const char *
value_label (const ValueLabel *values, const char *code)
{
  for (guint i = 0; values[i].code != NULL; i++)
    if (g_strcmp0 (values[i].code, code) == 0)
      return values[i].label != NULL ? _ (values[i].label) : relais_de_modalite_label (code);
  return code;
}

static guint
value_count (const ValueLabel *values)
{
  guint n = 0;

  while (values[n].code != NULL)
    n++;
  return n;
}

static const char *
object_string (JsonObject *object, const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The member at @path ("a" or "a.b"), NULL when absent. */
static JsonNode *
get_path (JsonObject *doc, const char *path)
{
  const char *dot = strchr (path, '.');
  g_autofree char *head = NULL;
  JsonNode *parent;

  if (dot == NULL)
    return json_object_get_member (doc, path);
  head = g_strndup (path, dot - path);
  parent = json_object_get_member (doc, head);
  if (parent == NULL || !JSON_NODE_HOLDS_OBJECT (parent))
    return NULL;
  return json_object_get_member (json_node_get_object (parent), dot + 1);
}

/* Sets (or with NULL removes) the member at @path, creating the parent
 * object when needed and dropping it once empty. Takes @value. */
static void
set_path (JsonObject *doc, const char *path, JsonNode *value)
{
  const char *dot = strchr (path, '.');
  g_autofree char *head = NULL;
  JsonNode *parent;
  JsonObject *object;

  if (dot == NULL)
    {
      if (value != NULL)
        json_object_set_member (doc, path, value);
      else if (json_object_has_member (doc, path))
        json_object_remove_member (doc, path);
      return;
    }

  head = g_strndup (path, dot - path);
  parent = json_object_get_member (doc, head);
  if (parent == NULL || !JSON_NODE_HOLDS_OBJECT (parent))
    {
      if (value == NULL)
        return;
      json_object_set_object_member (doc, head, json_object_new ());
      parent = json_object_get_member (doc, head);
    }
  object = json_node_get_object (parent);
  if (value != NULL)
    json_object_set_member (object, dot + 1, value);
  else if (json_object_has_member (object, dot + 1))
    json_object_remove_member (object, dot + 1);
  if (json_object_get_size (object) == 0)
    json_object_remove_member (doc, head);
}

static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_alloc ();

  g_autoptr (JsonNode) copy = NULL;

  json_node_init_object (node, object);
  copy = json_node_copy (node);
  return json_object_ref (json_node_get_object (copy));
}

static JsonArray *
copy_array (JsonArray *array)
{
  g_autoptr (JsonNode) node = json_node_alloc ();
  g_autoptr (JsonNode) copy = NULL;

  json_node_init_array (node, array);
  copy = json_node_copy (node);
  return json_array_ref (json_node_get_array (copy));
}

static JsonArray *
array_member_copy (JsonObject *doc, const char *member)
{
  JsonNode *node = json_object_get_member (doc, member);
  g_autoptr (JsonNode) copy = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return json_array_new ();
  copy = json_node_copy (node);
  return json_array_ref (json_node_get_array (copy));
}

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup (object_string (json_node_get_object (node), "libelle") ?: "");
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      GString *out = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_VALUE (element) ||
              json_node_get_value_type (element) != G_TYPE_STRING)
            continue;
          if (out->len > 0)
            g_string_append (out, ", ");
          g_string_append (out, json_node_get_string (element));
        }
      return g_string_free (out, FALSE);
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return relais_json_canonical (node);
}

/* The member an entry's text stands for, shaped like the stored one: a
 * list for the skills, the label of an axis object. */
static JsonNode *
entry_to_node (const Field *field, const char *text, JsonNode *stored)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  JsonNode *node;

  if (*stripped == '\0')
    return NULL;

  if (g_str_equal (field->spec->path, "competences"))
    {
      g_auto (GStrv) parts = g_strsplit (stripped, ",", -1);
      JsonArray *array = json_array_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (parts[i][0] != '\0')
            json_array_add_string_element (array, parts[i]);
        }
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, array);
      return node;
    }

  if (stored != NULL && JSON_NODE_HOLDS_OBJECT (stored))
    {
      node = json_node_copy (stored);
      json_object_set_string_member (json_node_get_object (node), "libelle", stripped);
      return node;
    }

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, stripped);
  return node;
}

static JsonObject *
build_doc (RelaisJobseekerPage *self)
{
  JsonObject *doc = copy_object (self->doc);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      JsonNode *stored = get_path (self->doc, field->spec->path);
      JsonNode *value = NULL;

      switch (field->spec->kind)
        {
        case FIELD_ENTRY:
          value = entry_to_node (field, gtk_editable_get_text (GTK_EDITABLE (field->row)), stored);
          break;

        case FIELD_COMBO:
          {
            guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));
            guint n = value_count (field->spec->values);
            const char *code = NULL;

            if (selected >= 1 && selected <= n)
              code = field->spec->values[selected - 1].code;
            else if (selected == n + 1)
              code = field->extra_code;
            if (code != NULL)
              {
                value = json_node_new (JSON_NODE_VALUE);
                json_node_set_string (value, code);
              }
          }
          break;

        case FIELD_SWITCH:
          if (gtk_switch_get_active (GTK_SWITCH (field->control)) || stored != NULL)
            {
              value = json_node_new (JSON_NODE_VALUE);
              json_node_set_boolean (value, gtk_switch_get_active (GTK_SWITCH (field->control)));
            }
          break;

        default:
          g_assert_not_reached ();
        }

      set_path (doc, field->spec->path, value);
    }

  if (json_array_get_length (self->metiers) > 0 ||
      json_object_has_member (self->doc, "metiers_recherches"))
    json_object_set_array_member (doc, "metiers_recherches", copy_array (self->metiers));
  if (json_array_get_length (self->freins) > 0 || json_object_has_member (self->doc, "freins"))
    json_object_set_array_member (doc, "freins", copy_array (self->freins));

  return doc;
}

static char *
canonical_rows (RelaisJobseekerPage *self)
{
  g_autoptr (JsonObject) doc = build_doc (self);

  return relais_json_object_canonical (doc);
}

static void
add_dynamic (RelaisJobseekerPage *self, Group group, GtkWidget *row)
{
  adw_preferences_group_add (self->groups[group], row);
  g_ptr_array_add (self->dynamic[group], row);
}

static void
clear_dynamic (RelaisJobseekerPage *self, Group group)
{
  for (guint i = 0; i < self->dynamic[group]->len; i++)
    adw_preferences_group_remove (self->groups[group], g_ptr_array_index (self->dynamic[group], i));
  g_ptr_array_set_size (self->dynamic[group], 0);
}

static GtkWidget *
info_row (const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
alert_row (const RelaisAlert *alert)
{
  GtkWidget *row = info_row (alert->message, NULL);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_add_css_class (icon, alert->level == RELAIS_ALERT_BLOCKING ? "error" : "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (row, "relais-alert");
  return row;
}

static GtkStringList *
combo_model (const ValueLabel *values, const char *extra)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, "—");
  for (guint i = 0; values[i].code != NULL; i++)
    gtk_string_list_append (model, value_label (values, values[i].code));
  if (extra != NULL)
    gtk_string_list_append (model, extra);
  return model;
}

static guint
combo_index (const ValueLabel *values, const char *code)
{
  for (guint i = 0; values[i].code != NULL; i++)
    if (g_strcmp0 (values[i].code, code) == 0)
      return i + 1;
  return 0;
}

static GPtrArray *
load_docs_of_de (RelaisJobseekerPage *self, const char *type)
{
  RelaisStore *store = relais_context_get_store (self->context);
  g_autoptr (GPtrArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  if ((ids = relais_store_find_by_field (store, type, "de", self->de_id, &error)) == NULL)
    {
      g_warning ("Could not read the %s documents of %s: %s", type, self->de_id, error->message);
      return docs;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      JsonObject *doc = relais_store_get (store, ids->pdata[i], NULL, RELAIS_GET_NONE, NULL);

      if (doc != NULL)
        g_ptr_array_add (docs, doc);
    }
  return docs;
}

static int
compare_date_desc (gconstpointer a, gconstpointer b)
{
  JsonObject *da = *(JsonObject **) a;
  JsonObject *db = *(JsonObject **) b;

  return -g_strcmp0 (object_string (da, "date"), object_string (db, "date"));
}

static char *
format_datetime (const char *iso)
{
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GTimeZone) paris = NULL;

  if (iso == NULL)
    return g_strdup ("");
  paris = g_time_zone_new_identifier ("Europe/Paris");
  time = g_date_time_new_from_iso8601 (iso, paris);
  if (time == NULL)
    return g_strdup (iso);
  return g_date_time_format (time, "%x %H:%M");
}

static void
fill_alerts (RelaisJobseekerPage *self, GPtrArray *contacts)
{
  g_autoptr (GPtrArray) entretiens = load_docs_of_de (self, "entretien");
  g_autoptr (GPtrArray) alerts = NULL;
  const char *inscription = object_string (self->doc, "date_inscription");
  GDate registered;
  int months = -1;
  g_autofree char *months_text = NULL;

  clear_dynamic (self, GROUP_REGISTRATION);
  clear_dynamic (self, GROUP_SUPPORT);

  g_date_clear (&registered, 1);
  if (inscription != NULL && relais_date_parse (inscription, &registered))
    months = relais_de_months_between (&registered, relais_context_get_today (self->context));
  months_text = months >= 0 ? g_strdup_printf ("%d", months) : g_strdup ("—");
  add_dynamic (self, GROUP_REGISTRATION, info_row (_ ("Months since registration"), months_text));
  add_dynamic (self, GROUP_REGISTRATION,
               info_row (_ ("Next milestone"), relais_de_next_milestone (months)));

  alerts = relais_alerts_for_de (self->doc, entretiens, contacts,
                                 relais_context_get_today (self->context));
  for (guint i = 0; i < alerts->len; i++)
    {
      RelaisAlert *alert = g_ptr_array_index (alerts, i);

      if (alert->kind == RELAIS_ALERT_ESCALADE_OPEN)
        continue; /* the ESCALADE group highlights those */
      add_dynamic (
          self, alert->kind == RELAIS_ALERT_REFERENT_MISSING ? GROUP_SUPPORT : GROUP_REGISTRATION,
          alert_row (alert));
    }
}

static void
fill_contacts (RelaisJobseekerPage *self)
{
  g_autoptr (GPtrArray) contacts = load_docs_of_de (self, "contact");

  clear_dynamic (self, GROUP_CONTACTS);
  clear_dynamic (self, GROUP_ESCALADE);
  g_ptr_array_sort (contacts, compare_date_desc);

  for (guint i = 0; i < contacts->len; i++)
    {
      JsonObject *contact = g_ptr_array_index (contacts, i);
      JsonNode *escalade = json_object_get_member (contact, "escalade");
      g_autofree char *when = format_datetime (object_string (contact, "date"));
      g_autofree char *title =
          g_strdup_printf ("%s · %s", value_label (sens_contact, object_string (contact, "sens")),
                           value_label (canaux_contact, object_string (contact, "canal")));
      g_autofree char *subtitle = NULL;
      const char *objet = object_string (contact, "objet");

      subtitle = objet != NULL ? g_strdup_printf ("%s — %s", when, objet) : g_strdup (when);
      add_dynamic (self, GROUP_CONTACTS, info_row (title, subtitle));

      if (escalade != NULL && JSON_NODE_HOLDS_OBJECT (escalade))
        {
          JsonObject *form = json_node_get_object (escalade);
          gboolean open = g_strcmp0 (object_string (form, "statut"), "ouverte") == 0;
          const char *motif = object_string (form, "motif");
          const char *origine = object_string (form, "origine");
          g_autofree char *details =
              origine != NULL ? g_strdup_printf ("%s — %s", when, origine) : g_strdup (when);
          GtkWidget *row = info_row (motif != NULL ? motif : "—", details);
          GtkWidget *status = gtk_label_new (open ? _ ("Open") : _ ("Handled"));

          gtk_widget_add_css_class (status, open ? "error" : "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
          if (open)
            {
              GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

              gtk_widget_add_css_class (icon, "error");
              adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
              gtk_widget_add_css_class (row, "escalade-open");
            }
          add_dynamic (self, GROUP_ESCALADE, row);
        }
    }
  if (contacts->len == 0)
    add_dynamic (self, GROUP_CONTACTS, info_row (_ ("No contact yet"), NULL));
  if (self->dynamic[GROUP_ESCALADE]->len == 0)
    add_dynamic (self, GROUP_ESCALADE, info_row (_ ("No ESCALADE form"), NULL));

  fill_alerts (self, contacts);
}

/* The members that differ between two bodies, one level into objects
 * ("adresse.commune"), the edit stamps left out. */
static void
diff_objects (JsonObject *newer, JsonObject *older, const char *prefix, GPtrArray *changed)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GList) members = NULL;

  for (GList *l = json_object_get_members (newer); l != NULL; l = g_list_delete_link (l, l))
    g_hash_table_add (names, l->data);
  for (GList *l = json_object_get_members (older); l != NULL; l = g_list_delete_link (l, l))
    g_hash_table_add (names, l->data);
  members = g_list_sort (g_hash_table_get_keys (names), (GCompareFunc) g_strcmp0);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *a = json_object_get_member (newer, name);
      JsonNode *b = json_object_get_member (older, name);
      g_autofree char *path =
          prefix != NULL ? g_strdup_printf ("%s.%s", prefix, name) : g_strdup (name);
      g_autofree char *ca = NULL;
      g_autofree char *cb = NULL;

      if (prefix == NULL && (g_str_equal (name, "modifie_par") || g_str_equal (name, "modifie_le")))
        continue;
      if (prefix == NULL && a != NULL && b != NULL && JSON_NODE_HOLDS_OBJECT (a) &&
          JSON_NODE_HOLDS_OBJECT (b))
        {
          diff_objects (json_node_get_object (a), json_node_get_object (b), name, changed);
          continue;
        }
      ca = a != NULL ? relais_json_canonical (a) : NULL;
      cb = b != NULL ? relais_json_canonical (b) : NULL;
      if (g_strcmp0 (ca, cb) != 0)
        g_ptr_array_add (changed, g_steal_pointer (&path));
    }
}

static void
fill_history (RelaisJobseekerPage *self)
{
  RelaisStore *store = relais_context_get_store (self->context);
  g_autoptr (JsonObject) doc = NULL;
  g_autoptr (GPtrArray) bodies =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonObject *revisions;
  JsonArray *ids;
  gint64 start;
  guint n;

  clear_dynamic (self, GROUP_HISTORY);
  doc = relais_store_get (store, self->de_id, NULL, RELAIS_GET_REVS, NULL);
  if (doc == NULL || (revisions = json_object_get_object_member (doc, "_revisions")) == NULL ||
      (ids = json_object_get_array_member (revisions, "ids")) == NULL)
    return;
  start = json_object_get_int_member (revisions, "start");
  n = MIN (json_array_get_length (ids), MAX_HISTORY_ROWS + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *rev = g_strdup_printf ("%" G_GINT64_FORMAT "-%s", start - (gint64) i,
                                              json_array_get_string_element (ids, i));
      g_autofree char *text = relais_store_get_rev_body (store, self->de_id, rev, NULL);
      JsonObject *body = text != NULL ? relais_json_parse_object (text, -1, NULL) : NULL;

      g_ptr_array_add (bodies, body != NULL ? body : json_object_new ());
      if (body == NULL)
        json_object_set_boolean_member (g_ptr_array_index (bodies, i), "_missing", TRUE);
    }

  for (guint i = 0; i < MIN (n, MAX_HISTORY_ROWS); i++)
    {
      JsonObject *body = g_ptr_array_index (bodies, i);
      gboolean missing = json_object_has_member (body, "_missing");
      const char *par = object_string (body, "modifie_par");
      const char *le = object_string (body, "modifie_le");
      g_autofree char *title = g_strdup_printf (_ ("Revision %d"), (int) (start - (gint64) i));
      g_autofree char *when = le != NULL ? format_datetime (le) : NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *stamp = NULL;
      GString *what = g_string_new (NULL);

      if (when != NULL && par != NULL)
        stamp = g_strdup_printf (_ ("%s by %s"), when, par);
      else if (when != NULL || par != NULL)
        stamp = g_strdup (when != NULL ? when : par);

      if (missing)
        g_string_append (what, _ ("content no longer kept"));
      else if (start - (gint64) i == 1)
        g_string_append (what, _ ("created"));
      else if (i + 1 < n && !json_object_has_member (g_ptr_array_index (bodies, i + 1), "_missing"))
        {
          g_autoptr (GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);

          diff_objects (body, g_ptr_array_index (bodies, i + 1), NULL, changed);
          g_ptr_array_add (changed, NULL);
          if (changed->len == 1)
            g_string_append (what, _ ("no field changed"));
          else
            {
              g_autofree char *list = g_strjoinv (", ", (char **) changed->pdata);

              g_string_append_printf (what, _ ("changed: %s"), list);
            }
        }
      else
        g_string_append (what, _ ("previous revision no longer kept"));

      subtitle =
          stamp != NULL ? g_strdup_printf ("%s — %s", stamp, what->str) : g_strdup (what->str);
      g_string_free (what, TRUE);
      add_dynamic (self, GROUP_HISTORY, info_row (title, subtitle));
    }
}

static void
fill_rows (RelaisJobseekerPage *self)
{
  g_autofree char *title = NULL;

  self->filling = TRUE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      JsonNode *node = get_path (self->doc, field->spec->path);

      switch (field->spec->kind)
        {
        case FIELD_ENTRY:
          {
            g_autofree char *text = node_to_text (node);

            gtk_editable_set_text (GTK_EDITABLE (field->row), text);
          }
          break;

        case FIELD_COMBO:
          {
            const char *code = NULL;
            guint index;
            g_autoptr (GtkStringList) model = NULL;

            if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                json_node_get_value_type (node) == G_TYPE_STRING)
              code = json_node_get_string (node);
            index = combo_index (field->spec->values, code);
            /* A value this version does not know stays selectable, so that
             * saving does not drop it. */
            g_clear_pointer (&field->extra_code, g_free);
            if (code != NULL && index == 0)
              {
                field->extra_code = g_strdup (code);
                index = value_count (field->spec->values) + 1;
              }
            model = combo_model (field->spec->values, field->extra_code);
            adw_combo_row_set_model (ADW_COMBO_ROW (field->row), G_LIST_MODEL (model));
            adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), index);
          }
          break;

        case FIELD_SWITCH:
          gtk_switch_set_active (GTK_SWITCH (field->control),
                                 node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                                     json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
                                     json_node_get_boolean (node));
          break;

        default:
          g_assert_not_reached ();
        }
    }

  g_clear_pointer (&self->metiers, json_array_unref);
  g_clear_pointer (&self->freins, json_array_unref);
  self->metiers = array_member_copy (self->doc, "metiers_recherches");
  self->freins = array_member_copy (self->doc, "freins");
  rebuild_rome (self);
  rebuild_freins (self);
  fill_contacts (self);
  fill_history (self);

  title = g_strdup_printf ("%s %s — %s", object_string (self->doc, "prenom") ?: "",
                           object_string (self->doc, "nom") ?: "",
                           object_string (self->doc, "identifiant") ?: "");
  gtk_label_set_label (self->title_label, title);

  self->filling = FALSE;
  g_free (self->baseline);
  self->baseline = canonical_rows (self);
  update_modified (self);
}

static void
clear_problems (RelaisJobseekerPage *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      gtk_widget_set_visible (GTK_WIDGET (field->error), FALSE);
      gtk_label_set_label (field->error, "");
      gtk_widget_remove_css_class (field->row, "error");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), FALSE);
}

/* The row a problem's path belongs to: the field itself, else the first
 * field inside it ("accompagnement_global" → its partner). */
static Field *
field_for_problem (RelaisJobseekerPage *self, const char *path)
{
  Field *field = g_hash_table_lookup (self->fields_by_path, path);
  g_autofree char *prefix = g_strconcat (path, ".", NULL);

  if (field != NULL)
    return field;
  for (guint i = 0; i < self->fields->len; i++)
    {
      field = g_ptr_array_index (self->fields, i);
      if (g_str_has_prefix (field->spec->path, prefix))
        return field;
    }
  return NULL;
}

static void
show_problems (RelaisJobseekerPage *self, GPtrArray *problems)
{
  GString *others = g_string_new (_ ("Not saved: correct the fields marked in red."));
  GtkWidget *first = NULL;

  clear_problems (self);
  for (guint i = 0; i < problems->len; i++)
    {
      RelaisProblem *problem = g_ptr_array_index (problems, i);
      Field *field = field_for_problem (self, problem->field);

      if (field == NULL)
        {
          g_string_append_printf (others, "\n%s : %s", problem->field, problem->reason);
          continue;
        }
      if (gtk_widget_get_visible (GTK_WIDGET (field->error)))
        {
          g_autofree char *both =
              g_strdup_printf ("%s\n%s", gtk_label_get_label (field->error), problem->reason);

          gtk_label_set_label (field->error, both);
        }
      else
        gtk_label_set_label (field->error, problem->reason);
      gtk_widget_set_visible (GTK_WIDGET (field->error), TRUE);
      gtk_widget_add_css_class (field->row, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      gtk_label_get_label (field->error), -1);
      if (first == NULL)
        first = field->row;
    }
  gtk_label_set_label (self->problems_label, others->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);
  g_string_free (others, TRUE);
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

static void forget_undo (RelaisJobseekerPage *self);
static void undo_toast_button_clicked_cb (AdwToast *toast, RelaisJobseekerPage *self);

static void
show_toast (RelaisJobseekerPage *self, const char *title)
{
  relais_toast_add (GTK_WIDGET (self), adw_toast_new (title));
}

static void
update_modified (RelaisJobseekerPage *self)
{
  if (self->filling)
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static gboolean
load_doc (RelaisJobseekerPage *self, GError **error)
{
  RelaisStore *store = relais_context_get_store (self->context);
  JsonObject *doc;

  if (store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "No store");
      return FALSE;
    }
  if ((doc = relais_store_get (store, self->de_id, NULL, RELAIS_GET_NONE, error)) == NULL)
    return FALSE;
  g_clear_pointer (&self->doc, json_object_unref);
  self->doc = doc;
  return TRUE;
}

/* ROME fiches: the server's `referentiel` documents when the store holds
 * them, else core's referential (the open-data folder or its sample). */
static gboolean
collect_rome_cb (const RelaisChange *change, gpointer user_data)
{
  GPtrArray *rome = user_data;
  g_autoptr (JsonObject) doc = NULL;
  RomeEntry *entry;

  if (change->deleted || change->doc_json == NULL || !g_str_has_prefix (change->id, "rome:") ||
      (doc = relais_json_parse_object (change->doc_json, -1, NULL)) == NULL)
    return TRUE;
  entry = g_new0 (RomeEntry, 1);
  entry->code = g_strdup (object_string (doc, "code") ?: change->id + strlen ("rome:"));
  entry->label = g_strdup (object_string (doc, "libelle") ?: entry->code);
  g_ptr_array_add (rome, entry);
  return TRUE;
}

static void
ensure_rome (RelaisJobseekerPage *self)
{
  RelaisStore *store = relais_context_get_store (self->context);

  if (self->rome != NULL)
    return;
  self->rome = g_ptr_array_new_with_free_func ((GDestroyNotify) rome_entry_free);
  if (relais_store_count_type (store, "rome", NULL) > 0)
    relais_store_changes (store, 0, 0, RELAIS_CHANGES_INCLUDE_DOCS, collect_rome_cb, self->rome,
                          NULL, NULL);
  if (self->rome->len == 0)
    {
      g_autofree char *dir = relais_referential_default_dir ();
      g_autoptr (RelaisReferential) referential = relais_referential_load_or_builtin (dir);

      for (guint i = 0; i < relais_referential_get_n_fiches (referential); i++)
        {
          const RelaisRomeFiche *fiche = relais_referential_get_fiche (referential, i);
          RomeEntry *entry = g_new0 (RomeEntry, 1);

          entry->code = g_strdup (fiche->code);
          entry->label = g_strdup (fiche->label);
          g_ptr_array_add (self->rome, entry);
        }
    }
}

static GtkWidget *
icon_button (const char *icon_name, const char *accessible_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, accessible_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  return button;
}

static void
on_metier_remove_clicked_cb (GtkButton *button, RelaisJobseekerPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (index < json_array_get_length (self->metiers))
    json_array_remove_element (self->metiers, index);
  rebuild_rome (self);
  update_modified (self);
}

static void
add_metier (RelaisJobseekerPage *self, const RomeEntry *entry)
{
  JsonObject *metier;

  for (guint i = 0; i < json_array_get_length (self->metiers); i++)
    {
      JsonNode *node = json_array_get_element (self->metiers, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (object_string (json_node_get_object (node), "code_rome"), entry->code) == 0)
        return;
    }
  metier = json_object_new ();
  json_object_set_string_member (metier, "code_rome", entry->code);
  json_object_set_string_member (metier, "libelle", entry->label);
  json_array_add_object_element (self->metiers, metier);
}

static void
on_rome_result_activated_cb (AdwActionRow *row, RelaisJobseekerPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index"));

  if (self->rome == NULL || index >= self->rome->len)
    return;
  add_metier (self, g_ptr_array_index (self->rome, index));
  gtk_editable_set_text (GTK_EDITABLE (self->rome_entry), "");
  rebuild_rome (self);
  update_modified (self);
}

static void
rebuild_rome (RelaisJobseekerPage *self)
{
  guint found = 0;

  clear_dynamic (self, GROUP_ROME);

  for (guint i = 0; i < json_array_get_length (self->metiers); i++)
    {
      JsonNode *node = json_array_get_element (self->metiers, i);
      JsonObject *metier = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *libelle = object_string (metier, "libelle");
      GtkWidget *row =
          info_row (libelle != NULL ? libelle : "—", object_string (metier, "code_rome"));
      g_autofree char *name = g_strdup_printf (_ ("Remove %s"), libelle != NULL ? libelle : "");
      GtkWidget *button = icon_button ("user-trash-symbolic", name);

      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (on_metier_remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      add_dynamic (self, GROUP_ROME, row);
    }

  if (self->rome_search == NULL || g_utf8_strlen (self->rome_search, -1) < 2)
    return;

  ensure_rome (self);
  for (guint i = 0; i < self->rome->len && found < MAX_ROME_RESULTS; i++)
    {
      RomeEntry *entry = g_ptr_array_index (self->rome, i);
      GtkWidget *row;
      GtkWidget *icon;

      if (!g_str_match_string (self->rome_search, entry->label, TRUE) &&
          g_ascii_strncasecmp (entry->code, self->rome_search, strlen (self->rome_search)) != 0)
        continue;
      row = info_row (entry->label, entry->code);
      icon = gtk_image_new_from_icon_name ("list-add-symbolic");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (i));
      g_signal_connect (row, "activated", G_CALLBACK (on_rome_result_activated_cb), self);
      gtk_widget_add_css_class (row, "rome-result");
      add_dynamic (self, GROUP_ROME, row);
      found++;
    }
  if (found == 0)
    add_dynamic (self, GROUP_ROME, info_row (_ ("No ROME job matches"), NULL));
}

static void
on_frein_statut_cb (AdwComboRow *row, GParamSpec *pspec, RelaisJobseekerPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "index"));
  guint selected = adw_combo_row_get_selected (row);
  JsonNode *node;

  if (self->filling || index >= json_array_get_length (self->freins) ||
      selected >= value_count (statuts_frein))
    return;
  node = json_array_get_element (self->freins, index);
  if (JSON_NODE_HOLDS_OBJECT (node))
    json_object_set_string_member (json_node_get_object (node), "statut",
                                   statuts_frein[selected].code);
  update_modified (self);
}

static void
on_frein_remove_clicked_cb (GtkButton *button, RelaisJobseekerPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (index < json_array_get_length (self->freins))
    json_array_remove_element (self->freins, index);
  rebuild_freins (self);
  update_modified (self);
}

static void
on_frein_add_clicked_cb (GtkButton *button, RelaisJobseekerPage *self)
{
  guint selected = adw_combo_row_get_selected (self->new_frein_row);
  JsonObject *frein;

  if (selected >= value_count (themes_frein))
    return;
  frein = json_object_new ();
  json_object_set_string_member (frein, "theme", themes_frein[selected].code);
  json_object_set_string_member (frein, "statut", "identifie");
  json_array_add_object_element (self->freins, frein);
  rebuild_freins (self);
  update_modified (self);
}

static void
rebuild_freins (RelaisJobseekerPage *self)
{
  gboolean was_filling = self->filling;
  g_autoptr (GtkStringList) themes = gtk_string_list_new (NULL);
  GtkWidget *add;

  self->filling = TRUE;
  clear_dynamic (self, GROUP_FREINS);

  for (guint i = 0; i < json_array_get_length (self->freins); i++)
    {
      JsonNode *node = json_array_get_element (self->freins, i);
      JsonObject *frein = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *theme = value_label (themes_frein, object_string (frein, "theme"));
      g_autoptr (GtkStringList) statuts = gtk_string_list_new (NULL);
      GtkWidget *row = adw_combo_row_new ();
      g_autofree char *remove = g_strdup_printf (_ ("Remove %s"), theme != NULL ? theme : "");
      GtkWidget *button = icon_button ("user-trash-symbolic", remove);
      guint index = combo_index (statuts_frein, object_string (frein, "statut"));

      for (guint j = 0; statuts_frein[j].code != NULL; j++)
        gtk_string_list_append (statuts, _ (statuts_frein[j].label));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), theme != NULL ? theme : "—");
      if (object_string (frein, "commentaire") != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), object_string (frein, "commentaire"));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (statuts));
      if (index > 0)
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), index - 1);
      g_object_set_data (G_OBJECT (row), "index", GUINT_TO_POINTER (i));
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_frein_statut_cb), self);
      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (i));
      g_signal_connect (button, "clicked", G_CALLBACK (on_frein_remove_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      add_dynamic (self, GROUP_FREINS, row);
    }

  for (guint j = 0; themes_frein[j].code != NULL; j++)
    gtk_string_list_append (themes, _ (themes_frein[j].label));
  self->new_frein_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->new_frein_row), _ ("New obstacle"));
  adw_combo_row_set_model (self->new_frein_row, G_LIST_MODEL (themes));
  add = icon_button ("list-add-symbolic", _ ("Add the obstacle"));
  g_signal_connect (add, "clicked", G_CALLBACK (on_frein_add_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->new_frein_row), add);
  add_dynamic (self, GROUP_FREINS, GTK_WIDGET (self->new_frein_row));

  self->filling = was_filling;
}

/* Signal callbacks */

static void
on_field_changed_cb (RelaisJobseekerPage *self)
{
  update_modified (self);
}

static void
on_rome_entry_changed_cb (GtkEditable *editable, RelaisJobseekerPage *self)
{
  g_free (self->rome_search);
  self->rome_search = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  rebuild_rome (self);
}

static void
on_add_contact_clicked_cb (GtkButton *button, RelaisJobseekerPage *self)
{
  RelaisStore *store = relais_context_get_store (self->context);
  g_autoptr (JsonObject) contact = json_object_new ();
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *id = relais_doc_new_id (RELAIS_DOC_TYPE_CONTACT);
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *rev = NULL;
  g_autofree char *objet =
      g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->contact_objet_row))));
  guint sens = adw_combo_row_get_selected (self->contact_sens_row);
  guint canal = adw_combo_row_get_selected (self->contact_canal_row);
  const char *referent = object_string (self->doc, "referent");

  json_object_set_string_member (contact, "_id", id);
  json_object_set_string_member (contact, "type", RELAIS_DOC_TYPE_CONTACT);
  json_object_set_int_member (contact, "schema_version", 1);
  json_object_set_string_member (contact, "de", self->de_id);
  json_object_set_string_member (contact, "sens", sens_contact[MIN (sens, 1)].code);
  json_object_set_string_member (
      contact, "canal", canaux_contact[MIN (canal, value_count (canaux_contact) - 1)].code);
  json_object_set_string_member (contact, "date", date);
  if (referent != NULL)
    json_object_set_string_member (contact, "conseiller", referent);
  if (*objet != '\0')
    json_object_set_string_member (contact, "objet", objet);

  if (!relais_validate_doc (contact, &problems, &error) ||
      (rev = relais_store_put (store, contact, TRUE, &error)) == NULL)
    {
      gtk_label_set_label (self->problems_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->contact_objet_row), "");
  fill_contacts (self);
  show_toast (self, _ ("Contact added"));
}

static void
on_discard_response_cb (AdwMessageDialog *dialog, const char *response, RelaisJobseekerPage *self)
{
  if (g_str_equal (response, "discard"))
    g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
  else if (g_str_equal (response, "save") && relais_jobseeker_page_save (self))
    g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
}

/* Actions */

static void
back_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  relais_jobseeker_page_request_close (RELAIS_JOBSEEKER_PAGE (widget));
}

static void
save_action_cb (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  relais_jobseeker_page_save (RELAIS_JOBSEEKER_PAGE (widget));
}

/* Construction of the rows */

static void
create_field (RelaisJobseekerPage *self, const FieldSpec *spec)
{
  Field *field = g_new0 (Field, 1);

  field->spec = spec;
  switch (spec->kind)
    {
    case FIELD_ENTRY:
      field->row = adw_entry_row_new ();
      g_signal_connect_swapped (field->row, "changed", G_CALLBACK (on_field_changed_cb), self);
      break;

    case FIELD_COMBO:
      field->row = adw_combo_row_new ();
      g_signal_connect_swapped (field->row, "notify::selected", G_CALLBACK (on_field_changed_cb),
                                self);
      break;

    case FIELD_SWITCH:
      field->row = adw_action_row_new ();
      field->control = gtk_switch_new ();
      gtk_widget_set_valign (field->control, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), field->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), field->control);
      g_signal_connect_swapped (field->control, "notify::active", G_CALLBACK (on_field_changed_cb),
                                self);
      break;

    default:
      g_assert_not_reached ();
    }

  /* The title names the row, its entry and its switch (libadwaita sets
   * them labelled-by the title label): no accessible label besides, GTK
   * 4.8 joins both into the name ("Modalité Modalité"). */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), _ (spec->title));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (field->row), TRUE);

  /* The reason of a problem shows at the end of its own row. */
  field->error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (field->error, TRUE);
  gtk_label_set_max_width_chars (field->error, 32);
  gtk_label_set_xalign (field->error, 1.0);
  gtk_widget_add_css_class (GTK_WIDGET (field->error), "error");
  gtk_widget_add_css_class (GTK_WIDGET (field->error), "caption");
  gtk_widget_set_visible (GTK_WIDGET (field->error), FALSE);
  if (spec->kind == FIELD_ENTRY)
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (field->row), GTK_WIDGET (field->error));
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), GTK_WIDGET (field->error));

  adw_preferences_group_add (self->groups[spec->group], field->row);
  g_ptr_array_add (self->fields, field);
  g_hash_table_insert (self->fields_by_path, (gpointer) spec->path, field);
}

static AdwComboRow *
create_combo (const char *title, const ValueLabel *values)
{
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; values[i].code != NULL; i++)
    gtk_string_list_append (model, _ (values[i].label));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  return ADW_COMBO_ROW (row);
}

static void
create_rows (RelaisJobseekerPage *self)
{
  GtkWidget *row;
  GtkWidget *button;

  for (guint i = 0; i < G_N_ELEMENTS (field_specs); i++)
    create_field (self, &field_specs[i]);

  self->rome_entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->rome_entry),
                                 _ ("Search the ROME _jobs"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->rome_entry), TRUE);
  adw_entry_row_add_prefix (ADW_ENTRY_ROW (self->rome_entry),
                            gtk_image_new_from_icon_name ("system-search-symbolic"));
  g_signal_connect (self->rome_entry, "changed", G_CALLBACK (on_rome_entry_changed_cb), self);
  adw_preferences_group_add (self->rome_group, self->rome_entry);

  self->contact_sens_row = create_combo (_ ("Direction"), sens_contact);
  self->contact_canal_row = create_combo (_ ("Channel"), canaux_contact);
  self->contact_objet_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->contact_objet_row), _ ("Subject"));
  adw_preferences_group_add (self->contacts_group, GTK_WIDGET (self->contact_sens_row));
  adw_preferences_group_add (self->contacts_group, GTK_WIDGET (self->contact_canal_row));
  adw_preferences_group_add (self->contacts_group, GTK_WIDGET (self->contact_objet_row));
  row = adw_action_row_new ();
  button = gtk_button_new_with_mnemonic (_ ("Add _contact"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (on_add_contact_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (self->contacts_group, row);
}

/* Parent overrides */

static void
relais_jobseeker_page_constructed (GObject *object)
{
  RelaisJobseekerPage *self = RELAIS_JOBSEEKER_PAGE (object);
  g_autoptr (GError) error = NULL;

  G_OBJECT_CLASS (relais_jobseeker_page_parent_class)->constructed (object);

  g_assert (RELAIS_IS_CONTEXT (self->context));

  self->groups[GROUP_IDENTITY] = self->identity_group;
  self->groups[GROUP_CONTACT] = self->contact_group;
  self->groups[GROUP_REGISTRATION] = self->registration_group;
  self->groups[GROUP_SUPPORT] = self->support_group;
  self->groups[GROUP_PROJECT] = self->project_group;
  self->groups[GROUP_ROME] = self->rome_group;
  self->groups[GROUP_FREINS] = self->freins_group;
  self->groups[GROUP_ORIENTATION] = self->orientation_group;
  self->groups[GROUP_CONTACTS] = self->contacts_group;
  self->groups[GROUP_ESCALADE] = self->escalade_group;
  self->groups[GROUP_HISTORY] = self->history_group;

  create_rows (self);
  relais_accessible_name_mnemonic_buttons (GTK_WIDGET (self));
  if (!load_doc (self, &error))
    {
      g_warning ("Could not read %s: %s", self->de_id, error->message);
      self->doc = json_object_new ();
      gtk_label_set_label (self->problems_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "jobseeker.save", FALSE);
    }
  fill_rows (self);
}

static void
relais_jobseeker_page_dispose (GObject *object)
{
  RelaisJobseekerPage *self = RELAIS_JOBSEEKER_PAGE (object);

  /* Undo applies to the file while it is open. */
  forget_undo (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RELAIS_TYPE_JOBSEEKER_PAGE);

  for (guint i = 0; i < N_GROUPS; i++)
    g_clear_pointer (&self->dynamic[i], g_ptr_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_jobseeker_page_parent_class)->dispose (object);
}

static void
relais_jobseeker_page_finalize (GObject *object)
{
  RelaisJobseekerPage *self = RELAIS_JOBSEEKER_PAGE (object);

  g_clear_pointer (&self->de_id, g_free);
  g_clear_pointer (&self->doc, json_object_unref);
  g_clear_pointer (&self->baseline, g_free);
  g_clear_pointer (&self->fields_by_path, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->metiers, json_array_unref);
  g_clear_pointer (&self->freins, json_array_unref);
  g_clear_pointer (&self->rome, g_ptr_array_unref);
  g_clear_pointer (&self->rome_search, g_free);

  G_OBJECT_CLASS (relais_jobseeker_page_parent_class)->finalize (object);
}

static void
relais_jobseeker_page_get_property (GObject *object,
                                    guint prop_id,
                                    GValue *value,
                                    GParamSpec *pspec)
{
  RelaisJobseekerPage *self = RELAIS_JOBSEEKER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_DE_ID:
      g_value_set_string (value, self->de_id);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, relais_jobseeker_page_get_modified (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_jobseeker_page_set_property (GObject *object,
                                    guint prop_id,
                                    const GValue *value,
                                    GParamSpec *pspec)
{
  RelaisJobseekerPage *self = RELAIS_JOBSEEKER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_DE_ID:
      self->de_id = g_value_dup_string (value);
      break;

    case PROP_MODIFIED:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_jobseeker_page_class_init (RelaisJobseekerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = relais_jobseeker_page_constructed;
  object_class->dispose = relais_jobseeker_page_dispose;
  object_class->finalize = relais_jobseeker_page_finalize;
  object_class->get_property = relais_jobseeker_page_get_property;
  object_class->set_property = relais_jobseeker_page_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DE_ID] =
      g_param_spec_string ("de-id", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
      g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                            G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The window goes back to the portfolio. */
  signals[SIGNAL_CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A new revision was written: lists showing the DE follow. */
  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE
                                               "/ui/jobseeker/relais-jobseeker-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, contact_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, contacts_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, escalade_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, freins_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, history_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, identity_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, orientation_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, preferences_page);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, problems_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, project_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, registration_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, rome_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, support_group);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, RelaisJobseekerPage, toolbar);

  gtk_widget_class_install_action (widget_class, "jobseeker.back", NULL, back_action_cb);
  gtk_widget_class_install_action (widget_class, "jobseeker.save", NULL, save_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "jobseeker.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "jobseeker.back",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "jobseeker.save",
                                       NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
relais_jobseeker_page_init (RelaisJobseekerPage *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->fields_by_path = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < N_GROUPS; i++)
    self->dynamic[i] = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
relais_jobseeker_page_new (RelaisContext *context, const char *de_id)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (de_id != NULL, NULL);

  return g_object_new (RELAIS_TYPE_JOBSEEKER_PAGE, "context", context, "de-id", de_id, NULL);
}

const char *
relais_jobseeker_page_get_de_id (RelaisJobseekerPage *self)
{
  g_return_val_if_fail (RELAIS_IS_JOBSEEKER_PAGE (self), NULL);

  return self->de_id;
}

/* Returns: (transfer none): the stored document the page shows. */
JsonObject *
relais_jobseeker_page_get_doc (RelaisJobseekerPage *self)
{
  g_return_val_if_fail (RELAIS_IS_JOBSEEKER_PAGE (self), NULL);

  return self->doc;
}

/* Whether the rows differ from the stored document. */
gboolean
relais_jobseeker_page_get_modified (RelaisJobseekerPage *self)
{
  g_autofree char *current = NULL;

  g_return_val_if_fail (RELAIS_IS_JOBSEEKER_PAGE (self), FALSE);

  if (self->baseline == NULL)
    return FALSE;
  current = canonical_rows (self);
  return g_strcmp0 (current, self->baseline) != 0;
}

/* Validates the rows and, when valid, writes a new revision. Returns
 * whether it was written; problems are shown next to their rows. */
gboolean
relais_jobseeker_page_save (RelaisJobseekerPage *self)
{
  RelaisStore *store;
  g_autoptr (JsonObject) doc = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *rev = NULL;
  g_autoptr (JsonObject) previous = NULL;

  g_return_val_if_fail (RELAIS_IS_JOBSEEKER_PAGE (self), FALSE);

  store = relais_context_get_store (self->context);
  /* A copy: the rows are built into the stored document itself. */
  if (self->doc != NULL)
    {
      g_autofree char *text = relais_json_object_canonical (self->doc);

      previous = relais_json_parse_object (text, -1, NULL);
    }
  doc = build_doc (self);
  json_object_set_string_member (doc, "modifie_par", g_get_user_name ());
  json_object_set_string_member (doc, "modifie_le", stamp);

  if (!relais_validate_doc (doc, &problems, &error))
    {
      show_problems (self, problems);
      return FALSE;
    }

  if ((rev = relais_store_put (store, doc, TRUE, &error)) == NULL)
    {
      clear_problems (self);
      gtk_label_set_label (self->problems_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problems_label), TRUE);
      return FALSE;
    }

  g_debug ("Saved %s as %s", self->de_id, rev);
  clear_problems (self);
  if (!load_doc (self, &error))
    g_warning ("Could not read %s back: %s", self->de_id, error->message);
  fill_rows (self);

  forget_undo (self);
  if (previous != NULL)
    {
      self->undo_doc = g_steal_pointer (&previous);
      self->undo_rev = g_strdup (rev);
      relais_toast_add_undo (GTK_WIDGET (self), _ ("File saved"), &self->undo_toast,
                             G_CALLBACK (undo_toast_button_clicked_cb), self);
    }
  else
    show_toast (self, _ ("File saved"));
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  return TRUE;
}

static void
forget_undo (RelaisJobseekerPage *self)
{
  relais_toast_withdraw_undo (&self->undo_toast, self);
  g_clear_pointer (&self->undo_doc, json_object_unref);
  g_clear_pointer (&self->undo_rev, g_free);
}

/* The toast's Undo: the document as it was before the save, written as a
 * new revision over the one the save wrote (the history keeps both). A
 * revision written since, by a sync or another window, wins: nothing is
 * overwritten then. */
static void
undo_toast_button_clicked_cb (AdwToast *toast, RelaisJobseekerPage *self)
{
  RelaisStore *store = relais_context_get_store (self->context);
  g_autoptr (JsonObject) doc = NULL;
  g_autoptr (GPtrArray) problems = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *rev = NULL;

  g_clear_weak_pointer (&self->undo_toast);
  if (self->undo_doc == NULL || store == NULL)
    return;
  if (relais_jobseeker_page_get_modified (self))
    {
      show_toast (self, _ ("Save or discard your changes before undoing."));
      return;
    }

  doc = json_object_ref (self->undo_doc);
  json_object_set_string_member (doc, "_rev", self->undo_rev);
  json_object_set_string_member (doc, "modifie_par", g_get_user_name ());
  json_object_set_string_member (doc, "modifie_le", stamp);
  if (!relais_validate_doc (doc, &problems, &error) ||
      (rev = relais_store_put (store, doc, TRUE, &error)) == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT))
        message = g_strdup (_ ("Could not undo: the file changed since it was saved."));
      else
        message = g_strdup_printf (_ ("Could not undo: %s"),
                                   error != NULL ? error->message
                                                 : _ ("the file no longer passes validation"));

      forget_undo (self);
      show_toast (self, message);
      return;
    }

  forget_undo (self);
  if (!load_doc (self, &error))
    g_warning ("Could not read %s back: %s", self->de_id, error->message);
  fill_rows (self);
  show_toast (self, _ ("Changes undone"));
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
}

/* Goes back to the portfolio, asking first when there are unsaved
 * changes. */
void
relais_jobseeker_page_request_close (RelaisJobseekerPage *self)
{
  AdwMessageDialog *dialog;
  GtkRoot *root;

  g_return_if_fail (RELAIS_IS_JOBSEEKER_PAGE (self));

  if (!relais_jobseeker_page_get_modified (self))
    {
      g_signal_emit (self, signals[SIGNAL_CLOSED], 0);
      return;
    }

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (
      GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _ ("Discard the changes?"),
      _ ("This file has changes that are not saved.")));
  adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "discard", _ ("_Discard"),
                                    "save", _ ("_Save"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Returns: (transfer none) (nullable): the row editing @path. */
GtkWidget *
relais_jobseeker_page_get_field_row (RelaisJobseekerPage *self, const char *path)
{
  Field *field;

  g_return_val_if_fail (RELAIS_IS_JOBSEEKER_PAGE (self), NULL);

  field = g_hash_table_lookup (self->fields_by_path, path);
  if (field == NULL)
    return NULL;
  return field->control != NULL ? field->control : field->row;
}

/* Returns: (transfer none) (nullable): the label showing @path's problem. */
GtkLabel *
relais_jobseeker_page_get_error_label (RelaisJobseekerPage *self, const char *path)
{
  Field *field;

  g_return_val_if_fail (RELAIS_IS_JOBSEEKER_PAGE (self), NULL);

  field = g_hash_table_lookup (self->fields_by_path, path);
  return field != NULL ? field->error : NULL;
}

/* Returns: (transfer none) (nullable): a group by name ("history",
 * "contacts", "escalade", "rome", "freins"…). */
GtkWidget *
relais_jobseeker_page_get_group (RelaisJobseekerPage *self, const char *name)
{
  g_return_val_if_fail (RELAIS_IS_JOBSEEKER_PAGE (self), NULL);

  for (guint i = 0; i < N_GROUPS; i++)
    if (g_strcmp0 (group_names[i], name) == 0)
      return GTK_WIDGET (self->groups[i]);
  return NULL;
}

void
relais_jobseeker_page_search_rome (RelaisJobseekerPage *self, const char *text)
{
  g_return_if_fail (RELAIS_IS_JOBSEEKER_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->rome_entry), text != NULL ? text : "");
}

/* Ctrl+N in the file: the new contact's form, scrolled to and focused. */
void
relais_jobseeker_page_focus_new_contact (RelaisJobseekerPage *self)
{
  g_return_if_fail (RELAIS_IS_JOBSEEKER_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->contact_objet_row));
}

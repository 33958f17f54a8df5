/* relais-context.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * What every window and view shares: the local store, the settings and the
 * date the application considers to be "today". Views receive it as a
 * construct-only property instead of reaching for singletons, so a test can
 * hand them a store of its own and a fixed date.
 *
 * The store is opened on construction. A missing or damaged store is not a
 * construction failure: the window still needs the context to say what went
 * wrong, so the error is kept and the store stays NULL.
 */

#define G_LOG_DOMAIN "relais-context"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-context.h"

struct _RelaisContext
{
  GObject parent_instance;

  /* Owned References */
  char *store_path;
  RelaisStore *store;
  GError *store_error;
  GSettings *settings;
  RelaisSyncSession *sync;
  GDate today;
};

G_DEFINE_FINAL_TYPE (RelaisContext, relais_context, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_STORE,
  PROP_STORE_PATH,
  PROP_SYNC,
  PROP_TODAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static void
open_store (RelaisContext *self)
{
  g_autoptr (GError) local_error = NULL;

  g_assert (RELAIS_IS_CONTEXT (self));

  /* Opening a missing file would create an empty store; an empty store is
   * not what the counsellor expects, the first sync must fill it. */
  if (!g_file_test (self->store_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (&self->store_error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _ ("No local store at %s yet: connect to the central server to fill it"),
                   self->store_path);
      return;
    }

  if ((self->store = relais_store_open (self->store_path, &local_error)) == NULL)
    {
      g_set_error (&self->store_error, local_error->domain, local_error->code,
                   _ ("The file %s is not a Relais store or is damaged"), self->store_path);
      return;
    }
  /* Open for the whole session: what it read through the memory map
   * would stay in the app's memory (relais_store_set_mmap_size()). */
  if (!relais_store_set_mmap_size (self->store, 0, &local_error))
    g_warning ("%s", local_error->message);
}

/* Parent overrides */

static void
relais_context_constructed (GObject *object)
{
  RelaisContext *self = RELAIS_CONTEXT (object);

  G_OBJECT_CLASS (relais_context_parent_class)->constructed (object);

  if (!g_date_valid (&self->today))
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_local ();

      g_date_set_dmy (&self->today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }

  if (self->store_path != NULL)
    open_store (self);
}

static void
relais_context_dispose (GObject *object)
{
  RelaisContext *self = RELAIS_CONTEXT (object);

  if (self->sync != NULL)
    relais_sync_session_stop (self->sync);
  g_clear_object (&self->sync);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (relais_context_parent_class)->dispose (object);
}

static void
relais_context_finalize (GObject *object)
{
  RelaisContext *self = RELAIS_CONTEXT (object);

  g_clear_pointer (&self->store_path, g_free);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (relais_context_parent_class)->finalize (object);
}

static void
relais_context_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisContext *self = RELAIS_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_STORE_PATH:
      g_value_set_string (value, self->store_path);
      break;

    case PROP_SYNC:
      g_value_set_object (value, self->sync);
      break;
    case PROP_TODAY:
      g_value_set_boxed (value, &self->today);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_context_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  RelaisContext *self = RELAIS_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_STORE_PATH:
      self->store_path = g_value_dup_string (value);
      break;

    case PROP_TODAY:
      {
        const GDate *today = g_value_get_boxed (value);

        if (today != NULL && g_date_valid (today))
          self->today = *today;
      }
      break;

    case PROP_SETTINGS:
    case PROP_STORE:
    case PROP_SYNC:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_context_class_init (RelaisContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = relais_context_constructed;
  object_class->dispose = relais_context_dispose;
  object_class->finalize = relais_context_finalize;
  object_class->get_property = relais_context_get_property;
  object_class->set_property = relais_context_set_property;

  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, RELAIS_TYPE_STORE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE_PATH] =
      g_param_spec_string ("store-path", NULL, NULL, NULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC] =
      g_param_spec_object ("sync", NULL, NULL, RELAIS_TYPE_SYNC_SESSION,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NULL means the local date at construction. */
  properties[PROP_TODAY] =
      g_param_spec_boxed ("today", NULL, NULL, G_TYPE_DATE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
relais_context_init (RelaisContext *self)
{
  g_date_clear (&self->today, 1);
  self->settings = g_settings_new (SCHEMA_ID);
}

/* Public API */

/* @today: (nullable): the date to compute deadlines from; NULL for the
 * local date. Tests pass a fixed one. */
RelaisContext *
relais_context_new (const char *store_path, const GDate *today)
{
  g_return_val_if_fail (store_path != NULL, NULL);

  return g_object_new (RELAIS_TYPE_CONTEXT, "store-path", store_path, "today", today, NULL);
}

const char *
relais_context_get_store_path (RelaisContext *self)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (self), NULL);

  return self->store_path;
}

/* Returns: (transfer none) (nullable): the store, used from the main thread
 * only; NULL when it could not be opened (see the error). Worker threads
 * open their own connection on relais_context_get_store_path(). */
RelaisStore *
relais_context_get_store (RelaisContext *self)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (self), NULL);

  return self->store;
}

const GError *
relais_context_get_store_error (RelaisContext *self)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (self), NULL);

  return self->store_error;
}

GSettings *
relais_context_get_settings (RelaisContext *self)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (self), NULL);

  return self->settings;
}

const GDate *
relais_context_get_today (RelaisContext *self)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (self), NULL);

  return &self->today;
}

/* Returns: (transfer none) (nullable): the replication with the central
 * server, NULL while the counsellor is not connected. */
RelaisSyncSession *
relais_context_get_sync (RelaisContext *self)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (self), NULL);
  return self->sync;
}

/* Replaces the session (stopping the old one) and, on a first connection,
 * creates the store the pull is going to fill. The caller starts it. */
void
relais_context_set_sync (RelaisContext *self, RelaisSyncSession *sync)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (RELAIS_IS_CONTEXT (self));
  g_return_if_fail (!sync || RELAIS_IS_SYNC_SESSION (sync));

  if (self->sync == sync)
    return;
  if (self->sync != NULL)
    relais_sync_session_stop (self->sync);
  g_set_object (&self->sync, sync);
  if (sync != NULL && self->store == NULL &&
      g_error_matches (self->store_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_autofree char *dir = g_path_get_dirname (self->store_path);

      g_mkdir_with_parents (dir, 0700);
      if ((self->store = relais_store_open (self->store_path, &error)) != NULL)
        {
          if (!relais_store_set_mmap_size (self->store, 0, &error))
            g_warning ("%s", error->message);
          g_clear_error (&self->store_error);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC]);
}

/* The id of this workstation's report ("poste:<id>"), made once and kept
 * in the settings. */
char *
relais_context_dup_workstation_id (RelaisContext *self)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (RELAIS_IS_CONTEXT (self), NULL);
  id = g_settings_get_string (self->settings, "workstation-id");
  if (id[0] == '\0')
    {
      g_free (id);
      id = g_uuid_string_random ();
      g_settings_set_string (self->settings, "workstation-id", id);
    }
  return g_steal_pointer (&id);
}

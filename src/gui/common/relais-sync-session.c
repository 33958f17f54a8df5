/* relais-sync-session.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The workstation's replication with the central server, as the app runs
 * it (SYNC-NOTES.md): pull the counsellor's portfolio (his DE first, then
 * what is attached to them, relais-portfolio.h) and keep pulling
 * continuously; push once with the workstation report (the poste
 * document), then continuously. The replicators retry for ever with a
 * backoff and at once when GNetworkMonitor says the network is back, so a
 * workstation that goes offline resumes by itself.
 *
 * What the status widget shows is kept here as properties: online or not,
 * when everything last caught up, the local changes the server does not
 * have yet (counted in the store after the push checkpoint, so that they
 * are right offline too) and the documents in conflict.
 *
 * Each time it gets online it asks /_session for the user's roles again
 * ("roles"): the ELD's views follow them, and a workstation that starts
 * on the keyring's credentials never goes through the login dialog that
 * read them first.
 */

#define G_LOG_DOMAIN "relais-sync-session"

#include "config.h"

#include <glib/gi18n.h>

#include "relais-core.h"
#include "relais-domain.h"
#include "relais-local-endpoint.h"
#include "relais-login.h"
#include "relais-portfolio.h"
#include "relais-remote-endpoint.h"
#include "relais-replicator.h"
#include "relais-store.h"
#include "relais-sync-session.h"

/* The push checkpoint as the app last saw it, for counting the unsent
 * changes before the push has reached the server in this run. */
#define PUSH_SEQ_ID "_local/relais-app-push"
#define POLL_MS 1000

struct _RelaisSyncSession
{
  GObject parent_instance;

  /* Owned References */
  char *store_path;
  char *server_url;
  char *user;
  char *password;
  char *conseiller_id;
  char *workstation_id;
  RelaisStore *store; /* main thread: the counts */
  GCancellable *cancellable;
  RelaisReplicator *pull;
  RelaisReplicator *push;
  char *error_message;
  GDateTime *last_sync;
  GStrv roles; /* NULL until /_session answered in this run */

  guint retry_max_ms;
  RelaisSyncConnection connection;
  gint64 unsent;
  guint conflicts;
  guint64 push_seq;
  guint64 counted_update_seq;
  guint64 counted_push_seq;
  guint64 pull_written;
  guint poll_id;
  gboolean counted;
};

G_DEFINE_FINAL_TYPE (RelaisSyncSession, relais_sync_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_CONNECTION,
  PROP_ERROR_MESSAGE,
  PROP_LAST_SYNC,
  PROP_UNSENT,
  PROP_CONFLICTS,
  PROP_ROLES,
  N_PROPS
};

enum
{
  SIGNAL_PULLED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_pull_portfolio (RelaisSyncSession *self);

/* Auxiliary methods */

static gboolean
count_unsent_cb (const RelaisChange *change, gpointer user_data)
{
  gint64 *unsent = user_data;

  /* The report itself is not a change the counsellor waits for. */
  if (!g_str_has_prefix (change->id, RELAIS_DOC_TYPE_POSTE ":"))
    (*unsent)++;
  return TRUE;
}

typedef struct
{
  RelaisStore *store;
  guint conflicts;
} ConflictCount;

static gboolean
count_conflicts_cb (const RelaisChange *change, gpointer user_data)
{
  ConflictCount *count = user_data;
  g_autoptr (JsonObject) doc = NULL;

  /* Most documents have one leaf: only the others need a read. */
  if (change->deleted || change->revs == NULL || change->revs[0] == NULL || change->revs[1] == NULL)
    return TRUE;
  doc = relais_store_get (count->store, change->id, NULL, RELAIS_GET_CONFLICTS, NULL);
  if (doc != NULL && json_object_has_member (doc, "_conflicts"))
    count->conflicts++;
  return TRUE;
}

static void
load_push_seq (RelaisSyncSession *self)
{
  g_autofree char *json = relais_store_get_local_json (self->store, PUSH_SEQ_ID, NULL);
  g_autoptr (JsonObject) doc = json != NULL ? relais_json_parse_object (json, -1, NULL) : NULL;

  if (doc != NULL)
    self->push_seq = (guint64) json_object_get_int_member_with_default (doc, "seq", 0);
}

static void
save_push_seq (RelaisSyncSession *self, guint64 seq)
{
  g_autofree char *json = NULL;
  g_autoptr (JsonObject) old = NULL;
  g_autoptr (JsonObject) doc = json_object_new ();
  g_autofree char *rev = NULL;
  g_autoptr (GError) error = NULL;

  if (seq == self->push_seq || self->store == NULL)
    return;
  self->push_seq = seq;
  json = relais_store_get_local_json (self->store, PUSH_SEQ_ID, NULL);
  old = json != NULL ? relais_json_parse_object (json, -1, NULL) : NULL;
  if (old != NULL && json_object_has_member (old, "_rev"))
    json_object_set_string_member (doc, "_rev", json_object_get_string_member (old, "_rev"));
  json_object_set_int_member (doc, "seq", (gint64) seq);
  if ((rev = relais_store_put_local (self->store, PUSH_SEQ_ID, doc, &error)) == NULL)
    g_warning ("Cannot keep the push checkpoint: %s", error->message);
}

static void
set_unsent (RelaisSyncSession *self, gint64 unsent)
{
  if (self->unsent == unsent)
    return;
  self->unsent = unsent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSENT]);
}

static void
set_conflicts (RelaisSyncSession *self, guint conflicts)
{
  if (self->conflicts == conflicts)
    return;
  self->conflicts = conflicts;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTS]);
}

static void
count (RelaisSyncSession *self, gboolean force)
{
  guint64 update_seq;
  gint64 unsent = 0;
  ConflictCount conflicts = { self->store, 0 };
  g_autoptr (GError) error = NULL;

  if (self->store == NULL)
    return;
  update_seq = relais_store_get_update_seq (self->store);
  if (!force && self->counted && update_seq == self->counted_update_seq &&
      self->push_seq == self->counted_push_seq)
    return;
  if (!relais_store_changes (self->store, self->push_seq, 0, RELAIS_CHANGES_NONE, count_unsent_cb,
                             &unsent, NULL, &error) ||
      !relais_store_changes (self->store, 0, 0, RELAIS_CHANGES_ALL_DOCS, count_conflicts_cb,
                             &conflicts, NULL, &error))
    {
      g_warning ("Cannot count the unsent changes: %s", error->message);
      return;
    }
  self->counted = TRUE;
  self->counted_update_seq = update_seq;
  self->counted_push_seq = self->push_seq;
  set_unsent (self, unsent);
  set_conflicts (self, conflicts.conflicts);
}

static void
roles_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr (RelaisSyncSession) self = g_weak_ref_get (weak);
  g_autoptr (GError) error = NULL;
  g_autofree char *conseiller = relais_login_finish (result, &error);
  const char *const *roles = relais_login_get_roles (result);
  const char *const no_roles[] = { NULL };

  g_weak_ref_clear (weak);
  g_free (weak);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The replicators say what is wrong with the account: the roles stay
   * as they were. */
  if (conseiller == NULL)
    {
      g_debug ("The roles were not read again: %s", error->message);
      return;
    }
  if (roles == NULL)
    roles = no_roles;
  if (self->roles != NULL && g_strv_equal ((const char *const *) self->roles, roles))
    return;
  g_strfreev (self->roles);
  self->roles = g_strdupv ((char **) roles);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLES]);
}

/* The user's roles as the server has them now (an ELD member may have
 * been named or left since the last connection). */
static void
read_roles (RelaisSyncSession *self)
{
  GWeakRef *weak = g_new0 (GWeakRef, 1);

  g_weak_ref_init (weak, self);
  relais_login_async (self->server_url, self->user, self->password, self->cancellable, roles_cb,
                      weak);
}

static void
set_connection (RelaisSyncSession *self, RelaisSyncConnection connection)
{
  if (self->connection == connection)
    return;
  self->connection = connection;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  if (connection == RELAIS_SYNC_CONNECTION_ONLINE)
    read_roles (self);
}

static void
touch_last_sync (RelaisSyncSession *self)
{
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  self->last_sync = g_date_time_new_now_local ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
}

static void
set_running (RelaisSyncSession *self, gboolean running)
{
  if ((self->cancellable != NULL) == running)
    return;
  if (running)
    self->cancellable = g_cancellable_new ();
  else
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_clear_handle_id (&self->poll_id, g_source_remove);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static char *
describe_error (const GError *error)
{
  if (g_error_matches (error, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_UNAUTHORIZED))
    return g_strdup (_ ("The server refused the user name or password."));
  if (g_error_matches (error, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_FORBIDDEN))
    return g_strdup (_ ("This account may not read the agency’s database."));
  if (g_error_matches (error, RELAIS_SYNC_ERROR, RELAIS_SYNC_ERROR_NOT_FOUND))
    return g_strdup (_ ("The server has no database at this address."));
  return g_strdup_printf (_ ("Synchronisation stopped: %s"), error->message);
}

static void
stopped_on_error (RelaisSyncSession *self, GError *error)
{
  g_free (self->error_message);
  self->error_message = describe_error (error);
  g_warning ("Synchronisation stopped: %s", error->message);
  set_running (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  set_connection (self, RELAIS_SYNC_CONNECTION_ERROR);
}

static gboolean
is_active (RelaisReplicator *replicator)
{
  RelaisReplicatorState state =
      replicator != NULL ? relais_replicator_get_state (replicator) : RELAIS_REPLICATOR_IDLE;

  return state == RELAIS_REPLICATOR_RUNNING || state == RELAIS_REPLICATOR_WAITING ||
         state == RELAIS_REPLICATOR_DONE;
}

static gboolean
is_retrying (RelaisReplicator *replicator)
{
  return replicator != NULL &&
         relais_replicator_get_state (replicator) == RELAIS_REPLICATOR_RETRYING;
}

static void
update_push_seq (RelaisSyncSession *self)
{
  const char *since = self->push != NULL ? relais_replicator_get_last_seq (self->push) : NULL;

  if (since != NULL && g_ascii_isdigit (since[0]))
    save_push_seq (self, g_ascii_strtoull (since, NULL, 10));
}

/* Signal callbacks */

static void
replicator_state_cb (RelaisReplicator *replicator, GParamSpec *pspec, RelaisSyncSession *self)
{
  RelaisReplicatorState state = relais_replicator_get_state (replicator);

  if (self->cancellable == NULL)
    return;
  if (is_retrying (self->pull) || is_retrying (self->push))
    set_connection (self, RELAIS_SYNC_CONNECTION_OFFLINE);
  else if (is_active (self->pull) || is_active (self->push))
    set_connection (self, RELAIS_SYNC_CONNECTION_ONLINE);
  if (replicator == self->push)
    update_push_seq (self);
  if ((state == RELAIS_REPLICATOR_WAITING || state == RELAIS_REPLICATOR_DONE) &&
      self->connection == RELAIS_SYNC_CONNECTION_ONLINE)
    touch_last_sync (self);
  count (self, FALSE);
}

static void
replicator_progress_cb (RelaisReplicator *replicator, RelaisSyncSession *self)
{
  replicator_state_cb (replicator, NULL, self);
}

static gboolean
poll_cb (gpointer user_data)
{
  RelaisSyncSession *self = user_data;
  guint64 written = self->pull != NULL ? relais_replicator_get_docs_written (self->pull) : 0;

  /* Local edits move no replicator until the push sees them: the counts
   * follow the store itself. */
  count (self, FALSE);
  if (written != self->pull_written)
    {
      self->pull_written = written;
      g_signal_emit (self, signals[SIGNAL_PULLED], 0);
    }
  return G_SOURCE_CONTINUE;
}

/* Replicators */

static RelaisEndpoint *
new_remote (RelaisSyncSession *self)
{
  g_autoptr (GError) error = NULL;
  RelaisRemoteEndpoint *remote = relais_remote_endpoint_new (self->server_url, &error);

  if (remote == NULL)
    {
      g_warning ("%s", error->message);
      return NULL;
    }
  /* A session cookie: the server checks the password once, not on every
   * request of a continuous replication. */
  relais_remote_endpoint_set_credentials (remote, self->user, self->password, RELAIS_AUTH_SESSION);
  return RELAIS_ENDPOINT (remote);
}

static RelaisReplicator *
new_replicator (RelaisSyncSession *self, gboolean pull, gboolean continuous, JsonObject *selector)
{
  g_autoptr (RelaisEndpoint) remote = new_remote (self);
  g_autoptr (RelaisEndpoint) local = NULL;
  RelaisReplicator *replicator;

  if (remote == NULL)
    return NULL;
  local = RELAIS_ENDPOINT (relais_local_endpoint_new (self->store_path));
  replicator = pull ? relais_replicator_new (remote, local) : relais_replicator_new (local, remote);
  g_object_set (replicator, "continuous", continuous, "max-retries", -1, "retry-max-delay",
                self->retry_max_ms, NULL);
  if (!pull)
    g_object_set (replicator, "workstation-id", self->workstation_id, "conseiller",
                  self->conseiller_id, NULL);
  if (selector != NULL)
    relais_replicator_set_selector (replicator, selector, NULL);
  g_signal_connect_object (replicator, "notify::state", G_CALLBACK (replicator_state_cb), self, 0);
  g_signal_connect_object (replicator, "progress", G_CALLBACK (replicator_progress_cb), self, 0);
  return replicator;
}

static void
replace (RelaisReplicator **slot, RelaisReplicator *replicator)
{
  if (*slot != NULL)
    g_signal_handlers_disconnect_matched (*slot, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                          replicator_state_cb, NULL);
  if (*slot != NULL)
    g_signal_handlers_disconnect_matched (*slot, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                          replicator_progress_cb, NULL);
  g_clear_object (slot);
  *slot = replicator;
}

typedef struct
{
  RelaisSyncSession *self;
  GCancellable *cancellable; /* the run it belongs to */
} RunData;

static RunData *
run_data_new (RelaisSyncSession *self)
{
  RunData *data = g_new0 (RunData, 1);

  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (self->cancellable);
  return data;
}

static void
run_data_free (RunData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunData, run_data_free)

/* Whether a replication's end belongs to the current run and went through. */
static gboolean
run_ended (RunData *data, GObject *source, GAsyncResult *result)
{
  g_autoptr (GError) error = NULL;
  gboolean ok = relais_replicator_run_finish (RELAIS_REPLICATOR (source), result, &error);

  if (g_cancellable_is_cancelled (data->cancellable))
    return FALSE;
  if (!ok)
    {
      stopped_on_error (data->self, g_steal_pointer (&error));
      return FALSE;
    }
  return TRUE;
}

static void
continuous_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RunData) data = user_data;

  /* A continuous replication ends only when cancelled or on an error. */
  run_ended (data, source, result);
}

static void
push_once_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RunData) data = user_data;
  RelaisSyncSession *self = data->self;
  RelaisReplicator *push;

  if (!run_ended (data, source, result))
    return;
  update_push_seq (self);
  if ((push = new_replicator (self, FALSE, TRUE, NULL)) == NULL)
    return;
  replace (&self->push, push);
  relais_replicator_run_async (push, self->cancellable, continuous_done_cb, run_data_new (self));
}

static void
pull_de_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (RunData) data = user_data;
  RelaisSyncSession *self = data->self;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) ids = NULL;
  g_autoptr (JsonObject) selector = NULL;
  RelaisReplicator *pull;

  if (!run_ended (data, source, result))
    return;
  ids = relais_portfolio_local_de_ids (self->store_path, self->conseiller_id, &error);
  if (ids == NULL)
    {
      stopped_on_error (self, g_steal_pointer (&error));
      return;
    }
  selector = relais_portfolio_selector (self->conseiller_id, (const char *const *) ids);
  if ((pull = new_replicator (self, TRUE, TRUE, selector)) == NULL)
    return;
  replace (&self->pull, pull);
  relais_replicator_run_async (pull, self->cancellable, continuous_done_cb, run_data_new (self));
}

static void
start_pull_portfolio (RelaisSyncSession *self)
{
  g_autoptr (JsonObject) selector = relais_portfolio_de_selector (self->conseiller_id);
  RelaisReplicator *pull = new_replicator (self, TRUE, FALSE, selector);

  if (pull == NULL)
    return;
  /* Step 1 is one-shot: the selector of step 2 needs its result. */
  replace (&self->pull, pull);
  relais_replicator_run_async (pull, self->cancellable, pull_de_done_cb, run_data_new (self));
}

static void
start_push (RelaisSyncSession *self)
{
  RelaisReplicator *push = new_replicator (self, FALSE, FALSE, NULL);

  if (push == NULL)
    return;
  /* One-shot first: it writes the poste report (which a continuous push
   * does not), then the continuous push takes over. */
  replace (&self->push, push);
  relais_replicator_run_async (push, self->cancellable, push_once_done_cb, run_data_new (self));
}

/* GObject */

static void
relais_sync_session_dispose (GObject *object)
{
  RelaisSyncSession *self = RELAIS_SYNC_SESSION (object);

  relais_sync_session_stop (self);
  replace (&self->pull, NULL);
  replace (&self->push, NULL);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (relais_sync_session_parent_class)->dispose (object);
}

static void
relais_sync_session_finalize (GObject *object)
{
  RelaisSyncSession *self = RELAIS_SYNC_SESSION (object);

  g_free (self->store_path);
  g_free (self->server_url);
  g_free (self->user);
  g_free (self->password);
  g_free (self->conseiller_id);
  g_free (self->workstation_id);
  g_free (self->error_message);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  g_strfreev (self->roles);
  G_OBJECT_CLASS (relais_sync_session_parent_class)->finalize (object);
}

static void
relais_sync_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisSyncSession *self = RELAIS_SYNC_SESSION (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    case PROP_CONNECTION:
      g_value_set_int (value, self->connection);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_LAST_SYNC:
      g_value_set_boxed (value, self->last_sync);
      break;
    case PROP_UNSENT:
      g_value_set_int64 (value, self->unsent);
      break;
    case PROP_CONFLICTS:
      g_value_set_uint (value, self->conflicts);
      break;
    case PROP_ROLES:
      g_value_set_boxed (value, self->roles);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
relais_sync_session_class_init (RelaisSyncSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = relais_sync_session_dispose;
  object_class->finalize = relais_sync_session_finalize;
  object_class->get_property = relais_sync_session_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  properties[PROP_CONNECTION] =
      g_param_spec_int ("connection", NULL, NULL, RELAIS_SYNC_CONNECTION_CONNECTING,
                        RELAIS_SYNC_CONNECTION_ERROR, RELAIS_SYNC_CONNECTION_CONNECTING, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_LAST_SYNC] = g_param_spec_boxed ("last-sync", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_UNSENT] = g_param_spec_int64 ("unsent", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_CONFLICTS] = g_param_spec_uint ("conflicts", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_ROLES] = g_param_spec_boxed ("roles", NULL, NULL, G_TYPE_STRV, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The pull wrote documents into the store: the views may reload. */
  signals[SIGNAL_PULLED] = g_signal_new ("pulled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
relais_sync_session_init (RelaisSyncSession *self)
{
  self->retry_max_ms = 30 * 1000;
  self->unsent = -1;
}

/* Public API */

RelaisSyncSession *
relais_sync_session_new (const char *store_path,
                         const char *server_url,
                         const char *user,
                         const char *password,
                         const char *conseiller_id,
                         const char *workstation_id)
{
  RelaisSyncSession *self;

  g_return_val_if_fail (store_path != NULL, NULL);
  g_return_val_if_fail (server_url != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);
  g_return_val_if_fail (conseiller_id != NULL, NULL);
  g_return_val_if_fail (workstation_id != NULL, NULL);

  self = g_object_new (RELAIS_TYPE_SYNC_SESSION, NULL);
  self->store_path = g_strdup (store_path);
  self->server_url = g_strdup (server_url);
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  self->conseiller_id = g_strdup (conseiller_id);
  self->workstation_id = g_strdup (workstation_id);
  return self;
}

/* The longest wait between two attempts while the server cannot be
 * reached (30 s by default); tests shorten it. */
void
relais_sync_session_set_retry_max_delay (RelaisSyncSession *self, guint ms)
{
  g_return_if_fail (RELAIS_IS_SYNC_SESSION (self));
  g_return_if_fail (ms > 0);
  self->retry_max_ms = ms;
}

void
relais_sync_session_start (RelaisSyncSession *self)
{
  g_autoptr (GError) error = NULL;

  g_return_if_fail (RELAIS_IS_SYNC_SESSION (self));

  if (self->cancellable != NULL)
    return;
  /* Opening creates the store on a first run (and its folder, which a
   * new user's data folder lacks): the pull fills it. */
  if (self->store == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->store_path);

      g_mkdir_with_parents (dir, 0700);
    }
  if (self->store == NULL && (self->store = relais_store_open (self->store_path, &error)) == NULL)
    {
      stopped_on_error (self, g_steal_pointer (&error));
      return;
    }
  load_push_seq (self);
  set_running (self, TRUE);
  g_clear_pointer (&self->error_message, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  set_connection (self, RELAIS_SYNC_CONNECTION_CONNECTING);
  count (self, TRUE);
  start_pull_portfolio (self);
  start_push (self);
  self->poll_id = g_timeout_add (POLL_MS, poll_cb, self);
}

void
relais_sync_session_stop (RelaisSyncSession *self)
{
  g_return_if_fail (RELAIS_IS_SYNC_SESSION (self));
  set_running (self, FALSE);
}

/* Starts over at once: a new portfolio pull (a DE newly assigned to the
 * counsellor comes in) and a push with its report. */
void
relais_sync_session_sync_now (RelaisSyncSession *self)
{
  g_return_if_fail (RELAIS_IS_SYNC_SESSION (self));
  relais_sync_session_stop (self);
  relais_sync_session_start (self);
}

gboolean
relais_sync_session_get_running (RelaisSyncSession *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_SESSION (self), FALSE);
  return self->cancellable != NULL;
}

const char *
relais_sync_session_get_server_url (RelaisSyncSession *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_SESSION (self), NULL);
  return self->server_url;
}

const char *
relais_sync_session_get_user (RelaisSyncSession *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_SESSION (self), NULL);
  return self->user;
}

const char *
relais_sync_session_get_conseiller_id (RelaisSyncSession *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_SESSION (self), NULL);
  return self->conseiller_id;
}

RelaisSyncConnection
relais_sync_session_get_connection (RelaisSyncSession *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_SESSION (self), RELAIS_SYNC_CONNECTION_ERROR);
  return self->connection;
}

/* Returns: (nullable): why the synchronisation stopped, in the user's words. */
const char *
relais_sync_session_get_error_message (RelaisSyncSession *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_SESSION (self), NULL);
  return self->error_message;
}

/* Returns: (nullable) (transfer none): when pull or push last caught up. */
GDateTime *
relais_sync_session_get_last_sync (RelaisSyncSession *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_SESSION (self), NULL);
  return self->last_sync;
}

/* Returns: the local changes the server does not have yet, -1 before the
 * first count. */
gint64
relais_sync_session_get_unsent (RelaisSyncSession *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_SESSION (self), -1);
  return self->unsent;
}

guint
relais_sync_session_get_conflicts (RelaisSyncSession *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_SESSION (self), 0);
  return self->conflicts;
}

/* Returns: (nullable) (transfer none): the user's roles as /_session gave
 * them at the last connection of this run, NULL before. */
const char *const *
relais_sync_session_get_roles (RelaisSyncSession *self)
{
  g_return_val_if_fail (RELAIS_IS_SYNC_SESSION (self), NULL);
  return (const char *const *) self->roles;
}

/* Counts again now instead of at the next poll (after a local edit). */
void
relais_sync_session_refresh_counts (RelaisSyncSession *self)
{
  g_return_if_fail (RELAIS_IS_SYNC_SESSION (self));
  count (self, TRUE);
}

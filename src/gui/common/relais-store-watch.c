/* relais-store-watch.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Tells the views when the local store changed under them. The replicator
 * writes on connections of its own (in threads, or in another process
 * such as relais-sync), and the store has no change notification, so the
 * watch compares the store's update sequence after each pull of the sync
 * session and, for writes no session reports, once a second: one indexed
 * read of a meta row, cheap enough to run all the time. Views then read
 * the changes feed since their last sequence and update only what moved.
 */

#define G_LOG_DOMAIN "relais-store-watch"

#include "config.h"

#include "relais-store-watch.h"

struct _RelaisStoreWatch
{
  GObject parent_instance;

  /* Owned References */
  RelaisContext *context;

  guint64 last_seq;
  guint timeout_id;
};

G_DEFINE_FINAL_TYPE (RelaisStoreWatch, relais_store_watch, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Signal callbacks */

static gboolean
on_timeout_cb (gpointer user_data)
{
  relais_store_watch_check (RELAIS_STORE_WATCH (user_data));
  return G_SOURCE_CONTINUE;
}

static void
on_sync_pulled_cb (RelaisStoreWatch *self, RelaisSyncSession *sync)
{
  g_assert (RELAIS_IS_STORE_WATCH (self));

  relais_store_watch_check (self);
}

static void
on_context_sync_notify_cb (RelaisStoreWatch *self, GParamSpec *pspec, RelaisContext *context)
{
  RelaisSyncSession *sync = relais_context_get_sync (context);

  g_assert (RELAIS_IS_STORE_WATCH (self));

  if (sync != NULL)
    g_signal_connect_object (sync, "pulled", G_CALLBACK (on_sync_pulled_cb), self,
                             G_CONNECT_SWAPPED);
  relais_store_watch_check (self);
}

/* Parent overrides */

static void
relais_store_watch_constructed (GObject *object)
{
  RelaisStoreWatch *self = RELAIS_STORE_WATCH (object);
  RelaisStore *store = relais_context_get_store (self->context);

  G_OBJECT_CLASS (relais_store_watch_parent_class)->constructed (object);

  if (store != NULL)
    self->last_seq = relais_store_get_update_seq (store);
  g_signal_connect_object (self->context, "notify::sync", G_CALLBACK (on_context_sync_notify_cb),
                           self, G_CONNECT_SWAPPED);
  if (relais_context_get_sync (self->context) != NULL)
    g_signal_connect_object (relais_context_get_sync (self->context), "pulled",
                             G_CALLBACK (on_sync_pulled_cb), self, G_CONNECT_SWAPPED);
  self->timeout_id = g_timeout_add (RELAIS_STORE_WATCH_INTERVAL_MS, on_timeout_cb, self);
}

static void
relais_store_watch_dispose (GObject *object)
{
  RelaisStoreWatch *self = RELAIS_STORE_WATCH (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (relais_store_watch_parent_class)->dispose (object);
}

static void
relais_store_watch_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  RelaisStoreWatch *self = RELAIS_STORE_WATCH (object);

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
relais_store_watch_set_property (GObject *object,
                                 guint prop_id,
                                 const GValue *value,
                                 GParamSpec *pspec)
{
  RelaisStoreWatch *self = RELAIS_STORE_WATCH (object);

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
relais_store_watch_class_init (RelaisStoreWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = relais_store_watch_constructed;
  object_class->dispose = relais_store_watch_dispose;
  object_class->get_property = relais_store_watch_get_property;
  object_class->set_property = relais_store_watch_set_property;

  properties[PROP_CONTEXT] =
      g_param_spec_object ("context", NULL, NULL, RELAIS_TYPE_CONTEXT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The store's update sequence moved: read the changes feed. */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
relais_store_watch_init (RelaisStoreWatch *self)
{
}

/* Public API */

RelaisStoreWatch *
relais_store_watch_new (RelaisContext *context)
{
  g_return_val_if_fail (RELAIS_IS_CONTEXT (context), NULL);

  return g_object_new (RELAIS_TYPE_STORE_WATCH, "context", context, NULL);
}

/* Emits "changed" when the store was written since the last check. */
void
relais_store_watch_check (RelaisStoreWatch *self)
{
  RelaisStore *store;
  guint64 seq;

  g_return_if_fail (RELAIS_IS_STORE_WATCH (self));

  if (self->context == NULL || (store = relais_context_get_store (self->context)) == NULL)
    return;
  seq = relais_store_get_update_seq (store);
  if (seq == self->last_seq)
    return;
  self->last_seq = seq;
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

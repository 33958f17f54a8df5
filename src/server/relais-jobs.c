/* relais-jobs.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The server jobs. The decisions and the new bodies come from
 * relais-offer-rules.c; this file only finds the offers, writes the new
 * revisions through the store and the messages through the outbox.
 *
 * Exactly once, across crashes. An event (a closure or an alert) is one
 * new revision of the offer carrying a journal entry by "relais-server"
 * dated "now", plus its messages. The order is:
 *   1. stage every message in outbox/tmp (written and fsynced), each
 *      carrying the event in X-Relais-* headers (database, offer, journal
 *      service and date);
 *   2. write the revision (one SQLite transaction: there or not);
 *   3. rename the staged messages into outbox/new.
 * A crash before 2 leaves staged messages of an event that does not exist;
 * a crash after 2 leaves staged messages of an event that does. Every run
 * starts by settling outbox/tmp: a staged message whose journal entry is
 * in the offer is delivered, any other is removed (the offer still needs
 * its closure or alert, which this run then makes afresh). So no message
 * is lost and none is sent twice, and the journal entry is the only marker
 * — the one the employer sees anyway. Running again without a crash finds
 * nothing to do: the rules return nothing for a closed offer or for an
 * offer alerted within the period. Runs exclude each other with a lock on
 * the outbox, or one run's settling could remove another's staged messages.
 */

#define G_LOG_DOMAIN "relais-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "relais-core.h"
#include "relais-domain.h"
#include "relais-jobs.h"
#include "relais-mail.h"
#include "relais-offer-rules.h"
#include "relais-server-error.h"
#include "relais-validate.h"

#define LOCK_NAME ".relais-jobs.lock"
#define HEADER_DATABASE "X-Relais-Database"
#define HEADER_DOCUMENT "X-Relais-Document"
#define HEADER_EVENT "X-Relais-Event"
#define HEADER_RECIPIENT "X-Relais-Recipient"
#define HEADER_KIND "X-Relais-Message"

typedef struct
{
  RelaisDbRegistry *registry;
  RelaisOutbox *outbox;
  const char *from;
  char *domain; /* of the From address, for Message-IDs */
  GDateTime *now;
  RelaisJobsReport *report;
} Run;

static const char *const open_statuts[] = { "diagnostic", "recueil", "traitement" };

/* <data-dir>/outbox. Transfer full. */
char *
relais_jobs_outbox_dir (const char *data_dir)
{
  g_return_val_if_fail (data_dir != NULL, NULL);
  return g_build_filename (data_dir, "outbox", NULL);
}

static const char *
kind_name (RelaisOfferMessageKind kind)
{
  switch (kind)
    {
    case RELAIS_OFFER_MESSAGE_SATISFACTION:
      return "satisfaction";
    case RELAIS_OFFER_MESSAGE_CLOTURE_DE:
      return "cloture-de";
    case RELAIS_OFFER_MESSAGE_SANS_MOUVEMENT:
      return "sans-mouvement";
    default:
      return "autre";
    }
}

static char *
from_domain (const char *from)
{
  const char *at = strrchr (from, '@');
  gsize len;

  if (at == NULL)
    return g_strdup ("relais.invalid");
  at++;
  len = strcspn (at, "> \t");
  return len > 0 ? g_strndup (at, len) : g_strdup ("relais.invalid");
}

static JsonObject *
get_doc (RelaisStore *store, const char *id)
{
  if (id == NULL)
    return NULL;
  return relais_store_get (store, id, NULL, RELAIS_GET_NONE, NULL);
}

static const char *
get_string (JsonObject *obj, const char *name)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* The entry the rules just appended: the last of the journal. */
static JsonObject *
last_journal_entry (JsonObject *body)
{
  JsonNode *node = json_object_get_member (body, "journal");
  JsonArray *journal;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  journal = json_node_get_array (node);
  n = json_array_get_length (journal);
  if (n == 0 || !JSON_NODE_HOLDS_OBJECT (json_array_get_element (journal, n - 1)))
    return NULL;
  return json_array_get_object_element (journal, n - 1);
}

static gboolean
journal_has_event (JsonObject *offre, const char *service, const char *date)
{
  JsonNode *node = json_object_get_member (offre, "journal");
  JsonArray *journal;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  journal = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (journal); i++)
    {
      JsonNode *element = json_array_get_element (journal, i);
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      entry = json_node_get_object (element);
      if (g_strcmp0 (get_string (entry, "service"), service) == 0 &&
          g_strcmp0 (get_string (entry, "date"), date) == 0 &&
          g_strcmp0 (get_string (entry, "auteur"), RELAIS_OFFER_SERVER_AUTHOR) == 0)
        return TRUE;
    }
  return FALSE;
}

/* 16 hex digits naming the event: the same event always gets the same
 * Message-IDs, which lets a downstream agent drop a duplicate too. */
static char *
event_key (const char *db, const char *id, const char *service, const char *date)
{
  g_autofree char *text = g_strjoin ("\n", db, id, service, date, NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);

  return g_strndup (hash, 16);
}

/* Where the message goes: the address the rules found, else the DE's own
 * address for a DE, else the correspondant de l'offre's (DOMAIN.md: the
 * correspondant runs the whole process) so that a person forwards it; NULL
 * when nobody has one (the message then waits in the outbox with its
 * X-Relais-Recipient for an agent to post it). */
static char *
resolve_to (RelaisStore *store, JsonObject *offre, const RelaisOfferMessage *message)
{
  g_autoptr (JsonObject) de = NULL;
  g_autoptr (JsonObject) correspondant = NULL;
  const char *email;

  if (message->to != NULL)
    return g_strdup (message->to);
  if (message->kind == RELAIS_OFFER_MESSAGE_CLOTURE_DE)
    {
      de = get_doc (store, message->recipient_id);
      email = get_string (de, "email");
      return email != NULL && relais_email_is_valid (email) ? g_strdup (email) : NULL;
    }
  correspondant = get_doc (store, get_string (offre, "correspondant"));
  email = get_string (correspondant, "email");
  return email != NULL && relais_email_is_valid (email) ? g_strdup (email) : NULL;
}

static char *
compose (Run *run,
         RelaisDb *db,
         JsonObject *body,
         const RelaisOfferMessage *message,
         const char *key,
         guint index,
         const char *event)
{
  g_autofree char *to = resolve_to (relais_db_get_store (db), body, message);
  g_autofree char *message_id = g_strdup_printf ("%s.%u@%s", key, index, run->domain);
  const char *headers[] = {
    HEADER_DATABASE,
    relais_db_get_name (db),
    HEADER_DOCUMENT,
    relais_doc_get_id (body),
    HEADER_EVENT,
    event,
    HEADER_KIND,
    kind_name (message->kind),
    message->recipient_id != NULL ? HEADER_RECIPIENT : NULL,
    message->recipient_id,
    NULL,
  };
  RelaisMailMessage mail = {
    .from = run->from,
    .to = to,
    .subject = message->subject,
    .body = message->body,
    .message_id = message_id,
    .date = run->now,
    .extra_headers = headers,
  };

  return relais_mail_format (&mail);
}

static void
discard_all (Run *run, GPtrArray *staged)
{
  for (guint i = 0; i < staged->len; i++)
    {
      g_autoptr (GError) error = NULL;

      if (!relais_outbox_discard (run->outbox, g_ptr_array_index (staged, i), &error))
        g_warning ("jobs: %s", error->message);
    }
}

/* One event: stage the messages, write the revision, deliver (see the top
 * of the file). FALSE only for an outbox failure, which stops the run; a
 * refused revision (the offer changed meanwhile, or is invalid) is left for
 * the next run. */
static gboolean
commit_event (Run *run, RelaisDb *db, JsonObject *body, GPtrArray *messages, GError **error)
{
  g_autoptr (GPtrArray) staged = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local_error = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *key = NULL;
  g_autofree char *event = NULL;
  JsonObject *entry = last_journal_entry (body);
  const char *id = relais_doc_get_id (body);

  if (entry == NULL || get_string (entry, "service") == NULL || get_string (entry, "date") == NULL)
    {
      g_warning ("jobs: %s/%s: the rules gave no journal entry", relais_db_get_name (db), id);
      run->report->failed++;
      return TRUE;
    }
  /* The server checks its own writes as any other. */
  if (!relais_validate_doc (body, NULL, &local_error))
    {
      g_warning ("jobs: %s/%s left as is: %s", relais_db_get_name (db), id, local_error->message);
      run->report->failed++;
      return TRUE;
    }

  event = g_strdup_printf ("%s %s", get_string (entry, "service"), get_string (entry, "date"));
  key = event_key (relais_db_get_name (db), id, get_string (entry, "service"),
                   get_string (entry, "date"));
  for (guint i = 0; i < messages->len; i++)
    {
      g_autofree char *text =
          compose (run, db, body, g_ptr_array_index (messages, i), key, i, event);
      char *name = relais_outbox_stage (run->outbox, key, text, error);

      if (name == NULL)
        {
          discard_all (run, staged);
          return FALSE;
        }
      g_ptr_array_add (staged, name);
    }

  /* A short write beside the requests': it waits for the one in progress. */
  rev = relais_store_put (relais_db_lock_writer (db), body, TRUE, &local_error);
  relais_db_unlock_writer (db);
  if (rev == NULL)
    {
      g_warning ("jobs: %s/%s not written, retried at the next run: %s", relais_db_get_name (db),
                 id, local_error->message);
      discard_all (run, staged);
      run->report->failed++;
      return TRUE;
    }
  relais_db_notify_changed (db);

  for (guint i = 0; i < staged->len; i++)
    {
      g_autoptr (GError) deliver_error = NULL;

      /* Left in tmp/, the next run's settling delivers it. */
      if (relais_outbox_deliver (run->outbox, g_ptr_array_index (staged, i), &deliver_error))
        run->report->messages++;
      else
        g_warning ("jobs: %s", deliver_error->message);
    }
  g_message ("jobs: %s/%s %s (%s), %u message(s)", relais_db_get_name (db), id,
             get_string (entry, "service"), rev, staged->len);
  return TRUE;
}

static GPtrArray *
candidatures_of (RelaisStore *store, const char *offre_id)
{
  g_autoptr (GPtrArray) ids =
      relais_store_find_by_field (store, RELAIS_DOC_TYPE_CANDIDATURE, "offre", offre_id, NULL);
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; ids != NULL && i < ids->len; i++)
    {
      JsonObject *doc = get_doc (store, g_ptr_array_index (ids, i));

      if (doc != NULL)
        g_ptr_array_add (docs, doc);
    }
  return docs;
}

static gboolean
process_offer (Run *run, RelaisDb *db, const char *id, GError **error)
{
  RelaisStore *store = relais_db_get_store (db);
  g_autoptr (JsonObject) offre = get_doc (store, id);
  g_autoptr (JsonObject) entreprise = NULL;
  g_autoptr (JsonObject) closed = NULL;
  g_autoptr (JsonObject) alerted = NULL;

  if (offre == NULL)
    return TRUE;
  entreprise = get_doc (store, get_string (offre, "entreprise_id"));

  if ((closed = relais_offer_build_auto_closure (offre, run->now)) != NULL)
    {
      g_autoptr (GPtrArray) candidatures = candidatures_of (store, id);
      g_autoptr (GPtrArray) messages =
          relais_offer_closure_messages (closed, candidatures, entreprise);
      guint failed = run->report->failed;

      if (!commit_event (run, db, closed, messages, error))
        return FALSE;
      if (run->report->failed == failed)
        run->report->closed++;
      return TRUE;
    }

  if ((alerted = relais_offer_build_no_movement_alert (offre, run->now, 0)) != NULL)
    {
      g_autoptr (GPtrArray) messages =
          g_ptr_array_new_with_free_func ((GDestroyNotify) relais_offer_message_free);
      guint failed = run->report->failed;

      g_ptr_array_add (messages, relais_offer_no_movement_message (alerted, entreprise, 0));
      if (!commit_event (run, db, alerted, messages, error))
        return FALSE;
      if (run->report->failed == failed)
        run->report->alerts++;
    }
  return TRUE;
}

static gboolean
run_db (Run *run, RelaisDb *db, GError **error)
{
  RelaisStore *store = relais_db_get_store (db);

  for (guint s = 0; s < G_N_ELEMENTS (open_statuts); s++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autoptr (GPtrArray) ids = relais_store_find_by_field (
          store, RELAIS_DOC_TYPE_OFFRE, "statut", open_statuts[s], &local_error);

      if (ids == NULL)
        {
          g_warning ("jobs: %s: %s", relais_db_get_name (db), local_error->message);
          continue;
        }
      for (guint i = 0; i < ids->len; i++)
        if (!process_offer (run, db, g_ptr_array_index (ids, i), error))
          return FALSE;
    }
  return TRUE;
}

/* Settles outbox/tmp after an interrupted run (see the top of the file). */
static gboolean
settle_staged (Run *run, GError **error)
{
  g_autoptr (GPtrArray) names = relais_outbox_list (run->outbox, "tmp", error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr (GError) local_error = NULL;
      g_autofree char *text = relais_outbox_read_staged (run->outbox, name, &local_error);
      g_autoptr (GHashTable) headers = NULL;
      g_autoptr (RelaisDb) db = NULL;
      g_autoptr (JsonObject) offre = NULL;
      g_auto (GStrv) event = NULL;
      const char *db_name, *doc_id, *event_text;

      if (text == NULL)
        {
          g_warning ("jobs: %s", local_error->message);
          continue;
        }
      headers = relais_mail_parse_headers (text);
      db_name = g_hash_table_lookup (headers, "x-relais-database");
      doc_id = g_hash_table_lookup (headers, "x-relais-document");
      event_text = g_hash_table_lookup (headers, "x-relais-event");
      /* Not ours: someone else stages there, leave it. */
      if (db_name == NULL || doc_id == NULL || event_text == NULL)
        continue;

      event = g_strsplit (event_text, " ", 2);
      if (event[0] != NULL && event[1] != NULL &&
          (db = relais_db_registry_open (run->registry, db_name, NULL)) != NULL &&
          (offre = get_doc (relais_db_get_store (db), doc_id)) != NULL &&
          journal_has_event (offre, event[0], event[1]))
        {
          if (!relais_outbox_deliver (run->outbox, name, error))
            return FALSE;
          run->report->recovered++;
          g_message ("jobs: delivered %s, staged by an interrupted run", name);
        }
      else
        {
          if (!relais_outbox_discard (run->outbox, name, error))
            return FALSE;
          run->report->discarded++;
          g_message ("jobs: removed %s: its event was never written", name);
        }
    }
  return TRUE;
}

static int
take_lock (RelaisOutbox *outbox, GError **error)
{
  g_autofree char *path = g_build_filename (relais_outbox_get_dir (outbox), LOCK_NAME, NULL);
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "Cannot open %s: %s", path,
                   g_strerror (saved));
      return -1;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      close (fd);
      g_set_error (error, G_IO_ERROR, saved == EWOULDBLOCK ? G_IO_ERROR_BUSY : G_IO_ERROR_FAILED,
                   "Another run of the jobs holds %s", path);
      return -1;
    }
  return fd;
}

/**
 * relais_jobs_run:
 * @from: the From header of the messages
 * @now: the instant the rules compare with (the tests give theirs)
 * @report: (out caller-allocates): what was done
 *
 * Runs the jobs once over every `agence-*` database of @registry. An
 * offer that cannot be written (it changed meanwhile) is left for the
 * next run; the run fails only when the outbox cannot be written.
 */
gboolean
relais_jobs_run (RelaisDbRegistry *registry,
                 RelaisOutbox *outbox,
                 const char *from,
                 GDateTime *now,
                 RelaisJobsReport *report,
                 GError **error)
{
  g_auto (GStrv) names = NULL;
  g_autofree char *domain = NULL;
  Run run;
  gboolean ok = TRUE;
  int lock;

  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (registry), FALSE);
  g_return_val_if_fail (RELAIS_IS_OUTBOX (outbox), FALSE);
  g_return_val_if_fail (from != NULL && now != NULL && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  if ((lock = take_lock (outbox, error)) < 0)
    return FALSE;

  domain = from_domain (from);
  run = (Run){ registry, outbox, from, domain, now, report };

  if (!settle_staged (&run, error) || (names = relais_db_registry_list (registry, error)) == NULL)
    ok = FALSE;

  for (guint i = 0; ok && names[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;
      g_autoptr (RelaisDb) db = NULL;

      if (!g_str_has_prefix (names[i], RELAIS_JOBS_DB_PREFIX))
        continue;
      if ((db = relais_db_registry_open (registry, names[i], &local_error)) == NULL)
        {
          g_warning ("jobs: %s: %s", names[i], local_error->message);
          continue;
        }
      report->databases++;
      ok = run_db (&run, db, error);
    }

  close (lock);
  return ok;
}

/* The timer */

struct _RelaisJobsTimer
{
  RelaisDbRegistry *registry;
  RelaisOutbox *outbox;
  char *from;
  guint source;
};

static gboolean
timer_cb (gpointer user_data)
{
  RelaisJobsTimer *timer = user_data;
  g_autoptr (GTimeZone) tz = relais_offer_time_zone ();
  g_autoptr (GDateTime) now = g_date_time_new_now (tz);
  g_autoptr (GError) error = NULL;
  RelaisJobsReport report;

  if (!relais_jobs_run (timer->registry, timer->outbox, timer->from, now, &report, &error))
    g_warning ("jobs: %s", error->message);
  else if (report.closed + report.alerts + report.recovered + report.failed > 0)
    g_message ("jobs: %u closed, %u alerts, %u messages, %u left for the next run", report.closed,
               report.alerts, report.messages + report.recovered, report.failed);
  return G_SOURCE_CONTINUE;
}

static gboolean
first_run_cb (gpointer user_data)
{
  RelaisJobsTimer *timer = user_data;

  timer_cb (timer);
  return G_SOURCE_REMOVE;
}

/**
 * relais_jobs_timer_start:
 *
 * Runs the jobs on the main loop every `[jobs] interval` seconds, the
 * first time right after startup (a server that was down catches up).
 *
 * Returns: (transfer full) (nullable): the timer, or NULL with @error unset
 *   when the interval is 0 (jobs disabled), or with @error set
 */
RelaisJobsTimer *
relais_jobs_timer_start (RelaisDbRegistry *registry,
                         const RelaisServerConfig *config,
                         GError **error)
{
  g_autofree char *dir = NULL;
  RelaisOutbox *outbox;
  RelaisJobsTimer *timer;

  g_return_val_if_fail (RELAIS_IS_DB_REGISTRY (registry), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  if (config->jobs_interval == 0)
    return NULL;

  dir = relais_jobs_outbox_dir (config->data_dir);
  if ((outbox = relais_outbox_open (dir, error)) == NULL)
    return NULL;

  timer = g_new0 (RelaisJobsTimer, 1);
  timer->registry = g_object_ref (registry);
  timer->outbox = outbox;
  timer->from = g_strdup (config->jobs_from);
  timer->source = g_timeout_add_seconds (config->jobs_interval, timer_cb, timer);
  g_idle_add_full (G_PRIORITY_LOW, first_run_cb, timer, NULL);
  return timer;
}

void
relais_jobs_timer_stop (RelaisJobsTimer *timer)
{
  if (timer == NULL)
    return;
  g_clear_handle_id (&timer->source, g_source_remove);
  g_idle_remove_by_data (timer);
  g_clear_object (&timer->outbox);
  g_clear_object (&timer->registry);
  g_free (timer->from);
  g_free (timer);
}

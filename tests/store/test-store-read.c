/* test-store-read.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Reads: get with revs/conflicts/open_revs, the changes feed (order, one
 * row per document at its latest sequence, limit, all_docs, descending),
 * revs_diff, and the field queries of the views.
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "store-test-utils.h"

#include "relais-store-query.h"

typedef struct
{
  GPtrArray *ids;
  GArray *seqs;
  GPtrArray *revs;    /* "rev,rev" per row */
  GPtrArray *deleted; /* ids of deleted rows */
  GPtrArray *docs;
  guint stop_after;
} Feed;

static gboolean
feed_cb (const RelaisChange *change, gpointer user_data)
{
  Feed *feed = user_data;
  g_autofree char *revs = g_strjoinv (",", (GStrv) change->revs);

  g_ptr_array_add (feed->ids, g_strdup (change->id));
  g_array_append_val (feed->seqs, change->seq);
  g_ptr_array_add (feed->revs, g_steal_pointer (&revs));
  if (change->deleted)
    g_ptr_array_add (feed->deleted, g_strdup (change->id));
  if (change->doc_json != NULL)
    g_ptr_array_add (feed->docs, g_strdup (change->doc_json));
  return feed->stop_after == 0 || feed->ids->len < feed->stop_after;
}

static void
feed_init (Feed *feed)
{
  feed->ids = g_ptr_array_new_with_free_func (g_free);
  feed->seqs = g_array_new (FALSE, FALSE, sizeof (guint64));
  feed->revs = g_ptr_array_new_with_free_func (g_free);
  feed->deleted = g_ptr_array_new_with_free_func (g_free);
  feed->docs = g_ptr_array_new_with_free_func (g_free);
  feed->stop_after = 0;
}

static void
feed_clear (Feed *feed)
{
  g_ptr_array_unref (feed->ids);
  g_array_unref (feed->seqs);
  g_ptr_array_unref (feed->revs);
  g_ptr_array_unref (feed->deleted);
  g_ptr_array_unref (feed->docs);
}

static guint64
read_feed (RelaisStore *store, guint64 since, guint limit, RelaisChangesFlags flags, Feed *feed)
{
  g_autoptr (GError) error = NULL;
  guint64 last = G_MAXUINT64;

  g_assert_true (relais_store_changes (store, since, limit, flags, feed_cb, feed, &last, &error));
  g_assert_no_error (error);
  return last;
}

/* a, b, c written; a edited; b deleted; d written: seqs 1..6. */
static void
write_history (RelaisStore *store, char **rev_a2)
{
  g_autofree char *a1 = put_ok (store, "{\"_id\":\"a\",\"v\":1}", TRUE);
  g_autofree char *b1 = put_ok (store, "{\"_id\":\"b\",\"v\":1}", TRUE);
  g_autofree char *edit = g_strdup_printf ("{\"_id\":\"a\",\"_rev\":\"%s\",\"v\":2}", a1);
  g_autofree char *del = g_strdup_printf ("{\"_id\":\"b\",\"_rev\":\"%s\",\"_deleted\":true}", b1);

  g_free (put_ok (store, "{\"_id\":\"c\",\"v\":1}", TRUE));
  *rev_a2 = put_ok (store, edit, TRUE);
  g_free (put_ok (store, del, TRUE));
  g_free (put_ok (store, "{\"_id\":\"d\",\"v\":1}", TRUE));
}

static void
test_changes (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autofree char *a2 = NULL;
  Feed feed;
  guint64 last;

  write_history (store, &a2);
  g_assert_cmpuint (relais_store_get_update_seq (store), ==, 6);

  feed_init (&feed);
  last = read_feed (store, 0, 0, RELAIS_CHANGES_NONE, &feed);
  /* c at 3, a at 4, b at 5, d at 6: each once, at its latest sequence. */
  g_assert_cmpuint (feed.ids->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (feed.ids, 0), ==, "c");
  g_assert_cmpstr (g_ptr_array_index (feed.ids, 1), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (feed.ids, 2), ==, "b");
  g_assert_cmpstr (g_ptr_array_index (feed.ids, 3), ==, "d");
  for (guint i = 1; i < feed.seqs->len; i++)
    g_assert_cmpuint (g_array_index (feed.seqs, guint64, i - 1), <,
                      g_array_index (feed.seqs, guint64, i));
  g_assert_cmpuint (g_array_index (feed.seqs, guint64, 1), ==, 4);
  g_assert_cmpstr (g_ptr_array_index (feed.revs, 1), ==, a2);
  g_assert_cmpuint (feed.deleted->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (feed.deleted, 0), ==, "b");
  g_assert_cmpuint (last, ==, 6);
  feed_clear (&feed);

  /* since and limit */
  feed_init (&feed);
  last = read_feed (store, 4, 1, RELAIS_CHANGES_NONE, &feed);
  g_assert_cmpuint (feed.ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (feed.ids, 0), ==, "b");
  g_assert_cmpuint (last, ==, 5);
  feed_clear (&feed);

  /* Nothing after the last sequence: last_seq stays at since. */
  feed_init (&feed);
  last = read_feed (store, 6, 0, RELAIS_CHANGES_NONE, &feed);
  g_assert_cmpuint (feed.ids->len, ==, 0);
  g_assert_cmpuint (last, ==, 6);
  feed_clear (&feed);

  /* descending */
  feed_init (&feed);
  read_feed (store, 0, 2, RELAIS_CHANGES_DESCENDING, &feed);
  g_assert_cmpuint (feed.ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (feed.ids, 0), ==, "d");
  g_assert_cmpstr (g_ptr_array_index (feed.ids, 1), ==, "b");
  feed_clear (&feed);

  /* The callback stops the feed. */
  feed_init (&feed);
  feed.stop_after = 2;
  last = read_feed (store, 0, 0, RELAIS_CHANGES_NONE, &feed);
  g_assert_cmpuint (feed.ids->len, ==, 2);
  g_assert_cmpuint (last, ==, 4);
  feed_clear (&feed);

  /* include_docs splices the winner's JSON. */
  feed_init (&feed);
  read_feed (store, 3, 1, RELAIS_CHANGES_INCLUDE_DOCS, &feed);
  g_assert_cmpuint (feed.docs->len, ==, 1);
  {
    g_autoptr (JsonObject) doc = doc_new (g_ptr_array_index (feed.docs, 0));

    g_assert_cmpstr (json_object_get_string_member (doc, "_id"), ==, "a");
    g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, a2);
    g_assert_cmpint (json_object_get_int_member (doc, "v"), ==, 2);
  }
  feed_clear (&feed);
}

static void
test_changes_all_docs (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  const char *one[] = { "bbbb", "root", NULL };
  const char *two[] = { "aaaa", "root", NULL };
  const char *dead[] = { "cccc", "root", NULL };
  Feed feed;

  put_replicated (store, "x", 2, one, FALSE, "one");
  put_replicated (store, "x", 2, two, FALSE, "two");
  put_replicated (store, "x", 2, dead, TRUE, NULL);

  feed_init (&feed);
  read_feed (store, 0, 0, RELAIS_CHANGES_NONE, &feed);
  g_assert_cmpuint (feed.ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (feed.revs, 0), ==, "2-bbbb");
  g_assert_cmpuint (g_array_index (feed.seqs, guint64, 0), ==, 3);
  feed_clear (&feed);

  /* Every leaf, the deleted one too, winner first. */
  feed_init (&feed);
  read_feed (store, 0, 0, RELAIS_CHANGES_ALL_DOCS, &feed);
  g_assert_cmpuint (feed.ids->len, ==, 1);
  {
    g_auto (GStrv) revs = g_strsplit (g_ptr_array_index (feed.revs, 0), ",", -1);

    g_assert_cmpuint (g_strv_length (revs), ==, 3);
    g_assert_cmpstr (revs[0], ==, "2-bbbb");
    g_assert_true (strv_has (revs, "2-aaaa"));
    g_assert_true (strv_has (revs, "2-cccc"));
  }
  g_assert_cmpuint (feed.deleted->len, ==, 0);
  feed_clear (&feed);
}

static void
test_get_flags (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  const char *main_path[] = { "cccc", "bbbb", "aaaa", NULL };
  const char *other[] = { "dddd", "bbbb", "aaaa", NULL };
  g_autoptr (JsonObject) doc = NULL;
  g_autofree char *json = NULL;
  g_autoptr (GPtrArray) open_revs = NULL;
  JsonObject *revisions;
  JsonArray *ids;
  const char *wanted[] = { "3-cccc", "3-nope", "2-bbbb", NULL };

  put_replicated (store, "x", 3, main_path, FALSE, "main");
  put_replicated (store, "x", 3, other, FALSE, "other");

  /* Plain get: only _id and _rev added to the stored body. */
  json = relais_store_get_json (store, "x", NULL, RELAIS_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, "{\"_id\":\"x\",\"_rev\":\"3-dddd\",\"v\":\"other\"}");

  doc = relais_store_get (store, "x", "3-cccc", RELAIS_GET_REVS | RELAIS_GET_CONFLICTS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "v"), ==, "main");
  revisions = json_object_get_object_member (doc, "_revisions");
  g_assert_cmpint (json_object_get_int_member (revisions, "start"), ==, 3);
  ids = json_object_get_array_member (revisions, "ids");
  g_assert_cmpuint (json_array_get_length (ids), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (ids, 0), ==, "cccc");
  g_assert_cmpstr (json_array_get_string_element (ids, 2), ==, "aaaa");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "_conflicts")), ==,
                    1);

  /* A revision known without its body is missing. */
  g_clear_pointer (&json, g_free);
  json = relais_store_get_json (store, "x", "2-bbbb", RELAIS_GET_NONE, &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  open_revs = relais_store_get_open_revs (store, "x", wanted, RELAIS_GET_REVS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open_revs->len, ==, 3);
  {
    g_autoptr (JsonObject) found = doc_new (g_ptr_array_index (open_revs, 0));
    g_autoptr (JsonObject) missing = doc_new (g_ptr_array_index (open_revs, 1));
    g_autoptr (JsonObject) no_body = doc_new (g_ptr_array_index (open_revs, 2));
    JsonObject *ok = json_object_get_object_member (found, "ok");

    g_assert_cmpstr (json_object_get_string_member (ok, "_rev"), ==, "3-cccc");
    g_assert_true (json_object_has_member (ok, "_revisions"));
    g_assert_cmpstr (json_object_get_string_member (missing, "missing"), ==, "3-nope");
    g_assert_cmpstr (json_object_get_string_member (no_body, "missing"), ==, "2-bbbb");
  }
  g_clear_pointer (&open_revs, g_ptr_array_unref);

  /* open_revs=all: every leaf. */
  open_revs = relais_store_get_open_revs (store, "x", NULL, RELAIS_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (open_revs->len, ==, 2);
  for (guint i = 0; i < open_revs->len; i++)
    {
      g_autoptr (JsonObject) item = doc_new (g_ptr_array_index (open_revs, i));

      g_assert_true (json_object_has_member (item, "ok"));
    }
  g_clear_pointer (&open_revs, g_ptr_array_unref);

  open_revs = relais_store_get_open_revs (store, "nothing", NULL, RELAIS_GET_NONE, &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND);
  g_assert_null (open_revs);
}

static void
test_revs_diff (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  const char *path[] = { "bbbb", "aaaa", NULL };
  g_autoptr (JsonObject) request = doc_new ("{\"x\":[\"2-bbbb\",\"1-aaaa\",\"3-cccc\",\"5-eeee\"],"
                                            " \"y\":[\"1-zzzz\"], \"known\":[\"2-bbbb\"]}");
  g_autoptr (JsonObject) answer = NULL;
  g_autoptr (JsonObject) bad_request = doc_new ("{\"x\":\"2-bbbb\"}");
  g_autoptr (JsonObject) bad_answer = NULL;
  JsonObject *x, *y;
  JsonArray *missing, *ancestors;

  put_replicated (store, "x", 2, path, FALSE, "x");
  put_replicated (store, "known", 2, path, FALSE, "k");

  answer = relais_store_revs_diff (store, request, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (answer, "known"));

  x = json_object_get_object_member (answer, "x");
  missing = json_object_get_array_member (x, "missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (missing, 0), ==, "3-cccc");
  g_assert_cmpstr (json_array_get_string_element (missing, 1), ==, "5-eeee");
  ancestors = json_object_get_array_member (x, "possible_ancestors");
  g_assert_cmpuint (json_array_get_length (ancestors), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (ancestors, 0), ==, "2-bbbb");

  /* An unknown document: everything missing, no ancestors. */
  y = json_object_get_object_member (answer, "y");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (y, "missing")), ==, 1);
  g_assert_false (json_object_has_member (y, "possible_ancestors"));

  bad_answer = relais_store_revs_diff (store, bad_request, &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID);
  g_assert_null (bad_answer);
}

static void
test_revs_diff_stemmed (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  const char *path[] = { "dddd", "cccc", "bbbb", "aaaa", NULL };
  g_autoptr (JsonObject) request = doc_new ("{\"x\":[\"1-aaaa\",\"4-dddd\"]}");
  g_autoptr (JsonObject) answer = NULL;
  JsonArray *missing;

  g_assert_true (relais_store_set_revs_limit (store, 2, NULL));
  put_replicated (store, "x", 4, path, FALSE, "x");

  /* Stemmed revisions count as missing. */
  answer = relais_store_revs_diff (store, request, &error);
  g_assert_no_error (error);
  missing = json_object_get_array_member (json_object_get_object_member (answer, "x"), "missing");
  g_assert_cmpuint (json_array_get_length (missing), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (missing, 0), ==, "1-aaaa");
}

/* The query plan of the views' query shape names @index. */
static gboolean
plan_uses (const char *path, const char *sql, const char *index)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    found |= strstr ((const char *) sqlite3_column_text (stmt, 3), index) != NULL;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return found;
}

static void
test_query_plans (StoreFixture *fixture, gconstpointer data)
{
  g_assert_true (plan_uses (fixture->path,
                            "SELECT id FROM docs WHERE deleted = 0 AND type = 'entretien'"
                            " AND json_extract (body, '$.de') = ?1 ORDER BY id",
                            "docs_entretien_de"));
  g_assert_true (plan_uses (fixture->path,
                            "SELECT id FROM docs WHERE deleted = 0 AND type = 'offre'"
                            " AND json_extract (body, '$.lieuTravail.commune') = ?1",
                            "docs_offre_commune"));
  g_assert_true (plan_uses (
      fixture->path, "SELECT count(*) FROM docs WHERE deleted = 0 AND type = ?1", "docs_type"));
}

static void
test_queries (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *del = NULL;

  g_free (put_ok (store,
                  "{\"_id\":\"de:1\",\"type\":\"de\",\"referent\":\"c:1\","
                  "\"adresse\":{\"commune\":\"35238\"},\"modalite\":\"guide\"}",
                  TRUE));
  rev = put_ok (store,
                "{\"_id\":\"de:2\",\"type\":\"de\",\"referent\":\"c:1\","
                "\"adresse\":{\"commune\":\"35047\"},\"modalite\":\"suivi\"}",
                TRUE);
  g_free (put_ok (store, "{\"_id\":\"de:3\",\"type\":\"de\",\"referent\":\"c:2\"}", TRUE));
  g_free (put_ok (store, "{\"_id\":\"o:1\",\"type\":\"offre\",\"referent\":\"c:1\"}", TRUE));

  g_assert_cmpuint (relais_store_count_type (store, "de", &error), ==, 3);
  g_assert_cmpuint (relais_store_count_type (store, "offre", &error), ==, 1);
  g_assert_no_error (error);

  ids = relais_store_find_by_field (store, "de", "referent", "c:1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "de:1");
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, "de:2");
  g_clear_pointer (&ids, g_ptr_array_unref);

  ids = relais_store_find_by_field (store, "de", "adresse.commune", "35047", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "de:2");
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* A list member (read from de_list) matches a JSON string only, as
   * json_extract () = ?1 would. */
  g_free (put_ok (store, "{\"_id\":\"de:4\",\"type\":\"de\",\"identifiant\":42}", TRUE));
  ids = relais_store_find_by_field (store, "de", "identifiant", "42", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = relais_store_find_by_field (store, "de", "modalite", "guide", &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "de:1");
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* Deleted documents leave the views. */
  del = g_strdup_printf ("{\"_id\":\"de:2\",\"_rev\":\"%s\",\"_deleted\":true}", rev);
  g_free (put_ok (store, del, TRUE));
  ids = relais_store_find_by_field (store, "de", "referent", "c:1", &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpuint (relais_store_count_type (store, "de", &error), ==, 3);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* A field name is spelled into SQL: anything else is refused. */
  ids = relais_store_find_by_field (store, "de", "x') OR 1=1 --", "c:1", &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID);
  g_assert_null (ids);
}

static gboolean
collect_fields_cb (const char *id, const char *const *values, gpointer user_data)
{
  GString *out = user_data;

  g_string_append (out, id);
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (out, "|%s", values[i] != NULL ? values[i] : "(null)");
  g_string_append_c (out, '\n');
  return TRUE;
}

static int
compare_strings (const void *a, const void *b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

/* The rows of relais_store_select_fields(), sorted, one a line. */
static char *
select_fields (RelaisStore *store,
               const char *type,
               const char *match_field,
               const char *match_value,
               GError **error)
{
  static const char *const fields[] = { "nom", "portefeuille", "adresse.commune", "age", NULL };
  g_autoptr (GString) out = g_string_new (NULL);
  g_auto (GStrv) lines = NULL;

  if (!relais_store_select_fields (store, type, fields, match_field, match_value, collect_fields_cb,
                                   out, error))
    return NULL;
  lines = g_strsplit (out->str, "\n", -1);
  qsort (lines, g_strv_length (lines), sizeof (char *), compare_strings);
  return g_strjoinv ("\n", lines);
}

static void
test_select_fields (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *one = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *bad = NULL;
  g_autoptr (JsonObject) deleted = NULL;

  g_free (put_ok (store,
                  "{\"_id\":\"de:a\",\"type\":\"de\",\"nom\":\"Lefèvre\","
                  "\"portefeuille\":\"portefeuille:1\",\"adresse\":{\"commune\":\"35238\"},"
                  "\"age\":41}",
                  TRUE));
  /* Not strings: a number, null, an object, an array give NULL. */
  g_free (put_ok (store,
                  "{\"_id\":\"de:b\",\"type\":\"de\",\"nom\":null,"
                  "\"portefeuille\":\"portefeuille:2\",\"adresse\":[\"x\"],\"age\":\"40\"}",
                  TRUE));
  g_free (put_ok (store,
                  "{\"_id\":\"de:c\",\"type\":\"de\",\"nom\":\"Zed\",\"age\":{\"x\":1},"
                  "\"portefeuille\":\"portefeuille:1\"}",
                  TRUE));
  /* Another type, and a deleted DE: never listed. */
  g_free (put_ok (store, "{\"_id\":\"offre:1\",\"type\":\"offre\",\"nom\":\"Offre\"}", TRUE));
  rev = put_ok (store, "{\"_id\":\"de:gone\",\"type\":\"de\",\"nom\":\"Parti\"}", TRUE);
  deleted = doc_new ("{\"_id\":\"de:gone\",\"_deleted\":true}");
  json_object_set_string_member (deleted, "_rev", rev);
  g_free (relais_store_put (store, deleted, TRUE, &error));
  g_assert_no_error (error);

  all = select_fields (store, "de", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (all, ==,
                   "\n"
                   "de:a|Lefèvre|portefeuille:1|35238|(null)\n"
                   "de:b|(null)|portefeuille:2|(null)|40\n"
                   "de:c|Zed|portefeuille:1|(null)|(null)");

  /* The DE of one portefeuille. */
  one = select_fields (store, "de", "portefeuille", "portefeuille:1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (one, ==,
                   "\n"
                   "de:a|Lefèvre|portefeuille:1|35238|(null)\n"
                   "de:c|Zed|portefeuille:1|(null)|(null)");

  /* Names are spelled into SQL: anything but a plain name is refused. */
  bad = select_fields (store, "de", "nom') OR 1 OR ('", "x", &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID);
  g_assert_null (bad);
  g_clear_error (&error);
  g_assert_false (relais_store_select_fields (store, "de;", (const char *const[]){ "nom", NULL },
                                              NULL, NULL, collect_fields_cb, NULL, &error));
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID);
}

/* An empty store, with a smaller cache: no row, no error. */
static void
test_select_fields_empty (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (relais_store_set_cache_size (fixture->store, 1024, &error));
  g_assert_no_error (error);
  g_assert_true (relais_store_select_fields (fixture->store, "de",
                                             (const char *const[]){ "nom", "prenom", NULL }, NULL,
                                             NULL, collect_fields_cb, out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out->str, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store-read/changes", test_changes);
  ADD ("/store-read/changes-all-docs", test_changes_all_docs);
  ADD ("/store-read/get-flags", test_get_flags);
  ADD ("/store-read/revs-diff", test_revs_diff);
  ADD ("/store-read/revs-diff-stemmed", test_revs_diff_stemmed);
  ADD ("/store-read/queries", test_queries);
  ADD ("/store-read/query-plans", test_query_plans);
  ADD ("/store-read/select-fields", test_select_fields);
  ADD ("/store-read/select-fields-empty", test_select_fields_empty);

  return g_test_run ();
}

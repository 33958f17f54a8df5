/* test-store-write.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Writes: MVCC edits, tombstones and recreation, replicated revisions
 * (new_edits=false) with their idempotence, grafting onto a stemmed tree,
 * and bulk writes with per-document results.
 */

#include "config.h"

#include <string.h>

#include "store-test-utils.h"

static char *
winner_of (RelaisStore *store, const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) doc = relais_store_get (store, id, NULL, RELAIS_GET_NONE, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (doc, "_rev"));
}

static void
test_mvcc (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autofree char *rev1 = put_ok (store, "{\"_id\":\"de:1\",\"nom\":\"Martin\"}", TRUE);
  g_autofree char *edit =
      g_strdup_printf ("{\"_id\":\"de:1\",\"_rev\":\"%s\",\"nom\":\"Petit\"}", rev1);
  g_autofree char *stale =
      g_strdup_printf ("{\"_id\":\"de:1\",\"_rev\":\"%s\",\"nom\":\"Grand\"}", rev1);
  g_autofree char *rev2 = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *body = NULL;
  guint64 generation = 0;

  g_assert_true (relais_rev_parse (rev1, &generation, NULL, NULL));
  g_assert_cmpuint (generation, ==, 1);
  /* The rev id is the core's: parent, deleted flag, canonical body. */
  expected = relais_rev_compute (NULL, FALSE, "{\"nom\":\"Martin\"}");
  g_assert_cmpstr (rev1, ==, expected);

  /* No _rev on an existing live document: conflict. */
  put_fails (store, "{\"_id\":\"de:1\",\"nom\":\"X\"}", TRUE, RELAIS_STORE_ERROR_CONFLICT);
  rev2 = put_ok (store, edit, TRUE);
  g_assert_true (relais_rev_parse (rev2, &generation, NULL, NULL));
  g_assert_cmpuint (generation, ==, 2);
  /* The same parent again is now stale. */
  put_fails (store, stale, TRUE, RELAIS_STORE_ERROR_CONFLICT);
  /* A rev the document never had. */
  put_fails (store, "{\"_id\":\"de:1\",\"_rev\":\"9-abc\",\"nom\":\"X\"}", TRUE,
             RELAIS_STORE_ERROR_CONFLICT);

  {
    g_autofree char *winner = winner_of (store, "de:1");

    g_assert_cmpstr (winner, ==, rev2);
  }
  /* The ancestor keeps its body until compaction. */
  body = relais_store_get_rev_body (store, "de:1", rev1, NULL);
  g_assert_cmpstr (body, ==, "{\"nom\":\"Martin\"}");
  g_assert_cmpuint (relais_store_get_update_seq (store), ==, 2);
}

static void
test_invalid (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;

  put_fails (store, "{\"nom\":\"sans id\"}", TRUE, RELAIS_STORE_ERROR_INVALID);
  put_fails (store, "{\"_id\":\"x\",\"_rev\":\"garbage\"}", TRUE, RELAIS_STORE_ERROR_INVALID);
  put_fails (store, "{\"_id\":\"_local/x\"}", TRUE, RELAIS_STORE_ERROR_INVALID);
  /* Replicated revisions must carry their _rev, matching _revisions. */
  put_fails (store, "{\"_id\":\"x\"}", FALSE, RELAIS_STORE_ERROR_INVALID);
  put_fails (store, "{\"_id\":\"x\",\"_rev\":\"2-b\",\"_revisions\":{\"start\":3,\"ids\":[\"b\"]}}",
             FALSE, RELAIS_STORE_ERROR_INVALID);
  put_fails (store, "{\"_id\":\"x\",\"_rev\":\"2-b\",\"_revisions\":{\"start\":2,\"ids\":[\"c\"]}}",
             FALSE, RELAIS_STORE_ERROR_INVALID);
  put_fails (store, "{\"_id\":\"x\",\"_rev\":\"2-b\",\"_revisions\":\"nope\"}", FALSE,
             RELAIS_STORE_ERROR_INVALID);
  g_assert_cmpuint (relais_store_get_update_seq (store), ==, 0);
}

static void
test_delete_and_recreate (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autofree char *rev1 = put_ok (store, "{\"_id\":\"d\",\"v\":1}", TRUE);
  g_autofree char *del =
      g_strdup_printf ("{\"_id\":\"d\",\"_rev\":\"%s\",\"_deleted\":true}", rev1);
  g_autofree char *rev2 = put_ok (store, del, TRUE);
  g_autofree char *rev3 = NULL;
  g_autofree char *json = NULL;
  g_autoptr (JsonObject) tombstone = NULL;
  guint64 generation = 0;

  json = relais_store_get_json (store, "d", NULL, RELAIS_GET_NONE, &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_DELETED);
  g_assert_null (json);
  g_clear_error (&error);
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 0);

  /* The tombstone itself can be read by its rev. */
  tombstone = relais_store_get (store, "d", rev2, RELAIS_GET_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (tombstone, "_deleted"));

  /* CouchDB recreates a deleted document on top of its tombstone. */
  rev3 = put_ok (store, "{\"_id\":\"d\",\"v\":2}", TRUE);
  g_assert_true (relais_rev_parse (rev3, &generation, NULL, NULL));
  g_assert_cmpuint (generation, ==, 3);
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 1);
  g_assert_cmpuint (relais_store_get_deleted_count (store), ==, 0);

  json = relais_store_get_json (store, "missing", NULL, RELAIS_GET_NONE, &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_NOT_FOUND);
}

static void
test_live_beats_deleted (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  const char *live[] = { "aaaa", "root", NULL };
  const char *dead[] = { "cccc", "bbbb", "root", NULL };
  g_autofree char *winner = NULL;

  put_replicated (store, "d", 2, live, FALSE, "live");
  put_replicated (store, "d", 3, dead, TRUE, NULL);
  winner = winner_of (store, "d");
  g_assert_cmpstr (winner, ==, "2-aaaa");
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 1);
}

static void
test_conflict_winner (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  const char *existing[] = { "d726b1ff2d8cd0cfd8e6a06d0bf1a9ee", NULL };
  const char *pushed[] = { "ffffffffffffffffffffffffffffffff", "0123", NULL };
  g_autoptr (JsonObject) doc = NULL;
  g_autofree char *del = NULL;
  g_autofree char *rev = NULL;
  JsonArray *conflicts;

  put_replicated (store, "d", 1, existing, FALSE, "old");
  put_replicated (store, "d", 2, pushed, FALSE, "new");

  doc = relais_store_get (store, "d", NULL, RELAIS_GET_CONFLICTS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==,
                   "2-ffffffffffffffffffffffffffffffff");
  g_assert_cmpstr (json_object_get_string_member (doc, "v"), ==, "new");
  conflicts = json_object_get_array_member (doc, "_conflicts");
  g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (conflicts, 0), ==,
                   "1-d726b1ff2d8cd0cfd8e6a06d0bf1a9ee");

  /* An edit may extend the losing leaf; it is still a conflict. */
  rev = put_ok (
      store, "{\"_id\":\"d\",\"_rev\":\"1-d726b1ff2d8cd0cfd8e6a06d0bf1a9ee\",\"v\":\"fix\"}", TRUE);
  g_clear_pointer (&doc, json_object_unref);

  /* Deleting the winner hands the document to the other live leaf. */
  del = g_strdup_printf ("{\"_id\":\"d\",\"_rev\":\"%s\",\"_deleted\":true}",
                         "2-ffffffffffffffffffffffffffffffff");
  g_free (put_ok (store, del, TRUE));
  doc = relais_store_get (store, "d", NULL, RELAIS_GET_CONFLICTS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, rev);
  g_assert_cmpstr (json_object_get_string_member (doc, "v"), ==, "fix");
  g_assert_false (json_object_has_member (doc, "_conflicts"));
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 1);
}

static void
test_new_edits_false_idempotent (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  const char *path[] = { "cccc", "bbbb", "aaaa", NULL };
  g_auto (GStrv) leaves = NULL;
  g_autofree char *ancestor = NULL;
  guint64 seq;

  put_replicated (store, "d", 3, path, FALSE, "three");
  seq = relais_store_get_update_seq (store);
  g_assert_cmpuint (seq, ==, 1);

  /* The same path again: no new sequence, no duplicate leaf. */
  put_replicated (store, "d", 3, path, FALSE, "three");
  g_assert_cmpuint (relais_store_get_update_seq (store), ==, seq);
  leaves = relais_store_get_leaves (store, "d", NULL);
  g_assert_cmpuint (g_strv_length (leaves), ==, 1);
  g_assert_cmpstr (leaves[0], ==, "3-cccc");
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 1);

  /* Ancestors known from _revisions only have no body ("missing"); when
   * the body arrives, available wins over missing. */
  ancestor = relais_store_get_rev_body (store, "d", "2-bbbb", NULL);
  g_assert_null (ancestor);
  {
    const char *old[] = { "bbbb", "aaaa", NULL };

    put_replicated (store, "d", 2, old, FALSE, "two");
  }
  ancestor = relais_store_get_rev_body (store, "d", "2-bbbb", NULL);
  g_assert_cmpstr (ancestor, ==, "{\"v\":\"two\"}");
  {
    g_autofree char *winner = winner_of (store, "d");

    g_assert_cmpstr (winner, ==, "3-cccc");
  }

  /* A bare _rev without _revisions is a root of its own. */
  {
    g_autofree char *rev = put_ok (store, "{\"_id\":\"e\",\"_rev\":\"5-eeee\",\"v\":1}", FALSE);

    g_assert_cmpstr (rev, ==, "5-eeee");
  }
}

static void
test_graft_onto_stemmed (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  const char *first[] = { "e", "d", "c", "b", "a", NULL };
  const char *longer[] = { "g", "f", "e", "d", "c", "b", "a", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) doc = NULL;
  g_auto (GStrv) leaves = NULL;
  JsonObject *revisions;
  JsonArray *ids;

  g_assert_true (relais_store_set_revs_limit (store, 3, NULL));
  put_replicated (store, "d", 5, first, FALSE, "five");

  doc = relais_store_get (store, "d", NULL, RELAIS_GET_REVS, &error);
  g_assert_no_error (error);
  revisions = json_object_get_object_member (doc, "_revisions");
  g_assert_cmpint (json_object_get_int_member (revisions, "start"), ==, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (revisions, "ids")), ==, 3);
  g_clear_pointer (&doc, json_object_unref);

  /* Its root 1-a lies below the stemmed root 3-c: it joins at 5-e. */
  put_replicated (store, "d", 7, longer, FALSE, "seven");
  leaves = relais_store_get_leaves (store, "d", NULL);
  g_assert_cmpuint (g_strv_length (leaves), ==, 1);
  g_assert_cmpstr (leaves[0], ==, "7-g");

  doc = relais_store_get (store, "d", NULL, RELAIS_GET_REVS | RELAIS_GET_CONFLICTS, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (doc, "_conflicts"));
  revisions = json_object_get_object_member (doc, "_revisions");
  ids = json_object_get_array_member (revisions, "ids");
  g_assert_cmpuint (json_array_get_length (ids), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (ids, 0), ==, "g");
  g_assert_cmpstr (json_array_get_string_element (ids, 2), ==, "e");

  /* 5-e is an ancestor now and keeps its body; stemmed 3-c is gone. */
  {
    g_autofree char *body = relais_store_get_rev_body (store, "d", "5-e", NULL);

    g_assert_cmpstr (body, ==, "{\"v\":\"five\"}");
  }
  g_assert_null (relais_store_get_rev_body (store, "d", "3-c", NULL));
}

static void
test_stem_edits (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autofree char *rev = put_ok (store, "{\"_id\":\"d\",\"n\":0}", TRUE);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) doc = NULL;

  g_assert_true (relais_store_set_revs_limit (store, 2, NULL));
  for (int i = 1; i <= 5; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"_id\":\"d\",\"_rev\":\"%s\",\"n\":%d}", rev, i);

      g_free (rev);
      rev = put_ok (store, json, TRUE);
    }

  doc = relais_store_get (store, "d", NULL, RELAIS_GET_REVS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (doc, "n"), ==, 5);
  g_assert_cmpint (
      json_object_get_int_member (json_object_get_object_member (doc, "_revisions"), "start"), ==,
      6);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        json_object_get_object_member (doc, "_revisions"), "ids")),
                    ==, 2);
}

static void
test_bulk_results (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GPtrArray) results = NULL;
  g_autofree char *existing = put_ok (store, "{\"_id\":\"old\",\"v\":0}", TRUE);
  RelaisPutResult *result;

  g_ptr_array_add (docs, doc_new ("{\"_id\":\"a\",\"v\":1}"));
  g_ptr_array_add (docs, doc_new ("{\"_id\":\"old\",\"v\":1}")); /* no _rev: conflict */
  g_ptr_array_add (docs, doc_new ("{\"_id\":\"b\",\"_rev\":\"x\"}"));
  g_ptr_array_add (docs, doc_new ("{\"_id\":\"a\",\"v\":2}")); /* a exists by now */
  g_ptr_array_add (docs, doc_new ("{\"_id\":\"c\",\"v\":3}"));

  results = relais_store_bulk_put (store, docs, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 5);

  result = g_ptr_array_index (results, 0);
  g_assert_no_error (result->error);
  g_assert_cmpstr (result->id, ==, "a");
  g_assert_nonnull (result->rev);
  result = g_ptr_array_index (results, 1);
  g_assert_error (result->error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT);
  g_assert_cmpstr (result->id, ==, "old");
  result = g_ptr_array_index (results, 2);
  g_assert_error (result->error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID);
  result = g_ptr_array_index (results, 3);
  g_assert_error (result->error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT);
  result = g_ptr_array_index (results, 4);
  g_assert_no_error (result->error);

  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 3);
  g_assert_cmpuint (relais_store_get_update_seq (store), ==, 3);
  {
    g_autofree char *winner = winner_of (store, "old");

    g_assert_cmpstr (winner, ==, existing);
  }
}

/* An ancestor hash that no _rev could hold ("%", "/") was grafted, and the
 * tree written could not be read again: every later read or write of the
 * id failed as "damaged", and so did every batch holding it (found by
 * fuzz-bulk-docs). It is refused now, and the document stays usable. */
static void
test_revisions_bad_hash (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *rev = NULL;

  put_fails (store,
             "{\"_id\":\"de:1/x\",\"_rev\":\"2-aa\",\"_revisions\":{\"start\":2,"
             "\"ids\":[\"aa\",\"04%2F2b\"]}}",
             FALSE, RELAIS_STORE_ERROR_INVALID);
  rev = put_ok (store,
                "{\"_id\":\"de:1/x\",\"_rev\":\"2-aa\",\"_revisions\":{\"start\":2,"
                "\"ids\":[\"aa\",\"bb\"]}}",
                FALSE);
  g_assert_cmpstr (rev, ==, "2-aa");
  json = relais_store_get_json (store, "de:1/x", NULL, RELAIS_GET_REVS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"ids\":[\"aa\",\"bb\"]"));
}

/* Replicated revisions with their body text and path given: stored as
 * given, indexed from the object, refused one by one when the path does
 * not match _rev, idempotent when replayed. */
static void
test_put_revisions (StoreFixture *fixture, gconstpointer data)
{
  RelaisStore *store = fixture->store;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) good =
      doc_new ("{\"_id\":\"p\",\"_rev\":\"2-bbbb\",\"type\":\"de\",\"nom\":\"Durand\",\"b\":1}");
  g_autoptr (JsonObject) bad = doc_new ("{\"_id\":\"q\",\"_rev\":\"3-cccc\",\"v\":1}");
  const char *good_path[] = { "2-bbbb", "1-aaaa", NULL };
  const char *bad_path[] = { "2-zzzz", NULL };
  /* Key order as the source sent it: the store keeps the text. */
  const char *body = "{\"b\":1,\"nom\":\"Durand\",\"type\":\"de\"}";
  RelaisStoreRevision items[] = {
    { good, body, good_path },
    { bad, "{\"v\":1}", bad_path },
  };
  g_autoptr (GPtrArray) results = relais_store_put_revisions (store, items, 2, &error);
  g_autoptr (GPtrArray) again = NULL;
  g_autoptr (GPtrArray) ids = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *json = NULL;
  RelaisPutResult *result;
  guint64 seq;

  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);
  result = g_ptr_array_index (results, 0);
  g_assert_no_error (result->error);
  g_assert_cmpstr (result->rev, ==, "2-bbbb");
  result = g_ptr_array_index (results, 1);
  g_assert_error (result->error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_INVALID);
  g_assert_cmpuint (relais_store_get_doc_count (store), ==, 1);

  stored = relais_store_get_rev_body (store, "p", "2-bbbb", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, body);
  /* The path given, not the object's (it has no _revisions). */
  json = relais_store_get_json (store, "p", NULL, RELAIS_GET_REVS, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"_revisions\":{\"start\":2,\"ids\":[\"bbbb\",\"aaaa\"]}"));
  g_assert_true (relais_store_search_de (store, "dur", 10, &ids, &error));
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "p");

  seq = relais_store_get_update_seq (store);
  again = relais_store_put_revisions (store, items, 1, &error);
  g_assert_no_error (error);
  g_assert_no_error (((RelaisPutResult *) g_ptr_array_index (again, 0))->error);
  g_assert_cmpuint (relais_store_get_update_seq (store), ==, seq);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store-write/mvcc", test_mvcc);
  ADD ("/store-write/invalid", test_invalid);
  ADD ("/store-write/delete-and-recreate", test_delete_and_recreate);
  ADD ("/store-write/live-beats-deleted", test_live_beats_deleted);
  ADD ("/store-write/conflict-winner", test_conflict_winner);
  ADD ("/store-write/new-edits-false-idempotent", test_new_edits_false_idempotent);
  ADD ("/store-write/graft-onto-stemmed", test_graft_onto_stemmed);
  ADD ("/store-write/stem-edits", test_stem_edits);
  ADD ("/store-write/bulk-results", test_bulk_results);
  ADD ("/store-write/revisions-bad-hash", test_revisions_bad_hash);
  ADD ("/store-write/put-revisions", test_put_revisions);

  return g_test_run ();
}

/* test-store-conflicts.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Conflicts in one store: listed, merged when the edits are disjoint,
 * kept with their differing fields otherwise, resolved in one write that
 * closes the losing branches.
 */

#include "config.h"

#include "relais-store-conflicts.h"
#include "store-test-utils.h"

#define ID "contact:0b7d8c1e-conflict"
#define BASE                                                                                       \
  "\"type\":\"contact\",\"schema_version\":1,\"de\":\"de:1\",\"sens\":\"entrant\","                \
  "\"date\":\"2024-03-01T10:00\""

/* Writes the base revision, then two concurrent edits of it: one as a
 * local edit, one replicated (as from another workstation). */
static void
make_conflict (RelaisStore *store, const char *mine, const char *theirs)
{
  g_autofree char *rev1 = put_ok (store,
                                  "{\"_id\":\"" ID "\"," BASE ",\"canal\":\"telephone\","
                                  "\"objet\":\"rdv\"}",
                                  TRUE);
  g_autofree char *json =
      g_strdup_printf ("{\"_id\":\"" ID "\",\"_rev\":\"%s\"," BASE ",%s}", rev1, mine);
  g_autofree char *rev2 = put_ok (store, json, TRUE);
  g_autoptr (JsonObject) other = doc_new (theirs);
  g_autoptr (JsonObject) doc = doc_new ("{\"_id\":\"" ID "\"," BASE "}");
  const char *hashes[] = { "ffffffffffffffffffffffffffffffff", strchr (rev1, '-') + 1, NULL };
  g_autoptr (GError) error = NULL;
  g_autofree char *written = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  g_assert_true (g_str_has_prefix (rev2, "2-"));
  json_object_iter_init (&iter, other);
  while (json_object_iter_next (&iter, &name, &node))
    json_object_set_member (doc, name, json_node_copy (node));
  json_object_set_string_member (doc, "_rev", "2-ffffffffffffffffffffffffffffffff");
  json_object_set_member (doc, "_revisions", relais_revisions_encode (2, hashes));
  written = relais_store_put (store, doc, FALSE, &error);
  g_assert_no_error (error);
}

static guint
n_live_leaves (RelaisStore *store)
{
  g_autoptr (JsonObject) doc = relais_store_get (store, ID, NULL, RELAIS_GET_CONFLICTS, NULL);

  g_assert_nonnull (doc);
  return 1 + (json_object_has_member (doc, "_conflicts")
                  ? json_array_get_length (json_object_get_array_member (doc, "_conflicts"))
                  : 0);
}

static void
test_disjoint_merged (StoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (JsonObject) doc = NULL;
  g_auto (GStrv) leaves = NULL;
  guint merged = 0, left = 0;

  make_conflict (f->store, "\"canal\":\"email\",\"objet\":\"rdv\"",
                 "{\"canal\":\"telephone\",\"objet\":\"rdv\",\"compte_rendu\":\"vu\"}");
  list = relais_store_list_conflicts (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((RelaisConflictInfo *) g_ptr_array_index (list, 0))->id, ==, ID);
  g_assert_cmpstr (((RelaisConflictInfo *) g_ptr_array_index (list, 0))->winner, ==,
                   "2-ffffffffffffffffffffffffffffffff");

  g_assert_true (relais_store_merge_conflicts (f->store, &merged, &left, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (merged, ==, 1);
  g_assert_cmpuint (left, ==, 0);

  doc = relais_store_get (f->store, ID, NULL, RELAIS_GET_CONFLICTS, &error);
  g_assert_no_error (error);
  g_assert_false (json_object_has_member (doc, "_conflicts"));
  g_assert_cmpstr (json_object_get_string_member (doc, "canal"), ==, "email");
  g_assert_cmpstr (json_object_get_string_member (doc, "compte_rendu"), ==, "vu");
  /* On the winning branch, the loser closed by a tombstone. */
  g_assert_true (g_str_has_prefix (relais_doc_get_rev (doc), "3-"));
  leaves = relais_store_get_leaves (f->store, ID, &error);
  g_assert_cmpuint (g_strv_length (leaves), ==, 2);
  g_assert_cmpuint (n_live_leaves (f->store), ==, 1);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = relais_store_list_conflicts (f->store, &error);
  g_assert_cmpuint (list->len, ==, 0);
}

static void
test_overlap_listed_then_resolved (StoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (RelaisConflict) conflict = NULL;
  g_autoptr (JsonObject) chosen = NULL;
  g_autoptr (JsonObject) doc = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *again = NULL;
  guint merged = 9, left = 9;

  make_conflict (f->store, "\"canal\":\"email\",\"objet\":\"mine\"",
                 "{\"canal\":\"chat\",\"objet\":\"rdv\",\"compte_rendu\":\"vu\"}");
  g_assert_true (relais_store_merge_conflicts (f->store, &merged, &left, &error));
  g_assert_cmpuint (merged, ==, 0);
  g_assert_cmpuint (left, ==, 1);
  g_assert_cmpuint (n_live_leaves (f->store), ==, 2);

  conflict = relais_store_get_conflict (f->store, ID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (conflict->revs), ==, 2);
  g_assert_cmpuint (conflict->bodies->len, ==, 2);
  g_assert_true (g_str_has_prefix (conflict->ancestor_rev, "1-"));
  g_assert_nonnull (conflict->ancestor);
  g_assert_cmpstr (json_object_get_string_member (conflict->ancestor, "canal"), ==, "telephone");
  /* Every differing field, and the one that needs a person. */
  g_assert_cmpuint (conflict->fields->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (conflict->fields, 0), ==, "canal");
  g_assert_cmpstr (g_ptr_array_index (conflict->fields, 1), ==, "compte_rendu");
  g_assert_cmpstr (g_ptr_array_index (conflict->fields, 2), ==, "objet");
  g_assert_cmpuint (conflict->unmergeable->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (conflict->unmergeable, 0), ==, "canal");

  /* The person keeps the local version but takes "canal" from the
   * winner (the ids sort "2-fff…" first). */
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (conflict->bodies, 0), "canal"),
                   ==, "chat");
  chosen = json_object_ref (g_ptr_array_index (conflict->bodies, 1));
  json_object_set_string_member (chosen, "canal", "chat");
  rev = relais_store_resolve_conflict (f->store, ID, (const char *const *) conflict->revs, chosen,
                                       &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (rev, "3-"));
  g_assert_cmpuint (n_live_leaves (f->store), ==, 1);
  doc = relais_store_get (f->store, ID, NULL, 0, &error);
  g_assert_cmpstr (relais_doc_get_rev (doc), ==, rev);
  g_assert_cmpstr (json_object_get_string_member (doc, "canal"), ==, "chat");
  g_assert_cmpstr (json_object_get_string_member (doc, "objet"), ==, "mine");

  /* A second resolution from the same, now stale, versions is refused. */
  again = relais_store_resolve_conflict (f->store, ID, (const char *const *) conflict->revs, chosen,
                                         &error);
  g_assert_error (error, RELAIS_STORE_ERROR, RELAIS_STORE_ERROR_CONFLICT);
  g_assert_null (again);
}

static void
test_same_resolution_same_revs (StoreFixture *f, gconstpointer data)
{
  g_autofree char *other_path = g_build_filename (f->dir, "other.db", NULL);
  g_autoptr (RelaisStore) other = relais_store_open (other_path, NULL);
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) a = NULL;
  g_auto (GStrv) b = NULL;

  /* Two replicas merging the same conflict write the same revisions:
   * they converge instead of conflicting again. */
  make_conflict (f->store, "\"canal\":\"email\",\"objet\":\"rdv\"",
                 "{\"canal\":\"telephone\",\"objet\":\"x\"}");
  make_conflict (other, "\"canal\":\"email\",\"objet\":\"rdv\"",
                 "{\"canal\":\"telephone\",\"objet\":\"x\"}");
  g_assert_true (relais_store_merge_conflicts (f->store, NULL, NULL, &error));
  g_assert_true (relais_store_merge_conflicts (other, NULL, NULL, &error));
  a = relais_store_get_leaves (f->store, ID, &error);
  b = relais_store_get_leaves (other, ID, &error);
  g_assert_true (g_strv_equal ((const char *const *) a, (const char *const *) b));
  g_clear_object (&other);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (other_path, suffixes[i], NULL);

        g_unlink (file);
      }
  }
}

static void
test_invalid_merge_left (StoreFixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  guint merged = 9, left = 9;

  /* The local edit removed the required "canal", the other one changed
   * "objet": disjoint, but the merge would lack "canal", so a person
   * decides. */
  make_conflict (f->store, "\"objet\":\"rdv\"", "{\"canal\":\"telephone\",\"objet\":\"x\"}");
  g_assert_true (relais_store_merge_conflicts (f->store, &merged, &left, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (merged, ==, 0);
  g_assert_cmpuint (left, ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func)                                                                            \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)
  ADD ("/store/conflicts/disjoint-merged", test_disjoint_merged);
  ADD ("/store/conflicts/overlap-listed-then-resolved", test_overlap_listed_then_resolved);
  ADD ("/store/conflicts/same-resolution-same-revs", test_same_resolution_same_revs);
  ADD ("/store/conflicts/invalid-merge-left", test_invalid_merge_left);
#undef ADD

  return g_test_run ();
}

/* relais-merge.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The rule for merging two concurrent edits of one document (DESIGN.md,
 * "Never silent last-write-wins"): against their common ancestor, a
 * member changed on one side only takes that side's value; a member
 * changed on both sides to the same value is kept; a member changed on
 * both sides differently is a conflict a person must settle. Objects
 * changed on both sides are merged member by member, recursively; arrays
 * and scalars are single values (merging list items without ids would
 * guess). Members starting with "_" (CouchDB metadata) are ignored.
 */

#include "config.h"

#include "relais-json.h"
#include "relais-merge.h"

static gboolean
nodes_equal (JsonNode *a, JsonNode *b)
{
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;
  /* Canonical text compares numbers, key order and nesting the way the
   * store writes bodies. */
  ta = relais_json_canonical (a);
  tb = relais_json_canonical (b);
  return g_str_equal (ta, tb);
}

static char *
join_path (const char *prefix, const char *name)
{
  return prefix != NULL ? g_strconcat (prefix, ".", name, NULL) : g_strdup (name);
}

static void
add_names (GHashTable *names, JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (object == NULL)
    return;
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    if (name[0] != '_')
      g_hash_table_add (names, (gpointer) name);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static GList *
sorted_names (GHashTable *names)
{
  return g_list_sort (g_hash_table_get_keys (names), (GCompareFunc) g_strcmp0);
}

static JsonObject *
object_or_null (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
merge_objects (JsonObject *ancestor,
               JsonObject *ours,
               JsonObject *theirs,
               const char *prefix,
               JsonObject *out,
               GPtrArray *conflicts)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GList) list = NULL;

  add_names (names, ancestor);
  add_names (names, ours);
  add_names (names, theirs);
  list = sorted_names (names);

  for (GList *l = list; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *base = ancestor != NULL ? json_object_get_member (ancestor, name) : NULL;
      JsonNode *a = json_object_get_member (ours, name);
      JsonNode *b = json_object_get_member (theirs, name);
      JsonNode *chosen = NULL;
      gboolean have_base = ancestor != NULL;

      if (nodes_equal (a, b))
        chosen = a;
      else if (have_base && nodes_equal (base, a))
        chosen = b; /* only theirs changed it */
      else if (have_base && nodes_equal (base, b))
        chosen = a; /* only ours changed it */
      else if (object_or_null (a) != NULL && object_or_null (b) != NULL)
        {
          /* Both changed an object: merge inside it. */
          g_autofree char *path = join_path (prefix, name);
          g_autoptr (JsonObject) inner = json_object_new ();

          merge_objects (have_base ? object_or_null (base) : NULL, object_or_null (a),
                         object_or_null (b), path, inner, conflicts);
          json_object_set_object_member (out, name, g_steal_pointer (&inner));
          continue;
        }
      else
        {
          g_ptr_array_add (conflicts, join_path (prefix, name));
          continue;
        }

      if (chosen != NULL)
        json_object_set_member (out, name, json_node_copy (chosen));
    }
}

/**
 * relais_merge_three_way:
 * @ancestor: (nullable): the common ancestor's body; NULL when the store
 *   no longer has it: then every difference is a conflict
 * @ours: the winning revision's body
 * @theirs: the other leaf's body
 * @conflicting_paths: (out) (optional) (transfer full) (element-type utf8):
 *   the dotted paths both sides changed differently, sorted
 *
 * Returns: (transfer full) (nullable): the merged body, or NULL when some
 *   member needs a person
 */
JsonObject *
relais_merge_three_way (JsonObject *ancestor,
                        JsonObject *ours,
                        JsonObject *theirs,
                        GPtrArray **conflicting_paths)
{
  g_autoptr (JsonObject) out = json_object_new ();
  g_autoptr (GPtrArray) conflicts = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (ours != NULL && theirs != NULL, NULL);

  merge_objects (ancestor, ours, theirs, NULL, out, conflicts);
  g_ptr_array_sort (conflicts, compare_strings);
  if (conflicting_paths != NULL)
    *conflicting_paths = g_ptr_array_ref (conflicts);
  return conflicts->len == 0 ? g_steal_pointer (&out) : NULL;
}

static void
collect_differences (GPtrArray *objects, const char *prefix, GPtrArray *paths)
{
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GList) list = NULL;

  for (guint i = 0; i < objects->len; i++)
    add_names (names, g_ptr_array_index (objects, i));
  list = sorted_names (names);

  for (GList *l = list; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *first = json_object_get_member (g_ptr_array_index (objects, 0), name);
      gboolean same = TRUE, all_objects = TRUE;

      for (guint i = 0; i < objects->len; i++)
        {
          JsonNode *node = json_object_get_member (g_ptr_array_index (objects, i), name);

          same = same && nodes_equal (first, node);
          all_objects = all_objects && object_or_null (node) != NULL;
        }
      if (same)
        continue;
      if (all_objects)
        {
          g_autofree char *path = join_path (prefix, name);
          g_autoptr (GPtrArray) inner = g_ptr_array_new ();

          for (guint i = 0; i < objects->len; i++)
            g_ptr_array_add (inner, object_or_null (json_object_get_member (
                                        g_ptr_array_index (objects, i), name)));
          collect_differences (inner, path, paths);
        }
      else
        g_ptr_array_add (paths, join_path (prefix, name));
    }
}

/**
 * relais_merge_differing_paths:
 * @versions: (element-type JsonObject): two or more bodies of one document
 *
 * What a person compares side by side: the dotted paths of the members
 * that are not the same in every version (inside objects present in all
 * versions, the members that differ; arrays as a whole), sorted.
 *
 * Returns: (transfer full) (element-type utf8): the paths
 */
GPtrArray *
relais_merge_differing_paths (GPtrArray *versions)
{
  GPtrArray *paths;

  g_return_val_if_fail (versions != NULL && versions->len > 0, NULL);

  paths = g_ptr_array_new_with_free_func (g_free);
  collect_differences (versions, NULL, paths);
  g_ptr_array_sort (paths, compare_strings);
  return paths;
}

/* relais-selector.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The subset of CouchDB's Mango selectors that filtered replication of a
 * portfolio needs (CouchDB src/mango/src/mango_selector.erl): members
 * are ANDed; a member is a dotted field path ("adresse.commune") whose
 * condition is a value (equality), an object of operators ($eq, $ne, $in,
 * $nin, $exists, $gt, $gte, $lt, $lte) or a nested selector; $and, $or,
 * $nor and $not combine selectors. As in Mango, a missing field matches
 * no condition but {"$exists": false}; $in on an array field matches when
 * one of its items is in the list.
 */

#include "config.h"

#include <string.h>

#include "relais-json.h"
#include "relais-selector.h"

G_DEFINE_QUARK (relais - selector - error - quark, relais_selector_error)

static const char *const FIELD_OPERATORS[] = { "$eq", "$ne",  "$in", "$nin", "$exists",
                                               "$gt", "$gte", "$lt", "$lte", NULL };

static gboolean
is_operator_object (JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    if (name[0] == '$')
      return TRUE;
  return FALSE;
}

static gboolean
invalid (GError **error, const char *format, const char *what)
{
  g_set_error (error, RELAIS_SELECTOR_ERROR, RELAIS_SELECTOR_ERROR_INVALID, format, what);
  return FALSE;
}

static gboolean check_object (JsonObject *selector, GError **error);

static gboolean
check_combination (const char *name, JsonNode *node, GError **error)
{
  if (g_str_equal (name, "$not"))
    return JSON_NODE_HOLDS_OBJECT (node) ? check_object (json_node_get_object (node), error)
                                         : invalid (error, "%s needs a selector object", name);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, "%s needs an array of selectors", name);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (node), i);

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return invalid (error, "%s needs an array of selectors", name);
      if (!check_object (json_node_get_object (item), error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_condition (JsonObject *condition, GError **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, condition);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (g_str_equal (name, "$and") || g_str_equal (name, "$or") || g_str_equal (name, "$nor") ||
          g_str_equal (name, "$not"))
        {
          if (!check_combination (name, node, error))
            return FALSE;
          continue;
        }
      if (!g_strv_contains (FIELD_OPERATORS, name))
        return invalid (error, "Unsupported selector operator: %s", name);
      if ((g_str_equal (name, "$in") || g_str_equal (name, "$nin")) &&
          !JSON_NODE_HOLDS_ARRAY (node))
        return invalid (error, "%s needs an array", name);
      if (g_str_equal (name, "$exists") &&
          (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN))
        return invalid (error, "%s needs true or false", name);
    }
  return TRUE;
}

static gboolean
check_object (JsonObject *selector, GError **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, selector);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (name[0] == '$')
        {
          if (!g_str_equal (name, "$and") && !g_str_equal (name, "$or") &&
              !g_str_equal (name, "$nor") && !g_str_equal (name, "$not"))
            return invalid (error, "Unsupported selector operator: %s", name);
          if (!check_combination (name, node, error))
            return FALSE;
          continue;
        }
      if (name[0] == '\0')
        return invalid (error, "Empty field name in selector%s", "");
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *inner = json_node_get_object (node);

          if (is_operator_object (inner) ? !check_condition (inner, error)
                                         : !check_object (inner, error))
            return FALSE;
        }
    }
  return TRUE;
}

/**
 * relais_selector_check:
 *
 * Returns: TRUE when @selector is an object this module can evaluate;
 *   FALSE with RELAIS_SELECTOR_ERROR_INVALID naming the problem
 */
gboolean
relais_selector_check (JsonNode *selector, GError **error)
{
  if (selector == NULL || !JSON_NODE_HOLDS_OBJECT (selector))
    return invalid (error, "The selector must be a JSON object%s", "");
  return check_object (json_node_get_object (selector), error);
}

/* Mango's field lookup: every dot goes one object deeper. */
static JsonNode *
get_field (JsonObject *doc, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = doc;
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || (node = json_object_get_member (object, parts[i])) == NULL)
        return NULL;
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

static gboolean
values_equal (JsonNode *a, JsonNode *b)
{
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;

  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;
  /* Scalars directly: a portfolio's $in holds hundreds of ids, tested on
   * every document of the feed. */
  if (JSON_NODE_HOLDS_NULL (a))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (a))
    {
      GType type_a = json_node_get_value_type (a);
      GType type_b = json_node_get_value_type (b);

      if (type_a == G_TYPE_STRING || type_b == G_TYPE_STRING)
        return type_a == type_b && g_str_equal (json_node_get_string (a), json_node_get_string (b));
      if (type_a == G_TYPE_BOOLEAN || type_b == G_TYPE_BOOLEAN)
        return type_a == type_b && json_node_get_boolean (a) == json_node_get_boolean (b);
      if (type_a == G_TYPE_INT64 && type_b == G_TYPE_INT64)
        return json_node_get_int (a) == json_node_get_int (b);
      return json_node_get_double (a) == json_node_get_double (b);
    }
  ta = relais_json_canonical (a);
  tb = relais_json_canonical (b);
  return g_str_equal (ta, tb);
}

static gboolean
in_list (JsonNode *value, JsonArray *list)
{
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (values_equal (value, json_array_get_element (list, i)))
      return TRUE;
  return FALSE;
}

/* Ordering for $gt…: numbers with numbers, strings with strings (Mango
 * collates across types; a portfolio filter never needs that). */
static gboolean
compare (JsonNode *a, JsonNode *b, int *out)
{
  GType ta, tb;

  if (!JSON_NODE_HOLDS_VALUE (a) || !JSON_NODE_HOLDS_VALUE (b))
    return FALSE;
  ta = json_node_get_value_type (a);
  tb = json_node_get_value_type (b);
  if (ta == G_TYPE_STRING && tb == G_TYPE_STRING)
    {
      *out = g_strcmp0 (json_node_get_string (a), json_node_get_string (b));
      return TRUE;
    }
  if ((ta == G_TYPE_INT64 || ta == G_TYPE_DOUBLE) && (tb == G_TYPE_INT64 || tb == G_TYPE_DOUBLE))
    {
      double x = json_node_get_double (a), y = json_node_get_double (b);

      *out = x < y ? -1 : x > y ? 1 : 0;
      return TRUE;
    }
  return FALSE;
}

static gboolean matches_object (JsonObject *selector, JsonObject *doc);

static gboolean
matches_combination (const char *name, JsonNode *node, JsonObject *doc)
{
  JsonArray *items;
  guint n;

  if (g_str_equal (name, "$not"))
    return !matches_object (json_node_get_object (node), doc);
  items = json_node_get_array (node);
  n = json_array_get_length (items);
  for (guint i = 0; i < n; i++)
    {
      gboolean m = matches_object (json_array_get_object_element (items, i), doc);

      if (g_str_equal (name, "$and") && !m)
        return FALSE;
      if (g_str_equal (name, "$or") && m)
        return TRUE;
      if (g_str_equal (name, "$nor") && m)
        return FALSE;
    }
  /* $and of nothing is true; $or of nothing is false (as Mango). */
  return !g_str_equal (name, "$or");
}

static gboolean
matches_operator (const char *op, JsonNode *arg, JsonNode *value)
{
  int cmp;

  if (g_str_equal (op, "$exists"))
    return json_node_get_boolean (arg) == (value != NULL);
  if (value == NULL)
    return FALSE;
  if (g_str_equal (op, "$eq"))
    return values_equal (value, arg);
  if (g_str_equal (op, "$ne"))
    return !values_equal (value, arg);
  if (g_str_equal (op, "$in") || g_str_equal (op, "$nin"))
    {
      gboolean found = in_list (value, json_node_get_array (arg));

      if (!found && JSON_NODE_HOLDS_ARRAY (value))
        for (guint i = 0; !found && i < json_array_get_length (json_node_get_array (value)); i++)
          found = in_list (json_array_get_element (json_node_get_array (value), i),
                           json_node_get_array (arg));
      return g_str_equal (op, "$in") ? found : !found;
    }
  if (!compare (value, arg, &cmp))
    return FALSE;
  if (g_str_equal (op, "$gt"))
    return cmp > 0;
  if (g_str_equal (op, "$gte"))
    return cmp >= 0;
  if (g_str_equal (op, "$lt"))
    return cmp < 0;
  return cmp <= 0; /* $lte */
}

static gboolean
matches_field (const char *path, JsonNode *condition, JsonObject *doc)
{
  JsonNode *value = get_field (doc, path);

  if (JSON_NODE_HOLDS_OBJECT (condition))
    {
      JsonObject *object = json_node_get_object (condition);
      JsonObjectIter iter;
      const char *name;
      JsonNode *arg;

      if (!is_operator_object (object))
        {
          /* {"adresse": {"commune": …}} is {"adresse.commune": …}. */
          JsonObject *inner =
              value != NULL && JSON_NODE_HOLDS_OBJECT (value) ? json_node_get_object (value) : NULL;

          return inner != NULL && matches_object (object, inner);
        }
      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &arg))
        {
          gboolean m;

          if (g_str_equal (name, "$and") || g_str_equal (name, "$or") ||
              g_str_equal (name, "$nor") || g_str_equal (name, "$not"))
            {
              /* Field-level combination: its selectors apply to the value. */
              JsonObject *inner = value != NULL && JSON_NODE_HOLDS_OBJECT (value)
                                      ? json_node_get_object (value)
                                      : NULL;

              m = inner != NULL && matches_combination (name, arg, inner);
            }
          else
            m = matches_operator (name, arg, value);
          if (!m)
            return FALSE;
        }
      return TRUE;
    }
  return value != NULL && values_equal (value, condition);
}

static gboolean
matches_object (JsonObject *selector, JsonObject *doc)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, selector);
  while (json_object_iter_next (&iter, &name, &node))
    {
      gboolean m =
          name[0] == '$' ? matches_combination (name, node, doc) : matches_field (name, node, doc);

      if (!m)
        return FALSE;
    }
  return TRUE;
}

/**
 * relais_selector_matches:
 * @selector: a selector that passed relais_selector_check()
 * @doc: the document, `_id` and `_rev` included when they are to match
 */
gboolean
relais_selector_matches (JsonObject *selector, JsonObject *doc)
{
  g_return_val_if_fail (selector != NULL && doc != NULL, FALSE);
  return matches_object (selector, doc);
}

/* relais-json.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Canonical JSON: objects with keys sorted bytewise, no insignificant white
 * space, integers printed exactly and doubles with the shortest text that
 * reads back to the same value. Two peers that hold the same document thus
 * produce the same bytes, which is what revision hashes are computed over.
 */

#define G_LOG_DOMAIN "relais-json"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "relais-json.h"

GQuark
relais_doc_error_quark (void)
{
  return g_quark_from_static_string ("relais-doc-error-quark");
}

JsonNode *
relais_json_parse (const char *text, gssize length, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  g_return_val_if_fail (text != NULL, NULL);

  if (!json_parser_load_from_data (parser, text, length, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_JSON,
                           "Empty JSON document");
      return NULL;
    }

  return json_node_ref (root);
}

JsonObject *
relais_json_parse_object (const char *text, gssize length, GError **error)
{
  g_autoptr (JsonNode) root = relais_json_parse (text, length, error);

  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_NOT_OBJECT,
                           "Document must be a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

void
relais_json_append_string (GString *out, const char *str)
{
  const char *p;

  g_string_append_c (out, '"');
  for (p = str; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      /* Most text needs no escape: copied a run at a time, not byte by
       * byte (serialising bodies is a tenth of a replication's work). */
      if (c >= 0x20 && c != '"' && c != '\\')
        {
          const char *run = p;

          while ((guchar) p[1] >= 0x20 && p[1] != '"' && p[1] != '\\')
            p++;
          g_string_append_len (out, run, p - run + 1);
          continue;
        }
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

typedef struct
{
  const char *key;
  JsonNode *node;
} Member;

static int
compare_members (gconstpointer a, gconstpointer b)
{
  return strcmp (((const Member *) a)->key, ((const Member *) b)->key);
}

/* printf's %" G_GINT64_FORMAT " was a tenth of the serialisation time. */
static void
append_int (GString *out, gint64 value)
{
  char buf[24];
  char *end = buf + sizeof buf, *p = end;
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;

  do
    {
      *--p = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    *--p = '-';
  g_string_append_len (out, p, end - p);
}

static void
append_double (GString *out, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* JSON has no NaN or infinity; json-glib never produces them from text. */
  if (value == (double) (gint64) value && value > -1e15 && value < 1e15)
    {
      append_int (out, (gint64) value);
      return;
    }

  /* The shortest of %.15g…%.17g that reads back exactly, as JavaScript
   * prints numbers: 0.1 stays "0.1", not "0.10000000000000001". */
  for (int precision = 15; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buf, sizeof buf, format, value);
      if (precision == 17 || g_ascii_strtod (buf, NULL) == value)
        break;
    }

  g_string_append (out, buf);
}

/**
 * relais_json_append_canonical_object:
 * @skip_meta: leave out the top-level members whose name starts with "_"
 *
 * With @skip_meta, writes a document's body (CouchDB's metadata left out)
 * without first copying the object, which bulk writes would pay for.
 */
void
relais_json_append_canonical_object (GString *out, JsonObject *object, gboolean skip_meta)
{
  /* Members are sorted with their nodes, not looked up again by name;
   * documents' objects are small enough for the stack. */
  Member stack[32];
  guint size = json_object_get_size (object), n = 0;
  g_autofree Member *heap = size > G_N_ELEMENTS (stack) ? g_new (Member, size) : NULL;
  Member *members = heap != NULL ? heap : stack;
  JsonObjectIter iter;
  const char *key;
  JsonNode *member;
  gboolean sorted = TRUE;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &member))
    if (!skip_meta || key[0] != '_')
      {
        members[n].key = key;
        members[n].node = member;
        sorted = sorted && (n == 0 || strcmp (members[n - 1].key, key) < 0);
        n++;
      }
  /* Text we wrote (every store's, spliced by relais-server) comes back
   * in order already: no sort, which compared each pair of keys again. */
  if (!sorted)
    qsort (members, n, sizeof (Member), compare_members);

  g_string_append_c (out, '{');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      relais_json_append_string (out, members[i].key);
      g_string_append_c (out, ':');
      relais_json_append_canonical (out, members[i].node);
    }
  g_string_append_c (out, '}');
}

void
relais_json_append_canonical (GString *out, JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      {
        GType value_type = json_node_get_value_type (node);

        if (value_type == G_TYPE_INT64)
          append_int (out, json_node_get_int (node));
        else if (value_type == G_TYPE_DOUBLE)
          append_double (out, json_node_get_double (node));
        else if (value_type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else
          relais_json_append_string (out, json_node_get_string (node));
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            relais_json_append_canonical (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      relais_json_append_canonical_object (out, json_node_get_object (node), FALSE);
      break;

    default:
      g_assert_not_reached ();
    }
}

char *
relais_json_canonical (JsonNode *node)
{
  GString *out = g_string_sized_new (256);

  g_return_val_if_fail (node != NULL, NULL);

  relais_json_append_canonical (out, node);
  return g_string_free (out, FALSE);
}

char *
relais_json_object_canonical (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return relais_json_canonical (node);
}

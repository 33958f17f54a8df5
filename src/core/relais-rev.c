/* relais-rev.c
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Revision ids "N-hash" as CouchDB and PouchDB use them: N is the depth in
 * the revision tree, the hash is opaque to every peer. Ours is the lowercase
 * MD5 of the parent revision, the deleted flag and the canonical body, so
 * that two workstations making the same edit from the same parent make the
 * same revision and do not conflict with themselves.
 */

#define G_LOG_DOMAIN "relais-rev"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "relais-json.h"
#include "relais-rev.h"

/* Long enough for any real hash, short enough to refuse garbage early. */
#define MAX_HASH_LENGTH 128

/* The one rule for a hash, in a _rev and in _revisions.ids alike: the
 * store keeps both in the same revision tree and re-reads every node with
 * relais_rev_parse(). Ids of "%", "/"… once passed _revisions, were
 * written, and left the document unreadable ("damaged") for good (found by
 * fuzz-bulk-docs). */
static gboolean
hash_is_valid (const char *hash)
{
  gsize len = 0;

  for (const char *p = hash; *p; p++, len++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return len > 0 && len <= MAX_HASH_LENGTH;
}

gboolean
relais_rev_parse (const char *rev, guint64 *generation, const char **hash, GError **error)
{
  const char *dash;
  guint64 gen = 0;

  if (rev == NULL || !g_ascii_isdigit (rev[0]))
    goto invalid;

  dash = strchr (rev, '-');
  if (dash == NULL || dash - rev > 19)
    goto invalid;

  for (const char *p = rev; p < dash; p++)
    {
      if (!g_ascii_isdigit (*p))
        goto invalid;
      gen = gen * 10 + (guint64) (*p - '0');
    }

  if (gen == 0 || !hash_is_valid (dash + 1))
    goto invalid;

  if (generation != NULL)
    *generation = gen;
  if (hash != NULL)
    *hash = dash + 1;
  return TRUE;

invalid:
  g_set_error (error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_REV, "Invalid rev format: %s",
               rev != NULL ? rev : "(null)");
  return FALSE;
}

/**
 * relais_rev_compute:
 * @parent_rev: (nullable): the revision this one follows, NULL for a new document
 * @deleted: whether the new revision is a tombstone
 * @canonical_body: the body as relais_doc_body_canonical() writes it
 *
 * Returns: (transfer full): the new revision id
 */
char *
relais_rev_compute (const char *parent_rev, gboolean deleted, const char *canonical_body)
{
  g_autoptr (GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
  guint64 parent_gen = 0;

  g_return_val_if_fail (canonical_body != NULL, NULL);

  if (parent_rev != NULL && !relais_rev_parse (parent_rev, &parent_gen, NULL, NULL))
    g_return_val_if_reached (NULL);

  if (parent_rev != NULL)
    g_checksum_update (md5, (const guchar *) parent_rev, -1);
  g_checksum_update (md5, (const guchar *) (deleted ? "\n1\n" : "\n0\n"), 3);
  g_checksum_update (md5, (const guchar *) canonical_body, -1);

  return g_strdup_printf ("%" G_GUINT64_FORMAT "-%s", parent_gen + 1, g_checksum_get_string (md5));
}

/* Generation first, then the hash bytewise: the order CouchDB and PouchDB
 * use to pick the winning revision among live leaves. Unparsable ids sort
 * first so that they never win. */
int
relais_rev_compare (const char *a, const char *b)
{
  guint64 gen_a = 0, gen_b = 0;
  const char *hash_a = "", *hash_b = "";

  relais_rev_parse (a, &gen_a, &hash_a, NULL);
  relais_rev_parse (b, &gen_b, &hash_b, NULL);

  if (gen_a != gen_b)
    return gen_a < gen_b ? -1 : 1;

  return strcmp (hash_a, hash_b);
}

/**
 * relais_revisions_encode:
 * @start: generation of the newest revision
 * @hashes: hashes, newest first
 *
 * Returns: (transfer full): a `_revisions` object node
 */
JsonNode *
relais_revisions_encode (guint64 start, const char *const *hashes)
{
  JsonObject *object = json_object_new ();
  JsonArray *ids = json_array_new ();
  JsonNode *node;

  for (guint i = 0; hashes != NULL && hashes[i] != NULL; i++)
    json_array_add_string_element (ids, hashes[i]);

  json_object_set_int_member (object, "start", (gint64) start);
  json_object_set_array_member (object, "ids", ids);

  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return node;
}

gboolean
relais_revisions_decode (JsonObject *revisions, guint64 *start, GStrv *hashes, GError **error)
{
  JsonNode *start_node, *ids_node;
  JsonArray *ids;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  gint64 start_value;
  guint n;

  g_return_val_if_fail (revisions != NULL, FALSE);

  start_node = json_object_get_member (revisions, "start");
  ids_node = json_object_get_member (revisions, "ids");

  if (start_node == NULL || json_node_get_value_type (start_node) != G_TYPE_INT64 ||
      ids_node == NULL || !JSON_NODE_HOLDS_ARRAY (ids_node))
    goto invalid;

  start_value = json_node_get_int (start_node);
  ids = json_node_get_array (ids_node);
  n = json_array_get_length (ids);

  if (n == 0 || start_value < 1 || (guint64) start_value < n)
    goto invalid;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (ids, i);
      const char *hash;

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        goto invalid;

      hash = json_node_get_string (element);
      if (!hash_is_valid (hash))
        goto invalid;

      g_strv_builder_add (builder, hash);
    }

  if (start != NULL)
    *start = (guint64) start_value;
  if (hashes != NULL)
    *hashes = g_strv_builder_end (builder);
  return TRUE;

invalid:
  g_set_error_literal (
      error, RELAIS_DOC_ERROR, RELAIS_DOC_ERROR_INVALID_REVISIONS,
      "_revisions must be {\"start\": N, \"ids\": [hash, …]} with N ≥ length of ids");
  return FALSE;
}

/* {start: 3, ids: [c, b, a]} → ["3-c", "2-b", "1-a"] */
GStrv
relais_revisions_to_revs (guint64 start, const char *const *hashes)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; hashes != NULL && hashes[i] != NULL; i++)
    {
      g_autofree char *rev = g_strdup_printf ("%" G_GUINT64_FORMAT "-%s", start - i, hashes[i]);

      g_strv_builder_add (builder, rev);
    }

  return g_strv_builder_end (builder);
}

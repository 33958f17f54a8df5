/* store-test-utils.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Helpers shared by the store tests: a store in a fresh temporary folder,
 * documents from JSON text.
 */

#pragma once

#include <glib/gstdio.h>

#include "relais-core.h"
#include "relais-store.h"

typedef struct
{
  char *dir;
  char *path;
  RelaisStore *store;
} StoreFixture;

static inline void
store_fixture_set_up (StoreFixture *fixture, gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("relais-store-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->store = relais_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static inline void
store_fixture_remove_files (StoreFixture *fixture)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static inline void
store_fixture_tear_down (StoreFixture *fixture, gconstpointer data)
{
  g_clear_object (&fixture->store);
  store_fixture_remove_files (fixture);
  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static inline void
store_fixture_reopen (StoreFixture *fixture)
{
  g_autoptr (GError) error = NULL;

  g_clear_object (&fixture->store);
  fixture->store = relais_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static inline JsonObject *
doc_new (const char *json)
{
  g_autoptr (GError) error = NULL;
  JsonObject *doc = relais_json_parse_object (json, -1, &error);

  g_assert_no_error (error);
  return doc;
}

/* Puts @json and returns the new revision, asserting success. */
static inline char *
put_ok (RelaisStore *store, const char *json, gboolean new_edits)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) doc = doc_new (json);
  char *rev = relais_store_put (store, doc, new_edits, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rev);
  return rev;
}

/* Puts @json expecting an error of the store's domain with @code. */
static inline void
put_fails (RelaisStore *store, const char *json, gboolean new_edits, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) doc = doc_new (json);
  g_autofree char *rev = relais_store_put (store, doc, new_edits, &error);

  g_assert_error (error, RELAIS_STORE_ERROR, code);
  g_assert_null (rev);
}

/* A replicated revision: `_rev` plus `_revisions` built from @hashes
 * (newest first), stored with new_edits=false. */
static inline void
put_replicated (RelaisStore *store,
                const char *id,
                guint64 start,
                const char *const *hashes,
                gboolean deleted,
                const char *field_value)
{
  g_autoptr (JsonObject) doc = json_object_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *rev = g_strdup_printf ("%" G_GUINT64_FORMAT "-%s", start, hashes[0]);
  g_autofree char *written = NULL;

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "_rev", rev);
  json_object_set_member (doc, "_revisions", relais_revisions_encode (start, hashes));
  if (deleted)
    json_object_set_boolean_member (doc, "_deleted", TRUE);
  if (field_value != NULL)
    json_object_set_string_member (doc, "v", field_value);
  written = relais_store_put (store, doc, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (written, ==, rev);
}

static inline gboolean
strv_has (GStrv strv, const char *value)
{
  return strv != NULL && g_strv_contains ((const char *const *) strv, value);
}

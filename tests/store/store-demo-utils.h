/* store-demo-utils.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * For every test that needs one (store, sync, GUI): a store filled with
 * an agency from the demo generator.
 */

#pragma once

#include <glib.h>

#include "relais-demo.h"
#include "relais-json.h"
#include "relais-store.h"

static inline gboolean
store_test_collect_cb (JsonObject *doc, gpointer user_data, GError **error)
{
  g_ptr_array_add (user_data, json_object_ref (doc));
  return TRUE;
}

/* A generated agency of @n_de DE and what the demo makes around them. */
static inline GPtrArray *
store_test_demo_docs (guint n_de)
{
  GPtrArray *docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GError) error = NULL;
  RelaisDemoOptions options;

  relais_demo_options_init (&options);
  options.n_de = n_de;
  g_assert_true (relais_demo_generate (&options, store_test_collect_cb, docs, &error));
  g_assert_no_error (error);
  return docs;
}

/* @docs written into the store at @path (created if needed) as edits, in
 * one transaction; returns the store's results, one per document. */
static inline GPtrArray *
store_test_put_docs (const char *path, GPtrArray *docs)
{
  g_autoptr (RelaisStore) store = NULL;
  g_autoptr (GError) error = NULL;
  GPtrArray *results;

  store = relais_store_open (path, &error);
  g_assert_no_error (error);
  results = relais_store_bulk_put (store, docs, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, docs->len);
  return results;
}

/* The store at @path with store_test_demo_docs (@n_de) written in;
 * returns how many documents. */
static inline guint
store_test_fill_demo (const char *path, guint n_de)
{
  g_autoptr (GPtrArray) docs = store_test_demo_docs (n_de);
  g_autoptr (GPtrArray) results = store_test_put_docs (path, docs);

  for (guint i = 0; i < results->len; i++)
    g_assert_no_error (((RelaisPutResult *) g_ptr_array_index (results, i))->error);
  return docs->len;
}

/* relais-store-query.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include "relais-store.h"

G_BEGIN_DECLS

/* One document's winner, as `_all_docs` lists it. */
typedef struct
{
  const char *id;
  const char *rev;
  gboolean deleted;
  const char *doc_json; /* with include_docs, else NULL */
} RelaisDocInfo;

typedef gboolean (*RelaisDocInfoFunc) (const RelaisDocInfo *info, gpointer user_data);

typedef struct
{
  const char *start_key; /* nullable: from the first id */
  const char *end_key;   /* nullable: to the last id */
  gboolean inclusive_end;
  gboolean descending;
  guint64 skip;
  guint64 limit; /* G_MAXUINT64 for no limit */
  gboolean include_docs;
} RelaisAllDocsQuery;

gboolean relais_store_all_docs (RelaisStore *self,
                                const RelaisAllDocsQuery *query,
                                RelaisDocInfoFunc func,
                                gpointer user_data,
                                GError **error);
guint64
relais_store_count_before (RelaisStore *self, const char *key, gboolean descending, GError **error);
gboolean relais_store_get_doc_info (RelaisStore *self,
                                    const char *id,
                                    gboolean include_doc,
                                    RelaisDocInfoFunc func,
                                    gpointer user_data,
                                    GError **error);

/* One document of relais_store_select_fields(): @values has one entry per
 * requested field, NULL where the member is not a JSON string. */
typedef gboolean (*RelaisFieldsFunc) (const char *id,
                                      const char *const *values,
                                      gpointer user_data);

gboolean relais_store_select_fields (RelaisStore *self,
                                     const char *type,
                                     const char *const *fields,
                                     const char *match_field,
                                     const char *match_value,
                                     RelaisFieldsFunc func,
                                     gpointer user_data,
                                     GError **error);

/* The columns of relais_store_select_de_list(), i.e. the members of a
 * DE that the portfolio lists. */
typedef enum
{
  RELAIS_DE_LIST_NOM,
  RELAIS_DE_LIST_PRENOM,
  RELAIS_DE_LIST_IDENTIFIANT,
  RELAIS_DE_LIST_MODALITE,
  RELAIS_DE_LIST_DATE_INSCRIPTION,
  RELAIS_DE_LIST_REFERENT,
  RELAIS_DE_LIST_PORTEFEUILLE,
  RELAIS_DE_LIST_N_COLUMNS
} RelaisDeListColumn;

extern const char *const relais_store_de_list_members[RELAIS_DE_LIST_N_COLUMNS + 1];

gboolean relais_store_select_de_list (RelaisStore *self,
                                      RelaisFieldsFunc func,
                                      gpointer user_data,
                                      GError **error);

typedef gboolean (*RelaisSearchTextFunc) (const char *id, const char *text, gpointer user_data);

gboolean relais_store_select_de_search_texts (RelaisStore *self,
                                              const char *de_id,
                                              RelaisSearchTextFunc func,
                                              gpointer user_data,
                                              GError **error);

G_END_DECLS

/* relais-store-conflicts.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * Documents with several live leaves (DESIGN.md "Never silent
 * last-write-wins"): list them, merge the ones whose edits touch
 * different fields, give a person the others side by side, and write a
 * resolution as an ordinary revision that also closes the losing branches.
 */

#pragma once

#include "relais-store.h"

G_BEGIN_DECLS

typedef struct
{
  char *id;
  char *winner;
  GStrv others; /* the other live leaves, in winning order */
} RelaisConflictInfo;

typedef struct
{
  char *id;
  GStrv revs;             /* the live leaves, the winner first */
  GPtrArray *bodies;      /* (element-type JsonObject) one per rev, same order */
  char *ancestor_rev;     /* nullable: the winner's and first other's common ancestor */
  JsonObject *ancestor;   /* nullable: its body, while the store keeps it */
  GPtrArray *fields;      /* (element-type utf8) dotted paths that differ */
  GPtrArray *unmergeable; /* (element-type utf8) paths both sides changed differently */
} RelaisConflict;

GPtrArray *relais_store_list_conflicts (RelaisStore *self, GError **error);
RelaisConflict *relais_store_get_conflict (RelaisStore *self, const char *id, GError **error);
char *relais_store_resolve_conflict (
    RelaisStore *self, const char *id, const char *const *revs, JsonObject *body, GError **error);
gboolean
relais_store_merge_conflicts (RelaisStore *self, guint *n_merged, guint *n_left, GError **error);

void relais_conflict_info_free (RelaisConflictInfo *info);
void relais_conflict_free (RelaisConflict *conflict);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisConflictInfo, relais_conflict_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisConflict, relais_conflict_free)

G_END_DECLS

/* relais-session-revocations.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RelaisSessionRevocations RelaisSessionRevocations;

RelaisSessionRevocations *
relais_session_revocations_load (const char *data_dir, guint max_entries, GError **error);
void relais_session_revocations_free (RelaisSessionRevocations *self);
gboolean relais_session_revocations_contains (RelaisSessionRevocations *self,
                                              const char *session,
                                              const char *name,
                                              gint64 issued);
gboolean relais_session_revocations_add (RelaisSessionRevocations *self,
                                         const char *session,
                                         const char *name,
                                         gint64 issued,
                                         gint64 timeout,
                                         GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RelaisSessionRevocations, relais_session_revocations_free)

G_END_DECLS

/* relais-outbox.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 *
 * The outbox of the server jobs: a maildir (tmp/, new/, cur/) that a mail
 * transfer agent or an administrator's script empties. A message is first
 * staged in tmp/ (complete and on disk), then delivered into new/ by a
 * rename, so that a reader of new/ never sees half a message.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RELAIS_TYPE_OUTBOX (relais_outbox_get_type ())
G_DECLARE_FINAL_TYPE (RelaisOutbox, relais_outbox, RELAIS, OUTBOX, GObject)

RelaisOutbox *relais_outbox_open (const char *dir, GError **error);
const char *relais_outbox_get_dir (RelaisOutbox *self);
char *
relais_outbox_stage (RelaisOutbox *self, const char *key, const char *message, GError **error);
gboolean relais_outbox_deliver (RelaisOutbox *self, const char *name, GError **error);
gboolean relais_outbox_discard (RelaisOutbox *self, const char *name, GError **error);
GPtrArray *relais_outbox_list (RelaisOutbox *self, const char *subdir, GError **error);
char *relais_outbox_read_staged (RelaisOutbox *self, const char *name, GError **error);

G_END_DECLS

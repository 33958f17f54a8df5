/* relais-login-dialog.h
 *
 * SPDX-License-Identifier: EUPL-1.2
 */

#pragma once

#include <adwaita.h>

#include "relais-context.h"

G_BEGIN_DECLS

#define RELAIS_TYPE_LOGIN_DIALOG (relais_login_dialog_get_type ())
G_DECLARE_FINAL_TYPE (
    RelaisLoginDialog, relais_login_dialog, RELAIS, LOGIN_DIALOG, AdwMessageDialog)

GtkWidget *relais_login_dialog_new (GtkWindow *parent, RelaisContext *context, const char *message);
void relais_login_dialog_connect (RelaisLoginDialog *self);
gboolean relais_login_dialog_get_busy (RelaisLoginDialog *self);
GtkEditable *relais_login_dialog_get_entry (RelaisLoginDialog *self, const char *name);
GtkLabel *relais_login_dialog_get_error_label (RelaisLoginDialog *self);

G_END_DECLS

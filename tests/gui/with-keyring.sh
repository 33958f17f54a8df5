#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Runs a test inside its own D-Bus session with a real Secret Service: a
# gnome-keyring-daemon whose login keyring lives in a throw-away HOME and is
# unlocked with a throw-away password. Nothing touches the user's keyring.
set -eu
if [ -z "${RELAIS_IN_KEYRING_SESSION:-}" ]; then
  export RELAIS_IN_KEYRING_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
home=$(mktemp -d)
runtime=$(mktemp -d)
# The daemon leaves with the private bus when dbus-run-session ends.
trap 'rm -rf "$home" "$runtime"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_RUNTIME_DIR="$runtime"
chmod 700 "$runtime"
eval "$(printf 'relais-test-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
"$@"

#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
#
# End-to-end test as a counsellor would use the app: through the
# accessibility tree (TESTING.md "End-to-end tests through the accessibility
# tree"). Xvfb starts first so that DISPLAY is in the D-Bus activation
# environment of the AT-SPI bus; the driver then runs inside its own session
# bus and launches the server and the app itself.
#
# Usage: test-e2e.sh RELAIS-SERVER RELAIS [en|fr]
set -eu

here=$(dirname "$0")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/relais-e2e-xvfb-XXXXXX")
xvfb_pid=
trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

# -displayfd picks a free display number and writes it once the server is
# ready, so that parallel runs of other developers never collide; a display
# lost to a concurrent `xvfb-run -a` is started again (three attempts).
# -noreset: by default the server resets when its last client leaves (our
# xdpyinfo check), and an app connecting during the reset, on a loaded
# machine, was told "cannot open display".
start_xvfb() {
  rm -f "$tmp/display"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$tmp/display" 2>"$tmp/xvfb.log" &
  xvfb_pid=$!
  for _ in $(seq 100); do
    [ -s "$tmp/display" ] && break
    sleep 0.1
  done
  [ -s "$tmp/display" ] || return 1
  DISPLAY=:$(head -n1 "$tmp/display")
  # Ours, alive and answering.
  kill -0 "$xvfb_pid" 2>/dev/null && xdpyinfo -display "$DISPLAY" >/dev/null 2>&1
}
for attempt in 1 2 3; do
  start_xvfb && break
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=
  [ "$attempt" = 3 ] && { cat "$tmp/xvfb.log" >&2; echo "Bail out! Xvfb did not start"; exit 1; }
done
export DISPLAY

# A session bus that can start the accessibility bus and nothing else: no
# keyring daemon (its unlock prompt would take the keyboard, and the test
# must not touch the user's keyrings), no dconf, no portal. The app then
# keeps no password, as on a headless session.
mkdir -p "$tmp/services" "$tmp/home/cache" "$tmp/home/config" "$tmp/home/data" "$tmp/home/runtime"
chmod 700 "$tmp/home/runtime"
cp /usr/share/dbus-1/services/org.a11y.Bus.service "$tmp/services/"
cat > "$tmp/session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$tmp</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$tmp/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
export XDG_CACHE_HOME="$tmp/home/cache" XDG_CONFIG_HOME="$tmp/home/config"
export XDG_DATA_HOME="$tmp/home/data" XDG_RUNTIME_DIR="$tmp/home/runtime"

# The meson environment of the widget tests disables the session bus and
# the accessibility bridge: this test needs both.
unset DBUS_SESSION_BUS_ADDRESS NO_AT_BRIDGE GTK_A11Y
# No exec: the EXIT trap must still stop Xvfb. The TAP goes out on fd 3:
# the bus daemons' own chatter (on the inherited stdout) goes to stderr.
dbus-run-session --config-file="$tmp/session.conf" -- \
  /usr/bin/python3 "$here/test-e2e.py" "$@" 3>&1 1>&2

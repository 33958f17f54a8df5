#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# systemd-analyze verify on the unit, with ExecStart pointed at the built
# binary (verify checks that the command exists). It exits 0 on many
# problems and only prints them: any output is a failure.
set -eu
unit="$1"
binary="$2"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s#/usr/bin/relais-server#$binary#" "$unit" > "$dir/relais-server.service"
out=$(systemd-analyze verify --man=no "$dir/relais-server.service" 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then
  echo "$out"
  exit 1
fi
echo "ok: $unit"

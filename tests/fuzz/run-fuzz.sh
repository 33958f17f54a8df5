#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
#
# run-fuzz.sh TARGET SEEDS WORK [libFuzzer options…]
#
# Runs one libFuzzer target on its committed seeds (read only) and on the
# corpus it grows in WORK/corpus; a crashing, leaking or UB input is written
# to WORK/artifacts/ and the exit status is non-zero.
set -eu
target=$1 seeds=$2 work=$3
shift 3
mkdir -p "$work/corpus" "$work/artifacts"
dict="$(dirname "$0")/relais.dict"
# libFuzzer scans the heap for leaks after an input that allocated more than
# it freed; a smaller quarantine keeps that scan (and the RSS) small.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=64"
# The first folder is the one libFuzzer writes to: never the seeds.
exec "$target" -dict="$dict" -artifact_prefix="$work/artifacts/" -print_final_stats=1 \
  "$@" "$work/corpus" "$seeds"

#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Fails when a C source of ours is not as .clang-format writes it.
# Fix with: clang-format -i $(git ls-files '*.c' '*.h')
set -eu
cd "$(dirname "$0")/.."
files=$(find src tests -name '*.[ch]' -not -path '*/node_modules/*' | sort)
clang-format --dry-run --Werror $files
echo "formatting: $(echo "$files" | wc -l) files clean"

#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# The French catalogue passes when msgfmt accepts it, nothing in it is
# untranslated or fuzzy, and every string the sources mark for translation
# (po/POTFILES.in) has a translation in it.
set -eu
podir=$1
top=$(cd "$podir/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$podir/fr.po" 2>&1)
echo "fr.po: $stats"
case "$stats" in
  *untranslated*|*fuzzy*) exit 1 ;;
esac

cd "$top"
xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  -f po/POTFILES.in -o "$tmp/relais.pot" 2>"$tmp/xgettext.log" || { cat "$tmp/xgettext.log"; exit 1; }
msgcmp po/fr.po "$tmp/relais.pot"
echo "fr.po covers every string of po/POTFILES.in"

#!/usr/bin/env bash
# Fail when a Bulgarian entry is empty or fuzzy, listing the msgids to translate
# (in locale/bg/LC_MESSAGES/django.po, then `make messages`).
set -euo pipefail
cd "$(dirname "$0")/.."

status=0
for catalogue in locale/bg/LC_MESSAGES/*.po; do
  for kind in untranslated fuzzy; do
    if [ "$kind" = untranslated ]; then
      found="$(msgattrib --untranslated --no-obsolete --no-wrap "$catalogue")"
    else
      found="$(msgattrib --only-fuzzy --no-obsolete --no-wrap "$catalogue")"
    fi
    # One line per msgid (continuation lines joined); the header's empty msgid is skipped.
    ids="$(printf '%s\n' "$found" | awk '
      function flush() { if (id != "") print "\"" id "\"" }
      /^msgid / { flush(); piece = substr($0, 7); id = substr(piece, 2, length(piece) - 2); inid = 1; next }
      inid && /^"/ { id = id substr($0, 2, length($0) - 2); next }
      { inid = 0 }
      END { flush() }')"
    if [ -n "$ids" ]; then
      count="$(printf '%s\n' "$ids" | wc -l)"
      echo "$catalogue: $count $kind entr$([ "$count" = 1 ] && echo y || echo ies):"
      printf '%s\n' "$ids" | sed 's/^/  /'
      status=1
    fi
  done
done
if [ "$status" = 0 ]; then
  echo "Bulgarian translations complete: no empty or fuzzy entries."
fi
exit "$status"

#!/usr/bin/env bash
# Merge the Bulgarian parts (locale/bg/parts/*.po, one per part of the product) into
# locale/bg/LC_MESSAGES/django.po, which `makemessages` has just refreshed.
#
# The parts and the current catalogue form a compendium: for every msgid in the fresh
# catalogue, the first non-empty translation wins, parts before the catalogue (so a part
# corrects an older translation). Entries that no part translates keep their current
# translation; msgids that the code no longer uses are dropped. A part's entry marked
# fuzzy stays fuzzy, and `make check-messages` reports it.
set -euo pipefail
cd "$(dirname "$0")/.."

catalogue=locale/bg/LC_MESSAGES/django.po
shopt -s nullglob
parts=(locale/bg/parts/*.po)
if [ ! -f "$catalogue" ]; then
  echo "$catalogue is missing: run makemessages first." >&2
  exit 1
fi
if [ ${#parts[@]} -eq 0 ]; then
  echo "No parts in locale/bg/parts/: nothing to merge."
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# makemessages marks guesses from similar msgids as fuzzy: they are not translations.
# The template drops them (and their translations), so do the catalogue's inputs.
# The header (charset=UTF-8) is fuzzy in makemessages' output: unmark it first, or
# --no-fuzzy drops it and every non-ASCII msgid is read as broken ASCII.
sed '0,/^#, fuzzy$/{/^#, fuzzy$/d}' "$catalogue" > "$work/catalogue.po"
msgattrib --clear-fuzzy --empty --clear-previous "$work/catalogue.po" -o "$work/ref.pot"
msgattrib --no-fuzzy "$work/catalogue.po" -o "$work/current.po"
# The header of the fresh catalogue (Language, Plural-Forms) goes first, so it is the one kept.
awk 'BEGIN { RS = "" } NR == 1 { print; print "" }' "$catalogue" > "$work/header.po"
for part in "${parts[@]}"; do
  msgfmt --check-format -o /dev/null "$part"  # a broken part stops the merge, named
done
msgcat --use-first "$work/header.po" "${parts[@]}" "$work/current.po" \
  -o "$work/compendium.po"
msgmerge --quiet --no-fuzzy-matching --no-wrap "$work/compendium.po" "$work/ref.pot" \
  -o "$work/merged.po"
msgattrib --no-obsolete --no-wrap "$work/merged.po" -o "$catalogue"
echo "Merged ${#parts[@]} part(s) into $catalogue."

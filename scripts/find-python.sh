#!/usr/bin/env bash
# Print the newest Python 3.12+ that really runs: python3.13, python3.12, then pyenv installs.
# pyenv shims exist on the PATH even for versions that are not selected and then fail with
# "command not found", so every candidate is run, not just looked up.
set -u
candidates=(python3.13 python3.12)
if command -v pyenv >/dev/null 2>&1; then
  root="$(pyenv root 2>/dev/null || true)"
  if [ -n "$root" ]; then
    while IFS= read -r path; do candidates+=("$path"); done < <(
      ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V -r)
  fi
fi
for candidate in "${candidates[@]}"; do
  if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
    command -v "$candidate" 2>/dev/null || echo "$candidate"
    exit 0
  fi
done
echo "No working Python 3.12 or 3.13 found (Django 6.1 needs 3.12+)." >&2
echo "Tried: ${candidates[*]}" >&2
echo "Install one (e.g. apt-get install python3.13, brew install python@3.13," >&2
echo "or pyenv install 3.13) and run make again." >&2
exit 1

#!/usr/bin/env bash
# Install Debian/Ubuntu packages with apt-get, as root or through sudo.
# Exits non-zero, without a word, where that is impossible (no apt-get, no root, no sudo):
# the caller then says what the reader should run.
set -euo pipefail
command -v apt-get >/dev/null 2>&1 || exit 1
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  exit 1
fi
"${as_root[@]}" apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"

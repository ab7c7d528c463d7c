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
if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    $SUDO apt-get update -q
    # python3.X-venv exists for every Python that Debian or Ubuntu packages; python3-venv for the default one.
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "python$version-venv" \
      || $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
  fi
fi
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  cat >&2 <<MSG
Could not install venv support for $PYTHON. Install it, then run the command again:
  Debian/Ubuntu: sudo apt-get install python$version-venv
  Fedora:        sudo dnf install python3
  macOS:         a python.org or Homebrew Python has it already
MSG
  exit 1
fi

#!/usr/bin/env bash
# The README's two commands on bare Debian machines, as a new reader runs them.
#
# For each suite (Debian 12 "bookworm", Debian 13 "trixie" by default) this makes
# a minimal root filesystem with debootstrap (--variant=minbase, plus only
# python3, make, git and ca-certificates), clones this repository's committed
# HEAD into it, and runs each command verbatim in a chroot, timing each part.
# The host's CA certificates and pip configuration are copied in, as a reader on
# a network with its own certificate authority or package mirror would have them.
#
#   SUITES="bookworm trixie"  COMMANDS="make book;make pdf;make test"  scripts/fresh_check.sh
#
# Needs root (debootstrap, chroot, mounts); installs debootstrap if it is missing.
set -euo pipefail

SUITES=${SUITES:-bookworm trixie}
COMMANDS=${COMMANDS:-make book;make pdf;make test}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
WORKDIR=${WORKDIR:-/var/tmp/micrograd-fresh}
DEB_CACHE=${DEB_CACHE:-/var/cache/micrograd-fresh-debs}  # downloaded .debs, verified by apt as usual
REPO=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)

if [ "$(id -u)" -ne 0 ]; then
  echo "fresh_check.sh needs root (debootstrap and chroot)." >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null; then
  "$(dirname "$0")/apt_install.sh" debootstrap
fi

mounted_under() { awk -v root="$1" '$2 == root || index($2, root "/") == 1 { print $2 }' /proc/self/mounts; }

unmount_all() {
  local root=$1 point
  # the book's kernels have exited with their builds; anything left would hold the mounts
  for point in $(mounted_under "$root" | sort -r); do umount -l "$point" || true; done
}

remove_root() {
  local root=$1
  unmount_all "$root"
  if [ -n "$(mounted_under "$root")" ]; then  # never delete through a bind mount of the host's /dev
    echo "still mounted under $root, not removing it" >&2
    return 1
  fi
  rm -rf "$root"
}

timed() {  # timed LABEL COMMAND...: run, then report the wall time of this part
  local label=$1 start=$SECONDS
  shift
  echo "==> $label"
  "$@"
  echo "<== $label: $((SECONDS - start)) s"
  REPORT+=("$(printf '%-44s %5d s' "$label" $((SECONDS - start)))")
}

copy_host_trust() {
  local root=$1 file
  # Certificates: every CA the host trusts, added to the chroot's own store.
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /etc/ssl/certs/ca-certificates.crt "$root/usr/local/share/ca-certificates/host-trust.crt"
  chroot "$root" update-ca-certificates >/dev/null
  # pip's configuration: global, site-wide and the user's, where they exist.
  for file in /etc/pip.conf /etc/xdg/pip "$HOME/.config/pip" "$HOME/.pip"; do
    if [ -e "$file" ]; then
      mkdir -p "$root$(dirname "${file/#$HOME//root}")"
      cp -r "$file" "$root${file/#$HOME//root}"
    fi
  done
  cp /etc/resolv.conf "$root/etc/resolv.conf"
}

bind_local_pip_locations() {  # a pip configuration may name local folders (find-links, file:// indexes): the same, read-only
  local root=$1 dir
  for dir in $(cat /etc/pip.conf "$HOME/.config/pip/pip.conf" "$HOME/.pip/pip.conf" 2>/dev/null \
      | grep -oE '(file://)?/[^ ]+' | sed 's|^file://||; s|/simple/*$||' | sort -u) \
      $(printenv PIP_FIND_LINKS || true); do
    if [ -d "$dir" ] && [ ! -e "$root$dir" ]; then
      mkdir -p "$root$dir"
      mount --bind -o ro "$dir" "$root$dir"
    fi
  done
}

in_chroot() {  # a login-like environment: nothing of the host's but its proxy and pip settings
  local root=$1
  shift
  local vars=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb)
  local name
  for name in $(compgen -e); do
    case $name in
      PIP_CERT|SSL_CERT_FILE|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|GIT_SSL_CAINFO) ;;  # host paths: the chroot has its own store
      PIP_*|http_proxy|https_proxy|no_proxy|HTTP_PROXY|HTTPS_PROXY|NO_PROXY) vars+=("$name=${!name}") ;;
    esac
  done
  chroot "$root" /usr/bin/env -i "${vars[@]}" bash -c "$*"
}

bootstrap() {  # bootstrap SUITE ROOT: the minimal system, its log kept beside it
  local log="$WORKDIR/$1-debootstrap.log"
  if ! debootstrap --variant=minbase --include=python3,make,git,ca-certificates --cache-dir="$DEB_CACHE" \
    "$1" "$2" "$MIRROR" >"$log" 2>&1; then
    tail -30 "$log" >&2
    return 1
  fi
}

REPORT=()
mkdir -p "$WORKDIR" "$DEB_CACHE"
for suite in $SUITES; do
  root="$WORKDIR/$suite"
  remove_root "$root"
  trap 'unmount_all "$root"' EXIT
  timed "$suite: debootstrap (minbase + python3 make git ca-certificates)" bootstrap "$suite" "$root"
  copy_host_trust "$root"
  mount --rbind /dev "$root/dev"
  mount -t proc proc "$root/proc"
  mount -t sysfs sysfs "$root/sys"
  mount -t tmpfs tmpfs "$root/tmp"
  bind_local_pip_locations "$root"
  git clone --quiet --no-local "$REPO" "$root/root/micrograd-book"
  echo "$suite: $(in_chroot "$root" 'python3 --version') in a fresh clone of $(git -C "$REPO" rev-parse --short HEAD)"
  IFS=';' read -r -a commands <<<"$COMMANDS"
  for command in "${commands[@]}"; do
    timed "$suite: $command" in_chroot "$root" "cd /root/micrograd-book && $command"
  done
  remove_root "$root"
  trap - EXIT
done

echo
echo "fresh-check passed:"
printf '  %s\n' "${REPORT[@]}"

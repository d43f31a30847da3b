#!/usr/bin/env bash
# The system packages TrailGuard's commands need beyond Node 20, checked in one place for `npm run demo` and CI.
#
#   scripts/setup-system.sh demo   code-server's offline install: ripgrep, libkrb5-dev
#   scripts/setup-system.sh test   the above, plus chromium (UI tests), neovim and emacs + eglot (editor tests)
#
# Missing packages are installed when this runs as root and apt-get is available (saying what it installs);
# otherwise it prints the exact command and exits 2, before anything long starts.
set -euo pipefail

what="${1:-demo}"
missing=()
# Each check asks for a command the package provides, so that a test can simulate a bare machine through PATH.
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
command -v krb5-config >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "$what" = test ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v nvim >/dev/null 2>&1 || missing+=(neovim)
  emacs --batch -q --eval "(require 'eglot)" >/dev/null 2>&1 || missing+=(emacs-nox elpa-eglot)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

install() {
  local log
  log="$(mktemp)"
  echo "TrailGuard $what set-up: installing Debian packages: ${missing[*]} (about a minute; log: $log)" >&2
  if "$@" apt-get update -qq >"$log" 2>&1 && "$@" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >>"$log" 2>&1; then
    rm -f "$log"
    exit 0
  fi
  tail -20 "$log" >&2
  echo "TrailGuard $what set-up: apt-get failed (full log: $log)" >&2
  exit 2
}
if command -v apt-get >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] && install
  command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1 && install sudo
fi
echo "TrailGuard $what set-up: these Debian packages are missing: ${missing[*]}" >&2
echo "Install them, then run the command again:" >&2
echo "  sudo apt-get install -y ${missing[*]}" >&2
exit 2

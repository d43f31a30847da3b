#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3) OUTSIDE the repo, in a cache folder, for the real-editor tests
# and the demo. Idempotent: a finished install is reused. Needs node 20, and the apt packages libkrb5-dev (kerberos
# headers) and ripgrep (used instead of the download @vscode/ripgrep attempts). The workarounds are the ones in
# docs/ (vscode-runtime notes): unsafe-perm as root, npx without a prompt for node-gyp, a seeded ripgrep cache.
# Prints the path of the code-server binary on its last line.
set -euo pipefail

VERSION=4.100.3
CACHE="${TRAILGUARD_CACHE:-$HOME/.cache/trailguard}"
DIR="$CACHE/code-server-$VERSION"
BIN="$DIR/node_modules/.bin/code-server"

if [ -x "$BIN" ] && [ -f "$DIR/.installed" ]; then
  echo "$BIN"
  exit 0
fi

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" != "20" ]; then
  echo "code-server $VERSION needs node 20 (found $(node -v))" >&2
  exit 1
fi
# ripgrep and the kerberos headers: scripts/setup-system.sh installs them (or says how) before anything long.
bash "$(dirname "$0")/../setup-system.sh" demo || exit 2

mkdir -p "$DIR"
TMP="$DIR/.tmp"
rm -rf "$TMP" && mkdir -p "$TMP/vscode-ripgrep-cache-1.15.11" "$TMP/rg"
# @vscode/ripgrep's postinstall downloads from api.github.com; give it the system rg in the archive it expects.
cp "$(command -v rg)" "$TMP/rg/rg"
tar czf "$TMP/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMP/rg" rg

# node-gyp builds the native modules from source against the local node headers instead of downloading them.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

cd "$DIR"
[ -f package.json ] || echo '{"name":"trailguard-code-server","private":true}' > package.json
# npm_config_unsafe_perm: code-server's postinstall refuses to run as root without it.
# npm_config_yes: node-pty's postinstall runs `npx node-gyp`, which must not prompt.
TMPDIR="$TMP" npm_config_yes=true npm_config_unsafe_perm=true \
  npm install "code-server@$VERSION" --no-audit --no-fund --foreground-scripts --loglevel=error >"$DIR/install.log" 2>&1 || {
  tail -40 "$DIR/install.log" >&2
  exit 1
}
rm -rf "$TMP"
# Every code-server run writes config under HOME: keep this check's out of the user's.
HOME="$DIR/.home" XDG_CONFIG_HOME="$DIR/.home/.config" XDG_DATA_HOME="$DIR/.home/.local/share" "$BIN" --version >/dev/null
touch "$DIR/.installed"
echo "$BIN"

#!/usr/bin/env bash
# Installs what the browser and VS Code tests need on a fresh Debian 12 machine, from Debian's apt and
# the npm registry only: Chromium (Playwright drives it; no browser download) and code-server 4.100.3
# (= VS Code 1.100.3, the newest build that runs on Node 20) into .vscode-test/tools.
# Idempotent: a second run only checks. Usage: bash scripts/setup-e2e.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CODE_SERVER_VERSION=4.100.3
RIPGREP_PACKAGE_VERSION=1.15.11   # @vscode/ripgrep pinned by code-server 4.100.3
RIPGREP_TAG=v13.0.0-10
TOOLS=.vscode-test/tools

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
command -v curl >/dev/null 2>&1 || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd=sudo
  $sudo_cmd apt-get update
  $sudo_cmd env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

installed="$(cat "$TOOLS/node_modules/code-server/package.json" 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).version)}catch{}})' || true)"
if [ "$installed" = "$CODE_SERVER_VERSION" ] && [ -f "$TOOLS/node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node" ]; then
  echo "code-server $CODE_SERVER_VERSION already in $TOOLS"
  exit 0
fi

# code-server's ripgrep postinstall downloads rg from GitHub unless its cache already holds it: seed it with Debian's rg.
cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
mkdir -p "$cache"
staging="$(mktemp -d)"; cp "$(command -v rg)" "$staging/rg"
tar czf "$cache/ripgrep-$RIPGREP_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$staging" rg
rm -rf "$staging"

mkdir -p "$TOOLS"
[ -f "$TOOLS/package.json" ] || echo '{ "name": "e2e-tools", "private": true }' > "$TOOLS/package.json"
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
[ -f "$node_prefix/include/node/node.h" ] && export npm_config_nodedir="$node_prefix"   # node-gyp: local headers
export npm_config_unsafe_perm=true   # code-server's postinstall refuses to run as root without it
export npm_config_yes=true           # node-pty's postinstall runs npx node-gyp
(cd "$TOOLS" && npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION")
test -f "$TOOLS/node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node" \
  || { echo "code-server installed without its native modules (were install scripts blocked?)" >&2; exit 1; }
echo "code-server $CODE_SERVER_VERSION installed in $TOOLS"

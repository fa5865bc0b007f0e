#!/usr/bin/env bash
# Starts the demo on the embedded default: the api.video emulator (a generated dev key, no account,
# no network), the broker in workerd via `wrangler dev`, and the demo SPA. Prints the URL to open.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$KW_ROOT"
kw_log "building the workspace (cached after the first run)"
turbo run build --output-logs=errors-only >&2
exec node packages/dev-stack/dist/cli.js

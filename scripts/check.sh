#!/usr/bin/env bash
# Every check, as CI runs it: format and lint, typecheck, build (publint, size budget, wrangler
# dry-run), the README snippets, unit and Workers tests, the consumer check (the packed packages in
# a fresh project), then the Playwright suite in Chromium. Ends with one line:
# "N passed, N failed", totalled over every runner.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
set +e
cd "$KW_ROOT"

export CI="${CI:-1}"
rm -rf .reports && mkdir -p .reports
find apps packages -mindepth 2 -maxdepth 2 -name .reports -type d -exec rm -rf {} +

# step NAME KIND SECONDS COMMAND...: KIND is "gate" (counts as one check) or "tests" (its runners'
# reports count); each step has its own time limit so one hang cannot eat the whole budget.
step() {
  local name=$1 kind=$2 limit=$3
  shift 3
  kw_log "step: $name"
  local started=$SECONDS
  timeout --kill-after=30 "$limit" "$@"
  local rc=$?
  printf '%s\t%s\t%s\t%s\n' "$name" "$kind" "$rc" "$((SECONDS - started))" >> .reports/steps.tsv
}

TURBO_FLAGS=(--continue --output-logs=new-only --concurrency=2)

step lint gate 300 biome ci --colors=off .
# Layers and cycles (dependency-cruiser): no import runs upward, none goes round.
step layering gate 300 turbo run check:deps "${TURBO_FLAGS[@]}"
step typecheck gate 600 turbo run typecheck "${TURBO_FLAGS[@]}"
step build gate 600 turbo run build check:package check:size "${TURBO_FLAGS[@]}"
# Every TypeScript/JavaScript block of the READMEs, against the packages just built.
step readme-snippets gate 300 node packages/readme-check/src/cli.ts
step tests tests 900 turbo run test "${TURBO_FLAGS[@]}"
# The packed packages in fresh npm projects outside the workspace (apps/consumer-check/README.md).
step consumer tests 900 node apps/consumer-check/src/cli.ts
if kw_need_chromium; then
  step e2e tests 900 turbo run e2e "${TURBO_FLAGS[@]}"
else
  printf 'e2e\tgate\t1\t0\n' >> .reports/steps.tsv
fi

node scripts/summarize-checks.mjs

#!/usr/bin/env bash
# Runs the benchmarks (not part of the check command) and writes bench/results/latest.{md,json}.
# Every figure is a ratio measured side by side in one run; see bench/README.md.
# Pass measurement ids to run a subset: npm run bench -- --only 1,3
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$KW_ROOT"
turbo run build --output-logs=errors-only >&2
cd bench
exec node src/run.ts "$@"

import { mkdirSync, writeFileSync } from 'node:fs'
import { defineConfig } from 'vitest/config'
import type { Reporter } from 'vitest/node'
import './bench/result.ts'
import { workerUnderTest } from './vitest.shared.ts'

/** Writes the measurement the bench attached to its test to .reports/bench-vault.json. */
const vaultBenchReport: Reporter = {
  onTestCaseResult(testCase) {
    const result = testCase.meta().vaultBench
    if (result === undefined) return
    mkdirSync('.reports', { recursive: true })
    writeFileSync('.reports/bench-vault.json', `${JSON.stringify(result, null, 2)}\n`)
  },
}

// Only `pnpm bench:vault` uses this file; `pnpm test` (vitest.config.ts) never runs bench/.
export default defineConfig({
  plugins: [
    workerUnderTest({
      BENCH_ISOLATES: process.env.BENCH_ISOLATES ?? '8',
      BENCH_HOURS: process.env.BENCH_HOURS ?? '24',
      BENCH_COLD_STARTS: process.env.BENCH_COLD_STARTS ?? '16',
      BENCH_AUTH_LATENCY_MS: process.env.BENCH_AUTH_LATENCY_MS ?? '0',
      // The per-request audit line would flood the output.
      LOG_LEVEL: 'warn',
    }),
  ],
  test: {
    include: ['bench/**/*.bench.ts'],
    reporters: ['default', vaultBenchReport],
    testTimeout: 1_800_000,
  },
})

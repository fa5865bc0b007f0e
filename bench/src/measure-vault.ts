import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Section } from './report.ts'

interface VaultSide {
  exchanges: number
  exchangesPerHour: number
  failedRefreshes: number
  coldStartMs: Record<string, number>
}

interface VaultBench {
  isolates: number
  simulatedHours: number
  withVault: VaultSide
  withoutVault: VaultSide
}

/**
 * Measurement 4: upstream exchanges per simulated hour for K isolates, with and without the
 * Durable Object vault. Runs inside workerd (`@cloudflare/vitest-plugin`), where K broker
 * instances with separate memory share one TOKEN_VAULT, as K isolates would.
 */
export function measureVault(root: string): Section {
  execFileSync('pnpm', ['--filter', '@keyward/worker', 'run', 'bench:vault'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const result = JSON.parse(
    readFileSync(join(root, 'apps/worker/.reports/bench-vault.json'), 'utf8')
  ) as VaultBench
  const { withVault: vault, withoutVault: memory } = result
  const cold = (side: VaultSide) =>
    Object.entries(side.coldStartMs)
      .map(([name, ms]) => `${name} ${ms} ms`)
      .join(', ')
  return {
    id: '4',
    title: `Upstream exchanges per simulated hour, ${result.isolates} isolates`,
    target: 'about one exchange per token lifetime for the whole deployment with the vault',
    met: vault.exchangesPerHour <= 1.5 && vault.failedRefreshes === 0,
    headline: `${vault.exchangesPerHour}/h with the vault vs ${memory.exchangesPerHour}/h without (${result.isolates} isolates, ${result.simulatedHours} h simulated)`,
    columns: ['Upstream tokens', 'exchanges', 'per hour', 'failed refreshes', 'cold start'],
    rows: [
      [
        'Durable Object vault',
        vault.exchanges,
        vault.exchangesPerHour,
        vault.failedRefreshes,
        cold(vault),
      ],
      [
        'in-memory per isolate',
        memory.exchanges,
        memory.exchangesPerHour,
        memory.failedRefreshes,
        cold(memory),
      ],
    ],
    notes: [
      'Source: `pnpm --filter @keyward/worker bench:vault` (apps/worker/bench), inside workerd.',
    ],
  }
}

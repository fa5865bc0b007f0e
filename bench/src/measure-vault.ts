import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Section } from './report.ts'

interface Spread {
  p50: number
  max: number
}

interface VaultSide {
  exchanges: number
  exchangesPerHour: number
  apiKeyExchanges: number
  refreshes: number
  failedRefreshes: number
  vaultCalls: number
  coldStartDetailMs: { token: Spread; firstCall: Spread }
  coldStarts: number
}

interface VaultBench {
  isolates: number
  simulatedHours: number
  stepSeconds: number
  tokenLifetimeSeconds: number
  authLatencyMs: number
  withVault: VaultSide
  withoutVault: VaultSide
}

/** api.video's `/auth/*` modelled as a remote service: the in-process emulator answers at once. */
const AUTH_LATENCY_MS = 50

/**
 * Measurement 4: upstream exchanges per simulated hour for K isolates, with and without the
 * Durable Object vault, and the cold-start latency of a new isolate. Runs inside workerd
 * (`@cloudflare/vitest-plugin`), where K broker instances with separate memory share one
 * TOKEN_VAULT, as K isolates would.
 */
export function measureVault(root: string): Section {
  execFileSync('pnpm', ['--filter', '@keyward/worker', 'run', 'bench:vault'], {
    cwd: root,
    env: { ...process.env, BENCH_AUTH_LATENCY_MS: String(AUTH_LATENCY_MS) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const result = JSON.parse(
    readFileSync(join(root, 'apps/worker/.reports/bench-vault.json'), 'utf8')
  ) as VaultBench
  const { withVault: vault, withoutVault: memory } = result
  const spread = ({ p50, max }: Spread) => `${p50} / ${max}`
  const row = (name: string, side: VaultSide) => [
    name,
    side.exchanges,
    side.exchangesPerHour,
    `${side.refreshes} / ${side.apiKeyExchanges}`,
    side.failedRefreshes,
    side.vaultCalls,
    spread(side.coldStartDetailMs.token),
    spread(side.coldStartDetailMs.firstCall),
  ]
  return {
    id: '4',
    title: `Upstream exchanges per simulated hour and cold starts, ${result.isolates} isolates`,
    target: 'about one exchange per token lifetime for the whole deployment with the vault',
    met: vault.exchangesPerHour <= 1.5 && vault.failedRefreshes === 0,
    headline: `${vault.exchangesPerHour}/h with the vault vs ${memory.exchangesPerHour}/h without; a new isolate's first proxied call p50 ${vault.coldStartDetailMs.firstCall.p50} ms vs ${memory.coldStartDetailMs.firstCall.p50} ms`,
    columns: [
      'Upstream tokens',
      'exchanges',
      'per hour',
      'refreshes / key exchanges',
      'failed refreshes',
      'vault calls',
      'cold `/v1/token` ms p50 / max',
      'cold first proxied call ms p50 / max',
    ],
    rows: [row('Durable Object vault', vault), row('in-memory per isolate', memory)],
    notes: [
      `Source: \`pnpm --filter @keyward/worker bench:vault\` (apps/worker/bench), inside workerd: ${result.isolates} broker instances with separate memory each serve one \`/v1/token\` and one proxied call every ${result.stepSeconds} simulated seconds for ${result.simulatedHours} h (token lifetime ${result.tokenLifetimeSeconds} s), then ${vault.coldStarts} fresh isolates join.`,
      `The vault renews at 80 % ± 5 % of the lifetime, so about 1.25 exchanges per hour is what one coordinator makes; without it every isolate exchanges the key on its own and each new exchange invalidates the others' refresh tokens (the failed refreshes).`,
      `api.video's \`/auth/*\` answers after ${result.authLatencyMs} ms here (an emulator latency fault), so a cold isolate without the vault pays that round trip; broker-mode \`/v1/token\` signs locally and never waits for api.video, the first proxied call does.`,
    ],
  }
}

// The measurement behind the benchmark report's vault section (bench/README.md), not a test: inside
// workerd, K Worker isolates (fresh createWorker() each, so separate memory) serve traffic over a
// simulated period, once sharing the TOKEN_VAULT Durable Object and once each holding its own
// api.video token. Then fresh isolates join the running deployment and their first answers are
// timed. `pnpm --filter @keyward/worker bench:vault` runs it; vitest.bench.config.ts passes the
// settings in and writes the result to .reports/bench-vault.json.
import { runDurableObjectAlarm } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { it } from 'vitest'
import {
  accessToken,
  advance,
  countingVault,
  fault,
  freshDeployment,
  isolate,
  stats,
  vaultStub,
} from '../test/deployment.ts'
import type { Latency, VaultBench, VaultBenchSide } from './result.ts'

const settings = env as unknown as Record<string, string | undefined>
const ISOLATES = Number(settings.BENCH_ISOLATES ?? 8)
const HOURS = Number(settings.BENCH_HOURS ?? 24)
const COLD_STARTS = Number(settings.BENCH_COLD_STARTS ?? 16)
const AUTH_LATENCY_MS = Number(settings.BENCH_AUTH_LATENCY_MS ?? 0)
/** Traffic every 5 simulated minutes: finer than the renewal jitter, so alarms run near time. */
const STEP_SECONDS = 300
const LIFETIME_SECONDS = 3600

type Mode = 'vault' | 'memory'

async function simulate(mode: Mode): Promise<VaultBenchSide> {
  await freshDeployment()
  if (AUTH_LATENCY_MS > 0)
    await fault({ kind: 'latency', path: '/auth/*', latencyMs: AUTH_LATENCY_MS })
  const counted = countingVault()
  // Isolates holding their own token revoke each other's refresh tokens by design: the emulator
  // counts those failures for the report, so warning lines are left out (alike on both sides).
  const overrides =
    mode === 'vault'
      ? { UPSTREAM_TOKENS: 'vault', TOKEN_VAULT: counted.namespace, LOG_LEVEL: 'error' }
      : { UPSTREAM_TOKENS: 'memory', LOG_LEVEL: 'error' }
  const isolates = Array.from({ length: ISOLATES }, () => isolate(overrides))
  const vault = await vaultStub()
  let requests = 0
  let failedRequests = 0
  for (let elapsed = 0; elapsed <= HOURS * 3600; elapsed += STEP_SECONDS) {
    if (elapsed > 0) {
      await advance(STEP_SECONDS)
      // The vault's alarm, due during the step (its real-time schedule is hours away here).
      if (mode === 'vault') await runDurableObjectAlarm(vault)
    }
    const statuses = await Promise.all(
      isolates.map(async (worker) => {
        const res = await worker.token()
        if (res.status !== 200) return [res.status]
        return [200, (await worker.api('/videos', await accessToken(res))).status]
      })
    )
    for (const status of statuses.flat()) {
      requests++
      if (status !== 200) failedRequests++
    }
  }
  const period = await stats()
  const vaultCalls = counted.counts.getToken + counted.counts.renew
  const cold = await coldStarts(overrides)
  const { apiKey, refresh } = period.auth
  const exchanges = apiKey.succeeded + refresh.succeeded
  return {
    exchanges,
    exchangesPerHour: round(exchanges / HOURS, 2),
    apiKeyExchanges: apiKey.succeeded,
    refreshes: refresh.succeeded,
    failedRefreshes: refresh.failed,
    failedApiKeyExchanges: apiKey.failed,
    upstream401: period.routes['GET /videos']?.['401'] ?? 0,
    requests,
    failedRequests,
    vaultCalls,
    ...cold,
  }
}

/**
 * Fresh isolates join the warm deployment one by one: the wall time of a browser's first
 * `/v1/token` and its first proxied call, back to back. Broker-mode `/v1/token` does not wait for
 * api.video (it warms up in the background), so the first proxied call is where an isolate
 * without the vault pays its key exchange. DEV_CLOCK is off here: no clock sync in the isolate.
 */
async function coldStarts(overrides: Record<string, unknown>) {
  const token: number[] = []
  const firstCall: number[] = []
  const total: number[] = []
  for (let round = 0; round < COLD_STARTS; round++) {
    const fresh = isolate({ ...overrides, DEV_CLOCK: 'off' }, { settleEachRequest: false })
    const start = performance.now()
    const issued = await fresh.token()
    const tokenDone = performance.now()
    const proxied = await fresh.api('/videos', await accessToken(issued))
    const end = performance.now()
    await proxied.arrayBuffer()
    await fresh.settle()
    if (proxied.status !== 200) throw new Error(`cold start answered ${proxied.status}`)
    token.push(tokenDone - start)
    firstCall.push(end - tokenDone)
    total.push(end - start)
  }
  return {
    coldStartMs: latency(total),
    coldStartDetailMs: { token: latency(token), firstCall: latency(firstCall) },
    coldStarts: COLD_STARTS,
  }
}

function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b)
  return {
    p50: round(sorted[Math.floor((sorted.length - 1) / 2)] ?? 0, 1),
    max: round(sorted.at(-1) ?? 0, 1),
  }
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits))
}

it(`measures ${ISOLATES} isolates over ${HOURS} simulated hours, with and without the vault`, async ({
  task,
}) => {
  const withVault = await simulate('vault')
  const withoutVault = await simulate('memory')
  const result: VaultBench = {
    isolates: ISOLATES,
    simulatedHours: HOURS,
    stepSeconds: STEP_SECONDS,
    tokenLifetimeSeconds: LIFETIME_SECONDS,
    authLatencyMs: AUTH_LATENCY_MS,
    withVault,
    withoutVault,
  }
  task.meta.vaultBench = result
  console.log(JSON.stringify(result, null, 2))
})

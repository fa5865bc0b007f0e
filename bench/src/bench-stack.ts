import { type Stack, startStack } from '@keyward/dev-stack'

/** The origin the bench presents; the broker allows it. */
export const BENCH_ORIGIN = 'http://bench.keyward.test'

/**
 * A stack for load: emulator without rate limits, broker (`wrangler dev`) with its per-caller
 * limiter off (every request comes from one loopback client), quiet logs, no dev clock, no demo.
 */
export function startBenchStack(
  root: string,
  brokerVars: Record<string, string> = {}
): Promise<Stack> {
  return startStack({
    root,
    stateDir: `${root}/.stack/bench`,
    ports: { emulator: 0, emulatorHttps: 0, broker: 0, demo: 0 },
    demo: false,
    // The single-user stack these numbers have always measured: anonymous callers, no sign-in.
    ownership: false,
    emulatorArgs: ['--rate-limit', 'off'],
    brokerVars: { ...BENCH_BROKER_VARS, ...brokerVars },
  })
}

/** The variables every broker under load gets, on top of the dev stack's. */
export const BENCH_BROKER_VARS: Record<string, string> = {
  ALLOWED_ORIGINS: BENCH_ORIGIN,
  ANONYMOUS_SCOPES: 'videos:read',
  RATE_LIMIT_REQUESTS: '0',
  PROXY_RATE_LIMIT_REQUESTS: '0',
  LOG_LEVEL: 'warn',
  // The broker must not consult the emulator's clock on each request while being measured.
  DEV_CLOCK: 'off',
  // Bearer tokens, as these figures have always measured; DPoP has its own measurement (8).
  DPOP: 'off',
}

export async function brokerToken(stack: Stack): Promise<string> {
  const res = await fetch(`${stack.urls.broker}/v1/token`, {
    method: 'POST',
    headers: { origin: BENCH_ORIGIN },
  })
  if (!res.ok) throw new Error(`POST /v1/token answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { access_token: string }).access_token
}

export interface EmulatorAuthStats {
  apiKey: { succeeded: number; failed: number }
  refresh: { succeeded: number; failed: number }
}

export async function emulatorAuthStats(emulatorUrl: string): Promise<EmulatorAuthStats> {
  const res = await fetch(`${emulatorUrl}/_emulator/stats`)
  return ((await res.json()) as { auth: EmulatorAuthStats }).auth
}

import { evictDurableObject, runDurableObjectAlarm } from 'cloudflare:test'
import { SCOPES } from '@keyward/broker'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import {
  accessToken,
  advance,
  clearFaults,
  countingVault,
  emulator,
  fault,
  freshDeployment,
  type Isolate,
  isolate,
  stats,
  vaultStub,
} from './deployment.ts'

/** The emulator's access tokens live an hour (api.video's lifetime). */
const LIFETIME_SECONDS = 3600

interface Traffic {
  statuses: number[]
  /** Answers other than 200, with their Retry-After. */
  refusals: Array<{ status: number; retryAfter: string | null; code: unknown }>
}

/** Each isolate gets 2 concurrent `/v1/token` calls, then 2 concurrent proxied calls. */
async function traffic(isolates: Isolate[]): Promise<Traffic> {
  const out: Traffic = { statuses: [], refusals: [] }
  const record = async (res: Response) => {
    out.statuses.push(res.status)
    if (res.status !== 200) {
      const body = (await res.json()) as { code?: unknown }
      out.refusals.push({
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        code: body.code,
      })
    }
  }
  await Promise.all(
    isolates.map(async (worker) => {
      const tokens = await Promise.all([worker.token(), worker.token()])
      for (const res of tokens) out.statuses.push(res.status)
      const token = await accessToken(tokens[0] as Response)
      const calls = await Promise.all([worker.api('/videos', token), worker.api('/videos', token)])
      for (const res of calls) await record(res)
    })
  )
  return out
}

const unauthorized = (s: Awaited<ReturnType<typeof stats>>) => s.routes['GET /videos']?.['401'] ?? 0

describe('the token vault Durable Object, shared by several Worker isolates', () => {
  beforeEach(freshDeployment)

  it('keeps 4 isolates served through a simulated day with about one exchange per token lifetime', {
    timeout: 240_000,
  }, async () => {
    const vault = await vaultStub()
    const counted = countingVault()
    const isolates = Array.from({ length: 4 }, () => isolate({ TOKEN_VAULT: counted.namespace }))
    const hours = 24
    const stepSeconds = 300
    let requests = 0
    for (let elapsed = 0; elapsed <= hours * 3600; elapsed += stepSeconds) {
      if (elapsed > 0) {
        await advance(stepSeconds)
        // The alarm, due at about 80 % of the lifetime, would have fired during the step.
        await runDurableObjectAlarm(vault)
      }
      const { statuses } = await traffic(isolates)
      requests += statuses.length
      expect(statuses.every((status) => status === 200)).toBe(true)
    }
    const { auth } = await stats()
    const exchanges = auth.apiKey.succeeded + auth.refresh.succeeded
    const lifetimes = (hours * 3600) / LIFETIME_SECONDS
    expect(auth.apiKey).toEqual({ succeeded: 1, failed: 0 })
    expect(auth.refresh.failed).toBe(0)
    // Renewal at 75–85 % of the lifetime: 1.2 to 1.33 exchanges per lifetime, plus the first.
    expect(exchanges).toBeGreaterThanOrEqual(lifetimes)
    expect(exchanges).toBeLessThanOrEqual(Math.ceil(lifetimes / 0.75) + 1)
    // Renewals happened off the request path: no isolate ever sent api.video a revoked token.
    expect(unauthorized(await stats())).toBe(0)
    // The vault is asked about once per isolate per renewal, never per request.
    expect(counted.counts.renew).toBe(0)
    expect(counted.counts.getToken).toBeLessThanOrEqual(isolates.length * (exchanges + 1))
    expect(counted.counts.getToken * 20).toBeLessThan(requests)
  })

  it('gives a new isolate its first token from the vault: one call to the object, no exchange', async () => {
    const counted = countingVault()
    await traffic([isolate()])
    const before = await stats()
    const fresh = isolate({ TOKEN_VAULT: counted.namespace })
    const token = await accessToken(await fresh.token())
    expect((await fresh.api('/videos', token)).status).toBe(200)
    expect((await stats()).auth).toEqual(before.auth)
    expect(counted.counts).toEqual({ getToken: 1, renew: 0 })
  })

  it('recovers a dropped refresh answer with the API key, without an error reaching any caller', async () => {
    const vault = await vaultStub()
    const isolates = Array.from({ length: 3 }, () => isolate())
    await traffic(isolates)
    await fault({ kind: 'drop', path: '/auth/refresh', times: 1 })
    await advance(3100)
    const [during] = await Promise.all([traffic(isolates), runDurableObjectAlarm(vault)])
    const after = await traffic(isolates)
    expect([...during.statuses, ...after.statuses].every((status) => status === 200)).toBe(true)
    const dropped = await stats()
    expect(dropped.dropped).toBe(1)
    expect(dropped.auth.apiKey).toEqual({ succeeded: 2, failed: 0 })

    // The fallback's refresh token is the one the next renewal rotates, and it is accepted.
    await advance(3100)
    expect(await runDurableObjectAlarm(vault)).toBe(true)
    expect((await traffic(isolates)).statuses.every((status) => status === 200)).toBe(true)
    const rotated = await stats()
    expect(rotated.auth.refresh).toEqual({ succeeded: 2, failed: 0 })
    expect(rotated.auth.apiKey.succeeded).toBe(2)
  })

  it('serves callers through an auth outage until the token truly expires, then 503 with Retry-After, then recovers by itself', async () => {
    const vault = await vaultStub()
    const isolates = Array.from({ length: 3 }, () => isolate())
    await traffic(isolates)
    await fault({ kind: 'error', path: '/auth/*', status: 503 })
    try {
      // Past the renewal time and through most of the margin before expiry: renewal keeps failing.
      for (const seconds of [3100, 300, 150]) {
        await advance(seconds)
        await runDurableObjectAlarm(vault)
        const served = await traffic(isolates)
        expect(served.statuses.every((status) => status === 200)).toBe(true)
      }
      expect((await stats()).auth.apiKey.failed).toBeGreaterThanOrEqual(3)

      await advance(100)
      const expired = await traffic(isolates)
      expect(expired.refusals).toHaveLength(6)
      for (const refusal of expired.refusals) {
        expect(refusal).toMatchObject({ status: 503, code: 'upstream_unavailable' })
        expect(Number(refusal.retryAfter)).toBeGreaterThanOrEqual(1)
      }
    } finally {
      await clearFaults()
    }
    // api.video is back; past every cooldown the next callers get a token with no outside help.
    await advance(60)
    const recovered = await traffic(isolates)
    expect(recovered.statuses.every((status) => status === 200)).toBe(true)
    expect((await stats()).auth.apiKey.succeeded).toBe(2)
  })

  it('keeps its pair across an eviction: the next caller is served from storage', async () => {
    const vault = await vaultStub()
    await traffic([isolate()])
    await evictDurableObject(vault)
    const served = await traffic([isolate(), isolate()])
    expect(served.statuses.every((status) => status === 200)).toBe(true)
    expect((await stats()).auth.apiKey).toEqual({ succeeded: 1, failed: 0 })
    await advance(3100)
    expect(await runDurableObjectAlarm(vault)).toBe(true)
    expect((await stats()).auth.refresh).toEqual({ succeeded: 1, failed: 0 })
  })

  it('renews a token handed to passthrough callers with the API key, so it keeps working', async () => {
    const vault = await vaultStub()
    const passthrough = isolate({
      TOKEN_MODE: 'passthrough',
      // Passthrough hands the account-wide token only to a caller allowed every scope.
      ANONYMOUS_SCOPES: SCOPES.join(','),
    })
    const handed = await accessToken(await passthrough.token())
    await advance(3100)
    expect(await runDurableObjectAlarm(vault)).toBe(true)
    const { auth } = await stats()
    expect(auth).toMatchObject({ apiKey: { succeeded: 2 }, refresh: { succeeded: 0, failed: 0 } })
    const direct = await emulator('/videos', { headers: { authorization: `Bearer ${handed}` } })
    expect(direct.status).toBe(200)
  })

  it('answers misconfiguration clearly: no binding for UPSTREAM_TOKENS=vault, an unknown mode', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const unbound = await isolate({ TOKEN_VAULT: undefined, UPSTREAM_TOKENS: 'vault' }).token()
    expect(unbound.status).toBe(500)
    expect(await unbound.json()).toMatchObject({
      code: 'invalid_config',
      detail: expect.stringContaining('TOKEN_VAULT'),
    })
    const unknown = await isolate({ UPSTREAM_TOKENS: 'redis' }).token()
    expect(await unknown.json()).toMatchObject({
      code: 'invalid_config',
      detail: expect.stringContaining('UPSTREAM_TOKENS'),
    })
    // Without the binding and without a choice, each isolate keeps its own token.
    const res = await isolate({ TOKEN_VAULT: undefined, UPSTREAM_TOKENS: '' }).token()
    expect(res.status).toBe(200)
  })
})

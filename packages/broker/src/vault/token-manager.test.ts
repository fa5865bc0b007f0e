import { describe, expect, it } from 'vitest'
import { ORIGIN } from '../test-support/harness.ts'
import { createVaultHarness } from '../test-support/vault-harness.ts'
import type { UpstreamVault } from './protocol.ts'
import { createVaultTokenManager } from './token-manager.ts'

/** api.video tokens live 100 s here; the vault renews at exactly 80 s (random() is 0.5). */
const LIFETIME = { accessTokenTtlSeconds: 100 }

describe('the vault token manager (an isolate whose tokens come from the vault)', () => {
  it('makes one exchange for 8 isolates × 50 concurrent proxied calls on a cold deployment', async () => {
    const h = await createVaultHarness()
    const isolates = Array.from({ length: 8 }, () => h.isolate())
    const token = await h.mint()
    const answers = await Promise.all(
      isolates.flatMap((isolate) => Array.from({ length: 50 }, () => isolate.api('/videos', token)))
    )
    expect(answers.every((res) => res.status === 200)).toBe(true)
    expect(h.emulator.stats().auth.apiKey).toEqual({ succeeded: 1, failed: 0 })
    // One vault call per isolate: concurrent callers inside an isolate share it.
    expect(h.counts).toEqual({ getToken: 8, renew: 0 })
  })

  it('keeps the vault off the request path until the vault renews', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    const isolate = h.isolate()
    const token = await h.mint()
    await isolate.api('/videos', token)
    for (let step = 0; step < 20; step++) {
      h.advance(3_900)
      expect((await isolate.api('/videos', token)).status).toBe(200)
    }
    expect(h.counts.getToken).toBe(1)
  })

  it('after a renewal, asks the vault once per isolate and never sends api.video the revoked token', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    const isolates = Array.from({ length: 4 }, () => h.isolate())
    const token = await h.mint()
    for (const isolate of isolates) await isolate.api('/videos', token)
    h.advance(81_000)
    await h.core().alarm()
    for (const isolate of isolates) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => isolate.api('/videos', token))
      )
      expect(answers.every((res) => res.status === 200)).toBe(true)
    }
    expect(h.emulator.stats().routes['GET /videos']).toEqual({ '200': 44 })
    expect(h.emulator.stats().auth.refresh).toEqual({ succeeded: 1, failed: 0 })
    expect(h.counts).toEqual({ getToken: 8, renew: 0 })
  })

  it('costs the vault one renewal when api.video refuses the token in every isolate', async () => {
    const h = await createVaultHarness()
    const isolates = Array.from({ length: 4 }, () => h.isolate())
    const token = await h.mint()
    for (const isolate of isolates) await isolate.api('/videos', token)
    h.emulator.revokeAllTokens()
    const answers = await Promise.all(
      isolates.flatMap((isolate) => Array.from({ length: 5 }, () => isolate.api('/videos', token)))
    )
    expect(answers.every((res) => res.status === 200)).toBe(true)
    expect(h.emulator.stats().auth.apiKey).toEqual({ succeeded: 2, failed: 0 })
    // One renew call per isolate, however many of its requests were refused.
    expect(h.counts.renew).toBe(4)
  })

  it('serves its copy while the vault is unreachable, then 503 with Retry-After, and recovers', async () => {
    const h = await createVaultHarness({ emulator: LIFETIME })
    let down = false
    let calls = 0
    const flaky: UpstreamVault = {
      getToken: async (request) => {
        calls++
        if (down) throw new Error('Durable Object is overloaded')
        return h.vault.getToken(request)
      },
      renew: (request) => h.vault.renew(request),
    }
    const isolate = h.isolate({
      upstream: (config) => createVaultTokenManager(config, { vault: () => flaky }),
    })
    const token = await h.mint()
    expect((await isolate.api('/videos', token)).status).toBe(200)
    down = true
    h.advance(81_000)
    expect((await isolate.api('/videos', token)).status).toBe(200)
    expect((await isolate.api('/videos', token)).status).toBe(200)
    expect(calls).toBe(2)

    h.advance(15_000)
    const refused = await isolate.api('/videos', token)
    expect(refused.status).toBe(503)
    expect(await refused.json()).toMatchObject({ code: 'upstream_unavailable' })
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect((await isolate.api('/videos', token)).status).toBe(503)
    expect(calls).toBe(3)
    expect(h.logs.some((line) => line.event === 'upstream.vault_failed')).toBe(true)

    down = false
    h.advance(retryAfter * 1000)
    expect((await isolate.api('/videos', token)).status).toBe(200)
  })

  it('warms up in the background on /v1/token, and a failing vault never fails the token call', async () => {
    const h = await createVaultHarness()
    const broken: UpstreamVault = {
      getToken: () => Promise.reject(new Error('unreachable')),
      renew: () => Promise.reject(new Error('unreachable')),
    }
    const working = h.isolate()
    const failing = h.isolate({
      upstream: (config) => createVaultTokenManager(config, { vault: () => broken }),
    })
    const ask = { method: 'POST', headers: { origin: ORIGIN } }
    expect((await working.request('/v1/token', ask)).status).toBe(200)
    expect((await failing.request('/v1/token', ask)).status).toBe(200)
    await Promise.all([working.settle(), failing.settle()])
    expect(h.counts.getToken).toBe(1)
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(1)
  })

  it("hands a passthrough caller the vault's token with its true remaining lifetime", async () => {
    const h = await createVaultHarness()
    const isolate = h.isolate({ tokenMode: 'passthrough' })
    await h.vault.getToken(h.request())
    h.advance(600_000)
    const res = await isolate.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
    const body = (await res.json()) as { access_token: string; expires_in: number }
    expect(body.access_token).toBe(h.storage.peek()?.token?.accessToken)
    expect(body.expires_in).toBe(3000)
    expect(h.storage.peek()?.token?.handedOut).toBe(true)
  })
})

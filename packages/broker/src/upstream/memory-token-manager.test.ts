import { describe, expect, it } from 'vitest'
import { createHarness, ORIGIN } from '../test-support/harness.ts'

/** api.video tokens live 100 s here, so renewal is due at 80 s (random() is 0.5: no jitter). */
const LIFETIME = { accessTokenTtlSeconds: 100 }

describe('the upstream token manager', () => {
  it('makes exactly one exchange for 500 concurrent proxy calls on a cold broker', async () => {
    const h = await createHarness()
    const token = await h.mint()
    const answers = await Promise.all(Array.from({ length: 500 }, () => h.api('/videos', token)))
    expect(answers.every((res) => res.status === 200)).toBe(true)
    expect(h.emulator.stats().auth.apiKey).toEqual({ succeeded: 1, failed: 0 })
  })

  it('makes exactly one exchange for 500 concurrent /v1/token calls in passthrough mode', async () => {
    const h = await createHarness({ broker: { tokenMode: 'passthrough' } })
    const answers = await Promise.all(
      Array.from({ length: 500 }, () =>
        h.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
      )
    )
    const tokens = new Set(
      await Promise.all(
        answers.map(async (res) => ((await res.json()) as { access_token: string }).access_token)
      )
    )
    expect(tokens.size).toBe(1)
    expect(h.emulator.stats().auth.apiKey).toEqual({ succeeded: 1, failed: 0 })
  })

  it('warms up with one background exchange for 500 concurrent /v1/token calls in broker mode', async () => {
    const h = await createHarness()
    const answers = await Promise.all(
      Array.from({ length: 500 }, () =>
        h.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
      )
    )
    expect(answers.every((res) => res.status === 200)).toBe(true)
    await h.settle()
    expect(h.emulator.stats().auth.apiKey).toEqual({ succeeded: 1, failed: 0 })
  })

  it('renews at about 80 % of the lifetime in the background, while callers keep the held token', async () => {
    const h = await createHarness({ emulator: LIFETIME })
    const token = await h.mint({ exp: Math.floor(h.now() / 1000) + 3600 })
    expect((await h.api('/videos', token)).status).toBe(200)
    h.advance(70_000)
    expect((await h.api('/videos', token)).status).toBe(200)
    expect(h.pendingCount()).toBe(0)

    h.advance(11_000)
    const release = h.hold('/auth/refresh')
    // Answered while the renewal is still held upstream: no caller waits for it.
    expect((await h.api('/videos', token)).status).toBe(200)
    expect(h.emulator.stats().auth.refresh.succeeded).toBe(0)
    release()
    await h.settle()
    expect(h.emulator.stats().auth.refresh).toEqual({ succeeded: 1, failed: 0 })

    // The refresh revoked the old access token; the renewed one is used without a 401.
    expect((await h.api('/videos', token)).status).toBe(200)
    expect(h.emulator.stats().routes['GET /videos']).toEqual({ '200': 4 })
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(1)
  })

  it('rotates the refresh token on every renewal', async () => {
    const h = await createHarness({ emulator: LIFETIME })
    const token = await h.mint({ exp: Math.floor(h.now() / 1000) + 3600 })
    await h.api('/videos', token)
    for (let round = 0; round < 3; round++) {
      h.advance(81_000)
      expect((await h.api('/videos', token)).status).toBe(200)
      await h.settle()
    }
    expect(h.emulator.stats().auth.refresh).toEqual({ succeeded: 3, failed: 0 })
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(1)
  })

  it('sends one refresh, never two with one refresh token, however many callers pass 80 %', async () => {
    const h = await createHarness({ emulator: LIFETIME })
    const token = await h.mint()
    await h.api('/videos', token)
    h.advance(81_000)
    const answers = await Promise.all(Array.from({ length: 50 }, () => h.api('/videos', token)))
    await h.settle()
    expect(answers.every((res) => res.status === 200)).toBe(true)
    expect(h.emulator.stats().auth.refresh).toEqual({ succeeded: 1, failed: 0 })
  })

  it('falls back to the API key when api.video rejects the refresh token', async () => {
    const h = await createHarness({ emulator: LIFETIME })
    const token = await h.mint()
    await h.api('/videos', token)
    // Another client exchanging the key invalidates every earlier refresh token, as api.video does.
    await h.emulator.fetch('/auth/api-key', {
      method: 'POST',
      body: JSON.stringify({ apiKey: h.emulator.apiKey }),
    })
    h.advance(81_000)
    expect((await h.api('/videos', token)).status).toBe(200)
    await h.settle()
    expect(h.emulator.stats().auth.refresh).toEqual({ succeeded: 0, failed: 1 })
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(3)
    expect(h.logs.find((line) => line.event === 'upstream.refresh_failed')?.fields.reason).toBe(
      'rejected'
    )
  })

  it('falls back to the API key when the refresh answer is lost, and never replays that refresh token', async () => {
    const h = await createHarness({ emulator: LIFETIME })
    const token = await h.mint({ exp: Math.floor(h.now() / 1000) + 3600 })
    await h.api('/videos', token)
    h.emulator.faults.add({ kind: 'drop', path: '/auth/refresh', times: 1 })
    h.advance(81_000)
    expect((await h.api('/videos', token)).status).toBe(200)
    await h.settle()
    expect(h.emulator.stats().dropped).toBe(1)
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(2)

    // The next renewal uses the refresh token of the fallback exchange, and it is accepted.
    h.advance(81_000)
    expect((await h.api('/videos', token)).status).toBe(200)
    await h.settle()
    expect(h.emulator.stats().auth.refresh).toEqual({ succeeded: 2, failed: 0 })
    expect(h.logs.find((line) => line.event === 'upstream.refresh_failed')?.fields.reason).toBe(
      'lost'
    )
  })

  it('keeps serving the held token while api.video auth is down: a failed early renewal is no outage', async () => {
    const h = await createHarness({ emulator: LIFETIME, broker: { random: () => 0 } })
    const token = await h.mint()
    await h.api('/videos', token)
    h.emulator.faults.add({ kind: 'error', path: '/auth/*', status: 503 })
    h.advance(81_000)
    expect((await h.api('/videos', token)).status).toBe(200)
    await h.settle()
    expect(h.emulator.stats().auth.refresh.failed).toBe(1)
    // Bounded: one refresh, then the key exchange and its two retries.
    expect(h.emulator.stats().auth.apiKey.failed).toBe(3)
    expect(h.logs.some((line) => line.event === 'upstream.renewal_failed')).toBe(true)

    // The next request does not hammer api.video again at once, and is still served.
    expect((await h.api('/videos', token)).status).toBe(200)
    expect(h.pendingCount()).toBe(0)
    expect(h.emulator.stats().auth.apiKey.failed).toBe(3)
  })

  it('answers 503 with Retry-After when there is no valid token, then refuses fast while cooling down', async () => {
    const h = await createHarness({ broker: { random: () => 0 } })
    const token = await h.mint({ exp: Math.floor(h.now() / 1000) + 3600 })
    h.emulator.faults.add({ kind: 'error', path: '/auth/api-key', status: 500 })
    const res = await h.api('/videos', token)
    expect(res.status).toBe(503)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(await res.json()).toMatchObject({ code: 'upstream_unavailable' })
    expect(h.emulator.stats().auth.apiKey.failed).toBe(3)

    const again = await h.api('/videos', token)
    expect(again.status).toBe(503)
    expect(again.headers.get('retry-after')).not.toBeNull()
    expect(h.emulator.stats().auth.apiKey.failed).toBe(3)

    h.emulator.faults.clear()
    h.advance(2_000)
    expect((await h.api('/videos', token)).status).toBe(200)
  })

  it('gives up on a hanging api.video at the deadline instead of hanging the caller', async () => {
    const h = await createHarness({ broker: { upstreamTimeoutMs: 50, upstreamRetries: 0 } })
    const token = await h.mint()
    h.emulator.faults.add({ kind: 'latency', path: '/auth/api-key', latencyMs: 3_000 })
    const res = await h.api('/videos', token)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).not.toBeNull()
    expect(h.logs.find((line) => line.event === 'upstream.token_unavailable')?.fields.code).toBe(
      'upstream_timeout'
    )
  })

  it('retries an exchange whose connection was cut', async () => {
    const h = await createHarness({ broker: { random: () => 0 } })
    const token = await h.mint()
    h.emulator.faults.add({ kind: 'drop', path: '/auth/api-key', times: 1 })
    expect((await h.api('/videos', token)).status).toBe(200)
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(2)
  })

  it('does not retry a refused API key', async () => {
    const h = await createHarness({ broker: { apiKey: 'not-the-right-key' } })
    const res = await h.api('/videos', await h.mint())
    expect(res.status).toBe(503)
    expect(h.emulator.stats().auth.apiKey).toEqual({ succeeded: 0, failed: 1 })
    expect(h.logs.some((line) => line.event === 'upstream.api_key_rejected')).toBe(true)
  })

  it('renews once and retries once when api.video answers 401 to the held token', async () => {
    const h = await createHarness()
    const token = await h.mint()
    await h.api('/videos', token)
    h.emulator.revokeAllTokens()
    expect((await h.api('/videos', token)).status).toBe(200)
    expect(h.emulator.stats().routes['GET /videos']).toEqual({ '200': 2, '401': 1 })
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(2)
  })

  it('answers 503 rather than looping when api.video also refuses the renewed token', async () => {
    const h = await createHarness()
    const token = await h.mint()
    await h.api('/videos', token)
    h.emulator.faults.add({ kind: 'error', method: 'GET', path: '/videos', status: 401 })
    const res = await h.api('/videos', token)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(h.apiCalls().filter((call) => call.method === 'GET')).toHaveLength(3)
  })
})

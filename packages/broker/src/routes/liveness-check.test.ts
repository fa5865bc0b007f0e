import { describe, expect, it } from 'vitest'
import { createHarness, ORIGIN } from '../test-support/harness.ts'

async function passthroughToken(h: Awaited<ReturnType<typeof createHarness>>) {
  const res = await h.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
  expect(res.status).toBe(200)
  return ((await res.json()) as { access_token: string }).access_token
}

describe('the passthrough liveness check', () => {
  it('costs api.video no call while the handed-out token was proven within the last minute', async () => {
    const h = await createHarness({ broker: { tokenMode: 'passthrough' } })
    const first = await passthroughToken(h)
    for (let i = 0; i < 5; i++) {
      h.advance(10_000)
      expect(await passthroughToken(h)).toBe(first)
    }
    expect(h.apiCalls()).toEqual([])
  })

  it('proves the token with one read once a minute has passed, and keeps a token that works', async () => {
    const h = await createHarness({ broker: { tokenMode: 'passthrough' } })
    const first = await passthroughToken(h)
    h.advance(60_000)
    const tokens = await Promise.all([
      passthroughToken(h),
      passthroughToken(h),
      passthroughToken(h),
    ])
    expect(tokens).toEqual([first, first, first])
    expect(h.apiCalls().map((call) => `${call.method} ${new URL(call.url).pathname}`)).toEqual([
      'GET /videos',
    ])
  })

  it('hands out a renewed token instead of one api.video revoked', async () => {
    const h = await createHarness({ broker: { tokenMode: 'passthrough' } })
    const first = await passthroughToken(h)
    h.emulator.revokeAllTokens()
    h.advance(60_000)
    const second = await passthroughToken(h)
    expect(second).not.toBe(first)
    const res = await h.emulator.fetch('/videos', {
      headers: { authorization: `Bearer ${second}` },
    })
    expect(res.status).toBe(200)
  })
})

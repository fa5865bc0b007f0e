import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { longLivedToken } from '../test-support/answers.ts'
import { createHarness, type Harness } from '../test-support/harness.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR

/** A broker token that outlives every clock move of these tests. */

/** `count` concurrent proxied list calls; their statuses. */
async function burst(h: Harness, token: string, count: number): Promise<number[]> {
  const answers = await Promise.all(Array.from({ length: count }, () => h.api('/videos', token)))
  return answers.map((res) => res.status)
}

/** Exchanges and refreshes api.video completed, whatever their outcome for the broker. */
const renewals = (h: Harness) => {
  const { apiKey, refresh } = h.emulator.stats().auth
  return apiKey.succeeded + refresh.succeeded
}

describe("api.video's clock jumping", () => {
  it('ahead past the held token expiry costs one renewal, and every caller still gets 200', async () => {
    const h = await createHarness()
    const token = await longLivedToken(h)
    expect(await burst(h, token, 1)).toEqual([200])
    h.emulator.clock.advance(2 * HOUR)
    expect(await burst(h, token, 20)).toEqual(Array(20).fill(200))
    // The refresh token (30 days) survived the jump: one refresh for twenty callers.
    expect(h.emulator.stats().auth).toEqual({
      apiKey: { succeeded: 1, failed: 0 },
      refresh: { succeeded: 1, failed: 0 },
    })
  })

  it('ahead past the refresh token lifetime falls back to the API key: one exchange, every caller 200', async () => {
    const h = await createHarness()
    const token = await longLivedToken(h)
    expect(await burst(h, token, 1)).toEqual([200])
    h.emulator.clock.advance(31 * DAY)
    expect(await burst(h, token, 20)).toEqual(Array(20).fill(200))
    expect(h.emulator.stats().auth).toEqual({
      apiKey: { succeeded: 2, failed: 0 },
      refresh: { succeeded: 0, failed: 1 },
    })
  })

  it('back changes nothing for callers, and renewal keeps the broker schedule', async () => {
    const h = await createHarness({ emulator: { accessTokenTtlSeconds: 100 } })
    const token = await longLivedToken(h)
    expect(await burst(h, token, 1)).toEqual([200])
    h.emulator.clock.advance(-2 * HOUR)
    expect(await burst(h, token, 20)).toEqual(Array(20).fill(200))
    expect(renewals(h)).toBe(1)

    h.advance(81_000)
    expect(await burst(h, token, 20)).toEqual(Array(20).fill(200))
    await h.settle()
    expect(h.emulator.stats().auth.refresh).toEqual({ succeeded: 1, failed: 0 })
    expect(await burst(h, token, 20)).toEqual(Array(20).fill(200))
  })

  it.each([
    ['ahead of', 2 * HOUR],
    ['behind', -2 * HOUR],
  ])(
    'uses a token issued by a clock two hours %s the broker for its expires_in, whatever its claims say',
    async (_label, skew) => {
      const h = await createHarness({ emulator: { accessTokenTtlSeconds: 100 } })
      h.emulator.clock.advance(skew)
      const token = await longLivedToken(h)
      expect(await burst(h, token, 10)).toEqual(Array(10).fill(200))
      // From the broker's view the token was issued in the future, or has already expired.
      const [issued] = [...h.issued.accessTokens]
      expect((decodeJwt(issued as string).iat as number) * 1000 - h.now()).toBeCloseTo(skew, -3)

      h.advance(79_000)
      expect(await burst(h, token, 10)).toEqual(Array(10).fill(200))
      await h.settle()
      expect(renewals(h)).toBe(1)
      h.advance(2_000)
      expect(await burst(h, token, 10)).toEqual(Array(10).fill(200))
      await h.settle()
      expect(h.emulator.stats().auth.refresh).toEqual({ succeeded: 1, failed: 0 })
    }
  )
})

describe("the broker's own clock jumping", () => {
  it('back (an NTP step) keeps its held token and the broker tokens it already issued working', async () => {
    const h = await createHarness()
    const token = await h.token()
    expect(await burst(h, token, 1)).toEqual([200])
    await h.settle()
    // Only the broker's clock moves: the emulator's follows the same source, so it is put back.
    h.advance(-10 * 60_000)
    h.emulator.clock.advance(10 * 60_000)
    expect(await burst(h, token, 20)).toEqual(Array(20).fill(200))
    expect(renewals(h)).toBe(1)
  })

  it('ahead past everything renews the upstream token on demand; its own expired tokens are 401 invalid_token', async () => {
    const h = await createHarness()
    const shortLived = await h.token()
    const token = await longLivedToken(h)
    expect(await burst(h, token, 1)).toEqual([200])
    h.advance(2 * HOUR)
    expect(await burst(h, token, 20)).toEqual(Array(20).fill(200))
    expect(renewals(h)).toBe(2)
    const expired = await h.api('/videos', shortLived)
    expect(expired.status).toBe(401)
    expect(await expired.json()).toMatchObject({ code: 'invalid_token' })
  })
})

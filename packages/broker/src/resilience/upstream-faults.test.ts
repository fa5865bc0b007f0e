import type { FaultRuleInit } from '@keyward/apivideo-emulator'
import { describe, expect, it } from 'vitest'
import { longLivedToken, tally } from '../test-support/answers.ts'
import { createHarness, type Harness, ORIGIN } from '../test-support/harness.ts'

/** api.video tokens live 100 s here: renewal is due at 80 s (the harness's random() is 0.5). */
const LIFETIME = { accessTokenTtlSeconds: 100 }
/** A latency this long stands for "never answers": such waits hang until `release()`. */
const HANG_MS = 600_000

/** mulberry32: "a fraction of calls" is the same fraction, in the same order, on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** The emulator's `sleep`: short latencies really wait, `HANG_MS` waits until released. */
function latencySleep() {
  const hanging: Array<() => void> = []
  return {
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        if (ms >= HANG_MS) hanging.push(resolve)
        else setTimeout(resolve, ms)
      }),
    release: () => {
      for (const resolve of hanging.splice(0)) resolve()
    },
  }
}

/** How many proxied list calls `listCalls` makes, and how many at a time. */
interface Calls {
  count: number
  /** Default: 20. */
  concurrency?: number
}

/** `count` proxied list calls, `concurrency` at a time. */
async function listCalls(h: Harness, token: string, { count, concurrency = 20 }: Calls) {
  const answers: Response[] = []
  for (let start = 0; start < count; start += concurrency) {
    const size = Math.min(concurrency, count - start)
    answers.push(
      ...(await Promise.all(Array.from({ length: size }, () => h.api('/videos', token))))
    )
  }
  return answers
}

/** A broker token that outlives every clock move of these tests. */

const upstreamCount = (h: Harness, route: string, status: string) =>
  h.emulator.stats().routes[route]?.[status] ?? 0

describe('5xx from api.video', { timeout: 20_000 }, () => {
  it('answers 502 upstream_error exactly to the callers whose own call failed, and keeps the held token', async () => {
    const h = await createHarness({ emulator: { random: seeded(5) } })
    const token = await longLivedToken(h)
    expect((await h.api('/videos', token)).status).toBe(200)
    h.emulator.faults.add({ kind: 'error', method: 'GET', path: '/videos', probability: 0.3 })

    const counts = await tally(await listCalls(h, token, { count: 200 }))
    const failed = upstreamCount(h, 'GET /videos', '500')
    expect(failed).toBeGreaterThan(0)
    expect(counts).toEqual({ '200': 200 - failed, '502 upstream_error': failed })
    // No retry amplification, and a 5xx is no reason to drop a good token.
    expect(h.apiCalls()).toHaveLength(201)
    expect(h.emulator.stats().auth).toMatchObject({
      apiKey: { succeeded: 1 },
      refresh: { failed: 0 },
    })

    h.emulator.faults.clear()
    expect(await tally(await listCalls(h, token, { count: 50 }))).toEqual({ '200': 50 })
  })

  it('serves every caller while most renewal calls fail, as long as a valid token is held', async () => {
    const h = await createHarness({
      emulator: { ...LIFETIME, random: seeded(8) },
      broker: { random: () => 0, upstreamRetries: 1 },
    })
    const token = await longLivedToken(h)
    expect((await h.api('/videos', token)).status).toBe(200)
    h.emulator.faults.add({ kind: 'error', path: '/auth/*', status: 503, probability: 0.75 })

    // Three token lifetimes in 2 s steps: every renewal and every retry window is crossed.
    const answers: Response[] = []
    for (let step = 0; step < 150; step++) {
      h.advance(2_000)
      answers.push(...(await listCalls(h, token, { count: 4 })))
      await h.settle()
    }
    expect(await tally(answers)).toEqual({ '200': 600 })
    // Whole renewals failed (not just single calls), and the broker still kept renewing.
    expect(
      h.logs.filter((line) => line.event === 'upstream.renewal_failed').length
    ).toBeGreaterThan(0)
    expect(h.issued.accessTokens.size).toBeGreaterThanOrEqual(4)
  })

  it('refuses fast with Retry-After in a cold outage, and serves the first caller who waits that long once it clears', async () => {
    const h = await createHarness({ broker: { random: () => 0 } })
    const token = await longLivedToken(h)
    h.emulator.faults.add({ kind: 'error', path: '/auth/api-key', status: 500 })
    const first = await h.api('/videos', token)
    expect(first.status).toBe(503)
    expect(await first.json()).toMatchObject({ code: 'upstream_unavailable' })
    const retryAfter = Number(first.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    const attempts = h.emulator.stats().auth.apiKey.failed

    // While cooling down, callers are refused at once: api.video is not hammered.
    expect(await tally(await listCalls(h, token, { count: 40 }))).toEqual({
      '503 upstream_unavailable': 40,
    })
    expect(h.emulator.stats().auth.apiKey.failed).toBe(attempts)

    h.emulator.faults.clear()
    h.advance(retryAfter * 1000)
    expect((await h.api('/videos', token)).status).toBe(200)
  })

  it('keeps minting broker tokens through a total api.video outage, with a bounded background warm-up', async () => {
    const h = await createHarness({ broker: { random: () => 0 } })
    h.emulator.faults.add({ kind: 'error', status: 500 })
    const answers = await Promise.all(
      Array.from({ length: 100 }, () =>
        h.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
      )
    )
    await h.settle()
    expect(await tally(answers)).toEqual({ '200': 100 })
    // One exchange and its two retries, shared by the hundred callers.
    expect(h.emulator.stats().auth.apiKey).toEqual({ succeeded: 0, failed: 3 })
  })
})

/** Faults on api.video's `/auth/*` that a held token must ride out. */
const AUTH_FAULTS: Array<[name: string, fault: FaultRuleInit]> = [
  ['5xx', { kind: 'error', path: '/auth/*', status: 503 }],
  ['a 429 storm', { kind: 'rate-limit', path: '/auth/*', retryAfterSeconds: 30 }],
  ['answers slower than the deadline', { kind: 'latency', path: '/auth/*', latencyMs: HANG_MS }],
]

describe('faults during renewal', () => {
  it.each(AUTH_FAULTS)(
    'rides out %s on /auth/* with the held token, and renews within one backoff window once it clears',
    async (_name, fault) => {
      const latency = latencySleep()
      const h = await createHarness({
        emulator: { ...LIFETIME, sleep: latency.sleep },
        // Long enough that a normal call on a loaded machine is not taken for a hang (and exchanged again).
        broker: { random: () => 0, upstreamTimeoutMs: 400 },
      })
      const token = await longLivedToken(h)
      expect((await h.api('/videos', token)).status).toBe(200)
      h.emulator.faults.add(fault)
      h.advance(81_000)
      expect(await tally(await listCalls(h, token, { count: 20 }))).toEqual({ '200': 20 })
      await h.settle()
      expect(h.logs.filter((line) => line.event === 'upstream.renewal_failed')).toHaveLength(1)

      h.emulator.faults.clear()
      // A failed early renewal is retried after cooldownMs(1) = 1 s (upstream/renewal.ts).
      h.advance(1_000)
      expect(await tally(await listCalls(h, token, { count: 20 }))).toEqual({ '200': 20 })
      await h.settle()
      expect(h.issued.accessTokens.size).toBe(2)
      const renewed = [...h.issued.accessTokens][1]
      expect((await h.api('/videos', token)).status).toBe(200)
      expect(h.apiCalls().at(-1)?.headers.authorization).toBe(`Bearer ${renewed}`)
      latency.release()
    }
  )
})

describe('added latency', () => {
  it('only slows callers down while it stays under the deadline', async () => {
    const h = await createHarness({ emulator: { random: seeded(3) } })
    const token = await longLivedToken(h)
    h.emulator.faults.add({ kind: 'latency', latencyMs: 20, probability: 0.5 })
    expect(await tally(await listCalls(h, token, { count: 100 }))).toEqual({ '200': 100 })
    expect(h.emulator.stats().faulted).toBeGreaterThan(0)
  })

  it('answers a proxied call slower than the deadline 504 upstream_timeout, and keeps the held token', async () => {
    const latency = latencySleep()
    const h = await createHarness({
      emulator: { sleep: latency.sleep },
      // As above: a normal call on a loaded machine must not meet the deadline.
      broker: { upstreamTimeoutMs: 400 },
    })
    const token = await longLivedToken(h)
    expect((await h.api('/videos', token)).status).toBe(200)
    h.emulator.faults.add({ kind: 'latency', path: '/videos', latencyMs: HANG_MS, times: 5 })
    expect(await tally(await listCalls(h, token, { count: 5 }))).toEqual({
      '504 upstream_timeout': 5,
    })
    latency.release()
    expect((await h.api('/videos', token)).status).toBe(200)
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(1)
  })
})

describe('dropped answers', () => {
  it('never costs a caller its 200 when refresh answers are lost, and never sends a refresh token twice', async () => {
    const h = await createHarness({ emulator: LIFETIME })
    const token = await longLivedToken(h)
    expect((await h.api('/videos', token)).status).toBe(200)
    h.emulator.faults.add({ kind: 'drop', path: '/auth/refresh' })
    const answers: Response[] = []
    for (let renewal = 0; renewal < 3; renewal++) {
      h.advance(81_000)
      answers.push(...(await listCalls(h, token, { count: 10 })))
      await h.settle()
    }
    expect(await tally(answers)).toEqual({ '200': 30 })
    // Each lost refresh was processed (and rotated) upstream, then replaced by a key exchange.
    expect(h.emulator.stats()).toMatchObject({
      dropped: 3,
      auth: { refresh: { succeeded: 3, failed: 0 }, apiKey: { succeeded: 4, failed: 0 } },
    })
  })

  it('lets callers caught between a lost refresh and the fallback exchange wait for it and get 200', async () => {
    const h = await createHarness({ emulator: LIFETIME })
    const token = await longLivedToken(h)
    expect((await h.api('/videos', token)).status).toBe(200)
    h.emulator.faults.add({ kind: 'drop', path: '/auth/refresh', times: 1 })
    const release = h.hold('/auth/api-key')
    h.advance(81_000)
    const trigger = h.api('/videos', token)
    await until(() => h.emulator.stats().dropped === 1)

    // The lost refresh revoked the held access token: the first of these callers meets
    // api.video's 401, and every one of them then waits for the fallback exchange.
    const caught = Array.from({ length: 10 }, () => h.api('/videos', token))
    await until(() => upstreamCount(h, 'GET /videos', '401') >= 1)
    release()
    expect(await tally(await Promise.all([trigger, ...caught]))).toEqual({ '200': 11 })
    expect(h.emulator.stats().auth).toEqual({
      apiKey: { succeeded: 2, failed: 0 },
      refresh: { succeeded: 1, failed: 0 },
    })
  })

  it('answers a cut write 503 with Retry-After and never replays it', async () => {
    const h = await createHarness()
    const token = await longLivedToken(h)
    h.emulator.faults.add({ kind: 'drop', method: 'POST', path: '/videos', times: 1 })
    const res = await h.api('/videos', token, { method: 'POST', body: '{"title":"once"}' })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(await res.json()).toMatchObject({ code: 'upstream_unavailable' })
    expect(h.emulator.stats().routes['POST /videos']).toEqual({ '201': 1 })
  })
})

describe('429 storms', () => {
  it("passes a storm on as upstream_rate_limited with api.video's Retry-After, without retrying or renewing", async () => {
    const h = await createHarness()
    const token = await longLivedToken(h)
    expect((await h.api('/videos', token)).status).toBe(200)
    h.emulator.faults.add({ kind: 'rate-limit', path: '/videos*', retryAfterSeconds: 17 })
    const answers = await listCalls(h, token, { count: 100 })
    expect(new Set(answers.map((res) => res.headers.get('retry-after')))).toEqual(new Set(['17']))
    expect(await tally(answers)).toEqual({ '429 upstream_rate_limited': 100 })
    expect(h.apiCalls()).toHaveLength(101)
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(1)

    h.emulator.faults.clear()
    expect((await h.api('/videos', token)).status).toBe(200)
  })

  it("recovers from api.video's own rate limit once the Retry-After it announced has passed", async () => {
    const h = await createHarness({
      emulator: { rateLimits: { reads: 10, writes: 40, uploads: 40 } },
    })
    const token = await longLivedToken(h)
    const answers = await listCalls(h, token, { count: 30, concurrency: 1 })
    expect(await tally(answers)).toEqual({ '200': 10, '429 upstream_rate_limited': 20 })
    const retryAfter = Number(answers.at(-1)?.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    h.advance(retryAfter * 1000)
    expect((await h.api('/videos', token)).status).toBe(200)
  })
})

describe('401 from api.video at random', () => {
  it('renews and retries once: a caller sees 503 only when its retry was refused too, never a 401', async () => {
    const h = await createHarness({ emulator: { random: seeded(13) } })
    const token = await longLivedToken(h)
    expect((await h.api('/videos', token)).status).toBe(200)
    h.emulator.faults.add({
      kind: 'error',
      method: 'GET',
      path: '/videos',
      status: 401,
      probability: 0.3,
    })
    const counts = await tally(await listCalls(h, token, { count: 200 }))

    // Calls beyond the 200 first attempts are retries; a refused retry is a 503.
    const retries = h.apiCalls().length - 201
    const refusedTwice = upstreamCount(h, 'GET /videos', '401') - retries
    expect(retries).toBeGreaterThan(0)
    expect(counts).toEqual({
      '200': 200 - refusedTwice,
      ...(refusedTwice > 0 ? { '503 upstream_unavailable': refusedTwice } : {}),
    })
    // At most one renewal per refused first attempt, and no key exchange beyond the first.
    expect(h.emulator.stats().auth.refresh.succeeded).toBeLessThanOrEqual(retries)
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(1)
  })
})

describe('all tokens revoked', () => {
  it('costs one renewal for a burst of callers, each of whom still gets 200', async () => {
    const h = await createHarness()
    const token = await longLivedToken(h)
    expect((await h.api('/videos', token)).status).toBe(200)
    h.emulator.revokeAllTokens()
    expect(await tally(await listCalls(h, token, { count: 50, concurrency: 50 }))).toEqual({
      '200': 50,
    })
    // The revoked refresh token is tried once, then the key: one exchange for fifty callers.
    expect(h.emulator.stats().auth).toEqual({
      apiKey: { succeeded: 2, failed: 0 },
      refresh: { succeeded: 0, failed: 1 },
    })
  })

  // In passthrough mode only the browser talks to api.video: the broker proves the token it hands
  // out still works at most once a minute (upstream/liveness-check.ts).
  it('hands out a working passthrough token again within a minute', async () => {
    const h = await createHarness({ broker: { tokenMode: 'passthrough' } })
    const passthrough = async () => {
      const res = await h.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
      return ((await res.json()) as { access_token: string }).access_token
    }
    await passthrough()
    h.emulator.revokeAllTokens()
    h.advance(60_000)
    const res = await h.emulator.fetch('/videos', {
      headers: { authorization: `Bearer ${await passthrough()}` },
    })
    expect(res.status).toBe(200)
  })
})

/** Waits, a bounded number of event-loop turns, until `check()` holds. */
async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000; turn++) {
    if (check()) return
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  throw new Error('the awaited condition never held')
}

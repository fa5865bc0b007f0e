import { describe, expect, it } from 'vitest'
import { tally } from '../test-support/answers.ts'
import { createHarness, createVideo, type Harness, ORIGIN } from '../test-support/harness.ts'

const REQUESTS = 3000
const CONCURRENCY = 48

/** Runs `count` tasks with at most `CONCURRENCY` in flight, as a pool of workers would. */
async function burst(
  count: number,
  task: (index: number) => Response | Promise<Response>
): Promise<Response[]> {
  const results: Response[] = new Array(count)
  let next = 0
  let inFlight = 0
  let mostInFlight = 0
  const worker = async () => {
    while (next < count) {
      const index = next++
      mostInFlight = Math.max(mostInFlight, ++inFlight)
      results[index] = await task(index)
      inFlight--
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  expect(mostInFlight).toBe(Math.min(count, CONCURRENCY))
  return results
}

const tokenRequest = (h: Harness, clientIp = '203.0.113.1') =>
  h.request('/v1/token', {
    method: 'POST',
    headers: { origin: ORIGIN, 'cf-connecting-ip': clientIp },
  })

// A bound, not a timing assertion: the burst is slow only on a starved machine.
describe('load: bounded bursts through app.request()', { timeout: 30_000 }, () => {
  it('answers 3,000 token requests at a concurrency of 48 with the limiter off: all 200, one background exchange', async () => {
    const h = await createHarness()
    const answers = await burst(REQUESTS, () => tokenRequest(h))
    await h.settle()
    expect(await tally(answers)).toEqual({ '200': REQUESTS })
    expect(h.emulator.stats().auth.apiKey).toEqual({ succeeded: 1, failed: 0 })
  })

  it("answers 3,000 token requests from 12 addresses with the limiter's budget exactly: 100 each, the rest 429 rate_limited", async () => {
    const h = await createHarness({ broker: { rateLimit: { requests: 100, periodSeconds: 60 } } })
    const answers = await burst(REQUESTS, (index) => tokenRequest(h, `203.0.113.${index % 12}`))
    const refused = answers.filter((res) => res.status === 429)
    expect(new Set(refused.map((res) => res.headers.get('retry-after')))).toEqual(new Set(['60']))
    expect(await tally(answers)).toEqual({ '200': 1200, '429 rate_limited': 1800 })

    // The window passes: every address has its budget again.
    h.advance(60_000)
    expect(
      await tally(await burst(24, (index) => tokenRequest(h, `203.0.113.${index % 12}`)))
    ).toEqual({
      '200': 24,
    })
  })

  it('proxies 3,000 reads and writes at a concurrency of 48 with zero errors, one exchange, and each call forwarded once', async () => {
    const h = await createHarness()
    const videoId = await createVideo(h)
    const token = await h.mint()
    const answers = await burst(REQUESTS, (index) => {
      if (index % 10 === 0) {
        return h.api('/videos', token, {
          method: 'POST',
          body: JSON.stringify({ title: `v${index}` }),
        })
      }
      return h.api(index % 10 < 4 ? '/videos?pageSize=1' : `/videos/${videoId}`, token)
    })
    expect(await tally(answers)).toEqual({ '200': 2700, '201': 300 })
    expect(h.emulator.stats().routes).toMatchObject({
      'GET /videos': { '200': 900 },
      'GET /videos/{videoId}': { '200': 1800 },
      'POST /videos': { '201': 301 },
    })
    expect(h.emulator.stats().auth.apiKey).toEqual({ succeeded: 1, failed: 0 })
  })

  it('proxies 3,000 reads across an upstream renewal with zero errors and exactly one refresh', async () => {
    const h = await createHarness({ emulator: { accessTokenTtlSeconds: 100 } })
    const token = await h.mint({ exp: Math.floor(h.now() / 1000) + 3600 })
    // 50 ms of fake time per request: 150 s in all, so renewal falls due (at 80 s) once.
    const answers = await burst(REQUESTS, () => {
      h.advance(50)
      return h.api('/videos?pageSize=1', token)
    })
    await h.settle()
    expect(await tally(answers)).toEqual({ '200': REQUESTS })
    expect(h.emulator.stats().auth).toEqual({
      apiKey: { succeeded: 1, failed: 0 },
      refresh: { succeeded: 1, failed: 0 },
    })
  })

  it('answers 600 upload-token requests from 6 users with 50 each, the rest 429 rate_limited, and creates no more upload tokens', async () => {
    const h = await createHarness({ broker: { rateLimit: { requests: 50, periodSeconds: 60 } } })
    const tokens = await Promise.all(
      Array.from({ length: 6 }, (_, user) =>
        h.mint({ sub: `user-${user}`, scope: 'videos:upload' })
      )
    )
    const answers = await burst(600, (index) =>
      h.request('/v1/upload-token', {
        method: 'POST',
        headers: { origin: ORIGIN, authorization: `Bearer ${tokens[index % 6]}` },
      })
    )
    expect(await tally(answers)).toEqual({ '200': 300, '429 rate_limited': 300 })
    expect(h.emulator.stats().routes['POST /upload-tokens']).toEqual({ '200': 300 })
  })
})

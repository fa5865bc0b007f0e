import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApi } from './api.ts'
import { isKeywardError, type KeywardError } from './errors.ts'
import { fakeClock } from './test-support/clock.ts'
import {
  BROKER,
  createFakeBroker,
  type FakeBroker,
  problem,
  TOKEN_URL,
} from './test-support/fake-broker.ts'
import { createTokenSource } from './token-source.ts'
import type { TokenSource } from './token-types.ts'

let broker: FakeBroker
let clock: ReturnType<typeof fakeClock>
let tokens: TokenSource

beforeEach(() => {
  vi.useFakeTimers()
  broker = createFakeBroker()
  clock = fakeClock()
  tokens = createTokenSource({ url: TOKEN_URL, fetch: broker.fetch, now: clock.now })
})

afterEach(() => {
  vi.useRealTimers()
})

const api = (options: Partial<Parameters<typeof createApi>[0]> = {}) =>
  createApi({ tokens, prefix: `${BROKER}/v1/api`, fetch: broker.fetch, ...options })

const many = (count: number, request: (index: number) => Promise<unknown>) =>
  Promise.all(Array.from({ length: count }, (_, index) => request(index)))

describe('createApi', () => {
  it('makes 200 concurrent requests on an expired token with exactly one token fetch', async () => {
    const videos = api()
    await tokens.getToken()
    await clock.advance(301_000)
    const results = await many(200, (index) => videos.get(`videos/${index}`).json())
    expect(results).toHaveLength(200)
    expect(broker.tokenRequests).toHaveLength(2)
    expect(new Set(broker.apiRequests.map(({ token }) => token))).toEqual(new Set(['t2']))
  })

  it('recovers 200 concurrent requests whose token the broker rejects with one token fetch', async () => {
    const videos = api()
    await tokens.getToken()
    broker.expire('t1')
    const results = await many(200, (index) => videos.get(`videos/${index}`).json())
    expect(results).toHaveLength(200)
    expect(broker.tokenRequests).toHaveLength(2)
    expect(broker.apiRequests).toHaveLength(400)
  })

  it('retries a rejected token once even with retry: 0, for a request with a body', async () => {
    await tokens.getToken()
    broker.expire('t1')
    const created = await api({ retry: 0 })
      .post('videos', { json: { title: 'Holidays' } })
      .json()
    expect(created).toEqual({ path: '/v1/api/videos' })
    expect(broker.apiRequests.map(({ token, body }) => [token, body])).toEqual([
      ['t1', '{"title":"Holidays"}'],
      ['t2', '{"title":"Holidays"}'],
    ])
  })

  it('leaves ky its own retry budget: a rejected token does not use it up', async () => {
    await tokens.getToken()
    broker.expire('t1')
    let failures = 1
    broker.answerApi = () =>
      failures-- > 0 ? problem(503, 'upstream_unavailable') : Response.json({ ok: true })
    const answer = api({ retry: { limit: 1, delay: () => 0 } })
      .get('videos')
      .json()
    await vi.advanceTimersByTimeAsync(0)
    expect(await answer).toEqual({ ok: true })
    expect(broker.apiRequests.map(({ token }) => token)).toEqual(['t1', 't2', 't2'])
  })

  it('attaches the current token again on ky own retries', async () => {
    await tokens.getToken()
    let failures = 1
    broker.answerApi = async () => {
      if (failures-- > 0) {
        await tokens.refresh()
        return problem(503, 'upstream_unavailable')
      }
      return Response.json({ ok: true })
    }
    const answer = api({ retry: { limit: 2, delay: () => 0 } })
      .get('videos')
      .json()
    await vi.advanceTimersByTimeAsync(0)
    expect(await answer).toEqual({ ok: true })
    expect(broker.apiRequests.map(({ token }) => token)).toEqual(['t1', 't2'])
  })

  it('rejects an error answer with a KeywardError carrying the broker problem, without renewing', async () => {
    broker.answerApi = () =>
      problem(403, 'insufficient_scope', {
        'www-authenticate': 'Bearer error="insufficient_scope", scope="videos:delete"',
      })
    const error = await api()
      .delete('videos/v1')
      .catch((caught: unknown) => caught)
    expect(isKeywardError(error)).toBe(true)
    expect(error).toMatchObject({
      code: 'request_failed',
      status: 403,
      problem: { code: 'insufficient_scope', status: 403 },
      response: { status: 403 },
      cause: { name: 'HTTPError' },
    })
    expect(broker.tokenRequests).toHaveLength(1)
  })

  it('reads Retry-After and the request id of a rate-limited call', async () => {
    broker.answerApi = () =>
      Response.json(
        { code: 'rate_limited', title: 'Too many requests.', requestId: 'req-7' },
        { status: 429, headers: { 'retry-after': '12' } }
      )
    const error = await api({ retry: 0 })
      .get('videos')
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({
      code: 'request_failed',
      status: 429,
      retryAfter: 12,
      problem: { code: 'rate_limited', requestId: 'req-7' },
    })
  })

  it('has no problem for an answer that is not JSON, and still the status', async () => {
    broker.answerApi = () => new Response('<h1>Bad gateway</h1>', { status: 502 })
    const error = await api({ retry: 0 })
      .get('videos')
      .catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'request_failed', status: 502, retryAfter: undefined })
    expect((error as KeywardError).problem).toBeUndefined()
  })

  it('lets beforeError hooks given to createApi see ky HTTPError first', async () => {
    broker.answerApi = () => problem(404, 'not_found')
    const seen: string[] = []
    const error = await api({
      retry: 0,
      hooks: {
        beforeError: [
          ({ error }) => {
            seen.push(error.name)
            return error
          },
        ],
      },
    })
      .get('videos/missing')
      .catch((caught: unknown) => caught)
    expect(seen).toEqual(['HTTPError'])
    expect(error).toMatchObject({ code: 'request_failed', status: 404 })
  })

  it('passes on errors that got no answer as ky reports them', async () => {
    const error = await api({
      retry: 0,
      fetch: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
      .get('videos')
      .catch((caught: unknown) => caught)
    expect(isKeywardError(error)).toBe(false)
    expect(error).toMatchObject({ name: 'NetworkError' })
  })

  it('keeps the token away from third-party URLs', async () => {
    const seen: Request[] = []
    const plain = createApi({
      tokens,
      fetch: async (request) => {
        seen.push(request)
        return Response.json({})
      },
    })
    await plain.get('https://cdn.example/thumbnail.json').json()
    expect(seen[0]?.url).toBe('https://cdn.example/thumbnail.json')
    expect(seen[0]?.headers.has('authorization')).toBe(false)
    expect(broker.tokenRequests).toHaveLength(0)
  })
})

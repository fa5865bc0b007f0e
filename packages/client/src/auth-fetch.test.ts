import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAuthFetch, isInvalidToken } from './auth-fetch.ts'
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
let tokens: TokenSource

beforeEach(() => {
  vi.useFakeTimers()
  broker = createFakeBroker()
  tokens = createTokenSource({ url: TOKEN_URL, fetch: broker.fetch, now: fakeClock().now })
})

afterEach(() => {
  vi.useRealTimers()
})

const authFetch = (options: Partial<Parameters<typeof createAuthFetch>[0]> = {}) =>
  createAuthFetch({ tokens, fetch: broker.fetch, ...options })

describe('createAuthFetch', () => {
  it('sends the token to the broker', async () => {
    const response = await authFetch()(`${BROKER}/v1/api/videos`)
    expect(response.status).toBe(200)
    expect(broker.apiRequests.map(({ token }) => token)).toEqual(['t1'])
  })

  it('never sends the token to another origin, nor fetches one for it', async () => {
    const seen: Request[] = []
    const thirdParty = createAuthFetch({
      tokens,
      fetch: async (request) => {
        seen.push(request)
        return new Response('ok')
      },
    })
    await thirdParty('https://cdn.example/videos.json')
    await thirdParty('https://broker.test.evil.example/v1/api/videos')
    expect(seen.map((request) => request.headers.has('authorization'))).toEqual([false, false])
    expect(broker.tokenRequests).toHaveLength(0)
  })

  it('sends the token to the origins it is given', async () => {
    const seen: Request[] = []
    const passthrough = createAuthFetch({
      tokens,
      origins: ['https://ws.api.video'],
      fetch: async (request) => {
        seen.push(request)
        return new Response('ok')
      },
    })
    await passthrough('https://ws.api.video/videos')
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer t1')
  })

  it('retries once with a fresh token when the broker says invalid_token, replaying the body', async () => {
    await tokens.getToken()
    broker.expire('t1')
    const response = await authFetch()(`${BROKER}/v1/api/videos`, {
      method: 'POST',
      body: JSON.stringify({ title: 'Holidays' }),
      headers: { 'content-type': 'application/json' },
    })
    expect(response.status).toBe(200)
    expect(broker.apiRequests.map(({ token, body }) => [token, body])).toEqual([
      ['t1', '{"title":"Holidays"}'],
      ['t2', '{"title":"Holidays"}'],
    ])
  })

  it('retries exactly once: a second rejection is the answer, with no loop', async () => {
    broker.answerApi = () =>
      problem(401, 'invalid_token', { 'www-authenticate': 'Bearer error="invalid_token"' })
    const response = await authFetch()(`${BROKER}/v1/api/videos`)
    expect(response.status).toBe(401)
    expect(broker.apiRequests).toHaveLength(2)
    expect(broker.tokenRequests).toHaveLength(2)
  })

  it('does not renew on a missing scope, nor on a 401 without invalid_token', async () => {
    broker.answerApi = () =>
      problem(403, 'insufficient_scope', {
        'www-authenticate': 'Bearer error="insufficient_scope", scope="videos:delete"',
      })
    expect((await authFetch()(`${BROKER}/v1/api/videos/v1`, { method: 'DELETE' })).status).toBe(403)
    broker.answerApi = () => problem(401, 'unauthenticated')
    expect((await authFetch()(`${BROKER}/v1/api/videos`)).status).toBe(401)
    expect(broker.apiRequests).toHaveLength(2)
    expect(broker.tokenRequests).toHaveLength(1)
  })

  it('renews on the 401 a passthrough predicate accepts', async () => {
    await tokens.getToken()
    broker.expire('t1')
    broker.answerApi = () => new Response(null, { status: 401 })
    const shouldRenew = ({ response }: { response: Response }) => response.status === 401
    await authFetch({ shouldRenew })(`${BROKER}/v1/api/videos`)
    expect(broker.apiRequests.map(({ token }) => token)).toEqual(['t1', 't2'])
  })

  it('shares one renewal among concurrent 401s for the same token', async () => {
    await tokens.getToken()
    broker.expire('t1')
    const fetchWithToken = authFetch()
    const responses = await Promise.all(
      ['a', 'b', 'c'].map((id) => fetchWithToken(`${BROKER}/v1/api/videos/${id}`))
    )
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200])
    expect(broker.tokenRequests).toHaveLength(2)
  })

  it('retries a straggler 401 for an older token with the current one, without another fetch', async () => {
    await tokens.getToken()
    broker.expire('t1')
    let releaseStraggler = () => {}
    const fetchWithToken = authFetch({
      fetch: async (request) => {
        const response = await broker.fetch(request)
        if (request.url.endsWith('/straggler') && response.status === 401) {
          await new Promise<void>((resolve) => {
            releaseStraggler = resolve
          })
        }
        return response
      },
    })
    const straggler = fetchWithToken(`${BROKER}/v1/api/videos/straggler`)
    await vi.advanceTimersByTimeAsync(0)
    expect((await fetchWithToken(`${BROKER}/v1/api/videos/first`)).status).toBe(200)
    releaseStraggler()
    expect((await straggler).status).toBe(200)
    expect(broker.tokenRequests).toHaveLength(2)
    expect(broker.apiRequests.map(({ token }) => token)).toEqual(['t1', 't1', 't2', 't2'])
  })

  it('lets the caller abort its wait for the token', async () => {
    broker.hold()
    const controller = new AbortController()
    const pending = authFetch()(`${BROKER}/v1/api/videos`, { signal: controller.signal })
    await vi.advanceTimersByTimeAsync(0)
    controller.abort()
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' })
    expect(broker.apiRequests).toHaveLength(0)
  })
})

describe('isInvalidToken', () => {
  const check = (status: number, header?: string) =>
    isInvalidToken({
      request: new Request(BROKER),
      response: new Response(null, {
        status,
        headers: header ? { 'www-authenticate': header } : {},
      }),
    })

  it('accepts only a 401 that says invalid_token', () => {
    expect(check(401, 'Bearer error="invalid_token"')).toBe(true)
    expect(
      check(401, 'Bearer realm="keyward", error="invalid_token", error_description="expired"')
    ).toBe(true)
    expect(check(401)).toBe(false)
    expect(check(401, 'Bearer error="insufficient_scope"')).toBe(false)
    expect(check(403, 'Bearer error="invalid_token"')).toBe(false)
  })
})

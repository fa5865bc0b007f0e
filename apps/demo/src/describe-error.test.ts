import { createApi, createTokenSource } from '@keyward/client'
import { NetworkError, TimeoutError } from 'ky'
import { describe, expect, it } from 'vitest'
import { describeError } from './describe-error.ts'

const broker = 'http://127.0.0.1:8787'
const context = { brokerUrl: broker, origin: 'http://127.0.0.1:5173' }
const request = new Request(`${broker}/v1/api/videos`)

const answer = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  })

// What an API call through the client rejects with when the proxy (or api.video) answers so.
async function apiFailure(status: number, body: unknown, headers: Record<string, string> = {}) {
  const tokens = createTokenSource({
    url: `${broker}/v1/token`,
    fetch: async () => Response.json({ access_token: 't1', expires_in: 300 }),
  })
  const api = createApi({
    tokens,
    prefix: `${broker}/v1/api`,
    retry: 0,
    fetch: async () => answer(status, body, headers),
  })
  return api.get('videos').catch((error: unknown) => error)
}

// What the token source rejects with when the token endpoint answers so (or not at all).
function tokenFailure(respond: () => Promise<Response>) {
  const tokens = createTokenSource({ url: `${broker}/v1/token`, retries: 0, fetch: respond })
  return tokens.getToken().catch((error: unknown) => error)
}

describe('describeError: broker answers', () => {
  it('tells ownership refusals in words, and does not retry them', async () => {
    const signIn = await apiFailure(403, { code: 'ownership_sign_in_required' })
    const admin = await apiFailure(403, { code: 'ownership_admin_only' })
    const foreign = await apiFailure(404, {
      code: 'not_found',
      detail: 'There is no video with this id.',
    })

    expect(describeError(signIn, context)).toMatchObject({
      title: 'Sign in to see videos',
      retryable: false,
    })
    expect(describeError(admin, context).title).toBe('Only an admin sees this')
    expect(describeError(foreign, context)).toMatchObject({
      title: 'That is not there, or not yours',
      detail: 'There is no video with this id.',
    })
  })

  it('tells the broker’s own rate limit with the wait from Retry-After', async () => {
    const error = await apiFailure(429, { code: 'rate_limited' }, { 'retry-after': '12' })
    const trouble = describeError(error, context)
    expect(trouble).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterSeconds: 12 })
    expect(trouble.title).toBe('Too many requests from this browser')
  })

  it('tells api.video’s rate limit apart from the broker’s', async () => {
    const error = await apiFailure(429, { code: 'upstream_rate_limited' }, { 'retry-after': '30' })
    expect(describeError(error, context)).toMatchObject({
      code: 'upstream_rate_limited',
      title: 'api.video is rate-limiting this account',
      retryAfterSeconds: 30,
    })
  })

  it('says api.video is in trouble on a 502, with the request id to quote, and retries', async () => {
    const body = { code: 'upstream_error', detail: 'api.video answered 500.', requestId: 'req-1' }
    expect(describeError(await apiFailure(502, body), context)).toMatchObject({
      code: 'upstream_error',
      title: 'api.video is having trouble',
      detail: 'api.video answered 500. Request id: req-1.',
      retryable: true,
      retryAfterSeconds: 5,
    })
  })

  it('does not retry a refusal for scope, and says which scope was missing', async () => {
    const body = { code: 'insufficient_scope', detail: 'This operation needs videos:delete.' }
    expect(describeError(await apiFailure(403, body), context)).toMatchObject({
      code: 'insufficient_scope',
      detail: 'This operation needs videos:delete.',
      retryable: false,
    })
  })

  it('says a video is gone when api.video answers 404 through the proxy', async () => {
    const error = await apiFailure(404, { code: 'upstream_rejected' })
    expect(describeError(error, context).title).toBe('That video no longer exists')
  })

  it('goes by status for api.video’s own answers (passthrough), X-RateLimit-Retry-After included', async () => {
    const body = { status: 429, title: 'Too many requests' }
    const error = await apiFailure(429, body, { 'x-ratelimit-retry-after': '7' })
    expect(describeError(error, context)).toMatchObject({
      code: 'upstream_rate_limited',
      retryAfterSeconds: 7,
    })
  })

  it('tells the status of an answer that is no problem document', async () => {
    const error = await apiFailure(400, '<h1>Bad request</h1>', { 'content-type': 'text/html' })
    expect(describeError(error, context)).toMatchObject({
      code: 'upstream_rejected',
      detail: 'The answer was HTTP 400.',
      retryable: false,
    })
  })
})

describe('describeError: token failures', () => {
  it('says the visitor is signed out on a 401 from the token endpoint', async () => {
    const error = await tokenFailure(async () => answer(401, { code: 'unauthenticated' }))
    expect(describeError(error, context)).toMatchObject({
      code: 'unauthenticated',
      title: 'You’re signed out',
      retryable: false,
    })
  })

  it('says the broker will not grant the scopes asked for, and which', async () => {
    const body = { code: 'insufficient_scope', detail: 'The caller may not have videos:delete.' }
    const error = await tokenFailure(async () => answer(403, body))
    expect(describeError(error, context)).toMatchObject({
      code: 'insufficient_scope',
      title: 'The broker won’t give this page the access it asked for',
      detail: 'The caller may not have videos:delete.',
      retryable: false,
    })
  })

  it('blames the allow-list when the broker refuses this origin', async () => {
    const error = await tokenFailure(async () => answer(403, { code: 'origin_not_allowed' }))
    expect(describeError(error, context)).toMatchObject({ code: 'origin_not_allowed' })
  })

  it('names an unknown scope asked for in the address', async () => {
    const body = { code: 'invalid_scope', detail: 'Unknown scope. Known scopes: videos:read.' }
    const error = await tokenFailure(async () => answer(400, body))
    expect(describeError(error, context)).toMatchObject({
      code: 'invalid_scope',
      detail: 'Unknown scope. Known scopes: videos:read.',
      retryable: false,
    })
  })

  it('points at the device clock when the broker refuses the DPoP proof of a token request', async () => {
    const body = { code: 'invalid_dpop_proof', detail: 'The proof’s iat must be within 60 s.' }
    const error = await tokenFailure(async () => answer(400, body))
    expect(describeError(error, context)).toMatchObject({
      code: 'invalid_dpop_proof',
      title: 'The broker refused this tab’s proof of its key',
      detail: expect.stringContaining('clock'),
      retryable: false,
    })
  })

  it('names the broker that did not answer, and retries', async () => {
    const error = await tokenFailure(async () => {
      throw new TypeError('Failed to fetch')
    })
    const trouble = describeError(error, context)
    expect(trouble).toMatchObject({ code: 'broker_unreachable', retryable: true })
    expect(trouble.detail).toContain(broker)
  })

  it('blames the allow-list when the broker is up but the token request failed', async () => {
    const error = await tokenFailure(async () => {
      throw new TypeError('Failed to fetch')
    })
    const trouble = describeError(error, { ...context, brokerReachable: true })
    expect(trouble).toMatchObject({ code: 'origin_not_allowed', retryable: false })
    expect(trouble.detail).toContain('http://127.0.0.1:5173 is not one of them')
  })

  it('treats a token endpoint still answering 429 after the retries as a rate limit', async () => {
    const error = await tokenFailure(async () => new Response(null, { status: 429 }))
    expect(describeError(error, context)).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterSeconds: 30,
    })
  })
})

describe('describeError: everything else', () => {
  it('treats a network failure of the proxy as an unreachable broker', () => {
    expect(describeError(new NetworkError(request), context).code).toBe('broker_unreachable')
  })

  it('says a timeout may pass', () => {
    expect(describeError(new TimeoutError(request), context)).toMatchObject({
      code: 'timeout',
      retryable: true,
    })
  })

  it('never shows a stack, only the message', () => {
    const trouble = describeError(new Error('boom'), context)
    expect(trouble).toMatchObject({
      code: 'unexpected',
      title: 'Something went wrong',
      detail: 'boom',
    })
    expect(trouble.detail).not.toContain('at ')
  })
})

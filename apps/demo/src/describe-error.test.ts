import { KeywardError } from '@keyward/client'
import { HTTPError, NetworkError, type NormalizedOptions } from 'ky'
import { describe, expect, it } from 'vitest'
import { describeError, retryAfter } from './describe-error.ts'

const context = { brokerUrl: 'http://127.0.0.1:8787', origin: 'http://127.0.0.1:5173' }
const request = new Request('http://127.0.0.1:8787/v1/api/videos')

function answer(status: number, body: unknown, headers: Record<string, string> = {}): HTTPError {
  const error = new HTTPError(
    new Response(null, { status, headers }),
    request,
    {} as NormalizedOptions
  )
  error.data = body
  return error
}

describe('describeError: broker answers', () => {
  it('tells the broker’s own rate limit with the wait from Retry-After', () => {
    const trouble = describeError(
      answer(429, { code: 'rate_limited' }, { 'retry-after': '12' }),
      context
    )
    expect(trouble).toMatchObject({ code: 'rate_limited', retryable: true, retryAfterSeconds: 12 })
    expect(trouble.title).toBe('Too many requests from this browser')
  })

  it('tells api.video’s rate limit apart from the broker’s', () => {
    const error = answer(429, { code: 'upstream_rate_limited' }, { 'retry-after': '30' })
    expect(describeError(error, context)).toMatchObject({
      code: 'upstream_rate_limited',
      title: 'api.video is rate-limiting this account',
      retryAfterSeconds: 30,
    })
  })

  it('says api.video is in trouble on a 502, with the request id to quote, and retries', () => {
    const error = answer(502, {
      code: 'upstream_error',
      detail: 'api.video answered 500.',
      requestId: 'req-1',
    })
    expect(describeError(error, context)).toMatchObject({
      code: 'upstream_error',
      title: 'api.video is having trouble',
      detail: 'api.video answered 500. Request id: req-1.',
      retryable: true,
    })
  })

  it('does not retry a refusal for scope, and says which scope was missing', () => {
    const error = answer(403, {
      code: 'insufficient_scope',
      detail: 'This operation needs the scope videos:delete.',
    })
    expect(describeError(error, context)).toMatchObject({
      code: 'insufficient_scope',
      detail: 'This operation needs the scope videos:delete.',
      retryable: false,
    })
  })

  it('reads a problem body that arrived as text', () => {
    const error = answer(404, JSON.stringify({ code: 'upstream_rejected' }))
    expect(describeError(error, context).title).toBe('That video no longer exists')
  })

  it('goes by status for api.video’s own answers (passthrough), X-RateLimit-Retry-After included', () => {
    const error = answer(
      429,
      { status: 429, title: 'Too many requests' },
      { 'x-ratelimit-retry-after': '7' }
    )
    expect(describeError(error, context)).toMatchObject({
      code: 'upstream_rate_limited',
      retryAfterSeconds: 7,
    })
  })
})

describe('describeError: token failures', () => {
  it('says the visitor is signed out on a 401 from the token endpoint', () => {
    const error = new KeywardError('unauthenticated', {
      status: 401,
      cause: { code: 'unauthenticated' },
    })
    expect(describeError(error, context)).toMatchObject({
      code: 'unauthenticated',
      title: 'You’re signed out',
      retryable: false,
    })
  })

  it('says the broker will not grant the scopes asked for, and which', () => {
    const cause = { code: 'insufficient_scope', detail: 'The caller may not have videos:delete.' }
    const error = new KeywardError('forbidden', { status: 403, cause })
    expect(describeError(error, context)).toMatchObject({
      title: 'The broker won’t give this page the access it asked for',
      detail: 'The caller may not have videos:delete.',
      retryable: false,
    })
  })

  it('names an unknown scope asked for in the address', () => {
    const cause = { code: 'invalid_scope', detail: 'Unknown scope. Known scopes: videos:read.' }
    const error = new KeywardError('token_fetch_failed', { status: 400, cause })
    expect(describeError(error, context)).toMatchObject({
      code: 'invalid_scope',
      detail: 'Unknown scope. Known scopes: videos:read.',
      retryable: false,
    })
  })

  it('finds the token failure under the error that carries it', () => {
    const error = new Error('request failed', {
      cause: new KeywardError('unauthenticated', { status: 401 }),
    })
    expect(describeError(error, context).code).toBe('unauthenticated')
  })

  it('names the broker that did not answer, and retries', () => {
    const error = new KeywardError('token_fetch_failed', {
      cause: new TypeError('Failed to fetch'),
    })
    const trouble = describeError(error, context)
    expect(trouble).toMatchObject({ code: 'broker_unreachable', retryable: true })
    expect(trouble.detail).toContain('http://127.0.0.1:8787')
  })

  it('blames the allow-list when the broker is up but the token request failed', () => {
    const error = new KeywardError('token_fetch_failed', {
      cause: new TypeError('Failed to fetch'),
    })
    const trouble = describeError(error, { ...context, brokerReachable: true })
    expect(trouble).toMatchObject({ code: 'origin_not_allowed', retryable: false })
    expect(trouble.detail).toContain('http://127.0.0.1:5173 is not one of them')
  })

  it('treats a token endpoint still answering 429 after the retries as a rate limit', () => {
    const error = new KeywardError('token_fetch_failed', { status: 429, cause: {} })
    expect(describeError(error, context)).toMatchObject({ code: 'rate_limited', retryable: true })
  })
})

describe('describeError: everything else', () => {
  it('treats a network failure of the proxy as an unreachable broker', () => {
    expect(describeError(new NetworkError(request), context).code).toBe('broker_unreachable')
  })

  it('never shows a stack, only the message', () => {
    const error = new Error('boom')
    const trouble = describeError(error, context)
    expect(trouble).toMatchObject({
      code: 'unexpected',
      title: 'Something went wrong',
      detail: 'boom',
    })
    expect(trouble.detail).not.toContain('at ')
  })
})

describe('retryAfter', () => {
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    expect(retryAfter(new Headers({ 'retry-after': '5' }))).toBe(5)
    const inTen = new Date(Date.now() + 10_000).toUTCString()
    expect(retryAfter(new Headers({ 'retry-after': inTen }))).toBeGreaterThanOrEqual(9)
    expect(retryAfter(new Headers({ 'retry-after': 'soon' }))).toBeUndefined()
    expect(retryAfter(new Headers())).toBeUndefined()
  })
})

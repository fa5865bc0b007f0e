import { describe, expect, it } from 'vitest'
import { isKeywardError, KeywardError } from './errors.ts'

const answer = (status: number, headers: Record<string, string> = {}) =>
  new Response(null, { status, headers })

describe('KeywardError', () => {
  it('carries the status, the problem and Retry-After of an error answer', () => {
    const response = answer(429, { 'retry-after': '30' })
    const body = { code: 'rate_limited', title: 'Too many requests.', requestId: 'req-1' }
    const error = new KeywardError('token_fetch_failed', { response, body })
    expect(error).toMatchObject({
      name: 'KeywardError',
      code: 'token_fetch_failed',
      status: 429,
      retryAfter: 30,
      problem: { code: 'rate_limited', title: 'Too many requests.', requestId: 'req-1' },
    })
    expect(error.response).toBe(response)
    expect(error.cause).toBeUndefined()
  })

  it('keeps no problem when the body is no JSON object', () => {
    const error = new KeywardError('request_failed', {
      response: answer(502),
      body: '<h1>502</h1>',
    })
    expect(error.problem).toBeUndefined()
    expect(error.status).toBe(502)
  })

  it('has no retryAfter without a Retry-After in seconds', () => {
    const date = 'Wed, 21 Oct 2099 07:28:00 GMT'
    expect(new KeywardError('request_failed', { response: answer(503) }).retryAfter).toBeUndefined()
    const dated = new KeywardError('request_failed', {
      response: answer(503, { 'retry-after': date }),
    })
    expect(dated.retryAfter).toBeUndefined()
    expect(new KeywardError('disposed').retryAfter).toBeUndefined()
  })

  it('keeps what caused it: the network error of a fetch that got no answer', () => {
    const cause = new TypeError('Failed to fetch')
    const error = new KeywardError('token_fetch_failed', { cause })
    expect(error).toMatchObject({ cause, status: undefined, problem: undefined })
  })
})

describe('isKeywardError', () => {
  it('tells a KeywardError from other errors and values', () => {
    expect(isKeywardError(new KeywardError('disposed'))).toBe(true)
    for (const other of [
      new Error('boom'),
      new TypeError('x'),
      undefined,
      null,
      'KeywardError',
      {},
    ]) {
      expect(isKeywardError(other)).toBe(false)
    }
  })

  it('recognises one by its name where instanceof fails: another copy of the class, a plain clone', () => {
    // Another copy of the package (or another realm's) has another class of the same name.
    class KeywardErrorCopy extends Error {
      override readonly name = 'KeywardError'
      readonly code = 'forbidden'
    }
    const copy = new KeywardErrorCopy('forbidden')
    expect(copy instanceof KeywardError).toBe(false)
    expect(isKeywardError(copy)).toBe(true)
    // What structuredClone leaves of an error sent to another realm keeps its name too.
    const branded = { name: 'KeywardError', code: 'unauthenticated', message: 'unauthenticated' }
    expect(isKeywardError(branded)).toBe(true)
  })
})

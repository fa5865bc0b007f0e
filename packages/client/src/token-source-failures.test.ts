import { describe, expect, it, vi } from 'vitest'
import type { KeywardError } from './errors.ts'
import { problem, tokenResponse } from './test-support/fake-broker.ts'
import { codeOf, failuresOf, fakeSource, useFakes } from './test-support/fakes.ts'
import type { TokenSourceOptions } from './token-types.ts'

const fakes = useFakes()
const source = (options: Partial<TokenSourceOptions> = {}) => fakeSource(fakes, options)

describe('createTokenSource, when the broker fails', () => {
  it('on a broker 401: one unauthenticated error, one event, and no fetch until refresh()', async () => {
    fakes.broker.answerToken = () => problem(401, 'unauthenticated')
    const tokens = source()
    const errors = failuresOf(tokens)
    const codes = await Promise.all([1, 2, 3].map(() => codeOf(tokens.getToken())))
    expect(codes).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated'])
    expect(await codeOf(tokens.getToken())).toBe('unauthenticated')
    await fakes.clock.advance(600_000)
    expect(await codeOf(tokens.getToken())).toBe('unauthenticated')
    expect(errors).toEqual(['unauthenticated'])
    expect(fakes.broker.tokenRequests).toHaveLength(1)

    fakes.broker.answerToken = () => tokenResponse('after-sign-in')
    expect((await tokens.refresh()).accessToken).toBe('after-sign-in')
  })

  it('on a broker 403: one forbidden error carrying the problem document', async () => {
    fakes.broker.answerToken = () => problem(403, 'origin_not_allowed')
    const tokens = source()
    const error = await tokens.getToken().then(
      () => undefined,
      (caught: KeywardError) => caught
    )
    expect(error).toMatchObject({ code: 'forbidden', status: 403 })
    expect(error?.problem).toMatchObject({ code: 'origin_not_allowed' })
    expect(error?.cause).toBeUndefined()
    expect(fakes.broker.tokenRequests).toHaveLength(1)
  })

  it('retries 429 and 5xx after Retry-After plus jitter, then gives up: bounded', async () => {
    fakes.broker.answerToken = (_request, count) =>
      count === 1
        ? problem(429, 'rate_limited', { 'retry-after': '5' })
        : problem(503, 'upstream_unavailable')
    const tokens = source({ random: () => 0.5, retries: 3 })
    const errors = failuresOf(tokens)
    const result = codeOf(tokens.getToken())
    await fakes.clock.advance(5_499)
    expect(fakes.broker.tokenRequests).toHaveLength(1)
    await fakes.clock.advance(1)
    expect(fakes.broker.tokenRequests).toHaveLength(2)
    await fakes.clock.advance(1_000)
    expect(fakes.broker.tokenRequests).toHaveLength(3)
    await fakes.clock.advance(2_000)
    expect(fakes.broker.tokenRequests).toHaveLength(4)
    expect(await result).toBe('token_fetch_failed')
    expect(errors).toEqual(['token_fetch_failed'])
    await fakes.clock.advance(60_000)
    expect(fakes.broker.tokenRequests).toHaveLength(4)
  })

  it('gives up at once when Retry-After asks for more than 30 seconds', async () => {
    fakes.broker.answerToken = () => problem(503, 'upstream_unavailable', { 'retry-after': '120' })
    const tokens = source()
    expect(await codeOf(tokens.getToken())).toBe('token_fetch_failed')
    expect(fakes.broker.tokenRequests).toHaveLength(1)
  })

  it('retries a network error and then answers with the token', async () => {
    const answer = fakes.broker.answerToken
    fakes.broker.answerToken = (request, count) =>
      count === 1 ? Promise.reject(new TypeError('Failed to fetch')) : answer(request, count)
    const tokens = source()
    const token = tokens.getToken()
    await fakes.clock.advance(1_000)
    expect((await token).accessToken).toBe('t2')
  })

  it('gives up on a broker that does not answer within the timeout', async () => {
    // AbortSignal.timeout runs on the real clock, so this one test does too (for 20 ms).
    vi.useRealTimers()
    fakes.broker.answerToken = (request) =>
      new Promise((_resolve, reject) =>
        request.signal.addEventListener('abort', () => reject(request.signal.reason))
      )
    const tokens = source({ timeout: 20, retries: 0 })
    const error = await tokens.getToken().then(
      () => undefined,
      (caught: KeywardError) => caught
    )
    expect(error?.code).toBe('token_fetch_failed')
    expect(error?.cause).toMatchObject({ name: 'TimeoutError' })
  })

  it('rejects a 2xx without a usable token, without retrying', async () => {
    fakes.broker.answerToken = () => Response.json({ access_token: 't1', expires_in: 0 })
    const tokens = source()
    expect(await codeOf(tokens.getToken())).toBe('invalid_token_response')
    expect(fakes.broker.tokenRequests).toHaveLength(1)
  })

  it('keeps serving a still-valid token when its refresh fails', async () => {
    const tokens = source({ retries: 0 })
    await tokens.getToken()
    fakes.broker.answerToken = () => problem(503, 'upstream_unavailable')
    await fakes.clock.advance(220_000)
    const errors = failuresOf(tokens)
    expect((await tokens.getToken()).accessToken).toBe('t1')
    await vi.advanceTimersByTimeAsync(0)
    expect(errors).toEqual(['token_fetch_failed'])
    expect((await tokens.getToken()).accessToken).toBe('t1')
  })
})

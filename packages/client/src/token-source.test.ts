import { describe, expect, it, vi } from 'vitest'
import { tokenResponse } from './test-support/fake-broker.ts'
import { codeOf, fakeSource, tokensOf, useFakes } from './test-support/fakes.ts'
import type { TokenSourceOptions } from './token-types.ts'

const fakes = useFakes()
const source = (options: Partial<TokenSourceOptions> = {}) => fakeSource(fakes, options)

describe('createTokenSource', () => {
  it('shares one fetch among concurrent callers', async () => {
    const tokens = source()
    const results = await Promise.all(Array.from({ length: 50 }, () => tokens.getToken()))
    expect(new Set(results.map((token) => token.accessToken))).toEqual(new Set(['t1']))
    expect(fakes.broker.tokenRequests).toHaveLength(1)
  })

  it('keeps the token in memory and serves it until its refresh point', async () => {
    const tokens = source()
    await tokens.getToken()
    await fakes.clock.advance(209_000)
    expect((await tokens.getToken()).accessToken).toBe('t1')
    expect(fakes.broker.tokenRequests).toHaveLength(1)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('asks for its scope in a JSON body, with the caller headers (async) and credentials', async () => {
    const tokens = source({
      scope: 'videos:read videos:upload',
      headers: async () => ({ authorization: 'Bearer user-jwt' }),
      credentials: 'include',
    })
    await tokens.getToken()
    const [request] = fakes.broker.tokenRequests as [Request]
    expect(request.method).toBe('POST')
    expect(request.headers.get('authorization')).toBe('Bearer user-jwt')
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(request.credentials).toBe('include')
    expect(await request.json()).toEqual({ scope: 'videos:read videos:upload' })
  })

  it('reports the token with its scope and its expiry on the monotonic clock', async () => {
    const tokens = source()
    const token = await tokens.getToken()
    expect(token).toEqual({ accessToken: 't1', scope: 'videos:read', expiresAt: 1_000 + 300_000 })
  })

  describe('expiry', () => {
    it('measures expiry on the monotonic clock, so a wrong or jumping wall clock changes nothing', async () => {
      vi.setSystemTime(new Date('2099-01-01T00:00:00Z'))
      const tokens = source()
      await tokens.getToken()
      vi.setSystemTime(new Date('1999-01-01T00:00:00Z'))
      await fakes.clock.advance(200_000)
      expect((await tokens.getToken()).accessToken).toBe('t1')
      expect(fakes.broker.tokenRequests).toHaveLength(1)
    })

    it('refreshes at a random point between 70 % and 85 % of the lifetime', async () => {
      const early = source({ random: () => 0 })
      const late = source({ random: () => 0.999 })
      await Promise.all([early.getToken(), late.getToken()])
      await fakes.clock.advance(211_000)
      await Promise.all([early.getToken(), late.getToken()])
      expect(fakes.broker.tokenRequests).toHaveLength(3)
      await fakes.clock.advance(44_000)
      await late.getToken()
      expect(fakes.broker.tokenRequests).toHaveLength(4)
    })

    it('serves the still-valid token while the refresh runs', async () => {
      const tokens = source()
      await tokens.getToken()
      await fakes.clock.advance(220_000)
      const gate = fakes.broker.hold()
      expect((await tokens.getToken()).accessToken).toBe('t1')
      expect(fakes.broker.tokenRequests).toHaveLength(2)
      gate.release()
      await vi.advanceTimersByTimeAsync(0)
      expect((await tokens.getToken()).accessToken).toBe('t2')
    })

    it('waits for a new token once 90 % of the lifetime has passed', async () => {
      const tokens = source()
      await tokens.getToken()
      await fakes.clock.advance(271_000)
      expect((await tokens.getToken()).accessToken).toBe('t2')
    })

    it('treats a sleep that outlived the token as expiry, although the monotonic clock stopped', async () => {
      const tokens = source()
      await tokens.getToken()
      fakes.clock.sleep(3_600_000)
      expect((await tokens.getToken()).accessToken).toBe('t2')
    })
  })

  describe('single flight', () => {
    it('discards the late answer of a superseded fetch', async () => {
      const answers: ((response: Response) => void)[] = []
      fakes.broker.answerToken = () => new Promise((resolve) => answers.push(resolve))
      const tokens = source()
      const first = tokens.getToken()
      await vi.advanceTimersByTimeAsync(0)
      const second = tokens.refresh()
      await vi.advanceTimersByTimeAsync(0)
      answers[1]?.(tokenResponse('new'))
      await vi.advanceTimersByTimeAsync(0)
      answers[0]?.(tokenResponse('old'))
      expect((await first).accessToken).toBe('new')
      expect((await second).accessToken).toBe('new')
      expect((await tokens.getToken()).accessToken).toBe('new')
    })

    it('keeps the newer fetch as the one to join when the superseded one answers first', async () => {
      const answers: ((response: Response) => void)[] = []
      fakes.broker.answerToken = () => new Promise((resolve) => answers.push(resolve))
      const tokens = source()
      const first = tokens.getToken()
      await vi.advanceTimersByTimeAsync(0)
      const second = tokens.refresh()
      await vi.advanceTimersByTimeAsync(0)
      answers[0]?.(tokenResponse('old'))
      await vi.advanceTimersByTimeAsync(0)
      const third = tokens.getToken()
      await vi.advanceTimersByTimeAsync(0)
      answers[1]?.(tokenResponse('new'))
      const results = await Promise.all([first, second, third])
      expect(results.map((token) => token.accessToken)).toEqual(['new', 'new', 'new'])
      expect(fakes.broker.tokenRequests).toHaveLength(2)
    })

    it('lets a caller abort its own wait without cancelling the fetch others share', async () => {
      const gate = fakes.broker.hold()
      const tokens = source()
      const caller = new AbortController()
      const impatient = tokens.getToken({ signal: caller.signal })
      const patient = tokens.getToken()
      await vi.advanceTimersByTimeAsync(0)
      caller.abort()
      await expect(impatient).rejects.toMatchObject({ name: 'AbortError' })
      gate.release()
      expect((await patient).accessToken).toBe('t1')
      expect(fakes.broker.tokenRequests).toHaveLength(1)
      expect(fakes.broker.tokenRequests[0]?.signal.aborted).toBe(false)
    })

    it('rejects at once for a signal that is already aborted', async () => {
      const tokens = source()
      await expect(tokens.getToken({ signal: AbortSignal.abort() })).rejects.toMatchObject({
        name: 'AbortError',
      })
      expect(fakes.broker.tokenRequests).toHaveLength(0)
    })

    it('returns the current token for a rejected older one, without fetching', async () => {
      const tokens = source()
      const old = await tokens.getToken()
      await tokens.refresh()
      expect((await tokens.getToken({ rejected: old.accessToken })).accessToken).toBe('t2')
      expect(fakes.broker.tokenRequests).toHaveLength(2)
    })

    it('fetches once for many callers that report the same rejected token', async () => {
      const tokens = source()
      const { accessToken } = await tokens.getToken()
      const renewed = await Promise.all(
        Array.from({ length: 20 }, () => tokens.getToken({ rejected: accessToken }))
      )
      expect(new Set(renewed.map((token) => token.accessToken))).toEqual(new Set(['t2']))
      expect(fakes.broker.tokenRequests).toHaveLength(2)
    })
  })

  it('shows each new token in its snapshot, with a change event', async () => {
    const tokens = source()
    const seen = tokensOf(tokens)
    await tokens.getToken()
    await tokens.refresh()
    expect(seen.map((token) => token.accessToken)).toEqual(['t1', 't2'])
  })

  it('once disposed, rejects with disposed and drops the answer of a fetch under way', async () => {
    const gate = fakes.broker.hold()
    const tokens = source()
    const seen = tokensOf(tokens)
    const pending = codeOf(tokens.getToken())
    await vi.advanceTimersByTimeAsync(0)
    tokens.dispose()
    gate.release()
    expect(await pending).toBe('disposed')
    expect(await codeOf(tokens.getToken())).toBe('disposed')
    expect(seen).toEqual([])
  })
})

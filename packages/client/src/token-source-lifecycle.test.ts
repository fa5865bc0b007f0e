import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { KeywardError } from './errors.ts'
import { fakeClock } from './test-support/clock.ts'
import { createFakeBroker, type FakeBroker, TOKEN_URL } from './test-support/fake-broker.ts'
import { stubPage } from './test-support/page.ts'
import { createTokenSource } from './token-source.ts'
import type { TokenSourceOptions } from './token-types.ts'

let broker: FakeBroker
let clock: ReturnType<typeof fakeClock>

beforeEach(() => {
  vi.useFakeTimers()
  broker = createFakeBroker()
  clock = fakeClock()
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

// random 0 puts the refresh point at 70 % of the lifetime (210 s of 300 s), and no jitter.
const source = (options: Partial<TokenSourceOptions> = {}) =>
  createTokenSource({
    url: TOKEN_URL,
    fetch: broker.fetch,
    now: clock.now,
    random: () => 0,
    ...options,
  })

const _codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: unknown) => (error instanceof KeywardError ? error.code : String(error))
  )

describe('createTokenSource in a page', () => {
  it('refreshes a due token when the page is shown, comes back online or from the bfcache', async () => {
    const page = stubPage()
    const tokens = source()
    await tokens.getToken()
    for (const [index, type] of ['visibilitychange', 'online', 'pageshow'].entries()) {
      await clock.advance(220_000)
      page.fire(type)
      await vi.advanceTimersByTimeAsync(0)
      expect(broker.tokenRequests).toHaveLength(index + 2)
    }
  })

  it('leaves a hidden page alone, and a fresh token too', async () => {
    const page = stubPage()
    const tokens = source()
    await tokens.getToken()
    page.fire('visibilitychange')
    page.document.hidden = true
    await clock.advance(220_000)
    page.fire('visibilitychange')
    await vi.advanceTimersByTimeAsync(0)
    expect(broker.tokenRequests).toHaveLength(1)
  })

  it('re-checks after a sleep that outlived the token', async () => {
    const page = stubPage()
    const tokens = source()
    await tokens.getToken()
    clock.sleep(3_600_000)
    page.fire('visibilitychange')
    await vi.advanceTimersByTimeAsync(0)
    expect(broker.tokenRequests).toHaveLength(2)
  })

  it('stops listening once disposed', async () => {
    const page = stubPage()
    const tokens = source()
    await tokens.getToken()
    tokens.dispose()
    await clock.advance(220_000)
    page.fire('online')
    await vi.advanceTimersByTimeAsync(0)
    expect(broker.tokenRequests).toHaveLength(1)
  })
})

describe('createTokenSource outside a page', () => {
  it('is inert where there is no page: no listener, no channel, no timer', async () => {
    expect(typeof globalThis.addEventListener).toBe('undefined')
    const tokens = source({ share: true })
    await tokens.getToken()
    expect(vi.getTimerCount()).toBe(0)
    tokens.dispose()
  })
})

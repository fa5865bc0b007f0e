import { describe, expect, it, vi } from 'vitest'
import { openTabChannel } from './tab-channel.ts'
import { fakeSource, useFakes } from './test-support/fakes.ts'
import { stubPage } from './test-support/page.ts'
import type { TokenSourceOptions } from './token-types.ts'

const fakes = useFakes()
const source = (options: Partial<TokenSourceOptions> = {}) => fakeSource(fakes, options)

describe('createTokenSource in a page', () => {
  it('refreshes a due token when the page is shown, comes back online or from the bfcache', async () => {
    const page = stubPage()
    const tokens = source()
    await tokens.getToken()
    for (const [index, type] of ['visibilitychange', 'online', 'pageshow'].entries()) {
      await fakes.clock.advance(220_000)
      page.fire(type)
      await vi.advanceTimersByTimeAsync(0)
      expect(fakes.broker.tokenRequests).toHaveLength(index + 2)
    }
  })

  it('leaves a hidden page alone, and a fresh token too', async () => {
    const page = stubPage()
    const tokens = source()
    await tokens.getToken()
    page.fire('visibilitychange')
    page.document.hidden = true
    await fakes.clock.advance(220_000)
    page.fire('visibilitychange')
    await vi.advanceTimersByTimeAsync(0)
    expect(fakes.broker.tokenRequests).toHaveLength(1)
  })

  it('re-checks after a sleep that outlived the token', async () => {
    const page = stubPage()
    const tokens = source()
    await tokens.getToken()
    fakes.clock.sleep(3_600_000)
    page.fire('visibilitychange')
    await vi.advanceTimersByTimeAsync(0)
    expect(fakes.broker.tokenRequests).toHaveLength(2)
  })

  it('stops listening once disposed', async () => {
    const page = stubPage()
    const tokens = source()
    await tokens.getToken()
    tokens.dispose()
    await fakes.clock.advance(220_000)
    page.fire('online')
    await vi.advanceTimersByTimeAsync(0)
    expect(fakes.broker.tokenRequests).toHaveLength(1)
  })
})

describe('createTokenSource outside a page', () => {
  it('is inert where there is no page: no listener, no channel, no timer', async () => {
    expect(typeof globalThis.addEventListener).toBe('undefined')
    const tokens = source({ share: openTabChannel })
    await tokens.getToken()
    expect(vi.getTimerCount()).toBe(0)
    tokens.dispose()
  })
})

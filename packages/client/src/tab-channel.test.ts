import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { openTabChannel } from './tab-channel.ts'
import {
  createFakeBroker,
  type FakeBroker,
  problem,
  TOKEN_URL,
} from './test-support/fake-broker.ts'
import { stubPage } from './test-support/page.ts'
import { createTokenSource } from './token-source.ts'
import type { TokenSource, TokenSourceOptions } from './token-types.ts'

// Two token sources on one BroadcastChannel name behave as two tabs of one origin. Node delivers
// BroadcastChannel messages on its own event loop, so these tests run on real timers.
let broker: FakeBroker
let tabs: TokenSource[]

beforeEach(() => {
  stubPage()
  broker = createFakeBroker()
  tabs = []
})

afterEach(() => {
  for (const tab of tabs) tab.dispose()
  vi.unstubAllGlobals()
})

// Each tab's monotonic clock starts at its own time origin: `origin` shifts this tab's clock.
const openTab = (
  url = TOKEN_URL,
  origin = 0,
  share: TokenSourceOptions['share'] = openTabChannel
) => {
  const now = () => performance.now() - origin
  const tab = createTokenSource({ url, fetch: broker.fetch, share, now })
  tabs.push(tab)
  return tab
}

// White-box: a tab that holds a token and hands it over `delay` ms after each ticket, as a busy
// tab does.
function openSlowHolder(delay: number) {
  const channel = new BroadcastChannel(`keyward ${TOKEN_URL} undefined`)
  channel.onmessage = ({ data }) => {
    if (typeof data !== 'number') return
    const token = { access_token: 'held', expires_in: 300, age: 0, wall: Date.now() }
    setTimeout(() => channel.postMessage(token), delay)
  }
  return channel
}

describe('sharing tokens between tabs', () => {
  it('hands a fresh token to a tab opened later, which then fetches nothing', async () => {
    const first = openTab()
    expect((await first.getToken()).accessToken).toBe('t1')
    const second = openTab()
    expect((await second.getToken()).accessToken).toBe('t1')
    expect(broker.tokenRequests).toHaveLength(1)
  })

  it('hands a token to a tab whose clock started long after the token was requested', async () => {
    await openTab().getToken()
    const later = openTab(TOKEN_URL, 3_600_000)
    expect((await later.getToken()).accessToken).toBe('t1')
    expect(broker.tokenRequests).toHaveLength(1)
  })

  it('makes one fetch for two tabs that ask at the same moment', async () => {
    const [a, b] = [openTab(), openTab()]
    const [tokenA, tokenB] = await Promise.all([a.getToken(), b.getToken()])
    expect(tokenA.accessToken).toBe(tokenB.accessToken)
    expect(broker.tokenRequests).toHaveLength(1)
  })

  it('makes one fetch for five tabs that ask at the same moment', async () => {
    const all = Array.from({ length: 5 }, () => openTab())
    const tokens = await Promise.all(all.map((tab) => tab.getToken()))
    expect(new Set(tokens.map((token) => token.accessToken)).size).toBe(1)
    expect(broker.tokenRequests).toHaveLength(1)
  })

  it('lets a waiting tab fetch for itself when the fetching tab fails', async () => {
    broker.answerToken = (_request, count) =>
      count === 1
        ? problem(400, 'invalid_request')
        : Response.json({ access_token: 'ok', expires_in: 300 })
    const [a, b] = [openTab(), openTab()]
    const results = await Promise.allSettled([a.getToken(), b.getToken()])
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(broker.tokenRequests).toHaveLength(2)
  })

  it('never takes back from another tab a token that was rejected here', async () => {
    const [a, b] = [openTab(), openTab()]
    const { accessToken } = await a.getToken()
    expect((await b.getToken()).accessToken).toBe(accessToken)
    broker.expire(accessToken)
    expect((await a.getToken({ rejected: accessToken })).accessToken).toBe('t2')
    expect(broker.tokenRequests).toHaveLength(2)
  })

  it('makes refresh() fetch anew rather than take an older token from another tab', async () => {
    const [a, b] = [openTab(), openTab()]
    await a.getToken()
    await b.getToken()
    expect((await b.refresh()).accessToken).toBe('t2')
    expect(broker.tokenRequests).toHaveLength(2)
  })

  it('ignores a token requested before its refresh, however late the message arrives', async () => {
    const tab = openTab()
    await tab.getToken()
    // White-box: another tab's channel, posting a token it requested a second ago.
    const other = new BroadcastChannel(`keyward ${TOKEN_URL} undefined`)
    const refreshed = tab.refresh()
    other.postMessage({ access_token: 'stale', expires_in: 300, age: 0, wall: Date.now() - 1_000 })
    expect((await refreshed).accessToken).toBe('t2')
    other.close()
  })

  it('keeps apart the tabs of different brokers', async () => {
    await openTab().getToken()
    await openTab('https://other-broker.test/v1/token').getToken()
    expect(broker.tokenRequests).toHaveLength(2)
  })

  it('clears a sign-out when another tab signs in again', async () => {
    broker.answerToken = () => problem(401, 'unauthenticated')
    const signedOut = openTab()
    await expect(signedOut.getToken()).rejects.toMatchObject({ code: 'unauthenticated' })
    broker.answerToken = () => Response.json({ access_token: 'again', expires_in: 300 })
    const other = openTab()
    await other.refresh()
    await vi.waitFor(async () => expect((await signedOut.getToken()).accessToken).toBe('again'))
  })
})

describe('the settle option', () => {
  afterEach(() => vi.useRealTimers())

  it('keeps a tab listening for `settle` ms before it may fetch', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const fresh = () => undefined
    const channel = openTabChannel({
      name: 'settle',
      timeout: 10_000,
      fresh,
      adopt() {},
      settle: 300,
    })
    let turned = false
    const turn = channel?.turn().then(() => {
      turned = true
    })
    await vi.advanceTimersByTimeAsync(299)
    expect(turned).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await turn
    expect(turned).toBe(true)
    channel?.close()
  })

  it('listens 100 ms by default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const channel = openTabChannel({
      name: 'default',
      timeout: 10_000,
      fresh: () => undefined,
      adopt() {},
    })
    let turned = false
    channel?.turn().then(() => {
      turned = true
    })
    await vi.advanceTimersByTimeAsync(99)
    expect(turned).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(turned).toBe(true)
    channel?.close()
  })

  it('takes the token of a tab that answers late, when the window is long enough', async () => {
    const slow = openSlowHolder(200)
    const tab = openTab(TOKEN_URL, 0, (options) => openTabChannel({ ...options, settle: 2_000 }))
    expect((await tab.getToken()).accessToken).toBe('held')
    expect(broker.tokenRequests).toHaveLength(0)
    slow.close()
  })

  it('fetches a token of its own when the answer comes after the default window', async () => {
    const slow = openSlowHolder(200)
    expect((await openTab().getToken()).accessToken).toBe('t1')
    expect(broker.tokenRequests).toHaveLength(1)
    slow.close()
  })

  it('refuses a settle out of range with invalid_options', () => {
    for (const settle of [-1, 2 ** 31, Number.NaN]) {
      const share = (options: Parameters<typeof openTabChannel>[0]) =>
        openTabChannel({ ...options, settle })
      expect(() => createTokenSource({ url: TOKEN_URL, fetch: broker.fetch, share })).toThrow(
        expect.objectContaining({ code: 'invalid_options' })
      )
    }
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAuthFetch } from '../auth-fetch.ts'
import { openTabChannel } from '../tab-channel.ts'
import {
  BROKER,
  createFakeDpopBroker,
  type FakeDpopBroker,
  TOKEN_URL,
} from '../test-support/fake-dpop-broker.ts'
import { stubPage } from '../test-support/page.ts'
import { createTokenSource } from '../token-source.ts'
import type { TokenSource } from '../token-types.ts'
import { createDpopFetch, type DpopFetch } from './dpop-fetch.ts'
import { createDpopKey } from './key.ts'

// Two token sources, each with its own DPoP fetch and key, on one BroadcastChannel name behave as
// two tabs of one origin. Node delivers BroadcastChannel messages on its own event loop, so these
// tests run on real timers.
const VIDEOS = `${BROKER}/v1/api/videos`
let broker: FakeDpopBroker
let sources: TokenSource[]

beforeEach(() => {
  stubPage()
  broker = createFakeDpopBroker()
  sources = []
})

afterEach(() => {
  for (const source of sources) source.dispose()
  vi.unstubAllGlobals()
})

async function openTab(dpopShare = true) {
  const key = await createDpopKey()
  const dpop: DpopFetch = createDpopFetch({ key, origins: [BROKER], fetch: broker.fetch })
  const share = dpopShare ? dpop.share(openTabChannel) : openTabChannel
  const tokens = createTokenSource({ url: TOKEN_URL, fetch: dpop, share })
  sources.push(tokens)
  return { key, dpop, tokens, api: createAuthFetch({ tokens, fetch: dpop }) }
}

describe('DPoP tokens shared between tabs', () => {
  it("hands the token over with its key: the second tab signs with the first tab's key", async () => {
    const first = await openTab()
    await first.tokens.getToken()
    const second = await openTab()
    expect((await second.tokens.getToken()).accessToken).toBe('d1')
    expect(second.dpop.keyOf('d1')?.jwk).toEqual(first.key.jwk)
    expect(second.dpop.keyOf('d1')?.privateKey.extractable).toBe(false)

    expect((await second.api(VIDEOS)).status).toBe(200)
    expect(broker.seen.map((seen) => seen.path)).toEqual(['/v1/token', '/v1/api/videos'])
    expect(broker.seen[1]?.proof?.jkt).toBe(broker.boundTo.get('d1'))
  })

  it('binds the second tab’s own later tokens to its own key', async () => {
    const first = await openTab()
    await first.tokens.getToken()
    const second = await openTab()
    await second.tokens.getToken()
    const { accessToken } = await second.tokens.refresh()
    expect(accessToken).toBe('d2')
    expect(second.dpop.keyOf('d2')).toBe(second.key)
    expect((await second.api(VIDEOS)).status).toBe(200)
    expect(broker.seen.at(-1)?.proof?.jkt).toBe(broker.boundTo.get('d2'))
  })

  it('does not hand DPoP tokens to a tab that shares without the DPoP wrapper', async () => {
    const first = await openTab()
    await first.tokens.getToken()
    const plain = await openTab(false)
    expect((await plain.tokens.getToken()).accessToken).toBe('d2')
  })
})

import { calculateJwkThumbprint, decodeJwt } from 'jose'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApi } from '../api.ts'
import { createAuthFetch } from '../auth-fetch.ts'
import {
  BROKER,
  createFakeDpopBroker,
  type FakeDpopBroker,
  TOKEN_URL,
} from '../test-support/fake-dpop-broker.ts'
import { createTokenSource } from '../token-source.ts'
import type { TokenSource } from '../token-types.ts'
import { getUploadToken } from '../upload-token.ts'
import { createDpopFetch, type DpopFetch, type DpopFetchOptions } from './dpop-fetch.ts'
import { createDpopKey, type DpopKey } from './key.ts'

const NOW = Date.UTC(2026, 10, 30, 4, 0, 0)
const VIDEOS = `${BROKER}/v1/api/videos`

let broker: FakeDpopBroker
let dpop: DpopFetch
let tokens: TokenSource

const thumbprint = (key: DpopKey) => calculateJwkThumbprint(key.jwk, 'sha256')

function setUp(options: DpopFetchOptions = {}) {
  dpop = createDpopFetch({ origins: [BROKER], fetch: broker.fetch, now: () => NOW, ...options })
  tokens = createTokenSource({ url: TOKEN_URL, fetch: dpop })
}

beforeEach(() => {
  broker = createFakeDpopBroker()
  setUp()
})

afterEach(() => {
  tokens.dispose()
  vi.unstubAllGlobals()
})

describe('createDpopFetch', () => {
  it('signs the token request, and the broker binds the token to that key', async () => {
    const key = await createDpopKey()
    setUp({ key })
    const { accessToken } = await tokens.getToken()
    const [request] = broker.seen
    expect(request?.proof).toMatchObject({ htm: 'POST', htu: TOKEN_URL, iat: NOW / 1000 })
    expect(request?.proof?.ath).toBeUndefined()
    expect(broker.boundTo.get(accessToken)).toBe(await thumbprint(key))
    expect(dpop.keyOf(accessToken)).toBe(key)
  })

  it('sends a bound token as Authorization: DPoP, with a proof of the same key bound to it', async () => {
    const api = createAuthFetch({ tokens, fetch: dpop })
    const response = await api(`${VIDEOS}?currentPage=2`)
    expect(response.status).toBe(200)
    const [token, call] = broker.seen
    expect(call?.authorization).toBe('DPoP d1')
    expect(call?.proof).toMatchObject({ htm: 'GET', htu: VIDEOS, ath: expect.any(String) })
    expect(call?.proof?.jkt).toBe(token?.proof?.jkt)
    expect(call?.proof?.jti).not.toBe(token?.proof?.jti)
  })

  it('makes one key on first use when none is given, and signs every proof with it', async () => {
    const api = createAuthFetch({ tokens, fetch: dpop })
    await api(VIDEOS)
    await api(VIDEOS, { method: 'DELETE' })
    const thumbprints = new Set(broker.seen.map((seen) => seen.proof?.jkt))
    expect(thumbprints.size).toBe(1)
    expect([...thumbprints][0]).toBe(await thumbprint(dpop.keyOf('d1') as DpopKey))
  })

  it('takes a promise of a key', async () => {
    const key = createDpopKey()
    setUp({ key })
    await tokens.getToken()
    expect(broker.seen[0]?.proof?.jkt).toBe(await thumbprint(await key))
  })

  it('leaves the authorization of the token request alone: a session token stays Bearer', async () => {
    tokens = createTokenSource({
      url: TOKEN_URL,
      headers: { authorization: 'Bearer session-id-token' },
      fetch: dpop,
    })
    await tokens.getToken()
    expect(broker.seen[0]?.authorization).toBe('Bearer session-id-token')
    expect(broker.seen[0]?.proof?.ath).toBeUndefined()
  })

  it('sends nothing extra to other origins', async () => {
    const seen: Request[] = []
    const other = createDpopFetch({
      origins: [BROKER],
      fetch: async (request) => {
        seen.push(request)
        return new Response('ok')
      },
    })
    await other('https://cdn.example/thumbnail.jpg', { headers: { authorization: 'Bearer x' } })
    expect(seen[0]?.headers.get('dpop')).toBeNull()
    expect(seen[0]?.headers.get('authorization')).toBe('Bearer x')
  })

  it("signs for the page's own origin by default", async () => {
    vi.stubGlobal('location', new URL(`${BROKER}/app/`))
    setUp({ origins: undefined })
    await tokens.getToken()
    expect(broker.seen[0]?.proof?.htu).toBe(TOKEN_URL)
  })

  it('keeps a token the broker did not bind as Bearer', async () => {
    broker.bearer = true
    const api = createAuthFetch({ tokens, fetch: dpop })
    expect((await api(VIDEOS)).status).toBe(200)
    expect(broker.seen[1]?.authorization).toBe('Bearer d1')
    expect(dpop.keyOf('d1')).toBeUndefined()
  })

  it('signs each request for its exact method and URL, query and fragment left out', async () => {
    const api = createApi({ tokens, prefix: `${BROKER}/v1/api`, fetch: dpop, retry: 0 })
    await api.patch('videos/vi1', { json: { title: 'Renamed' }, searchParams: { x: '1' } }).json()
    expect(broker.seen[1]?.proof).toMatchObject({ htm: 'PATCH', htu: `${VIDEOS}/vi1` })
    expect(broker.seen[1]?.body).toBe('{"title":"Renamed"}')
  })

  it('gets an upload token with a proof', async () => {
    const upload = await getUploadToken({ tokens, fetch: dpop })
    expect(upload.token).toBe('to1')
    expect(broker.seen[1]).toMatchObject({ method: 'POST', path: '/v1/upload-token' })
    expect(broker.seen[1]?.authorization).toBe('DPoP d1')
  })
})

describe('server nonces', () => {
  it('retries an API call once on use_dpop_nonce, with the nonce and the same body', async () => {
    await tokens.getToken()
    broker.nonce = 'n-1'
    const api = createAuthFetch({ tokens, fetch: dpop })
    const response = await api(VIDEOS, { method: 'POST', body: '{"title":"Holidays"}' })
    expect(response.status).toBe(200)
    const calls = broker.seen.slice(1)
    expect(calls.map((seen) => seen.proof?.nonce)).toEqual([undefined, 'n-1'])
    expect(calls.map((seen) => seen.body)).toEqual(['{"title":"Holidays"}', '{"title":"Holidays"}'])
    expect(calls[0]?.proof?.jti).not.toBe(calls[1]?.proof?.jti)
  })

  it('retries the token request once on a 400 use_dpop_nonce', async () => {
    broker.nonce = 'n-1'
    await tokens.getToken()
    expect(broker.seen.map((seen) => seen.proof?.nonce)).toEqual([undefined, 'n-1'])
  })

  it("sends the origin's last nonce up front, with no round trip to learn it again", async () => {
    broker.nonce = 'n-1'
    const api = createAuthFetch({ tokens, fetch: dpop })
    await api(VIDEOS)
    expect(broker.seen.map((seen) => seen.proof?.nonce)).toEqual([undefined, 'n-1', 'n-1'])
  })

  it('retries only once when the broker keeps asking for a new nonce', async () => {
    let count = 0
    const seen: Request[] = []
    const stubborn = createDpopFetch({
      origins: [BROKER],
      fetch: async (request) => {
        seen.push(request)
        return new Response(null, {
          status: 401,
          headers: {
            'dpop-nonce': `n-${++count}`,
            'www-authenticate': 'DPoP error="use_dpop_nonce"',
          },
        })
      },
    })
    expect((await stubborn(VIDEOS)).status).toBe(401)
    expect(seen).toHaveLength(2)
  })

  it('does not retry an error that brings no new nonce', async () => {
    broker.nonce = 'n-1'
    await tokens.getToken()
    broker.expire('d1')
    const before = broker.seen.length
    await dpop(VIDEOS, { headers: { authorization: 'Bearer d1' } })
    expect(broker.seen.length - before).toBe(1)
  })
})

describe('with the retry on a rejected token', () => {
  it('renews an expired token, binds the new one and retries once with a fresh proof', async () => {
    const api = createAuthFetch({ tokens, fetch: dpop })
    await api(VIDEOS)
    broker.expire('d1')
    const response = await api(VIDEOS)
    expect(response.status).toBe(200)
    const paths = broker.seen.map((seen) => `${seen.path} ${seen.authorization ?? ''}`.trim())
    expect(paths).toEqual([
      '/v1/token',
      '/v1/api/videos DPoP d1',
      '/v1/api/videos DPoP d1',
      '/v1/token',
      '/v1/api/videos DPoP d2',
    ])
    expect(broker.boundTo.get('d2')).toBe(broker.boundTo.get('d1'))
  })

  it('handles a nonce challenge and an expired token in one call', async () => {
    const api = createAuthFetch({ tokens, fetch: dpop })
    await api(VIDEOS)
    broker.expire('d1')
    broker.nonce = 'n-2'
    expect((await api(VIDEOS)).status).toBe(200)
    expect(broker.seen.at(-1)).toMatchObject({ authorization: 'DPoP d2' })
    expect(broker.seen.at(-1)?.proof?.nonce).toBe('n-2')
  })
})

describe("a device clock far from the broker's", () => {
  const TEN_MINUTES = 10 * 60_000

  /**
   * A broker that refuses every proof with `error`, its answer dated `date` when given, and a DPoP
   * fetch whose clock reads `device`.
   */
  function refusing({ date, error = 'invalid_dpop_proof', device = NOW }: RefusingOptions) {
    const seen: Request[] = []
    const fetch = async (request: Request) => {
      seen.push(request)
      return new Response(null, {
        status: 401,
        headers: {
          'www-authenticate': `DPoP error="${error}", algs="ES256"`,
          ...(date === undefined ? {} : { date: new Date(date).toUTCString() }),
        },
      })
    }
    return { seen, dpop: createDpopFetch({ origins: [BROKER], fetch, now: () => device }) }
  }
  interface RefusingOptions {
    date: number | undefined
    error?: string
    device?: number
  }
  const iatOf = (request: Request | undefined) =>
    decodeJwt(request?.headers.get('dpop') ?? '').iat as number

  it("dates proofs on the broker's clock once a refusal of the token request shows it, retrying that call once", async () => {
    broker.clock = NOW + TEN_MINUTES
    const api = createAuthFetch({ tokens, fetch: dpop })
    expect((await api(VIDEOS)).status).toBe(200)
    expect((await api(VIDEOS)).status).toBe(200)
    const brokerSeconds = (NOW + TEN_MINUTES) / 1000
    // The token request is refused once; every later proof is on the broker's clock.
    expect(broker.seen.map((seen) => [seen.path, seen.proof?.iat])).toEqual([
      ['/v1/token', NOW / 1000],
      ['/v1/token', brokerSeconds],
      ['/v1/api/videos', brokerSeconds],
      ['/v1/api/videos', brokerSeconds],
    ])
  })

  it('learns a slow broker clock too, at an API call, and sends the call again with the same token', async () => {
    const { accessToken } = await tokens.getToken()
    broker.clock = NOW - TEN_MINUTES
    const api = createAuthFetch({ tokens, fetch: dpop })
    expect((await api(VIDEOS)).status).toBe(200)
    expect(broker.seen.slice(1).map((seen) => [seen.authorization, seen.proof?.iat])).toEqual([
      [`DPoP ${accessToken}`, NOW / 1000],
      [`DPoP ${accessToken}`, (NOW - TEN_MINUTES) / 1000],
    ])
  })

  it('learns it from a nonce challenge too, so one retry brings both the nonce and the clock', async () => {
    broker.nonce = 'n-1'
    broker.clock = NOW + TEN_MINUTES
    const { accessToken } = await tokens.getToken()
    expect(broker.boundTo.has(accessToken)).toBe(true)
    expect(broker.seen.map((seen) => [seen.proof?.nonce, seen.proof?.iat])).toEqual([
      [undefined, NOW / 1000],
      ['n-1', (NOW + TEN_MINUTES) / 1000],
    ])
  })

  it('retries only once when the broker keeps refusing', async () => {
    const { seen, dpop: stubborn } = refusing({ date: NOW + TEN_MINUTES })
    expect((await stubborn(VIDEOS)).status).toBe(401)
    expect(seen.map(iatOf)).toEqual([NOW / 1000, (NOW + TEN_MINUTES) / 1000])
  })

  it('does not retry a refusal dated on its own clock, to the whole second, or not dated', async () => {
    // Date counts whole seconds: 900 ms past NOW on the device is NOW in the broker's Date.
    for (const date of [NOW, NOW + 1000, undefined]) {
      const { seen, dpop: refused } = refusing({ date, device: NOW + 900 })
      expect((await refused(VIDEOS)).status).toBe(401)
      expect(seen).toHaveLength(1)
    }
  })

  it('takes no clock from a refusal of the token rather than the proof', async () => {
    const { seen, dpop: refused } = refusing({ date: NOW + TEN_MINUTES, error: 'invalid_token' })
    await refused(VIDEOS)
    await refused(VIDEOS)
    expect(seen.map(iatOf)).toEqual([NOW / 1000, NOW / 1000])
  })
})

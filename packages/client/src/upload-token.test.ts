import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { fakeClock } from './test-support/clock.ts'
import {
  BROKER,
  createFakeBroker,
  type FakeBroker,
  problem,
  TOKEN_URL,
} from './test-support/fake-broker.ts'
import { createTokenSource } from './token-source.ts'
import type { TokenSource } from './token-types.ts'
import { getUploadToken } from './upload-token.ts'

let broker: FakeBroker
let tokens: TokenSource

beforeEach(() => {
  vi.useFakeTimers()
  broker = createFakeBroker()
  tokens = createTokenSource({ url: TOKEN_URL, fetch: broker.fetch, now: fakeClock().now })
})

afterEach(() => {
  vi.useRealTimers()
})

describe('getUploadToken', () => {
  it('posts to the upload-token endpoint next to the token URL, with the broker token', async () => {
    const upload = await getUploadToken({ tokens, fetch: broker.fetch })
    expect(upload).toEqual({
      token: 'upload-t1',
      ttl: 600,
      expiresAt: '2030-01-01T00:10:00+00:00',
      apiHost: 'sandbox.api.video',
    })
    const [call] = broker.apiRequests
    expect([call?.request.method, call?.request.url, call?.token]).toEqual([
      'POST',
      `${BROKER}/v1/upload-token`,
      't1',
    ])
  })

  it('renews a rejected broker token once', async () => {
    await tokens.getToken()
    broker.expire('t1')
    const upload = await getUploadToken({ tokens, fetch: broker.fetch })
    expect(upload.token).toBe('upload-t2')
  })

  it('rejects with a KeywardError carrying the problem when the token lacks the upload scope', async () => {
    const fetch = async (request: Request) =>
      new URL(request.url).pathname === '/v1/upload-token'
        ? problem(403, 'insufficient_scope', {
            'www-authenticate': 'Bearer error="insufficient_scope", scope="videos:upload"',
          })
        : broker.fetch(request)
    const error = await getUploadToken({ tokens, fetch }).catch((caught: unknown) => caught)
    expect(error).toMatchObject({
      name: 'KeywardError',
      code: 'request_failed',
      status: 403,
      problem: { code: 'insufficient_scope' },
    })
  })

  it('takes an explicit endpoint', async () => {
    await getUploadToken({ tokens, fetch: broker.fetch, url: `${BROKER}/v1/upload-token?ttl=60` })
    expect(broker.apiRequests[0]?.request.url).toBe(`${BROKER}/v1/upload-token?ttl=60`)
  })

  it('sends no body unless a title or a ttl is given', async () => {
    await getUploadToken({ tokens, fetch: broker.fetch })
    expect(broker.apiRequests[0]?.body).toBe('')
  })

  it('sends the title and ttl as JSON, and returns the videoId a broker in ownership mode creates', async () => {
    const fetch = async (request: Request) => {
      const response = await broker.fetch(request)
      if (new URL(request.url).pathname !== '/v1/upload-token' || !response.ok) return response
      return Response.json({ ...(await response.json()), videoId: 'vi4blUQJFrYWbaG44NChkH27' })
    }
    const upload = await getUploadToken({ tokens, fetch, title: 'Holiday', ttl: 120 })
    const [call] = broker.apiRequests

    expect(upload.videoId).toBe('vi4blUQJFrYWbaG44NChkH27')
    expect(call?.request.headers.get('content-type')).toContain('application/json')
    expect(JSON.parse(call?.body ?? '')).toEqual({ title: 'Holiday', ttl: 120 })
  })
})

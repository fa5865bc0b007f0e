import { describe, expect, it } from 'vitest'
import { createBroker } from '../broker.ts'
import { BrokerError } from '../errors.ts'
import { serve } from '../node/serve.ts'
import { expectProblem, quiet } from '../test-support/answers.ts'
import {
  createHarness,
  createVideo,
  type Harness,
  ORIGIN,
  signingJwk,
} from '../test-support/harness.ts'
import { loopbackServer } from '../test-support/loopback-server.ts'
import { createVaultCore } from '../vault/core.ts'
import { createMemoryVaultStorage } from '../vault/storage.ts'

// The findings of the outside security review about the hosts and api.video, one describe block
// each (the others are in security-review.test.ts); docs/reliability.md quotes these names.

describe('redirects from upstream are followed', () => {
  /** api.video's stand-in answers `/auth/api-key` (or, once it gave a token, every call) with a redirect. */
  async function redirectingApi(status: number, redirectAuth: boolean) {
    const foreign = await loopbackServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"access_token":"foreign","expires_in":3600,"data":[]}')
    })
    const api = await loopbackServer((request, res) => {
      if (request.path === '/auth/api-key' && !redirectAuth) {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end('{"access_token":"at","refresh_token":"rt","expires_in":3600}')
        return
      }
      res.writeHead(status, { location: `${foreign.url}/collect${request.path}` })
      res.end()
    })
    const broker = createBroker({
      apiKey: 'the-api-key',
      apiBaseUrl: api.url,
      allowedOrigins: [ORIGIN],
      signingKey: await signingJwk('k1'),
      anonymousScopes: ['videos:read', 'videos:upload'],
      rateLimit: false,
      proxyRateLimit: false,
      logger: quiet,
    })
    const close = async () => {
      await api.close()
      await foreign.close()
    }
    return { api, foreign, broker, close }
  }

  async function brokerToken(broker: ReturnType<typeof createBroker>): Promise<string> {
    const res = await broker.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
    return ((await res.json()) as { access_token: string }).access_token
  }

  it.each([307, 308])(
    'never resends the API key where a %i from /auth/api-key points',
    async (status) => {
      const { api, foreign, broker, close } = await redirectingApi(status, true)
      try {
        const token = await brokerToken(broker)
        const headers = { origin: ORIGIN, authorization: `Bearer ${token}` }
        const res = await broker.request('/v1/api/videos', { headers })
        await expectProblem(res, 503, 'upstream_unavailable')
        expect(api.received.map((call) => call.path)).toContain('/auth/api-key')
        expect(foreign.received).toEqual([])
      } finally {
        await close()
      }
    }
  )

  it.each([
    ['a proxied read', '/v1/api/videos', 'GET'],
    ['an upload token', '/v1/upload-token', 'POST'],
  ])(
    'answers 502 upstream_redirect to %s that api.video redirects, relaying nothing',
    async (_, path, method) => {
      const { foreign, broker, close } = await redirectingApi(302, false)
      try {
        const token = await brokerToken(broker)
        const headers = { origin: ORIGIN, authorization: `Bearer ${token}` }
        await expectProblem(
          await broker.request(path, { method, headers }),
          502,
          'upstream_redirect'
        )
        expect(foreign.received).toEqual([])
      } finally {
        await close()
      }
    }
  )

  it.each(['http://ws.api.video', 'http://10.0.0.8:8080', 'ftp://127.0.0.1'])(
    'refuses to start with the base URL %s: https, or http on loopback only',
    async (apiBaseUrl) => {
      const options = {
        apiKey: 'the-api-key',
        apiBaseUrl,
        allowedOrigins: [ORIGIN],
        signingKey: await signingJwk('k1'),
      }
      const refusals = [
        () => createBroker(options),
        () =>
          createVaultCore({
            apiKey: 'the-api-key',
            apiBaseUrl,
            storage: createMemoryVaultStorage(),
          }),
      ]
      for (const start of refusals) {
        expect(start).toThrow(BrokerError)
        expect(start).toThrow(
          expect.objectContaining({
            code: 'invalid_config',
            message: expect.stringContaining('apiBaseUrl'),
          })
        )
      }
    }
  )

  it.each([
    'https://sandbox.api.video',
    'http://127.0.0.1:8081',
    'http://127.9.8.7',
    'http://localhost:8081',
    'http://[::1]:8081',
  ])('starts with the base URL %s', async (apiBaseUrl) => {
    const signingKey = await signingJwk('k1')
    expect(() =>
      createBroker({ apiKey: 'k', apiBaseUrl, allowedOrigins: [], signingKey })
    ).not.toThrow()
  })
})

describe('the client address is spoofable off Workers', () => {
  it('refuses to start, naming clientIp, when anonymous callers are rate limited and no clientIp says where the address comes from', async () => {
    const options = {
      apiKey: 'the-api-key',
      allowedOrigins: [ORIGIN],
      signingKey: await signingJwk('k1'),
      anonymousScopes: ['videos:read' as const],
    }
    const start = () => createBroker(options)
    expect(start).toThrow(
      expect.objectContaining({
        code: 'invalid_config',
        message: expect.stringContaining('clientIp'),
      })
    )
    // Without anonymous rate limiting there is no address to know.
    expect(() =>
      createBroker({ ...options, rateLimit: false, proxyRateLimit: false })
    ).not.toThrow()
    expect(() => createBroker({ ...options, rateLimit: false })).toThrow(/clientIp/)
    expect(() => createBroker({ ...options, anonymousScopes: [] })).not.toThrow()
    const clientIp = (request: Request) => request.headers.get('x-real-ip')
    expect(() => createBroker({ ...options, clientIp })).not.toThrow()
  })

  it('rate limits anonymous callers of the Node entry by their socket, whatever CF-Connecting-IP says', async () => {
    const h = await createHarness()
    const serving = await serve({
      port: 0,
      env: {
        APIVIDEO_API_KEY: h.emulator.apiKey,
        KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('node')),
        APIVIDEO_BASE_URL: 'https://apivideo.test',
        ALLOWED_ORIGINS: ORIGIN,
        ANONYMOUS_SCOPES: 'videos:read',
        RATE_LIMIT_REQUESTS: '3',
      },
      broker: { fetch: h.upstreamFetch, logger: quiet },
    })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 5; i++) {
        const res = await fetch(`${serving.url}/v1/token`, {
          method: 'POST',
          headers: { origin: ORIGIN, 'cf-connecting-ip': `203.0.113.${i}` },
        })
        statuses.push(res.status)
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429])
    } finally {
      await serving.close()
    }
  })
})

/** Sends a call straight to the emulator, with Basic auth as api.video's Node client does. */
async function upstream(h: Harness, path: string, body: FormData | object) {
  const json = !(body instanceof FormData)
  const res = await h.emulator.fetch(path, {
    method: 'POST',
    headers: {
      authorization: `Basic ${btoa(`${h.emulator.apiKey}:`)}`,
      ...(json ? { 'content-type': 'application/json' } : {}),
    },
    body: json ? JSON.stringify(body) : body,
  })
  if (!res.ok) throw new Error(`POST ${path} failed: ${res.status}`)
  return (await res.json()) as Record<string, string>
}

/** A WebVTT file for `/videos/{videoId}/captions/{language}` and `…/chapters/{language}`. */
function vttForm(): FormData {
  const form = new FormData()
  form.append('file', new Blob(['WEBVTT\n\n00:01.000 --> 00:04.000\n- Hello.\n']), 'en.vtt')
  return form
}

/** Resources other than a video whose DELETE api.video can be asked about (`GET`, same path). */
const readableResources: [string, (h: Harness) => Promise<string>][] = [
  [
    'a live stream',
    async (h) =>
      `/live-streams/${(await upstream(h, '/live-streams', { name: 'Live' })).liveStreamId}`,
  ],
  ['a player theme', async (h) => `/players/${(await upstream(h, '/players', {})).playerId}`],
  ...(['captions', 'chapters'] as const).map((kind): [string, (h: Harness) => Promise<string>] => [
    `a video's ${kind} file`,
    async (h) => {
      const path = `/videos/${await createVideo(h)}/${kind}/en`
      await upstream(h, path, vttForm())
      return path
    },
  ]),
]

describe('a lost DELETE answer becomes a false 404 on Workers', () => {
  it('answers 204 when api.video deleted the video but the answer was dropped, and never deletes twice', async () => {
    const h = await createHarness()
    const token = await h.token()
    const videoId = await createVideo(h)
    h.emulator.faults.add({ kind: 'drop', method: 'DELETE', path: `/videos/${videoId}`, times: 1 })
    const res = await h.api(`/videos/${videoId}`, token, { method: 'DELETE' })
    expect(res.status).toBe(204)
    const deletes = h.apiCalls().filter((call) => call.method === 'DELETE')
    expect(deletes).toHaveLength(1)
    expect(h.emulator.stats().dropped).toBe(1)
  })

  it('answers 204, not 404, when the runtime resends the DELETE after a drop, as workerd does over a socket', async () => {
    let inner: typeof fetch = fetch
    // workerd sends an idempotent request again when the connection drops before the answer.
    const resending = (async (input: RequestInfo | URL, init?: RequestInit) => {
      try {
        return await inner(input, init)
      } catch (error) {
        if (init?.method !== 'DELETE') throw error
        return inner(input, init)
      }
    }) as typeof fetch
    const h = await createHarness({ broker: { fetch: resending } })
    inner = h.upstreamFetch
    const token = await h.token()
    const videoId = await createVideo(h)
    h.emulator.faults.add({ kind: 'drop', method: 'DELETE', path: `/videos/${videoId}`, times: 1 })
    const res = await h.api(`/videos/${videoId}`, token, { method: 'DELETE' })
    expect(h.emulator.stats().routes['DELETE /videos/{videoId}']).toEqual({ '204': 1, '404': 1 })
    expect(res.status).toBe(204)
  })

  it.each(readableResources)(
    'answers 204 when api.video deleted %s but the answer was dropped, and never deletes twice',
    async (_, create) => {
      const h = await createHarness()
      const token = await h.token()
      const path = await create(h)
      h.emulator.faults.add({ kind: 'drop', method: 'DELETE', path, times: 1 })
      const res = await h.api(path, token, { method: 'DELETE' })
      expect(res.status).toBe(204)
      expect(h.apiCalls().map((call) => call.method)).toEqual(['GET', 'DELETE', 'GET'])
      expect((await h.api(path, token)).status).toBe(404)
    }
  )

  it('still answers 404 for a video that never existed, sending no DELETE', async () => {
    const h = await createHarness()
    const token = await h.token()
    const missing = await h.api('/videos/vi0000000000000000000000', token, { method: 'DELETE' })
    await expectProblem(missing, 404, 'upstream_rejected')
    expect(h.apiCalls().map((call) => call.method)).toEqual(['GET'])
  })
})

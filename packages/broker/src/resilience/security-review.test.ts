import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createBroker } from '../broker.ts'
import { BrokerError } from '../errors.ts'
import { serve } from '../node/serve.ts'
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

// The findings of an outside security review of the broker, one describe block each; the rows of
// docs/reliability.md ("Found by the security review") quote these names.

/** A JSON object whose `metadata` nests `depth` arrays: about 2 bytes per level. */
const nested = (depth: number) =>
  `{"title":"deep","metadata":${'['.repeat(depth)}${']'.repeat(depth)}}`

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  expect(await res.json()).toMatchObject({ status, code })
}

async function expectNothingForwarded(h: Harness) {
  await h.settle()
  expect(h.apiCalls()).toEqual([])
  expect(h.emulator.stats().routes).not.toHaveProperty('POST /videos')
}

describe('a deeply nested JSON body is a 400, not a 500', () => {
  it('answers 400 json_too_deep to 5,000 nested arrays on every JSON route, forwarding nothing', async () => {
    const h = await createHarness()
    const token = await h.token()
    const json = { 'content-type': 'application/json' }
    const auth = { ...json, origin: ORIGIN, authorization: `Bearer ${token}` }
    const answers = [
      await h.api('/videos', token, { method: 'POST', body: nested(5000) }),
      // The token routes' own size limits (4 KiB, 1 KiB) come first: these fit under them.
      await h.request('/v1/token', {
        method: 'POST',
        headers: { ...json, origin: ORIGIN },
        body: nested(1500),
      }),
      await h.request('/v1/upload-token', { method: 'POST', headers: auth, body: nested(400) }),
    ]
    for (const res of answers) await expectProblem(res, 400, 'json_too_deep')
    await expectNothingForwarded(h)
  })

  it('counts only brackets outside strings, and lets 32 levels through', async () => {
    const h = await createHarness()
    const headers = { origin: ORIGIN, 'content-type': 'application/json' }
    const deepest = `{"a":${'['.repeat(31)}${']'.repeat(31)}}`
    const quoted = `{"a":"${'[{'.repeat(500)}\\"${'['.repeat(100)}"}`
    for (const body of [deepest, quoted]) {
      expect((await h.request('/v1/token', { method: 'POST', headers, body })).status).toBe(200)
    }
    const tooDeep = `{"a":${'['.repeat(32)}${']'.repeat(32)}}`
    const res = await h.request('/v1/token', { method: 'POST', headers, body: tooDeep })
    await expectProblem(res, 400, 'json_too_deep')
  })

  it('answers the same 400 on the Node entry, over a real socket', async () => {
    const h = await createHarness()
    const serving = await serve({
      port: 0,
      env: {
        APIVIDEO_API_KEY: h.emulator.apiKey,
        KEYWARD_SIGNING_KEY: JSON.stringify(await signingJwk('node')),
        APIVIDEO_BASE_URL: 'https://apivideo.test',
        ALLOWED_ORIGINS: ORIGIN,
        ANONYMOUS_SCOPES: 'videos:write',
      },
      broker: { fetch: h.upstreamFetch, logger: quiet },
    })
    try {
      const minted = await fetch(`${serving.url}/v1/token`, {
        method: 'POST',
        headers: { origin: ORIGIN },
      })
      const { access_token } = (await minted.json()) as { access_token: string }
      const res = await fetch(`${serving.url}/v1/api/videos`, {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          authorization: `Bearer ${access_token}`,
          'content-type': 'application/json',
        },
        body: nested(5000),
      })
      await expectProblem(res, 400, 'json_too_deep')
      await expectNothingForwarded(h)
    } finally {
      await serving.close()
    }
  })
})

describe('a token works from any allowed origin', () => {
  const OTHER = 'https://admin.example.com'

  it('refuses a token minted for one allowed origin when it comes from another: 403 origin_mismatch', async () => {
    const h = await createHarness({ broker: { allowedOrigins: [ORIGIN, OTHER] } })
    const token = await h.token()
    const from = (origin: string) => ({ origin, authorization: `Bearer ${token}` })
    const answers = [
      await h.request('/v1/api/videos', { headers: from(OTHER) }),
      await h.request('/v1/upload-token', { method: 'POST', headers: from(OTHER) }),
    ]
    for (const res of answers) await expectProblem(res, 403, 'origin_mismatch')
    await h.settle()
    expect(h.apiCalls()).toEqual([])
  })

  it('still serves the origin the token was minted for, and callers that send no Origin', async () => {
    const h = await createHarness({ broker: { allowedOrigins: [ORIGIN, OTHER] } })
    const token = await h.token()
    expect((await h.api('/videos', token)).status).toBe(200)
    const bare = await h.request('/v1/api/videos', {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(bare.status).toBe(200)
  })
})

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
    expect(() => createBroker({ ...options, rateLimit: false })).not.toThrow()
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

  it('still answers 404 for a video that never existed, sending no DELETE', async () => {
    const h = await createHarness()
    const token = await h.token()
    const missing = await h.api('/videos/vi0000000000000000000000', token, { method: 'DELETE' })
    await expectProblem(missing, 404, 'upstream_rejected')
    expect(h.apiCalls().map((call) => call.method)).toEqual(['GET'])
  })
})

describe('the passthrough section of the README promises too much', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(
    readme.indexOf('### Passthrough mode'),
    readme.indexOf('### The broker itself')
  )

  it('says what a passthrough token really gets at api.video: a never-expiring upload token, any video deleted', async () => {
    const h = await createHarness({ broker: { tokenMode: 'passthrough' } })
    const res = await h.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
    const { access_token } = (await res.json()) as { access_token: string }
    const bearer = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }
    const upload = await h.emulator.fetch('/upload-tokens', {
      method: 'POST',
      headers: bearer,
      body: '{"ttl":0}',
    })
    expect(await upload.json()).toMatchObject({ ttl: 0 })
    const videoId = await createVideo(h)
    const removed = await h.emulator.fetch(`/videos/${videoId}`, {
      method: 'DELETE',
      headers: bearer,
    })
    expect(removed.status).toBe(204)
    expect(section).toContain('`POST /upload-tokens {"ttl": 0}`')
    expect(section).toContain('**never expires**')
    expect(section).toContain('**delete any video**')
    expect(section).not.toContain('cannot get a longer-lived credential')
  })
})

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** The segment with the unused low bits of its last character set: other text, same bytes. */
function flipSpareBits(segment: string): string {
  const spare = segment.length % 4 === 2 ? 0b1111 : 0b11
  const last = ALPHABET.indexOf(segment.at(-1) as string)
  return `${segment.slice(0, -1)}${ALPHABET[last | spare]}`
}

describe('a token has a second accepted spelling', () => {
  it('refuses a token whose signature has its unused low bits flipped, as invalid_token', async () => {
    const h = await createHarness()
    const genuine = await h.token()
    const [header, payload, signature] = genuine.split('.') as [string, string, string]
    const respelled = `${header}.${payload}.${flipSpareBits(signature)}`
    // The same bytes: a verifier that decodes leniently sees the genuine signature.
    expect(respelled).not.toBe(genuine)
    expect(Buffer.from(flipSpareBits(signature), 'base64url')).toEqual(
      Buffer.from(signature, 'base64url')
    )
    expect((await h.api('/videos', genuine)).status).toBe(200)
    const res = await h.api('/videos', respelled)
    await expectProblem(res, 401, 'invalid_token')
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
  })
})

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }

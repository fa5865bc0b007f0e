import { describe, expect, it } from 'vitest'
import { createHarness, type Harness, ORIGIN, UPSTREAM } from '../test-support/harness.ts'

const VIDEO = 'vi0123456789abcdefABCDEF'
const JSON_TYPE = { 'content-type': 'application/json' }

/**
 * One request to the broker, as data. It comes from the allowed origin; `bearer` adds a broker
 * token with every scope, and `{token}` in the path or a header value is replaced by that token.
 */
interface Probe {
  method: string
  path: string
  body?: BodyInit
  headers?: Record<string, string>
  bearer?: boolean
  /** Sends this many bytes as a stream, with no Content-Length to trust. */
  streamBytes?: number
}

const tokenCall = (body?: BodyInit, headers: Record<string, string> = {}): Probe => ({
  method: 'POST',
  path: '/v1/token',
  ...(body === undefined ? {} : { body }),
  headers: { ...JSON_TYPE, ...headers },
})
const uploadTokenCall = (body: BodyInit, headers: Record<string, string> = {}): Probe => ({
  method: 'POST',
  path: '/v1/upload-token',
  body,
  headers: { ...JSON_TYPE, ...headers },
  bearer: true,
})
const apiCall = (method: string, path: string, extra: Partial<Probe> = {}): Probe => ({
  method,
  path: `/v1/api${path}`,
  bearer: true,
  ...extra,
})

async function send(h: Harness, probe: Probe): Promise<Response> {
  const token = await h.mint()
  const fill = (value: string) => value.replaceAll('{token}', token)
  const headers: Record<string, string> = { origin: ORIGIN }
  if (probe.bearer) headers.authorization = `Bearer ${token}`
  for (const [name, value] of Object.entries(probe.headers ?? {})) headers[name] = fill(value)
  const init: RequestInit & { duplex?: 'half' } = { method: probe.method, headers }
  if (probe.body !== undefined) init.body = probe.body
  if (probe.streamBytes !== undefined) {
    init.body = new Blob([new Uint8Array(probe.streamBytes)]).stream()
    init.duplex = 'half'
  }
  return h.request(fill(probe.path), init)
}

/** A 4xx problem+json with a stable code, and nothing at all reached api.video. */
async function expectRefused(
  h: Harness,
  res: Response,
  { status, code }: { status: number; code: string }
) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  expect(await res.json()).toMatchObject({ status, code })
  await h.settle()
  expect(h.calls).toEqual([])
  expect(h.emulator.stats().total).toBe(0)
}

type Attack = [name: string, probe: Probe, status: number, code: string]

const BODIES: Attack[] = [
  ['malformed JSON', tokenCall('{"scope":'), 400, 'invalid_request'],
  ['JSON that is not an object', tokenCall('["videos:read"]'), 400, 'invalid_request'],
  ['a bare JSON string', tokenCall('"videos:read"'), 400, 'invalid_request'],
  ['JSON null', tokenCall('null'), 400, 'invalid_request'],
  [
    'bytes that are not UTF-8',
    tokenCall(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
    400,
    'invalid_request',
  ],
  [
    'a form body',
    tokenCall('scope=videos:read', { 'content-type': 'application/x-www-form-urlencoded' }),
    400,
    'invalid_request',
  ],
  [
    'a multipart body',
    tokenCall('--x\r\n\r\nvideos:read\r\n--x--', {
      'content-type': 'multipart/form-data; boundary=x',
    }),
    400,
    'invalid_request',
  ],
  ['deeply nested JSON', tokenCall(`${'['.repeat(2000)}${']'.repeat(2000)}`), 400, 'json_too_deep'],
  ['a scope of the wrong type', tokenCall('{"scope":["videos:read"]}'), 400, 'invalid_scope'],
  [
    'a scope with CR/LF',
    tokenCall('{"scope":"videos:read\\r\\nvideos:delete"}'),
    400,
    'invalid_scope',
  ],
  ['a scope with NUL', tokenCall('{"scope":"videos:read\\u0000"}'), 400, 'invalid_scope'],
  ['a wildcard scope', tokenCall('{"scope":"videos:*"}'), 400, 'invalid_scope'],
  ['an empty scope', tokenCall('{"scope":""}'), 400, 'invalid_scope'],
  [
    'a token request over 4 KiB, declared',
    tokenCall('x'.repeat(5000), { 'content-length': '5000' }),
    413,
    'payload_too_large',
  ],
  [
    'a token request of 10 MiB, streamed',
    { ...tokenCall(), streamBytes: 10 * 1024 * 1024 },
    413,
    'payload_too_large',
  ],
  ['malformed JSON for an upload token', uploadTokenCall('{"ttl":'), 400, 'invalid_request'],
  ['a ttl of the wrong type', uploadTokenCall('{"ttl":"60"}'), 400, 'invalid_request'],
  ['a ttl of 0 ("no expiry")', uploadTokenCall('{"ttl":0}'), 400, 'invalid_request'],
  ['a negative ttl', uploadTokenCall('{"ttl":-1}'), 400, 'invalid_request'],
  ['a fractional ttl', uploadTokenCall('{"ttl":1.5}'), 400, 'invalid_request'],
  ['a ttl over the maximum', uploadTokenCall('{"ttl":1e308}'), 400, 'invalid_request'],
  [
    'an upload-token request over 4 KiB',
    { ...uploadTokenCall(''), streamBytes: 8192 },
    413,
    'payload_too_large',
  ],
  [
    'a proxied JSON body over maxJsonBytes, declared',
    apiCall('POST', '/videos', {
      body: `{"title":"${'x'.repeat(2_000_000)}"}`,
      headers: { 'content-length': '2000012' },
    }),
    413,
    'payload_too_large',
  ],
  [
    'a proxied JSON body over maxJsonBytes, streamed',
    apiCall('PATCH', `/videos/${VIDEO}`, { streamBytes: 2 * 1024 * 1024 }),
    413,
    'payload_too_large',
  ],
  [
    'a query string over 2 KiB',
    apiCall('GET', `/videos?title=${'a'.repeat(2100)}`),
    400,
    'invalid_request',
  ],
]

const ROUTES: Attack[] = [
  ['PUT on a video', apiCall('PUT', `/videos/${VIDEO}`, { body: '{}' }), 403, 'route_not_allowed'],
  ['PROPFIND', apiCall('PROPFIND', '/videos'), 403, 'route_not_allowed'],
  ['an invented method', apiCall('EXPLODE', '/videos'), 403, 'route_not_allowed'],
  [
    'lowercase patch (fetch does not normalise it)',
    apiCall('patch', `/videos/${VIDEO}`, { body: '{}' }),
    403,
    'route_not_allowed',
  ],
  ['GET on an upload route', apiCall('GET', `/videos/${VIDEO}/source`), 403, 'route_not_allowed'],
  ['a trailing slash', apiCall('GET', '/videos/'), 403, 'route_not_allowed'],
  ['a doubled slash', apiCall('GET', '//videos'), 403, 'route_not_allowed'],
  ['another case', apiCall('GET', '/Videos'), 403, 'route_not_allowed'],
  ['a matrix parameter', apiCall('GET', `/videos/${VIDEO};jsessionid=1`), 403, 'route_not_allowed'],
  [
    'an encoded slash inside a segment',
    apiCall('GET', `/videos/${VIDEO}%2Fstatus`),
    403,
    'route_not_allowed',
  ],
  ['an encoded NUL', apiCall('GET', `/videos/${VIDEO}%00`), 403, 'route_not_allowed'],
  ['a fullwidth letter', apiCall('GET', '/ｖideos'), 403, 'route_not_allowed'],
  ['an accented letter', apiCall('GET', '/vidéos'), 403, 'route_not_allowed'],
  ['an encoded letter', apiCall('GET', '/%76ideos'), 403, 'route_not_allowed'],
  ["api.video's auth", apiCall('POST', '/auth/api-key'), 403, 'route_not_allowed'],
  ["api.video's refresh", apiCall('POST', '/auth/refresh'), 403, 'route_not_allowed'],
  ['upload-token management', apiCall('POST', '/upload-tokens'), 403, 'route_not_allowed'],
  [
    'the token upload route',
    apiCall('POST', '/upload?token=to1tcmSFHeYY5KzyhOqVKMKb'),
    403,
    'route_not_allowed',
  ],
  ['GET /v1/token', { method: 'GET', path: '/v1/token' }, 404, 'not_found'],
  ['DELETE /v1/token', { method: 'DELETE', path: '/v1/token' }, 404, 'not_found'],
  ['/v1/token/ with a trailing slash', { method: 'POST', path: '/v1/token/' }, 404, 'not_found'],
  ['/v1/Token in another case', { method: 'POST', path: '/v1/Token' }, 404, 'not_found'],
  [
    'GET /v1/upload-token',
    { method: 'GET', path: '/v1/upload-token', bearer: true },
    404,
    'not_found',
  ],
  ['POST to the JWKS', { method: 'POST', path: '/.well-known/jwks.json' }, 404, 'not_found'],
]

/** Sent as POST with a valid token. The URL parser resolves dot segments before the broker. */
const TRAVERSALS: Array<[path: string, status: number, code: string]> = [
  ['/v1/api/../auth/api-key', 404, 'not_found'],
  ['/v1/api/videos/../../auth/api-key', 404, 'not_found'],
  ['/v1/api/%2e%2e/auth/api-key', 404, 'not_found'],
  ['/v1/api/.%2E/auth/api-key', 404, 'not_found'],
  ['/v1/api/videos/..', 403, 'route_not_allowed'],
  ['/v1/api/..%2fauth/api-key', 403, 'route_not_allowed'],
  ['/v1/api/..%2Fauth%2Fapi-key', 403, 'route_not_allowed'],
  ['/v1/api/%2e%2e%2fauth%2fapi-key', 403, 'route_not_allowed'],
  ['/v1/api/%252e%252e/auth/api-key', 403, 'route_not_allowed'],
  ['/v1/api/%c0%ae%c0%ae/auth/api-key', 403, 'route_not_allowed'],
  ['/v1/api/videos/%2e%2e%5cauth', 403, 'route_not_allowed'],
  ['/v1/api/videos\\..\\auth', 403, 'route_not_allowed'],
  ['/v1/api/videos/..;/auth/api-key', 403, 'route_not_allowed'],
  [`/v1/api/videos/${VIDEO}%2F..%2F..%2Fauth%2Fapi-key`, 403, 'route_not_allowed'],
  ['/v1/api/videos%2F..%2Fupload-tokens', 403, 'route_not_allowed'],
]

const HEADERS: Attack[] = [
  ['Origin: null', tokenCall(undefined, { origin: 'null' }), 403, 'origin_not_allowed'],
  [
    'an Origin with a trailing slash',
    tokenCall(undefined, { origin: `${ORIGIN}/` }),
    403,
    'origin_not_allowed',
  ],
  [
    'an Origin with the default port',
    tokenCall(undefined, { origin: `${ORIGIN}:443` }),
    403,
    'origin_not_allowed',
  ],
  [
    'an Origin over http',
    tokenCall(undefined, { origin: 'http://app.example.com' }),
    403,
    'origin_not_allowed',
  ],
  [
    'an Origin in another case',
    tokenCall(undefined, { origin: 'https://APP.example.com' }),
    403,
    'origin_not_allowed',
  ],
  [
    'an Origin that extends the allowed host',
    tokenCall(undefined, { origin: `${ORIGIN}.evil.example` }),
    403,
    'origin_not_allowed',
  ],
  [
    'two Origins in one header',
    tokenCall(undefined, { origin: `${ORIGIN}, https://evil.example` }),
    403,
    'origin_not_allowed',
  ],
  [
    'a foreign Origin on the proxy, with a valid token',
    apiCall('GET', '/videos', { headers: { origin: 'https://evil.example' } }),
    403,
    'origin_not_allowed',
  ],
  [
    'two bearer tokens in one header',
    apiCall('GET', '/videos', { headers: { authorization: 'Bearer {token}, Bearer {token}' } }),
    401,
    'invalid_token',
  ],
  [
    'a bearer token with trailing data',
    apiCall('GET', '/videos', { headers: { authorization: 'Bearer {token} x' } }),
    401,
    'invalid_token',
  ],
  [
    'the token in a query parameter',
    { method: 'GET', path: '/v1/api/videos?access_token={token}' },
    401,
    'invalid_token',
  ],
  [
    'the token in a cookie',
    { method: 'GET', path: '/v1/api/videos', headers: { cookie: 'token={token}' } },
    401,
    'invalid_token',
  ],
  [
    'api.video Basic auth',
    { method: 'GET', path: '/v1/api/videos', headers: { authorization: `Basic ${btoa('key:')}` } },
    401,
    'invalid_token',
  ],
]

describe('known attacks: each is a 4xx problem+json with a stable code, and api.video sees nothing', () => {
  it.each(BODIES)('bad body: %s', async (_name, probe, status, code) => {
    const h = await createHarness()
    await expectRefused(h, await send(h, probe), { status, code })
  })

  it.each(ROUTES)('odd method or path: %s', async (_name, probe, status, code) => {
    const h = await createHarness()
    await expectRefused(h, await send(h, probe), { status, code })
  })

  it.each(TRAVERSALS)('path traversal: %s', async (path, status, code) => {
    const h = await createHarness()
    await expectRefused(h, await send(h, { method: 'POST', path, bearer: true }), { status, code })
  })

  it.each(HEADERS)('header trick: %s', async (_name, probe, status, code) => {
    const h = await createHarness()
    await expectRefused(h, await send(h, probe), { status, code })
  })

  it('answers HEAD on the proxy 403 with no body, and sends nothing', async () => {
    const h = await createHarness()
    const res = await send(h, apiCall('HEAD', '/videos'))
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(h.calls).toEqual([])
  })
})

describe('known attacks that the broker answers, harmlessly', () => {
  it('answers a preflight from a foreign origin without allowing it, and sends nothing', async () => {
    const h = await createHarness()
    const res = await h.request('/v1/api/videos', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(h.calls).toEqual([])
  })

  it.each([
    ['a space', 'trace id'],
    ['markup', '"><script>alert(1)</script>'],
    ['a tab and a header', 'id\tSet-Cookie: session=stolen'],
    ['200 characters', 'a'.repeat(200)],
  ])('never reflects an X-Request-Id with %s', async (_name, injected) => {
    const h = await createHarness()
    const res = await send(h, {
      method: 'GET',
      path: '/v1/api/videos',
      headers: { 'x-request-id': injected },
    })
    const id = res.headers.get('x-request-id')
    expect(id).toMatch(/^[\w=-]{1,128}$/)
    expect(id).not.toBe(injected)
    expect(await res.json()).toMatchObject({ code: 'invalid_token', requestId: id })
    expect(res.headers.get('set-cookie')).toBeNull()
  })

  it('ignores method-override and URL-rewrite headers: a read-only token reads, and only reads', async () => {
    const h = await createHarness()
    const res = await h.api('/videos', await h.mint({ scope: 'videos:read' }), {
      headers: {
        'x-http-method-override': 'DELETE',
        'x-method-override': 'DELETE',
        'x-original-url': '/auth/api-key',
        'x-rewrite-url': '/auth/api-key',
        'x-forwarded-host': 'evil.example',
        forwarded: 'host=evil.example',
      },
    })
    expect(res.status).toBe(200)
    expect(h.apiCalls()).toEqual([
      {
        method: 'GET',
        url: `${UPSTREAM}/videos`,
        headers: { accept: 'application/json', authorization: expect.stringMatching(/^Bearer /) },
      },
    ])
  })

  it('sends a request addressed to a foreign host to api.video only, never to that host', async () => {
    const h = await createHarness()
    const res = await h.app.request('http://evil.example/v1/api/videos', {
      headers: { origin: ORIGIN, authorization: `Bearer ${await h.mint()}` },
    })
    expect(res.status).toBe(200)
    expect(h.calls.map((call) => new URL(call.url).origin)).toEqual([UPSTREAM, UPSTREAM])
  })

  it('ignores __proto__ in a token request: no pollution, no scope the caller may not have', async () => {
    const h = await createHarness({ broker: { anonymousScopes: ['videos:read'] } })
    const body = '{"__proto__":{"scope":"videos:delete"},"constructor":{"prototype":{"scope":"x"}}}'
    const res = await send(h, tokenCall(body))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ scope: 'videos:read' })
    expect(({} as { scope?: unknown }).scope).toBeUndefined()
  })
})

/**
 * Malformed JSON and wrong content types never reach api.video. The broker checks both
 * on its own routes and on proxied writes (JSON objects labelled application/json; uploads as
 * multipart/form-data).
 */
describe('content types and JSON shapes', () => {
  it.each([
    ['malformed JSON to POST /videos', apiCall('POST', '/videos', { body: '{"title":' })],
    [
      'a form body to POST /videos',
      apiCall('POST', '/videos', {
        body: 'title=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    ],
    [
      'JSON sent as text/plain to PATCH /videos/{id}',
      apiCall('PATCH', `/videos/${VIDEO}`, {
        body: '{"title":"x"}',
        headers: { 'content-type': 'text/plain' },
      }),
    ],
    [
      'an upload that is not multipart',
      apiCall('POST', `/videos/${VIDEO}/source`, { body: '{}', headers: JSON_TYPE }),
    ],
    [
      'JSON sent as text/plain to /v1/token',
      tokenCall('{"scope":"videos:read"}', { 'content-type': 'text/plain' }),
    ],
    [
      'JSON sent as text/plain to /v1/upload-token',
      uploadTokenCall('{"ttl":60}', { 'content-type': 'text/plain' }),
    ],
    ['a JSON array to /v1/upload-token', uploadTokenCall('[60]')],
  ])('refuses %s with 400 invalid_request before api.video', async (_name, probe) => {
    const h = await createHarness()
    await expectRefused(h, await send(h, probe), { status: 400, code: 'invalid_request' })
  })
})

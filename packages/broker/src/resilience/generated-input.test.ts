import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ALL_SCOPES,
  createHarness,
  type Harness,
  ORIGIN,
  UPSTREAM,
} from '../test-support/harness.ts'

/**
 * Fixed, so a failure reproduces: fast-check reports the seed and the shrunk counterexample
 * path; run again with `{ seed, path }` to replay exactly that case.
 */
const SEED = 20_261_128

/** The codes the README documents for refusals a caller can provoke (4xx). */
const REFUSAL_CODES = [
  'invalid_request',
  'invalid_scope',
  'unauthenticated',
  'invalid_token',
  'insufficient_scope',
  'origin_not_allowed',
  'route_not_allowed',
  'not_found',
  'field_not_allowed',
  'payload_too_large',
  'rate_limited',
  'upstream_rejected',
  'upstream_rate_limited',
]

/**
 * The proxy's allow-list as the README states it, written out again so the property checks the
 * broker against the documentation rather than against its own rules.
 */
const ALLOWED: Array<[method: string, path: RegExp, scope: string]> = [
  ['GET', /^\/videos$/, 'videos:read'],
  ['GET', /^\/videos\/vi[0-9A-Za-z]{22}$/, 'videos:read'],
  ['GET', /^\/videos\/vi[0-9A-Za-z]{22}\/status$/, 'videos:read'],
  ['POST', /^\/videos$/, 'videos:write'],
  ['PATCH', /^\/videos\/vi[0-9A-Za-z]{22}$/, 'videos:write'],
  ['DELETE', /^\/videos\/vi[0-9A-Za-z]{22}$/, 'videos:delete'],
  ['POST', /^\/videos\/vi[0-9A-Za-z]{22}\/source$/, 'videos:upload'],
]

const VIDEO = 'vi0123456789abcdefABCDEF'

/** Segments that have broken path-based allow-lists before, plus api.video's real ones. */
const SEGMENTS = [
  'videos',
  'Videos',
  VIDEO,
  `${VIDEO}x`,
  'vi0123456789abcdefABCDE',
  'status',
  'source',
  'auth',
  'api-key',
  'refresh',
  'upload-tokens',
  'upload',
  'live-streams',
  '..',
  '.',
  '%2e%2e',
  '.%2E',
  '%252e%252e',
  '..%2f',
  '%2F',
  '%5C',
  '..;',
  '%00',
  '%c0%ae',
  'ｖideos',
  'vidéos',
  '',
]

/** A broker with a held upstream token, so any later `/auth/*` call would be a finding. */
async function warmHarness(options: Parameters<typeof createHarness>[0] = {}) {
  const h = await createHarness(options)
  const token = await h.mint({ exp: Math.floor(h.now() / 1000) + 86_400 })
  if ((await h.api('/videos', token)).status !== 200) throw new Error('warm-up failed')
  return h
}

/** Status, problem code and the upstream calls one request caused. */
async function observe(h: Harness, send: () => Response | Promise<Response>) {
  const before = h.calls.length
  const res = await send()
  const body = res.status >= 400 ? await res.text() : ''
  await h.settle()
  return { res, body, upstream: h.calls.slice(before) }
}

/** A refusal: 4xx, problem+json, a documented code (HEAD answers carry no body). */
function expectProblem(res: Response, body: string, method = 'GET') {
  expect(res.status).toBeGreaterThanOrEqual(400)
  expect(res.status).toBeLessThan(500)
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  if (method === 'HEAD') return
  expect(REFUSAL_CODES).toContain((JSON.parse(body) as { code: string }).code)
}

const oddMethods = fc.constantFrom('PUT', 'HEAD', 'PROPFIND', 'Delete', 'X')
const methods = fc.oneof(fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE'), oddMethods)
/** api.video's own operations, on the allow-list or just beside it. */
const realOperations = fc.constantFrom(
  ['GET', '/videos'],
  ['POST', '/videos'],
  ['GET', `/videos/${VIDEO}`],
  ['PATCH', `/videos/${VIDEO}`],
  ['DELETE', `/videos/${VIDEO}`],
  ['GET', `/videos/${VIDEO}/status`],
  ['POST', `/videos/${VIDEO}/source`],
  ['POST', '/auth/api-key'],
  ['POST', '/upload-tokens']
)
/** A real operation with one odd segment slipped into its path, or an odd method. */
const tamperedOperations = fc.oneof(
  fc
    .tuple(realOperations, fc.nat(), fc.oneof(fc.constantFrom(...SEGMENTS), fc.webSegment()))
    .map(([[method, path], at, segment]) => {
      const parts = path.split('/')
      parts.splice(1 + (at % parts.length), 0, segment)
      return [method, parts.join('/')]
    }),
  fc.tuple(oddMethods, realOperations).map(([method, [, path]]) => [method, path])
)
const randomOperations = fc.tuple(
  methods,
  fc
    .array(fc.oneof(fc.constantFrom(...SEGMENTS), fc.webSegment()), { minLength: 0, maxLength: 4 })
    .map((segments) => `/${segments.join('/')}`)
)
// Real operations weigh more: a refused query or body now stops many of them before api.video.
const operations = fc.oneof(
  { arbitrary: realOperations, weight: 2 },
  tamperedOperations,
  randomOperations
)
const queries = fc.oneof(
  // No query at all is the common case; a query an operation does not declare is refused.
  { arbitrary: fc.constant(''), weight: 4 },
  { arbitrary: fc.constantFrom('?currentPage=2', '?title=..%2F..%2Fauth'), weight: 2 },
  { arbitrary: fc.constant(`?q=${'a'.repeat(2100)}`), weight: 1 }
)
const scopes = fc.oneof(
  fc.constant(ALL_SCOPES.join(' ')),
  fc.subarray([...ALL_SCOPES]).map((names) => names.join(' '))
)

describe('generated input', () => {
  it('lets only allow-listed operations with the matching scope reach api.video; anything else is a 4xx problem', async () => {
    const h = await warmHarness()
    const outcomes = { forwarded: 0, refused: 0 }
    await fc.assert(
      fc.asyncProperty(
        operations,
        queries,
        scopes,
        // Any JSON text, JSON objects, and a body that keeps POST /videos' contract (the only
        // kind a write may forward).
        fc.oneof(
          fc.json(),
          fc.dictionary(fc.string(), fc.jsonValue()).map((o) => JSON.stringify(o)),
          { arbitrary: fc.constant('{"title":"A video"}'), weight: 2 }
        ),
        async ([method, path], query, scope, json) => {
          const token = await h.mint({ scope, exp: Math.floor(h.now() / 1000) + 86_400 })
          const withBody = !['GET', 'HEAD'].includes(method.toUpperCase())
          const { res, body, upstream } = await observe(h, () =>
            h.api(`${path}${query}`, token, { method, ...(withBody ? { body: json } : {}) })
          )
          expect(res.status).toBeLessThan(500)
          for (const call of upstream) {
            const url = new URL(call.url)
            expect(url.origin).toBe(UPSTREAM)
            // A DELETE looks at the video first (GET, same path): part of the delete operation.
            const looks = call.method === 'GET' && method.toUpperCase() === 'DELETE'
            const sent = looks ? 'DELETE' : call.method
            const rule = ALLOWED.find(([m, p]) => m === sent && p.test(url.pathname))
            expect(rule, `${call.method} ${url.pathname}`).toBeDefined()
            expect(scope.split(' ')).toContain(rule?.[2])
          }
          if (upstream.length === 0) expectProblem(res, body, method.toUpperCase())
          outcomes[upstream.length === 0 ? 'refused' : 'forwarded']++
        }
      ),
      { seed: SEED, numRuns: 300 }
    )
    // The generators reach both sides of the allow-list, or the property would prove little.
    expect(outcomes.forwarded).toBeGreaterThan(30)
    expect(outcomes.refused).toBeGreaterThan(30)
  })

  it('refuses random token-shaped strings and mutated genuine tokens with 401 invalid_token, sending nothing', async () => {
    const h = await warmHarness()
    const genuine = await h.mint({ exp: Math.floor(h.now() / 1000) + 86_400 })
    const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.']
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{0,120}$/)
    const candidates = fc.oneof(
      fc.tuple(segment, segment, segment).map((parts) => parts.join('.')),
      fc
        .tuple(fc.nat(genuine.length - 1), fc.constantFrom(...alphabet))
        .map(([at, char]) => genuine.slice(0, at) + char + genuine.slice(at + 1)),
      fc.nat(genuine.length - 1).map((at) => genuine.slice(0, at)),
      fc.stringMatching(/^[\x21-\x7e]{1,300}$/).map((junk) => `${genuine}${junk}`),
      fc.stringMatching(/^[\x20-\x7e]{0,300}$/)
    )
    await fc.assert(
      fc.asyncProperty(candidates, async (candidate) => {
        const { res, body, upstream } = await observe(h, () => h.api('/videos', candidate))
        // A flipped spare bit of a last character decodes to the same bytes, and is refused all
        // the same: a token has one spelling (RFC 4648 §3.5).
        if (candidate === genuine) {
          expect(res.status).toBe(200)
          return
        }
        expect(res.status).toBe(401)
        expectProblem(res, body)
        expect(JSON.parse(body)).toMatchObject({ code: 'invalid_token' })
        expect(upstream).toEqual([])
      }),
      { seed: SEED, numRuns: 300 }
    )
  })

  it('answers random bodies and content types on /v1/token and /v1/upload-token with 200 or a 4xx problem, and a refusal sends nothing', async () => {
    const h = await warmHarness()
    const token = await h.mint({ exp: Math.floor(h.now() / 1000) + 86_400 })
    const bodies = fc.oneof(
      fc.uint8Array({ maxLength: 5000 }),
      fc.json(),
      fc
        .record(
          {
            scope: fc.oneof(fc.string(), scopes, fc.jsonValue()),
            ttl: fc.oneof(fc.integer({ min: -10, max: 1000 }), fc.double(), fc.string()),
          },
          { requiredKeys: [] }
        )
        .map((value) => JSON.stringify(value)),
      fc.constant('')
    )
    const contentTypes = fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      ''
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/token', '/v1/upload-token'),
        bodies,
        contentTypes,
        async (route, payload, contentType) => {
          const headers: Record<string, string> = {
            origin: ORIGIN,
            authorization: `Bearer ${token}`,
          }
          if (contentType) headers['content-type'] = contentType
          const { res, body, upstream } = await observe(h, () =>
            h.request(route, { method: 'POST', headers, body: payload })
          )
          if (res.status === 200) {
            // A minted broker token needs nothing from api.video; an upload token is one call.
            const expected = route === '/v1/token' ? [] : ['POST /upload-tokens']
            expect(upstream.map((call) => `${call.method} ${new URL(call.url).pathname}`)).toEqual(
              expected
            )
            return
          }
          expectProblem(res, body)
          expect(upstream).toEqual([])
        }
      ),
      { seed: SEED, numRuns: 300 }
    )
  })

  it('never forwards random headers: api.video sees Accept and its own token only', async () => {
    const h = await warmHarness()
    const token = await h.mint({ exp: Math.floor(h.now() / 1000) + 86_400 })
    const names = fc.oneof(
      fc.constantFrom(
        'cookie',
        'proxy-authorization',
        'x-api-key',
        'x-forwarded-for',
        'x-forwarded-host',
        'x-http-method-override',
        'x-original-url',
        'forwarded',
        'content-range',
        'referer',
        'x-request-id'
      ),
      fc.stringMatching(/^x-[a-z0-9-]{1,20}$/)
    )
    // Any value the Fetch API lets through: no CR, LF or NUL (those are refused before sending).
    const values = fc.stringMatching(/^[\x20-\x7e\t\x80-\xff]{0,120}$/).map((value) => value.trim())
    await fc.assert(
      fc.asyncProperty(fc.dictionary(names, values, { maxKeys: 6 }), async (extra) => {
        const { res, upstream } = await observe(h, () =>
          h.api('/videos', token, { headers: extra })
        )
        expect(res.status).toBe(200)
        expect(res.headers.get('set-cookie')).toBeNull()
        expect(upstream).toHaveLength(1)
        const forwarded = upstream[0]?.headers ?? {}
        expect(Object.keys(forwarded).sort()).toEqual(['accept', 'authorization'])
        expect(h.issued.accessTokens).toContain(forwarded.authorization?.replace(/^Bearer /, ''))
      }),
      { seed: SEED, numRuns: 150 }
    )
  })
})

import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env, exports } from 'cloudflare:workers'
import { brokerOptionsFromEnv, createBroker, SCOPES } from '@keyward/broker'
import { createWorker } from '@keyward/broker/cloudflare'
import { describe, expect, it, vi } from 'vitest'

import { emulator, ORIGIN, proxyCall, stats } from './deployment.ts'

// Every outbound fetch of this isolate (the Worker's and the tests') reaches the api.video
// emulator running as an auxiliary Worker (vitest.config.ts).
const BASIC = `Basic ${btoa(`${env.APIVIDEO_API_KEY}:`)}`

let nextIp = 1
/** A fresh client address, so the Rate Limiting binding (5 per minute here) never gets in the way. */
const freshIp = () => `198.51.100.${nextIp++}`

const broker = (path: string, init: RequestInit = {}) =>
  exports.default.fetch(`https://broker.test${path}`, init)

async function token(body?: unknown): Promise<string> {
  const res = await broker('/v1/token', {
    method: 'POST',
    headers: { origin: ORIGIN, 'cf-connecting-ip': freshIp(), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { access_token: string }).access_token
}

const api = (path: string, accessToken: string, init: RequestInit = {}) =>
  proxyCall(broker, path, accessToken, init)

function decode(part: string | undefined): Record<string, unknown> {
  return JSON.parse(atob((part ?? '').replace(/-/g, '+').replace(/_/g, '/')))
}

describe('the Worker in workerd, against the api.video emulator', () => {
  it('makes exactly one upstream exchange for 100 concurrent calls on a cold isolate', async () => {
    const accessToken = await token()
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => api('/videos', accessToken))
    )
    expect(answers.map((res: Response) => res.status)).toEqual(Array(100).fill(200))
    expect((await stats()).auth.apiKey).toEqual({ succeeded: 1, failed: 0 })
  })

  it('holds proxied calls to the contracts compiled from the OpenAPI file, with no eval in workerd', async () => {
    const accessToken = await token()
    expect((await api('/videos?sortBy=title&currentPage=2', accessToken)).status).toBe(200)
    const refused = await api('/videos?sortBy=nope', accessToken)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({
      code: 'invalid_request',
      'invalid-params': [{ in: 'query', name: 'sortBy' }],
    })
    const answer = await api('/videos', accessToken)
    expect(answer.headers.get('cache-control')).toBe('private, no-store')
  })

  it('publishes its public signing key without the private part', async () => {
    const res = await broker('/.well-known/jwks.json')
    expect(res.status).toBe(200)
    const { keys } = (await res.json()) as { keys: Array<Record<string, unknown>> }
    expect(keys).toEqual([
      expect.objectContaining({ kid: 'workers-test', alg: 'EdDSA', kty: 'OKP' }),
    ])
    expect(keys[0]).not.toHaveProperty('d')
  })

  it('gives the allowed origin an anonymous RFC 9068 token with the configured scopes', async () => {
    const res = await broker('/v1/token', {
      method: 'POST',
      headers: { origin: ORIGIN, 'cf-connecting-ip': freshIp() },
    })
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    const body = (await res.json()) as { access_token: string; expires_in: number; scope: string }
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
      scope: 'videos:read videos:upload',
    })
    const [header, payload] = body.access_token.split('.')
    expect(decode(header)).toEqual({ alg: 'EdDSA', kid: 'workers-test', typ: 'at+jwt' })
    expect(decode(payload)).toMatchObject({
      iss: 'keyward',
      aud: 'keyward-api',
      sub: 'anonymous',
      client_id: ORIGIN,
    })
  })

  it('refuses a token to a foreign origin, and does not answer its preflight', async () => {
    const res = await broker('/v1/token', {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({ code: 'origin_not_allowed' })
    const preflight = await broker('/v1/token', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('lists the videos of the account through the proxy', async () => {
    const created = await emulator('/videos', {
      method: 'POST',
      headers: { authorization: BASIC, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Made in workerd' }),
    })
    expect(created.status).toBe(201)
    const res = await api('/videos', await token())
    expect(await res.json()).toMatchObject({
      data: expect.arrayContaining([expect.objectContaining({ title: 'Made in workerd' })]),
    })
  })

  it('gives each relayed answer the shared headers, its own request id and api.video’s content type', async () => {
    const accessToken = await token()
    const headersOf = async (init: RequestInit = {}) => {
      const res = await api('/videos', accessToken, init)
      expect(res.status).toBe(200)
      await res.arrayBuffer()
      return Object.fromEntries(res.headers)
    }
    const first = await headersOf()
    const second = await headersOf({ headers: { 'x-request-id': 'caller-chosen-id' } })
    const third = await headersOf()
    for (const headers of [first, second, third]) {
      expect(headers).toMatchObject({
        'content-type': expect.stringContaining('application/json'),
        'cache-control': 'private, no-store',
        'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
        'cross-origin-resource-policy': 'same-origin',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=15552000; includeSubDomains',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        vary: 'Authorization, Origin',
        'access-control-expose-headers': expect.stringContaining('X-Request-Id'),
        'access-control-allow-origin': ORIGIN,
      })
    }
    expect(second['x-request-id']).toBe('caller-chosen-id')
    expect(first['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(third['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(third['x-request-id']).not.toBe(first['x-request-id'])
  })

  it('renews once and retries once when api.video revokes its token', async () => {
    const accessToken = await token()
    const before = await stats()
    await emulator('/_emulator/revoke-tokens', { method: 'POST' })
    expect((await api('/videos', accessToken)).status).toBe(200)
    const after = await stats()
    expect(
      (after.routes['GET /videos']?.['401'] ?? 0) - (before.routes['GET /videos']?.['401'] ?? 0)
    ).toBe(1)
    expect(after.auth.apiKey.succeeded - before.auth.apiKey.succeeded).toBe(1)
  })

  it('enforces scopes and the route allow-list before anything reaches api.video', async () => {
    const accessToken = await token()
    const before = (await stats()).total
    const remove = await api('/videos/vi0123456789abcdefABCDEF', accessToken, { method: 'DELETE' })
    expect(remove.status).toBe(403)
    expect(remove.headers.get('www-authenticate')).toBe(
      'Bearer error="insufficient_scope", scope="videos:delete"'
    )
    for (const path of ['/auth/api-key', '/upload-tokens', '/videos/%2e%2e/auth/api-key']) {
      const res = await api(path, accessToken, { method: 'POST' })
      expect(await res.json()).toMatchObject({ code: 'route_not_allowed' })
    }
    expect((await stats()).total).toBe(before)
  })

  it('refuses tampered and unsigned tokens with invalid_token', async () => {
    const [header, payload, signature] = (await token()).split('.')
    const widened = btoa(JSON.stringify({ ...decode(payload), scope: 'videos:delete' })).replace(
      /=+$/,
      ''
    )
    const unsigned = `${btoa('{"alg":"none","typ":"at+jwt"}').replace(/=+$/, '')}.${payload}.`
    for (const forged of [`${header}.${widened}.${signature}`, unsigned, 'not-a-token']) {
      const res = await api('/videos', forged)
      expect(res.status).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    }
  })

  it('hands out a short-lived upload token for the configured upload host', async () => {
    const res = await broker('/v1/upload-token', {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        authorization: `Bearer ${await token({ scope: 'videos:upload' })}`,
      },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { token: string; ttl: number; apiHost: string }
    expect(body).toMatchObject({ ttl: 600, apiHost: '127.0.0.1:8443' })
    const stored = await emulator(`/upload-tokens/${body.token}`, {
      headers: { authorization: BASIC },
    })
    expect(await stored.json()).toMatchObject({ ttl: 600 })
  })

  it('rate limits /v1/token per client address through the Rate Limiting binding', async () => {
    const ip = freshIp()
    const ask = () =>
      broker('/v1/token', { method: 'POST', headers: { origin: ORIGIN, 'cf-connecting-ip': ip } })
    for (let i = 0; i < 5; i++) expect((await ask()).status).toBe(200)
    const limited = await ask()
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
  })

  it('runs the upstream warm-up of /v1/token in waitUntil (per-isolate tokens: an exchange)', async () => {
    const worker = createWorker()
    const ctx = createExecutionContext()
    const before = (await stats()).auth.apiKey.succeeded
    const res = await worker.fetch?.(
      new Request('https://broker.test/v1/token', {
        method: 'POST',
        headers: { origin: ORIGIN },
      }) as never,
      { ...env, UPSTREAM_TOKENS: 'memory' },
      ctx
    )
    expect(res?.status).toBe(200)
    await waitOnExecutionContext(ctx)
    expect((await stats()).auth.apiKey.succeeded).toBe(before + 1)
  })

  it('serves passthrough mode in workerd too, with the true remaining lifetime', async () => {
    const app = createBroker(
      brokerOptionsFromEnv({
        ...env,
        TOKEN_MODE: 'passthrough',
        // Passthrough hands the account-wide token only to a caller allowed every scope.
        ANONYMOUS_SCOPES: SCOPES.join(','),
        RATE_LIMIT_REQUESTS: '0',
        PROXY_RATE_LIMIT_REQUESTS: '0',
      })
    )
    const res = await app.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
    const body = (await res.json()) as { access_token: string; expires_in: number; scope: string }
    expect(body.scope).toBe('apivideo:*')
    expect(body.expires_in).toBeGreaterThan(3500)
    expect(body.expires_in).toBeLessThanOrEqual(3600)
    const direct = await emulator('/videos', {
      headers: { authorization: `Bearer ${body.access_token}` },
    })
    expect(direct.status).toBe(200)
  })

  it('answers a misconfiguration with a clear problem naming the secret, not a crash', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const res = await createWorker().fetch?.(
      new Request('https://broker.test/.well-known/jwks.json') as never,
      { ...env, APIVIDEO_API_KEY: '' },
      createExecutionContext()
    )
    expect(res?.status).toBe(500)
    expect(await res?.json()).toMatchObject({
      code: 'invalid_config',
      detail: expect.stringContaining('APIVIDEO_API_KEY'),
    })
  })

  it('keeps the API key and the signing key out of every answer and log line', async () => {
    const lines: string[] = []
    for (const method of ['log', 'info', 'warn', 'error'] as const) {
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) => void lines.push(args.map(String).join(' '))
      )
    }
    const accessToken = await token({ scope: 'videos:read videos:upload' })
    const answers = await Promise.all([
      broker('/.well-known/jwks.json'),
      api('/videos', accessToken),
      api('/videos/vi0123456789abcdefABCDEF', accessToken),
      api('/videos', accessToken, { method: 'POST', body: '{}' }),
      broker('/v1/upload-token', {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}` },
      }),
      broker('/v1/token', { method: 'POST', headers: { origin: 'https://evil.example' } }),
    ])
    const seen = [...lines]
    for (const res of answers) seen.push(JSON.stringify([...res.headers]), await res.text())
    expect(lines.some((line) => line.includes('token.issued'))).toBe(true)
    const signingKey = JSON.parse(env.KEYWARD_SIGNING_KEY) as { d: string }
    for (const text of seen) {
      expect(text).not.toContain(env.APIVIDEO_API_KEY)
      expect(text).not.toContain(signingKey.d)
    }
  })

  it('follows the emulator clock in local development: moving it expires broker tokens too', async () => {
    const before = await token()
    await emulator('/_emulator/clock', {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: 400 }),
    })
    try {
      const expired = await api('/videos', before)
      expect(expired.status).toBe(401)
      expect(expired.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
      const after = await token()
      expect(decode(after.split('.')[1]).iat).toBeGreaterThanOrEqual(
        Math.floor(Date.now() / 1000) + 399
      )
      expect((await api('/videos', after)).status).toBe(200)
    } finally {
      await emulator('/_emulator/clock', { method: 'POST', body: JSON.stringify({ reset: true }) })
    }
  })

  it('answers 503 with Retry-After, never hangs, when api.video auth is down and no token is valid', async () => {
    const accessToken = await token()
    await emulator('/_emulator/faults', {
      method: 'POST',
      body: JSON.stringify({ kind: 'error', path: '/auth/*', status: 503 }),
    })
    await emulator('/_emulator/revoke-tokens', { method: 'POST' })
    try {
      const res = await api('/videos', accessToken)
      expect(res.status).toBe(503)
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      expect(await res.json()).toMatchObject({ code: 'upstream_unavailable' })
    } finally {
      await emulator('/_emulator/faults', { method: 'DELETE' })
    }
  })
})

import { decodeJwt, decodeProtectedHeader } from 'jose'
import { describe, expect, it } from 'vitest'
import { ALL_SCOPES, createHarness, ORIGIN } from '../test-support/harness.ts'

const post = (headers: Record<string, string> = {}, body?: string) => ({
  method: 'POST',
  headers: {
    origin: ORIGIN,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...headers,
  },
  ...(body === undefined ? {} : { body }),
})

describe('POST /v1/token', () => {
  it('mints an RFC 9068 access token: EdDSA, kid, at+jwt, and every required claim', async () => {
    const h = await createHarness()
    const res = await h.request('/v1/token', post())
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as Record<string, string | number>
    expect(body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 300,
      scope: ALL_SCOPES.join(' '),
    })
    const token = String(body.access_token)
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })
    const claims = decodeJwt(token)
    expect(claims).toMatchObject({
      iss: 'keyward',
      aud: 'keyward-api',
      sub: 'anonymous',
      client_id: ORIGIN,
      scope: body.scope,
      iat: Math.floor(h.now() / 1000),
      exp: Math.floor(h.now() / 1000) + 300,
    })
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('takes its lifetime from tokenTtlSeconds', async () => {
    const h = await createHarness({ broker: { tokenTtlSeconds: 60 } })
    const body = (await (await h.request('/v1/token', post())).json()) as {
      access_token: string
      expires_in: number
    }
    expect(body.expires_in).toBe(60)
    expect(decodeJwt(body.access_token).exp).toBe(Math.floor(h.now() / 1000) + 60)
  })

  it('grants the requested subset of the allowed scopes', async () => {
    const h = await createHarness()
    const res = await h.request(
      '/v1/token',
      post({ 'content-type': 'application/json' }, '{"scope":"videos:upload videos:read"}')
    )
    const body = (await res.json()) as { access_token: string; scope: string }
    expect(body.scope).toBe('videos:read videos:upload')
    expect(decodeJwt(body.access_token).scope).toBe('videos:read videos:upload')
  })

  it('refuses unknown scope names as invalid_scope and scopes the caller may not have as insufficient_scope', async () => {
    const h = await createHarness({ broker: { anonymousScopes: ['videos:read'] } })
    const unknown = await h.request('/v1/token', post({}, '{"scope":"videos:everything"}'))
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toMatchObject({ code: 'invalid_scope' })
    const beyond = await h.request('/v1/token', post({}, '{"scope":"videos:read videos:delete"}'))
    expect(beyond.status).toBe(403)
    expect(await beyond.json()).toMatchObject({ code: 'insufficient_scope' })
  })

  it('answers a malformed body with invalid_request and an oversized one with payload_too_large', async () => {
    const h = await createHarness()
    const malformed = await h.request('/v1/token', post({}, '{"scope":'))
    expect(await malformed.json()).toMatchObject({ status: 400, code: 'invalid_request' })
    const huge = await h.request('/v1/token', post({}, JSON.stringify({ scope: 'x'.repeat(5000) })))
    expect(huge.status).toBe(413)
    expect(await huge.json()).toMatchObject({ code: 'payload_too_large' })
  })

  it('answers an unauthenticated caller 401 unauthenticated, without the invalid_token challenge', async () => {
    const h = await createHarness({ broker: { anonymousScopes: [] } })
    const res = await h.request('/v1/token', post())
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.headers.get('www-authenticate')).not.toContain('invalid_token')
    expect(await res.json()).toMatchObject({
      type: 'urn:keyward:problem:unauthenticated',
      code: 'unauthenticated',
      status: 401,
      requestId: res.headers.get('x-request-id'),
    })
  })

  it('refuses foreign, missing and opaque origins, and answers them without CORS headers', async () => {
    const h = await createHarness()
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `${ORIGIN}.evil.example` },
    ]) {
      const res = await h.request('/v1/token', { method: 'POST', headers })
      expect(res.status).toBe(403)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
      expect(await res.json()).toMatchObject({ code: 'origin_not_allowed' })
    }
    const anonymous = await h.request('/v1/token', { method: 'POST' })
    expect(await anonymous.json()).toMatchObject({ code: 'origin_not_allowed' })
    expect(h.logs.filter((line) => line.event === 'token.issued')).toHaveLength(0)
  })

  it('answers CORS preflights with the exact allowed origin only: no reflection, no wildcard, no credentials', async () => {
    const h = await createHarness()
    const preflight = (origin: string) =>
      h.request('/v1/token', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      })
    const allowed = await preflight(ORIGIN)
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization')
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull()
    expect(allowed.headers.get('vary')).toContain('Origin')
    const foreign = await preflight('https://evil.example')
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('lets an allowed origin read its errors: CORS and exposed headers are on problem answers too', async () => {
    const h = await createHarness({ broker: { anonymousScopes: [] } })
    const res = await h.request('/v1/token', post())
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(res.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate')
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After')
  })

  it('sets secure headers on every answer', async () => {
    const h = await createHarness()
    const res = await h.request('/v1/token', post())
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('rate limits per caller with 429 and Retry-After, anonymous callers per client address', async () => {
    const h = await createHarness({ broker: { rateLimit: { requests: 2, periodSeconds: 60 } } })
    const from = (ip: string) => h.request('/v1/token', post({ 'cf-connecting-ip': ip }))
    expect((await from('192.0.2.1')).status).toBe(200)
    expect((await from('192.0.2.1')).status).toBe(200)
    const limited = await from('192.0.2.1')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    expect(await limited.json()).toMatchObject({ code: 'rate_limited' })
    expect((await from('192.0.2.2')).status).toBe(200)
    h.advance(60_000)
    expect((await from('192.0.2.1')).status).toBe(200)
  })

  it('uses a given limiter, such as the Workers Rate Limiting binding', async () => {
    const keys: string[] = []
    const limiter = { limit: async ({ key }: { key: string }) => ({ success: keys.push(key) < 2 }) }
    const h = await createHarness({ broker: { rateLimit: { limiter, periodSeconds: 10 } } })
    expect((await h.request('/v1/token', post({ 'cf-connecting-ip': '192.0.2.9' }))).status).toBe(
      200
    )
    const limited = await h.request('/v1/token', post({ 'cf-connecting-ip': '192.0.2.9' }))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('10')
    expect(keys).toEqual(['token:anonymous:192.0.2.9', 'token:anonymous:192.0.2.9'])
  })

  it('writes one audit line per issued token with sub, scope and jti, never the token', async () => {
    const h = await createHarness()
    const body = (await (await h.request('/v1/token', post())).json()) as { access_token: string }
    const audit = h.logs.filter((line) => line.event === 'token.issued')
    expect(audit).toHaveLength(1)
    expect(audit[0]?.fields).toMatchObject({
      sub: 'anonymous',
      scope: ALL_SCOPES.join(' '),
      jti: decodeJwt(body.access_token).jti,
      clientId: ORIGIN,
    })
    expect(JSON.stringify(h.logs)).not.toContain(body.access_token)
  })

  it('drops the audit lines at logLevel warn, for hosts where a line per request costs too much', async () => {
    const h = await createHarness({ broker: { logLevel: 'warn' } })
    expect((await h.request('/v1/token', post())).status).toBe(200)
    expect(h.logs.filter((line) => line.level === 'info')).toHaveLength(0)
  })
})

describe('POST /v1/token in passthrough mode', () => {
  it('hands out the upstream token with its true remaining lifetime', async () => {
    const h = await createHarness({ broker: { tokenMode: 'passthrough' } })
    const first = (await (await h.request('/v1/token', post())).json()) as Record<string, unknown>
    expect(first).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'apivideo:*' })
    h.advance(1_000_000)
    const later = (await (await h.request('/v1/token', post())).json()) as Record<string, unknown>
    expect(later.access_token).toBe(first.access_token)
    expect(later.expires_in).toBe(2600)
    const direct = await h.emulator.fetch('/videos', {
      headers: { authorization: `Bearer ${later.access_token}` },
    })
    expect(direct.status).toBe(200)
  })

  it('renews with the API key, so tokens already handed out stay valid until they expire', async () => {
    const h = await createHarness({
      broker: { tokenMode: 'passthrough' },
      emulator: { accessTokenTtlSeconds: 100 },
    })
    const first = (await (await h.request('/v1/token', post())).json()) as { access_token: string }
    h.advance(81_000)
    await h.request('/v1/token', post())
    await h.settle()
    const renewed = (await (await h.request('/v1/token', post())).json()) as {
      access_token: string
      expires_in: number
    }
    expect(renewed.access_token).not.toBe(first.access_token)
    expect(h.emulator.stats().auth.refresh.succeeded).toBe(0)
    const old = await h.emulator.fetch('/videos', {
      headers: { authorization: `Bearer ${first.access_token}` },
    })
    expect(old.status).toBe(200)
  })

  it('gives the account-wide token only to callers allowed every scope', async () => {
    const h = await createHarness({
      broker: { tokenMode: 'passthrough', anonymousScopes: ['videos:read'] },
    })
    const res = await h.request('/v1/token', post())
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'insufficient_scope' })
    expect(h.emulator.stats().auth.apiKey.succeeded).toBe(0)
  })

  it('mounts no proxy and no upload-token route, since no broker token exists to pass them', async () => {
    const h = await createHarness({ broker: { tokenMode: 'passthrough' } })
    const res = await h.api('/videos', await h.mint())
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ code: 'not_found' })
    expect((await h.request('/v1/upload-token', post())).status).toBe(404)
  })
})

import { describe, expect, it } from 'vitest'
import { createDpopHarness } from '../test-support/dpop-harness.ts'
import { createHarness, createVideo, ORIGIN } from '../test-support/harness.ts'

/**
 * The headers every answer carries, whatever the route or outcome: OWASP's set for API answers
 * (REST Security Cheat Sheet, "Security Headers"), no header meant for HTML documents only.
 */
const SECURITY = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
}

const EXPOSED =
  'WWW-Authenticate,Date,DPoP-Nonce,Retry-After,X-Request-Id,X-RateLimit-Limit,X-RateLimit-Remaining,X-RateLimit-Retry-After'

/** What CORS adds under /v1 for an allowed origin. */
const CORS = { 'access-control-allow-origin': ORIGIN, 'access-control-expose-headers': EXPOSED }

/** A token answer's headers, but its request id. */
const TOKEN_ANSWER = {
  ...SECURITY,
  ...CORS,
  'cache-control': 'no-store',
  'content-type': 'application/json',
  pragma: 'no-cache',
  vary: 'Origin',
}

/** Every header but the length, which depends on the body. */
function headersOf(res: Response): Record<string, string> {
  const headers = Object.fromEntries(res.headers)
  delete headers['content-length']
  return headers
}

describe('the headers of every answer', () => {
  it('are the security headers and the request id on a route outside /v1', async () => {
    const h = await createHarness()
    const res = await h.request('/healthz', { headers: { 'x-request-id': 'r-1' } })
    expect(headersOf(res)).toEqual({
      ...SECURITY,
      'content-type': 'application/json',
      'x-request-id': 'r-1',
    })
  })

  it('are the same on a refusal outside /v1, and on a HEAD of the liveness check', async () => {
    const h = await createHarness()
    const refused = await h.request('/healthz', {
      method: 'POST',
      headers: { 'x-request-id': 'r-8' },
    })
    expect(refused.status).toBe(404)
    expect((await refused.json()) as unknown).toMatchObject({ code: 'not_found', requestId: 'r-8' })
    expect(headersOf(refused)).toEqual({
      ...SECURITY,
      'cache-control': 'no-store',
      'content-type': 'application/problem+json',
      'x-request-id': 'r-8',
    })
    const head = await h.request('/healthz', { method: 'HEAD', headers: { 'x-request-id': 'r-9' } })
    expect(head.status).toBe(200)
    expect(headersOf(head)).toEqual({
      ...SECURITY,
      'content-type': 'application/json',
      'x-request-id': 'r-9',
    })
  })

  it('keep the JWKS route its own public CORS and cache headers', async () => {
    const h = await createHarness()
    const res = await h.request('/.well-known/jwks.json', { headers: { 'x-request-id': 'r-2' } })
    expect(headersOf(res)).toEqual({
      ...SECURITY,
      'access-control-allow-origin': '*',
      'cache-control': 'public, max-age=300',
      'content-type': 'application/json',
      'x-request-id': 'r-2',
    })
  })

  it('add the allowed origin, the exposed headers and Vary: Origin under /v1', async () => {
    const h = await createHarness()
    const res = await h.request('/v1/token', {
      method: 'POST',
      headers: { origin: ORIGIN, 'x-request-id': 'r-3' },
    })
    expect(res.status).toBe(200)
    expect(headersOf(res)).toEqual({ ...TOKEN_ANSWER, 'x-request-id': 'r-3' })
  })

  it('are the same on a token answer that carries a DPoP nonce, Vary: Origin once', async () => {
    const h = await createDpopHarness({
      mode: 'required',
      nonce: { secret: 'a-dpop-nonce-secret-of-at-least-32-bytes' },
    })
    const nonce = (await h.tokenRequest()).headers.get('dpop-nonce') as string
    const res = await h.tokenRequest(h.key, { nonce })
    expect(res.status).toBe(200)
    expect(headersOf(res)).toEqual({
      ...TOKEN_ANSWER,
      'dpop-nonce': nonce,
      'x-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    })
  })

  it('give a proxied answer only the relayed headers, private and varying by token and origin', async () => {
    const h = await createHarness()
    await createVideo(h)
    const token = await h.token()
    const res = await h.api('/videos', token, { headers: { 'x-request-id': 'r-4' } })
    expect(res.status).toBe(200)
    expect(headersOf(res)).toEqual({
      ...SECURITY,
      ...CORS,
      'cache-control': 'private, no-store',
      'content-type': 'application/json',
      vary: 'Authorization, Origin',
      'x-request-id': 'r-4',
    })
  })

  it('are the same on a refused proxied call, a problem without the proxy cache headers', async () => {
    const h = await createHarness()
    const res = await h.api('/videos', 'not.a.token', { headers: { 'x-request-id': 'r-5' } })
    expect(res.status).toBe(401)
    const headers = headersOf(res)
    expect(headers['www-authenticate']).toBeDefined()
    delete headers['www-authenticate']
    expect(headers).toEqual({
      ...SECURITY,
      ...CORS,
      'cache-control': 'no-store',
      'content-type': 'application/problem+json',
      vary: 'Origin',
      'x-request-id': 'r-5',
    })
  })

  it('answer a preflight with the allowed methods and headers, and no body type', async () => {
    const h = await createHarness()
    const res = await h.request('/v1/api/videos', {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'x-request-id': 'r-6',
      },
    })
    expect(res.status).toBe(204)
    expect(headersOf(res)).toEqual({
      ...SECURITY,
      'access-control-allow-headers': 'Authorization,Content-Type,Content-Range,X-Request-Id,DPoP',
      'access-control-allow-methods': 'GET,POST,PATCH,DELETE',
      'access-control-allow-origin': ORIGIN,
      'access-control-expose-headers': EXPOSED,
      'access-control-max-age': '600',
      vary: 'Origin, Access-Control-Request-Headers',
      'x-request-id': 'r-6',
    })
  })

  it('name no origin to a caller from an origin that is not allowed', async () => {
    const h = await createHarness()
    const res = await h.request('/v1/token', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'x-request-id': 'r-7' },
    })
    expect(res.status).toBe(403)
    expect(headersOf(res)).toEqual({
      ...SECURITY,
      'access-control-expose-headers': EXPOSED,
      'cache-control': 'no-store',
      'content-type': 'application/problem+json',
      vary: 'Origin',
      'x-request-id': 'r-7',
    })
  })

  it('carry a fresh request id when the caller sent none, or one not worth echoing', async () => {
    const h = await createHarness()
    const none = await h.request('/v2/nowhere')
    expect(none.status).toBe(404)
    expect(headersOf(none)).toEqual({
      ...SECURITY,
      'cache-control': 'no-store',
      'content-type': 'application/problem+json',
      'x-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    })
    const odd = await h.request('/healthz', { headers: { 'x-request-id': 'a b' } })
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })
})

import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it, vi } from 'vitest'
import {
  createHarness,
  createVideo,
  mintToken,
  ORIGIN,
  signingJwk,
} from '../test-support/harness.ts'
import { splitTarget } from './proxy.ts'

const VIDEO = 'vi0123456789abcdefABCDEF'
const SCOPE_RULES: Array<[method: string, path: string, scope: string]> = [
  ['GET', '/videos', 'videos:read'],
  ['GET', `/videos/${VIDEO}`, 'videos:read'],
  ['GET', `/videos/${VIDEO}/status`, 'videos:read'],
  ['POST', '/videos', 'videos:write'],
  ['PATCH', `/videos/${VIDEO}`, 'videos:write'],
  ['DELETE', `/videos/${VIDEO}`, 'videos:delete'],
  ['POST', `/videos/${VIDEO}/source`, 'videos:upload'],
]
const EVERY_SCOPE = ['videos:read', 'videos:write', 'videos:delete', 'videos:upload']

/** What each operation carries: JSON for writes, a multipart file for an upload. */
function bodyFor(method: string, path: string): RequestInit {
  if (path.endsWith('/source')) {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(16)]), 'clip.mp4')
    return { body: form }
  }
  return method === 'POST' || method === 'PATCH' ? { body: '{"title":"t"}' } : {}
}

describe('ALL /v1/api/*: scope rules', () => {
  it.each(SCOPE_RULES)('forwards %s %s to api.video with %s', async (method, path, scope) => {
    const h = await createHarness()
    const res = await h.api(path, await h.mint({ scope }), { method, ...bodyFor(method, path) })
    expect([401, 403]).not.toContain(res.status)
    // No such video in the emulator: a DELETE stops at the broker's look (GET) and its 404.
    const sent = method === 'DELETE' ? 'GET' : method
    expect(h.apiCalls()).toMatchObject([{ method: sent, url: `https://apivideo.test${path}` }])
  })

  it.each(SCOPE_RULES)(
    'refuses %s %s without %s: 403 insufficient_scope, nothing sent',
    async (method, path, scope) => {
      const h = await createHarness()
      const others = EVERY_SCOPE.filter((name) => name !== scope).join(' ')
      const res = await h.api(path, await h.mint({ scope: others }), { method })
      expect(res.status).toBe(403)
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer error="insufficient_scope", scope="${scope}"`
      )
      expect(await res.json()).toMatchObject({ code: 'insufficient_scope' })
      expect(h.calls).toHaveLength(0)
    }
  )

  it.each([
    ['POST', '/auth/api-key'],
    ['POST', '/auth/refresh'],
    ['GET', '/upload-tokens'],
    ['POST', '/upload-tokens'],
    ['DELETE', '/upload-tokens/to1tcmSFHeYY5KzyhOqVKMKb'],
    ['POST', '/upload?token=to1tcmSFHeYY5KzyhOqVKMKb'],
    ['GET', '/webhooks'],
    ['POST', '/webhooks'],
    ['GET', '/live-streams/not-a-live-stream'],
    ['GET', '/videos/'],
    ['GET', '/Videos'],
    ['GET', '//videos'],
    ['PUT', `/videos/${VIDEO}`],
    ['HEAD', '/videos'],
    ['GET', `/videos/${VIDEO}/source`],
    ['GET', `/videos/${VIDEO}/thumbnail`],
    ['GET', '/videos/not-a-video-id'],
    ['POST', '/videos/..%2Fauth%2Fapi-key'],
    ['POST', '/videos/%2e%2e/auth/api-key'],
    ['POST', '/videos/vi0123456789abcdefABCDEF%2F..%2F..%2Fauth%2Fapi-key'],
    ['GET', '/videos%2F'],
    ['GET', '/%76ideos'],
    ['GET', `/videos/${VIDEO}%00`],
    ['POST', '/videos/../auth/api-key'],
    ['GET', '/videos/..\\auth'],
  ])('never reaches %s %s, whatever the scope (deny by default)', async (method, path) => {
    const h = await createHarness()
    const res = await h.api(path, await h.mint(), { method })
    expect([403, 404]).toContain(res.status)
    if (method !== 'HEAD') {
      expect(['route_not_allowed', 'not_found']).toContain(
        ((await res.json()) as { code: string }).code
      )
    }
    expect(h.calls).toHaveLength(0)
  })
})

describe('ALL /v1/api/*: what reaches api.video', () => {
  it('strips cookies, the broker token and every other ambient credential, and attaches the upstream token', async () => {
    const h = await createHarness()
    const token = await h.mint()
    await h.api('/videos', token, {
      headers: {
        cookie: 'session=s3cret',
        'proxy-authorization': 'Basic cHJveHk6cHJveHk=',
        'x-api-key': 'leaked',
        'x-forwarded-for': '203.0.113.7',
        'cf-connecting-ip': '203.0.113.7',
        referer: `${ORIGIN}/private/page`,
        'x-csrf-token': 'abc',
        accept: 'application/json',
      },
    })
    const [call] = h.apiCalls()
    expect(Object.keys(call?.headers ?? {}).sort()).toEqual(['accept', 'authorization'])
    expect(call?.headers.authorization).toMatch(/^Bearer ey/)
    expect(call?.headers.authorization).not.toContain(token)
  })

  it('streams an upload to api.video under the size limit', async () => {
    const h = await createHarness()
    const videoId = await createVideo(h)
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(64 * 1024)]), 'clip.mp4')
    const multipart = new Request('http://form.test', { method: 'POST', body: form })
    const res = await h.api(`/videos/${videoId}/source`, await h.mint(), {
      method: 'POST',
      headers: { 'content-type': multipart.headers.get('content-type') as string },
      body: multipart.body,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ videoId })
  })

  it('cuts an upload above maxUploadBytes with 413, declared or not', async () => {
    // The in-process emulator logs the stream the broker cut; that is expected here.
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const h = await createHarness({ broker: { maxUploadBytes: 1000 } })
    const token = await h.mint()
    const videoId = await createVideo(h)
    const stream = new Blob([new Uint8Array(5000)]).stream()
    const streamed = await h.api(`/videos/${videoId}/source`, token, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    expect(await streamed.json()).toMatchObject({ code: 'payload_too_large' })
    const declared = await h.api(`/videos/${VIDEO}/source`, token, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '5000' },
      body: new Uint8Array(5000),
    })
    expect(declared.status).toBe(413)
  })

  it('refuses a JSON body above maxJsonBytes with 413 before calling api.video', async () => {
    const h = await createHarness({ broker: { maxJsonBytes: 100 } })
    const res = await h.api('/videos', await h.mint(), {
      method: 'POST',
      body: JSON.stringify({ title: 'x'.repeat(200) }),
    })
    expect(res.status).toBe(413)
    expect(h.apiCalls()).toHaveLength(0)
  })

  it('streams the answer back as it arrives', async () => {
    const encoder = new TextEncoder()
    const upstreamFetch = (async (input: RequestInfo | URL) => {
      if (String(input).endsWith('/auth/api-key')) {
        return Response.json({
          access_token: 'upstream-token',
          refresh_token: 'r',
          expires_in: 3600,
        })
      }
      // One chunk, then nothing: a buffering proxy would never answer.
      const body = new ReadableStream({
        start: (controller) => controller.enqueue(encoder.encode('{"data":[')),
      })
      return new Response(body, { headers: { 'content-type': 'application/json' } })
    }) as typeof fetch
    const h = await createHarness({ broker: { fetch: upstreamFetch } })
    const res = await h.api('/videos', await h.mint())
    const reader = res.body?.getReader()
    expect(new TextDecoder().decode((await reader?.read())?.value)).toBe('{"data":[')
    await reader?.cancel()
  })

  it('summarises api.video errors as its own problem and never forwards their bodies', async () => {
    const h = await createHarness()
    const token = await h.mint()
    // The contract allows an empty title; api.video (here, the emulator) does not.
    const invalid = await h.api('/videos', token, { method: 'POST', body: '{"title":""}' })
    expect(invalid.status).toBe(400)
    const body = (await invalid.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      code: 'upstream_rejected',
      type: 'urn:keyward:problem:upstream_rejected',
    })
    expect(body.detail).toContain('title')
    expect(JSON.stringify(body)).not.toContain('docs.api.video')
    const missing = await h.api(`/videos/${VIDEO}`, token)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ code: 'upstream_rejected' })
  })

  it('passes api.video rate limiting on as 429 with Retry-After', async () => {
    const h = await createHarness()
    h.emulator.faults.add({
      kind: 'rate-limit',
      method: 'GET',
      path: '/videos',
      retryAfterSeconds: 17,
    })
    const res = await h.api('/videos', await h.mint())
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('17')
    expect(await res.json()).toMatchObject({ code: 'upstream_rate_limited' })
  })

  it('answers an api.video 5xx with 502 upstream_error', async () => {
    const h = await createHarness()
    h.emulator.faults.add({ kind: 'error', method: 'GET', path: '/videos', status: 500 })
    const res = await h.api('/videos', await h.mint())
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({ code: 'upstream_error' })
  })

  it('answers a cut connection with 503 and Retry-After, and a silent api.video with 504', async () => {
    const h = await createHarness({ broker: { upstreamTimeoutMs: 50 } })
    const token = await h.mint()
    await h.api('/videos', token)
    h.emulator.faults.add({ kind: 'drop', method: 'GET', path: '/videos', times: 1 })
    const cut = await h.api('/videos', token)
    expect(cut.status).toBe(503)
    expect(cut.headers.get('retry-after')).toBe('1')
    expect(await cut.json()).toMatchObject({ code: 'upstream_unavailable' })
    h.emulator.faults.add({
      kind: 'latency',
      method: 'GET',
      path: '/videos',
      latencyMs: 1000,
      times: 1,
    })
    const silent = await h.api('/videos', token)
    expect(silent.status).toBe(504)
    expect(await silent.json()).toMatchObject({ code: 'upstream_timeout' })
  })

  it('refuses a valid token sent from a foreign origin', async () => {
    const h = await createHarness()
    const res = await h.request('/v1/api/videos', {
      headers: { origin: 'https://evil.example', authorization: `Bearer ${await h.mint()}` },
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'origin_not_allowed' })
  })
})

describe('ALL /v1/api/*: broker token verification', () => {
  const expectRefused = async (res: Response) => {
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    expect(await res.json()).toMatchObject({ code: 'invalid_token' })
  }

  it('accepts a token the broker minted', async () => {
    const h = await createHarness()
    expect((await h.api('/videos', await h.token())).status).toBe(200)
  })

  it('refuses a missing token and other schemes', async () => {
    const h = await createHarness()
    await expectRefused(await h.request('/v1/api/videos', { headers: { origin: ORIGIN } }))
    await expectRefused(
      await h.request('/v1/api/videos', {
        headers: { origin: ORIGIN, authorization: `Basic ${btoa('key:')}` },
      })
    )
  })

  it('refuses an expired token, allowing only the small clock tolerance', async () => {
    const h = await createHarness()
    const token = await h.token()
    h.advance(304_000)
    expect((await h.api('/videos', token)).status).toBe(200)
    h.advance(2_000)
    await expectRefused(await h.api('/videos', token))
  })

  it('refuses alg:none', async () => {
    const h = await createHarness()
    const claims = decodeJwt(await h.token())
    const encode = (value: object) =>
      btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
    const unsigned = `${encode({ alg: 'none', typ: 'at+jwt', kid: 'k1' })}.${encode(claims)}.`
    await expectRefused(await h.api('/videos', unsigned))
  })

  it('refuses a token forged with another key under the broker kid, or under an unknown kid', async () => {
    const h = await createHarness()
    const forger = { ...(await signingJwk('k1')) }
    await expectRefused(await h.api('/videos', await mintToken(forger, h.now)))
    await expectRefused(await h.api('/videos', await mintToken(await signingJwk('k2'), h.now)))
  })

  it('refuses HS256 signed with the public key (algorithm confusion)', async () => {
    const h = await createHarness()
    const secret = new TextEncoder().encode(h.signingKey.x as string)
    const token = await new SignJWT(decodeJwt(await h.token()))
      .setProtectedHeader({ alg: 'HS256', kid: 'k1', typ: 'at+jwt' })
      .sign(secret)
    await expectRefused(await h.api('/videos', token))
  })

  it('refuses a token for another audience or from another issuer, or of another type', async () => {
    const h = await createHarness()
    await expectRefused(await h.api('/videos', await h.mint({ aud: 'someone-else' })))
    await expectRefused(await h.api('/videos', await h.mint({ iss: 'https://evil.example' })))
    await expectRefused(await h.api('/videos', await h.mint({}, { typ: 'JWT' })))
  })

  it('refuses a tampered token', async () => {
    const h = await createHarness()
    const [header, , signature] = (await h.mint({ scope: 'videos:read' })).split('.')
    const payload = btoa(
      JSON.stringify({ ...decodeJwt(await h.mint()), scope: 'videos:delete' })
    ).replace(/=+$/, '')
    await expectRefused(
      await h.api(`/videos/${VIDEO}`, `${header}.${payload}.${signature}`, { method: 'DELETE' })
    )
  })

  it('refuses a token without the claims RFC 9068 requires', async () => {
    const h = await createHarness()
    await expectRefused(await h.api('/videos', await h.mint({ jti: undefined })))
    await expectRefused(await h.api('/videos', await h.mint({ client_id: undefined })))
  })

  it('refuses an ES256 token even from a key that shares the kid', async () => {
    const h = await createHarness()
    const { privateKey } = await generateKeyPair('ES256', { extractable: true })
    const jwk = { ...(await exportJWK(privateKey)), kid: 'k1' }
    const token = await new SignJWT(decodeJwt(await h.token()))
      .setProtectedHeader({ alg: 'ES256', kid: jwk.kid, typ: 'at+jwt' })
      .sign(privateKey)
    await expectRefused(await h.api('/videos', token))
  })
})

describe('splitTarget', () => {
  it.each([
    'https://broker.example/v1/api/videos',
    'https://broker.example/v1/api/videos?',
    'https://broker.example/v1/api/videos?currentPage=2&tags%5B%5D=a',
    'http://127.0.0.1:8787/v1/api/videos/vi0123456789abcdefABCDEF/thumbnail?x=%3F?y',
    'http://[::1]:8787/v1/api/videos/%2e%2e/x?a=b#fragment',
    'https://broker.example/v1/api/videos//#a?b',
    'https://broker.example/v1/api/videos?#',
  ])('reads the path after /v1/api and the query of %s as new URL() does', (href) => {
    const url = new Request(href).url
    const parsed = new URL(url)
    expect(splitTarget(url)).toEqual({
      path: parsed.pathname.slice('/v1/api'.length),
      search: parsed.search,
    })
  })
})

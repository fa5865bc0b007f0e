import { describe, expect, it } from 'vitest'
import { createHarness, ORIGIN } from '../test-support/harness.ts'
import { direct, OWNER_KEY, ownershipHarness, userToken } from '../test-support/ownership.ts'

const post = (token: string, body?: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: {
    origin: ORIGIN,
    authorization: `Bearer ${token}`,
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...headers,
  },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
})

interface UploadTokenBody {
  token: string
  ttl: number
  expiresAt: string
  apiHost: string
}

describe('POST /v1/upload-token', () => {
  it('creates a delegated upload token with the short default TTL and tells where to upload', async () => {
    const h = await createHarness()
    const res = await h.request('/v1/upload-token', post(await h.mint({ scope: 'videos:upload' })))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as UploadTokenBody
    expect(body).toMatchObject({ ttl: 600, apiHost: 'apivideo.test' })
    expect(body.token).toMatch(/^to[0-9A-Za-z]{22}$/)
    expect(Date.parse(body.expiresAt)).toBe(h.now() + 600_000)
    const stored = await h.emulator.fetch(`/upload-tokens/${body.token}`, {
      headers: { authorization: `Basic ${btoa(`${h.emulator.apiKey}:`)}` },
    })
    expect(await stored.json()).toMatchObject({ token: body.token, ttl: 600 })
  })

  it('takes a shorter TTL from the body, and refuses 0 ("no expiry") or more than the maximum', async () => {
    const h = await createHarness({ broker: { uploadTokenTtlSeconds: 120 } })
    const token = await h.mint({ scope: 'videos:upload' })
    const short = (await (
      await h.request('/v1/upload-token', post(token, { ttl: 30 }))
    ).json()) as UploadTokenBody
    expect(short.ttl).toBe(30)
    for (const ttl of [0, 121, 1.5, '60']) {
      const res = await h.request('/v1/upload-token', post(token, { ttl }))
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ code: 'invalid_request' })
    }
  })

  it('answers apiHost from uploadApiHost', async () => {
    const h = await createHarness({ broker: { uploadApiHost: '127.0.0.1:8443' } })
    const res = await h.request('/v1/upload-token', post(await h.mint({ scope: 'videos:upload' })))
    expect(await res.json()).toMatchObject({ apiHost: '127.0.0.1:8443' })
  })

  it('needs a broker token with videos:upload', async () => {
    const h = await createHarness()
    const missing = await h.request('/v1/upload-token', {
      method: 'POST',
      headers: { origin: ORIGIN },
    })
    expect(missing.status).toBe(401)
    expect(missing.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"')
    const narrow = await h.request(
      '/v1/upload-token',
      post(await h.mint({ scope: 'videos:read videos:write' }))
    )
    expect(narrow.status).toBe(403)
    expect(narrow.headers.get('www-authenticate')).toContain('scope="videos:upload"')
    expect(h.apiCalls()).toHaveLength(0)
  })

  it('rate limits per token subject', async () => {
    const h = await createHarness({ broker: { rateLimit: { requests: 1, periodSeconds: 60 } } })
    const alice = await h.mint({ sub: 'alice', scope: 'videos:upload' })
    const bob = await h.mint({ sub: 'bob', scope: 'videos:upload' })
    expect((await h.request('/v1/upload-token', post(alice))).status).toBe(200)
    const limited = await h.request('/v1/upload-token', post(alice))
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('60')
    expect((await h.request('/v1/upload-token', post(bob))).status).toBe(200)
  })

  it('rate limits anonymous callers per client address, as the anon claim of their token says', async () => {
    const h = await createHarness({ broker: { rateLimit: { requests: 1, periodSeconds: 60 } } })
    const token = await h.token('videos:upload')
    const from = (ip: string) =>
      h.request('/v1/upload-token', post(token, undefined, { 'cf-connecting-ip': ip }))
    expect((await from('192.0.2.1')).status).toBe(200)
    expect((await from('192.0.2.1')).status).toBe(429)
    expect((await from('192.0.2.2')).status).toBe(200)
  })

  it('rate limits a token without the anon claim by its sub, even when the sub is "anonymous"', async () => {
    const h = await createHarness({ broker: { rateLimit: { requests: 1, periodSeconds: 60 } } })
    const token = await h.mint({ sub: 'anonymous', scope: 'videos:upload' })
    const from = (ip: string) =>
      h.request('/v1/upload-token', post(token, undefined, { 'cf-connecting-ip': ip }))
    expect((await from('192.0.2.1')).status).toBe(200)
    expect((await from('192.0.2.2')).status).toBe(429)
  })

  it('never hands out a token api.video created without the requested expiry, and deletes it', async () => {
    const deleted: string[] = []
    const upstreamFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input)
      if (url.endsWith('/auth/api-key'))
        return Response.json({ access_token: 'at', refresh_token: 'rt', expires_in: 3600 })
      if (init?.method === 'DELETE') {
        deleted.push(url)
        return new Response(null, { status: 204 })
      }
      return Response.json({
        token: 'to1tcmSFHeYY5KzyhOqVKMKb',
        ttl: 0,
        createdAt: '2026-11-28T12:00:00+00:00',
        expiresAt: null,
      })
    }) as typeof fetch
    const h = await createHarness({ broker: { fetch: upstreamFetch } })
    const res = await h.request('/v1/upload-token', post(await h.mint({ scope: 'videos:upload' })))
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({ code: 'upstream_error' })
    expect(deleted).toEqual(['https://apivideo.test/upload-tokens/to1tcmSFHeYY5KzyhOqVKMKb'])
  })

  it('writes an audit line with sub, jti and expiry, never the upload token', async () => {
    const h = await createHarness()
    const body = (await (
      await h.request('/v1/upload-token', post(await h.mint({ sub: 'alice', jti: 'jti-1' })))
    ).json()) as UploadTokenBody
    const audit = h.logs.filter((line) => line.event === 'upload_token.issued')
    expect(audit).toHaveLength(1)
    expect(audit[0]?.fields).toMatchObject({
      sub: 'alice',
      jti: 'jti-1',
      ttl: 600,
      expiresAt: body.expiresAt,
    })
    expect(JSON.stringify(h.logs)).not.toContain(body.token)
  })
})

describe('POST /v1/upload-token in ownership mode', () => {
  it("creates the caller's video first and answers its videoId with the token", async () => {
    const h = await ownershipHarness()
    const alice = await userToken(h, 'alice')
    const res = await h.request('/v1/upload-token', post(alice, { title: 'Holiday' }))
    expect(res.status).toBe(200)
    const body = (await res.json()) as UploadTokenBody & { videoId: string }
    expect(body.videoId).toMatch(/^vi[0-9A-Za-z]{22}$/)
    const video = await (await direct(h, `/videos/${body.videoId}`)).json()
    expect(video).toMatchObject({
      title: 'Holiday',
      metadata: [{ key: OWNER_KEY, value: 'alice' }],
    })
    // The owner is known without a lookup; Bob gets the 404 of a missing video.
    const before = h.apiCalls().length
    expect((await h.api(`/videos/${body.videoId}`, alice)).status).toBe(200)
    expect(h.apiCalls().slice(before)).toHaveLength(1)
    const bob = await userToken(h, 'bob')
    expect((await h.api(`/videos/${body.videoId}`, bob)).status).toBe(404)
  })

  it('names the video "Untitled" without a title, and refuses a blank or overlong one', async () => {
    const h = await ownershipHarness()
    const alice = await userToken(h, 'alice')
    const { videoId } = (await (await h.request('/v1/upload-token', post(alice))).json()) as {
      videoId: string
    }
    expect(await (await direct(h, `/videos/${videoId}`)).json()).toMatchObject({
      title: 'Untitled',
    })
    for (const title of ['', '  ', 42, 'x'.repeat(257)]) {
      const res = await h.request('/v1/upload-token', post(alice, { title }))
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ code: 'invalid_request' })
    }
  })

  it('deletes the video again when api.video then fails to make the token', async () => {
    const h = await ownershipHarness()
    h.emulator.faults.add({ kind: 'error', method: 'POST', path: '/upload-tokens', status: 500 })
    const res = await h.request('/v1/upload-token', post(await userToken(h, 'alice')))
    expect(res.status).toBe(502)
    const created = h
      .apiCalls()
      .find((call) => call.method === 'POST' && call.url.endsWith('/videos'))
    expect(created).toBeDefined()
    const list = (await (await direct(h, '/videos')).json()) as { data: unknown[] }
    expect(list.data).toEqual([])
  })

  it('without ownership answers no videoId and refuses a title, creating nothing', async () => {
    const h = await createHarness()
    const token = await h.mint({ scope: 'videos:upload' })
    const plain = (await (await h.request('/v1/upload-token', post(token))).json()) as object
    expect(plain).not.toHaveProperty('videoId')
    const titled = await h.request('/v1/upload-token', post(token, { title: 'Holiday' }))
    expect(titled.status).toBe(400)
    expect(await titled.json()).toMatchObject({
      code: 'invalid_request',
      'invalid-params': [{ in: 'body', name: '/title' }],
    })
    expect(h.apiCalls().filter((call) => call.url.endsWith('/videos'))).toHaveLength(0)
  })
})

import { describe, expect, it } from 'vitest'
import {
  API_KEY,
  call,
  createUploadToken,
  createVideo,
  jsonOf,
  setup,
  slugOf,
  T0,
  uploadForm,
} from '../test-support/harness.ts'

const control = (
  emulator: ReturnType<typeof setup>,
  path: string,
  json?: unknown,
  method = 'POST'
) =>
  call(
    emulator,
    `/_emulator${path}`,
    json === undefined ? { method, auth: false } : { method, json, auth: false }
  )

describe('GET /_emulator/stats', () => {
  it('counts requests by route and status, and auth calls by outcome', async () => {
    const emulator = setup()
    await call(emulator, '/auth/api-key', { json: { apiKey: API_KEY }, auth: false })
    await call(emulator, '/auth/api-key', { json: { apiKey: 'bad' }, auth: false })
    await call(emulator, '/auth/refresh', { json: { refreshToken: 'bad' }, auth: false })
    const { videoId } = await createVideo(emulator)
    await call(emulator, `/videos/${videoId}`)
    await call(emulator, '/videos/vi0000000000000000000000')
    const stats = await jsonOf(await control(emulator, '/stats', undefined, 'GET'))
    expect(stats).toEqual({
      total: 6,
      routes: {
        'POST /auth/api-key': { '200': 1, '400': 1 },
        'POST /auth/refresh': { '401': 1 },
        'POST /videos': { '201': 1 },
        'GET /videos/{videoId}': { '200': 1, '404': 1 },
      },
      auth: { apiKey: { succeeded: 1, failed: 1 }, refresh: { succeeded: 0, failed: 1 } },
      dropped: 0,
      faulted: 0,
      resources: expect.objectContaining({
        videos: 1,
        uploadTokens: 0,
        liveStreams: 0,
        webhooks: 0,
      }),
      webhooks: { delivered: 0, retried: 0, failed: 0, skipped: 0 },
    })
  })
})

describe('/_emulator/clock', () => {
  it('advances, sets and resets the clock that drives expiry', async () => {
    const emulator = setup()
    expect(await jsonOf(await control(emulator, '/clock', { advanceSeconds: 90 }))).toEqual({
      now: new Date(T0 + 90_000).toISOString(),
      epochMs: T0 + 90_000,
    })
    await control(emulator, '/clock', { advanceMs: 10 })
    expect(emulator.clock.now()).toBe(T0 + 90_010)
    await control(emulator, '/clock', { set: '2030-01-01T00:00:00Z' })
    expect(emulator.clock.now()).toBe(Date.UTC(2030, 0, 1))
    await control(emulator, '/clock', { reset: true })
    expect((await jsonOf(await control(emulator, '/clock', undefined, 'GET'))).epochMs).toBe(T0)
    expect(await slugOf(await control(emulator, '/clock', { set: 'soon' }))).toBe(
      'invalid-attribute'
    )
    expect(await slugOf(await control(emulator, '/clock', {}))).toBe('invalid-attribute')
  })

  it('expires an upload token when advanced past its ttl', async () => {
    const emulator = setup()
    const token = await createUploadToken(emulator, 60)
    await control(emulator, '/clock', { advanceSeconds: 60 })
    expect((await call(emulator, `/upload-tokens/${token}`)).status).toBe(404)
  })
})

describe('/_emulator/faults', () => {
  it('answers an error fault with its status on the matching route only, for `times` requests', async () => {
    const emulator = setup()
    const rule = await jsonOf(
      await control(emulator, '/faults', {
        kind: 'error',
        status: 503,
        path: '/videos',
        method: 'get',
        times: 1,
      })
    )
    expect(rule).toMatchObject({ id: 'f1', kind: 'error', method: 'GET', remaining: 1 })
    const failed = await call(emulator, '/videos')
    expect(failed.status).toBe(503)
    expect(failed.headers.get('content-type')).toBe('application/problem+json')
    expect(failed.headers.has('x-emulator-fault')).toBe(false)
    expect((await call(emulator, '/videos')).status).toBe(200)
    expect((await call(emulator, '/videos', { json: { title: 't' } })).status).toBe(201)
    expect(emulator.stats().faulted).toBe(1)
  })

  it('applies a fault with the given probability, drawn from the injected random', async () => {
    const draws = [0.2, 0.9]
    const emulator = setup({ random: () => draws.shift() ?? 0 })
    await control(emulator, '/faults', { kind: 'error', probability: 0.5, path: '/videos*' })
    expect((await call(emulator, '/videos')).status).toBe(500)
    expect((await call(emulator, '/videos')).status).toBe(200)
  })

  it('delays a request by latencyMs, then processes it', async () => {
    const waits: number[] = []
    const emulator = setup({ sleep: async (ms) => void waits.push(ms) })
    await control(emulator, '/faults', { kind: 'latency', latencyMs: 2500 })
    expect((await call(emulator, '/videos')).status).toBe(200)
    expect(waits).toEqual([2500])
  })

  it('drops the answer of a processed request: the video exists though the caller saw a network error', async () => {
    const emulator = setup()
    await control(emulator, '/faults', { kind: 'drop', path: '/videos', method: 'POST' })
    await expect(call(emulator, '/videos', { json: { title: 'lost answer' } })).rejects.toThrow(
      TypeError
    )
    const list = await jsonOf<{ data: Array<{ title: string }> }>(await call(emulator, '/videos'))
    expect(list.data.map((video) => video.title)).toEqual(['lost answer'])
    expect(emulator.stats()).toMatchObject({ dropped: 1, faulted: 1 })
  })

  it('forces a 429 with rate-limit headers and the documented body', async () => {
    const emulator = setup()
    await control(emulator, '/faults', {
      kind: 'rate-limit',
      retryAfterSeconds: 7,
      path: '/upload-tokens',
    })
    const res = await call(emulator, '/upload-tokens')
    expect(res.status).toBe(429)
    expect(res.headers.get('x-ratelimit-retry-after')).toBe('7')
    expect(await slugOf(res)).toBe('too-many-requests')
  })

  it('lists, removes and clears rules, and refuses an invalid one', async () => {
    const emulator = setup()
    await control(emulator, '/faults', { kind: 'error' })
    await control(emulator, '/faults', { kind: 'latency', latencyMs: 0 })
    const listed = await jsonOf<{ data: Array<{ id: string }> }>(
      await control(emulator, '/faults', undefined, 'GET')
    )
    expect(listed.data.map((rule) => rule.id)).toEqual(['f1', 'f2'])
    expect((await control(emulator, '/faults/f1', undefined, 'DELETE')).status).toBe(204)
    expect((await control(emulator, '/faults/f1', undefined, 'DELETE')).status).toBe(404)
    expect((await control(emulator, '/faults', undefined, 'DELETE')).status).toBe(204)
    expect(emulator.faults.list()).toEqual([])
    for (const bad of [
      { kind: 'explode' },
      { kind: 'error', status: 200 },
      { kind: 'error', probability: 2 },
      { kind: 'drop', times: 0 },
    ]) {
      expect(await slugOf(await control(emulator, '/faults', bad))).toBe('invalid-attribute')
    }
  })

  it('never touches the control plane itself', async () => {
    const emulator = setup()
    await control(emulator, '/faults', { kind: 'error' })
    expect((await control(emulator, '/stats', undefined, 'GET')).status).toBe(200)
  })
})

describe('control actions', () => {
  it('revokes every token with POST /_emulator/revoke-tokens', async () => {
    const emulator = setup()
    const login = await jsonOf<{ access_token: string }>(
      await call(emulator, '/auth/api-key', { json: { apiKey: API_KEY }, auth: false })
    )
    expect((await control(emulator, '/revoke-tokens')).status).toBe(204)
    const res = await call(emulator, '/videos', {
      headers: { authorization: `Bearer ${login.access_token}` },
    })
    expect(res.status).toBe(401)
  })

  it('forgets everything with POST /_emulator/reset', async () => {
    const emulator = setup()
    await createVideo(emulator)
    await createUploadToken(emulator)
    emulator.clock.advance(5_000)
    emulator.faults.add({ kind: 'latency', latencyMs: 0 })
    expect((await control(emulator, '/reset')).status).toBe(204)
    expect(emulator.stats().total).toBe(0)
    expect(emulator.faults.list()).toEqual([])
    expect(emulator.clock.now()).toBe(T0)
    expect((await jsonOf<{ data: unknown[] }>(await call(emulator, '/videos'))).data).toEqual([])
    expect(
      (await jsonOf<{ data: unknown[] }>(await call(emulator, '/upload-tokens'))).data
    ).toEqual([])
  })

  it('reports what an upload received with GET /_emulator/uploads/{videoId}', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator)
    expect((await control(emulator, `/uploads/${videoId}`, undefined, 'GET')).status).toBe(404)
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(42) })
    const ingest = await jsonOf(await control(emulator, `/uploads/${videoId}`, undefined, 'GET'))
    expect(ingest).toMatchObject({
      mode: 'single',
      receivedBytes: 42,
      totalBytes: 42,
      filename: 'clip.mp4',
    })
  })
})

describe('local assets', () => {
  it('point at placeholders the emulator serves: thumbnail, player and an HLS manifest that waits for encoding', async () => {
    const emulator = setup({ assets: 'local', encodingSeconds: 5 })
    const video = await createVideo(emulator, 'Local <demo>')
    const assets = video.assets as Record<string, string>
    expect(assets.thumbnail).toBe(
      `http://apivideo-emulator.local/_emulator/assets/vod/${video.videoId}/thumbnail.jpg`
    )
    const thumbnail = await emulator.fetch(assets.thumbnail as string)
    expect(thumbnail.headers.get('content-type')).toContain('image/svg+xml')
    expect(await thumbnail.text()).toContain('Local &#60;demo&#62;')
    expect((await emulator.fetch(assets.player as string)).headers.get('content-type')).toContain(
      'text/html'
    )
    expect((await emulator.fetch(assets.hls as string)).status).toBe(202)
    await call(emulator, `/videos/${video.videoId}/source`, {
      method: 'POST',
      body: uploadForm(10),
    })
    expect((await emulator.fetch(assets.hls as string)).status).toBe(202)
    emulator.clock.advance(5_000)
    const manifest = await emulator.fetch(assets.hls as string)
    expect(manifest.status).toBe(200)
    expect(await manifest.text()).toMatch(/^#EXTM3U/)
    expect((await emulator.fetch(assets.mp4 as string)).status).toBe(404)
  })

  it('serve private token paths and answer 404 for unknown videos', async () => {
    const emulator = setup({ assets: 'local' })
    const video = await createVideo(emulator, 'Private', { public: false })
    const assets = video.assets as Record<string, string>
    expect(assets.thumbnail).toContain('/token/')
    expect((await emulator.fetch(assets.thumbnail as string)).status).toBe(200)
    expect(
      (await emulator.fetch('/_emulator/assets/vod/vi0000000000000000000000/thumbnail.jpg')).status
    ).toBe(404)
  })
})

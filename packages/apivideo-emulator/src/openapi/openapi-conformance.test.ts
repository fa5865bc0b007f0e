import { describe, expect, it } from 'vitest'
import {
  API_KEY,
  call,
  createUploadToken,
  createVideo,
  jsonOf,
  MIB,
  setup,
  uploadForm,
} from '../test-support/harness.ts'
import { expectConforms } from '../test-support/openapi.ts'

// Every implemented operation's real answers, success and error, checked against the vendored spec.

const LIMITED = { rateLimits: { reads: 1, writes: 1, uploads: 1 } }
const FAKE_VIDEO = 'vi0000000000000000000000'

describe('auth operations conform to the spec', () => {
  it('POST /auth/api-key: 200 and 400', async () => {
    const emulator = setup()
    await expectConforms(
      await call(emulator, '/auth/api-key', { json: { apiKey: API_KEY }, auth: false }),
      'POST',
      '/auth/api-key'
    )
    await expectConforms(
      await call(emulator, '/auth/api-key', { json: { apiKey: 'no' }, auth: false }),
      'POST',
      '/auth/api-key'
    )
  })

  it('POST /auth/refresh: 200, the OAS 400 and the documented 401', async () => {
    for (const refreshErrorStyle of ['oas-400', 'docs-401'] as const) {
      const emulator = setup({ refreshErrorStyle })
      const pair = await jsonOf<{ refresh_token: string }>(
        await call(emulator, '/auth/api-key', { json: { apiKey: API_KEY }, auth: false })
      )
      const refresh = () =>
        call(emulator, '/auth/refresh', { json: { refreshToken: pair.refresh_token }, auth: false })
      await expectConforms(await refresh(), 'POST', '/auth/refresh')
      await expectConforms(await refresh(), 'POST', '/auth/refresh')
    }
  })
})

describe('video operations conform to the spec', () => {
  it('POST /videos: 201, 202, 400 and 429', async () => {
    const emulator = setup(LIMITED)
    const full = {
      title: 'T',
      description: 'D',
      tags: ['a'],
      metadata: [{ key: 'k', value: 'v' }],
      language: 'fr',
      playerId: 'pl1',
      public: false,
    }
    await expectConforms(await call(emulator, '/videos', { json: full }), 'POST', '/videos')
    await expectConforms(
      await call(emulator, '/videos', { json: { title: 'x' } }),
      'POST',
      '/videos'
    )
    const other = setup()
    await expectConforms(
      await call(other, '/videos', { json: { title: 'u', source: 'https://example.com/v.mp4' } }),
      'POST',
      '/videos'
    )
    await expectConforms(await call(other, '/videos', { json: { tags: 3 } }), 'POST', '/videos')
  })

  it('GET /videos: 200 with every kind of video, 400 and 429', async () => {
    const emulator = setup({ seedVideos: 2, assets: 'local' })
    await createVideo(emulator, 'Private', { public: false, language: 'en', mp4Support: false })
    await expectConforms(await call(emulator, '/videos?pageSize=2&currentPage=2'), 'GET', '/videos')
    await expectConforms(await call(emulator, '/videos?currentPage=0'), 'GET', '/videos')
    const limited = setup(LIMITED)
    await call(limited, '/videos')
    await expectConforms(await call(limited, '/videos'), 'GET', '/videos')
  })

  it('GET, PATCH and DELETE /videos/{videoId}: success, 400, 401, 404 and 429', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator)
    const path = '/videos/{videoId}'
    await expectConforms(await call(emulator, `/videos/${videoId}`), 'GET', path)
    await expectConforms(await call(emulator, `/videos/${FAKE_VIDEO}`), 'GET', path)
    await expectConforms(await call(emulator, `/videos/${videoId}`, { auth: false }), 'GET', path)
    await expectConforms(
      await call(emulator, `/videos/${videoId}`, {
        method: 'PATCH',
        json: { title: 'New', language: null },
      }),
      'PATCH',
      path
    )
    await expectConforms(
      await call(emulator, `/videos/${videoId}`, { method: 'PATCH', json: { public: 'no' } }),
      'PATCH',
      path
    )
    await expectConforms(
      await call(emulator, `/videos/${FAKE_VIDEO}`, { method: 'PATCH', json: {} }),
      'PATCH',
      path
    )
    await expectConforms(
      await call(emulator, `/videos/${videoId}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
    await expectConforms(
      await call(emulator, `/videos/${videoId}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
    const limited = setup(LIMITED)
    const created = await createVideo(setup())
    await call(limited, `/videos/${created.videoId}`)
    await expectConforms(await call(limited, `/videos/${created.videoId}`), 'GET', path)
  })

  it('POST /videos/{videoId}/source: 201, 400 and 404', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator)
    const path = '/videos/{videoId}/source'
    const send = (id: string, body: FormData, headers = {}) =>
      call(emulator, `/videos/${id}/source`, { method: 'POST', body, headers })
    await expectConforms(
      await send(videoId, uploadForm(5 * MIB), { 'content-range': 'part 1/2' }),
      'POST',
      path
    )
    await expectConforms(
      await send(videoId, uploadForm(10), { 'content-range': 'part 1/2' }),
      'POST',
      path
    )
    await expectConforms(await send(FAKE_VIDEO, uploadForm(10)), 'POST', path)
  })

  it('GET /videos/{videoId}/status: 200 before, during and after an upload, and 404', async () => {
    const emulator = setup({ encodingSeconds: 0 })
    const { videoId } = await createVideo(emulator)
    const path = '/videos/{videoId}/status'
    await expectConforms(await call(emulator, `/videos/${videoId}/status`), 'GET', path)
    const send = (range: string, size: number) =>
      call(emulator, `/videos/${videoId}/source`, {
        method: 'POST',
        body: uploadForm(size),
        headers: { 'content-range': range },
      })
    await send('part 1/*', 5 * MIB)
    await expectConforms(await call(emulator, `/videos/${videoId}/status`), 'GET', path)
    await send('part 2/2', 5)
    await expectConforms(await call(emulator, `/videos/${videoId}/status`), 'GET', path)
    await expectConforms(await call(emulator, `/videos/${FAKE_VIDEO}/status`), 'GET', path)
  })
})

describe('upload token operations conform to the spec', () => {
  it('POST and GET /upload-tokens: 200, 400 and 429', async () => {
    const emulator = setup(LIMITED)
    await expectConforms(
      await call(emulator, '/upload-tokens', { json: { ttl: 60 } }),
      'POST',
      '/upload-tokens'
    )
    await expectConforms(
      await call(emulator, '/upload-tokens', { json: { ttl: 0 } }),
      'POST',
      '/upload-tokens'
    )
    await expectConforms(
      await call(setup(), '/upload-tokens', { json: { ttl: -5 } }),
      'POST',
      '/upload-tokens'
    )
    await expectConforms(await call(emulator, '/upload-tokens'), 'GET', '/upload-tokens')
    await expectConforms(await call(emulator, '/upload-tokens'), 'GET', '/upload-tokens')
    await expectConforms(
      await call(emulator, '/upload-tokens?sortBy=nope'),
      'GET',
      '/upload-tokens'
    )
  })

  it('GET and DELETE /upload-tokens/{uploadToken}: 200, 204 and 404', async () => {
    const emulator = setup()
    const token = await createUploadToken(emulator)
    const path = '/upload-tokens/{uploadToken}'
    await expectConforms(await call(emulator, `/upload-tokens/${token}`), 'GET', path)
    await expectConforms(
      await call(emulator, `/upload-tokens/${token}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
    await expectConforms(await call(emulator, `/upload-tokens/${token}`), 'GET', path)
    await expectConforms(
      await call(emulator, `/upload-tokens/${token}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
  })

  it('POST /upload: 201, 400, 401, 404 and 429', async () => {
    const emulator = setup({ rateLimits: { reads: 10, writes: 10, uploads: 5 } })
    const token = await createUploadToken(emulator)
    const upload = (body: FormData, query = `?token=${token}`, headers = {}) =>
      call(emulator, `/upload${query}`, { method: 'POST', body, headers, auth: false })
    const first = await upload(uploadForm(5 * MIB), undefined, { 'content-range': 'part 1/2' })
    const { videoId } = (await expectConforms(first, 'POST', '/upload')) as { videoId: string }
    await expectConforms(
      await upload(uploadForm(5, { videoId }), undefined, { 'content-range': 'part 2/2' }),
      'POST',
      '/upload'
    )
    await expectConforms(await upload(uploadForm(5, { videoId })), 'POST', '/upload')
    await expectConforms(
      await upload(uploadForm(5), '?token=to0000000000000000000000'),
      'POST',
      '/upload'
    )
    await expectConforms(await upload(uploadForm(5, { videoId: FAKE_VIDEO })), 'POST', '/upload')
    await expectConforms(await upload(uploadForm(5)), 'POST', '/upload')
  })
})

describe('the conformance check itself', () => {
  const headers = {
    'content-type': 'application/json',
    'x-ratelimit-limit': '1',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-retry-after': '1',
  }
  const fake = (body: unknown, status = 200, extra: Record<string, string> = headers) =>
    new Response(JSON.stringify(body), { status, headers: extra })

  it('fails a body that breaks the schema', async () => {
    await expect(expectConforms(fake({ videoId: 5 }), 'GET', '/videos/{videoId}')).rejects.toThrow()
    await expect(
      expectConforms(fake({ token: 'to1', ttl: 'long' }), 'GET', '/upload-tokens/{uploadToken}')
    ).rejects.toThrow()
  })

  it('fails a missing rate-limit header, an undeclared status and a JSON error content type', async () => {
    await expect(
      expectConforms(
        fake({ videoId: 'vi1' }, 200, { 'content-type': 'application/json' }),
        'GET',
        '/videos/{videoId}'
      )
    ).rejects.toThrow()
    await expect(expectConforms(fake({}, 418), 'GET', '/videos')).rejects.toThrow()
    await expect(
      expectConforms(fake({ type: 't', title: 't', status: 404 }, 404), 'GET', '/videos/{videoId}')
    ).rejects.toThrow()
  })

  it('lets relative pagination links through, and nothing else about links', async () => {
    const page = (uri: unknown) => ({ data: [], pagination: { links: [{ rel: 'self', uri }] } })
    await expectConforms(fake(page('/videos?currentPage=1&pageSize=25')), 'GET', '/videos')
    await expect(expectConforms(fake(page(42)), 'GET', '/videos')).rejects.toThrow()
  })
})

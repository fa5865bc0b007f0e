import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { call, jsonOf, setup, slugOf } from '../test-support/harness.ts'
import { newVideoId, PNG, postFile, uploadCaption } from '../test-support/media.ts'

// Rate limits, auth, CORS, faults, 405s and stats reach the media routes as they reach /videos.

describe('the media routes share the API surface rules', () => {
  it('carry X-RateLimit-* and answer 429 past the limit of their method class', async () => {
    const emulator = setup({ rateLimits: { reads: 2, writes: 1, uploads: 1 } })
    const first = await call(emulator, '/tags')
    expect(first.headers.get('x-ratelimit-limit')).toBe('2')
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1')
    await call(emulator, '/watermarks')
    expect((await call(emulator, '/discarded/videos')).status).toBe(429)
    expect((await postFile(emulator, '/watermarks', PNG)).status).toBe(200)
    const limited = await postFile(emulator, '/watermarks', PNG)
    expect(await slugOf(limited)).toBe('too-many-requests')
    expect(limited.headers.get('x-ratelimit-retry-after')).toMatch(/^\d+$/)
  })

  it('need credentials, and answer 405 to other methods', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    expect((await call(emulator, '/tags', { auth: false })).status).toBe(401)
    expect((await call(emulator, '/discarded/videos', { auth: false })).status).toBe(401)
    expect((await call(emulator, `/videos/${videoId}/captions`, { auth: false })).status).toBe(401)
    expect(await slugOf(await call(emulator, '/tags', { method: 'POST', json: {} }))).toBe(
      'method-not-allowed'
    )
    const other = await call(emulator, `/videos/${videoId}/thumbnail`, { method: 'DELETE' })
    expect(await slugOf(other)).toBe('method-not-allowed')
  })

  it('answer CORS preflights and carry CORS headers on errors', async () => {
    const emulator = setup()
    const origin = 'http://127.0.0.1:5173'
    const preflight = await emulator.fetch('/videos/vi0000000000000000000000/captions/en', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PATCH' },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH')
    const missing = await call(emulator, '/watermarks/watermark_x', {
      method: 'DELETE',
      headers: { origin },
    })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('take faults and are counted in stats under their templated route', async () => {
    const emulator = setup()
    emulator.faults.add({ kind: 'error', status: 503, path: '/tags', times: 1 })
    expect((await call(emulator, '/tags')).status).toBe(503)
    expect((await call(emulator, '/tags')).status).toBe(200)
    const videoId = await newVideoId(emulator)
    await uploadCaption(emulator, videoId, 'en')
    await call(emulator, `/videos/${videoId}/captions/fr`)
    const watermark = await jsonOf<{ watermarkId: string }>(
      await postFile(emulator, '/watermarks', PNG)
    )
    await call(emulator, `/watermarks/${watermark.watermarkId}`, { method: 'DELETE' })
    const stats = emulator.stats()
    expect(stats.routes).toMatchObject({
      'GET /tags': { '200': 1, '503': 1 },
      'POST /videos/{videoId}/captions/{language}': { '200': 1 },
      'GET /videos/{videoId}/captions/{language}': { '404': 1 },
      'DELETE /watermarks/{watermarkId}': { '204': 1 },
    })
    expect(stats.faulted).toBe(1)
    expect(stats.resources).toMatchObject({ videos: 1, captions: 1, watermarks: 0 })
    await postFile(emulator, `/videos/${videoId}/thumbnail`, PNG)
    await postFile(emulator, '/watermarks', PNG)
    emulator.reset()
    expect(Object.values(emulator.stats().resources).every((count) => count === 0)).toBe(true)
    expect((await call(emulator, '/watermarks')).status).toBe(200)
  })
})

describe('bad input on the media routes', () => {
  it('never crashes: any method, body and content type get a problem+json 4xx or a success', async () => {
    const emulator = setup({ rateLimits: false, videoRestore: true })
    const videoId = await newVideoId(emulator)
    await uploadCaption(emulator, videoId, 'en')
    const paths = [
      `/videos/${videoId}/thumbnail`,
      `/videos/${videoId}/captions`,
      `/videos/${videoId}/captions/en`,
      `/videos/${videoId}/captions/x%20y`,
      `/videos/${videoId}/chapters/fr-CA`,
      '/watermarks',
      '/watermarks/watermark_1',
      '/tags?value=%C3%A9&sortBy=videoCount',
      '/discarded/videos?tags[]=a',
      `/discarded/videos/${videoId}`,
    ]
    const bodies = [
      fc.json(),
      fc.string(),
      fc.constant('{"default":"yes","timecode":5,"discarded":null}'),
      fc.uint8Array({ maxLength: 64 }).map((bytes) => {
        const form = new FormData()
        form.append('file', new Blob([bytes]), 'x.vtt')
        return form
      }),
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'),
        fc.constantFrom(...paths),
        fc.oneof(...bodies),
        fc.constantFrom('application/json', 'multipart/form-data; boundary=b', 'text/plain', ''),
        async (method, path, body, contentType) => {
          const headers: Record<string, string> = {}
          if (contentType && !(body instanceof FormData)) headers['content-type'] = contentType
          const init = method === 'GET' ? { method, headers } : { method, headers, body }
          const res = await call(emulator, path, init)
          expect(res.status).toBeLessThan(500)
          if (res.status >= 400) {
            expect(res.headers.get('content-type')).toBe('application/problem+json')
          }
        }
      ),
      { numRuns: 300, seed: 7 }
    )
  })
})

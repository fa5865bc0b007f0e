import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { call, createVideo, setup, slugOf } from './test-support/harness.ts'

describe('bad input', () => {
  it('gets invalid-payload for malformed JSON and for JSON that is not an object', async () => {
    const emulator = setup()
    for (const body of ['{"title":', '[1,2]', '"x"', 'null', '\u00ff\u00fe']) {
      const res = await call(emulator, '/videos', {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      })
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toBe('application/problem+json')
      expect(await slugOf(res)).toBe('invalid-payload')
    }
  })

  it('gets payload-too-large for a JSON body over maxJsonBytes', async () => {
    const emulator = setup({ maxJsonBytes: 100 })
    const res = await call(emulator, '/videos', { json: { title: 'x'.repeat(200) } })
    expect(res.status).toBe(413)
    expect(await slugOf(res)).toBe('payload-too-large')
  })

  it('gets unrecognized-request-url for an unknown route and method-not-allowed for a wrong method', async () => {
    const emulator = setup()
    const unknown = await call(emulator, '/v2/videos')
    expect(unknown.status).toBe(404)
    expect(await slugOf(unknown)).toBe('unrecognized-request-url')
    const { videoId } = await createVideo(emulator)
    for (const [method, path] of [
      ['PUT', '/videos'],
      ['POST', `/videos/${videoId}`],
      ['GET', '/upload'],
      ['GET', '/auth/api-key'],
      ['PATCH', '/upload-tokens'],
    ] as const) {
      const res = await call(emulator, path, { method })
      expect(res.status).toBe(405)
      expect(await slugOf(res)).toBe('method-not-allowed')
    }
  })

  it('never crashes: any method, path, headers and body get a problem+json 4xx or a success', async () => {
    const emulator = setup({ rateLimits: false })
    const { videoId } = await createVideo(emulator)
    const paths = [
      '/videos',
      `/videos/${videoId}`,
      `/videos/${videoId}/source`,
      `/videos/${videoId}/status`,
      '/upload-tokens',
      '/upload?token=x',
      '/auth/api-key',
      '/auth/refresh',
      '/_emulator/clock',
      '/_emulator/faults',
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'),
        fc.oneof(fc.constantFrom(...paths), fc.webPath()),
        fc.oneof(fc.json(), fc.string(), fc.constant('{"title":1,"tags":[1],"ttl":-1}')),
        fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=b', ''),
        fc.constantFrom('part 1/2', 'bytes 0-1/2', 'garbage', ''),
        async (method, path, body, contentType, contentRange) => {
          const headers: Record<string, string> = {}
          if (contentType) headers['content-type'] = contentType
          if (contentRange) headers['content-range'] = contentRange
          const init = method === 'GET' ? { method, headers } : { method, headers, body }
          const res = await call(emulator, path.startsWith('/') ? path : `/${path}`, init)
          expect(res.status).toBeLessThan(500)
          if (res.status >= 400)
            expect(res.headers.get('content-type')).toBe('application/problem+json')
        }
      ),
      { numRuns: 300, seed: 42 }
    )
  })
})

import { describe, expect, it } from 'vitest'
import { methodClass } from './rate-limit.ts'
import { call, createVideo, jsonOf, setup, uploadForm } from './test-support/harness.ts'

const LIMITS = { reads: 3, writes: 2, uploads: 1 }

describe('rate limits', () => {
  it('classify uploads, reads and writes', () => {
    expect(methodClass('POST', '/upload')).toBe('uploads')
    expect(methodClass('POST', '/videos/vi1/source')).toBe('uploads')
    expect(methodClass('GET', '/videos')).toBe('reads')
    expect(methodClass('DELETE', '/videos/vi1')).toBe('writes')
    expect(methodClass('POST', '/videos')).toBe('writes')
  })

  it('count down X-RateLimit-Remaining with the limit and seconds to the window end', async () => {
    const emulator = setup({ rateLimits: LIMITS })
    const first = await call(emulator, '/videos')
    expect(
      Object.fromEntries([...first.headers].filter(([name]) => name.startsWith('x-ratelimit')))
    ).toEqual({
      'x-ratelimit-limit': '3',
      'x-ratelimit-remaining': '2',
      'x-ratelimit-retry-after': '60',
    })
    emulator.clock.advance(20_500)
    const second = await call(emulator, '/videos')
    expect(second.headers.get('x-ratelimit-remaining')).toBe('1')
    expect(second.headers.get('x-ratelimit-retry-after')).toBe('40')
  })

  it('answer past the limit with the documented 429, until the window ends', async () => {
    const emulator = setup({ rateLimits: LIMITS })
    for (let i = 0; i < 3; i++) expect((await call(emulator, '/videos')).status).toBe(200)
    const limited = await call(emulator, '/videos')
    expect(limited.status).toBe(429)
    expect(limited.headers.get('content-type')).toBe('application/problem+json')
    expect(await jsonOf(limited)).toEqual({
      type: 'https://docs.api.video/reference/too-many-requests',
      title: 'Too many requests.',
      status: 429,
    })
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(limited.headers.get('x-ratelimit-retry-after')).toBe('60')
    emulator.clock.advance(60_000)
    expect((await call(emulator, '/videos')).status).toBe(200)
  })

  it('keep one window per method class', async () => {
    const emulator = setup({ rateLimits: LIMITS })
    await createVideo(emulator)
    await createVideo(emulator)
    expect((await call(emulator, '/videos', { json: { title: 'x' } })).status).toBe(429)
    expect((await call(emulator, '/videos')).status).toBe(200)
    const upload = () =>
      call(emulator, '/upload?token=to0000000000000000000000', {
        method: 'POST',
        body: uploadForm(1),
        auth: false,
      })
    expect((await upload()).status).toBe(401)
    expect((await upload()).status).toBe(429)
  })

  it('put the headers on errors too: 401, 404 and unknown routes', async () => {
    const emulator = setup({ rateLimits: LIMITS })
    for (const res of [
      await call(emulator, '/videos', { auth: false }),
      await call(emulator, '/videos/vi0000000000000000000000'),
      await call(emulator, '/nope'),
    ]) {
      expect(res.headers.get('x-ratelimit-limit')).toBe('3')
    }
  })

  it('use the sandbox limits by default and nothing when switched off', async () => {
    expect((await call(setup(), '/videos')).headers.get('x-ratelimit-limit')).toBe('100')
    const off = setup({ rateLimits: false })
    const res = await call(off, '/videos')
    expect(res.headers.has('x-ratelimit-limit')).toBe(false)
  })
})

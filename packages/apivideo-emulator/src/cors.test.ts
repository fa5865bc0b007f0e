import { describe, expect, it } from 'vitest'
import { call, setup } from './test-support/harness.ts'

const preflight = (emulator = setup(), origin = 'http://127.0.0.1:5173', extra = {}) =>
  emulator.fetch('/upload?token=to0000000000000000000000', {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-range,av-origin-client',
      ...extra,
    },
  })

describe('CORS', () => {
  it('answers preflights allowing every header the official clients send', async () => {
    const res = await preflight()
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase().split(',')
    for (const header of [
      'authorization',
      'content-type',
      'content-range',
      'av-origin-client',
      'av-origin-app',
      'av-origin-sdk',
    ]) {
      expect(allowed).toContain(header)
    }
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH')
  })

  it('exposes the rate-limit headers, also on error answers', async () => {
    const res = await call(setup(), '/videos', {
      headers: { origin: 'http://127.0.0.1:5173' },
      auth: false,
    })
    expect(res.status).toBe(401)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Remaining')
  })

  it('allows only the configured origins when corsOrigins is a list', async () => {
    const emulator = setup({ corsOrigins: ['http://app.test'] })
    expect(
      (await preflight(emulator, 'http://app.test')).headers.get('access-control-allow-origin')
    ).toBe('http://app.test')
    expect(
      (await preflight(emulator, 'http://evil.test')).headers.get('access-control-allow-origin')
    ).toBeNull()
  })

  it('allows private network access when Chromium asks for it', async () => {
    const res = await preflight(setup(), 'https://public.example', {
      'access-control-request-private-network': 'true',
    })
    expect(res.headers.get('access-control-allow-private-network')).toBe('true')
  })
})

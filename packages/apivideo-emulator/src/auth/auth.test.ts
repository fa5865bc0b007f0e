import { describe, expect, it } from 'vitest'
import { createEmulator } from '../emulator.ts'

const API_KEY = 'test-api-key-0123456789'

async function exchange(emulator = createEmulator({ apiKey: API_KEY })) {
  const res = await emulator.fetch('/auth/api-key', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apiKey: API_KEY }),
  })
  return { emulator, res, body: (await res.json()) as Record<string, unknown> }
}

describe('auth', () => {
  it('exchanges the API key for a Bearer pair with an RS256 JWT', async () => {
    const { res, body } = await exchange()
    expect(res.status).toBe(200)
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 })
    const [header] = String(body.access_token).split('.')
    expect(JSON.parse(atob(header ?? ''))).toEqual({ typ: 'JWT', alg: 'RS256' })
    expect(String(body.refresh_token)).toMatch(/^def50200[0-9a-f]+$/)
  })

  it('answers a wrong key with the documented 400 problem', async () => {
    const emulator = createEmulator({ apiKey: API_KEY })
    const res = await emulator.fetch('/auth/api-key', {
      method: 'POST',
      body: JSON.stringify({ apiKey: 'nope' }),
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({
      type: 'https://docs.api.video/reference/authentication-invalid-user-credentials',
      name: '',
    })
  })

  it('protects /videos: 401 with WWW-Authenticate without a token, 200 with one', async () => {
    const { emulator, body } = await exchange()
    const anonymous = await emulator.fetch('/videos')
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /)
    const authorized = await emulator.fetch('/videos', {
      headers: { authorization: `Bearer ${body.access_token}` },
    })
    expect(authorized.status).toBe(200)
  })

  it('expires access tokens on the emulator clock', async () => {
    const { emulator, body } = await exchange()
    emulator.clock.advance(3600 * 1000)
    const res = await emulator.fetch('/videos', {
      headers: { authorization: `Bearer ${body.access_token}` },
    })
    expect(res.status).toBe(401)
  })

  it('drops the answer of a processed request when a drop fault matches', async () => {
    const emulator = createEmulator({ apiKey: API_KEY })
    emulator.faults.add({ kind: 'drop', path: '/auth/api-key', times: 1 })
    await expect(exchange(emulator)).rejects.toThrow(TypeError)
    expect(emulator.stats().auth.apiKey).toEqual({ succeeded: 1, failed: 0 })
    expect(emulator.stats().dropped).toBe(1)
  })
})

import { describe, expect, it } from 'vitest'
import { API_KEY, call, setup, slugOf } from '../test-support/harness.ts'

const withHeader = (authorization: string) =>
  call(setup(), '/videos', { headers: { authorization } })

describe('credentials on API routes', () => {
  it('accept Basic base64(apiKey + ":"), as the official Node.js client sends', async () => {
    expect((await withHeader(`Basic ${btoa(`${API_KEY}:`)}`)).status).toBe(200)
    expect((await withHeader(`basic ${btoa(`${API_KEY}:`)}`)).status).toBe(200)
  })

  it.each([
    [`Basic ${btoa('wrong-key:')}`, 'authentication-invalid-api-key'],
    [`Basic ${btoa(API_KEY)}`, 'authentication-invalid-api-key'],
    [`Basic ${btoa(`${API_KEY}:password`)}`, 'authentication-invalid-api-key'],
    ['Basic %%%', 'authentication-invalid-api-key'],
    ['Bearer not-a-token', 'authentication-invalid-access-token'],
    ['Bearer', 'authentication-invalid-authorization-header-value'],
    ['Token abc', 'authentication-invalid-authorization-header-value'],
    ['Bearer a b', 'authentication-invalid-authorization-header-value'],
  ])('answer %j with 401 %s, problem+json and WWW-Authenticate', async (header, slug) => {
    const res = await withHeader(header)
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="api.video"/)
    expect(await slugOf(res)).toBe(slug)
  })

  it('answer a missing header with 401 authentication-missing-authorization-header', async () => {
    const res = await call(setup(), '/upload-tokens', { auth: false })
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api.video"')
    expect(await slugOf(res)).toBe('authentication-missing-authorization-header')
  })

  it('stop working for every token after revokeAllTokens', async () => {
    const emulator = setup()
    const login = await call(emulator, '/auth/api-key', { json: { apiKey: API_KEY }, auth: false })
    const { access_token, refresh_token } = (await login.json()) as Record<string, string>
    emulator.revokeAllTokens()
    const listed = await call(emulator, '/videos', {
      headers: { authorization: `Bearer ${access_token}` },
    })
    expect(listed.status).toBe(401)
    const refreshed = await call(emulator, '/auth/refresh', {
      json: { refreshToken: refresh_token },
      auth: false,
    })
    expect(refreshed.status).toBe(401)
    expect((await call(emulator, '/videos')).status).toBe(200)
  })
})

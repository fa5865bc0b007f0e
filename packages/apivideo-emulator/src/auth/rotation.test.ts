import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator.ts'
import { API_KEY, call, jsonOf, setup, slugOf, T0 } from '../test-support/harness.ts'

type Pair = { access_token: string; refresh_token: string; expires_in: number; token_type: string }

const login = async (emulator: Emulator) =>
  jsonOf<Pair>(await call(emulator, '/auth/api-key', { json: { apiKey: API_KEY }, auth: false }))
const refresh = (emulator: Emulator, refreshToken: string) =>
  call(emulator, '/auth/refresh', { json: { refreshToken }, auth: false })
const listWith = (emulator: Emulator, token: string) =>
  call(emulator, '/videos', { headers: { authorization: `Bearer ${token}` } })

describe('access tokens', () => {
  it('are RS256 JWTs with float iat/nbf/exp, exp - iat = expires_in, and a projectId claim', async () => {
    const emulator = setup({ accessTokenTtlSeconds: 120, projectId: 'prTest' })
    const pair = await login(emulator)
    expect(pair.expires_in).toBe(120)
    const claims = decodeJwt(pair.access_token)
    expect(claims).toEqual({
      iat: T0 / 1000,
      nbf: T0 / 1000,
      exp: T0 / 1000 + 120,
      projectId: 'prTest',
    })
  })

  it('stop working at expiry on the emulator clock, not a second earlier', async () => {
    const emulator = setup({ accessTokenTtlSeconds: 60 })
    const { access_token } = await login(emulator)
    emulator.clock.advance(59_999)
    expect((await listWith(emulator, access_token)).status).toBe(200)
    emulator.clock.advance(1)
    const expired = await listWith(emulator, access_token)
    expect(expired.status).toBe(401)
    expect(await slugOf(expired)).toBe('authentication-invalid-access-token')
  })
})

describe('POST /auth/refresh', () => {
  it('rotates: a refresh token works once, and its reuse is the docs 401', async () => {
    const emulator = setup()
    const first = await login(emulator)
    const res = await refresh(emulator, first.refresh_token)
    expect(res.status).toBe(200)
    const second = await jsonOf<Pair>(res)
    expect(second.refresh_token).not.toBe(first.refresh_token)
    expect(second.token_type).toBe('Bearer')
    const reused = await refresh(emulator, first.refresh_token)
    expect(reused.status).toBe(401)
    expect(await jsonOf(reused)).toEqual({
      type: 'https://docs.api.video/reference/authentication-invalid-refresh-token',
      title: 'The refresh token is invalid.',
      status: 401,
    })
    expect((await refresh(emulator, second.refresh_token)).status).toBe(200)
  })

  it('answers the OAS 400 body instead when refreshErrorStyle is oas-400', async () => {
    const res = await refresh(setup({ refreshErrorStyle: 'oas-400' }), 'def50200nope')
    expect(res.status).toBe(400)
    expect(await jsonOf(res)).toMatchObject({
      name: '',
      type: expect.stringMatching(/invalid-user-credentials$/),
    })
  })

  it('revokes the old access token by default', async () => {
    const emulator = setup()
    const first = await login(emulator)
    const second = await jsonOf<Pair>(await refresh(emulator, first.refresh_token))
    expect((await listWith(emulator, first.access_token)).status).toBe(401)
    expect((await listWith(emulator, second.access_token)).status).toBe(200)
  })

  it('keeps the old access token valid when revokeOldAccessTokenOnRefresh is false', async () => {
    const emulator = setup({ revokeOldAccessTokenOnRefresh: false })
    const first = await login(emulator)
    await refresh(emulator, first.refresh_token)
    expect((await listWith(emulator, first.access_token)).status).toBe(200)
  })

  it('invalidates every earlier refresh token on a new /auth/api-key call', async () => {
    const emulator = setup()
    const a = await login(emulator)
    const b = await login(emulator)
    expect(await slugOf(await refresh(emulator, a.refresh_token))).toBe(
      'authentication-invalid-refresh-token'
    )
    expect((await refresh(emulator, b.refresh_token)).status).toBe(200)
    expect((await listWith(emulator, a.access_token)).status).toBe(200)
  })

  it('expires refresh tokens after refreshTokenTtlSeconds', async () => {
    const emulator = setup({ refreshTokenTtlSeconds: 100 })
    const { refresh_token } = await login(emulator)
    emulator.clock.advance(100_000)
    expect((await refresh(emulator, refresh_token)).status).toBe(401)
  })

  it('parses a JSON body sent as text/plain, as the official uploader sends it', async () => {
    const emulator = setup()
    const { refresh_token } = await login(emulator)
    const res = await call(emulator, '/auth/refresh', {
      method: 'POST',
      body: JSON.stringify({ refreshToken: refresh_token }),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      auth: false,
    })
    expect(res.status).toBe(200)
  })

  it('answers a missing refreshToken with attribute-required', async () => {
    const res = await call(setup(), '/auth/refresh', { json: {}, auth: false })
    expect(res.status).toBe(400)
    expect(await slugOf(res)).toBe('attribute-required')
  })

  it('loses the rotated token when the answer is dropped: the retry is refused', async () => {
    const emulator = setup()
    const { refresh_token } = await login(emulator)
    emulator.faults.add({ kind: 'drop', path: '/auth/refresh', times: 1 })
    await expect(refresh(emulator, refresh_token)).rejects.toThrow(TypeError)
    expect(await slugOf(await refresh(emulator, refresh_token))).toBe(
      'authentication-invalid-refresh-token'
    )
    expect(emulator.stats().auth.refresh).toEqual({ succeeded: 1, failed: 1 })
  })
})

describe('POST /auth/api-key', () => {
  it('answers a wrong key with 401 when authBadKeyStatus is 401', async () => {
    const res = await call(setup({ authBadKeyStatus: 401 }), '/auth/api-key', {
      json: { apiKey: 'wrong' },
      auth: false,
    })
    expect(res.status).toBe(401)
    expect(await slugOf(res)).toBe('authentication-invalid-user-credentials')
  })

  it('answers a missing or non-string apiKey with a 400', async () => {
    const emulator = setup()
    expect(await slugOf(await call(emulator, '/auth/api-key', { json: {}, auth: false }))).toBe(
      'attribute-required'
    )
    expect(
      await slugOf(await call(emulator, '/auth/api-key', { json: { apiKey: 1 }, auth: false }))
    ).toBe('invalid-attribute')
  })

  it('sends no rate-limit headers: /auth is not rate limited', async () => {
    const emulator = setup({ rateLimits: { reads: 1, writes: 1, uploads: 1 } })
    for (let i = 0; i < 3; i++) {
      const res = await call(emulator, '/auth/api-key', { json: { apiKey: API_KEY }, auth: false })
      expect(res.status).toBe(200)
      expect(res.headers.has('x-ratelimit-limit')).toBe(false)
    }
  })
})

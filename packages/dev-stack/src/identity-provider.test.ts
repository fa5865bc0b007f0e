import { scopesFromClaims } from '@keyward/broker'
import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { createIdentityProvider, type SignInAnswer } from './identity-provider.ts'
import { emulatorClock, startIdentityProvider } from './identity-server.ts'

const ISSUER = 'http://127.0.0.1:8788'
const DEMO = 'http://127.0.0.1:5173'
const NOW = Date.parse('2026-11-30T03:00:00Z')

const provider = () =>
  createIdentityProvider({ issuer: ISSUER, allowedOrigins: [DEMO], now: () => NOW })

const signIn = (body: unknown, origin: string | null = DEMO) =>
  new Request(`${ISSUER}/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('the development identity provider', () => {
  it('signs Alice a user JWT that verifies against its JWKS, with her sub and video scopes', async () => {
    const idp = await provider()
    const res = await idp.fetch(signIn({ user: 'alice' }))
    const answer = (await res.json()) as SignInAnswer
    const jwks = (await (
      await idp.fetch(new Request(`${ISSUER}/.well-known/jwks.json`))
    ).json()) as JSONWebKeySet
    const { payload } = await jwtVerify(answer.id_token, createLocalJWKSet(jwks), {
      issuer: ISSUER,
      audience: 'keyward-demo',
      currentDate: new Date(NOW),
    })

    expect(res.status).toBe(200)
    expect(answer).toMatchObject({ token_type: 'Bearer', expires_in: 3600 })
    expect(answer.user).toEqual({ id: 'alice', name: 'Alice', admin: false })
    expect(decodeProtectedHeader(answer.id_token)).toMatchObject({ alg: 'ES256', kid: idp.kid })
    expect(payload).toMatchObject({ sub: 'alice', exp: NOW / 1000 + 3600 })
    expect(scopesFromClaims(payload)).toEqual([
      'videos:read',
      'videos:write',
      'videos:delete',
      'videos:upload',
    ])
  })

  it('gives Bob his own sub, and only the admin the admin scope', async () => {
    const idp = await provider()
    const claims = async (user: string) => {
      const { id_token } = (await (await idp.fetch(signIn({ user }))).json()) as SignInAnswer
      return JSON.parse(atob(id_token.split('.')[1] as string)) as { sub: string; scope: string }
    }
    const [bob, admin] = [await claims('bob'), await claims('admin')]

    expect(bob.sub).toBe('bob')
    expect(bob.scope.split(' ')).not.toContain('admin')
    expect(admin.scope.split(' ')).toContain('admin')
    expect(admin.scope.split(' ')).toContain('analytics:read')
  })

  it('signs on the clock it is given, so tokens follow a moved emulator clock', async () => {
    const later = NOW + 25 * 3600_000
    const idp = await createIdentityProvider({
      issuer: ISSUER,
      allowedOrigins: [],
      now: async () => later,
    })
    const res = await idp.fetch(signIn({ user: 'alice' }, null))
    const { id_token } = (await res.json()) as SignInAnswer
    const claims = JSON.parse(atob(id_token.split('.')[1] as string)) as {
      iat: number
      exp: number
    }

    expect([claims.iat, claims.exp]).toEqual([later / 1000, later / 1000 + 3600])
  })

  it('publishes only the public key', async () => {
    const idp = await provider()
    const jwks = (await (
      await idp.fetch(new Request(`${ISSUER}/.well-known/jwks.json`))
    ).json()) as {
      keys: Array<Record<string, unknown>>
    }

    expect(jwks.keys).toHaveLength(1)
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: idp.kid })
    expect(jwks.keys[0]).not.toHaveProperty('d')
  })

  it('lists its users for the demo, without their scopes', async () => {
    const idp = await provider()
    const users = await (await idp.fetch(new Request(`${ISSUER}/users`))).json()

    expect(users).toEqual([
      { id: 'alice', name: 'Alice', admin: false },
      { id: 'bob', name: 'Bob', admin: false },
      { id: 'admin', name: 'Admin', admin: true },
    ])
  })

  it('refuses an unknown user and a body without one, with stable codes', async () => {
    const idp = await provider()
    const unknown = await idp.fetch(signIn({ user: 'mallory' }))
    const garbled = await idp.fetch(signIn('{not json'))

    expect([unknown.status, unknown.headers.get('content-type')]).toEqual([
      400,
      'application/problem+json',
    ])
    expect(await unknown.json()).toMatchObject({ code: 'unknown_user' })
    expect(await garbled.json()).toMatchObject({ code: 'invalid_request' })
  })

  it('lets the demo origin read its answers, and refuses other origins', async () => {
    const idp = await provider()
    const allowed = await idp.fetch(signIn({ user: 'alice' }))
    const other = await idp.fetch(signIn({ user: 'alice' }, 'https://evil.example'))
    const preflight = await idp.fetch(
      new Request(`${ISSUER}/sign-in`, { method: 'OPTIONS', headers: { origin: DEMO } })
    )

    expect(allowed.headers.get('access-control-allow-origin')).toBe(DEMO)
    expect(other.status).toBe(403)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    expect(await other.json()).toMatchObject({ code: 'origin_not_allowed' })
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type')
  })
})

describe('the identity provider server', () => {
  const closers: Array<() => Promise<void>> = []
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()))
  })

  it('serves on a free loopback port, its URL being the issuer of its tokens', async () => {
    const idp = await startIdentityProvider({ port: 0, allowedOrigins: [DEMO] })
    closers.push(idp.close)
    const res = await fetch(`${idp.url}/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: DEMO },
      body: '{"user":"bob"}',
    })
    const { id_token } = (await res.json()) as SignInAnswer
    const jwks = (await (await fetch(idp.jwksUrl)).json()) as JSONWebKeySet
    const { payload } = await jwtVerify(id_token, createLocalJWKSet(jwks), {
      issuer: idp.url,
      audience: idp.audience,
    })

    expect(idp.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(payload.sub).toBe('bob')
  })

  it('fails with port_in_use, naming the variable, when its port is taken', async () => {
    const first = await startIdentityProvider({ port: 0, allowedOrigins: [] })
    closers.push(first.close)
    const error = await startIdentityProvider({
      port: Number(new URL(first.url).port),
      allowedOrigins: [],
    }).catch((caught: unknown) => caught)

    expect(error).toMatchObject({ code: 'port_in_use' })
    expect(String(error)).toContain('KEYWARD_IDENTITY_PORT')
  })
})

describe('the emulator clock', () => {
  it('reads the emulator’s epochMs, and falls back to this machine’s clock', async () => {
    const { createEmulator } = await import('@keyward/apivideo-emulator')
    const { listen } = await import('@keyward/apivideo-emulator/node')
    const emulator = createEmulator({ apiKey: 'k' })
    const api = await listen(emulator, { port: 0 })
    try {
      await fetch(`${api.url}/_emulator/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceSeconds: 7200 }),
      })
      const moved = await emulatorClock(api.url)()
      expect(moved - Date.now()).toBeGreaterThan(7190_000)
    } finally {
      await api.close()
    }
    const fallback = await emulatorClock(api.url)()
    expect(Math.abs(fallback - Date.now())).toBeLessThan(5_000)
  })
})

import { decodeJwt, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { createHarness, ORIGIN } from '../test-support/harness.ts'
import type { UserJwtOptions } from './user-jwt.ts'

const ISSUER = 'https://id.example.com'
const AUDIENCE = 'video-app'

async function identityProvider() {
  const { privateKey, publicKey } = await generateKeyPair('ES256')
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'ES256' }
  const sign = (
    claims: Record<string, unknown>,
    { alg = 'ES256', iss = ISSUER, aud = AUDIENCE, exp = '5m' } = {}
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid: 'idp-1' })
      .setIssuer(iss)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(privateKey)
  return { publicJwk, sign }
}

async function brokerWith(userJwt: Partial<UserJwtOptions>, extra: Record<string, unknown> = {}) {
  return createHarness({
    broker: {
      anonymousScopes: [],
      now: Date.now,
      userJwt: { issuer: ISSUER, audience: AUDIENCE, ...userJwt } as UserJwtOptions,
      ...extra,
    },
  })
}

const askToken = (h: Awaited<ReturnType<typeof createHarness>>, userToken?: string) =>
  h.request('/v1/token', {
    method: 'POST',
    headers: { origin: ORIGIN, ...(userToken ? { authorization: `Bearer ${userToken}` } : {}) },
  })

describe('caller authentication with the app user JWT', () => {
  it('gives the user a broker token with its sub and the scopes its claims map to', async () => {
    const idp = await identityProvider()
    const h = await brokerWith({ key: idp.publicJwk })
    const res = await askToken(
      h,
      await idp.sign({ sub: 'user-42', scope: 'openid videos:read videos:upload' })
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as { access_token: string; scope: string }
    expect(body.scope).toBe('videos:read videos:upload')
    expect(decodeJwt(body.access_token)).toMatchObject({ sub: 'user-42', client_id: ORIGIN })
  })

  it('maps claims to scopes with a function', async () => {
    const idp = await identityProvider()
    const h = await brokerWith({
      key: idp.publicJwk,
      scopes: (claims) =>
        claims.role === 'editor' ? ['videos:read', 'videos:write'] : ['videos:read'],
    })
    const editor = (await (
      await askToken(h, await idp.sign({ sub: 'e', role: 'editor' }))
    ).json()) as { scope: string }
    const viewer = (await (await askToken(h, await idp.sign({ sub: 'v' }))).json()) as {
      scope: string
    }
    expect(editor.scope).toBe('videos:read videos:write')
    expect(viewer.scope).toBe('videos:read')
  })

  it('fetches the keys from a JWKS URL', async () => {
    const idp = await identityProvider()
    const fetched: string[] = []
    const jwksFetch = (async (input: RequestInfo | URL) => {
      fetched.push(String(input))
      if (!String(input).startsWith(ISSUER)) return new Response(null, { status: 503 })
      return Response.json({ keys: [idp.publicJwk] })
    }) as typeof fetch
    const withJwks = await brokerWith(
      { jwksUrl: `${ISSUER}/.well-known/jwks.json`, scopes: ['videos:read'] },
      { fetch: jwksFetch, upstreamRetries: 0 }
    )
    expect((await askToken(withJwks, await idp.sign({ sub: 'u' }))).status).toBe(200)
    expect(fetched.filter((url) => url.startsWith(ISSUER))).toEqual([
      `${ISSUER}/.well-known/jwks.json`,
    ])
  })

  it.each([
    ['from another issuer', { iss: 'https://evil.example' }],
    ['for another audience', { aud: 'another-app' }],
    ['expired', { exp: '-1m' }],
  ])('answers a user token %s with 401 unauthenticated, not invalid_token', async (_, options) => {
    const idp = await identityProvider()
    const h = await brokerWith({ key: idp.publicJwk, scopes: ['videos:read'] })
    const res = await askToken(h, await idp.sign({ sub: 'u' }, options))
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).not.toContain('invalid_token')
    expect(await res.json()).toMatchObject({ code: 'unauthenticated' })
  })

  it('answers a forged or unsigned user token with 401 unauthenticated', async () => {
    const idp = await identityProvider()
    const forger = await identityProvider()
    const h = await brokerWith({ key: idp.publicJwk, scopes: ['videos:read'] })
    expect((await askToken(h, await forger.sign({ sub: 'u' }))).status).toBe(401)
    const unsigned = `${btoa('{"alg":"none"}').replace(/=/g, '')}.${btoa(`{"sub":"u","iss":"${ISSUER}","aud":"${AUDIENCE}"}`).replace(/=/g, '')}.`
    expect((await askToken(h, unsigned)).status).toBe(401)
  })

  it('answers 401 unauthenticated without credentials when anonymous mode is off', async () => {
    const idp = await identityProvider()
    const h = await brokerWith({ key: idp.publicJwk })
    const res = await askToken(h)
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'unauthenticated' })
  })

  it('falls back to anonymous mode only when no credential is presented, never for a bad one', async () => {
    const idp = await identityProvider()
    const h = await brokerWith({ key: idp.publicJwk }, { anonymousScopes: ['videos:read'] })
    const anonymous = (await (await askToken(h)).json()) as { access_token: string }
    expect(decodeJwt(anonymous.access_token).sub).toBe('anonymous')
    expect((await askToken(h, 'not.a.jwt')).status).toBe(401)
  })

  it('answers 403 insufficient_scope to a user whose claims map to no scope', async () => {
    const idp = await identityProvider()
    const h = await brokerWith({ key: idp.publicJwk })
    const res = await askToken(h, await idp.sign({ sub: 'nobody' }))
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ code: 'insufficient_scope' })
  })

  it('rate limits per user sub', async () => {
    const idp = await identityProvider()
    const h = await brokerWith(
      { key: idp.publicJwk, scopes: ['videos:read'] },
      { rateLimit: { requests: 1 } }
    )
    expect((await askToken(h, await idp.sign({ sub: 'alice' }))).status).toBe(200)
    expect((await askToken(h, await idp.sign({ sub: 'alice' }))).status).toBe(429)
    expect((await askToken(h, await idp.sign({ sub: 'bob' }))).status).toBe(200)
  })

  it('tries a custom authenticator first', async () => {
    const idp = await identityProvider()
    const h = await brokerWith(
      { key: idp.publicJwk },
      {
        authenticate: (request: Request) =>
          request.headers.get('x-partner') === 'p1'
            ? { sub: 'partner-1', scopes: ['videos:read'] }
            : undefined,
      }
    )
    const res = await h.request('/v1/token', {
      method: 'POST',
      headers: { origin: ORIGIN, 'x-partner': 'p1' },
    })
    expect(decodeJwt(((await res.json()) as { access_token: string }).access_token).sub).toBe(
      'partner-1'
    )
  })
})

describe('a user whose sub is "anonymous"', () => {
  it('is a user: its broker token has no anon claim and its upload-token budget is its own', async () => {
    const idp = await identityProvider()
    const h = await brokerWith(
      { key: idp.publicJwk, scopes: ['videos:upload'] },
      { rateLimit: { requests: 1, periodSeconds: 60 } }
    )
    const res = await askToken(h, await idp.sign({ sub: 'anonymous' }))
    const { access_token } = (await res.json()) as { access_token: string }
    expect(decodeJwt(access_token)).toMatchObject({ sub: 'anonymous' })
    expect(decodeJwt(access_token).anon).toBeUndefined()
    const uploadToken = (ip: string) =>
      h.request('/v1/upload-token', {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          authorization: `Bearer ${access_token}`,
          'cf-connecting-ip': ip,
        },
      })
    expect((await uploadToken('192.0.2.1')).status).toBe(200)
    // A budget per client address would let this one through.
    expect((await uploadToken('192.0.2.2')).status).toBe(429)
  })
})

import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { createBroker } from '../broker.ts'
import { BrokerError } from '../errors.ts'
import { ORIGIN, signingJwk } from '../test-support/harness.ts'

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
const base = {
  apiKey: 'key-for-jwks-tests',
  allowedOrigins: [ORIGIN],
  anonymousScopes: ['videos:read' as const],
  // These tests never reach api.video: the background warm-up gets a 503 at once.
  fetch: (async () => new Response(null, { status: 503 })) as typeof fetch,
  upstreamRetries: 0,
  rateLimit: false as const,
  proxyRateLimit: false as const,
  logger: quiet,
}

async function tokenFrom(app: ReturnType<typeof createBroker>) {
  const res = await app.request('/v1/token', { method: 'POST', headers: { origin: ORIGIN } })
  return ((await res.json()) as { access_token: string }).access_token
}

async function jwks(app: ReturnType<typeof createBroker>) {
  const res = await app.request('/.well-known/jwks.json')
  return { res, body: (await res.json()) as { keys: Array<Record<string, unknown>> } }
}

describe('GET /.well-known/jwks.json', () => {
  it('publishes the public half of the signing key, and nothing private', async () => {
    const key = await signingJwk('current')
    const { res, body } = await jwks(createBroker({ ...base, signingKey: key }))
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(body.keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: key.x, kid: 'current', alg: 'EdDSA', use: 'sig' },
    ])
    expect(JSON.stringify(body)).not.toContain(key.d as string)
  })

  it('lets anyone verify a broker token with it', async () => {
    const app = createBroker({ ...base, signingKey: await signingJwk('current') })
    const { body } = await jwks(app)
    const { payload, protectedHeader } = await jwtVerify(
      await tokenFrom(app),
      createLocalJWKSet(body as never),
      {
        issuer: 'keyward',
        audience: 'keyward-api',
        typ: 'at+jwt',
      }
    )
    expect(protectedHeader.kid).toBe('current')
    expect(payload.scope).toBe('videos:read')
  })
})

describe('signing key rotation', () => {
  it('signs with the new key and still accepts tokens of the previous one, publishing both', async () => {
    const previous = await signingJwk('2026-10')
    const next = await signingJwk('2026-11')
    const before = createBroker({ ...base, signingKey: previous })
    const oldToken = await tokenFrom(before)
    const rotated = createBroker({ ...base, signingKey: [next, previous] })
    expect((await jwks(rotated)).body.keys.map((key) => key.kid)).toEqual(['2026-11', '2026-10'])
    const newToken = await tokenFrom(rotated)
    expect(JSON.parse(atob(newToken.split('.')[0] as string)).kid).toBe('2026-11')
    for (const token of [oldToken, newToken]) {
      const res = await rotated.request('/v1/api/auth/api-key', {
        headers: { authorization: `Bearer ${token}` },
      })
      // Verified (a route refusal, not a token refusal).
      expect(await res.json()).toMatchObject({ code: 'route_not_allowed' })
    }
  })

  it('accepts a previous key given as a public JWK only', async () => {
    const previous = await signingJwk('old')
    const oldToken = await tokenFrom(createBroker({ ...base, signingKey: previous }))
    const { d: _d, ...publicOnly } = previous
    const rotated = createBroker({ ...base, signingKey: [await signingJwk('new'), publicOnly] })
    const res = await rotated.request('/v1/api/auth/api-key', {
      headers: { authorization: `Bearer ${oldToken}` },
    })
    expect(await res.json()).toMatchObject({ code: 'route_not_allowed' })
  })

  it('refuses tokens of a key once it is retired', async () => {
    const previous = await signingJwk('old')
    const oldToken = await tokenFrom(createBroker({ ...base, signingKey: previous }))
    const retired = createBroker({ ...base, signingKey: await signingJwk('new') })
    const res = await retired.request('/v1/api/videos', {
      headers: { authorization: `Bearer ${oldToken}` },
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ code: 'invalid_token' })
  })

  it('signs with ES256 when given a P-256 key', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true })
    const app = createBroker({
      ...base,
      signingKey: { ...(await exportJWK(privateKey)), kid: 'p256' },
    })
    expect(JSON.parse(atob((await tokenFrom(app)).split('.')[0] as string)).alg).toBe('ES256')
  })

  it.each([
    ['a symmetric key', { kty: 'oct', k: 'c2VjcmV0c2VjcmV0c2VjcmV0', kid: 'hs' }],
    ['a key without kid', { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), d: 'B'.repeat(43) }],
    [
      'a public key as the signing key',
      { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), kid: 'pub' },
    ],
    [
      'a truncated key',
      { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(40), d: 'B'.repeat(43), kid: 't' },
    ],
    [
      'a mismatched alg',
      { kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), d: 'B'.repeat(43), kid: 'm', alg: 'RS256' },
    ],
  ])('refuses %s at start', (_, signingKey) => {
    expect(() => createBroker({ ...base, signingKey })).toThrow(BrokerError)
    try {
      createBroker({ ...base, signingKey })
    } catch (error) {
      expect((error as BrokerError).code).toBe('invalid_config')
    }
  })

  it('refuses two keys with one kid', async () => {
    const key = await signingJwk('same')
    expect(() => createBroker({ ...base, signingKey: [key, { ...key }] })).toThrow(
      expect.objectContaining({ code: 'invalid_config' })
    )
  })
})

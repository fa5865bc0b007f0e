import { createLocalJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createBroker } from '../broker.ts'
import { BrokerError } from '../errors.ts'
import { mintToken, ORIGIN, signingJwk } from '../test-support/harness.ts'
import { parseKeyRing } from './key-ring.ts'
import { createSigner, type Signer } from './signer.ts'

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

const keys = {
  k1: await signingJwk('k1'),
  old: await signingJwk('old'),
  new: await signingJwk('new'),
}

describe('verifying a token seen before', () => {
  const T0 = Date.UTC(2026, 10, 28, 12)
  const TOLERANCE = 5
  let time = T0
  const now = () => time
  const signerFor = (kid: keyof typeof keys) =>
    createSigner({
      ring: parseKeyRing([keys[kid]]),
      issuer: 'keyward',
      audience: 'keyward-api',
      clockToleranceSeconds: TOLERANCE,
      now,
    })
  /** `ok`, or the code a refusal carries. */
  const outcome = (signer: Signer, token: string) =>
    signer.verify(token).then(
      () => 'ok',
      (error: BrokerError) => error.code
    )

  afterEach(() => {
    time = T0
    vi.restoreAllMocks()
  })

  it('checks the signature of each distinct token once', async () => {
    const signer = signerFor('k1')
    const [first, second] = await Promise.all([mintToken(keys.k1, now), mintToken(keys.k1, now)])
    await signer.verify(first)
    const verify = vi.spyOn(crypto.subtle, 'verify')
    expect((await signer.verify(first)).sub).toBe('anonymous')
    expect(verify).not.toHaveBeenCalled()
    await signer.verify(second)
    expect(verify).toHaveBeenCalledTimes(1)
  })

  it('refuses it from the second its exp passes the clock tolerance, as a full check does', async () => {
    const signer = signerFor('k1')
    const token = await mintToken(keys.k1, now) // exp: 300 s from now
    expect(await outcome(signer, token)).toBe('ok')
    for (const [seconds, expected] of [
      [300 + TOLERANCE - 1, 'ok'],
      [300 + TOLERANCE, 'invalid_token'],
      [300 + TOLERANCE + 1, 'invalid_token'],
    ] as const) {
      time = T0 + seconds * 1000
      expect(await outcome(signer, token)).toBe(expected)
      expect(await outcome(signerFor('k1'), token)).toBe(expected)
    }
  })

  it('refuses it when the clock goes back before its nbf', async () => {
    const signer = signerFor('k1')
    const nbf = Math.floor(T0 / 1000) + 60
    const token = await mintToken(keys.k1, now, { claims: { nbf } })
    time = nbf * 1000
    expect(await outcome(signer, token)).toBe('ok')
    time = (nbf - TOLERANCE - 1) * 1000
    expect(await outcome(signer, token)).toBe('invalid_token')
    expect(await outcome(signerFor('k1'), token)).toBe('invalid_token')
    time = (nbf - TOLERANCE) * 1000
    expect(await outcome(signer, token)).toBe('ok')
  })

  it('refuses it once its key is retired: a new ring is a new signer with nothing seen', async () => {
    const token = await mintToken(keys.old, now)
    const before = signerFor('old')
    expect(await outcome(before, token)).toBe('ok')
    const retired = signerFor('new')
    expect(await outcome(retired, token)).toBe('invalid_token')
  })

  it('checks in full a token that differs from a verified one by one character', async () => {
    const signer = signerFor('k1')
    const token = await mintToken(keys.k1, now)
    expect(await outcome(signer, token)).toBe('ok')
    const flipped = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`
    expect(await outcome(signer, flipped)).toBe('invalid_token')
  })
})

import { base64url, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  createHarness,
  type Harness,
  mintToken,
  ORIGIN,
  signingJwk,
} from '../test-support/harness.ts'

const VIDEO = 'vi0123456789abcdefABCDEF'

const encode = (value: unknown) => base64url.encode(JSON.stringify(value))

/** The claims the broker would put in a token for every scope, at the harness's time. */
function claims(h: Harness, overrides: Record<string, unknown> = {}) {
  const iat = Math.floor(h.now() / 1000)
  return {
    iss: 'keyward',
    aud: 'keyward-api',
    sub: 'anonymous',
    client_id: ORIGIN,
    scope: 'videos:read videos:write videos:delete videos:upload',
    iat,
    exp: iat + 300,
    jti: crypto.randomUUID(),
    ...overrides,
  }
}

/** The broker's public key, as its JWKS publishes it. */
function publicJwk(h: Harness): JWK {
  const { d: _private, ...published } = h.signingKey
  return published
}

/** Signs with HMAC-SHA256 under the broker's kid, the secret being some form of its public key. */
const hs256 = (h: Harness, secret: Uint8Array) =>
  new SignJWT(claims(h)).setProtectedHeader({ alg: 'HS256', kid: 'k1', typ: 'at+jwt' }).sign(secret)

const text = (value: string) => new TextEncoder().encode(value)

/** Replaces one segment of a genuine token, keeping the other two (and so its signature). */
async function spliced(h: Harness, index: 0 | 1, value: unknown): Promise<string> {
  const parts = (await h.mint()).split('.')
  parts[index] = encode(value)
  return parts.join('.')
}

/** Signs any header and payload with the broker's own key, bypassing jose's checks on signing. */
async function signedByBroker(h: Harness, header: object, payload: object): Promise<string> {
  const input = `${encode(header)}.${encode(payload)}`
  const key = (await importJWK(h.signingKey, 'EdDSA')) as CryptoKey
  const signature = await crypto.subtle.sign('Ed25519', key, text(input))
  return `${input}.${base64url.encode(new Uint8Array(signature))}`
}

type Forgery = [name: string, forge: (h: Harness) => Promise<string>]

const FORGERIES: Forgery[] = [
  [
    'alg none, no signature',
    async (h) => `${encode({ alg: 'none', typ: 'at+jwt', kid: 'k1' })}.${encode(claims(h))}.`,
  ],
  [
    'alg none, with a genuine signature',
    async (h) => spliced(h, 0, { alg: 'none', typ: 'at+jwt', kid: 'k1' }),
  ],
  [
    'alg NoNe',
    async (h) => `${encode({ alg: 'NoNe', typ: 'at+jwt', kid: 'k1' })}.${encode(claims(h))}.`,
  ],
  ['HS256 keyed with the public key x', (h) => hs256(h, text(h.signingKey.x as string))],
  [
    'HS256 keyed with the raw public key bytes',
    (h) => hs256(h, base64url.decode(h.signingKey.x as string)),
  ],
  ['HS256 keyed with the published JWK', (h) => hs256(h, text(JSON.stringify(publicJwk(h))))],
  [
    'HS256 keyed with the whole JWKS',
    async (h) => hs256(h, text(await (await h.request('/.well-known/jwks.json')).text())),
  ],
  [
    'EdDSA by another key under the broker kid',
    async (h) => mintToken(await signingJwk('k1'), h.now),
  ],
  [
    'EdDSA by another key under an unknown kid',
    async (h) => mintToken(await signingJwk('k2'), h.now),
  ],
  [
    'EdDSA by another key with no kid',
    async (h) => {
      const { privateKey } = await generateKeyPair('EdDSA')
      return new SignJWT(claims(h))
        .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt' })
        .sign(privateKey)
    },
  ],
  [
    'a kid that tries path traversal',
    async (h) =>
      new SignJWT(claims(h))
        .setProtectedHeader({ alg: 'HS256', kid: '../../../../dev/null', typ: 'at+jwt' })
        .sign(new Uint8Array(32)),
  ],
  [
    'its own key embedded in the header (jwk)',
    async (h) => {
      const { privateKey, publicKey } = await generateKeyPair('EdDSA')
      return new SignJWT(claims(h))
        .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', jwk: await exportJWK(publicKey) })
        .sign(privateKey)
    },
  ],
  [
    'a jku pointing to a key set elsewhere',
    async (h) => {
      const forger = await signingJwk('k1')
      return mintToken(forger, h.now, { header: { jku: 'https://evil.example/jwks.json' } })
    },
  ],
  [
    'ES256 under the broker kid',
    async (h) => {
      const { privateKey } = await generateKeyPair('ES256')
      return new SignJWT(claims(h))
        .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'at+jwt' })
        .sign(privateKey)
    },
  ],
  ['expired beyond the clock tolerance', (h) => h.mint({ exp: Math.floor(h.now() / 1000) - 10 })],
  ['not yet valid (nbf a minute ahead)', (h) => h.mint({ nbf: Math.floor(h.now() / 1000) + 60 })],
  ['from another issuer', (h) => h.mint({ iss: 'https://evil.example' })],
  ['for another audience', (h) => h.mint({ aud: 'api.video' })],
  ['of type JWT', (h) => h.mint({}, { typ: 'JWT' })],
  ['of no type', (h) => h.mint({}, { typ: undefined })],
  [
    'with the scope widened after signing',
    async (h) => spliced(h, 1, claims(h, { scope: 'videos:read videos:delete' })),
  ],
  [
    'with the expiry extended after signing',
    async (h) => spliced(h, 1, claims(h, { exp: 4_102_444_800 })),
  ],
  [
    'with the kid swapped after signing',
    async (h) => spliced(h, 0, { alg: 'EdDSA', kid: 'k2', typ: 'at+jwt' }),
  ],
  [
    "with another genuine token's signature",
    async (h) => {
      const [header, payload] = (await h.mint({ sub: 'victim' })).split('.')
      const [, , signature] = (await h.mint()).split('.')
      return `${header}.${payload}.${signature}`
    },
  ],
  [
    'with a crit header the broker does not know',
    (h) =>
      signedByBroker(
        h,
        { alg: 'EdDSA', kid: 'k1', typ: 'at+jwt', crit: ['x-keyward'], 'x-keyward': 1 },
        claims(h)
      ),
  ],
  ['with exp as a string', (h) => h.mint({ exp: String(Math.floor(h.now() / 1000) + 300) })],
  ['with the scope as an array', (h) => h.mint({ scope: ['videos:read', 'videos:delete'] })],
  ['without a jti', (h) => h.mint({ jti: undefined })],
  [
    'of 100 KB, with a forged signature',
    async (h) =>
      `${encode({ alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' })}.${encode(claims(h, { pad: 'x'.repeat(100_000) }))}.${base64url.encode(new Uint8Array(64))}`,
  ],
  ['of five segments (JWE-shaped)', async (h) => `${await h.mint()}.AAAA.BBBB`],
  [
    'an api.video access token',
    async (h) => {
      const res = await h.emulator.fetch('/auth/api-key', {
        method: 'POST',
        body: JSON.stringify({ apiKey: h.emulator.apiKey }),
      })
      return ((await res.json()) as { access_token: string }).access_token
    },
  ],
]

/** Where a forged token could do harm: a read, a delete and an upload-token request. */
const TARGETS: Array<
  [name: string, send: (h: Harness, token: string) => Response | Promise<Response>]
> = [
  ['GET /v1/api/videos', (h, token) => h.api('/videos', token)],
  [
    'DELETE /v1/api/videos/{id}',
    (h, token) => h.api(`/videos/${VIDEO}`, token, { method: 'DELETE' }),
  ],
  [
    'POST /v1/upload-token',
    (h, token) =>
      h.request('/v1/upload-token', {
        method: 'POST',
        headers: { origin: ORIGIN, authorization: `Bearer ${token}` },
      }),
  ],
]

describe('token forgeries: 401 invalid_token, and api.video sees nothing', () => {
  it.each(FORGERIES)('refuses a token %s', async (_name, forge) => {
    const h = await createHarness()
    const forged = await forge(h)
    const before = h.emulator.stats().total
    for (const [target, send] of TARGETS) {
      const res = await send(h, forged)
      expect(res.status, target).toBe(401)
      expect(res.headers.get('content-type'), target).toBe('application/problem+json')
      expect(res.headers.get('www-authenticate'), target).toBe('Bearer error="invalid_token"')
      expect(await res.json(), target).toMatchObject({ code: 'invalid_token' })
    }
    await h.settle()
    expect(h.calls).toEqual([])
    expect(h.emulator.stats().total).toBe(before)
  })

  it('accepts the genuine tokens these forgeries start from, so each refusal above is meaningful', async () => {
    const h = await createHarness()
    expect((await h.api('/videos', await h.mint())).status).toBe(200)
    expect((await h.api('/videos', await h.mint({ nbf: Math.floor(h.now() / 1000) }))).status).toBe(
      200
    )
    const header = { alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' }
    expect((await h.api('/videos', await signedByBroker(h, header, claims(h)))).status).toBe(200)
  })
})

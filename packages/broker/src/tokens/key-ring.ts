import { importJWK, type JWK } from 'jose'
import { fail } from '../options/defaults.ts'

/** One key of the ring: the first signs, every key verifies and is published. */
export interface RingKey {
  kid: string
  alg: string
  /** Only the signing key needs its private half. */
  privateJwk: JWK | undefined
  /** What `/.well-known/jwks.json` publishes. */
  publicJwk: JWK
}

/** The signature algorithm each asymmetric key type uses when the JWK names none. */
const DEFAULT_ALG: Record<string, string> = {
  'OKP:Ed25519': 'EdDSA',
  'EC:P-256': 'ES256',
  'EC:P-384': 'ES384',
  'RSA:': 'RS256',
}
const ALGS_FOR: Record<string, string[]> = {
  'OKP:Ed25519': ['EdDSA', 'Ed25519'],
  'EC:P-256': ['ES256'],
  'EC:P-384': ['ES384'],
  'RSA:': ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'],
}
/** base64url length of 32- and 48-byte coordinates, so a pasted key is checked at start. */
const COORDINATE_LENGTH: Record<string, number> = {
  'OKP:Ed25519': 43,
  'EC:P-256': 43,
  'EC:P-384': 64,
}
const BASE64URL = /^[A-Za-z0-9_-]+$/
const PUBLIC_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const

/**
 * Validates the signing keys: the first is the current, private key; the others (previous or
 * next keys, private or public) only verify. Symmetric keys are refused: the key set is public.
 */
export function parseKeyRing(keys: readonly JWK[]): RingKey[] {
  if (keys.length === 0)
    fail(
      'signingKey (KEYWARD_SIGNING_KEY) is missing: make a private JWK with npx @keyward/broker generate-key'
    )
  const ring = keys.map((jwk, index) => {
    const name =
      index === 0
        ? 'the signing key (KEYWARD_SIGNING_KEY)'
        : `verify-only signing key #${index} (KEYWARD_SIGNING_KEY or KEYWARD_PREVIOUS_SIGNING_KEY)`
    if (typeof jwk !== 'object' || jwk === null) {
      return fail(`${name} is missing or not a JWK: make one with npx @keyward/broker generate-key`)
    }
    if (typeof jwk.kid !== 'string' || jwk.kid === '')
      return fail(`${name} needs a kid: make a key with npx @keyward/broker generate-key`)
    if (index === 0 && typeof jwk.d !== 'string')
      return fail(`${name} must be a private JWK (with d)`)
    const family = `${jwk.kty}:${jwk.kty === 'RSA' ? '' : (jwk.crv ?? '')}`
    const allowed = ALGS_FOR[family]
    if (!allowed)
      return fail(`${name} must be an Ed25519, P-256, P-384 or RSA key (kty ${jwk.kty})`)
    const alg = jwk.alg ?? DEFAULT_ALG[family] ?? ''
    if (!allowed.includes(alg))
      return fail(`${name} has an alg (${alg}) that does not fit its key type`)
    const size = COORDINATE_LENGTH[family]
    for (const member of ['x', 'y', 'd'] as const) {
      const value = jwk[member]
      if (
        size &&
        value !== undefined &&
        !(typeof value === 'string' && BASE64URL.test(value) && value.length === size)
      ) {
        fail(`${name} has a malformed ${member}`)
      }
    }
    const publicJwk: JWK = { kid: jwk.kid, alg, use: 'sig' }
    for (const member of PUBLIC_MEMBERS)
      if (jwk[member] !== undefined) publicJwk[member] = jwk[member]
    return { kid: jwk.kid, alg, privateJwk: index === 0 ? jwk : undefined, publicJwk }
  })
  const kids = new Set(ring.map((key) => key.kid))
  if (kids.size !== ring.length) fail('every signing key needs a different kid')
  return ring
}

export interface ImportedRing {
  signingKey: CryptoKey
  /** Public keys by kid. */
  verifyKeys: Map<string, { alg: string; key: CryptoKey }>
}

/** Imports every key once; WebCrypto keys are then reused by every request. */
export async function importRing(ring: readonly RingKey[]): Promise<ImportedRing> {
  const [current] = ring
  if (!current?.privateJwk) fail('no signing key')
  const verifyKeys = new Map<string, { alg: string; key: CryptoKey }>()
  const [signingKey] = await Promise.all([
    importJWK(current.privateJwk, current.alg) as Promise<CryptoKey>,
    ...ring.map(async ({ kid, alg, publicJwk }) => {
      verifyKeys.set(kid, { alg, key: (await importJWK(publicJwk, alg)) as CryptoKey })
    }),
  ])
  return { signingKey, verifyKeys }
}

import { base64url } from 'jose'
import type { DpopAlgorithm } from './options.ts'

/**
 * A DPoP proof split into its parts (RFC 7515 §7.1), decoded but not yet trusted: the signature
 * is checked against `signingInput` with the key the header names.
 */
export interface CompactJws {
  /**
   * The protected header's base64url text, as sent, for `decodeJwsHeader`: the same text always
   * decodes to the same header, so a verifier may remember what it checked by this text.
   */
  headerText: string
  /** The JWT claims set (RFC 7519 §7.2): always a JSON object. */
  payload: Record<string, unknown>
  /** The ASCII bytes of `<header>.<payload>`, as signed. */
  signingInput: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

/** Why a compact JWS cannot be read: a detail for `invalid_dpop_proof`. */
export class JwsFormatError extends Error {}

/** Three base64url parts. A comma would mean two `DPoP` headers were sent. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/
const ascii = new TextEncoder()
// Fatal: a header or claims set that is not UTF-8 is refused, never read with U+FFFD in it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/**
 * Splits a compact JWS and decodes its payload, strictly: exactly three base64url parts, a
 * payload that is a JSON object. Throws `JwsFormatError`; nothing here checks the header (see
 * `decodeJwsHeader`) or the signature.
 */
export function parseCompactJws(jws: string): CompactJws {
  if (!COMPACT_JWS.test(jws))
    throw new JwsFormatError('The DPoP header must hold exactly one compact JWS.')
  const first = jws.indexOf('.')
  const last = jws.lastIndexOf('.')
  return {
    headerText: jws.slice(0, first),
    payload: jsonObject(jws.slice(first + 1, last), 'payload'),
    signingInput: ascii.encode(jws.slice(0, last)) as Uint8Array<ArrayBuffer>,
    signature: bytesOf(jws.slice(last + 1), 'signature'),
  }
}

/** The protected header of `parseCompactJws`'s `headerText`: a JSON object, or `JwsFormatError`. */
export function decodeJwsHeader(headerText: string): Record<string, unknown> {
  return jsonObject(headerText, 'header')
}

function bytesOf(part: string, name: string): Uint8Array<ArrayBuffer> {
  try {
    return base64url.decode(part) as Uint8Array<ArrayBuffer>
  } catch (cause) {
    throw new JwsFormatError(`The DPoP proof's ${name} is not base64url.`, { cause })
  }
}

function jsonObject(part: string, name: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(utf8.decode(bytesOf(part, name)))
  } catch (cause) {
    if (cause instanceof JwsFormatError) throw cause
    throw new JwsFormatError(`The DPoP proof's ${name} is not valid JSON.`, { cause })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new JwsFormatError(`The DPoP proof's ${name} must be a JSON object.`)
  return value as Record<string, unknown>
}

/** What WebCrypto needs for each JWS algorithm (RFC 7518 §3), and what its key must be. */
interface Signing {
  verify: Parameters<SubtleCrypto['verify']>[0]
  /** The imported key's `algorithm.name`, and its curve for ECDSA. */
  name: string
  namedCurve?: string
  /** Bytes of a signature, where fixed: ECDSA's is R || S (RFC 7518 §3.4). */
  signatureBytes?: number
}

export const SIGNING: Record<DpopAlgorithm, Signing> = {
  ES256: {
    verify: { name: 'ECDSA', hash: 'SHA-256' },
    name: 'ECDSA',
    namedCurve: 'P-256',
    signatureBytes: 64,
  },
  ES384: {
    verify: { name: 'ECDSA', hash: 'SHA-384' },
    name: 'ECDSA',
    namedCurve: 'P-384',
    signatureBytes: 96,
  },
  EdDSA: { verify: { name: 'Ed25519' }, name: 'Ed25519', signatureBytes: 64 },
  // RFC 7518 §3.5: the salt is as long as the hash.
  PS256: { verify: { name: 'RSA-PSS', saltLength: 32 }, name: 'RSA-PSS' },
  RS256: { verify: { name: 'RSASSA-PKCS1-v1_5' }, name: 'RSASSA-PKCS1-v1_5' },
}

/**
 * What `CryptoKey.algorithm` holds for the key types above (the Web Cryptography API's
 * `EcKeyAlgorithm` and `RsaHashedKeyAlgorithm`).
 */
interface KeyAlgorithmMembers {
  name: string
  namedCurve?: string
  modulusLength?: number
  hash?: { name: string }
}

/** RFC 7518 §3.3 and §3.5: RSA keys of 2048 bits or more. */
const MIN_RSA_BITS = 2048

/** Whether `key` is one `alg` verifies with: its type, curve, or RSA size (RFC 7518 §3). */
export function keyFits(key: CryptoKey, alg: DpopAlgorithm): boolean {
  const expected = SIGNING[alg]
  const algorithm = key.algorithm as KeyAlgorithmMembers
  if (key.type !== 'public' || algorithm.name !== expected.name) return false
  if (expected.namedCurve !== undefined) return algorithm.namedCurve === expected.namedCurve
  if (expected.name.startsWith('RSA'))
    return algorithm.hash?.name === 'SHA-256' && (algorithm.modulusLength ?? 0) >= MIN_RSA_BITS
  return true
}

/** Checks the signature with WebCrypto; `false` for a signature of the wrong size. */
export async function signatureVerifies(
  jws: CompactJws,
  alg: DpopAlgorithm,
  key: CryptoKey
): Promise<boolean> {
  const { verify, signatureBytes } = SIGNING[alg]
  if (signatureBytes !== undefined && jws.signature.byteLength !== signatureBytes) return false
  return crypto.subtle.verify(verify, key, jws.signature, jws.signingInput)
}

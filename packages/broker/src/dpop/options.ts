import type { DpopReplayCache } from './replay-cache.ts'

/**
 * The JWS algorithms a DPoP proof may be signed with: asymmetric only (RFC 9449 §4.2 forbids
 * `none` and MAC-based ones), the ones browsers' WebCrypto can sign with plus EdDSA (Ed25519).
 * ES256 comes first: it is what `@keyward/client/dpop` signs with.
 *
 * @example
 * const algorithms: DpopAlgorithm[] = ['ES256']
 */
export type DpopAlgorithm = 'ES256' | 'ES384' | 'EdDSA' | 'PS256' | 'RS256'

/** Every algorithm the broker can verify, in the order `algs="…"` lists them. */
export const DPOP_ALGORITHMS: readonly DpopAlgorithm[] = [
  'ES256',
  'ES384',
  'EdDSA',
  'PS256',
  'RS256',
]

/**
 * How the broker treats DPoP: `'off'` ignores the `DPoP` header, `'optional'` binds a token to the
 * proof's key when one is sent, `'required'` refuses a token request or API call without a proof.
 *
 * @example
 * const mode: DpopMode = 'required'
 */
export type DpopMode = 'off' | 'optional' | 'required'

/**
 * Server nonces (RFC 9449 §8, §9): each proof must carry a recent `nonce` the broker issued, which
 * limits how long a proof made in advance stays usable.
 *
 * @example
 * const nonce: DpopNonceOptions = { secret: env.DPOP_NONCE_SECRET, stepSeconds: 300 }
 */
export interface DpopNonceOptions {
  /** HMAC secret shared by every instance, at least 32 bytes; never sent anywhere. */
  secret: string | Uint8Array<ArrayBuffer>
  /** How long a nonce is current; the previous step's nonce is accepted too. Default: 300. */
  stepSeconds?: number
}

/**
 * Options of the broker's DPoP support (RFC 9449).
 *
 * @example
 * const dpop: DpopOptions = { mode: 'required', proofWindowSeconds: 60 }
 */
export interface DpopOptions {
  /** Default: `'off'`. */
  mode?: DpopMode
  /** Algorithms accepted in proofs, a subset of `DPOP_ALGORITHMS`. Default: all of them. */
  algorithms?: readonly DpopAlgorithm[]
  /** How far a proof's `iat` may be from the broker's clock, either way, in seconds. Default: 60. */
  proofWindowSeconds?: number
  /** Require server nonces. Default: not required. */
  nonce?: DpopNonceOptions
  /** Where seen `jti`s are kept. Default: in memory, per isolate, `replayCacheSize` entries. */
  replayCache?: DpopReplayCache
  /** Entries of the default in-memory replay cache. Default: 20 000. */
  replayCacheSize?: number
}

/** The defaults of `DpopOptions`, in one place. */
export const DPOP_DEFAULTS = {
  mode: 'off' as DpopMode,
  algorithms: DPOP_ALGORITHMS,
  proofWindowSeconds: 60,
  nonceStepSeconds: 300,
  replayCacheSize: 20_000,
}

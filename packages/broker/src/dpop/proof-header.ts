import type { JWK } from 'jose'
import { boundedMemo } from './bounded-memo.ts'
import { decodeJwsHeader, JwsFormatError } from './compact-jws.ts'
import type { DpopAlgorithm } from './options.ts'
import { createProofKeys, type ProofKey } from './proof-keys.ts'

/** Makes the error a proof is refused with, from a detail and its cause. */
export type Refuse = (detail: string, cause?: unknown) => Error

/** A proof header that passed its checks, and its key. */
export interface CheckedHeader {
  /** Frozen: one header's `jwk` is handed to every proof that sends it. */
  jwk: JWK
  alg: DpopAlgorithm
  /** Rejects when the `jwk` is no public key for `alg`. */
  key: Promise<ProofKey>
}

/** Proof headers one isolate remembers checked: a browser sends the same header with each proof. */
const MAX_HEADERS = 1024
/** JWK members that only a private or symmetric key has (RFC 7518 §6, and `priv` of AKP keys). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv']

/**
 * The proofs' protected headers, checked once per isolate: `check(headerText, refuse)` answers
 * the header of that base64url text with its key (imported once, by `createProofKeys`), or
 * throws `refuse(…)`. A header that passed is remembered by its exact text, which always decodes
 * to the same header: a later proof sending it skips the decoding and these checks, never the
 * check of its own signature. A refused header, or one whose key does not import, is not kept.
 */
export function createProofHeaders(algorithms: readonly DpopAlgorithm[]) {
  const keys = createProofKeys()
  const checked = boundedMemo<CheckedHeader>(MAX_HEADERS)
  return function check(headerText: string, refuse: Refuse): CheckedHeader {
    return checked(headerText, () => {
      const header = headerOf(
        strictly(() => decodeJwsHeader(headerText), refuse),
        algorithms,
        refuse
      )
      const entry = { ...header, key: keys.get(header.jwk, header.alg) }
      entry.key.catch(() => checked.forget(headerText, entry))
      return entry
    })
  }
}

/** `decode()`'s value; a `JwsFormatError` it throws becomes the proof's refusal. */
export function strictly<T>(decode: () => T, refuse: Refuse): T {
  try {
    return decode()
  } catch (cause) {
    if (cause instanceof JwsFormatError) throw refuse(cause.message, cause)
    throw cause
  }
}

/**
 * The header's checks (RFC 9449 §4.3 steps 4 to 7): `typ` `dpop+jwt` (case-insensitive, with or
 * without `application/`, RFC 7515 §4.1.9), an accepted `alg`, a `jwk` that is a public key, and
 * no `crit`: the broker understands no JWS extension (RFC 7515 §4.1.11).
 */
function headerOf(
  header: Record<string, unknown>,
  algorithms: readonly DpopAlgorithm[],
  refuse: Refuse
): { jwk: JWK; alg: DpopAlgorithm } {
  const { typ, alg, jwk } = header
  if (typeof typ !== 'string' || typ.toLowerCase().replace(/^application\//, '') !== 'dpop+jwt')
    throw refuse("The proof's typ must be dpop+jwt.")
  if (!algorithms.includes(alg as DpopAlgorithm))
    throw refuse(`The proof's alg must be one of ${algorithms.join(', ')}.`)
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk))
    throw refuse('The DPoP proof header must carry the public key as jwk.')
  if (PRIVATE_MEMBERS.some((member) => member in jwk))
    throw refuse(
      "The proof's jwk must be a public key: it holds private or symmetric key material."
    )
  if ('crit' in header) throw refuse('The DPoP proof header must not carry crit.')
  return { jwk: Object.freeze(jwk) as JWK, alg: alg as DpopAlgorithm }
}

import { calculateJwkThumbprint, importJWK, type JWK } from 'jose'
import { boundedMemo } from './bounded-memo.ts'
import { keyFits } from './compact-jws.ts'
import type { DpopAlgorithm } from './options.ts'

/** How many browser keys one isolate keeps imported. */
const MAX_KEYS = 1024
/** The members that make a public key (RFC 7638 §3.2), plus the algorithm it is imported for. */
const MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const

/** A proof key, imported for one algorithm, with its RFC 7638 thumbprint. */
export interface ProofKey {
  key: CryptoKey
  /** The SHA-256 thumbprint (RFC 7638), the `jkt` a token is bound to. */
  jkt: string
}

/**
 * The proofs' embedded keys (RFC 9449 §4.2), imported once per isolate: a browser signs every
 * proof with the same key, and importing it again for each request was most of a proof's cost.
 * A cached key is only ever the one its exact members and `alg` would import, and only a public
 * key that `alg` verifies with (its type, curve or RSA size) is kept.
 */
export function createProofKeys() {
  const imported = boundedMemo<Promise<ProofKey>>(MAX_KEYS)

  async function load(publicJwk: JWK, alg: DpopAlgorithm): Promise<ProofKey> {
    const [key, jkt] = await Promise.all([
      importJWK(publicJwk, alg),
      calculateJwkThumbprint(publicJwk, 'sha256'),
    ])
    if (!(key instanceof CryptoKey) || !keyFits(key, alg))
      throw new TypeError(`The key is not a public key for ${alg}.`)
    return { key, jkt }
  }

  return {
    /** The header's `jwk`, imported for `alg`; rejects when it is no public key for `alg`. */
    get(jwk: JWK, alg: DpopAlgorithm): Promise<ProofKey> {
      let id: string = alg
      const publicJwk: JWK = {}
      for (const member of MEMBERS) {
        const value = jwk[member]
        if (value === undefined) id += '\u0000'
        else if (typeof value !== 'string')
          return Promise.reject(new TypeError(`The key's ${member} must be a string.`))
        else {
          id += `\u0000${value}`
          publicJwk[member] = value
        }
      }
      return imported(id, () => {
        const entry = load(publicJwk, alg)
        // A key that fails to import is not remembered: the next proof gets the same refusal anew.
        entry.catch(() => imported.forget(id, entry))
        return entry
      })
    },
  }
}

import { calculateJwkThumbprint, importJWK, type JWK, type JWSHeaderParameters } from 'jose'

/** How many browser keys one isolate keeps imported. */
const MAX_KEYS = 1024
/** The members that make a public key (RFC 7638 §3.2), plus the algorithm it is imported for. */
const MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const

interface ImportedKey {
  key: Promise<CryptoKey | Uint8Array>
  jkt: Promise<string>
}

/**
 * The proofs' embedded keys (RFC 9449 §4.2), imported once per isolate: a browser signs every
 * proof with the same key, and importing it again for each request was most of a proof's cost.
 * A cached key is only ever the one its exact members and `alg` would import.
 */
export function createProofKeys() {
  const imported = new Map<string, ImportedKey>()

  function entryOf(jwk: JWK, alg: string): ImportedKey {
    const id = [alg, ...MEMBERS.map((member) => jwk[member] ?? '')].join('\u0000')
    const known = imported.get(id)
    if (known) return known
    const publicJwk: JWK = {}
    for (const member of MEMBERS) if (jwk[member] !== undefined) publicJwk[member] = jwk[member]
    const entry = {
      key: importJWK(publicJwk, alg),
      jkt: calculateJwkThumbprint(publicJwk, 'sha256'),
    }
    // A key that fails to import is not remembered: the next proof gets the same refusal anew.
    entry.key.catch(() => imported.delete(id))
    entry.jkt.catch(() => imported.delete(id))
    if (imported.size >= MAX_KEYS) imported.delete(imported.keys().next().value as string)
    imported.set(id, entry)
    return entry
  }

  return {
    /** For jose's `jwtVerify`: the header's `jwk`, imported for the header's `alg`. */
    key(header: JWSHeaderParameters): Promise<CryptoKey | Uint8Array> {
      return entryOf(header.jwk as JWK, header.alg ?? '').key
    },
    /** The key's SHA-256 thumbprint (RFC 7638), the `jkt` a token is bound to. */
    thumbprint(jwk: JWK, alg: string): Promise<string> {
      return entryOf(jwk, alg).jkt
    },
  }
}

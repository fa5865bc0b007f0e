import { type CompactJWSHeaderParameters, CompactSign as JoseCompactSign } from 'jose'

/** The protected header of every token one key signs. */
export interface SigningHeader {
  alg: string
  kid: string
  typ: string
}

/** Signs one payload as a JWS compact serialization. */
export type CompactSign = (payload: object) => Promise<string>

/**
 * Signs JWS compact serializations (RFC 7515 §7.1) under one protected header with jose's
 * `CompactSign`: the bytes jose's `SignJWT` makes for the same header and payload, without its
 * per-token claims copy and validation (the broker builds the claims itself). `key` is the
 * jose-imported key for `header.alg`; jose checks it (type, usage, RSA length) on every signature.
 */
export function compactSigner(header: SigningHeader, key: CryptoKey): CompactSign {
  const encoder = new TextEncoder()
  const protectedHeader: CompactJWSHeaderParameters = { ...header }
  return function sign(payload) {
    return new JoseCompactSign(encoder.encode(JSON.stringify(payload)))
      .setProtectedHeader(protectedHeader)
      .sign(key)
  }
}

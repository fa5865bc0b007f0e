import { base64url } from 'jose'

/** The protected header of every token one key signs. */
export interface SigningHeader {
  alg: string
  kid: string
  typ: string
}

/** Signs one payload as a JWS compact serialization. */
export type CompactSign = (payload: object) => Promise<string>

/** RSA keys shorter than this are refused, as jose refuses them (RFC 7518 §3.3, §3.5). */
const MIN_RSA_BITS = 2048

/** WebCrypto sign parameters, typed so that both the DOM's and Workers' `crypto.subtle` take them. */
interface SignAlgorithm {
  name: string
  hash?: string
  saltLength?: number
}

/** The WebCrypto parameters of each JWS signature algorithm (RFC 7518 §3.1, RFC 8037 §3.1). */
function signingAlgorithm(alg: string): SignAlgorithm {
  switch (alg) {
    case 'EdDSA':
    case 'Ed25519':
      return { name: 'Ed25519' }
    case 'ES256':
    case 'ES384':
      return { name: 'ECDSA', hash: `SHA-${alg.slice(2)}` }
    case 'RS256':
    case 'RS384':
    case 'RS512':
      return { name: 'RSASSA-PKCS1-v1_5' }
    case 'PS256':
    case 'PS384':
    case 'PS512':
      return { name: 'RSA-PSS', saltLength: Number(alg.slice(2)) / 8 }
    default:
      throw new TypeError(`no signing algorithm for ${alg}`)
  }
}

/**
 * Signs JWS compact serializations (RFC 7515 §7.1) under one protected header, encoded once: the
 * bytes jose's `SignJWT` makes for the same header and payload, without its per-token header
 * validation and payload copy. `key` is the jose-imported key for `header.alg`; jose remains the
 * verifier.
 */
export function compactSigner(header: SigningHeader, key: CryptoKey): CompactSign {
  const algorithm = signingAlgorithm(header.alg)
  const { modulusLength } = key.algorithm as { modulusLength?: number }
  if (modulusLength !== undefined && modulusLength < MIN_RSA_BITS) {
    throw new TypeError(`${header.alg} requires a key of ${MIN_RSA_BITS} bits or more`)
  }
  const encoder = new TextEncoder()
  const head = `${base64url.encode(JSON.stringify(header))}.`
  return async function sign(payload) {
    const input = head + base64url.encode(JSON.stringify(payload))
    const signature = await crypto.subtle.sign(algorithm, key, encoder.encode(input))
    return `${input}.${base64url.encode(new Uint8Array(signature))}`
  }
}

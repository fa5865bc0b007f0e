/**
 * A DPoP key pair: the private half can sign but never be read, exported or sent; the public
 * half goes into every proof. Structured-cloneable, so tabs can share it (BroadcastChannel,
 * IndexedDB) without its private bytes ever leaving WebCrypto.
 *
 * @example
 * const key: DpopKey = await createDpopKey()
 */
export interface DpopKey {
  /** Non-extractable ECDSA P-256 key. */
  readonly privateKey: CryptoKey
  /** The public key as a JWK (`kty`, `crv`, `x`, `y` only), as the proof header carries it. */
  readonly jwk: DpopPublicJwk
}

/**
 * The public half of a `DpopKey`, as RFC 7638 thumbprints it.
 *
 * @example
 * const { x, y } = key.jwk
 */
export interface DpopPublicJwk {
  readonly kty: 'EC'
  readonly crv: 'P-256'
  readonly x: string
  readonly y: string
}

/**
 * Makes a DPoP key with WebCrypto: ECDSA P-256 (ES256), `extractable: false`.
 *
 * @example
 * import { createDpopKey } from '@keyward/client/dpop'
 *
 * const key = await createDpopKey()
 */
export async function createDpopKey(): Promise<DpopKey> {
  const { privateKey, publicKey } = await crypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    // The private key gets `sign`; the public key, which has no use here, gets none.
    ['sign']
  )
  // A public key is always exportable, whatever `extractable` says (WebCrypto, generateKey).
  const { x, y } = await crypto.subtle.exportKey('jwk', publicKey)
  return { privateKey, jwk: { kty: 'EC', crv: 'P-256', x: x as string, y: y as string } }
}

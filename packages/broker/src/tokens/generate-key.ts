import type { JWK } from 'jose'

/**
 * A new private Ed25519 JWK for `signingKey` (`KEYWARD_SIGNING_KEY`), with `alg` and a random
 * `kid`. Web Crypto only, so it runs wherever the broker does. The `keyward-broker generate-key`
 * command prints one.
 *
 * @example
 * import { generateSigningKey } from '@keyward/broker'
 *
 * console.log(JSON.stringify(await generateSigningKey()))
 */
export async function generateSigningKey(): Promise<JWK> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  const jwk = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as JWK
  const kid = Array.from(crypto.getRandomValues(new Uint8Array(8)), (byte) =>
    byte.toString(16).padStart(2, '0')
  ).join('')
  if (typeof jwk.x !== 'string' || typeof jwk.d !== 'string') {
    throw new TypeError('Web Crypto exported an Ed25519 key without x or d')
  }
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d, alg: 'EdDSA', kid }
}

import { generateKeyPairSync, randomBytes } from 'node:crypto'

/** A throwaway API key for the emulator: nothing outside this machine accepts it. */
export function devApiKey(): string {
  return `dev_${randomBytes(24).toString('base64url')}`
}

/** A fresh Ed25519 private JWK with a kid, the shape KEYWARD_SIGNING_KEY takes. */
export function devSigningKey(): Record<string, unknown> {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })
  return { ...jwk, kid: `dev-${randomBytes(6).toString('hex')}`, alg: 'EdDSA' }
}

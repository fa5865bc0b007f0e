import { base64url, calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT } from 'jose'

/** What a proof says, beyond what `proof()` fills in from the request. */
export interface ProofClaims {
  /** Default: a fresh UUID. */
  jti?: string
  /** Seconds since the epoch. Default: the key's clock. */
  iat?: number
  /** Signs `ath` for this access token. */
  accessToken?: string
  nonce?: string
  /** Overrides `htm`. */
  htm?: string
  /** Overrides `htu`. */
  htu?: string
}

/**
 * A browser's DPoP key, as `@keyward/client/dpop` would hold it: an ES256 key pair that signs one
 * proof per request (RFC 9449 §4.2).
 */
export async function createDpopKey(now: () => number = Date.now) {
  const { privateKey, publicKey } = await generateKeyPair('ES256')
  const jwk = await exportJWK(publicKey)
  const jkt = await calculateJwkThumbprint(jwk, 'sha256')
  return {
    jwk,
    jkt,
    /** A proof of `method url`, signed by this key. */
    async proof(method: string, url: string, claims: ProofClaims = {}): Promise<string> {
      const { accessToken, ...rest } = claims
      return new SignJWT({
        jti: crypto.randomUUID(),
        htm: method,
        htu: url,
        iat: Math.floor(now() / 1000),
        ...(accessToken === undefined ? {} : { ath: await athOf(accessToken) }),
        ...rest,
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
        .sign(privateKey)
    },
  }
}

export type DpopKey = Awaited<ReturnType<typeof createDpopKey>>

/** `ath`: base64url of the SHA-256 of the token (RFC 9449 §4.2). */
export async function athOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return base64url.encode(new Uint8Array(digest))
}

import type { DpopKey } from './key.ts'

/**
 * Options of `createProof`.
 *
 * @example
 * const options: ProofOptions = { key, htm: 'GET', htu: 'https://broker.example.com/v1/api/videos' }
 */
export interface ProofOptions {
  key: DpopKey
  /** The request's method, e.g. `'POST'`. */
  htm: string
  /** The request's URL; its query and fragment are left out, as RFC 9449 §4.2 asks. */
  htu: string | URL
  /** The token the request carries: the proof then binds to it (`ath`). Default: none. */
  accessToken?: string | undefined
  /** The last `DPoP-Nonce` the broker sent. Default: none. */
  nonce?: string | undefined
  /** Wall clock, in epoch milliseconds, for `iat`. Default: `Date.now()`. */
  now?: number
}

const encoder = new TextEncoder()

const base64url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/=/g, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_')

const part = (value: object) => base64url(encoder.encode(JSON.stringify(value)))

// The last token and its hash: calls in a row (or at once) carry the same token, so one digest
// serves them all.
let hashed: [string, Promise<string>] | undefined

const hashOf = (accessToken: string): Promise<string> => {
  if (hashed?.[0] !== accessToken)
    hashed = [
      accessToken,
      crypto.subtle.digest('SHA-256', encoder.encode(accessToken)).then(base64url),
    ]
  return hashed[1]
}

/**
 * Signs a DPoP proof (RFC 9449 §4.2) for one request, with WebCrypto only: a compact JWS with
 * `typ: dpop+jwt`, `alg: ES256` and the public key in the header, and a fresh random `jti`.
 * WebCrypto's ECDSA signature is already `r || s`, the form JWS uses (RFC 7518 §3.4).
 *
 * @example
 * import { createDpopKey, createProof } from '@keyward/client/dpop'
 *
 * const key = await createDpopKey()
 * const dpop = await createProof({ key, htm: 'GET', htu: url, accessToken })
 * await fetch(url, { headers: { authorization: `DPoP ${accessToken}`, dpop } })
 */
export async function createProof({
  key,
  htm,
  htu,
  accessToken,
  nonce,
  now = Date.now(),
}: ProofOptions): Promise<string> {
  const url = new URL(htu)
  const claims = {
    jti: base64url(crypto.getRandomValues(new Uint8Array(16))),
    htm,
    htu: url.origin + url.pathname,
    iat: Math.floor(now / 1000),
    ath: accessToken ? await hashOf(accessToken) : undefined,
    nonce,
  }
  const input = `${part({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk })}.${part(claims)}`
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    key.privateKey,
    encoder.encode(input)
  )
  return `${input}.${base64url(signature)}`
}

// A browser's DPoP key made with WebCrypto alone, as a page would hold it (RFC 9449 §4.2): an
// ES256 key pair whose private half is not extractable, signing one proof per request.

const encoder = new TextEncoder()

function base64url(bytes: ArrayBuffer | Uint8Array): string {
  let text = ''
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte)
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const json = (value: unknown) => base64url(encoder.encode(JSON.stringify(value)))
const sha256 = async (text: string) =>
  base64url(await crypto.subtle.digest('SHA-256', encoder.encode(text)))

export interface ProofClaims {
  accessToken?: string
  nonce?: string
  jti?: string
}

/** `now`: the clock the broker follows (locally, the emulator's), in epoch ms. */
export async function createDpopKey(now: () => number = Date.now) {
  const { privateKey, publicKey } = (await crypto.subtle.generateKey(
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['sign', 'verify']
  )) as CryptoKeyPair
  const { crv, kty, x, y } = (await crypto.subtle.exportKey('jwk', publicKey)) as JsonWebKey
  const jwk = { crv, kty, x, y }
  return {
    /** The JWK SHA-256 thumbprint (RFC 7638): members in lexicographic order. */
    jkt: await sha256(JSON.stringify({ crv, kty, x, y })),
    async proof(method: string, url: string, claims: ProofClaims = {}): Promise<string> {
      const { accessToken, ...rest } = claims
      const header = json({ typ: 'dpop+jwt', alg: 'ES256', jwk })
      const payload = json({
        jti: crypto.randomUUID(),
        htm: method,
        htu: url,
        iat: Math.floor(now() / 1000),
        ...(accessToken === undefined ? {} : { ath: await sha256(accessToken) }),
        ...rest,
      })
      const signature = await crypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        privateKey,
        encoder.encode(`${header}.${payload}`)
      )
      return `${header}.${payload}.${base64url(signature)}`
    },
  }
}

export type DpopKey = Awaited<ReturnType<typeof createDpopKey>>

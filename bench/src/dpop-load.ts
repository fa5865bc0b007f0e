import autocannon from 'autocannon'
import { base64url, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { autocannonResult, type Runner } from './load.ts'

// The load of measurement 8: every DPoP request carries its own proof (a unique jti, `ath` of
// the token, signed with ES256 as @keyward/client/dpop does), made before each run so the load
// generator only sends them.

/** Headroom over the last run's rate, so a run never runs out of proofs. */
const PROOF_HEADROOM = 1.6

export interface BrowserKey {
  jwk: JWK
  privateKey: CryptoKey
}

export async function browserKey(): Promise<BrowserKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256')
  return { privateKey, jwk: await exportJWK(publicKey) }
}

export async function athOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return base64url.encode(new Uint8Array(digest))
}

export function proof(
  key: BrowserKey,
  method: string,
  htu: string,
  claims: Record<string, unknown>
) {
  return new SignJWT({
    jti: crypto.randomUUID(),
    htm: method,
    htu,
    iat: Math.floor(Date.now() / 1000),
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
    .sign(key.privateKey)
}

/** Proofs of `GET htu` for one bound token, made in batches before each run. */
export interface ProofSource {
  key: BrowserKey
  htu: string
  ath: string
  /** The highest rate seen so far on this target, to size the next batch. */
  rps: number
}

async function proofsFor(source: ProofSource, count: number): Promise<string[]> {
  const proofs: string[] = []
  while (proofs.length < count) {
    const batch = Math.min(500, count - proofs.length)
    const made = Array.from({ length: batch }, () =>
      proof(source.key, 'GET', source.htu, { ath: source.ath })
    )
    proofs.push(...(await Promise.all(made)))
  }
  return proofs
}

/**
 * An autocannon run that sets a `DPoP` header on every request: a fresh proof for a DPoP target,
 * filler of the same length elsewhere, so every target's requests cost the load generator alike.
 */
export function dpopRunner(sources: Map<string, ProofSource>, fillerLength: number): Runner {
  return async (target, connections, seconds) => {
    const source = sources.get(target.name)
    const proofs = source
      ? await proofsFor(source, Math.ceil(source.rps * seconds * PROOF_HEADROOM) + 200)
      : []
    const filler = 'x'.repeat(fillerLength)
    let next = 0
    const result = await autocannon({
      url: target.url,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'GET',
          headers: target.headers ?? {},
          // Called for every request: each one takes the next proof (a used one is refused).
          setupRequest: (request) => ({
            ...request,
            headers: { ...request.headers, dpop: source ? (proofs[next++] ?? 'spent') : filler },
          }),
        },
      ],
    })
    if (source) source.rps = Math.max(source.rps, result.requests.average)
    return autocannonResult(result)
  }
}

import { base64url, calculateJwkThumbprint, EmbeddedJWK, type JWK, jwtVerify } from 'jose'

// The least a Hono + jose Worker does to check a DPoP proof (RFC 9449 §4.3), written as jose's
// documentation suggests: no key cache, no custom parsing. ES256 only (what browsers sign with).

const WINDOW_SECONDS = 60
/** Seen `<jkt>.<jti>` → expiry (epoch ms), in this isolate's memory only. */
const seen = new Map<string, number>()

export interface DpopProof {
  jkt: string
}

/** The checked request: its method, URL, and the access token sent with it (for `ath`). */
export interface ProofRequest {
  method: string
  url: string
  accessToken?: string
}

/**
 * Records a proof's `<jkt>.<jti>` until `expiresAt` (epoch ms): `true` when it is new, `false`
 * for a replay.
 */
export type ReplayCheck = (id: string, jkt: string, expiresAt: number) => boolean | Promise<boolean>

/** The replay check in this isolate's memory (a Map), the default. */
export const claimInIsolate: ReplayCheck = (id, _jkt, expiresAt) => {
  const now = Date.now()
  const known = seen.get(id)
  if (known !== undefined && known > now) return false
  sweep(now)
  seen.set(id, expiresAt)
  return true
}

/** Verifies `proof` for `request`, then claims its id with `replay`; throws on any failed check. */
export async function verifyDpopProof(
  proof: string,
  request: ProofRequest,
  replay: ReplayCheck = claimInIsolate
): Promise<DpopProof> {
  const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, {
    typ: 'dpop+jwt',
    algorithms: ['ES256'],
  })
  const url = new URL(request.url)
  if (payload.htm !== request.method) throw new Error('htm')
  if (payload.htu !== `${url.origin}${url.pathname}`) throw new Error('htu')
  const now = Date.now()
  const iat = payload.iat
  if (typeof iat !== 'number' || Math.abs(now / 1000 - iat) > WINDOW_SECONDS) throw new Error('iat')
  if (request.accessToken !== undefined) {
    const digest = await crypto.subtle.digest(
      'SHA-256',
      new TextEncoder().encode(request.accessToken)
    )
    if (payload.ath !== base64url.encode(new Uint8Array(digest))) throw new Error('ath')
  }
  const jkt = await calculateJwkThumbprint(protectedHeader.jwk as JWK)
  const jti = payload.jti
  if (typeof jti !== 'string') throw new Error('jti')
  if (!(await replay(`${jkt}.${jti}`, jkt, (iat + WINDOW_SECONDS) * 1000)))
    throw new Error('replayed')
  return { jkt }
}

/** Drops expired entries from the front (insertion order is about expiry order). */
function sweep(now: number) {
  for (const [id, expiresAt] of seen) {
    if (expiresAt > now) return
    seen.delete(id)
  }
}

import { type JWTHeaderParameters, type JWTPayload, jwtVerify } from 'jose'
import { BrokerError, invalidConfig, invalidToken } from '../errors.ts'
import { type CompactSign, compactSigner } from './compact-sign.ts'
import { type ImportedRing, importRing, type RingKey } from './key-ring.ts'

/**
 * The claims of a broker access token (RFC 9068 §2.2).
 *
 * @example
 * const { payload } = await jwtVerify<BrokerTokenClaims>(token, jwks, { typ: 'at+jwt' })
 * payload.scope // 'videos:read videos:upload'
 */
export interface BrokerTokenClaims extends JWTPayload {
  iss: string
  aud: string | string[]
  sub: string
  client_id: string
  scope: string
  iat: number
  exp: number
  jti: string
  /**
   * Present (`true`) when the caller was anonymous: set at issue time from the caller, so the
   * routes that take the token never guess it from `sub`.
   */
  anon?: true
  /** The DPoP key the token is bound to, as its JWK SHA-256 thumbprint (RFC 9449 §6.1). */
  cnf?: { jkt: string }
}

export interface SignerOptions {
  ring: readonly RingKey[]
  issuer: string
  audience: string
  clockToleranceSeconds: number
  now: () => number
}

export interface SignInput {
  sub: string
  clientId: string
  scope: string
  ttlSeconds: number
  /** The caller was anonymous: the token says so in its `anon` claim. */
  anonymous: boolean
  /** Binds the token to this DPoP key thumbprint (`cnf.jkt`). */
  jkt?: string
}

export type Signer = ReturnType<typeof createSigner>

/** Signs broker tokens with the current key, verifies them with any key of the ring. */
export function createSigner({
  ring,
  issuer,
  audience,
  clockToleranceSeconds,
  now,
}: SignerOptions) {
  const [current] = ring
  if (!current) throw invalidConfig('no signing key')
  const algorithms = [...new Set(ring.map((key) => key.alg))]
  const jwks = JSON.stringify({ keys: ring.map((key) => key.publicJwk) })
  let imported: Promise<ImportedRing> | undefined
  const verified = new Map<string, BrokerTokenClaims>()
  // Imported on first use: Workers forbid crypto work outside a request.
  const keys = () => {
    imported ??= importRing(ring).catch((cause: unknown) => {
      imported = undefined
      throw invalidConfig('a signing key could not be imported', cause)
    })
    return imported
  }
  let signCompact: CompactSign | undefined
  const header = { alg: current.alg, kid: current.kid, typ: 'at+jwt' }

  return {
    async sign(input: SignInput): Promise<{ token: string; claims: BrokerTokenClaims }> {
      const iat = Math.floor(now() / 1000)
      const claims: BrokerTokenClaims = {
        iss: issuer,
        aud: audience,
        sub: input.sub,
        client_id: input.clientId,
        scope: input.scope,
        iat,
        exp: iat + input.ttlSeconds,
        jti: crypto.randomUUID(),
        ...(input.anonymous ? { anon: true } : {}),
        ...(input.jkt === undefined ? {} : { cnf: { jkt: input.jkt } }),
      }
      signCompact ??= compactSigner(header, (await keys()).signingKey)
      return { token: await signCompact(claims), claims }
    },

    /**
     * Pins algorithm (per kid), `typ`, `iss`, `aud` and `exp`, with a small clock tolerance. A
     * token seen before is not verified again while its time claims still hold.
     */
    async verify(token: string): Promise<BrokerTokenClaims> {
      const seen = verified.get(token)
      if (seen !== undefined) {
        if (inTime(seen, now(), clockToleranceSeconds)) return seen
        verified.delete(token)
      }
      const claims = await verifyFully(token)
      remember(verified, token, claims)
      return claims
    },

    /** The public key set, serialized once. */
    jwks: () => jwks,
  }

  async function verifyFully(token: string): Promise<BrokerTokenClaims> {
    // One token, one spelling: a deny list keyed by the token string cannot be sidestepped.
    if (!token.split('.').every(isCanonicalBase64url)) {
      throw invalidToken('The token is not in canonical base64url (RFC 4648 §3.5).')
    }
    const { verifyKeys } = await keys()
    const keyFor = (header: JWTHeaderParameters) => {
      const entry = header.kid === undefined ? undefined : verifyKeys.get(header.kid)
      if (!entry || entry.alg !== header.alg) throw invalidToken('unknown key or algorithm')
      return entry.key
    }
    try {
      const { payload } = await jwtVerify(token, keyFor, {
        algorithms,
        issuer,
        audience,
        typ: 'at+jwt',
        clockTolerance: clockToleranceSeconds,
        currentDate: new Date(now()),
        requiredClaims: ['iss', 'aud', 'sub', 'client_id', 'scope', 'iat', 'exp', 'jti'],
      })
      if (
        typeof payload.scope !== 'string' ||
        typeof payload.sub !== 'string' ||
        (payload.anon !== undefined && payload.anon !== true)
      ) {
        throw invalidToken('malformed claims')
      }
      // Kept and shared by every later request with this token: nothing may change it.
      return Object.freeze(payload) as BrokerTokenClaims
    } catch (cause) {
      if (cause instanceof BrokerError) throw cause
      throw invalidToken(undefined, cause)
    }
  }
}

/** Tokens verified by this isolate, oldest first; the ring is fixed for a signer's lifetime. */
const VERIFIED_TOKENS = 1024

function remember(
  verified: Map<string, BrokerTokenClaims>,
  token: string,
  claims: BrokerTokenClaims
): void {
  if (verified.size >= VERIFIED_TOKENS) {
    const oldest = verified.keys().next()
    if (oldest.done !== true) verified.delete(oldest.value)
  }
  verified.set(token, claims)
}

/**
 * Whether a verified token's time claims hold at `nowMs`, exactly as jose checks them (whole
 * seconds, RFC 7519 §4.1.4 and §4.1.5): once this fails the full verification runs, and refuses.
 */
function inTime(claims: BrokerTokenClaims, nowMs: number, tolerance: number): boolean {
  const seconds = Math.floor(new Date(nowMs).getTime() / 1000)
  if (claims.exp <= seconds - tolerance) return false
  return claims.nbf === undefined || claims.nbf <= seconds + tolerance
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Whether a base64url segment is the one encoding of its bytes: no padding, and the bits of the
 * last character that carry no data are zero (RFC 4648 §3.5). Decoders ignore those bits, so
 * without this check a token would have up to 16 accepted spellings.
 */
function isCanonicalBase64url(segment: string): boolean {
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return false
  const spare = [0, 0, 0b1111, 0b11][segment.length % 4] as number
  const last = segment.length === 0 ? 0 : BASE64URL.indexOf(segment.at(-1) as string)
  return (last & spare) === 0
}

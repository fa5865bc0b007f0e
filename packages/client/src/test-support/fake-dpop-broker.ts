// A fake DPoP broker behind an injected `fetch` (RFC 9449 as written): `/v1/token` binds a token to
// the proof's key, `/v1/api/*` and `/v1/upload-token` want `Authorization: DPoP` and a proof by
// that key; proofs are verified with jose, not with the code under test.
import { base64url, calculateJwkThumbprint, EmbeddedJWK, type JWTPayload, jwtVerify } from 'jose'
import { BROKER, problem } from './fake-broker.ts'

export { BROKER }
export const TOKEN_URL = `${BROKER}/v1/token`

/** What the broker saw of one request, once its proof verified. */
export interface SeenRequest {
  method: string
  path: string
  authorization: string | null
  /** The proof's claims and its key's thumbprint; `undefined` without a proof. */
  proof?: JWTPayload & { jkt: string }
  body: string
}

export interface FakeDpopBroker {
  fetch: (request: Request) => Promise<Response>
  seen: SeenRequest[]
  /** The thumbprint each issued token is bound to. */
  boundTo: Map<string, string>
  /** When set, every proof must carry this nonce; `use_dpop_nonce` otherwise. */
  nonce: string | undefined
  /** Makes the broker reject a token it issued, as it does once the token expired. */
  expire(token: string): void
  /** Issues bearer tokens (`token_type: Bearer`), as a broker with DPoP off does. */
  bearer: boolean
  /**
   * The broker's clock, in epoch ms: when set, a proof whose `iat` is more than 60 s from it is
   * refused `invalid_dpop_proof`, with the clock in `Date`.
   */
  clock: number | undefined
}

const challenge = (error: string) => ({ 'www-authenticate': `DPoP error="${error}", algs="ES256"` })

async function sha256(text: string) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return base64url.encode(new Uint8Array(digest))
}

export function createFakeDpopBroker(): FakeDpopBroker {
  const issued = new Set<string>()
  const expired = new Set<string>()
  const jtis = new Set<string>()
  let count = 0

  async function verify(request: Request, seen: SeenRequest, accessToken?: string) {
    const header = request.headers.get('dpop')
    if (!header) return 'missing'
    const { payload, protectedHeader } = await jwtVerify(header, EmbeddedJWK, {
      typ: 'dpop+jwt',
      algorithms: ['ES256'],
    })
    const jkt = await calculateJwkThumbprint(protectedHeader.jwk ?? {}, 'sha256')
    seen.proof = { ...payload, jkt }
    const url = new URL(request.url)
    if (payload.htm !== request.method || payload.htu !== url.origin + url.pathname) return 'htm'
    if (jtis.has(payload.jti as string)) return 'replay'
    jtis.add(payload.jti as string)
    if (accessToken && payload.ath !== (await sha256(accessToken))) return 'ath'
    if (broker.nonce && payload.nonce !== broker.nonce) return 'nonce'
    if (broker.clock !== undefined && Math.abs(broker.clock / 1000 - (payload.iat ?? 0)) > 60)
      return 'iat'
    return undefined
  }

  const refuse = (status: number, code: string) =>
    problem(status, code, {
      ...challenge(code),
      ...(code === 'use_dpop_nonce' && broker.nonce ? { 'dpop-nonce': broker.nonce } : {}),
      ...(broker.clock === undefined ? {} : { date: new Date(broker.clock).toUTCString() }),
    })
  const failure = (site: 'token' | 'resource', why: string) =>
    refuse(site === 'token' ? 400 : 401, why === 'nonce' ? 'use_dpop_nonce' : 'invalid_dpop_proof')

  const broker: FakeDpopBroker = {
    seen: [],
    boundTo: new Map(),
    nonce: undefined,
    bearer: false,
    clock: undefined,
    expire: (token) => expired.add(token),
    async fetch(request) {
      const url = new URL(request.url)
      const seen: SeenRequest = {
        method: request.method,
        path: url.pathname,
        authorization: request.headers.get('authorization'),
        body: await request.clone().text(),
      }
      broker.seen.push(seen)
      if (url.pathname === '/v1/token') {
        const why = await verify(request, seen)
        if (why && !broker.bearer) return failure('token', why)
        const accessToken = `d${++count}`
        issued.add(accessToken)
        if (!broker.bearer && seen.proof) broker.boundTo.set(accessToken, seen.proof.jkt)
        return Response.json({
          access_token: accessToken,
          token_type: broker.bearer ? 'Bearer' : 'DPoP',
          expires_in: 300,
          scope: 'videos:read videos:upload',
        })
      }
      const [scheme, accessToken = ''] = seen.authorization?.split(' ') ?? []
      const jkt = broker.boundTo.get(accessToken)
      if (!issued.has(accessToken) || expired.has(accessToken)) return refuse(401, 'invalid_token')
      if (scheme !== (jkt ? 'DPoP' : 'Bearer')) return refuse(401, 'invalid_token')
      if (jkt) {
        const why = await verify(request, seen, accessToken)
        if (why) return failure('resource', why)
        if (seen.proof?.jkt !== jkt) return refuse(401, 'invalid_dpop_proof')
      }
      if (url.pathname === '/v1/upload-token') {
        return Response.json({
          token: 'to1',
          ttl: 600,
          expiresAt: '',
          apiHost: 'sandbox.api.video',
        })
      }
      return Response.json({ path: url.pathname, body: seen.body })
    },
  }
  return broker
}

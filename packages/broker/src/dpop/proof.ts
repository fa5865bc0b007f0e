import { base64url, type JWK } from 'jose'
import { type DpopErrorSite, type DpopRefusal, invalidDpopProof, useDpopNonce } from '../errors.ts'
import { boundedMemo } from './bounded-memo.ts'
import { parseCompactJws, signatureVerifies } from './compact-jws.ts'
import type { DpopNonces } from './nonce.ts'
import { DPOP_ALGORITHMS, DPOP_DEFAULTS, type DpopAlgorithm } from './options.ts'
import { createProofHeaders, type Refuse, strictly } from './proof-header.ts'
import type { DpopReplayCache } from './replay-cache.ts'

/**
 * What the broker needs to check proofs: the policy, the clock, and where nonces and seen `jti`s
 * come from.
 *
 * @example
 * const verifier = createDpopVerifier({ now: Date.now, replayCache: createMemoryReplayCache({ now: Date.now }) })
 */
export interface DpopVerifierOptions {
  /** Default: every one of `DPOP_ALGORITHMS`. */
  algorithms?: readonly DpopAlgorithm[]
  /** How far `iat` may be from `now()`, either way, in seconds. Default: 60. */
  proofWindowSeconds?: number
  /** Clock, in epoch milliseconds. */
  now: () => number
  /** When given, every proof must carry one of its nonces. */
  nonces?: DpopNonces
  /** Where each proof's `jti` is claimed, so a proof is used once. */
  replayCache: DpopReplayCache
}

/**
 * The request a proof is checked against.
 *
 * @example
 * const request: DpopRequest = { proof: c.req.header('dpop'), method: c.req.method, url: c.req.url }
 */
export interface DpopRequest {
  /** The `DPoP` header's value, if any. */
  proof: string | undefined
  method: string
  /** The URL the client sent the request to, as it saw it. */
  url: string
  /** The access token sent with the request: the proof's `ath` must be its hash (RFC 9449 §4.3). */
  accessToken?: string
  /**
   * The thumbprint of the key the access token is bound to (`cnf.jkt`): a proof by any other key
   * is refused before its `jti` is recorded, so foreign keys cost the replay cache nothing.
   */
  boundJkt?: string
  /** Shapes the errors: 400 at the token endpoint, 401 at an API call. Default: `'resource'`. */
  site?: DpopErrorSite
}

/**
 * A proof that passed every check of RFC 9449 §4.3.
 *
 * @example
 * const claims = { cnf: { jkt: proof.jkt } }
 */
export interface VerifiedDpopProof {
  /** The SHA-256 JWK thumbprint (RFC 7638) of the proof's key: what a bound token's `cnf.jkt` holds. */
  jkt: string
  /** The proof's public key. */
  jwk: JWK
  jti: string
  /** Seconds since the epoch. */
  iat: number
  /** A fresher nonce to send in `DPoP-Nonce` when the proof's nonce was the previous one (§8.2). */
  nextNonce?: string
}

/** Checks one proof; throws `invalid_dpop_proof` or `use_dpop_nonce` (a `BrokerError`). */
export type DpopVerifier = ((request: DpopRequest) => Promise<VerifiedDpopProof>) & {
  /** The accepted algorithms, for `algs="…"` in challenges. */
  readonly algorithms: readonly DpopAlgorithm[]
}

/** Room for an RSA-4096 key and signature; a larger header is refused before any parsing. */
const MAX_PROOF_CHARS = 8192
/** RFC 9449 §11.1 asks for enough entropy in `jti`; an upper bound keeps the replay cache small. */
const MAX_JTI_CHARS = 256
/** Access tokens whose `ath` one isolate remembers: a browser sends one token many times. */
const MAX_HASHES = 1024
/** Request URLs whose `htu` form one isolate remembers. */
const MAX_URLS = 256

/**
 * Makes the verifier of DPoP proofs (RFC 9449 §4.3): a strict parse of the compact JWS, `typ`
 * `dpop+jwt`, an accepted asymmetric `alg`, a public `jwk` (the header checked and its key
 * imported once per isolate, `proof-header.ts`), the signature checked with WebCrypto against that
 * key, then `htm`, `htu`, `iat` within `proofWindowSeconds`, `ath`, `nonce`, the key the token is
 * bound to, and a `jti` used once.
 *
 * @example
 * const verify = createDpopVerifier({ now: Date.now, replayCache: createMemoryReplayCache({ now: Date.now }) })
 * const { jkt } = await verify({ proof: c.req.header('dpop'), method: c.req.method, url: c.req.url })
 */
export function createDpopVerifier({
  algorithms = DPOP_ALGORITHMS,
  proofWindowSeconds = DPOP_DEFAULTS.proofWindowSeconds,
  now,
  nonces,
  replayCache,
}: DpopVerifierOptions): DpopVerifier {
  const hashes = boundedMemo<Promise<string>>(MAX_HASHES)
  const urls = boundedMemo<string | undefined>(MAX_URLS)
  const checkedHeader = createProofHeaders(algorithms)

  /** The proof's claims, once its header passed and its signature verified with its `jwk`. */
  async function signed(proof: string | undefined, refuse: Refuse) {
    if (proof === undefined || proof === '') throw refuse('Send a DPoP proof in the DPoP header.')
    if (proof.length > MAX_PROOF_CHARS)
      throw refuse('The DPoP header must hold exactly one compact JWS.')
    const jws = strictly(() => parseCompactJws(proof), refuse)
    const { jwk, alg, key: imported } = checkedHeader(jws.headerText, refuse)
    const { key, jkt } = await imported.catch((cause: unknown) => {
      throw refuse(`The proof's jwk is not a usable public key for ${alg}.`, cause)
    })
    if (!(await signatureVerifies(jws, alg, key).catch(() => false)))
      throw refuse("The proof's signature does not verify with its jwk.")
    return { payload: jws.payload, jwk, jkt }
  }

  async function verify(request: DpopRequest): Promise<VerifiedDpopProof> {
    // One reading of the clock judges the proof and dates its refusal, so a client reads in `Date`
    // the very clock its `iat` was checked against.
    const refusal = { algs: algorithms, site: request.site ?? 'resource', at: now() }
    const { at } = refusal
    const refuse = (detail: string, cause?: unknown) => invalidDpopProof(detail, refusal, cause)
    const { payload, jwk, jkt } = await signed(request.proof, refuse)
    const jti = claimsOf(payload, at, refuse)
    if (payload.htm !== request.method)
      throw refuse(`The proof's htm must be the request's method, ${request.method}.`)
    const expected = urls(withoutQuery(request.url), htuOf)
    if (expected === undefined || (payload.htu !== expected && htuOf(payload.htu) !== expected))
      throw refuse("The proof's htu must be the request's URL, without query and fragment.")
    const nextNonce = await checkNonce(payload.nonce, nonces, refusal)
    const iat = payload.iat as number
    if (Math.abs(at / 1000 - iat) > proofWindowSeconds)
      throw refuse(`The proof's iat must be within ${proofWindowSeconds} s of the broker's clock.`)
    const { accessToken } = request
    if (accessToken !== undefined && payload.ath !== (await hashes(accessToken, hashOf)))
      throw refuse("The proof's ath must be the SHA-256 hash of the access token sent with it.")
    if (request.boundJkt !== undefined && jkt !== request.boundJkt)
      throw refuse('The proof is not signed by the key this token is bound to.')
    // Keyed by thumbprint too, so a jti seen under one key cannot block another key's proofs.
    if (!(await replayCache.claim(`${jkt}.${jti}`, (iat + proofWindowSeconds) * 1000)))
      throw refuse('This DPoP proof was already used: sign a new one for each request.')
    return { jkt, jwk, jti, iat, ...(nextNonce === undefined ? {} : { nextNonce }) }
  }
  return Object.assign(verify, { algorithms })
}

/**
 * The claims every proof has (RFC 9449 §4.2), and `exp` and `nbf` when present (RFC 7519 §4.1.4,
 * §4.1.5); answers the `jti`.
 */
function claimsOf(payload: Record<string, unknown>, at: number, refuse: Refuse): string {
  const { jti, htm, htu, iat, exp, nbf } = payload
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_CHARS)
    throw refuse(`The proof needs a jti of 1 to ${MAX_JTI_CHARS} characters.`)
  if (typeof htm !== 'string' || typeof htu !== 'string')
    throw refuse('The proof needs htm and htu strings.')
  if (typeof iat !== 'number' || !Number.isFinite(iat))
    throw refuse('The proof needs iat, in seconds since the epoch.')
  if (exp !== undefined && !(typeof exp === 'number' && exp > at / 1000))
    throw refuse('The proof has expired (exp).')
  if (nbf !== undefined && !(typeof nbf === 'number' && nbf <= at / 1000))
    throw refuse('The proof is not valid yet (nbf).')
  return jti
}

/** The URL without query and fragment, by string: `htuOf` normalises what is left. */
function withoutQuery(url: string): string {
  const end = url.search(/[?#]/)
  return end === -1 ? url : url.slice(0, end)
}

/**
 * An HTTP URI without query and fragment, normalised as RFC 3986 §6.2.2 and §6.2.3 describe
 * (case of scheme and host, default port, dot segments, percent-encoding): what RFC 9449 §4.3
 * compares. `undefined` for anything that is not an absolute http(s) URL.
 */
export function htuOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined
  const url = new URL(value)
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined
  return `${url.origin}${url.pathname}`
}

async function checkNonce(
  nonce: unknown,
  nonces: DpopNonces | undefined,
  refusal: DpopRefusal
): Promise<string | undefined> {
  if (nonces === undefined) return undefined
  const state = await nonces.check(nonce)
  if (state === 'invalid') throw useDpopNonce(await nonces.current(), refusal)
  return state === 'stale' ? nonces.current() : undefined
}

/** `ath`: base64url of the SHA-256 of the token's ASCII bytes (RFC 9449 §4.2). */
async function hashOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return base64url.encode(new Uint8Array(digest))
}

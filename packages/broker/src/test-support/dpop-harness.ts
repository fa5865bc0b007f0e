import { expect } from 'vitest'
import type { DpopMode, DpopOptions } from '../dpop/options.ts'
import type { BrokerOptions } from '../options/broker-options.ts'
import { createDpopKey, type DpopKey, type ProofClaims } from './dpop-key.ts'
import { createHarness, ORIGIN } from './harness.ts'

/** Where `app.request('/path')` says the request went: what proofs name as `htu`. */
/** The `algs` of every DPoP challenge: the broker's default algorithms (RFC 9449 §7.1). */
export const ALGS = 'algs="ES256 ES384 EdDSA PS256 RS256"'
export const BROKER_URL = 'http://localhost'
export const NONCE_SECRET = 'a-dpop-nonce-secret-of-at-least-32-bytes'

/**
 * A harness whose broker runs with `dpop`, and a browser key on the same clock that asks for
 * bound tokens and signs the proofs of its calls.
 */
export async function createDpopHarness(
  dpop: DpopMode | DpopOptions,
  broker: Partial<BrokerOptions> = {}
) {
  const h = await createHarness({ broker: { dpop, ...broker } })
  const key = await createDpopKey(h.now)

  /** `POST /v1/token` with a proof from `signer` (default: the key), or none when `null`. */
  const tokenRequest = async (
    signer: DpopKey | null = key,
    claims: ProofClaims = {},
    init: { scope?: string; url?: string } = {}
  ) => {
    const headers: Record<string, string> = { origin: ORIGIN }
    if (signer !== null)
      headers.dpop = await signer.proof('POST', init.url ?? `${BROKER_URL}/v1/token`, claims)
    if (init.scope !== undefined) headers['content-type'] = 'application/json'
    return h.request('/v1/token', {
      method: 'POST',
      headers,
      ...(init.scope === undefined ? {} : { body: JSON.stringify({ scope: init.scope }) }),
    })
  }

  /** A token bound to `signer` (default: the key). */
  const boundToken = async (signer: DpopKey = key, claims: ProofClaims = {}) => {
    const res = await tokenRequest(signer, claims)
    if (res.status !== 200) throw new Error(`token request failed: ${res.status}`)
    return ((await res.json()) as { access_token: string }).access_token
  }

  /** `method path` with `Authorization: <scheme> <token>` and, unless `null`, `proof`. */
  const call = (
    method: string,
    path: string,
    { token, scheme = 'DPoP', proof }: { token: string; scheme?: string; proof: string | null },
    init: RequestInit = {}
  ) =>
    h.request(path, {
      ...init,
      method,
      headers: {
        origin: ORIGIN,
        authorization: `${scheme} ${token}`,
        ...(proof === null ? {} : { dpop: proof }),
        ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
      },
    })

  /** `method path` with a fresh proof of exactly that request, signed by `signer`. */
  const signedCall = async (
    method: string,
    path: string,
    token: string,
    { signer = key, claims = {}, init = {} }: SignedCallOptions = {}
  ) =>
    call(
      method,
      path,
      {
        token,
        proof: await signer.proof(method, `${BROKER_URL}${path}`, {
          accessToken: token,
          ...claims,
        }),
      },
      init
    )

  return { ...h, key, tokenRequest, boundToken, call, signedCall }
}

export interface SignedCallOptions {
  signer?: DpopKey
  claims?: ProofClaims
  init?: RequestInit
}

/** The problem+json body of a refusal. */
export async function problemOf(res: Response): Promise<{ code: string; error?: string }> {
  expect(res.headers.get('content-type')).toBe('application/problem+json')
  return (await res.json()) as { code: string; error?: string }
}

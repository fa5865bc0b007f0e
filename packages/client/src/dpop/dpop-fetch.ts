import type { TabChannel, TabChannelOptions } from '../tab-channel.ts'
import { createDpopKey, type DpopKey } from './key.ts'
import { createProof } from './proof.ts'

/**
 * Options of `createDpopFetch`.
 *
 * @example
 * const options: DpopFetchOptions = { origins: ['https://broker.example.com'] }
 */
export interface DpopFetchOptions {
  /**
   * The key that new tokens are bound to: a `DpopKey` or a promise of one. Default: a
   * `createDpopKey()` made on the first request.
   */
  key?: DpopKey | Promise<DpopKey> | undefined
  /** Only requests to these origins (URLs are reduced to their origin) carry proofs. Default: the page's origin. */
  origins?: readonly (string | URL)[] | undefined
  /** The `fetch` that sends the requests. Default: the global `fetch`. */
  fetch?: ((request: Request) => Promise<Response>) | undefined
  /** The wall clock, in epoch milliseconds, for each proof's `iat`. Default: `Date.now`. */
  now?: (() => number) | undefined
}

/**
 * A `fetch` that proves possession of a DPoP key (RFC 9449) on every request to the broker:
 * pass it as the `fetch` of `createTokenSource`, `createApi`, `createAuthFetch` and
 * `getUploadToken`.
 *
 * @example
 * const dpop: DpopFetch = createDpopFetch({ origins: [broker] })
 * const tokens = createTokenSource({ url: `${broker}/v1/token`, fetch: dpop })
 */
export interface DpopFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  /** The key a DPoP-bound token is bound to; `undefined` for a bearer or unknown token. */
  keyOf(accessToken: string): DpopKey | undefined
  /**
   * Wraps `openTabChannel` (from `@keyward/client/tabs`) so that a token handed to another tab
   * travels with its key (a structured clone: the private key stays non-extractable).
   */
  share(open: OpenTabChannel): OpenTabChannel
}

/** The type of `openTabChannel`, the `share` option of `createTokenSource`. */
export type OpenTabChannel = (options: TabChannelOptions) => TabChannel | undefined

// Enough for the current token, the previous one and a few handed over by other tabs.
const KEPT_TOKENS = 8

/**
 * Makes a DPoP `fetch`. On a request to one of `origins` it adds a `DPoP` proof for the exact
 * method and URL. A request carrying `Authorization: Bearer <token>` for a token the broker bound
 * to a key (`token_type: "DPoP"`) is sent as `Authorization: DPoP <token>`, with a proof signed by
 * that key and bound to the token (`ath`); any other authorization (a session's own bearer token
 * at the token endpoint) is left as it is. It keeps the last `DPoP-Nonce` of each origin and puts
 * it in the next proofs; a 400 or 401 bringing a new nonce (`use_dpop_nonce`, RFC 9449 §8, §9) is
 * retried once with a fresh proof. Requests to other origins go out untouched.
 *
 * @example
 * import { createApi, createTokenSource } from '@keyward/client'
 * import { createDpopFetch } from '@keyward/client/dpop'
 *
 * const dpop = createDpopFetch({ origins: ['https://broker.example.com'] })
 * const tokens = createTokenSource({ url: 'https://broker.example.com/v1/token', fetch: dpop })
 * const api = createApi({ tokens, prefix: 'https://broker.example.com/v1/api', fetch: dpop })
 */
export function createDpopFetch({
  key,
  origins = globalThis.location ? [location.origin] : [],
  fetch: send = (request) => fetch(request),
  now = Date.now,
}: DpopFetchOptions = {}): DpopFetch {
  const allowed = origins.map((origin) => new URL(origin, globalThis.location?.href).origin)
  const keys = new Map<string, DpopKey>()
  const nonces = new Map<string, string>()
  let own: Promise<DpopKey> | undefined
  const ownKey = () => {
    own ??= Promise.resolve(key ?? createDpopKey())
    return own
  }

  const bind = (token: string, bound: DpopKey | undefined) => {
    if (!bound) return
    keys.set(token, bound)
    if (keys.size > KEPT_TOKENS) keys.delete(keys.keys().next().value as string)
  }

  async function dpopFetch(input: RequestInfo | URL, init?: RequestInit) {
    const request = new Request(input, init)
    const url = new URL(request.url)
    if (!allowed.includes(url.origin)) return send(request)
    const token = /^Bearer (.+)/i.exec(request.headers.get('authorization') ?? '')?.[1]
    const bound = token && keys.get(token)
    const signer = bound || (await ownKey())

    const attempt = async (sent: Request, again?: Request): Promise<Response> => {
      const nonce = nonces.get(url.origin)
      const accessToken = bound && token
      const proof = await createProof({
        key: signer,
        htm: sent.method,
        htu: url,
        accessToken,
        nonce,
        now: now(),
      })
      sent.headers.set('dpop', proof)
      if (bound) sent.headers.set('authorization', `DPoP ${token}`)
      const response = await send(sent)
      const next = response.headers.get('dpop-nonce')
      if (!next || next === nonce) return response
      nonces.set(url.origin, next)
      // A 400 or 401 with a new nonce asks for a proof carrying it (use_dpop_nonce).
      return again && (response.status | 1) === 401 ? attempt(again) : response
    }

    const response = await attempt(request, request.clone())
    // A token answer: remember which key its token is bound to.
    if (!bound && response.ok && /json/.test(response.headers.get('content-type') ?? '')) {
      const body = await response
        .clone()
        .json()
        .catch(() => undefined)
      // The token source checks the rest of the answer.
      if (/^dpop$/i.test(body?.token_type)) bind(body.access_token, signer)
    }
    return response
  }

  return Object.assign(dpopFetch, {
    keyOf: (accessToken: string) => keys.get(accessToken),
    share:
      (open: OpenTabChannel): OpenTabChannel =>
      (options) =>
        open({
          ...options,
          // DPoP tokens are useless to a tab without this wrapper: they get a channel of their own.
          name: `${options.name} dpop`,
          fresh() {
            const token = options.fresh()
            return token && { ...token, dpop: keys.get(token.access_token) }
          },
          adopt(token) {
            bind(token.access_token, (token as { dpop?: DpopKey }).dpop)
            options.adopt(token)
          },
        }),
  })
}

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
  /**
   * The wall clock, in epoch milliseconds, for each proof's `iat`, corrected by the broker's clock
   * once a refused proof shows they differ. Default: `Date.now`.
   */
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

/**
 * Makes a DPoP `fetch`. On a request to one of `origins` it adds a `DPoP` proof for the exact
 * method and URL. A request carrying `Authorization: Bearer <token>` for a token the broker bound
 * to a key (`token_type: "DPoP"`) is sent as `Authorization: DPoP <token>`, with a proof signed by
 * that key and bound to the token (`ath`); any other authorization (a session's own bearer token
 * at the token endpoint) is left as it is. It keeps the last `DPoP-Nonce` of each origin and puts
 * it in the next proofs; a 400 or 401 bringing a new nonce (`use_dpop_nonce`, RFC 9449 §8, §9) is
 * retried once with a fresh proof. So is a refused proof (`invalid_dpop_proof` or `use_dpop_nonce`)
 * whose `Date` shows the broker's clock more than two seconds from this device's: proofs are then
 * dated on the broker's clock, so a device whose clock is off still gets its calls through.
 * Requests to other origins go out untouched.
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
  let keys = new Map<string, DpopKey>()
  const nonces = new Map<string, string>()
  /** The broker's clock minus `now()`, in ms, once a refused proof showed they differ. */
  let skew = 0

  const bind = (token: string, bound: DpopKey | undefined) => {
    if (!bound) return
    keys.set(token, bound)
    // The last 8: the current token, the previous one and a few handed over by other tabs.
    keys = new Map([...keys].slice(-8))
  }

  async function dpopFetch(input: RequestInfo | URL, init?: RequestInit) {
    const request = new Request(input, init)
    const url = new URL(request.url)
    if (!allowed.includes(url.origin)) return send(request)
    const token = /^Bearer (.+)/i.exec(request.headers.get('authorization') ?? '')?.[1]
    const bound = token && keys.get(token)
    // One key, made on first use: calls made meanwhile share its promise.
    if (!bound) key ??= createDpopKey()
    const signer = bound || ((await key) as DpopKey)

    let response!: Response
    // The request, and a copy for one retry with a fresh proof.
    for (const sent of [request, request.clone()]) {
      const nonce = nonces.get(url.origin)
      sent.headers.set(
        'dpop',
        await createProof({
          key: signer,
          htm: sent.method,
          htu: url,
          accessToken: bound && token,
          nonce,
          now: now() + skew,
        })
      )
      if (bound) sent.headers.set('authorization', `DPoP ${token}`)
      response = await send(sent)
      const next = response.headers.get('dpop-nonce')
      // A 400 or 401 with a new nonce asks for a proof carrying it (use_dpop_nonce).
      let retry = next && next !== nonce
      if (retry) nonces.set(url.origin, next as string)
      // A proof dated off the broker's clock is refused (RFC 9449 §4.3). A refused proof's Date
      // (RFC 9110 §6.6.1, whole seconds, so up to a second low) tells that clock: NaN without one.
      // Past 2 s from the clock this proof was dated on, later proofs are dated on the broker's.
      // `dpop_` is in the two errors of a refused proof, invalid_dpop_proof and use_dpop_nonce (a
      // broker may check the nonce before iat), and in no other.
      const offset = Date.parse(response.headers.get('date') ?? '') - now()
      if (
        /dpop_/.test(response.headers.get('www-authenticate') ?? '') &&
        Math.abs(offset - skew) > 2000
      ) {
        skew = offset
        retry = true
      }
      if (!retry || (response.status | 1) !== 401) break
    }

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

  dpopFetch.keyOf = (accessToken: string) => keys.get(accessToken)
  dpopFetch.share =
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
      })
  return dpopFetch
}

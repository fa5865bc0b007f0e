import type { KeywardError } from './errors.ts'
import type { TabChannel, TabChannelOptions } from './tab-channel.ts'

/**
 * A broker token. It lives in memory only.
 *
 * @example
 * const { accessToken, scope, expiresAt } = await tokens.getToken()
 */
export interface Token {
  /** Send it as `Authorization: Bearer <accessToken>`. */
  readonly accessToken: string
  /** The space-separated scopes it grants, as the broker granted them. */
  readonly scope: string
  /** When it expires, in milliseconds on the source's monotonic clock (`now`), never the wall clock. */
  readonly expiresAt: number
}

/**
 * Options of `createTokenSource`.
 *
 * @example
 * const options: TokenSourceOptions = { url: 'https://broker.example.com/v1/token', scope: 'videos:read' }
 */
export interface TokenSourceOptions {
  /** The broker's token endpoint, e.g. `https://broker.example.com/v1/token`. */
  url: string
  /** Scopes to ask for, space-separated (sent as `{"scope": …}`). Default: the broker's default scopes. */
  scope?: string
  /** Headers for the token request, or a function (sync or async) called before each one. Default: none. */
  headers?: HeadersInit | (() => HeadersInit | Promise<HeadersInit>)
  /** `credentials` of the token request; `'include'` sends cookies to a broker on another origin. Default: fetch's `'same-origin'`. */
  credentials?: RequestCredentials
  /** Retries after a 429, 5xx, timeout or network error: an integer, 0 or more. Default: `3`. */
  retries?: number
  /** Time limit of each token request, in milliseconds: more than 0, less than 2³¹. Default: `10_000`. */
  timeout?: number
  /**
   * Share tokens with this origin's other tabs: pass `openTabChannel` from `@keyward/client/tabs`
   * (a separate entry, so that a page that does not share does not download it). Default: none.
   */
  share?: ((options: TabChannelOptions) => TabChannel | undefined) | undefined
  /** The `fetch` for token requests. Default: the global `fetch`. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>
  /** A monotonic clock in milliseconds. Default: `performance.now`. */
  now?: () => number
  /** Random numbers in [0, 1) for jitter. Default: `Math.random`. */
  random?: () => number
}

/**
 * Options of `TokenSource.getToken`.
 *
 * @example
 * await tokens.getToken({ signal: AbortSignal.timeout(5_000) })
 */
export interface GetTokenOptions {
  /** Stops this caller's wait (it rejects with the signal's reason); the shared fetch goes on. */
  signal?: AbortSignal | undefined
  /** A token the server rejected: a newer one is returned as is, or a fresh one is fetched. */
  rejected?: string | undefined
}

/**
 * What a token source is doing: `idle` before the first `getToken()`, `fetching` while a token
 * request is under way (a token may still be served meanwhile), `ready` with a token, `failed`
 * after a fetch failed (see `error`), `disposed` once disposed.
 *
 * @example
 * const busy = (state: TokenState) => state === 'fetching'
 */
export type TokenState = 'idle' | 'fetching' | 'ready' | 'failed' | 'disposed'

/**
 * A synchronous, immutable picture of a token source: a new object on every change, the same
 * object until then (what React's `useSyncExternalStore` and Vue's `shallowRef` expect).
 *
 * @example
 * const { state, token, error } = tokens.snapshot
 */
export interface TokenSnapshot {
  readonly state: TokenState
  /** The current token, if any: check `expiresAt`, snapshots do not change as time passes. */
  readonly token?: Token | undefined
  /** The last failure, when `state` is `failed`. */
  readonly error?: KeywardError | undefined
}

/**
 * A single-flight, memory-only cache of broker tokens. It is an `EventTarget` that dispatches
 * `change` (a plain `Event`) whenever `snapshot` changes; pass `{ signal }` to unsubscribe.
 *
 * @example
 * const tokens = createTokenSource({ url: 'https://broker.example.com/v1/token' })
 * tokens.addEventListener('change', () => {
 *   if (tokens.snapshot.error?.code === 'unauthenticated') showSignIn()
 * })
 * const { accessToken } = await tokens.getToken()
 */
export interface TokenSource extends EventTarget {
  /** The token endpoint, as given. */
  readonly url: string
  /** What the source holds and does now; replaced, and `change` dispatched, on every change. */
  readonly snapshot: TokenSnapshot
  /** A usable token: the cached one, or the answer of the one shared fetch. */
  getToken(options?: GetTokenOptions): Promise<Token>
  /** Drops the cached token and any fetch under way (a late answer is discarded); clears a sign-out. */
  refresh(options?: Pick<GetTokenOptions, 'signal'>): Promise<Token>
  /** Stops the source: no more fetches; later calls reject with `disposed`. */
  dispose(): void
}

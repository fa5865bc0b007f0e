import type { KeywardError } from './errors.ts'

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
 * const options: TokenSourceOptions = { url: 'https://broker.example.com/v1/token', share: true }
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
  /** Retries after a 429, 5xx, timeout or network error. Default: `3`. */
  retries?: number
  /** Time limit of each token request, in milliseconds. Default: `10_000`. */
  timeout?: number
  /** Share tokens with this origin's other tabs over a `BroadcastChannel`. Default: `false`. */
  share?: boolean
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
 * The `detail` of each event a `TokenSource` dispatches (as a `CustomEvent`).
 *
 * @example
 * tokens.addEventListener('token', ({ detail }) => console.log('new token, scope', detail.scope))
 * tokens.addEventListener('error', ({ detail }) => console.warn(detail.code))
 */
export interface TokenSourceEventMap {
  /** A new token was fetched, or received from another tab. */
  token: Token
  /** A token fetch failed: once per failed fetch, after its retries. */
  error: KeywardError
}

type TokenSourceListener<K extends keyof TokenSourceEventMap> = (
  event: CustomEvent<TokenSourceEventMap[K]>
) => void

/**
 * A single-flight, memory-only cache of broker tokens. It is an `EventTarget`: listen to `token`
 * and `error` (pass `{ signal }` to unsubscribe).
 *
 * @example
 * const tokens = createTokenSource({ url: 'https://broker.example.com/v1/token' })
 * const { accessToken } = await tokens.getToken()
 */
export interface TokenSource extends EventTarget {
  /** The token endpoint, as given. */
  readonly url: string
  /** A usable token: the cached one, or the answer of the one shared fetch. */
  getToken(options?: GetTokenOptions): Promise<Token>
  /** Drops the cached token and any fetch under way (a late answer is discarded); clears a sign-out. */
  refresh(options?: Pick<GetTokenOptions, 'signal'>): Promise<Token>
  /** Stops the source: no more fetches or events; later calls reject with `disposed`. */
  dispose(): void
  addEventListener<K extends keyof TokenSourceEventMap>(
    type: K,
    listener: TokenSourceListener<K>,
    options?: boolean | AddEventListenerOptions
  ): void
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions
  ): void
  removeEventListener<K extends keyof TokenSourceEventMap>(
    type: K,
    listener: TokenSourceListener<K>,
    options?: boolean | EventListenerOptions
  ): void
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions
  ): void
}

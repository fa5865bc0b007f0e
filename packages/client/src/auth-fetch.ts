import type { TokenSource } from './token-types.ts'

/**
 * What a `shouldRenew` predicate looks at: the request as sent, and its answer.
 *
 * @example
 * const shouldRenew = ({ response }: RenewState) => response.status === 401
 */
export interface RenewState {
  request: Request
  response: Response
}

/**
 * Options of `createAuthFetch`.
 *
 * @example
 * const options: AuthFetchOptions = { tokens, origins: ['https://broker.example.com'] }
 */
export interface AuthFetchOptions {
  /** Where tokens come from. */
  tokens: TokenSource
  /** Only requests to these origins (URLs are reduced to their origin) carry the token. Default: the origin of `tokens.url`. */
  origins?: readonly (string | URL)[] | undefined
  /** Whether a response means "this token is dead: renew it and retry once". Default: `isInvalidToken`. */
  shouldRenew?: ((state: RenewState) => boolean) | undefined
  /** The `fetch` that sends the requests. Default: the global `fetch`. */
  fetch?: ((input: Request) => Promise<Response>) | undefined
}

/**
 * A `fetch` that attaches the broker token and retries once with a fresh one when it is rejected.
 *
 * @example
 * const authFetch: AuthFetch = createAuthFetch({ tokens })
 * const response = await authFetch('https://broker.example.com/v1/api/videos')
 */
export type AuthFetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

/**
 * The default `shouldRenew`: a 401 whose `WWW-Authenticate` says `error="invalid_token"` (RFC 6750),
 * as the broker answers for an expired or unknown token. Never a 403, never `insufficient_scope`.
 *
 * @example
 * // Also renew on a 401 without any `error` (passthrough mode, where api.video answers directly).
 * const shouldRenew = (state: RenewState) =>
 *   isInvalidToken(state) ||
 *   (state.response.status === 401 && !state.response.headers.get('www-authenticate')?.includes('error='))
 */
export const isInvalidToken = ({ response }: RenewState): boolean =>
  response.status === 401 && /invalid_token/.test(response.headers.get('www-authenticate') ?? '')

/**
 * Makes a `fetch` (`authFetch`) that sends the token to the allowed origins only, and on a
 * rejected token retries exactly once: with the current token if the rejected one was already
 * replaced, else with a fresh one. Request bodies are replayed from a clone taken before sending.
 *
 * @example
 * const authFetch = createAuthFetch({ tokens })
 * const videos = await (await authFetch('https://broker.example.com/v1/api/videos')).json()
 */
export function createAuthFetch({
  tokens,
  origins = [tokens.url],
  shouldRenew = isInvalidToken,
  fetch: send = (request) => fetch(request),
}: AuthFetchOptions): AuthFetch {
  return async function authFetch(input, init) {
    const request = new Request(input, init)
    const base = globalThis.location?.href
    const target = new URL(request.url).origin
    // Never hand the token to a third party: only the broker's origins get it.
    if (!origins.some((origin) => new URL(origin, base).origin === target)) return send(request)
    const replay = request.clone()
    const { signal } = request
    const { accessToken } = await tokens.getToken({ signal })
    const response = await send(bearer(request, accessToken))
    if (!shouldRenew({ request, response })) return response
    const renewed = await tokens.getToken({ signal, rejected: accessToken })
    return send(bearer(replay, renewed.accessToken))
  }
}

function bearer(request: Request, accessToken: string): Request {
  request.headers.set('authorization', `Bearer ${accessToken}`)
  return request
}

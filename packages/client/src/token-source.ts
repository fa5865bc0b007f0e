import { KeywardError } from './errors.ts'

export interface Token {
  accessToken: string
  scope: string
  /** `performance.now()` time after which the token is expired. */
  expiresAt: number
}

export interface TokenSourceOptions {
  /** The broker's token endpoint, e.g. `https://broker.example.com/v1/token`. */
  url: string
  /** The `fetch` to use. Default: the global `fetch`. */
  fetch?: typeof fetch
}

export interface TokenSource {
  getToken(): Promise<Token>
}

/**
 * Fetches broker tokens and keeps them in memory; concurrent callers share one fetch.
 *
 * @example
 * const tokens = createTokenSource({ url: 'https://broker.example.com/v1/token' })
 * const { accessToken } = await tokens.getToken()
 */
export function createTokenSource({
  url,
  fetch: fetchImpl = (input, init) => fetch(input, init),
}: TokenSourceOptions): TokenSource {
  let current: Token | undefined
  let inflight: Promise<Token> | undefined

  async function fetchToken(): Promise<Token> {
    const res = await fetchImpl(url, { method: 'POST' }).catch((cause: unknown) => {
      throw new KeywardError('TOKEN_FETCH_FAILED', { cause })
    })
    if (!res.ok) {
      const code =
        res.status === 401 || res.status === 403 ? 'UNAUTHENTICATED' : 'TOKEN_FETCH_FAILED'
      throw new KeywardError(code, { status: res.status })
    }
    const receivedAt = performance.now()
    const body = (await res.json()) as {
      access_token?: unknown
      expires_in?: unknown
      scope?: unknown
    }
    if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
      throw new KeywardError('INVALID_TOKEN_RESPONSE')
    }
    return {
      accessToken: body.access_token,
      scope: typeof body.scope === 'string' ? body.scope : '',
      expiresAt: receivedAt + body.expires_in * 1000,
    }
  }

  return {
    async getToken() {
      if (current && current.expiresAt - 10_000 > performance.now()) return current
      inflight ??= fetchToken().finally(() => {
        inflight = undefined
      })
      current = await inflight
      return current
    },
  }
}

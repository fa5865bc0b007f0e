import { BrokerError } from '../errors.ts'

/** An upstream api.video access token and when it stops being valid. */
export interface UpstreamToken {
  accessToken: string
  /** Epoch milliseconds. */
  expiresAt: number
}

/** Gets api.video access tokens for the broker; one interface, several implementations. */
export interface UpstreamTokenManager {
  /** A valid upstream token, exchanging the key only when none is cached. */
  getToken(): Promise<UpstreamToken>
  /** Drops `rejected` (api.video answered 401 to it) and gets another. */
  renew(rejected: string): Promise<UpstreamToken>
}

export interface MemoryTokenManagerOptions {
  apiKey: string
  apiBaseUrl: string
  fetch: typeof fetch
  now: () => number
}

/** Keeps the upstream token in memory; concurrent callers share one exchange. */
export function createMemoryTokenManager(options: MemoryTokenManagerOptions): UpstreamTokenManager {
  let current: UpstreamToken | undefined
  let inflight: Promise<UpstreamToken> | undefined

  function exchange(): Promise<UpstreamToken> {
    inflight ??= exchangeApiKey(options).finally(() => {
      inflight = undefined
    })
    return inflight.then((token) => {
      current = token
      return token
    })
  }

  return {
    async getToken() {
      if (current && current.expiresAt > options.now() + 60_000) return current
      return exchange()
    },
    async renew(rejected) {
      if (current?.accessToken === rejected) current = undefined
      return this.getToken()
    },
  }
}

async function exchangeApiKey(options: MemoryTokenManagerOptions): Promise<UpstreamToken> {
  const sentAt = options.now()
  let res: Response
  try {
    res = await options.fetch(`${options.apiBaseUrl}/auth/api-key`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ apiKey: options.apiKey }),
    })
  } catch (cause) {
    throw new BrokerError('upstream_unavailable', { cause, headers: { 'retry-after': '5' } })
  }
  if (!res.ok) {
    throw new BrokerError('upstream_unavailable', {
      detail: `api.video refused the key exchange (status ${res.status})`,
      headers: { 'retry-after': '5' },
    })
  }
  const body = (await res.json()) as { access_token?: unknown; expires_in?: unknown }
  if (typeof body.access_token !== 'string' || typeof body.expires_in !== 'number') {
    throw new BrokerError('upstream_error', { detail: 'api.video sent an unexpected token body' })
  }
  return { accessToken: body.access_token, expiresAt: sentAt + body.expires_in * 1000 }
}

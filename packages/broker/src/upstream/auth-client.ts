import { BrokerError } from '../errors.ts'
import { fetchWithDeadline } from '../http/fetch-with-deadline.ts'
import { problemLogFields, readUpstreamProblem } from '../http/upstream-problem.ts'
import { backoffDelay, sleep } from './retry.ts'
import type { UpstreamConfig } from './token-manager.ts'

/** An api.video token pair as the broker keeps it. */
export interface UpstreamTokenPair {
  accessToken: string
  /** Single use: api.video rotates it on every refresh (its docs, disposable bearer tokens). */
  refreshToken: string | undefined
  /** When the exchange was sent, in epoch ms: the conservative start of the lifetime. */
  issuedAt: number
  /** Epoch ms. */
  expiresAt: number
}

/** What the auth client needs: the upstream configuration, whatever the renewal strategy. */
export type UpstreamAuthOptions = Omit<UpstreamConfig, 'renewal'>

/** How a refresh ended; anything but `ok` means "fall back to the API key". */
export type RefreshOutcome =
  | { ok: true; pair: UpstreamTokenPair }
  | { ok: false; reason: 'rejected' | 'lost' | 'failed' }

export type UpstreamAuth = ReturnType<typeof createUpstreamAuth>

/** Calls api.video's `/auth/api-key` and `/auth/refresh` with deadlines, retries and no leaks. */
export function createUpstreamAuth(options: UpstreamAuthOptions) {
  const { logger, retry } = options

  async function post(path: string, body: unknown): Promise<{ res: Response; sentAt: number }> {
    const sentAt = options.now()
    const res = await fetchWithDeadline({
      fetch: options.fetch,
      url: `${options.apiBaseUrl}${path}`,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      },
      timeoutMs: options.timeoutMs,
    })
    return { res, sentAt }
  }

  async function exchangeOnce(): Promise<UpstreamTokenPair> {
    const { res, sentAt } = await post('/auth/api-key', { apiKey: options.apiKey })
    if (res.ok) return parsePair(res, sentAt)
    const problem = await readUpstreamProblem(res)
    const fields = { path: '/auth/api-key', status: res.status, ...problemLogFields(problem) }
    // Any other 4xx means the key itself was refused: api.video has answered 400 and 401 to it
    // (https://docs.api.video/reference/authentication-invalid-user-credentials).
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
      logger.error('upstream.api_key_rejected', fields)
      throw new BrokerError('upstream_rejected', { status: res.status })
    }
    logger.warn('upstream.auth_failed', fields)
    throw new BrokerError('upstream_error', { detail: `api.video answered ${res.status}.` })
  }

  async function parsePair(res: Response, sentAt: number): Promise<UpstreamTokenPair> {
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>
    const { access_token, refresh_token, expires_in } = body
    if (typeof access_token !== 'string' || typeof expires_in !== 'number' || !(expires_in > 0)) {
      logger.warn('upstream.auth_unexpected_body', { status: res.status })
      throw new BrokerError('upstream_error', {
        detail: 'api.video sent an unexpected token body.',
      })
    }
    const refreshToken = typeof refresh_token === 'string' ? refresh_token : undefined
    options.secrets.add(access_token)
    options.secrets.add(refreshToken)
    return {
      accessToken: access_token,
      refreshToken,
      issuedAt: sentAt,
      expiresAt: sentAt + expires_in * 1000,
    }
  }

  return {
    /** `POST /auth/api-key`, retried on 5xx, timeouts and network errors, never on a refused key. */
    async exchangeApiKey(): Promise<UpstreamTokenPair> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await exchangeOnce()
        } catch (error) {
          const refused = error instanceof BrokerError && error.code === 'upstream_rejected'
          if (!(error instanceof BrokerError) || refused || attempt >= retry.retries) throw error
          logger.warn('upstream.auth_retry', { path: '/auth/api-key', attempt, code: error.code })
          await sleep(backoffDelay(attempt, retry, options.random))
        }
      }
    },

    /**
     * `POST /auth/refresh`, tried exactly once: the refresh token is single use, so a retry after
     * a lost answer would present a token api.video already rotated
     * (https://docs.api.video/reference/disposable-bearer-token-authentication).
     */
    async refresh(refreshToken: string): Promise<RefreshOutcome> {
      try {
        const { res, sentAt } = await post('/auth/refresh', { refreshToken })
        if (res.ok) return { ok: true, pair: await parsePair(res, sentAt) }
        const problem = await readUpstreamProblem(res)
        const rejected = res.status >= 400 && res.status < 500
        logger.warn('upstream.refresh_failed', {
          status: res.status,
          reason: rejected ? 'rejected' : 'failed',
          ...problemLogFields(problem),
        })
        return { ok: false, reason: rejected ? 'rejected' : 'failed' }
      } catch (error) {
        const code = error instanceof BrokerError ? error.code : 'internal_error'
        logger.warn('upstream.refresh_failed', { reason: 'lost', code })
        return { ok: false, reason: 'lost' }
      }
    },
  }
}

/**
 * A new pair: the refresh token rotated when there is one, else (or when the refresh is refused
 * or its answer lost) an API key exchange. `spend` runs after the refresh token is given up and
 * before it is sent, so it is never presented twice
 * (https://docs.api.video/reference/disposable-bearer-token-authentication).
 */
export async function obtainPair(
  auth: UpstreamAuth,
  refreshToken: string | undefined,
  spend: () => void | Promise<void>
): Promise<{ pair: UpstreamTokenPair; via: 'refresh' | 'api-key' }> {
  if (refreshToken) {
    await spend()
    const outcome = await auth.refresh(refreshToken)
    if (outcome.ok) return { pair: outcome.pair, via: 'refresh' }
  }
  return { pair: await auth.exchangeApiKey(), via: 'api-key' }
}

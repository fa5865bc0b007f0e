import type { BrokerLogger, SecretRegistry } from '../logger.ts'
import type { RetryPolicy } from './retry.ts'

/**
 * An upstream api.video access token and when it stops being valid.
 *
 * @example
 * const { accessToken, expiresAt } = await manager.getToken()
 */
export interface UpstreamToken {
  accessToken: string
  /** Epoch milliseconds. */
  expiresAt: number
}

/**
 * Options of `getToken`, `renew` and `warm`.
 *
 * @example
 * await manager.getToken({ minValidityMs: 60_000, waitUntil: (p) => ctx.waitUntil(p) })
 */
export interface TokenRequestOptions {
  /** The token must stay valid at least this long, in ms. Default: the manager's safety margin. */
  minValidityMs?: number | undefined
  /** Keeps background renewal alive after the response is sent (Workers' `ctx.waitUntil`). */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined
}

/**
 * Gets api.video access tokens for the broker. One interface, several implementations: the
 * in-memory one (per isolate or process) ships now; a Durable Object one can be swapped in through
 * the broker's `upstream` option.
 *
 * @example
 * const manager: UpstreamTokenManager = createMemoryTokenManager(config)
 * const res = await fetch(url, { headers: { authorization: `Bearer ${(await manager.getToken()).accessToken}` } })
 */
export interface UpstreamTokenManager {
  /** A valid token. Waits only when none is held; renews ahead of expiry in the background. */
  getToken(options?: TokenRequestOptions): Promise<UpstreamToken>
  /** api.video answered 401 to `rejected`: drop it and get another (shared by concurrent callers). */
  renew(rejected: string, options?: TokenRequestOptions): Promise<UpstreamToken>
  /** Starts getting a token in the background if none is held. Never throws. */
  warm(options?: TokenRequestOptions): void
}

/**
 * Everything an upstream token manager needs; the broker builds it from its options.
 *
 * @example
 * createBroker({ ...options, upstream: (config: UpstreamConfig) => createMemoryTokenManager(config) })
 */
export interface UpstreamConfig {
  apiBaseUrl: string
  apiKey: string
  fetch: typeof fetch
  now: () => number
  random: () => number
  /** Deadline of each `/auth/*` call, in ms. */
  timeoutMs: number
  retry: RetryPolicy
  /** How to renew: rotate the refresh token, or exchange the API key again (passthrough mode). */
  renewal: 'refresh' | 'api-key'
  /** Already redacting. */
  logger: BrokerLogger
  /** Register every upstream token here, so log lines are scrubbed of it. */
  secrets: SecretRegistry
}

/**
 * Builds the upstream token manager from the broker's configuration.
 *
 * @example
 * const upstream: UpstreamTokenManagerFactory = (config) => createMemoryTokenManager(config)
 */
export type UpstreamTokenManagerFactory = (config: UpstreamConfig) => UpstreamTokenManager

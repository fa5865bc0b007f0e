import type { JWK } from 'jose'
import type { CallerAuthenticator } from '../auth/caller.ts'
import type { UserJwtOptions } from '../auth/user-jwt.ts'
import type { DpopMode, DpopOptions } from '../dpop/options.ts'
import type { BrokerLogger, LogLevel } from '../logger.ts'
import type { SensitiveFieldName } from '../proxy/contracts/json-body.ts'
import type { RateLimiter } from '../rate-limit/limiter.ts'
import type { Scope } from '../scopes.ts'
import type { UpstreamTokenManagerFactory } from '../upstream/token-manager.ts'

/**
 * What `POST /v1/token` hands out: a broker-minted, scoped JWT for the broker's proxy (`'broker'`),
 * or the account-wide api.video access token itself (`'passthrough'`, the higher-risk choice).
 *
 * @example
 * createBroker({ ...options, tokenMode: 'passthrough' })
 */
export type TokenMode = 'broker' | 'passthrough'

/**
 * Rate limiting of `/v1/token` and `/v1/upload-token`, per caller.
 *
 * @example
 * createBroker({ ...options, rateLimit: { limiter: env.RATE_LIMITER, periodSeconds: 60 } })
 */
export interface RateLimitOptions {
  /** A limiter to use instead of the in-memory one, e.g. the Workers Rate Limiting binding. */
  limiter?: RateLimiter
  /** Requests per caller and period, for the in-memory limiter. Default: 60. */
  requests?: number
  /** The period, in seconds; also the `Retry-After` when a limiter does not say. Default: 60. */
  periodSeconds?: number
}

/**
 * Options of `createBroker`; the README documents each one with its default.
 *
 * @example
 * const options: BrokerOptions = {
 *   apiKey: env.APIVIDEO_API_KEY,
 *   allowedOrigins: ['https://app.example.com'],
 *   signingKey: JSON.parse(env.KEYWARD_SIGNING_KEY),
 *   anonymousScopes: ['videos:read'],
 * }
 */
export interface BrokerOptions {
  /** The api.video API key. Keep it in a secret; it never leaves the broker. */
  apiKey: string
  /** api.video's base URL. Default: `'https://ws.api.video'` (sandbox: `'https://sandbox.api.video'`). */
  apiBaseUrl?: string
  /** `host[:port]` the browser uploader must use with upload tokens. Default: the host of `apiBaseUrl`. */
  uploadApiHost?: string
  /** Exact origins (scheme, host, port) that may get tokens. No wildcard, no reflection. */
  allowedOrigins: string[]
  /**
   * The private JWK (with `kid`) that signs broker tokens, or a list: the first signs, the others
   * (previous or upcoming keys, private or public) only verify and are published in the JWKS.
   */
  signingKey: JWK | JWK[]
  /** What `/v1/token` hands out. Default: `'broker'`. */
  tokenMode?: TokenMode
  /** `iss` of broker tokens. Default: `'keyward'`. */
  issuer?: string
  /** `aud` of broker tokens. Default: `'keyward-api'`. */
  audience?: string
  /** Lifetime of broker tokens, in seconds, from 10 to 3600. Default: 300. */
  tokenTtlSeconds?: number
  /** Lifetime of api.video upload tokens, in seconds (never 0, "no expiry"). Default: 600. */
  uploadTokenTtlSeconds?: number
  /** Scopes given to callers without credentials (explicit anonymous mode). Default: none (off). */
  anonymousScopes?: Scope[]
  /** Verify the app's own user JWTs on `/v1/token`. Default: off. */
  userJwt?: UserJwtOptions
  /** Your own caller authentication, tried before `userJwt` and anonymous mode. Default: none. */
  authenticate?: CallerAuthenticator
  /** Rate limiting of `/v1/token` and `/v1/upload-token` per caller; `false` turns it off. Default: 60 per 60 s, in memory. */
  rateLimit?: RateLimitOptions | false
  /**
   * The proxy's own budget per caller on `/v1/api/*` (the token's `sub`, or the client address
   * for anonymous callers), apart from `rateLimit`; `false` turns it off. Default: 30 per 60 s,
   * in memory, well under api.video's per-account limits (100 reads and 40 writes a minute on the
   * sandbox).
   */
  proxyRateLimit?: RateLimitOptions | false
  /**
   * Request fields browsers may set through the proxy although they widen what a browser can do:
   * `'source'` (import a video from a URL), `'public'` (make content public), `'restreams'` (push
   * a live stream to any RTMP server). Default: none.
   */
  allowSensitiveFields?: SensitiveFieldName[]
  /**
   * The client address anonymous callers are rate limited by. Default: none; required when
   * `anonymousScopes` is set and rate limiting is on. The Workers entry reads `CF-Connecting-IP`,
   * the Node entry the socket; on other hosts, give the address your server saw.
   */
  clientIp?: (request: Request) => string | null | undefined
  /**
   * Sender-constrained tokens (DPoP, RFC 9449): `'optional'` binds a token to the key of the
   * proof sent with the token request, `'required'` refuses token requests and API calls without
   * one; a mode or the full `DpopOptions`. A token bound to a key is accepted only with a proof
   * signed by that key, whatever the mode. Default: `'off'`.
   */
  dpop?: DpopMode | DpopOptions
  /**
   * The broker's public origin, as browsers reach it (`https://broker.example.com`): a DPoP
   * proof's `htu` is checked against it instead of the request's URL, which a reverse proxy may
   * have rewritten. Default: none (the request's URL).
   */
  publicUrl?: string
  /** Clock skew allowed when verifying broker tokens, in seconds. Default: 5. */
  clockToleranceSeconds?: number
  /** Largest JSON body the proxy forwards (`POST`/`PATCH /videos`), in bytes. Default: 1 MiB. */
  maxJsonBytes?: number
  /** Largest upload the proxy streams (`POST /videos/{id}/source`), in bytes. Default: 200 MiB. */
  maxUploadBytes?: number
  /** Deadline for api.video's answer to `/auth/*` and proxied calls, in ms. Default: 10 000. */
  upstreamTimeoutMs?: number
  /** Deadline for api.video's answer to a proxied upload, in ms. Default: 600 000. */
  uploadTimeoutMs?: number
  /** Retries of a failed `/auth/api-key` exchange (5xx, timeout, network error), 0 to 5. Default: 2. */
  upstreamRetries?: number
  /** Builds the upstream token manager. Default: `createMemoryTokenManager`. */
  upstream?: UpstreamTokenManagerFactory
  /** The `fetch` used to reach api.video (and a user JWKS URL). Default: the global `fetch`. */
  fetch?: typeof fetch
  /** Clock, in epoch milliseconds. Default: `Date.now`. */
  now?: () => number
  /** Source of jitter, in [0, 1). Default: `Math.random`. */
  random?: () => number
  /** Where log lines go; every line is scrubbed of secrets first. Default: JSON lines on `console`. */
  logger?: BrokerLogger
  /** The least severe level written; `'warn'` drops the audit lines. Default: `'info'`. */
  logLevel?: LogLevel
}

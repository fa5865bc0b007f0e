import type { JWK } from 'jose'
import { anonymousCaller, type CallerAuthenticator } from './auth/caller.ts'
import { type UserJwtOptions, userJwtAuthenticator } from './auth/user-jwt.ts'
import { BrokerError } from './errors.ts'
import {
  type BrokerLogger,
  consoleLogger,
  createSecretRegistry,
  isLogLevel,
  levelLogger,
  redactingLogger,
  type SecretRegistry,
} from './logger.ts'
import type { BrokerOptions, TokenMode } from './options.ts'
import { createMemoryRateLimiter, type RateLimiter } from './rate-limit/limiter.ts'
import { isScope, type Scope } from './scopes.ts'
import { parseKeyRing, type RingKey } from './tokens/key-ring.ts'
import { createMemoryTokenManager } from './upstream/memory-token-manager.ts'
import { DEFAULT_RETRY_POLICY } from './upstream/retry.ts'
import type { UpstreamConfig, UpstreamTokenManagerFactory } from './upstream/token-manager.ts'

export interface ResolvedOptions {
  apiBaseUrl: string
  uploadApiHost: string
  allowedOrigins: ReadonlySet<string>
  ring: RingKey[]
  tokenMode: TokenMode
  issuer: string
  audience: string
  tokenTtlSeconds: number
  uploadTokenTtlSeconds: number
  authenticators: CallerAuthenticator[]
  limiter: RateLimiter | undefined
  rateLimitPeriodSeconds: number
  clientIp: (request: Request) => string | null | undefined
  clockToleranceSeconds: number
  maxJsonBytes: number
  maxUploadBytes: number
  upstreamTimeoutMs: number
  uploadTimeoutMs: number
  upstream: UpstreamTokenManagerFactory
  upstreamConfig: UpstreamConfig
  fetch: typeof fetch
  now: () => number
  logger: BrokerLogger
  secrets: SecretRegistry
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const

function fail(detail: string): never {
  throw new BrokerError('invalid_config', { detail })
}

/** Validates options at start, so a misconfiguration is a clear error and not a 500 later. */
export function resolveOptions(options: BrokerOptions): ResolvedOptions {
  const values = withDefaults(options)
  checkScalars(values)
  const apiBaseUrl = baseUrl(values.apiBaseUrl)
  const uploadApiHost = options.uploadApiHost ?? new URL(apiBaseUrl).host
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(uploadApiHost)) {
    fail(`uploadApiHost must be host[:port], like ws.api.video: ${uploadApiHost}`)
  }
  const signingKeys = Array.isArray(options.signingKey) ? options.signingKey : [options.signingKey]
  const ring = parseKeyRing(signingKeys)
  const secrets = createSecretRegistry([values.apiKey, ...privateMembers(signingKeys)])
  const logger = redactingLogger(
    levelLogger(options.logger ?? consoleLogger, values.logLevel),
    secrets
  )
  const { apiKey, anonymousScopes, rateLimit, upstreamRetries, random, logLevel, ...rest } = values
  const { fetch: fetchImpl, now } = values
  return {
    ...rest,
    apiBaseUrl,
    uploadApiHost,
    allowedOrigins: allowedOrigins(options.allowedOrigins),
    ring,
    authenticators: authenticators(options, scopes(anonymousScopes), fetchImpl, now),
    limiter: rateLimiter(rateLimit, now),
    rateLimitPeriodSeconds: rateLimit === false ? 60 : (rateLimit.periodSeconds ?? 60),
    upstreamConfig: {
      apiBaseUrl,
      apiKey,
      fetch: fetchImpl,
      now,
      random,
      timeoutMs: values.upstreamTimeoutMs,
      retry: { ...DEFAULT_RETRY_POLICY, retries: upstreamRetries },
      // Passthrough hands the access token out: a refresh would revoke it early (protocol §2.2).
      renewal: values.tokenMode === 'passthrough' ? 'api-key' : 'refresh',
      logger,
      secrets,
    },
    logger,
    secrets,
  }
}

/** The options with every default applied: the one place defaults live. */
function withDefaults({
  apiKey,
  apiBaseUrl = 'https://ws.api.video',
  tokenMode = 'broker',
  issuer = 'keyward',
  audience = 'keyward-api',
  tokenTtlSeconds = 300,
  uploadTokenTtlSeconds = 600,
  anonymousScopes = [],
  rateLimit = {},
  clientIp = (request: Request) => request.headers.get('cf-connecting-ip'),
  clockToleranceSeconds = 5,
  maxJsonBytes = 1024 * 1024,
  maxUploadBytes = 200 * 1024 * 1024,
  upstreamTimeoutMs = 10_000,
  uploadTimeoutMs = 600_000,
  upstreamRetries = 2,
  upstream = createMemoryTokenManager,
  fetch: fetchImpl = (input, init) => fetch(input, init),
  now = Date.now,
  random = Math.random,
  logLevel = 'info',
}: BrokerOptions) {
  return {
    apiKey,
    apiBaseUrl,
    tokenMode,
    issuer,
    audience,
    tokenTtlSeconds,
    uploadTokenTtlSeconds,
    anonymousScopes,
    rateLimit,
    clientIp,
    clockToleranceSeconds,
    maxJsonBytes,
    maxUploadBytes,
    upstreamTimeoutMs,
    uploadTimeoutMs,
    upstreamRetries,
    upstream,
    fetch: fetchImpl,
    now,
    random,
    logLevel,
  }
}

function checkScalars(values: ReturnType<typeof withDefaults>): void {
  const { apiKey, tokenMode, issuer, audience } = values
  if (typeof apiKey !== 'string' || apiKey.trim() === '' || /\s/.test(apiKey)) {
    fail('apiKey is missing or malformed: set the APIVIDEO_API_KEY secret')
  }
  if (tokenMode !== 'broker' && tokenMode !== 'passthrough') {
    fail('tokenMode must be broker or passthrough')
  }
  for (const [name, value] of Object.entries({ issuer, audience })) {
    if (typeof value !== 'string' || value === '') fail(`${name} must be a non-empty string`)
  }
  integer('tokenTtlSeconds', values.tokenTtlSeconds, 10, 3600)
  integer('uploadTokenTtlSeconds', values.uploadTokenTtlSeconds, 1, 86_400)
  integer('clockToleranceSeconds', values.clockToleranceSeconds, 0, 300)
  integer('maxJsonBytes', values.maxJsonBytes, 1, 100 * 1024 * 1024)
  integer('maxUploadBytes', values.maxUploadBytes, 1, 5 * 1024 * 1024 * 1024)
  integer('upstreamTimeoutMs', values.upstreamTimeoutMs, 1, 300_000)
  integer('uploadTimeoutMs', values.uploadTimeoutMs, 1, 3_600_000)
  integer('upstreamRetries', values.upstreamRetries, 0, 5)
  if (!isLogLevel(values.logLevel)) fail('logLevel must be info, warn or error')
  for (const name of ['fetch', 'now', 'random', 'clientIp', 'upstream'] as const) {
    if (typeof values[name] !== 'function') fail(`${name} must be a function`)
  }
}

export function integer(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${name} must be an integer from ${min} to ${max}`)
  }
}

export function baseUrl(value: unknown): string {
  if (typeof value !== 'string' || !URL.canParse(value))
    fail(`apiBaseUrl is not a URL: ${String(value)}`)
  const url = new URL(value)
  if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
    fail(`apiBaseUrl must be a plain http(s) URL, like https://ws.api.video: ${value}`)
  }
  return url.href.replace(/\/+$/, '')
}

function allowedOrigins(value: unknown): ReadonlySet<string> {
  if (!Array.isArray(value)) fail('allowedOrigins must be a list of origins (ALLOWED_ORIGINS)')
  for (const origin of value) {
    if (typeof origin !== 'string' || !URL.canParse(origin) || new URL(origin).origin !== origin) {
      fail(
        `allowedOrigins entries must be exact origins like https://app.example.com: ${String(origin)}`
      )
    }
  }
  return new Set(value as string[])
}

function scopes(value: unknown): Scope[] {
  if (!Array.isArray(value)) fail('anonymousScopes must be a list of scopes')
  for (const scope of value)
    if (!isScope(scope)) fail(`unknown scope in anonymousScopes: ${String(scope)}`)
  return value as Scope[]
}

function authenticators(
  options: BrokerOptions,
  anonymousScopes: Scope[],
  fetchImpl: typeof fetch,
  now: () => number
): CallerAuthenticator[] {
  const chain: CallerAuthenticator[] = []
  if (options.authenticate !== undefined) {
    if (typeof options.authenticate !== 'function') fail('authenticate must be a function')
    chain.push(options.authenticate)
  }
  if (options.userJwt !== undefined) {
    checkUserJwt(options.userJwt)
    chain.push(userJwtAuthenticator(options.userJwt, { fetch: fetchImpl, now }))
  }
  if (anonymousScopes.length > 0) chain.push(anonymousCaller(anonymousScopes))
  return chain
}

function checkUserJwt(options: UserJwtOptions): void {
  if ((options.jwksUrl === undefined) === (options.key === undefined)) {
    fail('userJwt needs exactly one of jwksUrl and key')
  }
  if (options.jwksUrl !== undefined) {
    const url = URL.canParse(options.jwksUrl) ? new URL(options.jwksUrl) : undefined
    const loopback = url && /^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname)
    if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback))) {
      fail('userJwt.jwksUrl must be an https URL')
    }
  }
  if (typeof options.issuer !== 'string' || options.issuer === '')
    fail('userJwt.issuer is required')
  const audiences = Array.isArray(options.audience) ? options.audience : [options.audience]
  if (audiences.length === 0 || audiences.some((aud) => typeof aud !== 'string' || aud === '')) {
    fail('userJwt.audience is required')
  }
  for (const alg of options.algorithms ?? []) {
    if (alg === 'none' || alg.startsWith('HS')) fail(`userJwt.algorithms may not include ${alg}`)
  }
  if (Array.isArray(options.scopes)) scopes(options.scopes)
}

function rateLimiter(
  options: BrokerOptions['rateLimit'],
  now: () => number
): RateLimiter | undefined {
  if (options === false) return undefined
  if (typeof options !== 'object' || options === null) fail('rateLimit must be an object or false')
  if (options.limiter !== undefined) {
    if (typeof options.limiter?.limit !== 'function')
      fail('rateLimit.limiter needs a limit() method')
    return options.limiter
  }
  const { requests = 60, periodSeconds = 60 } = options
  integer('rateLimit.requests', requests, 1, 1_000_000)
  integer('rateLimit.periodSeconds', periodSeconds, 1, 86_400)
  return createMemoryRateLimiter({ requests, periodSeconds, now })
}

/** The private members of every signing key, so no log line can carry one. */
function privateMembers(keys: readonly (JWK | undefined)[]): string[] {
  return keys.flatMap((jwk) =>
    PRIVATE_MEMBERS.map((member) => jwk?.[member]).filter((value) => typeof value === 'string')
  )
}

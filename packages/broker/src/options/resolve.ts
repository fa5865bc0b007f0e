import type { JWK } from 'jose'
import { anonymousCaller, type CallerAuthenticator } from '../auth/caller.ts'
import { type UserJwtOptions, userJwtAuthenticator } from '../auth/user-jwt.ts'
import { type ResolvedDpop, resolveDpop } from '../dpop/resolve.ts'
import {
  type BrokerLogger,
  consoleLogger,
  createSecretRegistry,
  levelLogger,
  redactingLogger,
  type SecretRegistry,
} from '../logger.ts'
import { type ResolvedOwnership, resolveOwnership } from '../ownership/options.ts'
import { SENSITIVE_FIELD_NAMES } from '../proxy/contracts/json-body.ts'
import { createMemoryRateLimiter, type RateLimiter } from '../rate-limit/limiter.ts'
import { SCOPES, type Scope } from '../scopes.ts'
import { parseKeyRing, type RingKey } from '../tokens/key-ring.ts'
import { createMemoryTokenManager } from '../upstream/memory-token-manager.ts'
import { retryPolicy } from '../upstream/retry.ts'
import type { UpstreamConfig, UpstreamTokenManagerFactory } from '../upstream/token-manager.ts'
import type { BrokerOptions, TokenMode } from './broker-options.ts'
import {
  baseUrl,
  apiKey as checkApiKey,
  logLevel as checkLogLevel,
  DEFAULTS,
  exactOrigins,
  fail,
  functions,
  integer,
  knownNames,
  oneOf,
} from './defaults.ts'

/** The broker's options, checked, with every default applied: what the routes are built from. */
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
  proxyLimiter: RateLimiter | undefined
  proxyRateLimitPeriodSeconds: number
  allowSensitiveFields: ReadonlySet<string>
  /** `undefined`: ownership mode is off. */
  ownership: ResolvedOwnership | undefined
  /** `undefined` only when no anonymous caller is rate limited (checked at start). */
  clientIp: ((request: Request) => string | null | undefined) | undefined
  /** DPoP (RFC 9449): the mode, the proof verifier and, when required, the nonces. */
  dpop: ResolvedDpop
  /** The public origin proofs' `htu` is checked against; `undefined`: the request's URL. */
  publicUrl: string | undefined
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

/** Validates options at start, so a misconfiguration is a clear error and not a 500 later. */
export function resolveOptions(options: BrokerOptions): ResolvedOptions {
  const values = withDefaults(options)
  checkScalars(values)
  const apiBaseUrl = baseUrl(values.apiBaseUrl)
  const uploadApiHost = options.uploadApiHost ?? new URL(apiBaseUrl).host
  if (!/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(uploadApiHost)) {
    fail(
      `uploadApiHost (APIVIDEO_UPLOAD_HOST) must be host[:port] without a scheme, like ws.api.video: ${uploadApiHost}`
    )
  }
  const signingKeys = Array.isArray(options.signingKey) ? options.signingKey : [options.signingKey]
  const ring = parseKeyRing(signingKeys)
  const dpop = brokerDpop(options, values.now)
  const secrets = createSecretRegistry([
    values.apiKey,
    ...privateMembers(signingKeys),
    ...nonceSecret(options.dpop),
  ])
  const logger = redactingLogger(
    levelLogger(options.logger ?? consoleLogger, values.logLevel),
    secrets
  )
  const {
    apiKey,
    anonymousScopes,
    rateLimit,
    proxyRateLimit,
    allowSensitiveFields,
    upstreamRetries,
    random,
    logLevel,
    ...rest
  } = values
  const { fetch: fetchImpl, now } = values
  const userJwtScopes = options.userJwt?.scopes
  return {
    ...rest,
    apiBaseUrl,
    uploadApiHost,
    allowedOrigins: new Set(exactOrigins(options.allowedOrigins, 'allowedOrigins')),
    ring,
    authenticators: authenticators(options, {
      anonymousScopes: knownNames(anonymousScopes, SCOPES, 'anonymousScopes', 'scopes'),
      fetch: fetchImpl,
      now,
    }),
    limiter: rateLimiter(rateLimit, now, 'rateLimit'),
    rateLimitPeriodSeconds:
      rateLimit === false
        ? DEFAULTS.rateLimitPeriodSeconds
        : (rateLimit.periodSeconds ?? DEFAULTS.rateLimitPeriodSeconds),
    proxyLimiter: rateLimiter(proxyRateLimit, now, 'proxyRateLimit'),
    proxyRateLimitPeriodSeconds:
      proxyRateLimit === false
        ? DEFAULTS.proxyRateLimitPeriodSeconds
        : (proxyRateLimit.periodSeconds ?? DEFAULTS.proxyRateLimitPeriodSeconds),
    allowSensitiveFields: new Set(
      knownNames(allowSensitiveFields, SENSITIVE_FIELD_NAMES, 'allowSensitiveFields', 'fields')
    ),
    ownership: resolveOwnership(options.ownership, {
      anonymousScopes: anonymousScopes as Scope[],
      tokenMode: values.tokenMode,
      userJwtScopes: Array.isArray(userJwtScopes) ? userJwtScopes : undefined,
    }),
    dpop,
    publicUrl: publicUrl(options.publicUrl),
    upstreamConfig: {
      apiBaseUrl,
      apiKey,
      fetch: fetchImpl,
      now,
      random,
      timeoutMs: values.upstreamTimeoutMs,
      retry: retryPolicy(upstreamRetries),
      // A handed-out access token must outlive its renewal, and api.video's refresh revokes the
      // previous access token: passthrough renews with the API key instead (README, "Token modes").
      renewal: values.tokenMode === 'passthrough' ? 'api-key' : 'refresh',
      logger,
      secrets,
    },
    logger,
    secrets,
  }
}

/** The options with every default of the one table applied. */
function withDefaults({
  apiKey,
  apiBaseUrl = DEFAULTS.apiBaseUrl,
  tokenMode = DEFAULTS.tokenMode,
  issuer = DEFAULTS.issuer,
  audience = DEFAULTS.audience,
  tokenTtlSeconds = DEFAULTS.tokenTtlSeconds,
  uploadTokenTtlSeconds = DEFAULTS.uploadTokenTtlSeconds,
  anonymousScopes = [],
  rateLimit = {},
  proxyRateLimit = {},
  allowSensitiveFields = [],
  clientIp,
  clockToleranceSeconds = DEFAULTS.clockToleranceSeconds,
  maxJsonBytes = DEFAULTS.maxJsonBytes,
  maxUploadBytes = DEFAULTS.maxUploadBytes,
  upstreamTimeoutMs = DEFAULTS.upstreamTimeoutMs,
  uploadTimeoutMs = DEFAULTS.uploadTimeoutMs,
  upstreamRetries = DEFAULTS.upstreamRetries,
  upstream = createMemoryTokenManager,
  fetch: fetchImpl = DEFAULTS.fetch,
  now = DEFAULTS.now,
  random = DEFAULTS.random,
  logLevel = DEFAULTS.logLevel,
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
    proxyRateLimit,
    allowSensitiveFields,
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
  const { tokenMode, issuer, audience, fetch: fetchImpl, now, random, clientIp, upstream } = values
  checkApiKey(values.apiKey)
  oneOf(tokenMode, ['broker', 'passthrough'], 'tokenMode')
  for (const [name, value] of Object.entries({ issuer, audience })) {
    if (typeof value !== 'string' || value === '') fail(`${name} must be a non-empty string`)
  }
  integer('tokenTtlSeconds', values.tokenTtlSeconds)
  integer('uploadTokenTtlSeconds', values.uploadTokenTtlSeconds)
  integer('clockToleranceSeconds', values.clockToleranceSeconds)
  integer('maxJsonBytes', values.maxJsonBytes)
  integer('maxUploadBytes', values.maxUploadBytes)
  integer('upstreamTimeoutMs', values.upstreamTimeoutMs)
  integer('uploadTimeoutMs', values.uploadTimeoutMs)
  integer('upstreamRetries', values.upstreamRetries)
  checkLogLevel(values.logLevel)
  functions({ fetch: fetchImpl, now, random, upstream, ...(clientIp ? { clientIp } : {}) })
  checkClientIp(values)
}

/**
 * Where a client address comes from depends on the host (Workers: `CF-Connecting-IP`; Node: the
 * socket; behind a proxy: its header), and a header read on the wrong host is the caller's to
 * choose. So the core reads none by default, and refuses to rate limit anonymous callers blind.
 */
function checkClientIp({
  clientIp,
  rateLimit,
  proxyRateLimit,
  anonymousScopes,
}: ReturnType<typeof withDefaults>) {
  const anonymous = Array.isArray(anonymousScopes) && anonymousScopes.length > 0
  const limited = rateLimit !== false || proxyRateLimit !== false
  if (clientIp === undefined && limited && anonymous) {
    fail(
      'clientIp is required when anonymous callers are rate limited: pass a function that returns ' +
        "the caller's address on this host (the Worker and keyward-broker set it; see the README)"
    )
  }
}

interface AuthenticatorContext {
  anonymousScopes: Scope[]
  fetch: typeof fetch
  now: () => number
}

function authenticators(
  options: BrokerOptions,
  { anonymousScopes, fetch: fetchImpl, now }: AuthenticatorContext
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
    fail('userJwt needs exactly one of jwksUrl and key (USER_JWT_JWKS_URL or USER_JWT_PUBLIC_KEY)')
  }
  if (options.jwksUrl !== undefined) {
    const url = URL.canParse(options.jwksUrl) ? new URL(options.jwksUrl) : undefined
    const loopback = url && /^(localhost|127\.0\.0\.1|\[::1\])$/.test(url.hostname)
    if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && loopback))) {
      fail(
        `userJwt.jwksUrl (USER_JWT_JWKS_URL) must be an https URL (http only on loopback): ${options.jwksUrl}`
      )
    }
  }
  if (options.key !== undefined) checkUserJwtKeys(options.key)
  if (typeof options.issuer !== 'string' || options.issuer === '')
    fail('userJwt.issuer is required')
  const audiences = Array.isArray(options.audience) ? options.audience : [options.audience]
  if (audiences.length === 0 || audiences.some((aud) => typeof aud !== 'string' || aud === '')) {
    fail('userJwt.audience is required')
  }
  for (const alg of options.algorithms ?? []) {
    if (alg === 'none' || alg.startsWith('HS')) fail(`userJwt.algorithms may not include ${alg}`)
  }
  if (Array.isArray(options.scopes)) knownNames(options.scopes, SCOPES, 'userJwt.scopes', 'scopes')
}

// The public members each key type needs (RFC 7518 §6.2.1, §6.3.1; RFC 8037 §2).
const USER_KEY_MEMBERS: Record<string, readonly string[]> = {
  RSA: ['n', 'e'],
  EC: ['crv', 'x', 'y'],
  OKP: ['crv', 'x'],
}

/**
 * A static user-JWT key is checked at start, not at the first sign-in: a key without its public
 * members would refuse every user, and a private one (`d`) does not belong in configuration.
 */
function checkUserJwtKeys(key: NonNullable<UserJwtOptions['key']>): void {
  const name = 'userJwt.key (USER_JWT_PUBLIC_KEY)'
  const keys: unknown[] =
    typeof key === 'object' && key !== null && 'keys' in key ? key.keys : [key]
  if (!Array.isArray(keys) || keys.length === 0) fail(`${name} holds no key`)
  for (const jwk of keys as Record<string, unknown>[]) {
    const members =
      typeof jwk === 'object' && jwk !== null ? USER_KEY_MEMBERS[String(jwk.kty)] : undefined
    if (members === undefined) fail(`${name} must be public JWKs of kty RSA, EC or OKP`)
    const missing = members.filter(
      (member) => typeof jwk[member] !== 'string' || jwk[member] === ''
    )
    if (missing.length > 0) fail(`${name}: a ${jwk.kty} key needs ${missing.join(', ')}`)
    if ('d' in jwk)
      fail(`${name} must be the public key: remove d, and rotate the private key it exposed`)
  }
}

function rateLimiter(
  options: BrokerOptions['rateLimit'],
  now: () => number,
  name: 'rateLimit' | 'proxyRateLimit'
): RateLimiter | undefined {
  if (options === false) return undefined
  if (typeof options !== 'object' || options === null) fail(`${name} must be an object or false`)
  if (options.limiter !== undefined) {
    if (typeof options.limiter?.limit !== 'function') fail(`${name}.limiter needs a limit() method`)
    return options.limiter
  }
  const defaults =
    name === 'rateLimit'
      ? { requests: DEFAULTS.rateLimitRequests, periodSeconds: DEFAULTS.rateLimitPeriodSeconds }
      : {
          requests: DEFAULTS.proxyRateLimitRequests,
          periodSeconds: DEFAULTS.proxyRateLimitPeriodSeconds,
        }
  const { requests = defaults.requests, periodSeconds = defaults.periodSeconds } = options
  integer(`${name}.requests`, requests)
  integer(`${name}.periodSeconds`, periodSeconds)
  return createMemoryRateLimiter({ requests, periodSeconds, now })
}

/** DPoP needs broker tokens: passthrough hands out api.video's own token, which cannot be bound. */
function brokerDpop(options: BrokerOptions, now: () => number): ResolvedDpop {
  const dpop = resolveDpop(options.dpop ?? {}, now)
  if (dpop.mode !== 'off' && options.tokenMode === 'passthrough')
    fail("dpop needs tokenMode 'broker': a passthrough token is api.video's and cannot be bound")
  return dpop
}

function nonceSecret(dpop: BrokerOptions['dpop']): string[] {
  const secret = typeof dpop === 'object' ? dpop?.nonce?.secret : undefined
  return typeof secret === 'string' ? [secret] : []
}

/** An exact origin, as browsers reach the broker: what a proof's `htu` starts with. */
function publicUrl(value: unknown): string | undefined {
  if (value === undefined) return undefined
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined
  if (!url || !/^https?:$/.test(url.protocol) || url.href !== `${url.origin}/`)
    fail(`publicUrl must be an origin like https://broker.example.com: ${String(value)}`)
  return url.origin
}

/** The private members of every signing key, so no log line can carry one. */
function privateMembers(keys: readonly (JWK | undefined)[]): string[] {
  return keys.flatMap((jwk) =>
    PRIVATE_MEMBERS.map((member) => jwk?.[member]).filter((value) => typeof value === 'string')
  )
}

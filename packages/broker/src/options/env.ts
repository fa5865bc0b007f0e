import type { JWK } from 'jose'
import type { UserJwtOptions } from '../auth/user-jwt.ts'
import type { LogLevel } from '../logger.ts'
import type { SensitiveFieldName } from '../proxy/contracts/json-body.ts'
import type { RateLimiter } from '../rate-limit/limiter.ts'
import type { Scope } from '../scopes.ts'
import type { VaultCoreOptions } from '../vault/options.ts'
import type { BrokerOptions, TokenMode } from './broker-options.ts'
import { text as envText, fail } from './defaults.ts'

/**
 * The environment variables (Worker vars and secrets, or `process.env`) the broker reads. Secrets:
 * `APIVIDEO_API_KEY`, `KEYWARD_SIGNING_KEY`, `KEYWARD_PREVIOUS_SIGNING_KEY`. `RATE_LIMITER` is the
 * optional Workers Rate Limiting binding.
 *
 * @example
 * const vars: BrokerVars = { APIVIDEO_API_KEY: key, KEYWARD_SIGNING_KEY: jwk, ALLOWED_ORIGINS: origin }
 */
export interface BrokerVars {
  APIVIDEO_API_KEY?: string
  KEYWARD_SIGNING_KEY?: string
  KEYWARD_PREVIOUS_SIGNING_KEY?: string
  APIVIDEO_BASE_URL?: string
  APIVIDEO_UPLOAD_HOST?: string
  ALLOWED_ORIGINS?: string
  ANONYMOUS_SCOPES?: string
  TOKEN_MODE?: string
  TOKEN_TTL_SECONDS?: string
  UPLOAD_TOKEN_TTL_SECONDS?: string
  TOKEN_ISSUER?: string
  TOKEN_AUDIENCE?: string
  USER_JWT_JWKS_URL?: string
  USER_JWT_PUBLIC_KEY?: string
  USER_JWT_ISSUER?: string
  USER_JWT_AUDIENCE?: string
  USER_JWT_SCOPES?: string
  RATE_LIMIT_REQUESTS?: string
  RATE_LIMIT_PERIOD_SECONDS?: string
  RATE_LIMITER?: RateLimiter
  PROXY_RATE_LIMIT_REQUESTS?: string
  PROXY_RATE_LIMIT_PERIOD_SECONDS?: string
  PROXY_RATE_LIMITER?: RateLimiter
  ALLOW_SENSITIVE_FIELDS?: string
  LOG_LEVEL?: string
}

type Text = (name: keyof BrokerVars) => string | undefined

/**
 * Maps environment variables to broker options: the one mapping the Worker and the Node entry
 * share. Secret values never appear in its error messages. `overrides` wins over the environment.
 *
 * @example
 * import { brokerOptionsFromEnv, createBroker } from '@keyward/broker'
 *
 * const app = createBroker(brokerOptionsFromEnv(env, { logger: myLogger }))
 */
export function brokerOptionsFromEnv(
  env: BrokerVars | Record<string, unknown>,
  overrides: Partial<BrokerOptions> = {}
): BrokerOptions {
  const vars = env as Record<string, unknown>
  const text: Text = (name) => envText(vars, name)
  const options: BrokerOptions = {
    apiKey:
      text('APIVIDEO_API_KEY') ??
      fail('APIVIDEO_API_KEY is missing: wrangler secret put APIVIDEO_API_KEY'),
    allowedOrigins: list(text('ALLOWED_ORIGINS')),
    signingKey: [
      ...jwks(
        text('KEYWARD_SIGNING_KEY') ??
          fail('KEYWARD_SIGNING_KEY is missing: wrangler secret put KEYWARD_SIGNING_KEY'),
        'KEYWARD_SIGNING_KEY'
      ),
      ...jwks(text('KEYWARD_PREVIOUS_SIGNING_KEY'), 'KEYWARD_PREVIOUS_SIGNING_KEY'),
    ],
    anonymousScopes: list(text('ANONYMOUS_SCOPES')) as Scope[],
  }
  const set = <K extends keyof BrokerOptions>(key: K, value: BrokerOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value
  }
  set('apiBaseUrl', text('APIVIDEO_BASE_URL'))
  set('uploadApiHost', text('APIVIDEO_UPLOAD_HOST'))
  set('tokenMode', text('TOKEN_MODE') as TokenMode | undefined)
  set('tokenTtlSeconds', number(text('TOKEN_TTL_SECONDS'), 'TOKEN_TTL_SECONDS'))
  set('uploadTokenTtlSeconds', number(text('UPLOAD_TOKEN_TTL_SECONDS'), 'UPLOAD_TOKEN_TTL_SECONDS'))
  set('logLevel', text('LOG_LEVEL') as LogLevel | undefined)
  set('issuer', text('TOKEN_ISSUER'))
  set('audience', text('TOKEN_AUDIENCE'))
  set('userJwt', userJwt(text))
  set('rateLimit', rateLimit(text, vars.RATE_LIMITER))
  set('proxyRateLimit', rateLimit(text, vars.PROXY_RATE_LIMITER, 'PROXY_'))
  const sensitive = text('ALLOW_SENSITIVE_FIELDS')
  if (sensitive !== undefined) {
    options.allowSensitiveFields = list(sensitive) as SensitiveFieldName[]
  }
  return { ...options, ...overrides }
}

/**
 * Maps environment variables to the token vault's options (`APIVIDEO_API_KEY`,
 * `APIVIDEO_BASE_URL`, `LOG_LEVEL`): the Durable Object reads the same vars and secrets as the
 * Worker, and nothing else. `overrides` wins; `storage` is the host's to give.
 *
 * @example
 * import { createVaultCore, vaultOptionsFromEnv } from '@keyward/broker/vault'
 *
 * const vault = createVaultCore({ ...vaultOptionsFromEnv(env), storage })
 */
export function vaultOptionsFromEnv(
  env: BrokerVars | Record<string, unknown>,
  overrides: Partial<VaultCoreOptions> = {}
): Omit<VaultCoreOptions, 'storage'> {
  const vars = env as Record<string, unknown>
  const text: Text = (name) => envText(vars, name)
  const options: Omit<VaultCoreOptions, 'storage'> = {
    apiKey:
      text('APIVIDEO_API_KEY') ??
      fail('APIVIDEO_API_KEY is missing: wrangler secret put APIVIDEO_API_KEY'),
  }
  const baseUrl = text('APIVIDEO_BASE_URL')
  if (baseUrl !== undefined) options.apiBaseUrl = baseUrl
  const logLevel = text('LOG_LEVEL')
  if (logLevel !== undefined) options.logLevel = logLevel as LogLevel
  return { ...options, ...overrides }
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) fail(`${name} must be a whole number`)
  return Number(value)
}

/** One JWK, or a JSON array of JWKs (the first signs). The value itself is never echoed. */
function jwks(value: string | undefined, name: string): JWK[] {
  if (value === undefined) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    return fail(`${name} is not valid JSON: it must be a JWK or a JSON array of JWKs`)
  }
  const keys = Array.isArray(parsed) ? parsed : [parsed]
  if (keys.some((key) => typeof key !== 'object' || key === null))
    fail(`${name} must hold JWK objects`)
  return keys as JWK[]
}

function userJwt(text: Text): UserJwtOptions | undefined {
  const jwksUrl = text('USER_JWT_JWKS_URL')
  const publicKey = text('USER_JWT_PUBLIC_KEY')
  if (jwksUrl === undefined && publicKey === undefined) return undefined
  const options: UserJwtOptions = {
    issuer:
      text('USER_JWT_ISSUER') ?? fail('USER_JWT_ISSUER is required with user JWT verification'),
    audience:
      text('USER_JWT_AUDIENCE') ?? fail('USER_JWT_AUDIENCE is required with user JWT verification'),
  }
  if (jwksUrl !== undefined) options.jwksUrl = jwksUrl
  if (publicKey !== undefined) {
    const [key, ...more] = jwks(publicKey, 'USER_JWT_PUBLIC_KEY')
    options.key =
      more.length > 0 || key === undefined ? { keys: [key, ...more].filter(Boolean) as JWK[] } : key
  }
  const scopes = text('USER_JWT_SCOPES')
  if (scopes !== undefined) options.scopes = list(scopes) as Scope[]
  return options
}

/** `RATE_LIMIT_*` for the token routes, `PROXY_RATE_LIMIT_*` for the proxy's own budget. */
function rateLimit(
  text: Text,
  binding: unknown,
  prefix: '' | 'PROXY_' = ''
): BrokerOptions['rateLimit'] {
  const requests = number(text(`${prefix}RATE_LIMIT_REQUESTS`), `${prefix}RATE_LIMIT_REQUESTS`)
  const period = `${prefix}RATE_LIMIT_PERIOD_SECONDS` as const
  const periodSeconds = number(text(period), period)
  if (requests === 0) return false
  const options: NonNullable<Exclude<BrokerOptions['rateLimit'], false>> = {}
  if (requests !== undefined) options.requests = requests
  if (periodSeconds !== undefined) options.periodSeconds = periodSeconds
  if (typeof (binding as RateLimiter | undefined)?.limit === 'function') {
    options.limiter = binding as RateLimiter
  }
  return options
}

import type { JWK } from 'jose'
import type { UserJwtOptions } from '../auth/user-jwt.ts'
import type { DpopMode, DpopOptions } from '../dpop/options.ts'
import type { LogLevel } from '../logger.ts'
import { SENSITIVE_FIELD_NAMES, type SensitiveFieldName } from '../proxy/contracts/json-body.ts'
import type { RateLimiter } from '../rate-limit/limiter.ts'
import { SCOPES, type Scope } from '../scopes.ts'
import type { VaultCoreOptions } from '../vault/options.ts'
import type { BrokerOptions, TokenMode } from './broker-options.ts'
import {
  baseUrl,
  logLevel as checkLogLevel,
  createProblems,
  text as envText,
  exactOrigins,
  fail,
  integer,
  knownNames,
  oneOf,
  type Problems,
} from './defaults.ts'

/**
 * The environment variables (Worker vars and secrets, or `process.env`) the broker reads. Secrets:
 * `APIVIDEO_API_KEY`, `KEYWARD_SIGNING_KEY`, `KEYWARD_PREVIOUS_SIGNING_KEY`, `DPOP_NONCE_SECRET`.
 * `RATE_LIMITER` is the
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
  OWNERSHIP?: string
  OWNERSHIP_METADATA_KEY?: string
  DPOP?: string
  DPOP_PROOF_WINDOW_SECONDS?: string
  DPOP_NONCE_SECRET?: string
  DPOP_NONCE_STEP_SECONDS?: string
  PUBLIC_URL?: string
  LOG_LEVEL?: string
}

type Text = (name: keyof BrokerVars) => string | undefined

/**
 * The secrets the broker reads; a missing one's error says how to set it.
 *
 * @example
 * const secret: SecretName = 'KEYWARD_SIGNING_KEY'
 */
export type SecretName = 'APIVIDEO_API_KEY' | 'KEYWARD_SIGNING_KEY'

/**
 * Options of `brokerOptionsFromEnv` and `vaultOptionsFromEnv` themselves.
 *
 * @example
 * brokerOptionsFromEnv(process.env, {}, { secretHint: (name) => `export ${name}=…` })
 */
export interface EnvMappingOptions {
  /** How to set a missing secret, shown in its error. Default: the `wrangler secret put` command. */
  secretHint?: (name: SecretName) => string
}

const wranglerHint = (name: SecretName) =>
  name === 'KEYWARD_SIGNING_KEY'
    ? 'npx @keyward/broker generate-key | npx wrangler secret put KEYWARD_SIGNING_KEY'
    : `npx wrangler secret put ${name}`

/**
 * Maps environment variables to broker options: the one mapping the Worker and the Node entry
 * share. Every variable is checked on its own and every problem is reported at once, in one
 * `invalid_config` error (one problem per line of its detail), naming the variable; secret values
 * never appear in it. `overrides` wins over the environment.
 *
 * @example
 * import { brokerOptionsFromEnv, createBroker } from '@keyward/broker'
 *
 * const app = createBroker(brokerOptionsFromEnv(env, { logger: myLogger }))
 */
export function brokerOptionsFromEnv(
  env: BrokerVars | Record<string, unknown>,
  overrides: Partial<BrokerOptions> = {},
  { secretHint = wranglerHint }: EnvMappingOptions = {}
): BrokerOptions {
  const vars = env as Record<string, unknown>
  const problems = createProblems()
  const text: Text = (name) => problems.check(() => envText(vars, name))
  const secret = (name: SecretName) =>
    text(name) ?? problems.check(() => fail(`${name} is missing: ${secretHint(name)}`))
  const checked = <T>(read: () => T) => problems.check(read)
  const options: BrokerOptions = {
    apiKey: secret('APIVIDEO_API_KEY') ?? '',
    allowedOrigins:
      checked(() => exactOrigins(list(text('ALLOWED_ORIGINS')), 'ALLOWED_ORIGINS')) ?? [],
    signingKey: [
      ...(checked(() => jwks(secret('KEYWARD_SIGNING_KEY'), 'KEYWARD_SIGNING_KEY')) ?? []),
      ...(checked(() =>
        jwks(text('KEYWARD_PREVIOUS_SIGNING_KEY'), 'KEYWARD_PREVIOUS_SIGNING_KEY')
      ) ?? []),
    ],
    anonymousScopes: checked(() => scopes(text('ANONYMOUS_SCOPES'), 'ANONYMOUS_SCOPES')) ?? [],
  }
  const set = <K extends keyof BrokerOptions>(key: K, value: BrokerOptions[K] | undefined) => {
    if (value !== undefined) options[key] = value
  }
  const apiBaseUrl = text('APIVIDEO_BASE_URL')
  checked(() => apiBaseUrl !== undefined && named('APIVIDEO_BASE_URL', () => baseUrl(apiBaseUrl)))
  set('apiBaseUrl', apiBaseUrl)
  set('uploadApiHost', text('APIVIDEO_UPLOAD_HOST'))
  set(
    'tokenMode',
    checked(() => tokenMode(text('TOKEN_MODE')))
  )
  set(
    'tokenTtlSeconds',
    checked(() => whole(text('TOKEN_TTL_SECONDS'), 'TOKEN_TTL_SECONDS'))
  )
  set(
    'uploadTokenTtlSeconds',
    checked(() => whole(text('UPLOAD_TOKEN_TTL_SECONDS'), 'UPLOAD_TOKEN_TTL_SECONDS'))
  )
  set(
    'logLevel',
    checked(() => level(text('LOG_LEVEL')))
  )
  set('issuer', text('TOKEN_ISSUER'))
  set('audience', text('TOKEN_AUDIENCE'))
  set('userJwt', userJwt(text, problems))
  set(
    'rateLimit',
    checked(() => rateLimit(text, vars.RATE_LIMITER))
  )
  set(
    'proxyRateLimit',
    checked(() => rateLimit(text, vars.PROXY_RATE_LIMITER, 'PROXY_'))
  )
  set(
    'allowSensitiveFields',
    checked(() => sensitiveFields(text('ALLOW_SENSITIVE_FIELDS')))
  )
  set(
    'ownership',
    checked(() => ownership(text('OWNERSHIP'), text('OWNERSHIP_METADATA_KEY')))
  )
  set(
    'dpop',
    checked(() => dpop(text))
  )
  set(
    'publicUrl',
    checked(() => origin(text('PUBLIC_URL'), 'PUBLIC_URL'))
  )
  problems.throwIfAny()
  return { ...options, ...overrides }
}

/**
 * Maps environment variables to the token vault's options (`APIVIDEO_API_KEY`,
 * `APIVIDEO_BASE_URL`, `LOG_LEVEL`): the Durable Object reads the same vars and secrets as the
 * Worker, and nothing else. Every problem is reported at once, as `brokerOptionsFromEnv` does.
 * `overrides` wins; `storage` is the host's to give.
 *
 * @example
 * import { createVaultCore, vaultOptionsFromEnv } from '@keyward/broker/vault'
 *
 * const vault = createVaultCore({ ...vaultOptionsFromEnv(env), storage })
 */
export function vaultOptionsFromEnv(
  env: BrokerVars | Record<string, unknown>,
  overrides: Partial<VaultCoreOptions> = {},
  { secretHint = wranglerHint }: EnvMappingOptions = {}
): Omit<VaultCoreOptions, 'storage'> {
  const vars = env as Record<string, unknown>
  const problems = createProblems()
  const text: Text = (name) => problems.check(() => envText(vars, name))
  const apiKey =
    text('APIVIDEO_API_KEY') ??
    problems.check(() => fail(`APIVIDEO_API_KEY is missing: ${secretHint('APIVIDEO_API_KEY')}`))
  const options: Omit<VaultCoreOptions, 'storage'> = { apiKey: apiKey ?? '' }
  const apiBaseUrl = text('APIVIDEO_BASE_URL')
  if (apiBaseUrl !== undefined) {
    problems.check(() => named('APIVIDEO_BASE_URL', () => baseUrl(apiBaseUrl)))
    options.apiBaseUrl = apiBaseUrl
  }
  const logLevel = problems.check(() => level(text('LOG_LEVEL')))
  if (logLevel !== undefined) options.logLevel = logLevel
  problems.throwIfAny()
  return { ...options, ...overrides }
}

/** Runs a check whose error starts with an option's name, so that it names the variable instead. */
function named<T>(variable: string, check: () => T): T {
  try {
    return check()
  } catch (error) {
    const detail = error instanceof Error && 'detail' in error ? String(error.detail) : ''
    return fail(detail.replace(/^[A-Za-z.]+/, variable))
  }
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
}

function origin(value: string | undefined, name: string): string | undefined {
  if (value !== undefined && (!URL.canParse(value) || new URL(value).origin !== value))
    fail(`${name} must be an origin like https://broker.example.com: ${value}`)
  return value
}

function scopes(value: string | undefined, name: string): Scope[] {
  return knownNames(list(value), SCOPES, name, 'scopes')
}

function sensitiveFields(value: string | undefined): SensitiveFieldName[] | undefined {
  if (value === undefined) return undefined
  return knownNames(list(value), SENSITIVE_FIELD_NAMES, 'ALLOW_SENSITIVE_FIELDS', 'fields')
}

const TOKEN_MODES: readonly TokenMode[] = ['broker', 'passthrough']

function tokenMode(value: string | undefined): TokenMode | undefined {
  return value === undefined ? undefined : oneOf(value, TOKEN_MODES, 'TOKEN_MODE')
}

/** `OWNERSHIP=metadata` turns ownership mode on; `OWNERSHIP_METADATA_KEY` only goes with it. */
function ownership(mode: string | undefined, metadataKey: string | undefined) {
  if (mode !== undefined) oneOf(mode, ['metadata', 'off'], 'OWNERSHIP')
  if (mode !== 'metadata') {
    if (metadataKey !== undefined) fail('OWNERSHIP_METADATA_KEY needs OWNERSHIP=metadata')
    return mode === 'off' ? false : undefined
  }
  return metadataKey === undefined ? {} : { metadataKey }
}

function level(value: string | undefined): LogLevel | undefined {
  return value === undefined ? undefined : named('LOG_LEVEL', () => checkLogLevel(value))
}

/** `DPOP` and its settings; a nonce secret turns server nonces on (RFC 9449 §8, §9). */
function dpop(text: Text): DpopOptions | undefined {
  const mode = text('DPOP')
  if (mode !== undefined) oneOf(mode, ['off', 'optional', 'required'], 'DPOP')
  const window = text('DPOP_PROOF_WINDOW_SECONDS')
  const secret = text('DPOP_NONCE_SECRET')
  const step = text('DPOP_NONCE_STEP_SECONDS')
  if ([mode, window, secret, step].every((value) => value === undefined)) return undefined
  if (step !== undefined && secret === undefined)
    fail('DPOP_NONCE_STEP_SECONDS needs DPOP_NONCE_SECRET')
  const options: DpopOptions = {}
  if (mode !== undefined) options.mode = mode as DpopMode
  if (window !== undefined)
    options.proofWindowSeconds = wholeNumber(window, 'DPOP_PROOF_WINDOW_SECONDS')
  if (secret !== undefined) {
    options.nonce = { secret }
    if (step !== undefined) options.nonce.stepSeconds = wholeNumber(step, 'DPOP_NONCE_STEP_SECONDS')
  }
  return options
}

function wholeNumber(value: string, name: string): number {
  if (!/^\d+$/.test(value)) fail(`${name} must be a whole number`)
  return Number(value)
}

const RANGE_OF = {
  TOKEN_TTL_SECONDS: 'tokenTtlSeconds',
  UPLOAD_TOKEN_TTL_SECONDS: 'uploadTokenTtlSeconds',
  RATE_LIMIT_REQUESTS: 'rateLimit.requests',
  RATE_LIMIT_PERIOD_SECONDS: 'rateLimit.periodSeconds',
  PROXY_RATE_LIMIT_REQUESTS: 'proxyRateLimit.requests',
  PROXY_RATE_LIMIT_PERIOD_SECONDS: 'proxyRateLimit.periodSeconds',
} as const

/** A whole number in the range of the option it sets. */
function whole(value: string | undefined, name: keyof typeof RANGE_OF): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) fail(`${name} must be a whole number`)
  return integer(RANGE_OF[name], Number(value), name)
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

function userJwt(text: Text, problems: Problems): UserJwtOptions | undefined {
  const jwksUrl = text('USER_JWT_JWKS_URL')
  const publicKey = text('USER_JWT_PUBLIC_KEY')
  if (jwksUrl === undefined && publicKey === undefined) return undefined
  const required = (name: 'USER_JWT_ISSUER' | 'USER_JWT_AUDIENCE') =>
    text(name) ?? problems.check(() => fail(`${name} is required with user JWT verification`)) ?? ''
  const options: UserJwtOptions = {
    issuer: required('USER_JWT_ISSUER'),
    audience: required('USER_JWT_AUDIENCE'),
  }
  if (jwksUrl !== undefined) options.jwksUrl = jwksUrl
  if (publicKey !== undefined) {
    const [key, ...more] = problems.check(() => jwks(publicKey, 'USER_JWT_PUBLIC_KEY')) ?? []
    options.key =
      more.length > 0 || key === undefined ? { keys: [key, ...more].filter(Boolean) as JWK[] } : key
  }
  const scopeList = text('USER_JWT_SCOPES')
  if (scopeList !== undefined) {
    const userScopes = problems.check(() => scopes(scopeList, 'USER_JWT_SCOPES'))
    if (userScopes !== undefined) options.scopes = userScopes
  }
  return options
}

/** `RATE_LIMIT_*` for the token routes, `PROXY_RATE_LIMIT_*` for the proxy's own budget. */
function rateLimit(
  text: Text,
  binding: unknown,
  prefix: '' | 'PROXY_' = ''
): BrokerOptions['rateLimit'] {
  const raw = text(`${prefix}RATE_LIMIT_REQUESTS`)
  if (raw !== undefined && /^0+$/.test(raw)) return false
  const requests = whole(raw, `${prefix}RATE_LIMIT_REQUESTS`)
  const periodSeconds = whole(
    text(`${prefix}RATE_LIMIT_PERIOD_SECONDS`),
    `${prefix}RATE_LIMIT_PERIOD_SECONDS`
  )
  const options: NonNullable<Exclude<BrokerOptions['rateLimit'], false>> = {}
  if (requests !== undefined) options.requests = requests
  if (periodSeconds !== undefined) options.periodSeconds = periodSeconds
  if (typeof (binding as RateLimiter | undefined)?.limit === 'function') {
    options.limiter = binding as RateLimiter
  }
  return options
}

import { BrokerError, invalidConfig } from '../errors.ts'
import { isLogLevel, type LogLevel } from '../logger.ts'

/**
 * Every default of the broker's and the vault's options, in one table: `createBroker`, the
 * environment mapping and `createVaultCore` all read them here. The README's option tables
 * document the same values.
 */
export const DEFAULTS = {
  apiBaseUrl: 'https://ws.api.video',
  tokenMode: 'broker',
  issuer: 'keyward',
  audience: 'keyward-api',
  tokenTtlSeconds: 300,
  uploadTokenTtlSeconds: 600,
  rateLimitRequests: 60,
  rateLimitPeriodSeconds: 60,
  // Per caller on the proxy, well under api.video's per-account limits (100 reads and 40 writes
  // a minute on the sandbox), so one visitor cannot spend the whole account's quota.
  proxyRateLimitRequests: 30,
  proxyRateLimitPeriodSeconds: 60,
  clockToleranceSeconds: 5,
  maxJsonBytes: 1024 * 1024,
  maxUploadBytes: 200 * 1024 * 1024,
  upstreamTimeoutMs: 10_000,
  uploadTimeoutMs: 600_000,
  upstreamRetries: 2,
  logLevel: 'info' as LogLevel,
  ownershipMetadataKey: 'keyward:owner',
  // Owners never change; the time only bounds how long a video deleted elsewhere stays known.
  ownershipCacheTtlSeconds: 300,
  // About 100 bytes an entry: a megabyte per isolate at most.
  ownershipCacheSize: 10_000,
  // Called through, so a `fetch` replaced after start (a test's stub, a polyfill) is the one used.
  fetch: ((input, init) => fetch(input, init)) as typeof fetch,
  now: Date.now as () => number,
  random: Math.random as () => number,
} as const

/** The allowed range of every whole-number option, inclusive. */
const RANGES = {
  tokenTtlSeconds: [10, 3600],
  uploadTokenTtlSeconds: [1, 86_400],
  clockToleranceSeconds: [0, 300],
  maxJsonBytes: [1, 100 * 1024 * 1024],
  maxUploadBytes: [1, 5 * 1024 * 1024 * 1024],
  upstreamTimeoutMs: [1, 300_000],
  uploadTimeoutMs: [1, 3_600_000],
  upstreamRetries: [0, 5],
  'rateLimit.requests': [1, 1_000_000],
  'rateLimit.periodSeconds': [1, 86_400],
  'proxyRateLimit.requests': [1, 1_000_000],
  'proxyRateLimit.periodSeconds': [1, 86_400],
  'ownership.cacheTtlSeconds': [0, 86_400],
  'ownership.cacheSize': [0, 1_000_000],
} as const satisfies Record<string, readonly [number, number]>

/** Throws the `invalid_config` error for a bad option; `detail` never carries a secret value. */
export function fail(detail: string): never {
  throw invalidConfig(detail)
}

/** Checks a whole-number option against its range; `label` names it in the error. */
export function integer(name: keyof typeof RANGES, value: unknown, label: string = name): number {
  const [min, max] = RANGES[name]
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${label} must be an integer from ${min} to ${max}`)
  }
  return value
}

/**
 * Gathers configuration problems, so one start names every one of them instead of the first.
 *
 * @example
 * const problems = createProblems()
 * const ttl = problems.check(() => integer('tokenTtlSeconds', value))
 * problems.throwIfAny()
 */
export interface Problems {
  /** `read()`, or `undefined` once its `invalid_config` error is recorded. Other errors pass. */
  check<T>(read: () => T): T | undefined
  /** Throws one `invalid_config` whose detail lists every recorded problem, one per line. */
  throwIfAny(): void
}

export function createProblems(): Problems {
  const details: string[] = []
  return {
    check(read) {
      try {
        return read()
      } catch (error) {
        if (!(error instanceof BrokerError) || error.code !== 'invalid_config') throw error
        details.push(error.detail ?? error.message)
        return undefined
      }
    },
    throwIfAny() {
      if (details.length > 0) fail(details.join('\n'))
    },
  }
}

/** Checks the api.video API key; the error names the secret to set, never the value. */
export function apiKey(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value)) {
    fail('apiKey is missing or malformed: set the APIVIDEO_API_KEY secret')
  }
  return value
}

/** Hosts that can only be this machine: 127.0.0.0/8, ::1 and localhost (RFC 6761 §6.3). */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/

/**
 * Checks api.video's base URL and drops its trailing slashes. It must be https: the API key and
 * every token travel to it. Plain http is for an emulator on this machine only (loopback).
 */
export function baseUrl(value: unknown): string {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    fail(`apiBaseUrl is not a URL: ${String(value)}`)
  }
  const url = new URL(value)
  if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
    fail(`apiBaseUrl must be a plain https URL, like https://ws.api.video: ${value}`)
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    fail(`apiBaseUrl must use https (http only on loopback, for local development): ${value}`)
  }
  return url.href.replace(/\/+$/, '')
}

/** Checks the log level. */
export function logLevel(value: unknown): LogLevel {
  if (!isLogLevel(value)) fail('logLevel must be info, warn or error')
  return value
}

/** Checks one value against the few it may be; the error lists them (`broker or passthrough`). */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[], label: string): T {
  if (!allowed.includes(value as T)) {
    fail(`${label} must be ${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}`)
  }
  return value as T
}

/** Checks a list of names against those known: scopes, sensitive fields. `label` names the list. */
export function knownNames<T extends string>(
  value: unknown,
  known: readonly T[],
  label: string,
  what: string
): T[] {
  if (!Array.isArray(value)) fail(`${label} must be a list of ${what}`)
  const unknown = value.filter((name) => !known.includes(name))
  if (unknown.length > 0) {
    fail(
      `${label} has unknown ${what}: ${unknown.map(String).join(', ')} (known: ${known.join(', ')})`
    )
  }
  return value
}

/** Checks a list of exact origins, as browsers send them in `Origin`; `label` names the list. */
export function exactOrigins(value: unknown, label: string): string[] {
  if (!Array.isArray(value)) fail(`${label} must be a list of origins`)
  for (const origin of value) {
    if (typeof origin !== 'string' || !URL.canParse(origin) || new URL(origin).origin !== origin) {
      fail(`${label} entries must be exact origins like https://app.example.com: ${String(origin)}`)
    }
  }
  return value
}

/** Checks that each named option is a function. */
export function functions(values: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'function') fail(`${name} must be a function`)
  }
}

/**
 * One environment variable as text: trimmed, `undefined` when unset or blank. A value that is not
 * a string (a binding under a variable's name) is a configuration error.
 */
export function text(env: Record<string, unknown>, name: string): string | undefined {
  const value = env[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') return fail(`${name} must be a string`)
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed
}

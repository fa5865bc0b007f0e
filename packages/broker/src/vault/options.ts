import {
  type BrokerLogger,
  consoleLogger,
  createSecretRegistry,
  type LogLevel,
  levelLogger,
  redactingLogger,
} from '../logger.ts'
import {
  baseUrl,
  apiKey as checkApiKey,
  logLevel as checkLogLevel,
  DEFAULTS,
  fail,
  integer,
} from '../options/defaults.ts'
import { retryPolicy } from '../upstream/retry.ts'
import type { VaultStorage } from './storage.ts'

/**
 * Options of `createVaultCore`.
 *
 * @example
 * const options: VaultCoreOptions = { apiKey: env.APIVIDEO_API_KEY, apiBaseUrl: env.APIVIDEO_BASE_URL, storage }
 */
export interface VaultCoreOptions {
  /** The api.video API key. Used for `/auth/api-key` only; never stored. */
  apiKey: string
  /** Default: `'https://ws.api.video'`. */
  apiBaseUrl?: string
  storage: VaultStorage
  /** Deadline of each `/auth/*` call, in ms. Default: 10 000. */
  upstreamTimeoutMs?: number
  /** Retries of a failed `/auth/api-key` exchange, 0 to 5. Default: 2. */
  upstreamRetries?: number
  /** Default: the global `fetch`. */
  fetch?: typeof fetch
  /** The vault's clock, epoch ms. Default: `Date.now`. */
  now?: () => number
  /** Source of jitter, in [0, 1). Default: `Math.random`. */
  random?: () => number
  /** Default: JSON lines on `console`. Every line is scrubbed of the key and the tokens. */
  logger?: BrokerLogger
  /** Default: `'info'`. */
  logLevel?: LogLevel
}

/**
 * The options with every default of the broker's table applied and checked by the same rules;
 * the logger redacts the key and tokens.
 */
export function resolveVaultOptions({
  apiKey,
  apiBaseUrl = DEFAULTS.apiBaseUrl,
  storage,
  upstreamTimeoutMs = DEFAULTS.upstreamTimeoutMs,
  upstreamRetries = DEFAULTS.upstreamRetries,
  fetch: fetchImpl = DEFAULTS.fetch,
  now = DEFAULTS.now,
  random = DEFAULTS.random,
  logger = consoleLogger,
  logLevel = DEFAULTS.logLevel,
}: VaultCoreOptions) {
  checkApiKey(apiKey)
  integer('upstreamTimeoutMs', upstreamTimeoutMs)
  integer('upstreamRetries', upstreamRetries)
  checkLogLevel(logLevel)
  if (typeof storage?.load !== 'function') fail('storage must be a VaultStorage')
  const secrets = createSecretRegistry([apiKey])
  return {
    apiKey,
    apiBaseUrl: baseUrl(apiBaseUrl),
    storage,
    fetch: fetchImpl,
    now,
    random,
    timeoutMs: upstreamTimeoutMs,
    retry: retryPolicy(upstreamRetries),
    secrets,
    logger: redactingLogger(levelLogger(logger, logLevel), secrets),
  }
}

import { BrokerError } from '../errors.ts'
import {
  type BrokerLogger,
  consoleLogger,
  createSecretRegistry,
  isLogLevel,
  type LogLevel,
  levelLogger,
  redactingLogger,
} from '../logger.ts'
import { baseUrl, integer } from '../resolve-options.ts'
import { DEFAULT_RETRY_POLICY } from './retry.ts'
import type { VaultStorage } from './vault-storage.ts'

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

/** The options with every default applied and checked; the logger redacts the key and tokens. */
export function resolveVaultOptions({
  apiKey,
  apiBaseUrl = 'https://ws.api.video',
  storage,
  upstreamTimeoutMs = 10_000,
  upstreamRetries = 2,
  fetch: fetchImpl = (input, init) => fetch(input, init),
  now = Date.now,
  random = Math.random,
  logger = consoleLogger,
  logLevel = 'info',
}: VaultCoreOptions) {
  if (typeof apiKey !== 'string' || apiKey.trim() === '' || /\s/.test(apiKey)) {
    throw new BrokerError('invalid_config', {
      detail: 'apiKey is missing or malformed: set the APIVIDEO_API_KEY secret',
    })
  }
  integer('upstreamTimeoutMs', upstreamTimeoutMs, 1, 300_000)
  integer('upstreamRetries', upstreamRetries, 0, 5)
  if (!isLogLevel(logLevel))
    throw new BrokerError('invalid_config', { detail: 'logLevel must be info, warn or error' })
  if (typeof storage?.load !== 'function')
    throw new BrokerError('invalid_config', { detail: 'storage must be a VaultStorage' })
  const secrets = createSecretRegistry([apiKey])
  return {
    apiKey,
    apiBaseUrl: baseUrl(apiBaseUrl),
    storage,
    fetch: fetchImpl,
    now,
    random,
    timeoutMs: upstreamTimeoutMs,
    retry: { ...DEFAULT_RETRY_POLICY, retries: upstreamRetries },
    secrets,
    logger: redactingLogger(levelLogger(logger, logLevel), secrets),
  }
}

/**
 * Flat, JSON-friendly fields of one log line.
 *
 * @example
 * const fields: LogFields = { sub: 'user-42', scope: 'videos:read', jti: '…' }
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>

/**
 * Where the broker writes its log lines (audit lines, upstream failures, unexpected errors).
 *
 * @example
 * const logger: BrokerLogger = {
 *   info: (event, fields) => log.info({ event, ...fields }),
 *   warn: (event, fields) => log.warn({ event, ...fields }),
 *   error: (event, fields) => log.error({ event, ...fields }),
 * }
 */
export interface BrokerLogger {
  info(event: string, fields: LogFields): void
  warn(event: string, fields: LogFields): void
  error(event: string, fields: LogFields): void
}

/**
 * The default logger: one JSON object per line on the console, which Workers Logs and most log
 * shippers index by field.
 *
 * @example
 * createBroker({ ...options, logger: consoleLogger })
 */
export const consoleLogger: BrokerLogger = {
  info: (event, fields) => console.info(JSON.stringify({ level: 'info', event, ...fields })),
  warn: (event, fields) => console.warn(JSON.stringify({ level: 'warn', event, ...fields })),
  error: (event, fields) => console.error(JSON.stringify({ level: 'error', event, ...fields })),
}

/**
 * The least severe level written; `info` includes the audit lines.
 *
 * @example
 * createBroker({ ...options, logLevel: 'warn' })
 */
export type LogLevel = 'info' | 'warn' | 'error'

const LEVELS: readonly LogLevel[] = ['info', 'warn', 'error']

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value)
}

/** What `levelLogger` writes a dropped level with: wrappers skip their own work for it too. */
const skip = () => undefined

/** Drops lines below `level`. */
export function levelLogger(logger: BrokerLogger, level: LogLevel): BrokerLogger {
  const at = LEVELS.indexOf(level)
  return {
    info: at <= 0 ? logger.info : skip,
    warn: at <= 1 ? logger.warn : skip,
    error: logger.error,
  }
}

const REDACTED = '[redacted]'
/** Upstream tokens kept for redaction; older ones have expired long ago. */
const MAX_ROTATING = 16
/** Shorter strings would redact ordinary words. */
const MIN_SECRET_LENGTH = 8

/** The secrets the broker holds, so every log line can be scrubbed of them. */
export interface SecretRegistry {
  /** Remembers a rotating secret (an upstream token); the oldest is forgotten past 16. */
  add(secret: string | undefined): void
  /** `text` with every known secret replaced by `[redacted]`. */
  redact(text: string): string
}

export function createSecretRegistry(pinned: Iterable<string>): SecretRegistry {
  const fixed = [...pinned].filter((secret) => secret.length >= MIN_SECRET_LENGTH)
  const rotating: string[] = []
  return {
    add(secret) {
      if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return
      rotating.push(secret)
      if (rotating.length > MAX_ROTATING) rotating.shift()
    },
    redact(text) {
      let out = text
      for (const secret of fixed) if (out.includes(secret)) out = out.replaceAll(secret, REDACTED)
      for (const secret of rotating)
        if (out.includes(secret)) out = out.replaceAll(secret, REDACTED)
      return out
    },
  }
}

/**
 * Wraps a logger so no line carries a known secret, whatever a caller passes in: defence in depth
 * behind the rule that secrets are never logged in the first place.
 */
export function redactingLogger(logger: BrokerLogger, secrets: SecretRegistry): BrokerLogger {
  const scrub = (fields: LogFields): LogFields => {
    const out: LogFields = {}
    for (const [name, value] of Object.entries(fields)) {
      out[name] = typeof value === 'string' ? secrets.redact(value) : value
    }
    return out
  }
  // A level `levelLogger` drops is not scrubbed first.
  const scrubbed = (write: BrokerLogger['info']): BrokerLogger['info'] =>
    write === skip ? skip : (event, fields) => write.call(logger, event, scrub(fields))
  return { info: scrubbed(logger.info), warn: scrubbed(logger.warn), error: scrubbed(logger.error) }
}

/** A safe one-line description of an unexpected error: its name and redacted message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${nameOf(error.cause)})` : ''
    return `${nameOf(error)}: ${error.message}${cause}`.slice(0, 300)
  }
  return typeof error
}

// A minified Worker renames classes, so a library error's name can be one letter; its `code`
// (jose's `ERR_JWS_INVALID`, a socket's `ECONNRESET`) survives minification.
function nameOf(error: Error): string {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? `${error.name} ${code}` : error.name
}

import { BrokerError } from '../errors.ts'
import { problemLogFields, readUpstreamProblem } from '../http/upstream-problem.ts'
import type { BrokerLogger, SecretRegistry } from '../logger.ts'
import { completeResponse, varyWith } from '../middleware/response-headers.ts'

/** Response headers worth passing on; everything else (cookies, server internals) is dropped. */
const RELAYED = [
  'content-type',
  'etag',
  'last-modified',
  'location',
  'x-ratelimit-limit',
  'x-ratelimit-remaining',
  'x-ratelimit-retry-after',
]
const RATE_LIMIT_HEADERS = ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-retry-after']

export interface UpstreamRefusalOptions {
  logger: BrokerLogger
  /** api.video's title reaches the caller only scrubbed of every secret the broker knows. */
  secrets: SecretRegistry
  /** A stable name for logs, e.g. `videos.list`. */
  operation: string
}

export interface RelayOptions extends UpstreamRefusalOptions {
  /** The headers every answer carries (`c.var.baseHeaders`). */
  base: Record<string, string>
}

/**
 * Passes a successful api.video answer on, body streamed, private to the token holder. An error
 * answer becomes the broker's own problem: api.video's body is summarised (its title), never
 * forwarded raw.
 */
export async function relay(res: Response, { base, ...refusal }: RelayOptions): Promise<Response> {
  if (res.status < 400) {
    const headers: Record<string, string> = {
      ...base,
      // An answer for one token holder: no shared cache may keep it (RFC 9111 §5.2.2.7).
      'cache-control': 'private, no-store',
      // With the CORS middleware's Origin: `Vary: Authorization, Origin`.
      vary: varyWith(base, 'Authorization'),
    }
    const upstream = res.headers
    for (const name of RELAYED) {
      const value = upstream.get(name)
      if (value !== null) headers[name] = value
    }
    // Built once with its final headers: no middleware copies or rebuilds it.
    return completeResponse(res.body, { status: res.status, headers })
  }
  return refuseUpstream(res, refusal)
}

/**
 * Throws api.video's error answer (4xx, 5xx) as the broker's own problem: its body summarised
 * (its title), never forwarded raw.
 */
export async function refuseUpstream(
  res: Response,
  { logger, secrets, operation }: UpstreamRefusalOptions
): Promise<never> {
  const problem = await readUpstreamProblem(res)
  const headers: Record<string, string> = {}
  for (const name of RATE_LIMIT_HEADERS) {
    const value = res.headers.get(name)
    if (value !== null) headers[name] = value
  }
  const fields = { operation, status: res.status, ...problemLogFields(problem) }
  if (res.status === 429) {
    logger.warn('upstream.rate_limited', fields)
    headers['retry-after'] = /^\d+$/.test(headers['x-ratelimit-retry-after'] ?? '')
      ? (headers['x-ratelimit-retry-after'] as string)
      : '60'
    throw new BrokerError('upstream_rate_limited', { headers })
  }
  if (res.status >= 500) {
    logger.warn('upstream.failed', fields)
    throw new BrokerError('upstream_error', {
      detail: `api.video answered ${res.status}.`,
      headers,
    })
  }
  logger.info('upstream.rejected', fields)
  const summary =
    problem.title && (problem.name ? `${problem.title} (${problem.name})` : problem.title)
  const detail = summary && secrets.redact(summary)
  throw new BrokerError('upstream_rejected', {
    status: res.status,
    headers,
    ...(detail ? { detail } : {}),
  })
}

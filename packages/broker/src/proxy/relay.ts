import { BrokerError } from '../errors.ts'
import { problemLogFields, readUpstreamProblem } from '../http/upstream-problem.ts'
import type { BrokerLogger, SecretRegistry } from '../logger.ts'
import { completeResponse, markComplete, varyWith } from '../middleware/response-headers.ts'

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
  if (res.status >= 400) return refuseUpstream(res, refusal)
  if (IN_WORKERD) return fromTemplate(res, base)
  const upstream = res.headers
  const headers: Record<string, string> = { ...base, ...ownHeaders(base) }
  for (const name of RELAYED) {
    const value = upstream.get(name)
    if (value !== null) headers[name] = value
  }
  // Built once with its final headers: no middleware copies or rebuilds it.
  return completeResponse(res.body, { status: res.status, headers })
}

/** The headers of a relayed answer that are the relay's own. */
function ownHeaders(base: Record<string, string>): Record<string, string> {
  return {
    // An answer for one token holder: no shared cache may keep it (RFC 9111 §5.2.2.7).
    'cache-control': 'private, no-store',
    // With the CORS middleware's Origin: `Vary: Authorization, Origin`.
    vary: varyWith(base, 'Authorization'),
  }
}

/** Cloudflare's documented way for code to know it runs on Workers (`global_navigator`). */
const IN_WORKERD = typeof navigator !== 'undefined' && navigator.userAgent === 'Cloudflare-Workers'

/** Headers of `c.var.baseHeaders` that change from one answer to the next. */
const PER_ANSWER = ['x-request-id', 'dpop-nonce']

/** Answers without a body, holding the headers answers share; a few base header sets at most. */
const templates = new Map<string, Response>()
const MAX_TEMPLATES = 64

/**
 * The same answer as `relay` builds, made for workerd: there a record of headers becomes a
 * `Headers` one entry at a time (a few µs per header, a dozen headers per answer), while another
 * Response given as the init has its headers copied at once. So the headers every answer shares
 * sit in a template Response per status and base headers, and each answer sets only its own.
 */
function fromTemplate(res: Response, base: Record<string, string>): Response {
  let key = String(res.status)
  for (const name in base) if (!PER_ANSWER.includes(name)) key += `\n${name}:${base[name]}`
  let template = templates.get(key)
  if (template === undefined) {
    const shared: Record<string, string> = {}
    for (const name in base) if (!PER_ANSWER.includes(name)) shared[name] = base[name] as string
    Object.assign(shared, ownHeaders(base))
    if (templates.size >= MAX_TEMPLATES) templates.clear()
    template = new Response(null, { status: res.status, headers: shared })
    templates.set(key, template)
  }
  const answer = new Response(res.body, template)
  const headers = answer.headers
  for (const name of PER_ANSWER) {
    const value = base[name]
    if (value !== undefined) headers.set(name, value)
  }
  const upstream = res.headers
  for (const name of RELAYED) {
    const value = upstream.get(name)
    if (value !== null) headers.set(name, value)
  }
  return markComplete(answer)
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

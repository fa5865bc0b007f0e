import type { MiddlewareHandler } from 'hono'
import type { BrokerEnv } from '../context.ts'

/*
 * The headers every answer carries, computed once and set on the handler's own Response after it
 * returns. Hono's `secureHeaders`, `cors` and `requestId` give the same headers, but `cors` reads
 * `c.res` before the handler runs and appends `Vary` afterwards, so each proxied answer was
 * rebuilt twice with all its headers copied (Hono re-wraps a finalized Response on both).
 */

export interface BaseHeadersOptions {
  /** The whole `Content-Security-Policy` value. */
  contentSecurityPolicy: string
  /** Longest `X-Request-Id` taken from the caller; a longer or odd one is replaced. */
  maxRequestIdLength: number
}

/** Hono's `secureHeaders` defaults (OWASP's list), with the broker's CSP and framing policy. */
function securityHeaders(csp: string): readonly [string, string][] {
  return [
    ['content-security-policy', csp],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-origin'],
    ['origin-agent-cluster', '?1'],
    ['referrer-policy', 'no-referrer'],
    ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
    ['x-content-type-options', 'nosniff'],
    ['x-dns-prefetch-control', 'off'],
    ['x-download-options', 'noopen'],
    ['x-frame-options', 'DENY'],
    ['x-permitted-cross-domain-policies', 'none'],
    ['x-xss-protection', '0'],
  ]
}

const REQUEST_ID = /^[\w\-=]+$/

/** Answers built with `c.var.baseHeaders` already: left as they are. */
const complete = new WeakSet<Response>()

/**
 * A Response whose headers are a plain record that already holds `c.var.baseHeaders`. Node's
 * server writes such a record as it is, where a `Headers` object is copied first.
 */
export function completeResponse(body: BodyInit | null, init: ResponseInit): Response {
  const response = new Response(body, init)
  complete.add(response)
  return response
}

/**
 * Sets `c.var.requestId` (the caller's `X-Request-Id` when it is short and plain, else a fresh
 * UUID) and gives every answer that id and the security headers.
 */
export function baseHeaders({
  contentSecurityPolicy,
  maxRequestIdLength,
}: BaseHeadersOptions): MiddlewareHandler<BrokerEnv> {
  const constant = securityHeaders(contentSecurityPolicy)
  const record = Object.fromEntries(constant)
  return async function baseHeaders(c, next) {
    const sent = c.req.header('x-request-id')
    const id =
      sent !== undefined && sent.length <= maxRequestIdLength && REQUEST_ID.test(sent)
        ? sent
        : crypto.randomUUID()
    c.set('requestId', id)
    c.set('baseHeaders', { ...record, 'x-request-id': id })
    await next()
    if (complete.has(c.res)) return
    const headers = c.res.headers
    for (const [name, value] of constant) headers.set(name, value)
    headers.set('x-request-id', id)
  }
}

export interface CorsOptions {
  /** The origin to allow for a request's `Origin`, or `null`. */
  origin: (origin: string) => string | null
  allowMethods: readonly string[]
  allowHeaders: readonly string[]
  exposeHeaders: readonly string[]
  /** Seconds a browser may cache a preflight answer. */
  maxAge: number
}

/**
 * CORS (Fetch standard, "CORS protocol") with the same options and headers as Hono's `cors`:
 * a preflight is answered at once, any other answer gets the allowed origin, the exposed
 * headers and `Vary: Origin`.
 */
export function cors({
  origin,
  allowMethods,
  allowHeaders,
  exposeHeaders,
  maxAge,
}: CorsOptions): MiddlewareHandler<BrokerEnv> {
  const exposed = exposeHeaders.join(',')
  const preflight: [string, string][] = [
    ['access-control-expose-headers', exposed],
    ['access-control-max-age', String(maxAge)],
    ['access-control-allow-methods', allowMethods.join(',')],
    ['access-control-allow-headers', allowHeaders.join(',')],
    ['vary', 'Origin, Access-Control-Request-Headers'],
  ]
  return async function cors(c, next) {
    const allowed = origin(c.req.header('origin') ?? '')
    if (c.req.method === 'OPTIONS') {
      const headers = new Headers(preflight)
      if (allowed) headers.set('access-control-allow-origin', allowed)
      return new Response(null, { status: 204, headers })
    }
    await next()
    const headers = c.res.headers
    if (allowed) headers.set('access-control-allow-origin', allowed)
    headers.set('access-control-expose-headers', exposed)
    headers.append('vary', 'Origin')
    return undefined
  }
}

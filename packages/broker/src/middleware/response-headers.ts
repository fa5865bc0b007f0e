import type { MiddlewareHandler } from 'hono'
import type { BrokerEnv } from '../context.ts'

/*
 * The headers every answer carries, computed once and set on the handler's own Response after it
 * returns. Hono's `secureHeaders`, `cors` and `requestId` could do this job, but `cors` reads
 * `c.res` before the handler runs and appends `Vary` afterwards, so each proxied answer was
 * rebuilt twice with all its headers copied (Hono re-wraps a finalized Response on both).
 */

export interface BaseHeadersOptions {
  /** The whole `Content-Security-Policy` value. */
  contentSecurityPolicy: string
  /** Longest `X-Request-Id` taken from the caller; a longer or odd one is replaced. */
  maxRequestIdLength: number
}

/**
 * The security headers OWASP's REST Security Cheat Sheet ("Security Headers") lists for API
 * answers: the CSP (`frame-ancestors 'none'`, and `default-src 'none'` for an answer rendered as
 * a document), HSTS, `nosniff` and `X-Frame-Options: DENY` (each route sets its own
 * `Cache-Control` and `Content-Type`); with `Cross-Origin-Resource-Policy`, so another site cannot
 * read an answer through a no-cors load, and `Referrer-Policy: no-referrer`. The headers meant for
 * HTML documents only (`X-XSS-Protection`, `X-Download-Options`, `Origin-Agent-Cluster`, …) are
 * left out: the broker serves none (docs/architecture.md, "Response headers").
 */
function securityHeaders(csp: string): readonly [string, string][] {
  return [
    ['content-security-policy', csp],
    ['cross-origin-resource-policy', 'same-origin'],
    ['referrer-policy', 'no-referrer'],
    ['strict-transport-security', 'max-age=15552000; includeSubDomains'],
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'DENY'],
  ]
}

const REQUEST_ID = /^[\w\-=]+$/

/** Answers built with `c.var.baseHeaders` already: left as they are. */
const complete = new WeakSet<Response>()

/**
 * A Response whose headers are a plain record that already holds `c.var.baseHeaders` (with the
 * CORS headers and a DPoP nonce, where middleware added them): no middleware touches it again.
 * Node's server writes such a record as it is, where a `Headers` object is copied first.
 */
export function completeResponse(
  body: BodyInit | null,
  init: ResponseInit & { headers: Record<string, string> }
): Response {
  const response = new Response(body, init)
  complete.add(response)
  return response
}

/** Marks `res`, built with every header it needs some other way, as `completeResponse` does. */
export function markComplete(res: Response): Response {
  complete.add(res)
  return res
}

/** Whether `res` was built by `completeResponse`, with every header it needs. */
export function isComplete(res: Response): boolean {
  return complete.has(res)
}

/** `vary` for an answer built from `base`: `own` first, then what middleware added (`Origin`). */
export function varyWith(base: Record<string, string>, own: string): string {
  const added = base.vary
  return added === undefined ? own : `${own}, ${added}`
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
    // Extended by later middleware (CORS, a DPoP nonce) for the answers routes build whole.
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
 * headers and `Vary: Origin` (added to `c.var.baseHeaders` for the answers routes build whole).
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
    const base = c.get('baseHeaders')
    if (allowed) base['access-control-allow-origin'] = allowed
    base['access-control-expose-headers'] = exposed
    base.vary = 'Origin'
    await next()
    if (complete.has(c.res)) return undefined
    const headers = c.res.headers
    if (allowed) headers.set('access-control-allow-origin', allowed)
    headers.set('access-control-expose-headers', exposed)
    headers.append('vary', 'Origin')
    return undefined
  }
}

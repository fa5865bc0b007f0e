import type { Context, MiddlewareHandler } from 'hono'
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

/**
 * Marks an answer built with `c.var.baseHeaders` already. A property rather than a `WeakSet`:
 * weak collections cost the garbage collector on every request.
 */
const COMPLETE: unique symbol = Symbol('keyward.complete')

type Marked = Response & { [COMPLETE]?: true }

/**
 * A Response whose headers are a plain record that already holds `c.var.baseHeaders` (with the
 * CORS headers and a DPoP nonce, where middleware added them): no middleware touches it again.
 * Node's server writes such a record as it is, where a `Headers` object is copied first.
 */
export function completeResponse(
  body: BodyInit | null,
  init: ResponseInit & { headers: Record<string, string> }
): Response {
  const response: Marked = new Response(body, init)
  response[COMPLETE] = true
  return response
}

/** Whether `res` was built by `completeResponse`, with every header it needs. */
export function isComplete(res: Response): boolean {
  return (res as Marked)[COMPLETE] === true
}

/** `vary` for an answer built from `base`: `own` first, then what middleware added (`Origin`). */
export function varyWith(base: Record<string, string>, own: string): string {
  const added = base.vary
  return added === undefined ? own : `${own}, ${added}`
}

/**
 * The headers every answer carries and the request id, for one app: `of(c)` gives the answer's
 * base record (`c.var.baseHeaders`), made on first use, so a route without middleware (such as a
 * liveness check) builds its whole answer in one step.
 */
export interface BaseHeaders {
  /** `c.var.baseHeaders`, set with `c.var.requestId` on first use. */
  of(c: Context<BrokerEnv>): Record<string, string>
  /**
   * The whole header record of an answer no middleware touches (outside /v1): the base headers
   * and `own`, in one object, with nothing set on the context.
   */
  with(c: Context<BrokerEnv>, own: Readonly<Record<string, string>>): Record<string, string>
  /** The security headers, set on an answer that was not built whole. */
  constant: readonly [string, string][]
}

/**
 * The security headers and the request id (the caller's `X-Request-Id` when it is short and
 * plain, else a fresh UUID) of every answer.
 */
export function createBaseHeaders({
  contentSecurityPolicy,
  maxRequestIdLength,
}: BaseHeadersOptions): BaseHeaders {
  const constant = securityHeaders(contentSecurityPolicy)
  const record = Object.fromEntries(constant)
  const requestId = (c: Context<BrokerEnv>) => {
    const sent = c.req.header('x-request-id')
    return sent !== undefined && sent.length <= maxRequestIdLength && REQUEST_ID.test(sent)
      ? sent
      : crypto.randomUUID()
  }
  return {
    constant,
    of(c) {
      const made = c.get('baseHeaders')
      if (made !== undefined) return made
      const id = requestId(c)
      c.set('requestId', id)
      // Extended by later middleware (CORS, a DPoP nonce) for the answers routes build whole.
      const base = { ...record, 'x-request-id': id }
      c.set('baseHeaders', base)
      return base
    },
    with: (c, own) => ({ ...record, 'x-request-id': requestId(c), ...own }),
  }
}

/**
 * Sets `c.var.requestId` and `c.var.baseHeaders`, and gives every answer not built whole the
 * security headers and that id.
 */
export function baseHeaders({ of, constant }: BaseHeaders): MiddlewareHandler<BrokerEnv> {
  return async function baseHeaders(c, next) {
    const id = of(c)['x-request-id'] as string
    await next()
    if (isComplete(c.res)) return
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
    if (isComplete(c.res)) return undefined
    const headers = c.res.headers
    if (allowed) headers.set('access-control-allow-origin', allowed)
    headers.set('access-control-expose-headers', exposed)
    headers.append('vary', 'Origin')
    return undefined
  }
}

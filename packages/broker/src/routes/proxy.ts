import type { BrokerEnv } from '../context.ts'
import { insufficientScope } from '../errors.ts'
import { waitUntilOf } from '../http/background.ts'
import { honoApp } from '../http/hono-app.ts'
import { hasScope, requireBrokerToken } from '../middleware/broker-token.ts'
import { dpopSender } from '../middleware/dpop.ts'
import { originGuard } from '../middleware/origin-guard.ts'
import { rateLimit } from '../middleware/rate-limit.ts'
import { confirmedDelete, confirmsDelete } from '../proxy/confirmed-delete.ts'
import { type CheckedRequest, checkRequest } from '../proxy/contracts/check-request.ts'
import { relay } from '../proxy/relay.ts'
import { matchRule } from '../proxy/rules.ts'
import { callerKey, type RouteDeps } from './deps.ts'

const PREFIX = '/v1/api'

/** `ALL /v1/api/*`: the scope-checked proxy to api.video. */
export function proxyRoutes({ options, signer, client, ownership }: RouteDeps) {
  const app = honoApp<BrokerEnv>()

  app.all(
    `${PREFIX}/*`,
    originGuard({ origins: options.allowedOrigins, required: false }),
    requireBrokerToken({ signer, sender: dpopSender(options) }),
    // Its own budget: one visitor must not spend the whole account's api.video quota.
    rateLimit({
      limiter: options.proxyLimiter,
      bucket: 'proxy',
      key: (c) =>
        callerKey(c, options, {
          sub: c.get('claims').sub,
          anonymous: c.get('claims').anon === true,
        }),
      periodSeconds: options.proxyRateLimitPeriodSeconds,
    }),
    async (c) => {
      const claims = c.get('claims')
      // The raw, still percent-encoded path: an encoded variant never matches a rule.
      const { path, search: query } = splitTarget(c.req.url)
      const rule = matchRule(c.req.method, path, query)
      if (!hasScope(claims.scope, rule.scope)) throw insufficientScope(rule.scope)
      // The request is held to its contract first: a refused one never costs an upstream call.
      const checked = await checkRequest(c.req.raw, query, rule, options)
      const waitUntil = waitUntilOf(c)
      // Ownership mode narrows the call to the caller's own videos, or refuses it (README).
      const { search, body } = ownership
        ? await ownership.admit({ rule, path, search: query, checked, claims, waitUntil })
        : { search: query, body: checked.body }
      const upload = rule.body.kind === 'stream'
      const call = {
        method: rule.method,
        path: `${path}${search}`,
        headers: forwardedHeaders(c.req.raw, checked),
        body,
        timeoutMs: upload ? options.uploadTimeoutMs : options.upstreamTimeoutMs,
        waitUntil,
      }
      // A lost or resent DELETE is answered with the truth about what it deleted.
      const res = confirmsDelete(rule)
        ? await confirmedDelete(client, call)
        : await client.call(call)
      await ownership?.settle({ rule, path, claims }, res)
      return relay(res, {
        base: c.get('baseHeaders'),
        logger: options.logger,
        secrets: options.secrets,
        operation: rule.operation,
      })
    }
  )

  return app
}

/**
 * An allow-list, so Cookie, Authorization, Proxy-Authorization, X-Api-Key, forwarding headers and
 * any other ambient credential never reach api.video (the Duende GHSA-vvg7-p7jw-8qr3 lesson).
 */
function forwardedHeaders(request: Request, checked: CheckedRequest): Record<string, string> {
  const headers: Record<string, string> = {
    accept: request.headers.get('accept') ?? 'application/json',
  }
  if (checked.contentType === undefined) return headers
  headers['content-type'] = checked.contentType
  if (checked.body.kind !== 'stream') return headers
  const range = request.headers.get('content-range')
  if (range !== null) headers['content-range'] = range
  return headers
}

/**
 * The path after `/v1/api` and the query (`''` or `?…`) of a request URL, as `new URL()` gives
 * them: a Request's URL is already serialized (WHATWG URL), so it is cut where its path starts,
 * at its first `?` and at its fragment (which `Request.url` keeps), without parsing it again.
 */
export function splitTarget(url: string): { path: string; search: string } {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  const hash = url.indexOf('#', start)
  const end = hash === -1 ? url.length : hash
  const mark = url.indexOf('?', start)
  if (mark === -1 || mark > end) return { path: url.slice(start + PREFIX.length, end), search: '' }
  const search = mark === end - 1 ? '' : url.slice(mark, end)
  return { path: url.slice(start + PREFIX.length, mark), search }
}

import { Hono } from 'hono'
import type { BrokerEnv } from '../context.ts'
import { insufficientScope } from '../errors.ts'
import { waitUntilOf } from '../http/background.ts'
import { hasScope, requireBrokerToken } from '../middleware/broker-token.ts'
import { originGuard } from '../middleware/origin-guard.ts'
import { relay } from '../proxy/relay.ts'
import { prepareBody } from '../proxy/request-body.ts'
import { matchRule, type ProxyRule } from '../proxy/rules.ts'
import type { RouteDeps } from './deps.ts'

const PREFIX = '/v1/api'

/** `ALL /v1/api/*`: the scope-checked proxy to api.video. */
export function proxyRoutes({ options, signer, client }: RouteDeps) {
  const app = new Hono<BrokerEnv>()

  app.all(
    `${PREFIX}/*`,
    originGuard({ origins: options.allowedOrigins, required: false }),
    requireBrokerToken({ signer }),
    async (c) => {
      // The raw, still percent-encoded path: an encoded variant never matches a rule.
      const url = new URL(c.req.url)
      const path = url.pathname.slice(PREFIX.length)
      const rule = matchRule(c.req.method, path, url.search)
      if (!hasScope(c.var.claims.scope, rule.scope)) throw insufficientScope(rule.scope)
      const upload = rule.body === 'stream'
      const limit = upload ? options.maxUploadBytes : options.maxJsonBytes
      // The body is checked first: a refused body never costs an upstream call.
      const body = await prepareBody(c.req.raw, rule.body, limit)
      const res = await client.call({
        method: rule.method,
        path: `${path}${url.search}`,
        headers: forwardedHeaders(c.req.raw, rule),
        body,
        timeoutMs: upload ? options.uploadTimeoutMs : options.upstreamTimeoutMs,
        waitUntil: waitUntilOf(c),
      })
      return relay(res, {
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
function forwardedHeaders(request: Request, rule: ProxyRule): Headers {
  const headers = new Headers({ accept: request.headers.get('accept') ?? 'application/json' })
  if (rule.body === 'none') return headers
  if (rule.body === 'json') {
    headers.set('content-type', 'application/json')
    return headers
  }
  // prepareBody checked it is multipart/form-data; the boundary must travel with it.
  headers.set('content-type', request.headers.get('content-type') as string)
  const range = request.headers.get('content-range')
  if (range !== null) headers.set('content-range', range)
  return headers
}

import type { Context, Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { BrokerEnv } from './context.ts'
import { BrokerError, problemResponse } from './errors.ts'
import { honoApp } from './http/hono-app.ts'
import { describeError } from './logger.ts'
import {
  baseHeaders,
  completeResponse,
  cors,
  createBaseHeaders,
} from './middleware/response-headers.ts'
import type { BrokerOptions } from './options/broker-options.ts'
import { resolveOptions } from './options/resolve.ts'
import { createOwnershipGuard } from './ownership/guard.ts'
import { createApiVideoClient } from './proxy/api-video-client.ts'
import type { RouteDeps } from './routes/deps.ts'
import { proxyRoutes } from './routes/proxy.ts'
import { tokenRoutes } from './routes/token.ts'
import { uploadTokenRoutes } from './routes/upload-token.ts'
import { createSigner } from './tokens/signer.ts'

const HEALTHY = JSON.stringify({ ok: true })
const JSON_TYPE = { 'content-type': 'application/json' }
const JWKS_HEADERS = {
  ...JSON_TYPE,
  'cache-control': 'public, max-age=300',
  // Public keys, meant for anyone who verifies broker tokens.
  'access-control-allow-origin': '*',
}

/**
 * Creates the broker: a Hono app that runs wherever Web APIs do (Workers, Node, Deno, Bun).
 * Options are validated here, so a misconfiguration throws `BrokerError('invalid_config')` at once.
 *
 * @example
 * import { createBroker } from '@keyward/broker'
 *
 * const app = createBroker({
 *   apiKey: env.APIVIDEO_API_KEY,
 *   allowedOrigins: ['https://app.example.com'],
 *   signingKey: JSON.parse(env.KEYWARD_SIGNING_KEY),
 *   anonymousScopes: ['videos:read'],
 * })
 * export default app
 */
export function createBroker(brokerOptions: BrokerOptions): Hono<BrokerEnv> {
  const options = resolveOptions(brokerOptions)
  const signer = createSigner({
    ring: options.ring,
    issuer: options.issuer,
    audience: options.audience,
    clockToleranceSeconds: options.clockToleranceSeconds,
    now: options.now,
  })
  const upstream = options.upstream(options.upstreamConfig)
  const client = createApiVideoClient({
    apiBaseUrl: options.apiBaseUrl,
    fetch: options.fetch,
    upstream,
    logger: options.logger,
  })
  const ownership =
    options.ownership &&
    createOwnershipGuard({
      ...options,
      ownership: options.ownership,
      client,
      timeoutMs: options.upstreamTimeoutMs,
    })
  const deps: RouteDeps = { options, signer, upstream, client, ownership }

  const app = honoApp<BrokerEnv>()
  const base = createBaseHeaders({
    contentSecurityPolicy: "default-src 'none'; frame-ancestors 'none'",
    maxRequestIdLength: 128,
  })
  // Only /v1 has middleware: every other answer is built whole, in one synchronous step, so the
  // liveness check costs what a bare app's constant answer does.
  app.use('/v1/*', baseHeaders(base))
  app.use(
    '/v1/*',
    cors({
      // Exact match, never a reflection of whatever Origin came in, never `*`, no credentials.
      origin: (origin) => (options.allowedOrigins.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowHeaders: ['Authorization', 'Content-Type', 'Content-Range', 'X-Request-Id', 'DPoP'],
      exposeHeaders: [
        'WWW-Authenticate',
        // The broker's clock, dating a DPoP refusal: a browser reads it only if exposed.
        'Date',
        'DPoP-Nonce',
        'Retry-After',
        'X-Request-Id',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Retry-After',
      ],
      maxAge: 600,
    })
  )

  // Liveness: constant, touches neither the keys nor api.video.
  app.get('/healthz', (c) => completeResponse(HEALTHY, { headers: base.with(c, JSON_TYPE) }))
  app.get('/.well-known/jwks.json', (c) =>
    completeResponse(signer.jwks(), { headers: base.with(c, JWKS_HEADERS) })
  )
  app.route('/', tokenRoutes(deps))
  // Passthrough mode mints no broker tokens, so nothing could pass these routes' checks.
  if (options.tokenMode === 'broker') {
    app.route('/', proxyRoutes(deps))
    app.route('/', uploadTokenRoutes(deps))
  }

  /** A problem answer: given the base headers outside /v1, completed by the /v1 middleware there. */
  const problem = (c: Context<BrokerEnv>, error: BrokerError) => {
    // `base.of` comes first: outside /v1 it is what sets the request id.
    const outside = c.get('baseHeaders') === undefined ? base.of(c) : undefined
    return problemResponse(error, c.get('requestId'), outside)
  }
  app.notFound((c) => problem(c, new BrokerError('not_found')))
  app.onError((error, c) => {
    const known = toBrokerError(error)
    // Built first: outside /v1 it is what sets the request id.
    const answer = problem(c, known)
    if (known.status >= 500 && known.code !== 'upstream_unavailable') {
      options.logger.error('broker.error', {
        code: known.code,
        error: describeError(known === error ? known.cause : error),
        requestId: c.get('requestId'),
      })
    }
    return answer
  })

  return app
}

function toBrokerError(error: Error): BrokerError {
  if (error instanceof BrokerError) return error
  if (error instanceof HTTPException) {
    if (error.status === 413) return new BrokerError('payload_too_large', { cause: error })
    if (error.status < 500) return new BrokerError('invalid_request', { cause: error })
  }
  return new BrokerError('internal_error', { cause: error })
}

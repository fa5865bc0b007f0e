import { Hono } from 'hono'
import type { BrokerEnv } from '../context.ts'
import { BrokerError } from '../errors.ts'
import { NO_STORE, waitUntilOf } from '../http/background.ts'
import { jsonBytes, readJsonObject } from '../http/json-body.ts'
import { requireBrokerToken, requireScope } from '../middleware/broker-token.ts'
import { dpopSender } from '../middleware/dpop.ts'
import { originGuard } from '../middleware/origin-guard.ts'
import { rateLimit } from '../middleware/rate-limit.ts'
import { relay } from '../proxy/relay.ts'
import { callerKey, type RouteDeps } from './deps.ts'

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' }

/**
 * `POST /v1/upload-token`: a short-lived api.video delegated upload token
 * (https://docs.api.video/vod/delegated-upload-tokens).
 */
export function uploadTokenRoutes(deps: RouteDeps) {
  const { options, signer } = deps
  const app = new Hono<BrokerEnv>()

  app.post(
    '/v1/upload-token',
    originGuard({ origins: options.allowedOrigins, required: false }),
    requireBrokerToken({ signer, sender: dpopSender(options) }),
    requireScope('videos:upload'),
    rateLimit({
      limiter: options.limiter,
      bucket: 'upload-token',
      key: (c) =>
        callerKey(c, options, {
          sub: c.var.claims.sub,
          anonymous: c.var.claims.anon === true,
        }),
      periodSeconds: options.rateLimitPeriodSeconds,
    }),
    async (c) => {
      const ttl = await requestedTtl(c.req.raw, options.uploadTokenTtlSeconds)
      const { token, expiresAt } = await createUploadToken(deps, ttl, waitUntilOf(c))
      options.logger.info('upload_token.issued', {
        sub: c.var.claims.sub,
        jti: c.var.claims.jti,
        ...(c.var.claims.cnf === undefined ? {} : { jkt: c.var.claims.cnf.jkt }),
        ttl,
        expiresAt,
        requestId: c.var.requestId,
      })
      return c.json({ token, ttl, expiresAt, apiHost: options.uploadApiHost }, 200, NO_STORE)
    }
  )

  return app
}

/** `POST /upload-tokens {ttl}` on api.video; a token without that expiry is deleted, not handed out. */
async function createUploadToken(
  { options, client }: RouteDeps,
  ttl: number,
  waitUntil: ((promise: Promise<unknown>) => void) | undefined
): Promise<{ token: string; expiresAt: string }> {
  const call = (method: string, path: string, body?: unknown) =>
    client.call({
      method,
      path,
      headers: new Headers(JSON_HEADERS),
      body: body === undefined ? { kind: 'none' } : { kind: 'bytes', bytes: jsonBytes(body) },
      timeoutMs: options.upstreamTimeoutMs,
      waitUntil,
    })
  const res = await call('POST', '/upload-tokens', { ttl })
  if (!res.ok) {
    const { logger, secrets } = options
    await relay(res, { logger, secrets, operation: 'upload-tokens.create' })
  }
  const created = (await res.json().catch(() => ({}))) as Record<string, unknown>
  const { token, expiresAt } = created
  if (typeof token !== 'string' || !/^to[0-9A-Za-z]+$/.test(token)) {
    throw new BrokerError('upstream_error', {
      detail: 'api.video sent an unexpected upload token.',
    })
  }
  if (created.ttl !== ttl || typeof expiresAt !== 'string') {
    // api.video's default is "no expiry": such a token must never reach a browser.
    const deleted = await call('DELETE', `/upload-tokens/${token}`).catch(() => undefined)
    await deleted?.body?.cancel()
    throw new BrokerError('upstream_error', {
      detail: 'api.video did not set the upload token expiry.',
    })
  }
  return { token, expiresAt }
}

/** The optional `{"ttl": seconds}` body: a shorter lifetime than the configured one. */
async function requestedTtl(request: Request, max: number): Promise<number> {
  const ttl = (await readJsonObject(request, 1024))?.ttl
  if (ttl === undefined) return max
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > max) {
    throw new BrokerError('invalid_request', { detail: `ttl must be an integer from 1 to ${max}.` })
  }
  return ttl
}

import type { BrokerEnv } from '../context.ts'
import { BrokerError } from '../errors.ts'
import { NO_STORE, waitUntilOf } from '../http/background.ts'
import { honoApp } from '../http/hono-app.ts'
import { jsonBytes, readJsonObject } from '../http/json-body.ts'
import { requireBrokerToken, requireScope } from '../middleware/broker-token.ts'
import { dpopSender } from '../middleware/dpop.ts'
import { originGuard } from '../middleware/origin-guard.ts'
import { rateLimit } from '../middleware/rate-limit.ts'
import { createOwnedVideo, DEFAULT_TITLE } from '../ownership/owned-video.ts'
import { refuseUpstream } from '../proxy/relay.ts'
import { callerKey, type RouteDeps } from './deps.ts'

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' }

/**
 * `POST /v1/upload-token`: a short-lived api.video delegated upload token
 * (https://docs.api.video/vod/delegated-upload-tokens).
 */
export function uploadTokenRoutes(deps: RouteDeps) {
  const { options, signer } = deps
  const app = honoApp<BrokerEnv>()

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
      const { ttl, title } = await readUploadRequest(c.req.raw, deps)
      const waitUntil = waitUntilOf(c)
      const sub = c.var.claims.sub
      // Ownership mode: the video exists, owned, before the token that fills it.
      const owned = deps.ownership && (await ownedVideo(deps, { title, owner: sub, waitUntil }))
      const { token, expiresAt } = await createUploadToken(deps, ttl, waitUntil).catch(
        async (error: unknown) => {
          await owned?.discard()
          throw error
        }
      )
      const videoId = owned?.videoId
      if (videoId !== undefined) deps.ownership?.cache.remember(videoId, sub)
      const { requestId, claims } = { requestId: c.var.requestId, claims: c.var.claims }
      options.logger.info('upload_token.issued', {
        ...{ sub, jti: claims.jti, ttl, expiresAt, requestId },
        ...(claims.cnf === undefined ? {} : { jkt: claims.cnf.jkt }),
        ...(videoId === undefined ? {} : { videoId }),
      })
      const body = { token, ttl, expiresAt, apiHost: options.uploadApiHost }
      return c.json(videoId === undefined ? body : { ...body, videoId }, 200, NO_STORE)
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
      headers: JSON_HEADERS,
      body: body === undefined ? { kind: 'none' } : { kind: 'bytes', bytes: jsonBytes(body) },
      timeoutMs: options.upstreamTimeoutMs,
      waitUntil,
    })
  const res = await call('POST', '/upload-tokens', { ttl })
  if (!res.ok) {
    const { logger, secrets } = options
    await refuseUpstream(res, { logger, secrets, operation: 'upload-tokens.create' })
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

/** Longest `title` taken for the video an upload token fills. */
const MAX_TITLE_LENGTH = 256
/** Room for a `ttl` and a longest title written as `\uXXXX` escapes. */
const MAX_UPLOAD_REQUEST_BYTES = 4096

function ownedVideo(
  { options, client }: RouteDeps,
  input: { title: string; owner: string; waitUntil: ((p: Promise<unknown>) => void) | undefined }
) {
  const { logger, secrets, upstreamTimeoutMs: timeoutMs } = options
  const metadataKey = options.ownership?.metadataKey ?? ''
  const { waitUntil, ...video } = input
  return createOwnedVideo({ client, metadataKey, timeoutMs, logger, secrets, waitUntil }, video)
}

/**
 * The optional `{"ttl": seconds, "title": "…"}` body: a shorter lifetime than the configured one,
 * and (ownership mode only) the title of the video the token fills.
 */
async function readUploadRequest(
  request: Request,
  { options }: RouteDeps
): Promise<{ ttl: number; title: string }> {
  const body = await readJsonObject(request, MAX_UPLOAD_REQUEST_BYTES)
  const max = options.uploadTokenTtlSeconds
  const { ttl = max, title = DEFAULT_TITLE } = body ?? {}
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > max) {
    throw new BrokerError('invalid_request', { detail: `ttl must be an integer from 1 to ${max}.` })
  }
  if (body?.title !== undefined && options.ownership === undefined) {
    // Without ownership no video is made here: the uploader creates and names its own.
    throw new BrokerError('invalid_request', {
      detail:
        'title is taken in ownership mode only (OWNERSHIP=metadata); the uploader names the video.',
      invalidParams: [{ in: 'body', name: '/title', reason: 'is taken in ownership mode only' }],
    })
  }
  if (typeof title !== 'string' || title.trim() === '' || title.length > MAX_TITLE_LENGTH) {
    throw new BrokerError('invalid_request', {
      detail: `title must be a non-blank string of at most ${MAX_TITLE_LENGTH} characters.`,
      invalidParams: [{ in: 'body', name: '/title', reason: 'must be a non-blank string' }],
    })
  }
  return { ttl, title }
}

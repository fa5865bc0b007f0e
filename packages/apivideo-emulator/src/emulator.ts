import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { requireAuth } from './auth/require-auth.ts'
import { authRoutes } from './auth/routes.ts'
import { createTokenStore } from './auth/token-store.ts'
import { createClock, type EmulatorClock } from './clock.ts'
import { assetRoutes } from './control/asset-routes.ts'
import { createFaults, type FaultControls } from './control/faults.ts'
import { controlRoutes } from './control/routes.ts'
import { createStats, type EmulatorStats, FAULT_HEADER } from './control/stats.ts'
import { emulatorCors } from './cors.ts'
import {
  createLiveAndInsights,
  LIVE_AND_INSIGHTS_PATHS,
  observeClock,
} from './live-and-insights.ts'
import { MEDIA_API_PATHS, MEDIA_AUTH_PATHS } from './media/media-paths.ts'
import { mediaRoutes, mediaState } from './media/media-state.ts'
import { type EmulatorOptions, type ResolvedOptions, resolveOptions } from './options.ts'
import { ApiProblem, problem, problemResponse } from './problem.ts'
import { createRateLimiter } from './rate-limit.ts'
import { seedVideos } from './seed.ts'
import { uploadTokenRoutes } from './upload-tokens/upload-token-routes.ts'
import { createUploadTokenStore } from './upload-tokens/upload-token-store.ts'
import { createIngestStore, type Ingest } from './uploads/ingest.ts'
import { uploadRoutes } from './uploads/upload-routes.ts'
import { videoRoutes } from './videos/video-routes.ts'
import { createVideoStore } from './videos/video-store.ts'
import type { WebhookDelivery } from './webhooks/webhook-delivery.ts'

/** A running emulator: its Hono app, a fetch for in-process use, and the test controls. */
export interface Emulator {
  /** The Hono app. Serve it with any runtime; use `fetch` below for in-process calls. */
  readonly app: Hono
  /** The API key this emulator accepts. */
  readonly apiKey: string
  /** The project id carried by its access tokens. */
  readonly projectId: string
  /** The resolved options. */
  readonly options: Readonly<ResolvedOptions>
  /** A `fetch` that calls the emulator in process; a `drop` fault makes it reject like a cut connection. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  /** The emulator's clock: advance it to expire tokens without waiting. */
  readonly clock: EmulatorClock
  /** Fault injection rules. */
  readonly faults: FaultControls
  /** Request counts since start or the last reset, and counts of what the emulator holds. */
  stats(): EmulatorStats
  /** What was received for a video's source (sizes and SHA-256 per chunk, never bytes). */
  ingest(videoId: string): Ingest | undefined
  /** Revokes every access token and refresh token issued so far. */
  revokeAllTokens(): void
  /**
   * Forgets every token, video (with its media and discards), watermark, upload token, fault and
   * count, resets the clock, re-seeds.
   */
  reset(): void
  /**
   * Starts a broadcast on a live stream, as an RTMP encoder would: `broadcasting` turns true and
   * `live-stream.broadcast.started` is sent. False for an unknown live stream.
   */
  startBroadcast(liveStreamId: string): boolean
  /**
   * Ends a broadcast: `broadcasting` turns false, the recording becomes a video with this
   * `liveStreamId`, and `live-stream.broadcast.ended` and `video.source.recorded` are sent.
   * Undefined when the live stream is unknown or not broadcasting.
   */
  stopBroadcast(liveStreamId: string): { videoId: string } | undefined
  /** Sends the webhook events due on the emulator clock and waits for every attempt in flight. */
  deliverWebhooks(): Promise<void>
  /** The latest webhook delivery attempts (up to 200), oldest first. */
  webhookDeliveries(): WebhookDelivery[]
}

export interface CreateEmulatorOptions extends EmulatorOptions {
  /** Source of randomness for fault probabilities. Default: `Math.random`. */
  random?: () => number
  /** How `latency` faults wait. Default: `setTimeout`. Tests inject a recorder. */
  sleep?: (ms: number) => Promise<void>
  /** How webhooks are delivered (loopback URLs only). Default: the global `fetch`. */
  webhookFetch?: typeof fetch
  /** Emulator-clock delays before each retry of a failed delivery. Default: 1 s, 5 s, 30 s. */
  webhookRetryDelaysMs?: readonly number[]
}

/** Base URL used when `emulator.fetch` is given a path instead of a full URL. */
export const IN_PROCESS_ORIGIN = 'http://apivideo-emulator.local'

const CONTROL_PREFIX = '/_emulator'

/** Known routes: another method on them is a 405, not a 404 (docs "General errors"). */
const API_PATHS = [
  '/auth/api-key',
  '/auth/refresh',
  '/videos',
  '/videos/:videoId',
  '/videos/:videoId/source',
  '/videos/:videoId/status',
  '/upload-tokens',
  '/upload-tokens/:uploadToken',
  '/upload',
  ...MEDIA_API_PATHS,
  ...LIVE_AND_INSIGHTS_PATHS,
]

/**
 * Creates an api.video emulator.
 *
 * @example
 * import { createEmulator } from '@keyward/apivideo-emulator'
 *
 * const emulator = createEmulator({ apiKey: 'test-key', accessTokenTtlSeconds: 60 })
 * const res = await emulator.fetch('/auth/api-key', {
 *   method: 'POST',
 *   body: JSON.stringify({ apiKey: 'test-key' }),
 * })
 * const { access_token } = await res.json()
 * emulator.clock.advance(61_000) // access_token is now expired
 */
export function createEmulator({
  random = Math.random,
  sleep,
  webhookFetch,
  webhookRetryDelaysMs,
  ...emulatorOptions
}: CreateEmulatorOptions = {}): Emulator {
  const options = resolveOptions(emulatorOptions)
  let onClockMove = () => {}
  const clock = observeClock(createClock(options.now), () => onClockMove())
  const now = () => clock.now()
  const videos = createVideoStore(now)
  const ingests = createIngestStore(now, { minChunkBytes: options.minChunkBytes })
  const baseState = {
    options,
    clock,
    now,
    tokens: createTokenStore(options, clock),
    videos,
    ingests,
    uploadTokens: createUploadTokenStore(now),
    stats: createStats(() => resourceCounts(state)),
    faults: createFaults(random, sleep),
    rateLimiter: createRateLimiter(options.rateLimits, now),
    media: mediaState({ videos, ingests, options, now }),
  }
  const extras = createLiveAndInsights({
    ...baseState,
    ...(webhookFetch ? { fetch: webhookFetch } : {}),
    ...(webhookRetryDelaysMs ? { retryDelaysMs: webhookRetryDelaysMs } : {}),
  })
  onClockMove = () => extras.dispatcher.pump()
  const state: State = { ...baseState, extras }
  const { tokens, stats, faults } = state
  seedVideos(options.seedVideos, videos, ingests)
  const reset = () => {
    for (const part of [
      tokens,
      videos,
      ingests,
      state.uploadTokens,
      stats,
      state.rateLimiter,
      state.media,
      extras,
      clock,
    ]) {
      part.reset()
    }
    faults.clear()
    seedVideos(options.seedVideos, videos, ingests)
  }
  const app = buildApp(state, reset)

  return {
    app,
    apiKey: options.apiKey,
    projectId: options.projectId,
    options,
    clock,
    faults,
    stats: stats.snapshot,
    ingest: (videoId) => ingests.get(videoId),
    revokeAllTokens: () => tokens.revokeAll(),
    reset,
    startBroadcast: (liveStreamId) => extras.broadcasts.start(liveStreamId) !== undefined,
    stopBroadcast(liveStreamId) {
      const ended = extras.broadcasts.stop(liveStreamId)
      return ended && { videoId: ended.videoId }
    },
    deliverWebhooks: () => extras.dispatcher.settle(),
    webhookDeliveries: () => extras.dispatcher.deliveries(),
    async fetch(input, init) {
      const request =
        input instanceof Request && init === undefined ? input : new Request(absolute(input), init)
      return deliver(await app.fetch(request))
    },
  }
}

interface State {
  options: ResolvedOptions
  clock: EmulatorClock
  now: () => number
  tokens: ReturnType<typeof createTokenStore>
  videos: ReturnType<typeof createVideoStore>
  ingests: ReturnType<typeof createIngestStore>
  uploadTokens: ReturnType<typeof createUploadTokenStore>
  stats: ReturnType<typeof createStats>
  faults: FaultControls
  rateLimiter: ReturnType<typeof createRateLimiter>
  media: ReturnType<typeof mediaState>
  extras: ReturnType<typeof createLiveAndInsights>
}

/** What `/_emulator/stats` reports under `resources`. */
function resourceCounts({ videos, uploadTokens, media, extras }: State): Record<string, number> {
  return {
    videos: videos.list().length,
    uploadTokens: uploadTokens.list().length,
    ...media.counts(),
    ...extras.counts(),
  }
}

/** Middleware and routes, in the order they apply. */
function buildApp(state: State, reset: () => void): Hono {
  const { options, clock, now, tokens, videos, ingests, uploadTokens, stats, faults } = state
  const app = new Hono()
  app.use('*', emulatorCors(options.corsOrigins))
  app.use('*', apiOnly(stats.middleware))
  app.use('*', apiOnly(faults.middleware))
  app.use('*', state.extras.pumpWebhooks)
  app.route(
    CONTROL_PREFIX,
    controlRoutes({
      clock,
      faults,
      stats: stats.snapshot,
      ingest: (videoId) => ingests.get(videoId),
      revokeAllTokens: () => tokens.revokeAll(),
      reset,
    })
  )
  state.extras.mountControl(app, CONTROL_PREFIX)
  app.route(`${CONTROL_PREFIX}/assets`, state.media.assetRoutes())
  app.route(`${CONTROL_PREFIX}/assets`, assetRoutes({ videos, ingests, options, now }))
  app.route('/auth', authRoutes(tokens, options))
  // The /auth endpoints are "the only route without rate limitation" (api.video's docs: Rate limits).
  app.use('*', apiOnly(state.rateLimiter.middleware, ['/auth/']))
  const auth = requireAuth(tokens)
  for (const path of ['/videos', '/videos/*', '/upload-tokens', '/upload-tokens/*']) {
    app.use(path, auth)
  }
  for (const path of MEDIA_AUTH_PATHS) app.use(path, auth)
  app.route('/', uploadRoutes({ videos, ingests, uploadTokens, options }))
  mediaRoutes(app, state.media)
  const { removal, watermarks } = state.media
  app.route(
    '/videos',
    videoRoutes({
      videos,
      ingests,
      options,
      now,
      remove: removal.remove,
      watermarkExists: watermarks.has,
    })
  )
  app.route('/upload-tokens', uploadTokenRoutes(uploadTokens, options))
  state.extras.mountApi(app, auth)
  for (const path of API_PATHS) {
    app.all(path, () => {
      throw new ApiProblem('method-not-allowed')
    })
  }
  app.notFound(() => problemResponse(problem('unrecognized-request-url')))
  app.onError(renderError)
  return app
}

/** The app's one error handler: problems render as problem+json, anything else is a 500. */
function renderError(error: Error): Response {
  if (error instanceof ApiProblem) return error.toResponse()
  if (error instanceof HTTPException) {
    return problemResponse(
      problem('invalid-payload', { status: error.status, detail: error.message })
    )
  }
  console.error('[apivideo-emulator] unexpected error', error)
  return problemResponse(problem('server-error'))
}

type Middleware = ReturnType<typeof createStats>['middleware']

/** Runs `middleware` for api.video routes only: never the control plane nor `skip` prefixes. */
function apiOnly(middleware: Middleware, skip: string[] = []): Middleware {
  return function apiOnly(c, next) {
    const path = c.req.path
    const skipped = [`${CONTROL_PREFIX}/`, ...skip].some((prefix) => path.startsWith(prefix))
    return skipped || path === CONTROL_PREFIX ? next() : middleware(c, next)
  }
}

function absolute(input: RequestInfo | URL): RequestInfo | URL {
  return typeof input === 'string' && input.startsWith('/') ? `${IN_PROCESS_ORIGIN}${input}` : input
}

/** What a client sees: a `drop` fault is a network error; the fault marker never leaks. */
export function deliver(response: Response): Response {
  const fault = response.headers.get(FAULT_HEADER)
  if (fault === null) return response
  if (fault === 'drop') {
    throw new TypeError('fetch failed', {
      cause: new Error('the emulator dropped the connection before answering (drop fault)'),
    })
  }
  const headers = new Headers(response.headers)
  headers.delete(FAULT_HEADER)
  return new Response(response.body, { status: response.status, headers })
}

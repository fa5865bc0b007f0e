import type { Hono, MiddlewareHandler } from 'hono'
import type { Media } from './analytics/analytics-model.ts'
import { analyticsRoutes } from './analytics/analytics-routes.ts'
import type { EmulatorClock } from './clock.ts'
import { liveControlRoutes } from './control/live-control-routes.ts'
import type { StatsRecorder } from './control/stats.ts'
import { createBroadcasts } from './live-streams/broadcasts.ts'
import { liveStreamRoutes } from './live-streams/live-stream-routes.ts'
import { createLiveStreamStore } from './live-streams/live-stream-store.ts'
import type { ResolvedOptions } from './options.ts'
import { playerRoutes } from './players/player-routes.ts'
import { createPlayerStore } from './players/player-store.ts'
import { summaryEvents } from './summaries/summary-generation.ts'
import { summaryRoutes } from './summaries/summary-routes.ts'
import { createSummaryStore } from './summaries/summary-store.ts'
import type { IngestStore } from './uploads/ingest.ts'
import type { VideoStore } from './videos/video-store.ts'
import { encodingEvents } from './webhooks/encoding-events.ts'
import { createWebhookDispatcher } from './webhooks/webhook-delivery.ts'
import { webhookRoutes } from './webhooks/webhook-routes.ts'
import { createWebhookStore } from './webhooks/webhook-store.ts'

export interface LiveAndInsightsDeps {
  options: ResolvedOptions
  now: () => number
  videos: VideoStore
  ingests: IngestStore
  stats: StatsRecorder
  /** Where webhook deliveries go. Default: the global `fetch`. */
  fetch?: typeof fetch
  retryDelaysMs?: readonly number[]
}

/** API prefixes of these families, for auth, and their routes, for the 405 list. */
export const LIVE_AND_INSIGHTS_PATHS = [
  '/live-streams',
  '/live-streams/:liveStreamId',
  '/live-streams/:liveStreamId/thumbnail',
  '/live-streams/:liveStreamId/complete',
  '/players',
  '/players/:playerId',
  '/players/:playerId/logo',
  '/summaries',
  '/summaries/:summaryId',
  '/summaries/:summaryId/source',
  '/data/metrics/:metric/:aggregation',
  '/data/buckets/:metric/:breakdown',
  '/data/timeseries/:metric',
  '/webhooks',
  '/webhooks/:webhookId',
]

/**
 * Live streams, player themes, summaries, analytics and webhooks: their state, routes, the
 * broadcast controls and webhook delivery, built over the emulator's videos and clock.
 */
export function createLiveAndInsights(deps: LiveAndInsightsDeps) {
  const { options, now, videos, ingests, stats } = deps
  const liveStreams = createLiveStreamStore(now)
  const players = createPlayerStore(now)
  const summaries = createSummaryStore(now)
  const webhooks = createWebhookStore(now)
  const dispatcher = createWebhookDispatcher({
    webhooks,
    now,
    fetch: deps.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    record: stats.recordWebhook,
    ...(deps.retryDelaysMs ? { retryDelaysMs: deps.retryDelaysMs } : {}),
  })
  const { encodingSeconds } = options
  const encoding = encodingEvents({ videos, ingests, encodingSeconds, dispatcher })
  const summarised = summaryEvents({ summaries, videos, ingests, encodingSeconds, dispatcher })
  dispatcher.addSource(encoding)
  dispatcher.addSource(summarised)
  const broadcasts = createBroadcasts({ liveStreams, videos, ingests, dispatcher })
  const media = (): Media[] => [
    ...videos.list().map((v) => ({
      mediaId: v.videoId,
      mediaType: 'video' as const,
      createdAt: v.createdAt,
      tags: v.tags,
    })),
    ...liveStreams.list().map((l) => ({
      mediaId: l.liveStreamId,
      mediaType: 'live-stream' as const,
      createdAt: l.createdAt,
      tags: [],
    })),
  ]

  const pumpWebhooks: MiddlewareHandler = async function pumpWebhooks(_c, next) {
    // Events that fell due on the emulator clock go out before anything else is answered, and
    // whatever the request started (an upload that will finish encoding) gets its wake-up timer.
    dispatcher.pump()
    await next()
    dispatcher.pump()
  }

  return {
    liveStreams,
    broadcasts,
    dispatcher,
    pumpWebhooks,
    /** What `/_emulator/stats` reports of these families under `resources`. */
    counts: () => ({
      liveStreams: liveStreams.list().length,
      players: players.list().length,
      summaries: summaries.list().length,
      webhooks: webhooks.size(),
    }),
    mountControl(app: Hono, prefix: string): void {
      app.route(prefix, liveControlRoutes({ liveStreams, broadcasts, dispatcher }))
    },
    mountApi(app: Hono, auth: MiddlewareHandler): void {
      for (const path of ['/live-streams', '/players', '/summaries', '/webhooks']) {
        app.use(path, auth)
        app.use(`${path}/*`, auth)
      }
      app.use('/data/*', auth)
      app.route('/live-streams', liveStreamRoutes({ liveStreams, broadcasts, options }))
      app.route('/players', playerRoutes(players, options))
      app.route('/summaries', summaryRoutes({ summaries, videos, ingests, options, now }))
      app.route('/data', analyticsRoutes({ media, now }))
      app.route('/webhooks', webhookRoutes(webhooks, options))
    },
    reset(): void {
      for (const part of [
        liveStreams,
        players,
        summaries,
        webhooks,
        dispatcher,
        encoding,
        summarised,
      ]) {
        part.reset()
      }
    },
  }
}

/** A clock that reports every move, so events that fall due are sent without another request. */
export function observeClock(clock: EmulatorClock, onMove: () => void): EmulatorClock {
  return {
    now: () => clock.now(),
    advance(ms) {
      clock.advance(ms)
      onMove()
    },
    set(epochMs) {
      clock.set(epochMs)
      onMove()
    },
    reset() {
      clock.reset()
      onMove()
    },
  }
}

import type { MiddlewareHandler } from 'hono'

export interface AuthCallStats {
  succeeded: number
  failed: number
}

/** What the emulator has answered since it started or was last reset. */
export interface EmulatorStats {
  /** Requests to the api.video surface (the control plane is not counted). */
  total: number
  /** Counts by `"METHOD /route/{param}"`, then by status code. */
  routes: Record<string, Record<string, number>>
  /** `/auth/api-key` and `/auth/refresh` outcomes, as processed (a dropped answer still counts). */
  auth: { apiKey: AuthCallStats; refresh: AuthCallStats }
  /** Answers processed but never delivered because a `drop` fault cut the connection. */
  dropped: number
  /** Answers produced or altered by a fault rule. */
  faulted: number
  /** What the emulator holds now, by kind: `videos`, `captions`, `watermarks`, `liveStreams`… */
  resources: Record<string, number>
  /** Webhook delivery attempts by outcome (`skipped`: not a loopback URL, never sent). */
  webhooks: WebhookDeliveryStats
}

export interface WebhookDeliveryStats {
  delivered: number
  retried: number
  failed: number
  skipped: number
}

export type StatsRecorder = ReturnType<typeof createStats>

/** `resources` counts what the stores hold at snapshot time. */
export function createStats(resources: () => Record<string, number> = () => ({})) {
  let stats = empty()

  function record(key: string, status: number): void {
    stats.total++
    const route = stats.routes[key] ?? {}
    route[String(status)] = (route[String(status)] ?? 0) + 1
    stats.routes[key] = route
    const auth =
      key === 'POST /auth/api-key'
        ? stats.auth.apiKey
        : key === 'POST /auth/refresh'
          ? stats.auth.refresh
          : undefined
    if (auth) status < 300 ? auth.succeeded++ : auth.failed++
  }

  const middleware: MiddlewareHandler = async function recordStats(c, next) {
    await next()
    record(`${c.req.method} ${routeKey(c.req.path)}`, c.res.status)
    if (c.res.headers.get(FAULT_HEADER) === 'drop') stats.dropped++
    if (c.res.headers.has(FAULT_HEADER)) stats.faulted++
  }

  return {
    middleware,
    recordWebhook(outcome: keyof WebhookDeliveryStats): void {
      stats.webhooks[outcome]++
    },
    snapshot: (): EmulatorStats => ({ ...structuredClone(stats), resources: resources() }),
    reset: () => {
      stats = empty()
    },
  }
}

/** Marks a response as shaped by a fault; transports strip it (and act on `drop`). */
export const FAULT_HEADER = 'x-emulator-fault'

function empty(): EmulatorStats {
  return {
    total: 0,
    routes: {},
    auth: { apiKey: { succeeded: 0, failed: 0 }, refresh: { succeeded: 0, failed: 0 } },
    dropped: 0,
    faulted: 0,
    resources: {},
    webhooks: { delivered: 0, retried: 0, failed: 0, skipped: 0 },
  }
}

/** Collapses ids so counts group by route: `/videos/vi…` → `/videos/{videoId}`. */
export function routeKey(path: string): string {
  return path
    .replace(/\/vi[0-9A-Za-z]{22}(?=\/|$)/g, '/{videoId}')
    .replace(/\/to[0-9A-Za-z]{22}(?=\/|$)/g, '/{uploadToken}')
    .replace(/\/watermark_[0-9A-Za-z]{22}(?=\/|$)/g, '/{watermarkId}')
    .replace(/\/(captions|chapters)\/[^/]+$/, '/$1/{language}')
    .replace(/\/li[0-9A-Za-z]{22}(?=\/|$)/g, '/{liveStreamId}')
    .replace(/\/pl[0-9A-Za-z]{22}(?=\/|$)/g, '/{playerId}')
    .replace(/\/summary_[0-9A-Za-z]+(?=\/|$)/g, '/{summaryId}')
    .replace(/\/webhook_[0-9A-Za-z]+(?=\/|$)/g, '/{webhookId}')
}

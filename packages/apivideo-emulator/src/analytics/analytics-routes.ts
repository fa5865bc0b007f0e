import { Hono } from 'hono'
import { atomDate } from '../clock.ts'
import { enumParam, paginate, readPage, sortBy } from '../pagination.ts'
import {
  AGGREGATIONS,
  aggregatedValue,
  contextMetric,
  invalidPath,
  SERIES_METRICS,
  type SeriesMetric,
  seriesValue,
} from './analytics-metrics.ts'
import { type Media, type Session, sessions } from './analytics-model.ts'
import { applyFilters, invalidQuery, readCommonQuery } from './analytics-params.ts'

export interface AnalyticsRouteDeps {
  /** The account's videos and live streams, now. */
  media: () => Media[]
  now: () => number
}

const BREAKDOWNS = {
  'media-id': (s: Session) => s.mediaId,
  'media-type': (s: Session) => s.mediaType,
  continent: (s: Session) => s.continent,
  country: (s: Session) => s.country,
  'device-type': (s: Session) => s.deviceType,
  'operating-system': (s: Session) => s.operatingSystem,
  browser: (s: Session) => s.browser,
  referrer: (s: Session) => s.referrer,
} as const
const INTERVALS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const
const PAGE = ['currentPage', 'pageSize', 'sortBy', 'sortOrder']
const YEAR = 365 * 86_400_000

/** `/data/metrics`, `/data/buckets` and `/data/timeseries` (OAS tag "Analytics"). */
export function analyticsRoutes({ media, now }: AnalyticsRouteDeps) {
  const app = new Hono()

  app.get('/metrics/:metric/:aggregation', (c) => {
    const metric = c.req.param('metric')
    const aggregation = c.req.param('aggregation')
    const allowed = (AGGREGATIONS as Record<string, readonly string[]>)[metric]
    if (!allowed) throw invalidPath('metric', `Use one of ${Object.keys(AGGREGATIONS).join(', ')}.`)
    if (!allowed.includes(aggregation)) {
      throw invalidPath('aggregation', `The "${metric}" metric takes: ${allowed.join(', ')}.`)
    }
    const total = metric === 'play' && aggregation === 'total'
    const at = now()
    const query = readCommonQuery(new URL(c.req.url), at, {
      allowed: [],
      unique: metric === 'ccv' || metric === 'view',
      viewDuration: metric === 'view',
      mediaFilters: total,
    })
    // "The API ignores this parameter when you call /data/metrics/play/total" (OAS `from`, `to`).
    const { from, to } = total ? { from: at - YEAR, to: at } : query.timeframe
    const list = applyFilters(sessions(media(), from, to, at), query.filters)
    const input = { sessions: list, from, to, now: at, ...query }
    return c.json({
      context: {
        metric: contextMetric(metric, query.unique, query.viewSeconds),
        aggregation,
        timeframe: { from: atomDate(from), to: atomDate(to) },
      },
      data: aggregatedValue(metric as keyof typeof AGGREGATIONS, aggregation, input),
    })
  })

  app.get('/buckets/:metric/:breakdown', (c) => {
    const metric = seriesMetric(c.req.param('metric'))
    const breakdown = c.req.param('breakdown')
    const dimension = (BREAKDOWNS as Record<string, (s: Session) => string>)[breakdown]
    if (!dimension)
      throw invalidPath('breakdown', `Use one of ${Object.keys(BREAKDOWNS).join(', ')}.`)
    if (metric === 'play-total' && breakdown !== 'media-id') {
      throw invalidPath('breakdown', 'The "play-total" metric only takes the "media-id" breakdown.')
    }
    const url = new URL(c.req.url)
    const at = now()
    const query = readCommonQuery(url, at, seriesRules(metric, true))
    const key =
      enumParam(url, 'sortBy', ['metricValue', 'dimensionValue'] as const) ?? 'metricValue'
    const order = enumParam(url, 'sortOrder', ['asc', 'desc'] as const) ?? 'desc'
    const page = readPage(url)
    const { from, to } = metric === 'play-total' ? { from: at - YEAR, to: at } : query.timeframe
    const groups = groupBy(applyFilters(sessions(media(), from, to, at), query.filters), dimension)
    const data = [...groups].map(([dimensionValue, list]) => ({
      metricValue: seriesValue(metric, { ...query, sessions: list, from, to }),
      dimensionValue,
    }))
    const sorted = sortBy(data, (row) => row[key], order)
    return c.json({
      context: {
        metric: contextMetric(metric, query.unique, query.viewSeconds),
        breakdown,
        timeframe: { from: atomDate(from), to: atomDate(to) },
      },
      ...paginate(sorted, page, url),
    })
  })

  app.get('/timeseries/:metric', (c) => {
    const metric = seriesMetric(c.req.param('metric'))
    if (metric === 'play-total')
      throw invalidPath('metric', 'Use /data/buckets/play-total/media-id.')
    const url = new URL(c.req.url)
    const at = now()
    const query = readCommonQuery(url, at, seriesRules(metric, false))
    const { from, to } = query.timeframe
    const interval = readInterval(url, to - from)
    const key = enumParam(url, 'sortBy', ['metricValue', 'emittedAt'] as const) ?? 'emittedAt'
    const order = enumParam(url, 'sortOrder', ['asc', 'desc'] as const) ?? 'asc'
    const page = readPage(url)
    const list = applyFilters(sessions(media(), from, to, at), query.filters)
    const step = INTERVALS[interval]
    const byBucket = groupBy(list, (session) => String(Math.floor(session.start / step) * step))
    const data: Array<{ emittedAt: string; metricValue: number; at: number }> = []
    for (let start = Math.floor(from / step) * step; start < to; start += step) {
      const bucket = { from: Math.max(start, from), to: Math.min(start + step, to) }
      const inside = byBucket.get(String(start)) ?? []
      const metricValue = seriesValue(metric, { ...query, sessions: inside, ...bucket })
      // Empty buckets are left out, as in the OAS example.
      if (metricValue > 0) data.push({ emittedAt: atomDate(start), metricValue, at: start })
    }
    const sorted = sortBy(data, (row) => (key === 'emittedAt' ? row.at : row.metricValue), order)
    return c.json({
      context: {
        metric: contextMetric(metric, query.unique, query.viewSeconds),
        interval,
        timeframe: { from: atomDate(from), to: atomDate(to) },
      },
      ...paginate(
        sorted.map(({ emittedAt, metricValue }) => ({ emittedAt, metricValue })),
        page,
        url
      ),
    })
  })

  return app
}

function groupBy(list: Session[], key: (session: Session) => string): Map<string, Session[]> {
  const groups = new Map<string, Session[]>()
  for (const session of list) {
    const value = key(session)
    const group = groups.get(value)
    if (group) group.push(session)
    else groups.set(value, [session])
  }
  return groups
}

function seriesMetric(raw: string): SeriesMetric {
  if ((SERIES_METRICS as readonly string[]).includes(raw)) return raw as SeriesMetric
  throw invalidPath('metric', `Use one of ${SERIES_METRICS.join(', ')}.`)
}

function seriesRules(metric: SeriesMetric, buckets: boolean) {
  return {
    allowed: buckets ? PAGE : [...PAGE, 'interval'],
    unique: metric === 'ccv-peak' || metric === 'ccv-average' || metric === 'view',
    viewDuration: metric === 'view',
    mediaFilters: metric === 'play-total',
  }
}

/** `interval`: `hour` up to two days, else `day`; `minute` only within 60 minutes (OAS). */
function readInterval(url: URL, span: number): keyof typeof INTERVALS {
  const raw = url.searchParams.get('interval')
  if (raw === null || raw === '') return span <= 2 * INTERVALS.day ? 'hour' : 'day'
  if (!(raw in INTERVALS)) {
    throw invalidQuery('interval', 'This interval is invalid. Use one of "minute", "hour", "day".')
  }
  if (raw === 'minute' && span > INTERVALS.hour) {
    throw invalidQuery('interval', 'This interval cannot be used with a timeframe over 60 minutes.')
  }
  return raw as keyof typeof INTERVALS
}

import { ApiProblem } from '../problem.ts'
import {
  averageConcurrency,
  peakConcurrency,
  type Session,
  uniqueViewers,
} from './analytics-model.ts'

/** `/data/metrics/{metric}/{aggregation}`: the aggregations the OAS allows with each metric. */
export const AGGREGATIONS = {
  play: ['count', 'rate', 'total'],
  start: ['count'],
  end: ['count'],
  impression: ['count'],
  'impression-time': ['average', 'sum'],
  'watch-time': ['average', 'sum'],
  ccv: ['peak', 'live'],
  // The OAS names no aggregation for `view`; a count of views is the one that fits its meaning.
  view: ['count'],
} as const satisfies Record<string, readonly string[]>

/** The metrics of `/data/buckets` and `/data/timeseries` (`play-total`: buckets by media only). */
export const SERIES_METRICS = [
  'play',
  'play-rate',
  'play-total',
  'start',
  'end',
  'impression',
  'ccv-peak',
  'ccv-average',
  'view',
] as const

export type SeriesMetric = (typeof SERIES_METRICS)[number]

export interface MetricInput {
  sessions: Session[]
  from: number
  to: number
  unique: boolean
  viewSeconds: number
}

const round = (value: number) => Math.round(value * 100) / 100
const played = (list: Session[]) => list.filter((session) => session.played)

/** The value of a series metric over the sessions of one bucket. */
export function seriesValue(metric: SeriesMetric, input: MetricInput): number {
  const { sessions, from, to, unique, viewSeconds } = input
  const viewers = unique ? uniqueViewers(sessions) : sessions
  switch (metric) {
    case 'play':
    case 'play-total':
    case 'start':
      return played(sessions).length
    case 'end':
      return sessions.filter((session) => session.ended).length
    case 'impression':
      return sessions.length
    case 'play-rate':
      return sessions.length === 0 ? 0 : round(played(sessions).length / sessions.length)
    case 'ccv-peak':
      return peakConcurrency(viewers, from, to)
    case 'ccv-average':
      return round(averageConcurrency(viewers, from, to))
    case 'view':
      return played(viewers).filter((session) => session.watchSeconds >= viewSeconds).length
  }
}

/** The value of `/data/metrics/{metric}/{aggregation}`; `live` is the peak of the last 20 s. */
export function aggregatedValue(
  metric: keyof typeof AGGREGATIONS,
  aggregation: string,
  input: MetricInput & { now: number }
): number {
  const { sessions } = input
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0)
  const average = (values: number[]) =>
    values.length === 0 ? 0 : round(sum(values) / values.length)
  switch (`${metric}/${aggregation}`) {
    case 'play/rate':
      return seriesValue('play-rate', input)
    case 'impression-time/sum':
      return sum(sessions.map((session) => session.impressionTimeMs))
    case 'impression-time/average':
      return average(sessions.map((session) => session.impressionTimeMs))
    case 'watch-time/sum':
      return sum(played(sessions).map((session) => session.watchSeconds))
    case 'watch-time/average':
      return average(played(sessions).map((session) => session.watchSeconds))
    case 'ccv/peak':
      return seriesValue('ccv-peak', input)
    case 'ccv/live':
      return seriesValue('ccv-peak', { ...input, from: input.now - 20_000, to: input.now })
    default:
      return seriesValue(metric as SeriesMetric, input)
  }
}

/** `context.metric` as the OAS enums spell it: `unique-…` and `view-{seconds}` variants. */
export function contextMetric(metric: string, unique: boolean, viewSeconds: number): string {
  if (metric === 'view') return `${unique ? 'unique-' : ''}view-${viewSeconds}`
  return unique ? `unique-${metric}` : metric
}

/** A 400 `invalid-attribute` for a path value or combination the OAS does not allow. */
export function invalidPath(name: string, detail: string): ApiProblem {
  return new ApiProblem('invalid-attribute', { name, detail })
}

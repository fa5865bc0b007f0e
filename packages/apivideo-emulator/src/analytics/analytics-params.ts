import { ApiProblem } from '../problem.ts'
import type { Session } from './analytics-model.ts'

const DAY = 86_400_000
const MAX_AGE = 30 * DAY
const CONTINENTS = ['AS', 'AF', 'NA', 'SA', 'AN', 'EU', 'AZ']
const VIEW_DURATIONS = ['3s', '5s', '10s', '30s'] as const
const FILTERS = [
  'mediaId',
  'mediaType',
  'continent',
  'country',
  'deviceType',
  'operatingSystem',
  'browser',
  'tag',
  'referrer',
] as const
type FilterName = (typeof FILTERS)[number]

export interface Timeframe {
  from: number
  to: number
}

export interface CommonQuery {
  timeframe: Timeframe
  unique: boolean
  /** Seconds a view must last (`viewDuration`, default 5). */
  viewSeconds: number
  filters: Map<FilterName, string[]>
}

export interface QueryRules {
  /** Query parameters this route takes besides `from`, `to` and `filterBy[…]`. */
  allowed: readonly string[]
  /** `unique` is accepted (the ccv and view metrics only). */
  unique: boolean
  /** `viewDuration` is accepted (the view metric only). */
  viewDuration: boolean
  /** `filterBy[mediaId]` and `filterBy[mediaType]` are accepted (play totals only). */
  mediaFilters: boolean
}

/** A 400 `request-invalid-query-parameter`, as the OAS `/data/*` examples show. */
export function invalidQuery(name: string, detail: string): ApiProblem {
  return new ApiProblem('request-invalid-query-parameter', { name, detail })
}

/** Reads the query every `/data/*` route shares, refusing what the route does not take. */
export function readCommonQuery(url: URL, now: number, rules: QueryRules): CommonQuery {
  const query = url.searchParams
  const filters = new Map<FilterName, string[]>()
  for (const [name, value] of query) {
    const filter = /^filterBy\[([A-Za-z]+)\](?:\[\d*\])?$/.exec(name)
    if (filter) addFilter(filters, filter[1] as string, value, rules)
    else if (!['from', 'to', 'unique', 'viewDuration', ...rules.allowed].includes(name)) {
      throw invalidQuery(name, 'This field was not expected.')
    }
  }
  if (query.has('unique') && !rules.unique) {
    throw invalidQuery('unique', 'This parameter is only accepted with the ccv and view metrics.')
  }
  if (query.has('viewDuration') && !rules.viewDuration) {
    throw invalidQuery('viewDuration', 'This parameter is only accepted with the view metric.')
  }
  const unique = readUnique(query.get('unique'))
  const duration = query.get('viewDuration') ?? '5s'
  if (!(VIEW_DURATIONS as readonly string[]).includes(duration)) {
    const detail = 'This view duration is invalid. Use one of "3s", "5s", "10s", "30s".'
    throw invalidQuery('viewDuration', detail)
  }
  return {
    timeframe: readTimeframe(query, now),
    unique,
    viewSeconds: Number.parseInt(duration, 10),
    filters,
  }
}

function readUnique(raw: string | null): boolean {
  if (raw === null || raw === 'false' || raw === '0') return false
  if (raw === 'true' || raw === '1') return true
  throw invalidQuery('unique', 'This value should be a boolean.')
}

function addFilter(
  filters: Map<FilterName, string[]>,
  name: string,
  value: string,
  rules: QueryRules
) {
  const key = `filterBy[${name}]`
  if (!(FILTERS as readonly string[]).includes(name)) {
    throw invalidQuery(key, 'This field was not expected.')
  }
  const filter = name as FilterName
  if ((filter === 'mediaId' || filter === 'mediaType') && !rules.mediaFilters) {
    const detail =
      'This filter is only accepted by /data/metrics/play/total and /data/buckets/play-total/media-id.'
    throw invalidQuery(key, detail)
  }
  if (filter === 'mediaType' && value !== 'video' && value !== 'live-stream') {
    throw invalidQuery(key, 'Use one of "video", "live-stream".')
  }
  if (filter === 'continent' && !CONTINENTS.includes(value)) {
    throw invalidQuery(key, `Use one of ${CONTINENTS.map((c) => `"${c}"`).join(', ')}.`)
  }
  if (filter === 'referrer' && value.length > 2048) {
    throw invalidQuery(key, 'This value should not contain more than 2048 characters.')
  }
  if (filter === 'tag' && filters.has('tag')) {
    throw invalidQuery(key, 'This filter only accepts a single value.')
  }
  filters.set(filter, [...(filters.get(filter) ?? []), value])
}

/** `to` defaults to now, `from` to a day before `to`; `from` may go back 30 days at most. */
function readTimeframe(query: URLSearchParams, now: number): Timeframe {
  const to = readDate(query, 'to') ?? now
  const from = readDate(query, 'from') ?? to - DAY
  if (from < now - MAX_AGE) throw invalidQuery('from', 'The maximum value is 30 days ago.')
  if (from >= to) throw invalidQuery('from', 'This value must be earlier than "to".')
  return { from, to }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/

function readDate(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name)
  if (raw === null || raw === '') return undefined
  // A `+` sent unencoded in a query string arrives as a space.
  const value = raw.replace(' ', '+')
  const epoch = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN
  if (!Number.isFinite(epoch)) {
    throw invalidQuery(
      name,
      'This value is not a valid ATOM date-time, such as 2024-02-05T00:00:00+01:00.'
    )
  }
  return epoch
}

/** Keeps the sessions every filter matches (values of one filter are alternatives). */
export function applyFilters(list: Session[], filters: CommonQuery['filters']): Session[] {
  if (filters.size === 0) return list
  const field = (session: Session, name: FilterName): string[] => {
    if (name === 'tag') return session.tags
    return [String(session[name])]
  }
  return list.filter((session) =>
    [...filters].every(([name, values]) =>
      values.some((value) => field(session, name).includes(value))
    )
  )
}

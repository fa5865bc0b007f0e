/**
 * Synthetic viewing sessions, derived only from the account's media and the requested time: the
 * same media and window always give the same numbers. Each media gets 0–3 sessions an hour from
 * its creation on, never in the future of the emulator clock.
 */

export interface Media {
  mediaId: string
  mediaType: 'video' | 'live-stream'
  createdAt: number
  tags: string[]
}

export interface Session {
  mediaId: string
  mediaType: Media['mediaType']
  tags: string[]
  start: number
  /** Seconds watched; 0 when the content was loaded but not played. */
  watchSeconds: number
  impressionTimeMs: number
  played: boolean
  ended: boolean
  viewer: string
  continent: string
  country: string
  deviceType: string
  operatingSystem: string
  browser: string
  referrer: string
}

export type Dimension =
  | 'continent'
  | 'country'
  | 'deviceType'
  | 'operatingSystem'
  | 'browser'
  | 'referrer'

const HOUR = 3_600_000
const COUNTRIES: Array<[string, string]> = [
  ['FR', 'EU'],
  ['DE', 'EU'],
  ['GB', 'EU'],
  ['US', 'NA'],
  ['CA', 'NA'],
  ['BR', 'SA'],
  ['JP', 'AS'],
  ['IN', 'AS'],
  ['NG', 'AF'],
  ['AU', 'AZ'],
]
const DEVICES = ['computer', 'phone', 'tablet', 'tv']
const SYSTEMS = ['windows', 'mac osx', 'android', 'ios', 'linux']
const BROWSERS = ['chrome', 'firefox', 'edge', 'opera', 'safari']
const REFERRERS = ['https://example.com/', 'https://blog.example.org/videos/', '']

/** Sessions that start in `[from, to)`, before `now`, after each media's creation. */
export function sessions(media: Media[], from: number, to: number, now: number): Session[] {
  const end = Math.min(to, now)
  const out: Session[] = []
  for (const item of media) {
    const first = Math.max(from, item.createdAt)
    const seed = hash(item.mediaId)
    for (let hour = Math.floor(first / HOUR); hour * HOUR < end; hour++) {
      const hourSeed = mix(seed + Math.imul(hour, GOLDEN))
      const count = hourSeed % 4
      for (let index = 0; index < count; index++) {
        const session = makeSession(item, hour, mix(hourSeed ^ Math.imul(index + 1, 0x27d4eb2d)))
        if (session.start >= first && session.start < end) out.push(session)
      }
    }
  }
  // Media by media, hour by hour: deterministic without a sort.
  return out
}

/** One session from its seed: each attribute is a different mix of the seed. */
function makeSession(item: Media, hour: number, seed: number): Session {
  const draw = (salt: number, modulo: number) => mix(seed + Math.imul(salt, GOLDEN)) % modulo
  const pick = <T>(salt: number, list: readonly T[]) => list[draw(salt, list.length)] as T
  const played = draw(1, 5) !== 0
  const [country, continent] = pick(2, COUNTRIES)
  return {
    mediaId: item.mediaId,
    mediaType: item.mediaType,
    tags: item.tags,
    start: hour * HOUR + draw(3, 3600) * 1000,
    watchSeconds: played ? 1 + draw(4, 300) : 0,
    impressionTimeMs: 100 + draw(5, 900),
    played,
    ended: played && draw(6, 3) === 0,
    viewer: `viewer-${draw(7, 40)}`,
    continent,
    country,
    deviceType: pick(8, DEVICES),
    operatingSystem: pick(9, SYSTEMS),
    browser: pick(10, BROWSERS),
    referrer: pick(11, REFERRERS),
  }
}

const GOLDEN = 0x9e3779b9

/** MurmurHash3's 32-bit finaliser: spreads a number's bits, stable across runs. */
function mix(value: number): number {
  let x = value >>> 0
  x ^= x >>> 16
  x = Math.imul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = Math.imul(x, 0xc2b2ae35)
  x ^= x >>> 16
  return x >>> 0
}

/** FNV-1a, 32 bits: a stable spread of values, not a secret. */
function hash(text: string): number {
  let value = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i)
    value = Math.imul(value, 0x01000193)
  }
  return value >>> 0
}

/** The highest number of sessions running at once within `[from, to)`. */
export function peakConcurrency(list: Session[], from: number, to: number): number {
  const edges: Array<[number, number]> = []
  for (const s of list) {
    const start = Math.max(s.start, from)
    const stop = Math.min(s.start + s.watchSeconds * 1000, to)
    if (s.played && start < stop) edges.push([start, 1], [stop, -1])
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let current = 0
  let peak = 0
  for (const [, delta] of edges) {
    current += delta
    peak = Math.max(peak, current)
  }
  return peak
}

/** The average number of sessions running at once over `[from, to)`. */
export function averageConcurrency(list: Session[], from: number, to: number): number {
  let watched = 0
  for (const s of list) {
    if (!s.played) continue
    watched += Math.max(0, Math.min(s.start + s.watchSeconds * 1000, to) - Math.max(s.start, from))
  }
  return to > from ? watched / (to - from) : 0
}

/** One session per viewer: the first. */
export function uniqueViewers(list: Session[]): Session[] {
  const seen = new Set<string>()
  return list.filter((s) => !seen.has(s.viewer) && seen.add(s.viewer))
}

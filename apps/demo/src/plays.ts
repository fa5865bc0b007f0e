import type { Keyward } from './keyward.ts'

/** Plays of one video in one time slot, as `/data/buckets/play/media-id` counts them. */
export interface PlaySlot {
  from: number
  to: number
  /** Plays by video id; a video without plays in the slot is absent. */
  plays: Map<string, number>
}

export interface PlaysPerVideo {
  /** The window api.video answered for (its own clock): the last 24 hours. */
  from: number
  to: number
  slots: PlaySlot[]
  /** Every video with plays in the window, most played first. */
  totals: Array<{ videoId: string; plays: number }>
}

interface Buckets {
  context: { timeframe: { from: string; to: string } }
  data: Array<{ metricValue: number; dimensionValue: string }>
}

/** Equal slots the window is cut into: six bars of four hours. */
export const SLOTS = 6

/**
 * Plays per video over the last 24 hours. api.video's timeseries cannot be split by video (its
 * `mediaId` filter is for play totals only), so the window is cut into slots and each slot asks
 * `/data/buckets/play/media-id` for its counts: 1 + `SLOTS` calls. The window comes from a first
 * answer (api.video's default: the day before now), so api.video's clock decides "now", not the
 * browser's.
 */
export async function playsPerVideo(
  keyward: Keyward,
  signal?: AbortSignal
): Promise<PlaysPerVideo> {
  const api = await keyward.api()
  const buckets = (query: Record<string, string>) =>
    api
      .get('data/buckets/play/media-id', {
        searchParams: { pageSize: '100', ...query },
        ...(signal ? { signal } : {}),
      })
      .json<Buckets>()
  const { timeframe } = (await buckets({ pageSize: '1' })).context
  const from = Date.parse(timeframe.from)
  const to = Date.parse(timeframe.to)
  const slots = await Promise.all(
    slotBounds(from, to, SLOTS).map(async (slot) => {
      const answer = await buckets({ from: atom(slot.from), to: atom(slot.to) })
      return { ...slot, plays: byVideo(answer) }
    })
  )
  return { from, to, slots, totals: totals(slots) }
}

/** Each video's plays over the slots, most played first: the bars and the legend agree. */
function totals(slots: PlaySlot[]): PlaysPerVideo['totals'] {
  const sums = new Map<string, number>()
  for (const slot of slots) {
    for (const [videoId, plays] of slot.plays) sums.set(videoId, (sums.get(videoId) ?? 0) + plays)
  }
  return [...sums].map(([videoId, plays]) => ({ videoId, plays })).sort((a, b) => b.plays - a.plays)
}

/** `[from, to)` cut into `count` slots of whole seconds; the last one ends at `to`. */
export function slotBounds(
  from: number,
  to: number,
  count: number
): Array<{ from: number; to: number }> {
  const step = Math.floor((to - from) / count / 1000) * 1000
  return Array.from({ length: count }, (_, index) => ({
    from: from + index * step,
    to: index === count - 1 ? to : from + (index + 1) * step,
  }))
}

/** An ATOM date-time (`2024-02-05T00:00:00Z`), the format api.video's `from` and `to` take. */
export function atom(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function byVideo({ data }: Buckets): Map<string, number> {
  return new Map(
    data.filter((row) => row.metricValue > 0).map((row) => [row.dimensionValue, row.metricValue])
  )
}

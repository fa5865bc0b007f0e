import { describe, expect, it } from 'vitest'
import { call, createVideo, jsonOf, setup, slugOf } from '../test-support/harness.ts'

const DAY = 86_400_000
const NOW = Date.UTC(2024, 0, 10, 12, 0, 0)
const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString())

/** An account with two videos and a live stream, all created five days before NOW. */
async function account() {
  const emulator = setup({ now: () => NOW })
  emulator.clock.advance(-5 * DAY)
  const a = await createVideo(emulator, 'A', { tags: ['cool'] })
  const b = await createVideo(emulator, 'B')
  await call(emulator, '/live-streams', { json: { name: 'L' } })
  emulator.clock.advance(5 * DAY)
  return { emulator, a: a.videoId, b: b.videoId }
}

const value = async (emulator: ReturnType<typeof setup>, path: string) =>
  (await jsonOf<{ data: number }>(await call(emulator, path))).data

describe('analytics', () => {
  it('are zero without media, and the same for the same account and window', async () => {
    const empty = setup({ now: () => NOW })
    expect(await value(empty, '/data/metrics/play/count')).toBe(0)
    const first = await account()
    const second = await account()
    const path = `/data/metrics/play/count?from=${iso(NOW - 2 * DAY)}&to=${iso(NOW)}`
    // Ids differ between accounts, so the numbers may too: sameness is per account.
    expect(await value(first.emulator, path)).toBe(await value(first.emulator, path))
    expect(await value(first.emulator, path)).toBeGreaterThan(0)
    expect(await value(second.emulator, path)).toBeGreaterThan(0)
  })

  it('honour from and to: a window before the media existed is empty, halves add up', async () => {
    const { emulator } = await account()
    const count = (from: number, to: number) =>
      value(emulator, `/data/metrics/impression/count?from=${iso(from)}&to=${iso(to)}`)
    expect(await count(NOW - 20 * DAY, NOW - 6 * DAY)).toBe(0)
    const whole = await count(NOW - 4 * DAY, NOW)
    expect(whole).toBe(
      (await count(NOW - 4 * DAY, NOW - 2 * DAY)) + (await count(NOW - 2 * DAY, NOW))
    )
    const old = await call(emulator, `/data/metrics/play/count?from=${iso(NOW - 31 * DAY)}`)
    expect([old.status, await slugOf(old)]).toEqual([400, 'request-invalid-query-parameter'])
    const reversed = await call(
      emulator,
      `/data/metrics/play/count?from=${iso(NOW)}&to=${iso(NOW - DAY)}`
    )
    expect(reversed.status).toBe(400)
  })

  it('agree across endpoints: the timeseries and the buckets add up to the count', async () => {
    const { emulator } = await account()
    const window = `from=${iso(NOW - 3 * DAY)}&to=${iso(NOW)}`
    const total = await value(emulator, `/data/metrics/play/count?${window}`)
    const series = await jsonOf<{
      data: Array<{ metricValue: number }>
      context: { interval: string }
    }>(await call(emulator, `/data/timeseries/play?${window}&pageSize=100`))
    expect(series.context.interval).toBe('day')
    expect(series.data.reduce((sum, row) => sum + row.metricValue, 0)).toBe(total)
    const byType = await jsonOf<{ data: Array<{ dimensionValue: string; metricValue: number }> }>(
      await call(emulator, `/data/buckets/play/media-type?${window}`)
    )
    expect(byType.data.map((row) => row.dimensionValue).sort()).toEqual(['live-stream', 'video'])
    expect(byType.data.reduce((sum, row) => sum + row.metricValue, 0)).toBe(total)
  })

  it('break down by media id and filter by tag, continent and media', async () => {
    const { emulator, a, b } = await account()
    const window = `from=${iso(NOW - 4 * DAY)}`
    const byMedia = await jsonOf<{ data: Array<{ dimensionValue: string; metricValue: number }> }>(
      await call(
        emulator,
        `/data/buckets/play/media-id?${window}&sortBy=dimensionValue&sortOrder=asc`
      )
    )
    const ids = byMedia.data.map((row) => row.dimensionValue)
    expect(ids).toEqual([...ids].sort())
    expect(ids).toEqual(expect.arrayContaining([a, b]))
    const playsOfA = byMedia.data.find((row) => row.dimensionValue === a)?.metricValue
    expect(await value(emulator, `/data/metrics/play/count?${window}&filterBy[tag]=cool`)).toBe(
      playsOfA
    )
    const europe = await value(
      emulator,
      `/data/metrics/impression/count?${window}&filterBy[continent][]=EU`
    )
    const all = await value(emulator, `/data/metrics/impression/count?${window}`)
    expect(europe).toBeGreaterThan(0)
    expect(europe).toBeLessThan(all)
    const total = await value(emulator, `/data/metrics/play/total?filterBy[mediaId][0]=${b}`)
    expect(total).toBeGreaterThan(0)
  })

  it('pick the interval from the span and refuse minutes over an hour', async () => {
    const { emulator } = await account()
    const interval = async (query: string) =>
      (
        await jsonOf<{ context: { interval: string } }>(
          await call(emulator, `/data/timeseries/start?${query}`)
        )
      ).context.interval
    expect(await interval(`from=${iso(NOW - DAY)}`)).toBe('hour')
    expect(await interval(`from=${iso(NOW - 3 * DAY)}`)).toBe('day')
    expect(await interval(`from=${iso(NOW - 3_600_000)}&interval=minute`)).toBe('minute')
    const res = await call(
      emulator,
      `/data/timeseries/start?from=${iso(NOW - 3_600_001)}&interval=minute`
    )
    expect(await jsonOf(res)).toMatchObject({ status: 400, name: 'interval' })
  })

  it('refuse the combinations the spec does not allow, with the parameter named', async () => {
    const { emulator } = await account()
    for (const [path, name] of [
      ['/data/metrics/watch-time/count', 'aggregation'],
      ['/data/metrics/play/peak', 'aggregation'],
      ['/data/metrics/impression/count?unique=true', 'unique'],
      ['/data/metrics/ccv/peak?viewDuration=5s', 'viewDuration'],
      ['/data/buckets/play-total/browser', 'breakdown'],
      ['/data/buckets/play/browser?filterBy[mediaType]=video', 'filterBy[mediaType]'],
      ['/data/timeseries/play?filterBy[continent][]=XX', 'filterBy[continent]'],
    ] as const) {
      const res = await call(emulator, path)
      expect(await jsonOf(res), path).toMatchObject({ status: 400, name })
    }
  })

  it('name the context metric as the spec enums do', async () => {
    const { emulator } = await account()
    const context = async (path: string) =>
      (await jsonOf<{ context: { metric: string } }>(await call(emulator, path))).context.metric
    expect(await context('/data/metrics/view/count')).toBe('view-5')
    expect(await context('/data/metrics/view/count?unique=true&viewDuration=30s')).toBe(
      'unique-view-30'
    )
    expect(await context('/data/metrics/ccv/peak?unique=true')).toBe('unique-ccv')
    expect(await context('/data/timeseries/ccv-average?unique=true')).toBe('unique-ccv-average')
  })

  it('are rate limited and need auth like every API route', async () => {
    const emulator = setup({ rateLimits: { reads: 1, writes: 1, uploads: 1 } })
    const first = await call(emulator, '/data/metrics/play/count')
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0')
    expect((await call(emulator, '/data/metrics/play/count')).status).toBe(429)
    expect((await call(setup(), '/data/metrics/play/count', { auth: false })).status).toBe(401)
  })
})

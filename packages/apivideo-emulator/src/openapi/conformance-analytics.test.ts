import { describe, expect, it } from 'vitest'
import { createLiveStream, expectRateLimited } from '../test-support/conformance.ts'
import { call, createVideo, setup } from '../test-support/harness.ts'
import { expectConforms } from '../test-support/openapi.ts'

// The analytics operations' real answers, success and error, checked against the vendored
// spec, and the one analytics deviation the checker allows.

describe('analytics operations conform to the spec', () => {
  const FROM = encodeURIComponent('2024-01-01T00:00:00+00:00')
  const TO = encodeURIComponent('2024-01-02T00:00:00+00:00')

  async function account() {
    const emulator = setup({ now: () => Date.UTC(2024, 0, 2, 3, 4, 5) })
    emulator.clock.advance(-3 * 86_400_000)
    await createVideo(emulator, 'Old', { tags: ['cool'] })
    await createLiveStream(emulator)
    emulator.clock.advance(3 * 86_400_000)
    return emulator
  }

  it('GET /data/metrics/{metric}/{aggregation}: every allowed pair 200, 400s, 404 and 429', async () => {
    const emulator = await account()
    const path = '/data/metrics/{metric}/{aggregation}'
    const pairs = [
      'play/count',
      'play/rate',
      'play/total',
      'start/count',
      'end/count',
      'impression/count',
      'impression-time/average',
      'impression-time/sum',
      'watch-time/average',
      'watch-time/sum',
      'ccv/peak',
      'ccv/live',
      'view/count',
    ]
    for (const pair of pairs) {
      const res = await call(emulator, `/data/metrics/${pair}?from=${FROM}&to=${TO}`)
      expect(res.status, pair).toBe(200)
      await expectConforms(res, 'GET', path)
    }
    await expectConforms(
      await call(emulator, '/data/metrics/view/count?unique=true&viewDuration=10s'),
      'GET',
      path
    )
    for (const bad of [
      '/data/metrics/start/sum',
      '/data/metrics/nope/count',
      '/data/metrics/play/count?unique=true',
      '/data/metrics/view/count?viewDuration=7s',
      '/data/metrics/play/count?filterBy[mediaId][0]=vi1',
      `/data/metrics/play/count?filterBy[referrer][0]=${'a'.repeat(2049)}`,
      '/data/metrics/play/count?from=yesterday',
      '/data/metrics/play/count?extra=1',
    ]) {
      const res = await call(emulator, bad)
      expect(res.status, bad).toBe(400)
      await expectConforms(res, 'GET', path)
    }
    await expectConforms(await call(emulator, '/data/metrics/play'), 'GET', path)
    await expectRateLimited('/data/metrics/play/count', 'GET', path)
  })

  it('GET /data/buckets/{metric}/{breakdown}: each breakdown 200, 400s and 429', async () => {
    const emulator = await account()
    const path = '/data/buckets/{metric}/{breakdown}'
    for (const breakdown of [
      'media-id',
      'media-type',
      'continent',
      'country',
      'device-type',
      'operating-system',
      'browser',
      'referrer',
    ]) {
      const res = await call(emulator, `/data/buckets/play/${breakdown}?from=${FROM}&pageSize=3`)
      expect(res.status, breakdown).toBe(200)
      await expectConforms(res, 'GET', path)
    }
    for (const metric of [
      'play-rate',
      'start',
      'end',
      'impression',
      'ccv-peak',
      'ccv-average',
      'view',
    ]) {
      await expectConforms(
        await call(emulator, `/data/buckets/${metric}/country?sortBy=dimensionValue`),
        'GET',
        path
      )
    }
    await expectConforms(
      await call(emulator, '/data/buckets/play-total/media-id?filterBy[mediaType]=video'),
      'GET',
      path
    )
    for (const bad of [
      '/data/buckets/play-total/country',
      '/data/buckets/play/planet',
      '/data/buckets/play/country?sortBy=x',
    ]) {
      const res = await call(emulator, bad)
      expect(res.status, bad).toBe(400)
      await expectConforms(res, 'GET', path)
    }
    await expectRateLimited('/data/buckets/play/country', 'GET', path)
  })

  it('GET /data/timeseries/{metric}: each interval 200, 400s and 429', async () => {
    const emulator = await account()
    const path = '/data/timeseries/{metric}'
    const hour = encodeURIComponent('2024-01-01T12:30:00+00:00')
    for (const query of [
      `from=${FROM}&to=${TO}`,
      `from=${FROM}&interval=day`,
      `from=${FROM}&to=${hour}&interval=hour`,
    ]) {
      await expectConforms(await call(emulator, `/data/timeseries/play?${query}`), 'GET', path)
    }
    const minute = `from=${encodeURIComponent('2024-01-01T12:00:00Z')}&to=${hour}&interval=minute`
    await expectConforms(await call(emulator, `/data/timeseries/impression?${minute}`), 'GET', path)
    await expectConforms(
      await call(emulator, '/data/timeseries/ccv-peak?unique=true&sortBy=metricValue'),
      'GET',
      path
    )
    for (const bad of [
      '/data/timeseries/play?interval=week',
      `/data/timeseries/play?from=${FROM}&interval=minute`,
      '/data/timeseries/play-total',
    ]) {
      const res = await call(emulator, bad)
      expect(res.status, bad).toBe(400)
      await expectConforms(res, 'GET', path)
    }
    await expectRateLimited('/data/timeseries/play', 'GET', path)
  })
})

describe('the analytics deviation of the conformance check', () => {
  const fake = (context: Record<string, string>) =>
    new Response(JSON.stringify({ context, data: 1 }), {
      headers: {
        'content-type': 'application/json',
        'x-ratelimit-limit': '1',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-retry-after': '1',
      },
    })

  it('lets the documented gaps through, and no other context value', async () => {
    const path = '/data/metrics/{metric}/{aggregation}'
    await expectConforms(fake({ metric: 'ccv', aggregation: 'peak' }), 'GET', path)
    await expect(
      expectConforms(fake({ metric: 'ccv', aggregation: 'max' }), 'GET', path)
    ).rejects.toThrow()
    await expect(
      expectConforms(fake({ metric: 'bogus', aggregation: 'count' }), 'GET', path)
    ).rejects.toThrow()
  })
})

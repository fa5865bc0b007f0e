import { describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator.ts'
import { call, createVideo, jsonOf, setup, uploadForm } from '../test-support/harness.ts'
import { GIF_BYTES, imageForm, pngBytes } from '../test-support/images.ts'
import { expectConforms } from '../test-support/openapi.ts'

// The live stream, player theme, summary, analytics and webhook operations' real answers,
// success and error, checked against the vendored spec.

const LIMITED = { rateLimits: { reads: 1, writes: 1, uploads: 1 } }
const FAKE_LIVE = 'li0000000000000000000000'
const FAKE_PLAYER = 'pl0000000000000000000000'

async function createLiveStream(emulator: Emulator, json: Record<string, unknown> = {}) {
  const res = await call(emulator, '/live-streams', { json: { name: 'Live', ...json } })
  return jsonOf<{ liveStreamId: string; streamKey: string }>(res)
}

/** Sends the request twice on a one-per-minute limit: the second answer is the 429. */
async function expectRateLimited(path: string, method: string, specPath: string, init = {}) {
  const emulator = setup(LIMITED)
  await call(emulator, path, { method, ...init })
  const res = await call(emulator, path, { method, ...init })
  expect(res.status).toBe(429)
  await expectConforms(res, method, specPath)
}

describe('live stream operations conform to the spec', () => {
  it('POST /live-streams: 200, each documented 400 and 429', async () => {
    const emulator = setup()
    const restream = { name: 'YouTube', serverUrl: 'rtmp://a.example.com/live', streamKey: 'k' }
    const create = (json: unknown) => call(emulator, '/live-streams', { json })
    await expectConforms(
      await create({ name: 'Show', public: false, playerId: FAKE_PLAYER, restreams: [restream] }),
      'POST',
      '/live-streams'
    )
    for (const bad of [
      {},
      { name: 'x', restreams: [{ ...restream, name: '' }] },
      { name: 'x', restreams: [{ ...restream, name: null }] },
      { name: 'x', restreams: [{ ...restream, serverUrl: 'https://a.example.com/live' }] },
      { name: 'x', restreams: [{ ...restream, serverUrl: 'rtmp://a.example.com' }] },
      { name: 'x', restreams: Array.from({ length: 6 }, () => restream) },
    ]) {
      const res = await create(bad)
      expect(res.status).toBe(400)
      await expectConforms(res, 'POST', '/live-streams')
    }
    await expectRateLimited('/live-streams', 'POST', '/live-streams', { json: { name: 'a' } })
  })

  it('GET /live-streams: 200 filtered and paged, 400 and 429', async () => {
    const emulator = setup({ assets: 'local' })
    await createLiveStream(emulator, { name: 'Morning' })
    await createLiveStream(emulator, { name: 'Evening', public: false })
    const list = await call(
      emulator,
      '/live-streams?name=ing&sortBy=name&sortOrder=desc&pageSize=1'
    )
    await expectConforms(list, 'GET', '/live-streams')
    await expectConforms(await call(emulator, '/live-streams?sortBy=size'), 'GET', '/live-streams')
    await expectRateLimited('/live-streams', 'GET', '/live-streams')
  })

  it('GET, PATCH and DELETE /live-streams/{liveStreamId}: success, 400, 404 and 429', async () => {
    const emulator = setup()
    const { liveStreamId } = await createLiveStream(emulator)
    const path = '/live-streams/{liveStreamId}'
    const at = `/live-streams/${liveStreamId}`
    await expectConforms(await call(emulator, at), 'GET', path)
    await expectConforms(await call(emulator, `/live-streams/${FAKE_LIVE}`), 'GET', path)
    const patch = (json: unknown) => call(emulator, at, { method: 'PATCH', json })
    await expectConforms(await patch({ name: 'Renamed', public: false }), 'PATCH', path)
    await expectConforms(await patch({ restreams: [{ name: 'a' }] }), 'PATCH', path)
    await expectConforms(
      await call(emulator, `/live-streams/${FAKE_LIVE}`, { method: 'PATCH', json: {} }),
      'PATCH',
      path
    )
    await expectConforms(await call(emulator, at, { method: 'DELETE' }), 'DELETE', path)
    await expectConforms(await call(emulator, at, { method: 'DELETE' }), 'DELETE', path)
    await expectRateLimited(`/live-streams/${FAKE_LIVE}`, 'GET', path)
  })

  it('POST and DELETE /live-streams/{liveStreamId}/thumbnail: 201, 200, 400 and 404', async () => {
    const emulator = setup()
    const { liveStreamId } = await createLiveStream(emulator)
    const path = '/live-streams/{liveStreamId}/thumbnail'
    const upload = (id: string, body: FormData) =>
      call(emulator, `/live-streams/${id}/thumbnail`, { method: 'POST', body })
    await expectConforms(
      await upload(liveStreamId, imageForm(pngBytes(640, 360), 'a.png')),
      'POST',
      path
    )
    await expectConforms(await upload(liveStreamId, imageForm(GIF_BYTES, 'a.gif')), 'POST', path)
    await expectConforms(await upload(FAKE_LIVE, imageForm(pngBytes(1, 1), 'a.png')), 'POST', path)
    const remove = (id: string) =>
      call(emulator, `/live-streams/${id}/thumbnail`, { method: 'DELETE' })
    await expectConforms(await remove(liveStreamId), 'DELETE', path)
    await expectConforms(await remove(FAKE_LIVE), 'DELETE', path)
  })

  it('PUT /live-streams/{liveStreamId}/complete: 202, 404 and 429', async () => {
    const emulator = setup()
    const { liveStreamId } = await createLiveStream(emulator)
    const path = '/live-streams/{liveStreamId}/complete'
    emulator.startBroadcast(liveStreamId)
    const complete = (id: string) =>
      call(emulator, `/live-streams/${id}/complete`, { method: 'PUT' })
    await expectConforms(await complete(liveStreamId), 'PUT', path)
    await expectConforms(await complete(FAKE_LIVE), 'PUT', path)
    await expectRateLimited(`/live-streams/${FAKE_LIVE}/complete`, 'PUT', path)
  })

  it('GET /videos?liveStreamId= lists a recording with its live stream source', async () => {
    const emulator = setup()
    const { liveStreamId } = await createLiveStream(emulator)
    emulator.startBroadcast(liveStreamId)
    emulator.stopBroadcast(liveStreamId)
    const body = (await expectConforms(
      await call(emulator, `/videos?liveStreamId=${liveStreamId}`),
      'GET',
      '/videos'
    )) as { data: Array<{ source: unknown }> }
    expect(body.data).toHaveLength(1)
  })
})

describe('player theme operations conform to the spec', () => {
  it('POST and GET /players: 201, 200 paged, 400 and 429', async () => {
    const emulator = setup()
    await expectConforms(
      await call(emulator, '/players', {
        json: { name: 'Dark', text: 'rgba(0, 0, 0, 1)', forceLoop: true },
      }),
      'POST',
      '/players'
    )
    await expectConforms(
      await call(emulator, '/players', { json: { enableApi: 'yes' } }),
      'POST',
      '/players'
    )
    await expectConforms(await call(emulator, '/players?sortBy=name&pageSize=1'), 'GET', '/players')
    await expectConforms(await call(emulator, '/players?pageSize=0'), 'GET', '/players')
    await expectRateLimited('/players', 'GET', '/players')
    await expectRateLimited('/players', 'POST', '/players', { json: {} })
  })

  it('GET, PATCH and DELETE /players/{playerId}: success, 400 and 404', async () => {
    const emulator = setup()
    const { playerId } = await jsonOf<{ playerId: string }>(
      await call(emulator, '/players', { json: {} })
    )
    const path = '/players/{playerId}'
    await expectConforms(await call(emulator, `/players/${playerId}`), 'GET', path)
    await expectConforms(await call(emulator, `/players/${FAKE_PLAYER}`), 'GET', path)
    const patch = (id: string, json: unknown) =>
      call(emulator, `/players/${id}`, { method: 'PATCH', json })
    await expectConforms(await patch(playerId, { hideTitle: true }), 'PATCH', path)
    await expectConforms(await patch(playerId, { name: 'x'.repeat(101) }), 'PATCH', path)
    await expectConforms(await patch(FAKE_PLAYER, {}), 'PATCH', path)
    await expectConforms(
      await call(emulator, `/players/${playerId}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
    await expectConforms(
      await call(emulator, `/players/${playerId}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
  })

  it('POST and DELETE /players/{playerId}/logo: 201, 204, 400 and 404', async () => {
    const emulator = setup()
    const { playerId } = await jsonOf<{ playerId: string }>(
      await call(emulator, '/players', { json: {} })
    )
    const path = '/players/{playerId}/logo'
    const upload = (id: string, body: FormData) =>
      call(emulator, `/players/${id}/logo`, { method: 'POST', body })
    const logo = imageForm(pngBytes(200, 100), 'logo.png', { link: 'https://example.com/' })
    await expectConforms(await upload(playerId, logo), 'POST', path)
    await expectConforms(await upload(playerId, imageForm(GIF_BYTES, 'logo.gif')), 'POST', path)
    await expectConforms(
      await upload(playerId, imageForm(pngBytes(201, 100), 'big.png')),
      'POST',
      path
    )
    await expectConforms(await upload(FAKE_PLAYER, logo), 'POST', path)
    const remove = (id: string) => call(emulator, `/players/${id}/logo`, { method: 'DELETE' })
    await expectConforms(await remove(playerId), 'DELETE', path)
    await expectConforms(await remove(FAKE_PLAYER), 'DELETE', path)
  })
})

describe('summary operations conform to the spec', () => {
  it('POST and GET /summaries: 201, 400, 404, 409 and 429', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator)
    await expectConforms(
      await call(emulator, '/summaries', {
        json: { videoId, origin: 'auto', attributes: ['abstract'] },
      }),
      'POST',
      '/summaries'
    )
    await expectConforms(
      await call(emulator, '/summaries', { json: { videoId } }),
      'POST',
      '/summaries'
    )
    await expectConforms(
      await call(emulator, '/summaries', { json: { origin: 'manual' } }),
      'POST',
      '/summaries'
    )
    await expectConforms(
      await call(emulator, '/summaries', { json: { videoId: 'vi0000000000000000000000' } }),
      'POST',
      '/summaries'
    )
    await expectConforms(
      await call(
        emulator,
        `/summaries?videoId=${videoId}&origin=auto&sourceStatus=waiting&sortBy=videoId`
      ),
      'GET',
      '/summaries'
    )
    await expectConforms(await call(emulator, '/summaries?sourceStatus=done'), 'GET', '/summaries')
    await expectRateLimited('/summaries', 'GET', '/summaries')
  })

  it('GET, PATCH /summaries/{id}/source and DELETE /summaries/{id}: success, 400, 404 and 409', async () => {
    const emulator = setup({ encodingSeconds: 1 })
    const { videoId } = await createVideo(emulator)
    const summary = await jsonOf<{ summaryId: string }>(
      await call(emulator, '/summaries', { json: { videoId, origin: 'auto' } })
    )
    const source = `/summaries/${summary.summaryId}/source`
    const path = '/summaries/{summaryId}/source'
    const patch = (json: unknown, at = source) => call(emulator, at, { method: 'PATCH', json })
    await expectConforms(await call(emulator, source), 'GET', path)
    await expectConforms(await patch({ abstract: 'Too early.' }), 'PATCH', path)
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(10) })
    emulator.clock.advance(2_000)
    await expectConforms(await call(emulator, source), 'GET', path)
    await expectConforms(await patch({ takeaways: ['One.', 'Two.'] }), 'PATCH', path)
    await expectConforms(await patch({ takeaways: ['1', '2', '3', '4'] }), 'PATCH', path)
    await expectConforms(await call(emulator, '/summaries/summary_none/source'), 'GET', path)
    await expectConforms(await patch({}, '/summaries/summary_none/source'), 'PATCH', path)
    const remove = () => call(emulator, `/summaries/${summary.summaryId}`, { method: 'DELETE' })
    await expectConforms(await remove(), 'DELETE', '/summaries/{summaryId}')
    await expectConforms(await remove(), 'DELETE', '/summaries/{summaryId}')
  })
})

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

describe('webhook operations conform to the spec', () => {
  it('POST and GET /webhooks: 201, 400, 200 filtered and 429', async () => {
    const emulator = setup()
    const create = (json: unknown) => call(emulator, '/webhooks', { json })
    await expectConforms(
      await create({
        events: ['video.encoding.quality.completed'],
        url: 'http://127.0.0.1:9/hook',
      }),
      'POST',
      '/webhooks'
    )
    await expectConforms(await create({}), 'POST', '/webhooks')
    await expectConforms(await create({ events: 'x', url: 'ftp://a' }), 'POST', '/webhooks')
    await expectConforms(
      await call(emulator, '/webhooks?events=video.encoding.quality.completed'),
      'GET',
      '/webhooks'
    )
    await expectConforms(await call(emulator, '/webhooks?currentPage=0'), 'GET', '/webhooks')
    await expectRateLimited('/webhooks', 'GET', '/webhooks')
    await expectRateLimited('/webhooks', 'POST', '/webhooks', { json: {} })
  })

  it('GET and DELETE /webhooks/{webhookId}: 200, 204 and 404', async () => {
    const emulator = setup()
    const { webhookId } = await jsonOf<{ webhookId: string }>(
      await call(emulator, '/webhooks', {
        json: { events: ['video.summary.generated'], url: 'http://localhost/' },
      })
    )
    const path = '/webhooks/{webhookId}'
    await expectConforms(await call(emulator, `/webhooks/${webhookId}`), 'GET', path)
    await expectConforms(
      await call(emulator, `/webhooks/${webhookId}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
    await expectConforms(await call(emulator, `/webhooks/${webhookId}`), 'GET', path)
    await expectConforms(
      await call(emulator, `/webhooks/${webhookId}`, { method: 'DELETE' }),
      'DELETE',
      path
    )
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

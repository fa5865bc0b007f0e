import { describe, expect, it } from 'vitest'
import type { CreateEmulatorOptions } from '../emulator.ts'
import { call, createVideo, jsonOf, setup, uploadForm } from '../test-support/harness.ts'
import { isLoopback, signWebhookBody } from './webhook-delivery.ts'

interface Received {
  url: string
  headers: Headers
  body: string
}

/** An emulator whose webhook deliveries land in `received`, answered with `statuses` in turn. */
function withReceiver(statuses: number[] = [], options: CreateEmulatorOptions = {}) {
  const received: Received[] = []
  const webhookFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    received.push({
      url: String(input),
      headers: new Headers(init?.headers),
      body: String(init?.body),
    })
    return new Response(null, { status: statuses.shift() ?? 202 })
  }) as typeof fetch
  return { emulator: setup({ webhookFetch, ...options }), received }
}

async function subscribe(
  emulator: ReturnType<typeof setup>,
  events: string[],
  url = 'http://127.0.0.1:9/hook'
) {
  return jsonOf<{ webhookId: string; signatureSecret: string }>(
    await call(emulator, '/webhooks', { json: { events, url } })
  )
}

describe('webhook subscriptions', () => {
  it('are created with a secret, listed by event, and deleted', async () => {
    const emulator = setup()
    const encoding = await subscribe(emulator, ['video.encoding.quality.completed'])
    await subscribe(emulator, ['live-stream.broadcast.started'])
    expect(encoding.webhookId).toMatch(/^webhook_[0-9A-Za-z]{15}$/)
    expect(encoding.signatureSecret).toMatch(/^sig_sec_[0-9A-Za-z]{22}$/)
    const listed = await jsonOf<{ data: Array<{ webhookId: string }> }>(
      await call(emulator, '/webhooks?events=video.encoding.quality.completed')
    )
    expect(listed.data.map((w) => w.webhookId)).toEqual([encoding.webhookId])
    expect(
      (await call(emulator, `/webhooks/${encoding.webhookId}`, { method: 'DELETE' })).status
    ).toBe(204)
    expect((await call(emulator, `/webhooks/${encoding.webhookId}`)).status).toBe(404)
  })

  it('refuse an unknown event and a missing url, in one 400', async () => {
    const res = await call(setup(), '/webhooks', { json: { events: ['video.deleted'] } })
    const body = await jsonOf<{ problems: Array<{ name: string }> }>(res)
    expect(res.status).toBe(400)
    expect(body.problems.map((p) => p.name)).toEqual(['events', 'url'])
  })
})

describe('webhook delivery', () => {
  it('sends one signed event per quality when an upload finishes encoding on the clock', async () => {
    const { emulator, received } = withReceiver([], { encodingSeconds: 5 })
    const hook = await subscribe(emulator, ['video.encoding.quality.completed'])
    const { videoId } = await createVideo(emulator)
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(10) })
    emulator.clock.advance(4_999)
    await emulator.deliverWebhooks()
    expect(received).toEqual([])
    emulator.clock.advance(1)
    await emulator.deliverWebhooks()
    expect(received.map((r) => JSON.parse(r.body))).toEqual(
      ['240p', '360p', '480p', '720p'].map((quality) => ({
        type: 'video.encoding.quality.completed',
        emittedAt: '2024-01-02T03:04:10+00:00',
        videoId,
        encoding: 'hls',
        quality,
      }))
    )
    for (const request of received) {
      expect(request.url).toBe('http://127.0.0.1:9/hook')
      expect(request.headers.get('x-api-video-webhookid')).toBe(hook.webhookId)
      expect(request.headers.get('x-api-video-signature')).toBe(
        await signWebhookBody(request.body, hook.signatureSecret)
      )
    }
    emulator.clock.advance(60_000)
    await emulator.deliverWebhooks()
    expect(received).toHaveLength(4)
    expect(emulator.stats().webhooks).toEqual({ delivered: 4, retried: 0, failed: 0, skipped: 0 })
  })

  it('goes out when the clock moves, without another request', async () => {
    const { emulator, received } = withReceiver([], { encodingSeconds: 1 })
    await subscribe(emulator, ['video.encoding.quality.completed'])
    const { videoId } = await createVideo(emulator)
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(10) })
    await emulator.fetch('/_emulator/clock', {
      method: 'POST',
      body: JSON.stringify({ advanceSeconds: 1 }),
    })
    await expect.poll(() => received.length).toBe(4)
  })

  it('goes out on its own as real time passes, with no request nor clock move', async () => {
    const { emulator, received } = withReceiver([], { encodingSeconds: 0.05, now: Date.now })
    await subscribe(emulator, ['video.encoding.quality.completed'])
    const { videoId } = await createVideo(emulator)
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(10) })
    await expect.poll(() => received.length, { timeout: 10_000 }).toBe(4)
  })

  it('reaches only the subscribers of an event, from their creation on', async () => {
    const { emulator, received } = withReceiver([], { encodingSeconds: 0 })
    await subscribe(emulator, ['live-stream.broadcast.started'], 'http://127.0.0.1:9/live')
    const { videoId } = await createVideo(emulator)
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(10) })
    await emulator.deliverWebhooks()
    await subscribe(emulator, ['video.encoding.quality.completed'], 'http://127.0.0.1:9/late')
    emulator.clock.advance(1_000)
    await emulator.deliverWebhooks()
    expect(received).toEqual([])
  })

  it('tells of a broadcast starting, ending and its recording', async () => {
    const { emulator, received } = withReceiver()
    await subscribe(emulator, [
      'live-stream.broadcast.started',
      'live-stream.broadcast.ended',
      'video.source.recorded',
    ])
    const { liveStreamId } = await jsonOf<{ liveStreamId: string }>(
      await call(emulator, '/live-streams', { json: { name: 'Show' } })
    )
    emulator.startBroadcast(liveStreamId)
    const recording = emulator.stopBroadcast(liveStreamId)
    await emulator.deliverWebhooks()
    const emittedAt = '2024-01-02T03:04:05+00:00'
    expect(received.map((r) => JSON.parse(r.body))).toEqual([
      { type: 'live-stream.broadcast.started', emittedAt, liveStreamId },
      { type: 'live-stream.broadcast.ended', emittedAt, liveStreamId },
      { type: 'video.source.recorded', emittedAt, liveStreamId, videoId: recording?.videoId },
    ])
  })

  it('tells of a generated summary', async () => {
    const { emulator, received } = withReceiver([], { encodingSeconds: 2 })
    await subscribe(emulator, ['video.summary.generated'])
    const { videoId } = await createVideo(emulator)
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(10) })
    const { summaryId } = await jsonOf<{ summaryId: string }>(
      await call(emulator, '/summaries', { json: { videoId, origin: 'auto' } })
    )
    emulator.clock.advance(4_000)
    await emulator.deliverWebhooks()
    expect(received.map((r) => JSON.parse(r.body))).toEqual([
      {
        type: 'video.summary.generated',
        emittedAt: '2024-01-02T03:04:09+00:00',
        videoId,
        summaryId,
      },
    ])
  })

  it('retries a failing receiver on the emulator clock, a bounded number of times', async () => {
    const { emulator, received } = withReceiver([500, 503, 500, 500, 500], {
      webhookRetryDelaysMs: [1_000, 2_000],
    })
    await subscribe(emulator, ['live-stream.broadcast.started'])
    const { liveStreamId } = await jsonOf<{ liveStreamId: string }>(
      await call(emulator, '/live-streams', { json: { name: 'Show' } })
    )
    emulator.startBroadcast(liveStreamId)
    await emulator.deliverWebhooks()
    expect(received).toHaveLength(1)
    emulator.clock.advance(999)
    await emulator.deliverWebhooks()
    expect(received).toHaveLength(1)
    emulator.clock.advance(1)
    await emulator.deliverWebhooks()
    emulator.clock.advance(2_000)
    await emulator.deliverWebhooks()
    emulator.clock.advance(60_000)
    await emulator.deliverWebhooks()
    expect(received).toHaveLength(3)
    expect(new Set(received.map((r) => r.body)).size).toBe(1)
    expect(emulator.stats().webhooks).toEqual({ delivered: 0, retried: 2, failed: 1, skipped: 0 })
    expect(emulator.webhookDeliveries().map((d) => [d.attempt, d.outcome, d.status])).toEqual([
      [1, 'retried', 500],
      [2, 'retried', 503],
      [3, 'failed', 500],
    ])
  })

  it('retries after a network error, then succeeds', async () => {
    let calls = 0
    const webhookFetch = (async () => {
      calls++
      if (calls === 1) throw new TypeError('fetch failed')
      return new Response('ok')
    }) as typeof fetch
    const emulator = setup({ webhookFetch })
    await subscribe(emulator, ['live-stream.broadcast.started'])
    const { liveStreamId } = await jsonOf<{ liveStreamId: string }>(
      await call(emulator, '/live-streams', { json: { name: 'Show' } })
    )
    emulator.startBroadcast(liveStreamId)
    await emulator.deliverWebhooks()
    emulator.clock.advance(1_000)
    await emulator.deliverWebhooks()
    expect(emulator.stats().webhooks).toMatchObject({ retried: 1, delivered: 1 })
    expect(emulator.webhookDeliveries()[0]).toMatchObject({
      outcome: 'retried',
      error: 'fetch failed',
    })
  })

  it('never sends to a host off the loopback, and counts it as skipped', async () => {
    const { emulator, received } = withReceiver()
    await subscribe(emulator, ['live-stream.broadcast.started'], 'https://hooks.example.com/in')
    const { liveStreamId } = await jsonOf<{ liveStreamId: string }>(
      await call(emulator, '/live-streams', { json: { name: 'Show' } })
    )
    emulator.startBroadcast(liveStreamId)
    await emulator.deliverWebhooks()
    expect(received).toEqual([])
    expect(emulator.stats().webhooks.skipped).toBe(1)
    const log = await jsonOf<{ data: Array<{ outcome: string }> }>(
      await emulator.fetch('/_emulator/webhooks/deliveries')
    )
    expect(log.data).toEqual([
      expect.objectContaining({ outcome: 'skipped', url: 'https://hooks.example.com/in' }),
    ])
  })
})

describe('reset', () => {
  it('forgets webhooks, pending retries, the delivery log and the counts', async () => {
    const { emulator, received } = withReceiver([500])
    await subscribe(emulator, ['live-stream.broadcast.started'])
    const { liveStreamId } = await jsonOf<{ liveStreamId: string }>(
      await call(emulator, '/live-streams', { json: { name: 'Show' } })
    )
    emulator.startBroadcast(liveStreamId)
    await emulator.deliverWebhooks()
    emulator.reset()
    emulator.clock.advance(60_000)
    await emulator.deliverWebhooks()
    expect(received).toHaveLength(1)
    expect(emulator.webhookDeliveries()).toEqual([])
    expect(emulator.stats().webhooks).toEqual({ delivered: 0, retried: 0, failed: 0, skipped: 0 })
    expect((await jsonOf<{ data: unknown[] }>(await call(emulator, '/webhooks'))).data).toEqual([])
  })
})

describe('isLoopback', () => {
  it('accepts 127.0.0.0/8, ::1 and localhost only', () => {
    for (const url of [
      'http://127.0.0.1:1/',
      'http://127.8.9.10/',
      'http://[::1]:80/',
      'https://localhost/',
      'http://a.localhost/',
    ]) {
      expect(isLoopback(url), url).toBe(true)
    }
    for (const url of [
      'http://10.0.0.1/',
      'http://example.com/',
      'http://127.0.0.1.example.com/',
      'ftp://127.0.0.1/',
      'nope',
    ]) {
      expect(isLoopback(url), url).toBe(false)
    }
  })
})

import ApiVideoClient from '@api.video/nodejs-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../emulator.ts'
import { type Listening, listen } from '../server.ts'
import { API_KEY, createVideo, setup, T0, uploadForm } from '../test-support/harness.ts'
import { pngBytes } from '../test-support/images.ts'

// api.video's own Node.js client, unmodified, against the emulator over real HTTP on loopback.

const DAY = 86_400_000
let emulator: Emulator
let server: Listening
let client: ApiVideoClient

beforeAll(async () => {
  emulator = setup({ encodingSeconds: 0 })
  // Media made a day before T0 give the analytics a day of synthetic views.
  emulator.clock.advance(-DAY)
  await createVideo(emulator, 'Launch talk', { tags: ['talks'] })
  emulator.clock.advance(DAY)
  server = await listen(emulator, { port: 0 })
  client = new ApiVideoClient({ apiKey: API_KEY, baseUri: server.url })
})

afterAll(async () => {
  await server?.close()
})

describe('the official Node.js client drives the emulator', () => {
  it('LiveStreams: create, list, get, upload a thumbnail, complete, delete', async () => {
    const created = await client.liveStreams.create({ name: 'Weekly show', _public: true })
    expect(created.liveStreamId).toMatch(/^li/)
    expect(created.broadcasting).toBe(false)
    const page = await client.liveStreams.list({ name: 'Weekly' })
    expect(page.data.map((stream) => stream.liveStreamId)).toEqual([created.liveStreamId])
    const thumbnail = await client.liveStreams.uploadThumbnail(
      created.liveStreamId,
      Buffer.from(pngBytes(640, 360))
    )
    expect(thumbnail.liveStreamId).toBe(created.liveStreamId)
    emulator.startBroadcast(created.liveStreamId)
    expect((await client.liveStreams.get(created.liveStreamId)).broadcasting).toBe(true)
    await client.liveStreams.complete(created.liveStreamId)
    expect((await client.liveStreams.get(created.liveStreamId)).broadcasting).toBe(false)
    const recordings = await client.videos.list({ liveStreamId: created.liveStreamId })
    expect(recordings.data).toHaveLength(1)
    await client.liveStreams.delete(created.liveStreamId)
    await expect(client.liveStreams.get(created.liveStreamId)).rejects.toMatchObject({ code: 404 })
  })

  it('PlayerThemes: create, update, upload a logo with a link, list', async () => {
    const theme = await client.playerThemes.create({ name: 'Brand', forceLoop: true })
    expect(theme.enableApi).toBe(true)
    const updated = await client.playerThemes.update(theme.playerId, { hideTitle: true })
    expect(updated.hideTitle).toBe(true)
    const withLogo = await client.playerThemes.uploadLogo(
      theme.playerId,
      Buffer.from(pngBytes(100, 50)),
      'https://example.com/'
    )
    expect(withLogo.assets?.link).toBe('https://example.com/')
    const page = await client.playerThemes.list({ sortBy: 'name', sortOrder: 'asc' })
    expect(page.data.map((p) => p.playerId)).toContain(theme.playerId)
    await client.playerThemes.deleteLogo(theme.playerId)
  })

  it('Summaries: create for an uploaded video, list, read and edit the source', async () => {
    const { videoId } = await createVideo(emulator, 'Summarised')
    await emulator.fetch(`/videos/${videoId}/source`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${API_KEY}:`)}` },
      body: uploadForm(10),
    })
    const summary = await client.summaries.create({ videoId, origin: 'auto' })
    expect(summary.sourceStatus).toBe('completed')
    const page = await client.summaries.list({ videoId })
    expect(page.data.map((s) => s.summaryId)).toEqual([summary.summaryId])
    const source = await client.summaries.getSummarySource(summary.summaryId as string)
    expect(source.takeaways).toHaveLength(3)
    // The client names the field `_abstract` (a reserved word in its generator) and sends `abstract`.
    const edited = await client.summaries.update(summary.summaryId as string, {
      _abstract: 'Short.',
    })
    expect(edited._abstract).toBe('Short.')
    await client.summaries.delete(summary.summaryId as string)
  })

  it('Analytics: aggregated metrics, a breakdown and a time series', async () => {
    const from = new Date(T0 - DAY)
    const to = new Date(T0)
    const plays = await client.analytics.getAggregatedMetrics({
      metric: 'play',
      aggregation: 'count',
      from,
      to,
    })
    expect(plays.data).toBeGreaterThan(0)
    const byCountry = await client.analytics.getMetricsBreakdown({
      metric: 'play',
      breakdown: 'country',
      from,
      to,
    })
    const summed = byCountry.data.reduce((sum, row) => sum + (row.metricValue ?? 0), 0)
    expect(summed).toBe(plays.data)
    const series = await client.analytics.getMetricsOverTime({
      metric: 'play',
      from,
      to,
      interval: 'hour',
      filterBy: { tag: 'talks' },
      pageSize: 100,
    })
    expect(series.data.reduce((sum, row) => sum + (row.metricValue ?? 0), 0)).toBe(plays.data)
  })

  it('Webhooks: create, list by event, get, delete', async () => {
    const webhook = await client.webhooks.create({
      events: ['live-stream.broadcast.started'],
      url: 'http://127.0.0.1:9/hooks',
    })
    expect(webhook.signatureSecret).toMatch(/^sig_sec_/)
    const page = await client.webhooks.list({ events: 'live-stream.broadcast.started' })
    expect(page.data.map((w) => w.webhookId)).toEqual([webhook.webhookId])
    expect((await client.webhooks.get(webhook.webhookId as string)).url).toBe(
      'http://127.0.0.1:9/hooks'
    )
    await client.webhooks.delete(webhook.webhookId as string)
    expect((await client.webhooks.list()).data).toEqual([])
  })
})

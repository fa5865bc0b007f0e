import { describe, expect, it } from 'vitest'
import { call, jsonOf, setup, slugOf } from '../test-support/harness.ts'
import { GIF_BYTES, imageForm, jpegBytes } from '../test-support/images.ts'

interface LiveStream {
  liveStreamId: string
  name: string
  streamKey: string
  public: boolean
  broadcasting: boolean
  restreams: unknown[]
  assets: { hls: string; player: string; thumbnail: string; iframe: string }
  playerId?: string
}

const create = async (emulator: ReturnType<typeof setup>, json: Record<string, unknown>) =>
  jsonOf<LiveStream>(await call(emulator, '/live-streams', { json }))

describe('POST /live-streams', () => {
  it('creates a stream with a generated stream key, not broadcasting, with live assets', async () => {
    const emulator = setup()
    const stream = await create(emulator, { name: 'Launch' })
    expect(stream).toMatchObject({
      name: 'Launch',
      public: true,
      broadcasting: false,
      restreams: [],
    })
    expect(stream.liveStreamId).toMatch(/^li[0-9A-Za-z]{22}$/)
    expect(stream.streamKey).toMatch(/^[0-9a-f-]{36}$/)
    expect(stream.assets.hls).toBe(`https://live.api.video/${stream.liveStreamId}.m3u8`)
    expect(stream.assets.player).toBe(`https://embed.api.video/live/${stream.liveStreamId}`)
    const other = await create(emulator, { name: 'Other' })
    expect(other.streamKey).not.toBe(stream.streamKey)
  })

  it('refuses a missing name and a restream without an RTMP app', async () => {
    const emulator = setup()
    const missing = await call(emulator, '/live-streams', { json: {} })
    expect([missing.status, await slugOf(missing)]).toEqual([400, 'attribute-required'])
    const res = await call(emulator, '/live-streams', {
      json: { name: 'x', restreams: [{ name: 'YT', serverUrl: 'rtmp://host', streamKey: 'k' }] },
    })
    const body = await jsonOf(res)
    expect(body).toMatchObject({ status: 400, name: 'restreams[0][serverUrl]' })
  })
})

describe('GET /live-streams', () => {
  it('filters by name and stream key, and sorts by name', async () => {
    const emulator = setup()
    const a = await create(emulator, { name: 'Morning show' })
    await create(emulator, { name: 'Evening show' })
    await create(emulator, { name: 'Podcast' })
    const names = async (query: string) =>
      (
        await jsonOf<{ data: LiveStream[] }>(await call(emulator, `/live-streams${query}`))
      ).data.map((s) => s.name)
    expect(await names('?name=show&sortBy=name&sortOrder=asc')).toEqual([
      'Evening show',
      'Morning show',
    ])
    expect(await names(`?streamKey=${a.streamKey}`)).toEqual(['Morning show'])
    expect(await names('?sortBy=name&sortOrder=desc&pageSize=1&currentPage=2')).toEqual([
      'Morning show',
    ])
  })
})

describe('PATCH and DELETE /live-streams/{liveStreamId}', () => {
  it('replaces the restreams and fields given, then deletes', async () => {
    const emulator = setup()
    const restream = { name: 'YT', serverUrl: 'rtmps://yt.example.com/live2', streamKey: 'k1' }
    const { liveStreamId } = await create(emulator, { name: 'A', restreams: [restream] })
    const path = `/live-streams/${liveStreamId}`
    const patched = await jsonOf<LiveStream>(
      await call(emulator, path, {
        method: 'PATCH',
        json: { public: false, restreams: [], playerId: 'pl1' },
      })
    )
    expect(patched).toMatchObject({ name: 'A', public: false, restreams: [], playerId: 'pl1' })
    expect(patched.assets.player).toMatch(/\?token=/)
    expect((await call(emulator, path, { method: 'DELETE' })).status).toBe(204)
    expect((await call(emulator, path)).status).toBe(404)
  })
})

describe('live stream thumbnails', () => {
  it('takes a JPEG, refuses a GIF, and deletes', async () => {
    const emulator = setup()
    const { liveStreamId } = await create(emulator, { name: 'A' })
    const path = `/live-streams/${liveStreamId}/thumbnail`
    const ok = await call(emulator, path, {
      method: 'POST',
      body: imageForm(jpegBytes(1280, 720), 't.jpg'),
    })
    expect(ok.status).toBe(201)
    const gif = await call(emulator, path, { method: 'POST', body: imageForm(GIF_BYTES, 't.gif') })
    expect([gif.status, await slugOf(gif)]).toEqual([400, 'uploaded-file-extension-invalid'])
    expect((await call(emulator, path, { method: 'DELETE' })).status).toBe(200)
  })
})

describe('broadcasts', () => {
  it('turn broadcasting on and off from the control plane and record a video', async () => {
    const emulator = setup()
    const { liveStreamId } = await create(emulator, { name: 'Show' })
    const control = (method: string) =>
      emulator.fetch(`/_emulator/live-streams/${liveStreamId}/broadcast`, { method })
    expect((await control('POST')).status).toBe(200)
    const live = await jsonOf<LiveStream>(await call(emulator, `/live-streams/${liveStreamId}`))
    expect(live.broadcasting).toBe(true)
    const ended = await jsonOf<{ recordingVideoId: string }>(await control('DELETE'))
    const after = await jsonOf<LiveStream>(await call(emulator, `/live-streams/${liveStreamId}`))
    expect(after.broadcasting).toBe(false)
    const videos = await jsonOf<{
      data: Array<{ videoId: string; title: string; source: unknown }>
    }>(await call(emulator, `/videos?liveStreamId=${liveStreamId}`))
    expect(videos.data).toEqual([
      expect.objectContaining({
        videoId: ended.recordingVideoId,
        title: 'Show',
        source: expect.objectContaining({ liveStream: expect.objectContaining({ liveStreamId }) }),
      }),
    ])
    const all = await jsonOf<{ data: unknown[] }>(await call(emulator, '/videos'))
    expect(all.data).toHaveLength(1)
    expect(
      (await call(emulator, '/videos?liveStreamId=li0000000000000000000000').then(jsonOf)).data
    ).toEqual([])
  })

  it('end with PUT /complete, and a stop without a broadcast records nothing', async () => {
    const emulator = setup()
    const { liveStreamId } = await create(emulator, { name: 'Show' })
    expect(emulator.stopBroadcast(liveStreamId)).toBeUndefined()
    expect(emulator.startBroadcast(liveStreamId)).toBe(true)
    const res = await call(emulator, `/live-streams/${liveStreamId}/complete`, { method: 'PUT' })
    expect(res.status).toBe(202)
    const stream = await jsonOf<LiveStream>(await call(emulator, `/live-streams/${liveStreamId}`))
    expect(stream.broadcasting).toBe(false)
    expect(emulator.startBroadcast('li0000000000000000000000')).toBe(false)
    const unknown = await emulator.fetch(
      '/_emulator/live-streams/li0000000000000000000000/broadcast',
      {
        method: 'POST',
      }
    )
    expect(unknown.status).toBe(404)
  })

  it('are forgotten on reset, with the live streams', async () => {
    const emulator = setup()
    const { liveStreamId } = await create(emulator, { name: 'Show' })
    emulator.reset()
    expect((await call(emulator, `/live-streams/${liveStreamId}`)).status).toBe(404)
  })
})

describe('the live stream routes share the API rules', () => {
  it('need auth, answer 405 for another method, allow PUT cross-origin, and count by route', async () => {
    const emulator = setup()
    expect((await call(emulator, '/live-streams', { auth: false })).status).toBe(401)
    expect((await call(emulator, '/live-streams', { method: 'PUT' })).status).toBe(405)
    const preflight = await emulator.fetch('/live-streams/li1/complete', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'PUT' },
    })
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT')
    const { liveStreamId } = await create(emulator, { name: 'A' })
    await call(emulator, `/live-streams/${liveStreamId}`)
    expect(emulator.stats().routes['GET /live-streams/{liveStreamId}']).toEqual({ '200': 1 })
  })
})

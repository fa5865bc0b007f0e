import { describe, expect, it } from 'vitest'
import { call, createVideo, jsonOf, setup, slugOf, T0 } from '../test-support/harness.ts'
import { uploadCaption } from '../test-support/media.ts'

const DAY = 86_400_000
type Video = Record<string, unknown> & { videoId: string }
type List = { data: Video[] }

describe('DELETE /videos/{videoId} without Video Restore (the default)', () => {
  it('destroys the video: nothing can be listed or restored', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator)
    expect((await call(emulator, `/videos/${videoId}`, { method: 'DELETE' })).status).toBe(204)
    expect((await jsonOf<List>(await call(emulator, '/discarded/videos'))).data).toEqual([])
    expect((await call(emulator, `/discarded/videos/${videoId}`)).status).toBe(404)
    const restore = await call(emulator, `/discarded/videos/${videoId}`, {
      method: 'PATCH',
      json: { discarded: false },
    })
    expect(restore.status).toBe(404)
  })
})

describe('discarded videos under Video Restore', () => {
  async function discardedVideo() {
    const emulator = setup({ videoRestore: true })
    const { videoId } = await createVideo(emulator, 'Oops', { tags: ['x'] })
    await uploadCaption(emulator, videoId, 'en')
    await call(emulator, `/videos/${videoId}`, { method: 'DELETE' })
    return { emulator, videoId }
  }

  it('takes the video out of /videos and lists it, dated, with no assets', async () => {
    const { emulator, videoId } = await discardedVideo()
    expect((await call(emulator, `/videos/${videoId}`)).status).toBe(404)
    expect((await jsonOf<List>(await call(emulator, '/videos'))).data).toEqual([])
    const got = await jsonOf<Video>(await call(emulator, `/discarded/videos/${videoId}`))
    expect(got).toMatchObject({
      videoId,
      title: 'Oops',
      discarded: true,
      discardedAt: '2024-01-02T03:04:05+00:00',
      deletesAt: '2024-04-01T03:04:05+00:00',
      assets: null,
    })
    const list = await jsonOf<List>(await call(emulator, '/discarded/videos?tags[]=x'))
    expect(list.data.map((video) => video.videoId)).toEqual([videoId])
    const none = await jsonOf<List>(await call(emulator, '/discarded/videos?title=nothing'))
    expect(none.data).toEqual([])
  })

  it('restores with discarded: false only, with its captions', async () => {
    const { emulator, videoId } = await discardedVideo()
    const patch = (json: unknown) =>
      call(emulator, `/discarded/videos/${videoId}`, { method: 'PATCH', json })
    expect(await jsonOf(await patch({ discarded: true }))).toMatchObject({
      status: 400,
      name: 'discarded',
      detail: 'Value must be false.',
    })
    expect(await slugOf(await patch({}))).toBe('attribute-required')
    const restored = await patch({ discarded: false })
    expect(restored.status).toBe(200)
    expect(await jsonOf(restored)).toMatchObject({
      videoId,
      discarded: false,
      discardedAt: null,
      assets: expect.objectContaining({ hls: expect.any(String) }),
    })
    expect((await call(emulator, `/videos/${videoId}`)).status).toBe(200)
    expect((await call(emulator, `/videos/${videoId}/captions/en`)).status).toBe(200)
    expect((await call(emulator, `/discarded/videos/${videoId}`)).status).toBe(404)
  })

  it('deletes it for good 90 days later on the emulator clock', async () => {
    let now = T0
    const emulator = setup({ videoRestore: true, now: () => now })
    const { videoId } = await createVideo(emulator)
    await uploadCaption(emulator, videoId, 'en')
    await call(emulator, `/videos/${videoId}`, { method: 'DELETE' })
    now += 90 * DAY - 1
    expect((await call(emulator, `/discarded/videos/${videoId}`)).status).toBe(200)
    expect(emulator.stats().resources).toMatchObject({ discardedVideos: 1, captions: 1 })
    now += 1
    expect((await call(emulator, `/discarded/videos/${videoId}`)).status).toBe(404)
    expect(emulator.stats().resources).toMatchObject({ discardedVideos: 0, captions: 0 })
  })
})

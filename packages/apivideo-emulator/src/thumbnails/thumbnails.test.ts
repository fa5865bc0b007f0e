import { describe, expect, it } from 'vitest'
import { call, jsonOf, setup, slugOf } from '../test-support/harness.ts'
import { GIF, JPEG, mp4Header, newVideoId, PNG, postFile, WEBP } from '../test-support/media.ts'

const FAKE_VIDEO = 'vi0000000000000000000000'
type VideoBody = { assets: { thumbnail: string }; updatedAt: string }

describe('POST /videos/{videoId}/thumbnail', () => {
  it('takes a JPEG, PNG or WebP and gives the video a new thumbnail URL each time', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    const before = await jsonOf<VideoBody>(await call(emulator, `/videos/${videoId}`))
    const urls = [before.assets.thumbnail]
    for (const image of [JPEG, PNG, WEBP]) {
      const res = await postFile(emulator, `/videos/${videoId}/thumbnail`, image)
      expect(res.status).toBe(200)
      urls.push((await jsonOf<VideoBody>(res)).assets.thumbnail)
    }
    expect(new Set(urls).size).toBe(4)
    const after = await jsonOf<VideoBody>(await call(emulator, `/videos/${videoId}`))
    expect(after.assets.thumbnail).toBe(urls[3])
  })

  it('refuses other images by their content, whatever the file is called', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    const res = await postFile(emulator, `/videos/${videoId}/thumbnail`, GIF, 'cover.jpg')
    expect(res.status).toBe(400)
    const body = await jsonOf(res)
    expect(body).toMatchObject({ name: 'file' })
    expect(String(body.type)).toMatch(/uploaded-file-extension-invalid$/)
    expect(body.title).toBe(
      'Only [jpeg, jpg, JPG, JPEG, png, PNG, webp, WEBP] extensions are supported.'
    )
  })

  it('refuses images over 8 MiB, a request without a file, and an unknown video', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    const big = new Uint8Array(8 * 1024 * 1024 + 1)
    big.set(PNG)
    expect(await slugOf(await postFile(emulator, `/videos/${videoId}/thumbnail`, big))).toBe(
      'uploaded-file-too-large'
    )
    const empty = await call(emulator, `/videos/${videoId}/thumbnail`, {
      method: 'POST',
      body: new FormData(),
    })
    expect(await slugOf(empty)).toBe('uploaded-file-no-file')
    const unknown = await postFile(emulator, `/videos/${FAKE_VIDEO}/thumbnail`, PNG)
    expect(unknown.status).toBe(404)
  })

  it('serves the uploaded image at the local thumbnail URL', async () => {
    const emulator = setup({ assets: 'local' })
    const videoId = await newVideoId(emulator)
    const video = await jsonOf<VideoBody>(
      await postFile(emulator, `/videos/${videoId}/thumbnail`, PNG)
    )
    const image = await emulator.fetch(video.assets.thumbnail)
    expect(image.headers.get('content-type')).toBe('image/png')
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG)
  })
})

describe('PATCH /videos/{videoId}/thumbnail', () => {
  const pick = (emulator: ReturnType<typeof setup>, videoId: string, json: unknown) =>
    call(emulator, `/videos/${videoId}/thumbnail`, { method: 'PATCH', json })

  it('picks a frame in each documented timecode form and changes the thumbnail URL', async () => {
    const emulator = setup({ assets: 'local' })
    const videoId = await newVideoId(emulator)
    const urls = new Set<string>()
    for (const timecode of ['00:01:00.000', '00:00:03:12', '124', '00:00:05.50']) {
      const res = await pick(emulator, videoId, { timecode })
      expect(res.status).toBe(200)
      urls.add((await jsonOf<VideoBody>(res)).assets.thumbnail)
    }
    expect(urls.size).toBe(4)
    const frame = await emulator.fetch([...urls][3] as string)
    expect(await frame.text()).toContain('@ 00:00:05.50')
  })

  it('picks the first frame for a timecode past the end, once the length is known', async () => {
    const emulator = setup({ assets: 'local', encodingSeconds: 10 })
    const videoId = await newVideoId(emulator)
    await postFile(emulator, `/videos/${videoId}/source`, mp4Header(5), 'clip.mp4')
    const frameAt = async (timecode: string) => {
      const video = await jsonOf<VideoBody>(await pick(emulator, videoId, { timecode }))
      const svg = await (await emulator.fetch(video.assets.thumbnail)).text()
      return /@ ([\d:.]+)/.exec(svg)?.[1]
    }
    // Still encoding: the length is not known yet, the timecode is kept.
    expect(await frameAt('00:00:10.000')).toBe('00:00:10.000')
    emulator.clock.advance(10_000)
    const status = await jsonOf<{ encoding: { metadata: { duration: number | null } } }>(
      await call(emulator, `/videos/${videoId}/status`)
    )
    expect(status.encoding.metadata.duration).toBe(5)
    expect(await frameAt('00:00:10.000')).toBe('00:00:00.00')
    expect(await frameAt('00:00:04.000')).toBe('00:00:04.000')
  })

  it('refuses a missing or malformed timecode and an unknown video', async () => {
    const emulator = setup()
    const videoId = await newVideoId(emulator)
    expect(await slugOf(await pick(emulator, videoId, {}))).toBe('attribute-required')
    for (const timecode of ['1:2', '00:61:00', 'soon', 12]) {
      const res = await pick(emulator, videoId, { timecode })
      expect(await jsonOf(res)).toMatchObject({ status: 400, name: 'timecode' })
    }
    expect((await pick(emulator, FAKE_VIDEO, { timecode: '1' })).status).toBe(404)
  })
})

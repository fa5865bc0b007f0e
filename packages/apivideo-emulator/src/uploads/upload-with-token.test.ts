import { describe, expect, it } from 'vitest'
import {
  bytes,
  call,
  createUploadToken,
  createVideo,
  jsonOf,
  MIB,
  setup,
  sha256,
  slugOf,
  uploadForm,
} from '../test-support/harness.ts'

type VideoBody = { videoId: string; title: string }

describe('POST /upload?token=…', () => {
  it('creates a video titled after the file, answering 201 without any Authorization', async () => {
    const emulator = setup()
    const token = await createUploadToken(emulator)
    const res = await call(emulator, `/upload?token=${token}`, {
      method: 'POST',
      body: uploadForm(1000, { filename: 'holiday.mp4' }),
      auth: false,
    })
    expect(res.status).toBe(201)
    const video = await jsonOf<VideoBody>(res)
    expect(video).toMatchObject({
      videoId: expect.stringMatching(/^vi[0-9A-Za-z]{22}$/),
      title: 'holiday.mp4',
    })
    expect(emulator.ingest(video.videoId)).toMatchObject({ mode: 'single', totalBytes: 1000 })
  })

  it('links chunks that carry the videoId of the first answer into one video', async () => {
    const emulator = setup()
    const token = await createUploadToken(emulator, 3600)
    const parts = [bytes(5 * MIB, 1), bytes(5 * MIB, 2), bytes(2 * MIB, 3)]
    let videoId: string | undefined
    for (const [index, part] of parts.entries()) {
      const res = await call(emulator, `/upload?token=${token}`, {
        method: 'POST',
        headers: { 'content-range': `part ${index + 1}/3` },
        body: uploadForm(part, videoId ? { videoId } : {}),
        auth: false,
      })
      expect(res.status).toBe(201)
      videoId = (await jsonOf<VideoBody>(res)).videoId
    }
    const ingest = emulator.ingest(videoId as string)
    expect(ingest?.completedAt).not.toBeNull()
    expect(ingest?.receivedBytes).toBe(12 * MIB)
    expect(ingest?.parts.map((p) => p.sha256)).toEqual(await Promise.all(parts.map(sha256)))
    const list = await jsonOf<{ data: unknown[] }>(await call(emulator, '/videos'))
    expect(list.data).toHaveLength(1)
  })

  it('makes a new video for every chunk sent without videoId, as the real service does', async () => {
    const emulator = setup()
    const token = await createUploadToken(emulator)
    for (const part of [1, 2]) {
      const res = await call(emulator, `/upload?token=${token}`, {
        method: 'POST',
        headers: { 'content-range': `part ${part}/3` },
        body: uploadForm(5 * MIB),
        auth: false,
      })
      expect(res.status).toBe(201)
    }
    const list = await jsonOf<{ data: unknown[] }>(await call(emulator, '/videos'))
    expect(list.data).toHaveLength(2)
  })

  it('uploads into an existing video named by videoId', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator, 'Pre-created')
    const token = await createUploadToken(emulator)
    const res = await call(emulator, `/upload?token=${token}`, {
      method: 'POST',
      body: uploadForm(10, { videoId }),
      auth: false,
    })
    expect(await jsonOf(res)).toMatchObject({ videoId, title: 'Pre-created' })
  })

  it('answers 404 for an unknown videoId and creates nothing for a refused chunk', async () => {
    const emulator = setup()
    const token = await createUploadToken(emulator)
    const unknown = await call(emulator, `/upload?token=${token}`, {
      method: 'POST',
      body: uploadForm(10, { videoId: 'vi0000000000000000000000' }),
      auth: false,
    })
    expect(unknown.status).toBe(404)
    expect(await jsonOf(unknown)).toMatchObject({ name: 'videoId' })
    const tooSmall = await call(emulator, `/upload?token=${token}`, {
      method: 'POST',
      headers: { 'content-range': 'part 1/2' },
      body: uploadForm(10),
      auth: false,
    })
    expect(await slugOf(tooSmall)).toBe('video-content-range-by-part-uploaded-file-too-small')
    expect((await jsonOf<{ data: unknown[] }>(await call(emulator, '/videos'))).data).toEqual([])
  })

  it.each([
    ['/upload', 'authentication-missing-upload-token'],
    ['/upload?token=', 'authentication-missing-upload-token'],
    ['/upload?token=to0000000000000000000000', 'authentication-invalid-upload-token'],
  ])('answers %s with 401 %s', async (path, slug) => {
    const res = await call(setup(), path, { method: 'POST', body: uploadForm(10), auth: false })
    expect(res.status).toBe(401)
    expect(await slugOf(res)).toBe(slug)
  })

  it('refuses a token once it expired or was deleted', async () => {
    const emulator = setup()
    const expiring = await createUploadToken(emulator, 30)
    const deleted = await createUploadToken(emulator)
    await call(emulator, `/upload-tokens/${deleted}`, { method: 'DELETE' })
    emulator.clock.advance(30_000)
    for (const token of [expiring, deleted]) {
      const res = await call(emulator, `/upload?token=${token}`, {
        method: 'POST',
        body: uploadForm(10),
        auth: false,
      })
      expect(await slugOf(res)).toBe('authentication-invalid-upload-token')
    }
  })

  it('accepts the file part whatever its field name, as the Node client names it', async () => {
    const emulator = setup()
    const token = await createUploadToken(emulator)
    const res = await call(emulator, `/upload?token=${token}`, {
      method: 'POST',
      body: uploadForm(10, { field: 'clip.mp4' }),
      auth: false,
    })
    expect(res.status).toBe(201)
  })
})

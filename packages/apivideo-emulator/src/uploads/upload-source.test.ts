import { describe, expect, it } from 'vitest'
import {
  call,
  createVideo,
  jsonOf,
  MIB,
  setup,
  slugOf,
  uploadForm,
} from '../test-support/harness.ts'

async function withVideo() {
  const emulator = setup()
  const { videoId } = await createVideo(emulator)
  const upload = (body: BodyInit, headers: Record<string, string> = {}) =>
    call(emulator, `/videos/${videoId}/source`, { method: 'POST', body, headers })
  return { emulator, videoId, upload }
}

describe('POST /videos/{videoId}/source', () => {
  it('takes a whole file once, answering 201 with the video', async () => {
    const { emulator, videoId, upload } = await withVideo()
    const res = await upload(uploadForm(1234))
    expect(res.status).toBe(201)
    expect(await jsonOf(res)).toMatchObject({
      videoId,
      source: { uri: `/videos/${videoId}/source` },
    })
    expect(emulator.ingest(videoId)?.totalBytes).toBe(1234)
    const again = await upload(uploadForm(1234))
    expect(await jsonOf(again)).toMatchObject({
      status: 400,
      name: 'file',
      problems: [{ name: 'file' }],
    })
  })

  it('rejects chunks under 5 MiB except the last, with the default minimum', async () => {
    const { upload } = await withVideo()
    const small = await upload(uploadForm(5 * MIB - 1), { 'content-range': 'part 1/2' })
    expect(await slugOf(small)).toBe('video-content-range-by-part-uploaded-file-too-small')
    expect((await upload(uploadForm(5 * MIB), { 'content-range': 'part 1/2' })).status).toBe(201)
    expect((await upload(uploadForm(1), { 'content-range': 'part 2/2' })).status).toBe(201)
  })

  it('takes byte ranges', async () => {
    const { emulator, videoId, upload } = await withVideo()
    const first = await upload(uploadForm(5 * MIB), {
      'content-range': `bytes 0-${5 * MIB - 1}/${5 * MIB + 3}`,
    })
    expect(first.status).toBe(201)
    const last = await upload(uploadForm(3), {
      'content-range': `bytes ${5 * MIB}-${5 * MIB + 2}/${5 * MIB + 3}`,
    })
    expect(last.status).toBe(201)
    expect(emulator.ingest(videoId)?.completedAt).not.toBeNull()
  })

  it('answers a request without a file, with two files or with an empty one', async () => {
    const { upload } = await withVideo()
    const none = new FormData()
    none.append('title', 'x')
    expect(await slugOf(await upload(none))).toBe('uploaded-file-no-file')
    const two = uploadForm(10)
    two.append('other', new Blob(['x']), 'b.mp4')
    expect(await slugOf(await upload(two))).toBe('uploaded-file-multiple-files')
    expect(await slugOf(await upload(uploadForm(0)))).toBe('uploaded-file-empty')
    expect(await slugOf(await upload('plain text'))).toBe('uploaded-file-no-file')
  })

  it('answers a malformed multipart body with invalid-payload', async () => {
    const { upload } = await withVideo()
    const res = await upload('--x\r\nnonsense', {
      'content-type': 'multipart/form-data; boundary=x',
    })
    expect(res.status).toBe(400)
    expect(await slugOf(res)).toBe('invalid-payload')
  })

  it('refuses a body over maxUploadBytes with uploaded-file-too-large', async () => {
    const emulator = setup({ maxUploadBytes: 1000 })
    const { videoId } = await createVideo(emulator)
    const res = await call(emulator, `/videos/${videoId}/source`, {
      method: 'POST',
      body: uploadForm(2000),
    })
    expect(await slugOf(res)).toBe('uploaded-file-too-large')
  })

  it('answers 404 for an unknown video and 401 without credentials', async () => {
    const emulator = setup()
    const missing = await call(emulator, '/videos/vi0000000000000000000000/source', {
      method: 'POST',
      body: uploadForm(10),
    })
    expect(missing.status).toBe(404)
    const anonymous = await call(emulator, '/videos/vi0000000000000000000000/source', {
      method: 'POST',
      body: uploadForm(10),
      auth: false,
    })
    expect(anonymous.status).toBe(401)
  })

  it('answers a malformed Content-Range before reading the file', async () => {
    const { upload } = await withVideo()
    const res = await upload(uploadForm(10), { 'content-range': 'chunk 1 of 2' })
    expect(await slugOf(res)).toBe('video-content-range-malformed')
  })
})

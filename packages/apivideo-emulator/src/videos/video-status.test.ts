import { describe, expect, it } from 'vitest'
import { call, createVideo, jsonOf, MIB, setup, uploadForm } from '../test-support/harness.ts'

describe('GET /videos/{videoId}/status', () => {
  it('follows a chunked upload, then encoding on the emulator clock', async () => {
    const emulator = setup({ encodingSeconds: 10 })
    const { videoId } = await createVideo(emulator)
    const status = async () => jsonOf(await call(emulator, `/videos/${videoId}/status`))
    expect(await status()).toMatchObject({
      ingest: { filesize: null, receivedBytes: [] },
      encoding: { playable: false, qualities: [] },
    })
    const send = (part: number, size: number) =>
      call(emulator, `/videos/${videoId}/source`, {
        method: 'POST',
        headers: { 'content-range': `part ${part}/2` },
        body: uploadForm(size),
      })
    await send(1, 5 * MIB)
    expect(await status()).toMatchObject({
      ingest: { status: 'uploading', filesize: null, receivedParts: { parts: [1], total: 2 } },
    })
    await send(2, 100)
    expect(await status()).toMatchObject({
      ingest: {
        status: 'uploaded',
        filesize: 5 * MIB + 100,
        receivedParts: { parts: [1, 2], total: 2 },
      },
      encoding: {
        playable: false,
        qualities: expect.arrayContaining([{ type: 'hls', quality: '240p', status: 'encoding' }]),
      },
    })
    emulator.clock.advance(10_000)
    const done = await status()
    expect(done).toMatchObject({ encoding: { playable: true } })
    expect(
      (done.encoding as { qualities: Array<{ status: string }> }).qualities.every(
        (q) => q.status === 'encoded'
      )
    ).toBe(true)
  })

  it('reports byte ranges of a whole-file upload', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator)
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(300) })
    expect(await jsonOf(await call(emulator, `/videos/${videoId}/status`))).toMatchObject({
      ingest: {
        status: 'uploaded',
        filesize: 300,
        receivedBytes: [{ from: 0, to: 299, total: 300 }],
      },
    })
  })

  it('answers 404 for an unknown video', async () => {
    expect((await call(setup(), '/videos/vi0000000000000000000000/status')).status).toBe(404)
  })
})

import { describe, expect, it } from 'vitest'
import { call, createVideo, jsonOf, setup, slugOf, uploadForm } from '../test-support/harness.ts'

interface Summary {
  summaryId: string
  videoId: string
  origin: string
  sourceStatus: string
}

async function summarise(emulator: ReturnType<typeof setup>, json: Record<string, unknown>) {
  return jsonOf<Summary>(await call(emulator, '/summaries', { json }))
}

describe('summaries', () => {
  it('wait for the upload and an encoding-like delay, then read the same text every time', async () => {
    const emulator = setup({ encodingSeconds: 10 })
    const { videoId } = await createVideo(emulator, 'Quantum cats', {
      description: 'how cats tunnel',
    })
    const summary = await summarise(emulator, { videoId, origin: 'auto' })
    expect(summary).toMatchObject({ videoId, origin: 'auto', sourceStatus: 'waiting' })
    const source = () => call(emulator, `/summaries/${summary.summaryId}/source`).then(jsonOf)
    expect(await source()).toEqual({})
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(10) })
    emulator.clock.advance(19_999)
    const listed = async () =>
      (await jsonOf<{ data: Summary[] }>(await call(emulator, `/summaries?videoId=${videoId}`)))
        .data
    expect((await listed())[0]?.sourceStatus).toBe('waiting')
    emulator.clock.advance(1)
    expect((await listed())[0]?.sourceStatus).toBe('completed')
    const text = await source()
    expect(text).toEqual({
      abstract: expect.stringContaining('Quantum cats'),
      takeaways: [
        expect.any(String),
        expect.stringContaining('how cats tunnel'),
        expect.any(String),
      ],
    })
    expect(await source()).toEqual(text)
    const twin = setup({ encodingSeconds: 0 })
    const copy = await createVideo(twin, 'Quantum cats', { description: 'how cats tunnel' })
    await call(twin, `/videos/${copy.videoId}/source`, { method: 'POST', body: uploadForm(10) })
    const other = await summarise(twin, { videoId: copy.videoId, origin: 'auto' })
    expect(await call(twin, `/summaries/${other.summaryId}/source`).then(jsonOf)).toEqual(text)
  })

  it('generate only the attributes asked for', async () => {
    const emulator = setup({ encodingSeconds: 0 })
    const { videoId } = await createVideo(emulator)
    await call(emulator, `/videos/${videoId}/source`, { method: 'POST', body: uploadForm(10) })
    const { summaryId } = await summarise(emulator, {
      videoId,
      origin: 'auto',
      attributes: ['takeaways'],
    })
    const text = await jsonOf(await call(emulator, `/summaries/${summaryId}/source`))
    expect(Object.keys(text)).toEqual(['takeaways'])
  })

  it('without origin auto stay missing until a source is patched in', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator)
    const summary = await summarise(emulator, { videoId })
    expect(summary).toMatchObject({ origin: 'api', sourceStatus: 'missing' })
    const patched = await call(emulator, `/summaries/${summary.summaryId}/source`, {
      method: 'PATCH',
      json: { abstract: 'Mine.', takeaways: ['a'] },
    })
    expect([patched.status, await jsonOf(patched)]).toEqual([
      201,
      { abstract: 'Mine.', takeaways: ['a'] },
    ])
    const list = await jsonOf<{ data: Summary[] }>(
      await call(emulator, '/summaries?sourceStatus=completed&origin=api')
    )
    expect(list.data.map((s) => s.summaryId)).toEqual([summary.summaryId])
  })

  it('are one per video (409), refuse an edit while generating (409), and can be deleted', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator)
    const { summaryId } = await summarise(emulator, { videoId, origin: 'auto' })
    const again = await call(emulator, '/summaries', { json: { videoId } })
    expect([again.status, await slugOf(again)]).toEqual([409, 'summary-already-exists'])
    const edit = await call(emulator, `/summaries/${summaryId}/source`, {
      method: 'PATCH',
      json: { abstract: 'x' },
    })
    expect([edit.status, await slugOf(edit)]).toEqual([409, 'summary-already-exists'])
    expect((await call(emulator, `/summaries/${summaryId}`, { method: 'DELETE' })).status).toBe(204)
    expect((await call(emulator, '/summaries', { json: { videoId } })).status).toBe(201)
  })

  it('sort by video id and refuse an unknown video', async () => {
    const emulator = setup()
    const ids = []
    for (let i = 0; i < 3; i++) {
      const { videoId } = await createVideo(emulator)
      ids.push(videoId)
      await summarise(emulator, { videoId })
    }
    const list = await jsonOf<{ data: Summary[] }>(
      await call(emulator, '/summaries?sortBy=videoId&sortOrder=desc')
    )
    expect(list.data.map((s) => s.videoId)).toEqual([...ids].sort().reverse())
    const unknown = await call(emulator, '/summaries', {
      json: { videoId: 'vi0000000000000000000000' },
    })
    expect(await jsonOf(unknown)).toMatchObject({ status: 404, name: 'videoId' })
  })
})

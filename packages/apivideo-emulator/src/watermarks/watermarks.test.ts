import { describe, expect, it } from 'vitest'
import { call, jsonOf, setup, slugOf, T0 } from '../test-support/harness.ts'
import { JPEG, PNG, postFile, uploadWatermark, WEBP } from '../test-support/media.ts'

type List = { data: Array<{ watermarkId: string; createdAt: string }> }

describe('watermarks', () => {
  it('uploads a PNG or JPEG and answers 200 with its id and date', async () => {
    const emulator = setup()
    for (const image of [PNG, JPEG]) {
      const res = await postFile(emulator, '/watermarks', image, 'logo')
      expect(res.status).toBe(200)
      expect(await jsonOf(res)).toEqual({
        watermarkId: expect.stringMatching(/^watermark_[0-9A-Za-z]{22}$/),
        createdAt: '2024-01-02T03:04:05+00:00',
      })
    }
  })

  it('refuses other images with the OAS title listing JPEG and PNG', async () => {
    const res = await postFile(setup(), '/watermarks', WEBP, 'logo.webp')
    expect(await jsonOf(res)).toMatchObject({
      status: 400,
      name: 'file',
      title: 'Only [jpeg, jpg, JPG, JPEG, png, PNG] extensions are supported.',
    })
  })

  it('lists by creation date in either order, and deletes', async () => {
    let now = T0
    const emulator = setup({ now: () => now })
    const first = await uploadWatermark(emulator)
    now += 1000
    const second = await uploadWatermark(emulator)
    const ids = async (query: string) =>
      (await jsonOf<List>(await call(emulator, `/watermarks${query}`))).data.map(
        (w) => w.watermarkId
      )
    expect(await ids('')).toEqual([first, second])
    expect(await ids('?sortBy=createdAt&sortOrder=desc')).toEqual([second, first])
    expect(await slugOf(await call(emulator, '/watermarks?sortBy=name'))).toBe(
      'invalid-query-parameter'
    )
    const remove = () => call(emulator, `/watermarks/${first}`, { method: 'DELETE' })
    expect((await remove()).status).toBe(204)
    expect(await jsonOf(await remove())).toMatchObject({ status: 404, name: 'watermarkId' })
    expect(await ids('')).toEqual([second])
  })

  it('lets POST /videos refer to an uploaded watermark, and refuses an unknown one', async () => {
    const emulator = setup()
    const watermarkId = await uploadWatermark(emulator)
    const create = (watermark: unknown) =>
      call(emulator, '/videos', { json: { title: 'Marked', watermark } })
    expect((await create({ id: watermarkId, top: '10px', opacity: '70%' })).status).toBe(201)
    const unknown = await jsonOf(await create({ id: 'watermark_0000000000000000000000' }))
    expect(unknown).toMatchObject({ status: 400, name: 'watermark' })
    expect(String(unknown.type)).toMatch(/invalid-attribute$/)
    expect(await slugOf(await create({ top: '10px' }))).toBe('invalid-attribute')
    await call(emulator, `/watermarks/${watermarkId}`, { method: 'DELETE' })
    expect((await create({ id: watermarkId })).status).toBe(400)
  })
})

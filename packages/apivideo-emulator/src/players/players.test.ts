import { describe, expect, it } from 'vitest'
import { call, jsonOf, setup, slugOf } from '../test-support/harness.ts'
import { imageForm, jpegBytes, pngBytes } from '../test-support/images.ts'

interface Player {
  playerId: string
  name?: string
  text: string
  enableApi: boolean
  forceLoop: boolean
  assets?: { logo: string; link: string }
}

describe('player themes', () => {
  it('are created with the documented defaults, then updated field by field', async () => {
    const emulator = setup()
    const created = await jsonOf<Player>(
      await call(emulator, '/players', { json: { name: 'Dark' } })
    )
    expect(created).toMatchObject({
      name: 'Dark',
      text: 'rgba(255, 255, 255, 1)',
      trackPlayed: 'rgba(88, 131, 255, .95)',
      enableApi: true,
      enableControls: true,
      forceAutoplay: false,
      forceLoop: false,
    })
    expect(created.playerId).toMatch(/^pl[0-9A-Za-z]{22}$/)
    expect(created.assets).toBeUndefined()
    const path = `/players/${created.playerId}`
    const patched = await jsonOf<Player>(
      await call(emulator, path, {
        method: 'PATCH',
        json: { forceLoop: true, text: 'rgba(0, 0, 0, 1)' },
      })
    )
    expect(patched).toMatchObject({ name: 'Dark', forceLoop: true, text: 'rgba(0, 0, 0, 1)' })
    expect(await jsonOf<Player>(await call(emulator, path))).toEqual(patched)
  })

  it('refuse a non-boolean flag and a name over 100 characters, in one 400', async () => {
    const emulator = setup()
    const res = await call(emulator, '/players', { json: { enableApi: 1, name: 'n'.repeat(101) } })
    const body = await jsonOf<{ problems: Array<{ name: string }> }>(res)
    expect(res.status).toBe(400)
    expect(body.problems.map((p) => p.name).sort()).toEqual(['enableApi', 'name'])
  })

  it('list sorted by name, paged', async () => {
    const emulator = setup()
    for (const name of ['b', 'c', 'a']) await call(emulator, '/players', { json: { name } })
    const page = await jsonOf<{ data: Player[]; pagination: { pagesTotal: number } }>(
      await call(emulator, '/players?sortBy=name&sortOrder=asc&pageSize=2')
    )
    expect(page.data.map((p) => p.name)).toEqual(['a', 'b'])
    expect(page.pagination.pagesTotal).toBe(2)
  })

  it('take a PNG or JPEG logo within 200×100 px with its link, and lose it on delete', async () => {
    const emulator = setup()
    const { playerId } = await jsonOf<Player>(await call(emulator, '/players', { json: {} }))
    const logo = (body: FormData) =>
      call(emulator, `/players/${playerId}/logo`, { method: 'POST', body })
    const res = await logo(
      imageForm(pngBytes(120, 40), 'logo.png', { link: 'https://example.com/' })
    )
    expect(res.status).toBe(201)
    expect((await jsonOf<Player>(res)).assets).toEqual({
      logo: `https://cdn.api.video/player/${playerId}/logo.png`,
      link: 'https://example.com/',
    })
    const jpeg = await jsonOf<Player>(await logo(imageForm(jpegBytes(200, 100), 'logo.jpg')))
    expect(jpeg.assets?.logo).toMatch(/logo\.jpg$/)
    const tall = await logo(imageForm(jpegBytes(100, 101), 'tall.jpg'))
    expect([tall.status, await slugOf(tall)]).toEqual([400, 'invalid-attribute'])
    const heavy = await logo(imageForm(new Uint8Array(101 * 1024).fill(0x89), 'heavy.png'))
    expect([heavy.status, await slugOf(heavy)]).toEqual([400, 'uploaded-file-too-large'])
    const badLink = await logo(imageForm(pngBytes(1, 1), 'l.png', { link: 'javascript:alert(1)' }))
    expect(badLink.status).toBe(400)
    expect((await call(emulator, `/players/${playerId}/logo`, { method: 'DELETE' })).status).toBe(
      204
    )
    expect(
      (await jsonOf<Player>(await call(emulator, `/players/${playerId}`))).assets
    ).toBeUndefined()
  })

  it('are gone after delete: 404 with the name playerId', async () => {
    const emulator = setup()
    const { playerId } = await jsonOf<Player>(await call(emulator, '/players', { json: {} }))
    expect((await call(emulator, `/players/${playerId}`, { method: 'DELETE' })).status).toBe(204)
    const res = await call(emulator, `/players/${playerId}`)
    expect(await jsonOf(res)).toMatchObject({ status: 404, name: 'playerId' })
  })
})

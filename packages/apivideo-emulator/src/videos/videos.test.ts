import { describe, expect, it } from 'vitest'
import { atomDate } from '../clock.ts'
import { call, createVideo, jsonOf, setup, slugOf, T0 } from '../test-support/harness.ts'

type Listing = {
  data: Array<{ title: string; videoId: string }>
  pagination: { links: Array<{ rel: string; uri: string }> } & Record<string, unknown>
}

describe('POST /videos', () => {
  it('creates a video with the documented fields, ATOM dates and plausible assets', async () => {
    const res = await call(setup(), '/videos', { json: { title: 'Maths', tags: ['a'] } })
    expect(res.status).toBe(201)
    const video = await jsonOf(res)
    const id = String(video.videoId)
    expect(id).toMatch(/^vi[0-9A-Za-z]{22}$/)
    expect(video).toMatchObject({
      title: 'Maths',
      description: '',
      createdAt: atomDate(T0),
      publishedAt: atomDate(T0),
      updatedAt: atomDate(T0),
      discarded: false,
      discardedAt: null,
      deletesAt: null,
      languageOrigin: null,
      tags: ['a'],
      metadata: [],
      public: true,
      panoramic: false,
      mp4Support: true,
      source: { uri: `/videos/${id}/source` },
      assets: {
        player: `https://embed.api.video/vod/${id}`,
        hls: `https://cdn.api.video/vod/${id}/hls/manifest.m3u8`,
        thumbnail: `https://cdn.api.video/vod/${id}/thumbnail.jpg`,
        mp4: `https://cdn.api.video/vod/${id}/mp4/source.mp4`,
      },
    })
    expect(String(video.createdAt)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
  })

  it('lists every attribute error in one 400, the first at the top level', async () => {
    const res = await call(setup(), '/videos', { json: { tags: 'x', public: 'yes' } })
    expect(res.status).toBe(400)
    const body = await jsonOf<{ name: string; problems: Array<{ name: string; type: string }> }>(
      res
    )
    expect(body.name).toBe('title')
    expect(body.problems.map((p) => p.name)).toEqual(['title', 'public', 'tags'])
    expect(body.problems[0]?.type).toMatch(/attribute-required$/)
  })

  it('validates language like the OAS examples', async () => {
    const emulator = setup()
    const bad = await jsonOf(
      await call(emulator, '/videos', { json: { title: 't', language: 'f r' } })
    )
    expect(bad).toMatchObject({
      name: 'language',
      detail: expect.stringContaining('letters and dashes'),
    })
    const unknown = await jsonOf(
      await call(emulator, '/videos', { json: { title: 't', language: 'xx' } })
    )
    expect(unknown).toMatchObject({
      name: 'language',
      detail: 'The "language" attribute is not valid.',
    })
    const ok = await jsonOf(
      await call(emulator, '/videos', { json: { title: 't', language: 'fr' } })
    )
    expect(ok).toMatchObject({ language: 'fr', languageOrigin: 'api' })
  })

  it('accepts a source URL with 202 and a copy of another video with 201', async () => {
    const emulator = setup()
    const fromUrl = await call(emulator, '/videos', {
      json: { title: 't', source: 'https://example.com/a.mp4' },
    })
    expect(fromUrl.status).toBe(202)
    const { videoId } = await jsonOf<{ videoId: string }>(fromUrl)
    const copy = await call(emulator, '/videos', { json: { title: 'c', source: videoId } })
    expect(copy.status).toBe(201)
    const bad = await call(emulator, '/videos', { json: { title: 'c', source: 'nothing' } })
    expect(await slugOf(bad)).toBe('invalid-attribute')
  })

  it('gives private videos a fresh token in their asset URLs on every read', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator, 'secret', { public: false })
    const first = await jsonOf<{ assets: Record<string, string> }>(
      await call(emulator, `/videos/${videoId}`)
    )
    const second = await jsonOf<{ assets: Record<string, string> }>(
      await call(emulator, `/videos/${videoId}`)
    )
    expect(first.assets.mp4).toMatch(
      new RegExp(`/vod/${videoId}/token/[0-9a-f-]{36}/mp4/source.mp4$`)
    )
    expect(first.assets.player).toMatch(/\?token=[0-9a-f-]{36}$/)
    expect(first.assets.mp4).not.toBe(second.assets.mp4)
  })
})

describe('GET, PATCH and DELETE /videos/{videoId}', () => {
  it('reads, updates (arrays replace, null clears) and deletes a video', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator, 'Before', { tags: ['a', 'b'], playerId: 'pl1' })
    expect(await jsonOf(await call(emulator, `/videos/${videoId}`))).toMatchObject({
      title: 'Before',
    })
    emulator.clock.advance(5_000)
    const patched = await call(emulator, `/videos/${videoId}`, {
      method: 'PATCH',
      json: { title: 'After', tags: ['c'], playerId: null },
    })
    expect(patched.status).toBe(200)
    const body = await jsonOf(patched)
    expect(body).toMatchObject({ title: 'After', tags: ['c'], updatedAt: atomDate(T0 + 5_000) })
    expect(body).not.toHaveProperty('playerId')
    expect((await call(emulator, `/videos/${videoId}`, { method: 'DELETE' })).status).toBe(204)
    const gone = await call(emulator, `/videos/${videoId}`)
    expect(gone.status).toBe(404)
    expect(await jsonOf(gone)).toMatchObject({
      name: 'videoId',
      title: 'The requested resource could not be found.',
    })
  })

  it('refuses a PATCH with a wrong type', async () => {
    const emulator = setup()
    const { videoId } = await createVideo(emulator)
    const res = await call(emulator, `/videos/${videoId}`, {
      method: 'PATCH',
      json: { mp4Support: 1 },
    })
    expect(res.status).toBe(400)
    expect(await jsonOf(res)).toMatchObject({ name: 'mp4Support' })
  })

  it.each(['GET', 'PATCH', 'DELETE'])('answers %s on an unknown video with 404', async (method) => {
    const res = await call(setup(), '/videos/vi0000000000000000000000', {
      method,
      ...(method === 'PATCH' ? { json: {} } : {}),
    })
    expect(res.status).toBe(404)
    expect(await slugOf(res)).toBe('resource-not-found')
  })
})

describe('GET /videos', () => {
  async function three() {
    const emulator = setup()
    await createVideo(emulator, 'Cats at home', {
      tags: ['pets', 'cats'],
      metadata: [{ key: 'k', value: '1' }],
    })
    emulator.clock.advance(1_000)
    await createVideo(emulator, 'Dogs outside', { tags: ['pets'], description: 'a walk' })
    emulator.clock.advance(1_000)
    await createVideo(emulator, 'Aquarium', { tags: ['fish'] })
    return emulator
  }
  const titles = async (emulator: ReturnType<typeof setup>, query: string) =>
    (await jsonOf<Listing>(await call(emulator, `/videos${query}`))).data.map((v) => v.title)

  it('filters by title, tags, description and metadata', async () => {
    const emulator = await three()
    expect(await titles(emulator, '?title=at')).toEqual(['Cats at home'])
    expect(await titles(emulator, '?tags[]=pets')).toEqual(['Cats at home', 'Dogs outside'])
    expect(await titles(emulator, '?tags[]=pets&tags[]=cats')).toEqual(['Cats at home'])
    expect(await titles(emulator, '?description=walk')).toEqual(['Dogs outside'])
    expect(await titles(emulator, '?metadata[k]=1')).toEqual(['Cats at home'])
    expect(await titles(emulator, '?liveStreamId=li1')).toEqual([])
  })

  it('sorts by title or dates, ascending or descending', async () => {
    const emulator = await three()
    expect(await titles(emulator, '?sortBy=title&sortOrder=asc')).toEqual([
      'Aquarium',
      'Cats at home',
      'Dogs outside',
    ])
    expect(await titles(emulator, '?sortBy=createdAt&sortOrder=desc')).toEqual([
      'Aquarium',
      'Dogs outside',
      'Cats at home',
    ])
    expect(await slugOf(await call(emulator, '/videos?sortBy=size'))).toBe(
      'invalid-query-parameter'
    )
    expect(await slugOf(await call(emulator, '/videos?sortOrder=up'))).toBe(
      'invalid-query-parameter'
    )
  })

  it('lists videos created in the same second newest first when sorting descending', async () => {
    const emulator = setup()
    for (const title of ['First', 'Second', 'Third']) await createVideo(emulator, title)
    expect(await titles(emulator, '?sortBy=createdAt&sortOrder=desc')).toEqual([
      'Third',
      'Second',
      'First',
    ])
    expect(await titles(emulator, '?sortBy=createdAt&sortOrder=asc')).toEqual([
      'First',
      'Second',
      'Third',
    ])
  })

  it('pages with the documented envelope and previous/next links only when they exist', async () => {
    const emulator = await three()
    const page2 = await jsonOf<Listing>(await call(emulator, '/videos?currentPage=2&pageSize=1'))
    expect(page2.data.map((v) => v.title)).toEqual(['Dogs outside'])
    expect(page2.pagination).toEqual({
      currentPage: 2,
      currentPageItems: 1,
      pageSize: 1,
      pagesTotal: 3,
      itemsTotal: 3,
      links: [
        { rel: 'self', uri: '/videos?currentPage=2&pageSize=1' },
        { rel: 'first', uri: '/videos?currentPage=1&pageSize=1' },
        { rel: 'previous', uri: '/videos?currentPage=1&pageSize=1' },
        { rel: 'next', uri: '/videos?currentPage=3&pageSize=1' },
        { rel: 'last', uri: '/videos?currentPage=3&pageSize=1' },
      ],
    })
    const filtered = await jsonOf<Listing>(await call(emulator, '/videos?tags[]=pets'))
    expect(filtered.pagination.links[0]).toEqual({
      rel: 'self',
      uri: '/videos?tags[]=pets&currentPage=1&pageSize=25',
    })
  })

  it('answers an out-of-range page with the OAS 400 and its range', async () => {
    const res = await call(setup(), '/videos?currentPage=0&pageSize=101')
    expect(res.status).toBe(400)
    expect(await jsonOf(res)).toMatchObject({
      name: 'page',
      range: { min: 1 },
      problems: [
        { name: 'page', range: { min: 1 } },
        { name: 'pageSize', range: { min: 1, max: 100 } },
      ],
    })
    expect((await call(setup(), '/videos?pageSize=abc')).status).toBe(400)
  })

  it('answers an empty list as one empty page', async () => {
    const body = await jsonOf<Listing>(await call(setup(), '/videos'))
    expect(body.data).toEqual([])
    expect(body.pagination).toMatchObject({ pagesTotal: 1, itemsTotal: 0, currentPageItems: 0 })
  })

  it('starts with sample videos when seedVideos is set, and again after a reset', async () => {
    const emulator = setup({ seedVideos: 3 })
    expect((await jsonOf<Listing>(await call(emulator, '/videos'))).data).toHaveLength(3)
    emulator.reset()
    expect((await jsonOf<Listing>(await call(emulator, '/videos'))).data).toHaveLength(3)
  })
})

describe('metadata', () => {
  it('must be an array of {key, value} strings', async () => {
    const emulator = setup()
    const notArray = await jsonOf(
      await call(emulator, '/videos', { json: { title: 't', metadata: {} } })
    )
    expect(notArray).toMatchObject({ name: 'metadata', title: 'This attribute must be an array.' })
    const badItem = await jsonOf(
      await call(emulator, '/videos', { json: { title: 't', metadata: [{ key: 'k', value: 1 }] } })
    )
    expect(badItem).toMatchObject({
      name: 'metadata',
      type: expect.stringMatching(/invalid-attribute$/),
    })
  })
})

import { describe, expect, it } from 'vitest'
import { call, createVideo, jsonOf, setup, slugOf } from '../test-support/harness.ts'

type Tags = {
  data: Array<{ value: string; videoCount: number }>
  pagination: { itemsTotal: number; links: Array<{ rel: string; uri: string }> }
}

async function withVideos(tagSets: string[][]) {
  const emulator = setup({ videoRestore: true })
  for (const tags of tagSets) await createVideo(emulator, 'Tagged', { tags })
  return emulator
}

const list = async (emulator: ReturnType<typeof setup>, query = '') =>
  jsonOf<Tags>(await call(emulator, `/tags${query}`))

describe('GET /tags', () => {
  it('counts the videos of each tag, alphabetically by default', async () => {
    const emulator = await withVideos([['maths', 'tutorials'], ['maths'], ['Été', 'maths']])
    expect((await list(emulator)).data).toEqual([
      { value: 'Été', videoCount: 1 },
      { value: 'maths', videoCount: 3 },
      { value: 'tutorials', videoCount: 1 },
    ])
  })

  it('filters on partial values ignoring accents and case', async () => {
    const emulator = await withVideos([['apple'], ['grapple'], ['APPLES'], ['Éàpple'], ['pear']])
    const values = (await list(emulator, '?value=apple')).data.map((tag) => tag.value)
    expect(values).toEqual(['apple', 'APPLES', 'Éàpple', 'grapple'])
    expect((await list(emulator, '?value=eapp')).data.map((tag) => tag.value)).toEqual(['Éàpple'])
  })

  it('sorts by videoCount, pages, and refuses an unknown sort', async () => {
    const emulator = await withVideos([['a', 'b'], ['b'], ['b', 'c'], ['c']])
    const top = await list(emulator, '?sortBy=videoCount&sortOrder=desc&pageSize=2')
    expect(top.data).toEqual([
      { value: 'b', videoCount: 3 },
      { value: 'c', videoCount: 2 },
    ])
    expect(top.pagination.itemsTotal).toBe(3)
    expect(top.pagination.links.find((link) => link.rel === 'next')?.uri).toBe(
      '/tags?sortBy=videoCount&sortOrder=desc&currentPage=2&pageSize=2'
    )
    expect(await slugOf(await call(emulator, '/tags?sortBy=name'))).toBe('invalid-query-parameter')
  })

  it('follows updates and leaves out discarded videos', async () => {
    const emulator = await withVideos([['keep']])
    const { videoId } = await createVideo(emulator, 'Gone', { tags: ['keep', 'gone'] })
    expect((await list(emulator)).data).toHaveLength(2)
    await call(emulator, `/videos/${videoId}`, { method: 'DELETE' })
    expect((await list(emulator)).data).toEqual([{ value: 'keep', videoCount: 1 }])
  })
})

import { describe, expect, it } from 'vitest'
import { createOwnerCache, type Owner } from './owner-cache.ts'

function setup(size = 3, ttlSeconds = 60) {
  let time = 0
  const reads: string[] = []
  const cache = createOwnerCache({ size, ttlSeconds, now: () => time })
  /** Reads through the cache; `'missing'`: api.video has no such video. */
  const read = (videoId: string, owner: Owner | 'missing' = `owner-of-${videoId}`) =>
    cache.resolve(videoId, async () => {
      reads.push(videoId)
      return owner === 'missing' ? undefined : owner
    })
  return { cache, reads, read, advance: (ms: number) => (time += ms) }
}

describe('the owner cache', () => {
  it('reads a video once within its time, then again after it', async () => {
    const { reads, read, advance } = setup()
    expect(await read('v1')).toBe('owner-of-v1')
    advance(59_999)
    expect(await read('v1')).toBe('owner-of-v1')
    expect(reads).toEqual(['v1'])
    advance(1)
    await read('v1')
    expect(reads).toEqual(['v1', 'v1'])
  })

  it('shares one read between concurrent lookups of a video', async () => {
    const { reads, read } = setup()
    const owners = await Promise.all(Array.from({ length: 20 }, () => read('v1')))
    expect(new Set(owners)).toEqual(new Set(['owner-of-v1']))
    expect(reads).toEqual(['v1'])
  })

  it('keeps at most its size, forgetting the least recently used first', async () => {
    const { cache, reads, read } = setup(3)
    for (const id of ['v1', 'v2', 'v3']) await read(id)
    await read('v1') // used again: v2 is now the oldest
    await read('v4')
    expect(cache.size).toBe(3)
    reads.length = 0
    await read('v1')
    await read('v3')
    await read('v4')
    expect(reads).toEqual([])
    await read('v2')
    expect(reads).toEqual(['v2'])
  })

  it('forgets an evicted (deleted) video', async () => {
    const { cache, reads, read } = setup()
    await read('v1')
    cache.evict('v1')
    await read('v1')
    expect(reads).toEqual(['v1', 'v1'])
  })

  it('remembers videos nobody owns, but never a missing one', async () => {
    const { reads, read } = setup()
    expect(await read('unowned', null)).toBeNull()
    expect(await read('unowned', null)).toBeNull()
    expect(await read('missing', 'missing')).toBeUndefined()
    expect(await read('missing', 'missing')).toBeUndefined()
    expect(reads).toEqual(['unowned', 'missing', 'missing'])
  })

  it('keeps what it is told without a read, and nothing at all with size or time 0', async () => {
    const { cache, reads, read } = setup()
    cache.remember('v9', 'alice')
    expect(await read('v9')).toBe('alice')
    expect(reads).toEqual([])
    for (const off of [setup(0), setup(3, 0)]) {
      await off.read('v1')
      await off.read('v1')
      expect(off.reads).toEqual(['v1', 'v1'])
      expect(off.cache.size).toBe(0)
    }
  })

  it('lets a failed read be tried again', async () => {
    const { cache } = setup()
    await expect(
      cache.resolve('v1', () => Promise.reject(new Error('api.video is down')))
    ).rejects.toThrow('api.video is down')
    expect(await cache.resolve('v1', async () => 'alice')).toBe('alice')
  })
})

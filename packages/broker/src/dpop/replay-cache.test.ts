import { describe, expect, it } from 'vitest'
import { createMemoryReplayCache } from './replay-cache.ts'

describe('the memory replay cache', () => {
  it('claims an id once, until it expires', () => {
    let at = 1_000
    const cache = createMemoryReplayCache({ now: () => at })
    expect(cache.claim('jkt.a', 2_000)).toBe(true)
    expect(cache.claim('jkt.a', 2_000)).toBe(false)
    at = 1_999
    expect(cache.claim('jkt.a', 3_000)).toBe(false)
    at = 2_000
    expect(cache.claim('jkt.a', 3_000)).toBe(true)
  })

  it('keeps distinct ids apart', () => {
    const cache = createMemoryReplayCache({ now: () => 0 })
    expect(cache.claim('one.x', 10)).toBe(true)
    expect(cache.claim('two.x', 10)).toBe(true)
    expect(cache.claim('one.x', 10)).toBe(false)
  })

  it('frees expired entries first, so a full cache still remembers every live id', () => {
    let at = 0
    const cache = createMemoryReplayCache({ maxEntries: 3, now: () => at })
    cache.claim('old-1', 100)
    cache.claim('old-2', 100)
    at = 50
    cache.claim('live', 1_000)
    at = 200
    cache.claim('new-1', 1_000)
    cache.claim('new-2', 1_000)
    expect(cache.claim('live', 1_000)).toBe(false)
    expect(cache.claim('new-1', 1_000)).toBe(false)
    expect(cache.claim('new-2', 1_000)).toBe(false)
  })

  it('never holds more than maxEntries: past it, the oldest live entry is dropped', () => {
    const cache = createMemoryReplayCache({ maxEntries: 2, now: () => 0 })
    cache.claim('a', 100)
    cache.claim('b', 100)
    cache.claim('c', 100)
    expect(cache.claim('b', 100)).toBe(false)
    expect(cache.claim('c', 100)).toBe(false)
    // 'a' was dropped to make room: bounded memory costs the oldest entry its protection.
    expect(cache.claim('a', 100)).toBe(true)
  })
})

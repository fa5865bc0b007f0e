import { describe, expect, it } from 'vitest'
import { createMemoryRateLimiter } from './limiter.ts'

describe('the in-memory rate limiter', () => {
  it('allows the budget per key and period, then says how long to wait', () => {
    let now = 0
    const limiter = createMemoryRateLimiter({ requests: 2, periodSeconds: 10, now: () => now })
    expect(limiter.limit({ key: 'a' })).toEqual({ success: true })
    expect(limiter.limit({ key: 'a' })).toEqual({ success: true })
    now = 4_000
    expect(limiter.limit({ key: 'a' })).toEqual({ success: false, retryAfterSeconds: 6 })
    expect(limiter.limit({ key: 'b' })).toEqual({ success: true })
    now = 10_000
    expect(limiter.limit({ key: 'a' })).toEqual({ success: true })
  })

  it('forgets the oldest keys past maxKeys, so memory stays bounded', () => {
    const limiter = createMemoryRateLimiter({
      requests: 1,
      periodSeconds: 60,
      now: () => 0,
      maxKeys: 2,
    })
    limiter.limit({ key: 'a' })
    limiter.limit({ key: 'b' })
    limiter.limit({ key: 'c' })
    // "a" was evicted, so it starts a new window.
    expect(limiter.limit({ key: 'a' })).toEqual({ success: true })
    expect(limiter.limit({ key: 'c' })).toMatchObject({ success: false })
  })
})

/**
 * The outcome of one rate-limit check.
 *
 * @example
 * const result: RateLimitResult = { success: false, retryAfterSeconds: 12 }
 */
export interface RateLimitResult {
  success: boolean
  /** Seconds until the caller may try again, when known. */
  retryAfterSeconds?: number
}

/**
 * A per-key rate limiter. The Workers Rate Limiting binding (`env.RATE_LIMITER`) has exactly this
 * shape, so it can be passed as is.
 *
 * @example
 * const limiter: RateLimiter = { limit: async ({ key }) => ({ success: await redisAllows(key) }) }
 */
export interface RateLimiter {
  limit(options: { key: string }): Promise<RateLimitResult> | RateLimitResult
}

/**
 * Options of `createMemoryRateLimiter`.
 *
 * @example
 * const options: MemoryRateLimiterOptions = { requests: 60, periodSeconds: 60, now: Date.now }
 */
export interface MemoryRateLimiterOptions {
  /** Requests allowed per key and period. */
  requests: number
  periodSeconds: number
  now: () => number
  /** Keys remembered at most; the oldest windows are dropped first. Default: 10 000. */
  maxKeys?: number
}

/**
 * Fixed-window counters in memory (per isolate or process). Like the Workers binding, it is
 * approximate across instances; it bounds what one caller can take from one instance.
 *
 * @example
 * const limiter = createMemoryRateLimiter({ requests: 60, periodSeconds: 60, now: Date.now })
 * const { success } = await limiter.limit({ key: 'token:sub:user-42' })
 */
export function createMemoryRateLimiter({
  requests,
  periodSeconds,
  now,
  maxKeys = 10_000,
}: MemoryRateLimiterOptions): RateLimiter {
  const periodMs = periodSeconds * 1000
  const windows = new Map<string, { start: number; count: number }>()
  return {
    limit({ key }) {
      const at = now()
      let window = windows.get(key)
      if (!window || at - window.start >= periodMs) {
        windows.delete(key)
        window = { start: at, count: 0 }
        windows.set(key, window)
        if (windows.size > maxKeys) evictOldest(windows, maxKeys)
      }
      window.count++
      if (window.count <= requests) return { success: true }
      return {
        success: false,
        retryAfterSeconds: Math.max(1, Math.ceil((window.start + periodMs - at) / 1000)),
      }
    },
  }
}

/** Map order is insertion order, and a new window is re-inserted: the first keys are the oldest. */
function evictOldest(windows: Map<string, unknown>, maxKeys: number): void {
  for (const key of windows.keys()) {
    if (windows.size <= maxKeys) return
    windows.delete(key)
  }
}

import type { Context, MiddlewareHandler } from 'hono'
import type { BrokerEnv } from '../context.ts'
import { BrokerError } from '../errors.ts'
import type { RateLimiter } from '../rate-limit/limiter.ts'

export interface RateLimitMiddlewareOptions {
  /** `undefined` turns the check off. */
  limiter: RateLimiter | undefined
  /** Separates the budgets of different routes that share a limiter. */
  bucket: string
  /** The caller's key within the bucket. */
  key: (c: Context<BrokerEnv>) => string
  /** `Retry-After` when the limiter does not say. */
  periodSeconds: number
}

/** 429 `rate_limited` with `Retry-After` once a caller used up its budget. */
export function rateLimit({
  limiter,
  bucket,
  key,
  periodSeconds,
}: RateLimitMiddlewareOptions): MiddlewareHandler<BrokerEnv> {
  // Off: a pass-through, without an async step of its own on every request.
  if (limiter === undefined) {
    return function rateLimitOff(_c, next) {
      return next()
    }
  }
  return async function rateLimit(c, next) {
    const result = await limiter.limit({ key: `${bucket}:${key(c)}` })
    if (!result.success) {
      throw new BrokerError('rate_limited', {
        headers: { 'retry-after': String(result.retryAfterSeconds ?? periodSeconds) },
      })
    }
    await next()
  }
}

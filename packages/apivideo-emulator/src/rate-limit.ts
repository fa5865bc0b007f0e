import type { MiddlewareHandler } from 'hono'
import type { RateLimits } from './options.ts'
import { ApiProblem } from './problem.ts'

export type MethodClass = keyof RateLimits

const WINDOW_MS = 60_000

/** Uploads are the two source routes; other reads are GET/HEAD; everything else writes. */
export function methodClass(method: string, path: string): MethodClass {
  if (method === 'POST' && (path === '/upload' || /^\/videos\/[^/]+\/source$/.test(path))) {
    return 'uploads'
  }
  return method === 'GET' || method === 'HEAD' ? 'reads' : 'writes'
}

export type RateLimiter = ReturnType<typeof createRateLimiter>

/**
 * Fixed one-minute windows per method class, on the emulator clock (api.video's docs: Rate limits). Every answer
 * it lets through carries `X-RateLimit-Limit/Remaining/Retry-After`; past the limit it answers the
 * documented 429 without running the route. `/auth/*` and the control plane are mounted outside.
 */
export function createRateLimiter(limits: RateLimits | false, now: () => number) {
  let windows = new Map<MethodClass, { start: number; count: number }>()

  function take(kind: MethodClass) {
    const at = now()
    let window = windows.get(kind)
    if (!window || at >= window.start + WINDOW_MS || at < window.start) {
      window = { start: at, count: 0 }
      windows.set(kind, window)
    }
    const retryAfter = Math.max(1, Math.ceil((window.start + WINDOW_MS - at) / 1000))
    return { window, retryAfter }
  }

  const middleware: MiddlewareHandler = async function rateLimit(c, next) {
    if (!limits || c.req.method === 'OPTIONS') return next()
    const kind = methodClass(c.req.method, c.req.path)
    const limit = limits[kind]
    const { window, retryAfter } = take(kind)
    const headers = (remaining: number) => ({
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-retry-after': String(retryAfter),
    })
    if (window.count >= limit) throw new ApiProblem('too-many-requests', {}, headers(0))
    window.count++
    const remaining = limit - window.count
    await next()
    for (const [name, value] of Object.entries(headers(remaining))) c.res.headers.set(name, value)
  }

  return {
    middleware,
    reset(): void {
      windows = new Map()
    },
  }
}

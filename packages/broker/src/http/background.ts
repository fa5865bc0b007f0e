import type { Context } from 'hono'

/** `ctx.waitUntil` where the runtime has one (Workers), so background work outlives the response. */
export function waitUntilOf(c: Context): ((promise: Promise<unknown>) => void) | undefined {
  try {
    const ctx = c.executionCtx
    return (promise) => ctx.waitUntil(promise)
  } catch {
    // Node, Deno and Bun keep running promises alive on their own.
    return undefined
  }
}

/** Token responses must not be cached (RFC 6749 §5.1). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const

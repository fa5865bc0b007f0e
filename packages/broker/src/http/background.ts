import type { Context, ExecutionContext } from 'hono'

/**
 * `ctx.waitUntil` where the runtime has one (Workers), so background work outlives the response.
 * Node, Deno and Bun keep running promises alive on their own: `undefined`.
 */
export function waitUntilOf(c: Context): ((promise: Promise<unknown>) => void) | undefined {
  let ctx: Partial<ExecutionContext>
  try {
    // Throws without an execution context; the Node entry passes one without `waitUntil`.
    ctx = c.executionCtx
  } catch {
    return undefined
  }
  const { waitUntil } = ctx
  return typeof waitUntil === 'function' ? (promise) => waitUntil.call(ctx, promise) : undefined
}

/** Token responses must not be cached (RFC 6749 §5.1). */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const

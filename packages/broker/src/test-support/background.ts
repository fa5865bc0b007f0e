import type { ExecutionContext } from 'hono'

/** A fake Workers execution context whose `waitUntil` tasks a test can await. */
export function createBackground() {
  const pending: Array<Promise<unknown>> = []
  const executionCtx = {
    waitUntil: (promise: Promise<unknown>) => void pending.push(promise),
    passThroughOnException: () => undefined,
    props: {},
  } as unknown as ExecutionContext
  return {
    executionCtx,
    pending,
    /** Awaits every background task started so far (what `waitUntil` keeps alive on Workers). */
    settle: async () => {
      while (pending.length > 0) await Promise.all(pending.splice(0))
    },
  }
}

import type { MiddlewareHandler } from 'hono'
import { authenticate, type CallerAuthenticator } from '../auth/caller.ts'
import type { BrokerEnv } from '../context.ts'

export interface CallerAuthOptions {
  authenticators: readonly CallerAuthenticator[]
}

/** Establishes who asks for a token (`c.var.caller`), or answers 401 `unauthenticated`. */
export function callerAuth({ authenticators }: CallerAuthOptions): MiddlewareHandler<BrokerEnv> {
  return async function callerAuth(c, next) {
    c.set('caller', await authenticate(authenticators, c.req.raw))
    await next()
  }
}

import type { MiddlewareHandler } from 'hono'
import { BrokerError } from '../errors.ts'

export interface OriginGuardOptions {
  origins: ReadonlySet<string>
  /** Refuse requests without an `Origin` header too (browsers always send one on POST). */
  required: boolean
}

/**
 * Refuses requests from origins not on the exact-match allow-list. CORS only keeps other sites
 * from *reading* answers; this keeps them from getting anything done.
 */
export function originGuard({ origins, required }: OriginGuardOptions): MiddlewareHandler {
  // Not async: a pass hands `next()`'s promise on, without an async step of its own.
  return function originGuard(c, next) {
    const origin = c.req.header('origin')
    if (origin === undefined && required) {
      throw new BrokerError('origin_not_allowed', { detail: 'An Origin header is required.' })
    }
    if (origin !== undefined && !origins.has(origin)) throw new BrokerError('origin_not_allowed')
    return next()
  }
}

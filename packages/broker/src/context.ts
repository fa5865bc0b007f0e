import type { Caller } from './auth/caller.ts'
import type { BrokerTokenClaims } from './tokens/signer.ts'

/**
 * The Hono environment of the broker's app: what its middleware hands to its handlers.
 *
 * @example
 * const app: Hono<BrokerEnv> = createBroker(options)
 */
export interface BrokerEnv {
  Variables: {
    requestId: string
    /** Set by `baseHeaders`: the security headers and `x-request-id` every answer carries. */
    baseHeaders: Record<string, string>
    /** Set on `/v1/token` by `authenticateCaller`. */
    caller: Caller
    /** Set by `requireBrokerToken`. */
    claims: BrokerTokenClaims
  }
}

import type { Context } from 'hono'
import type { BrokerEnv } from '../context.ts'
import type { ResolvedOptions } from '../options/resolve.ts'
import type { OwnershipGuard } from '../ownership/guard.ts'
import type { ApiVideoClient } from '../proxy/api-video-client.ts'
import type { Signer } from '../tokens/signer.ts'
import type { UpstreamTokenManager } from '../upstream/token-manager.ts'

/** What every route group is built from. */
export interface RouteDeps {
  options: ResolvedOptions
  signer: Signer
  upstream: UpstreamTokenManager
  client: ApiVideoClient
  /** Present in ownership mode only. */
  ownership?: OwnershipGuard | undefined
}

/** Who a rate limit counts: a `sub`, and whether its caller was anonymous. */
export interface RateLimitSubject {
  sub: string
  /** Decided once, by the authenticator (`Caller.anonymous`), carried in the token's `anon`. */
  anonymous: boolean
}

/**
 * The rate-limit key of a caller: its `sub`, or the client address for anonymous callers, who
 * all share one `sub`.
 */
export function callerKey(
  c: Context<BrokerEnv>,
  options: ResolvedOptions,
  { sub, anonymous }: RateLimitSubject
): string {
  return anonymous ? `anonymous:${options.clientIp?.(c.req.raw) ?? 'unknown'}` : `sub:${sub}`
}

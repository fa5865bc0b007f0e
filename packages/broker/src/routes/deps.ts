import type { Context } from 'hono'
import type { BrokerEnv } from '../context.ts'
import type { ApiVideoClient } from '../proxy/api-video-client.ts'
import type { ResolvedOptions } from '../resolve-options.ts'
import type { Signer } from '../tokens/signer.ts'
import type { UpstreamTokenManager } from '../upstream/token-manager.ts'

/** What every route group is built from. */
export interface RouteDeps {
  options: ResolvedOptions
  signer: Signer
  upstream: UpstreamTokenManager
  client: ApiVideoClient
}

/**
 * The rate-limit key of a caller: its `sub`, plus the client address for anonymous callers, who
 * all share the `sub` "anonymous".
 */
export function callerKey(
  c: Context<BrokerEnv>,
  options: ResolvedOptions,
  sub: string,
  anonymous: boolean
): string {
  return anonymous ? `anonymous:${options.clientIp(c.req.raw) ?? 'unknown'}` : `sub:${sub}`
}

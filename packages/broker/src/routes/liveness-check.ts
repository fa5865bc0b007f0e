import type { ApiVideoClient } from '../proxy/api-video-client.ts'
import type { UpstreamToken, UpstreamTokenManager } from '../upstream/token-manager.ts'

export interface LivenessCheckOptions {
  client: ApiVideoClient
  upstream: UpstreamTokenManager
  now: () => number
  /** How long a token seen working stays trusted, in ms. Default: 60 s. */
  intervalMs?: number
  timeoutMs: number
}

export type LivenessCheck = ReturnType<typeof createLivenessCheck>

/**
 * In passthrough mode only the browser talks to api.video, so nothing tells the broker that the
 * token it hands out was revoked (docs/reliability.md). At most once per `intervalMs`,
 * before handing a token out, one cheap authenticated read proves it still works; the client's
 * renew-once-retry-once turns a 401 into a renewal, and the fresh token is handed out instead.
 */
export function createLivenessCheck({
  client,
  upstream,
  now,
  intervalMs = 60_000,
  timeoutMs,
}: LivenessCheckOptions) {
  let trusted: { accessToken: string; at: number } | undefined
  let inflight: Promise<void> | undefined

  async function probe(waitUntil: ((promise: Promise<unknown>) => void) | undefined) {
    const res = await client.call({
      method: 'GET',
      path: '/videos?currentPage=1&pageSize=1',
      headers: { accept: 'application/json' },
      body: { kind: 'none' },
      timeoutMs,
      waitUntil,
    })
    await res.body?.cancel()
  }

  return async function live(
    token: UpstreamToken,
    waitUntil: ((promise: Promise<unknown>) => void) | undefined
  ): Promise<UpstreamToken> {
    if (trusted?.accessToken !== token.accessToken) {
      // A token not seen before was just obtained or shared: trust it for one interval.
      trusted = { accessToken: token.accessToken, at: now() }
      return token
    }
    if (now() - trusted.at < intervalMs) return token
    inflight ??= probe(waitUntil).finally(() => {
      inflight = undefined
    })
    // A failed probe (api.video down, rate limited) is not a revocation: keep the token.
    await inflight.catch(() => undefined)
    const current = await upstream.getToken({ waitUntil })
    trusted = { accessToken: current.accessToken, at: now() }
    return current
  }
}

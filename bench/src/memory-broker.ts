// The broker and the bare DPoP forward as the tools that time Worker code without sockets run them
// (`profile-dpop.ts` in Node, `dpop-worker/` inside workerd): the same options, the same in-memory
// api.video, so their figures describe the same app.

import { createBroker, generateSigningKey } from '@keyward/broker'
import { memoryUpstream } from '../baseline/memory-upstream.ts'

export const ORIGIN = 'https://app.bench.test'
export const UPSTREAM = 'https://upstream.bench.test'
/** The bare baseline's env; it forwards with the global `fetch`, as a Worker does. */
export const BASELINE_ENV = { UPSTREAM_URL: UPSTREAM, UPSTREAM_TOKEN: 'upstream-token' }

/** One app's `request()`. */
export type Send = (path: string, init: RequestInit) => Response | Promise<Response>

/**
 * The broker's app (anonymous `videos:read`, one-hour tokens, rate limits off, silent) answering
 * from the in-memory api.video, made with `create` (another build's `createBroker` to compare).
 * Made on the first call: Workers forbid random values (the signing key) at module scope.
 */
export function memoryBrokerApp(
  dpop: 'off' | 'required',
  create: typeof createBroker = createBroker
): Send {
  let app: Promise<ReturnType<typeof createBroker>> | undefined
  const make = async () =>
    create({
      apiKey: 'bench-api-key',
      apiBaseUrl: UPSTREAM,
      allowedOrigins: [ORIGIN],
      signingKey: await generateSigningKey(),
      anonymousScopes: ['videos:read'],
      tokenTtlSeconds: 3600,
      rateLimit: false,
      proxyRateLimit: false,
      fetch: memoryUpstream,
      dpop,
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    })
  return async (path, init) => {
    app ??= make()
    return (await app).request(path, init)
  }
}

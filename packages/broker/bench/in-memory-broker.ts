import type { Hono } from 'hono'
import { createBroker } from '../src/broker.ts'
import type { BrokerEnv } from '../src/context.ts'
import type { BrokerOptions } from '../src/options/broker-options.ts'
import { ORIGIN } from '../src/test-support/harness.ts'

/**
 * A broker for the in-process benches: `upstream` stands in for api.video, the caller limits are
 * off so every call does the full work, and `options` go on top.
 */
export function inMemoryBroker(
  upstream: typeof fetch,
  signingKey: BrokerOptions['signingKey'],
  options: Partial<BrokerOptions> = {}
): Hono<BrokerEnv> {
  return createBroker({
    apiKey: 'key',
    apiBaseUrl: 'https://apivideo.test',
    allowedOrigins: [ORIGIN],
    signingKey,
    rateLimit: false,
    proxyRateLimit: false,
    fetch: upstream,
    ...options,
  })
}

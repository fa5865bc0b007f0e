import type { Hono } from 'hono'
import { createBroker } from '../broker.ts'
import type { BrokerEnv } from '../context.ts'
import { BrokerError, problemResponse } from '../errors.ts'
import type { BrokerOptions } from '../options/broker-options.ts'
import { brokerOptionsFromEnv } from '../options/env.ts'
import { type DevClock, devClockFromEnv } from './dev-clock.ts'
import { withDurableReplay } from './dpop-replay.ts'
import type { KeywardWorkerEnv } from './env.ts'
import { upstreamFromEnv } from './upstream.ts'

/**
 * Options of `createWorker`.
 *
 * @example
 * const options: CreateWorkerOptions = { broker: (env) => ({ logLevel: 'warn' }) }
 */
export interface CreateWorkerOptions {
  /**
   * Options that win over the environment (a logger, your own `authenticate`…), or a function of
   * the environment that returns them. Default: none.
   */
  broker?: Partial<BrokerOptions> | ((env: KeywardWorkerEnv) => Partial<BrokerOptions>)
}

/**
 * The Worker's fetch handler: the broker configured from the Worker's vars and secrets
 * (`brokerOptionsFromEnv`), built once per isolate on its first request (Workers forbid crypto and
 * randomness outside a request). Upstream tokens come from the `TokenVault` Durable Object when
 * the `TOKEN_VAULT` binding exists (`UPSTREAM_TOKENS`), kept in isolate memory between renewals;
 * DPoP proofs are claimed in the `DpopReplay` Durable Object when the `DPOP_REPLAY` binding exists.
 * A misconfiguration answers every request with a `problem+json` naming the variable to fix.
 *
 * @example
 * import { createWorker } from '@keyward/broker/cloudflare'
 *
 * export { TokenVault } from '@keyward/broker/cloudflare'
 * export default createWorker()
 */
export function createWorker({ broker: overrides = {} }: CreateWorkerOptions = {}): {
  fetch(request: Request, env: KeywardWorkerEnv, ctx: ExecutionContext): Promise<Response>
} {
  let broker: Hono<BrokerEnv> | undefined
  let clock: DevClock | undefined
  return {
    async fetch(request, env, ctx) {
      try {
        if (!broker) {
          clock = devClockFromEnv(env)
          const options = brokerOptionsFromEnv(env, {
            clientIp: workersClientIp,
            upstream: upstreamFromEnv(env),
            ...(clock ? { now: clock.now } : {}),
            ...(typeof overrides === 'function' ? overrides(env) : overrides),
          })
          broker = createBroker(withDurableReplay(options, env.DPOP_REPLAY))
        }
      } catch (error) {
        return configProblem(error)
      }
      // Only the token routes read the clock; the emulator's may have moved since the last call.
      if (
        clock &&
        request.method !== 'OPTIONS' &&
        new URL(request.url).pathname.startsWith('/v1/')
      ) {
        await clock.sync()
      }
      return broker.fetch(request, env, ctx)
    },
  }
}

/**
 * The caller's address as Cloudflare's edge saw it: the edge sets `CF-Connecting-IP` on every
 * request and overwrites one sent by the client, so only on Workers is this header trustworthy
 * (https://developers.cloudflare.com/fundamentals/reference/http-headers/).
 */
function workersClientIp(request: Request): string | null {
  return request.headers.get('cf-connecting-ip')
}

/** A misconfiguration answers every request with a clear problem, never a secret value. */
function configProblem(error: unknown): Response {
  const problem =
    error instanceof BrokerError ? error : new BrokerError('internal_error', { cause: error })
  console.error(
    JSON.stringify({
      level: 'error',
      event: 'broker.invalid_config',
      code: problem.code,
      detail: problem.detail,
    })
  )
  return problemResponse(problem)
}

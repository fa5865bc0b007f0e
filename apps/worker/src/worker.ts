import { BrokerError, brokerOptionsFromEnv, createBroker, problemResponse } from '@keyward/broker'
import { createDevClock, type DevClock, devClockUrl } from './dev-clock.ts'
import { upstreamFromEnv } from './upstream.ts'

type Broker = ReturnType<typeof createBroker>

/**
 * The Worker's fetch handler. It builds one broker per isolate on the first request (Workers
 * forbid crypto and randomness outside a request). Its upstream tokens come from the `TokenVault`
 * Durable Object shared by every isolate, kept in isolate memory between renewals, or, with
 * `UPSTREAM_TOKENS=memory`, from an exchange of the isolate's own.
 */
export function createWorker(): ExportedHandler<Env> {
  let broker: Broker | undefined
  let clock: DevClock | undefined
  return {
    async fetch(request, env, ctx) {
      try {
        if (!broker) {
          const url = devClockUrl(env.DEV_CLOCK, env.APIVIDEO_BASE_URL)
          clock = url === undefined ? undefined : createDevClock(url)
          broker = createBroker(
            brokerOptionsFromEnv(env, {
              upstream: upstreamFromEnv(env),
              ...(clock ? { now: clock.now } : {}),
            })
          )
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

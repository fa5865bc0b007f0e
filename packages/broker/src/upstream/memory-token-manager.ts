import { BrokerError, noUpstreamToken } from '../errors.ts'
import { createUpstreamAuth, obtainPair, type UpstreamTokenPair } from './auth-client.ts'
import { cooldownMs, type HeldToken, holdToken, isUsable, nextRenewalAttempt } from './renewal.ts'
import { createSingleFlight } from './single-flight.ts'
import type {
  TokenRequestOptions,
  UpstreamConfig,
  UpstreamToken,
  UpstreamTokenManager,
} from './token-manager.ts'

/**
 * Keeps the api.video token pair in memory (one per isolate or process). Concurrent callers share
 * one exchange; renewal starts at about 80 % of the lifetime on the next request and runs in the
 * background, so in steady state no caller waits.
 *
 * @example
 * import { createBroker, createMemoryTokenManager } from '@keyward/broker'
 *
 * const app = createBroker({ ...options, upstream: createMemoryTokenManager })
 */
export function createMemoryTokenManager(config: UpstreamConfig): UpstreamTokenManager {
  const auth = createUpstreamAuth(config)
  const flight = createSingleFlight<HeldToken>()
  // Everything that makes a token different: the account (key) and the environment (base URL).
  const flightKey = `${config.apiBaseUrl} ${config.apiKey}`
  let held: HeldToken | undefined
  let failures = 0
  let coolUntil = 0

  async function renewTask(): Promise<HeldToken> {
    const previous = held
    const refreshToken = config.renewal === 'refresh' ? previous?.refreshToken : undefined
    let pair: UpstreamTokenPair
    let via: string
    try {
      ;({ pair, via } = await obtainPair(auth, refreshToken, () => {
        if (previous) previous.refreshToken = undefined
      }))
    } catch (error) {
      throw failed(error)
    }
    held = holdToken(pair, config.random)
    failures = 0
    coolUntil = 0
    config.logger.info('upstream.token_acquired', {
      via,
      expiresInSeconds: Math.round((pair.expiresAt - config.now()) / 1000),
    })
    return held
  }

  function failed(error: unknown): BrokerError {
    failures++
    const now = config.now()
    const code = error instanceof BrokerError ? error.code : 'internal_error'
    if (held && isUsable(held, now)) {
      // A failed early renewal is not an outage: keep serving the held token, try again later.
      held.renewAt = nextRenewalAttempt(held, now, failures)
      config.logger.warn('upstream.renewal_failed', {
        code,
        failures,
        stillValidMs: held.expiresAt - now,
      })
    } else {
      coolUntil = now + cooldownMs(failures)
      config.logger.error('upstream.token_unavailable', { code, failures })
    }
    return unavailable(now, error)
  }

  function unavailable(now: number, cause?: unknown): BrokerError {
    return noUpstreamToken(coolUntil, now, cause)
  }

  function inBackground(options: TokenRequestOptions): void {
    if (flight.running(flightKey)) return
    const renewal = flight.run(flightKey, renewTask).catch(() => undefined)
    options.waitUntil?.(renewal)
  }

  async function acquire(): Promise<UpstreamToken> {
    const now = config.now()
    if (now < coolUntil && !flight.running(flightKey)) throw unavailable(now)
    return view(await flight.run(flightKey, renewTask))
  }

  return {
    async getToken(options = {}) {
      const now = config.now()
      if (held && isUsable(held, now, options.minValidityMs)) {
        if (now >= held.renewAt) inBackground(options)
        return view(held)
      }
      return acquire()
    },

    async renew(rejected, options = {}) {
      if (held?.accessToken === rejected) held.rejected = true
      else if (held && isUsable(held, config.now(), options.minValidityMs)) return view(held)
      return acquire()
    },

    warm(options = {}) {
      const now = config.now()
      if (held && isUsable(held, now)) {
        if (now >= held.renewAt) inBackground(options)
      } else if (now >= coolUntil) {
        inBackground(options)
      }
    },
  }
}

function view(token: HeldToken): UpstreamToken {
  return { accessToken: token.accessToken, expiresAt: token.expiresAt }
}

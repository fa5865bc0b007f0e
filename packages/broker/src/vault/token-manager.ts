import { type BrokerError, noUpstreamToken } from '../errors.ts'
import { describeError } from '../logger.ts'
import { cooldownMs, isUsable, safetyMarginMs, type UsableToken } from '../upstream/renewal.ts'
import { createSingleFlight } from '../upstream/single-flight.ts'
import type {
  TokenRequestOptions,
  UpstreamConfig,
  UpstreamToken,
  UpstreamTokenManager,
} from '../upstream/token-manager.ts'
import { credentialFingerprint } from './credential.ts'
import type { UpstreamVault, VaultAnswer, VaultToken } from './protocol.ts'

/**
 * Options of `createVaultTokenManager`.
 *
 * @example
 * const options: VaultTokenManagerOptions = {
 *   vault: (name) => env.TOKEN_VAULT.get(env.TOKEN_VAULT.idFromName(name)),
 * }
 */
export interface VaultTokenManagerOptions {
  /**
   * The vault of a credential, by its `credentialFingerprint`. Called for every vault call, so a
   * Durable Object stub broken by an error is never reused.
   */
  vault: (credential: string) => UpstreamVault
}

/** How long a request holding a stale but valid copy waits for the vault before using the copy. */
const STALE_WAIT_MS = 2_000
/** A copy stays fresh at least this long, so clock skew never sends every request to the vault. */
const MIN_FRESH_MS = 1_000

/** The isolate's first-level copy of the vault's token. */
interface CachedToken extends UsableToken {
  accessToken: string
  /** The vault's `renewAt`: until then the copy is used without asking the vault. */
  freshUntil: number
}

/**
 * The upstream token manager of an isolate whose tokens come from a vault (on Workers, the
 * `TokenVault` Durable Object): same interface as `createMemoryTokenManager`, but it never calls
 * `/auth/*` itself. It keeps the vault's token in memory and asks the vault only when that copy is
 * missing, refused by api.video, or past the vault's next renewal, so in steady state the vault is
 * off the request path. Concurrent callers share one vault call; N isolates refused the same token
 * cost the vault one renewal.
 *
 * @example
 * import { createBroker } from '@keyward/broker'
 * import { createVaultTokenManager } from '@keyward/broker/vault'
 *
 * const app = createBroker({
 *   ...options,
 *   upstream: (config) =>
 *     createVaultTokenManager(config, {
 *       vault: (name) => env.TOKEN_VAULT.get(env.TOKEN_VAULT.idFromName(name)),
 *     }),
 * })
 */
export function createVaultTokenManager(
  config: UpstreamConfig,
  { vault }: VaultTokenManagerOptions
): UpstreamTokenManager {
  const flight = createSingleFlight<CachedToken>()
  let credential: Promise<string> | undefined
  let held: CachedToken | undefined
  let failures = 0
  /** After a failed vault call, the vault is not asked again before this (epoch ms). */
  let askAfter = 0

  async function ask(options: TokenRequestOptions, rejected?: string): Promise<CachedToken> {
    credential ??= credentialFingerprint(config.apiBaseUrl, config.apiKey)
    const name = await credential
    const request = {
      credential: name,
      renewal: config.renewal,
      minValidityMs: options.minValidityMs,
    }
    let answer: VaultAnswer
    try {
      const stub = vault(name)
      answer = await (rejected === undefined
        ? stub.getToken(request)
        : stub.renew({ ...request, rejected }))
    } catch (error) {
      throw failed('vault_unreachable', 0, error)
    }
    if (!answer.ok) throw failed(answer.code, answer.retryAfterSeconds)
    return accept(answer.token)
  }

  function accept(token: VaultToken): CachedToken {
    config.secrets.add(token.accessToken)
    failures = 0
    askAfter = 0
    held = {
      accessToken: token.accessToken,
      expiresAt: token.expiresAt,
      marginMs: safetyMarginMs(token),
      rejected: false,
      freshUntil: Math.max(token.renewAt, config.now() + MIN_FRESH_MS),
    }
    return held
  }

  function failed(code: string, retryAfterSeconds: number, cause?: unknown): BrokerError {
    failures++
    const now = config.now()
    askAfter = now + Math.max(retryAfterSeconds * 1000, cooldownMs(failures))
    const error = cause === undefined ? undefined : describeError(cause)
    if (held && isUsable(held, now)) {
      // The copy is still valid: serve it, and ask the vault again later.
      config.logger.warn('upstream.vault_failed', {
        code,
        error,
        failures,
        stillValidMs: held.expiresAt - now,
      })
    } else {
      config.logger.error('upstream.token_unavailable', { code, error, failures })
    }
    return unavailable(now, cause)
  }

  function unavailable(now: number, cause?: unknown): BrokerError {
    return noUpstreamToken(askAfter, now, cause)
  }

  const fromVault = (options: TokenRequestOptions) =>
    flight.run(`token ${options.minValidityMs ?? 0}`, () => ask(options))

  /**
   * The copy is past the vault's `renewAt`, so the vault is renewing it and a refresh will revoke
   * it: ask for its successor, but a slow vault does not hold the request, the copy is still valid.
   */
  async function successor(copy: CachedToken, options: TokenRequestOptions): Promise<CachedToken> {
    const asked = fromVault(options).catch(() => copy)
    options.waitUntil?.(asked)
    let timer: ReturnType<typeof setTimeout> | undefined
    const patience = new Promise<CachedToken>((resolve) => {
      timer = setTimeout(() => resolve(copy), STALE_WAIT_MS)
    })
    try {
      return await Promise.race([asked, patience])
    } finally {
      if (timer !== undefined) clearTimeout(timer)
    }
  }

  return {
    async getToken(options = {}) {
      const now = config.now()
      if (held && isUsable(held, now, options.minValidityMs)) {
        if (now < held.freshUntil || now < askAfter) return view(held)
        return view(await successor(held, options))
      }
      if (now < askAfter && !flight.running(`token ${options.minValidityMs ?? 0}`)) {
        throw unavailable(now)
      }
      return view(await fromVault(options))
    },

    async renew(rejected, options = {}) {
      const now = config.now()
      if (held?.accessToken === rejected) held.rejected = true
      else if (held && isUsable(held, now, options.minValidityMs)) return view(held)
      const key = `renew ${rejected}`
      if (now < askAfter && !flight.running(key)) throw unavailable(now)
      return view(await flight.run(key, () => ask(options, rejected)))
    },

    warm(options = {}) {
      const now = config.now()
      if (held && isUsable(held, now) && now < held.freshUntil) return
      if (now < askAfter || flight.running('token 0')) return
      options.waitUntil?.(fromVault({}).catch(() => undefined))
    },
  }
}

function view(token: CachedToken): UpstreamToken {
  return { accessToken: token.accessToken, expiresAt: token.expiresAt }
}

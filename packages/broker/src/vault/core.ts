import { BrokerError } from '../errors.ts'
import { createUpstreamAuth, obtainPair, type UpstreamTokenPair } from '../upstream/auth-client.ts'
import { holdToken, isUsable, retryDelayMs } from '../upstream/renewal.ts'
import { createSingleFlight } from '../upstream/single-flight.ts'
import { credentialFingerprint } from './credential.ts'
import { resolveVaultOptions, type VaultCoreOptions } from './options.ts'
import type { UpstreamVault, VaultAnswer, VaultTokenRequest } from './protocol.ts'
import type { StoredToken, VaultRecord } from './storage.ts'

/**
 * The vault: an `UpstreamVault` plus the alarm that renews ahead of expiry.
 *
 * @example
 * export class TokenVault extends DurableObject {
 *   async alarm() { await this.core.alarm() }
 * }
 */
export interface VaultCore extends UpstreamVault {
  /** Renews when due (about 80 % of the lifetime, jittered), or retries after a failure. */
  alarm(): Promise<void>
}

const FLIGHT = 'renewal'

/**
 * The storage-agnostic heart of the Durable Object token vault: one per credential, the
 * only place that talks to `/auth/*`. It holds the pair, renews it from an alarm ahead of expiry,
 * spends and persists each refresh token before anything else uses it, recovers from a lost
 * refresh with the API key, retries with jittered backoff while the valid token keeps being
 * served, and answers concurrent callers with one upstream call.
 *
 * @example
 * import { createMemoryVaultStorage, createVaultCore } from '@keyward/broker/vault'
 *
 * const vault = createVaultCore({ apiKey, storage: createMemoryVaultStorage() })
 * const answer = await vault.getToken({ credential, renewal: 'refresh' })
 */
export function createVaultCore(options: VaultCoreOptions): VaultCore {
  const config = resolveVaultOptions(options)
  const { storage, logger, now } = config
  const auth = createUpstreamAuth(config)
  const flight = createSingleFlight<StoredToken>()
  let record: VaultRecord | undefined
  let loading: Promise<VaultRecord> | undefined

  function load(): Promise<VaultRecord> {
    if (record) return Promise.resolve(record)
    loading ??= read().finally(() => {
      loading = undefined
    })
    return loading
  }

  async function read(): Promise<VaultRecord> {
    const credential = await credentialFingerprint(config.apiBaseUrl, config.apiKey)
    const stored = await storage.load()
    if (stored?.version === 1 && stored.credential === credential) {
      config.secrets.add(stored.token?.accessToken)
      config.secrets.add(stored.token?.refreshToken)
      record = stored
      return stored
    }
    if (stored) {
      // Another key's pair (the secret was changed): renewing it would make this object a second
      // coordinator fighting the new key's vault, so it is dropped and its alarm disarmed.
      await storage.clear()
      await storage.schedule(undefined)
      logger.warn('vault.state_discarded', { reason: 'credential_changed' })
    }
    record = { version: 1, credential, token: undefined, failures: 0, coolUntil: 0, refused: false }
    return record
  }

  async function renewTask(rec: VaultRecord): Promise<StoredToken> {
    const previous = rec.token
    // A handed-out (passthrough) token is renewed with the API key: a refresh would revoke it.
    const refreshToken = previous?.handedOut ? undefined : previous?.refreshToken
    let pair: UpstreamTokenPair
    let via: string
    try {
      // Spent, durably, before it is sent: after a lost answer or an eviction mid-call it is
      // never presented again, and the API key takes over
      // (https://docs.api.video/reference/disposable-bearer-token-authentication).
      ;({ pair, via } = await obtainPair(auth, refreshToken, async () => {
        if (previous) previous.refreshToken = undefined
        await storage.save(rec)
      }))
    } catch (error) {
      throw await failed(rec, error)
    }
    const token: StoredToken = { ...holdToken(pair, config.random), handedOut: false }
    const next: VaultRecord = { ...rec, token, failures: 0, coolUntil: 0, refused: false }
    // Persisted before anyone gets it: the new refresh token must outlive this instance.
    await storage.save(next)
    Object.assign(rec, next)
    await storage.schedule(token.renewAt)
    const at = now()
    logger.info('vault.token_acquired', {
      via,
      expiresInSeconds: Math.round((token.expiresAt - at) / 1000),
      renewInSeconds: Math.round((token.renewAt - at) / 1000),
    })
    return token
  }

  /** Reschedules after a failure; the valid token, if any, keeps being served. */
  async function failed(rec: VaultRecord, error: unknown): Promise<unknown> {
    rec.failures++
    const at = now()
    const code = error instanceof BrokerError ? error.code : 'internal_error'
    // A refused key does not heal by retrying: only a new secret (a new vault) fixes it.
    rec.refused = code === 'upstream_rejected'
    const delay = retryDelayMs(rec.failures, config.random)
    const token = rec.token
    let wakeAt: number
    if (token && isUsable(token, at)) {
      const remaining = token.expiresAt - token.marginMs - at
      token.renewAt = rec.refused
        ? at + remaining
        : at + Math.min(delay, Math.max(1000, remaining / 2))
      wakeAt = token.renewAt
      logger.warn('vault.renewal_failed', {
        code,
        failures: rec.failures,
        stillValidMs: remaining,
        retryInMs: rec.refused ? null : wakeAt - at,
      })
    } else {
      rec.coolUntil = at + delay
      wakeAt = rec.coolUntil
      logger.error('vault.token_unavailable', { code, failures: rec.failures, retryInMs: delay })
    }
    await storage.save(rec)
    await storage.schedule(rec.refused ? undefined : wakeAt)
    return error
  }

  const acquire = (rec: VaultRecord) => flight.run(FLIGHT, () => renewTask(rec))

  /** A renewal under way is about to revoke the held token: wait for its successor. */
  async function settled(rec: VaultRecord): Promise<void> {
    if (flight.running(FLIGHT)) await acquire(rec).catch(() => undefined)
  }

  async function serve(
    rec: VaultRecord,
    token: StoredToken,
    request: VaultTokenRequest
  ): Promise<VaultAnswer> {
    if (request.renewal === 'api-key' && !token.handedOut) {
      // This token is about to be in browsers' hands: from now on it is renewed without a refresh.
      token.handedOut = true
      await storage.save(rec)
    }
    const { accessToken, issuedAt, expiresAt, renewAt } = token
    return { ok: true, token: { accessToken, issuedAt, expiresAt, renewAt } }
  }

  function unavailable(code: string, until: number): VaultAnswer {
    return { ok: false, code, retryAfterSeconds: Math.max(1, Math.ceil((until - now()) / 1000)) }
  }

  /** Runs `handle` for a caller of this credential; every failure becomes an answer. */
  async function answer(
    request: VaultTokenRequest,
    handle: (rec: VaultRecord) => Promise<VaultAnswer>
  ): Promise<VaultAnswer> {
    try {
      const rec = await load()
      if (request.credential !== rec.credential) {
        logger.error('vault.credential_mismatch', {})
        return unavailable('invalid_config', 0)
      }
      return await handle(rec)
    } catch (error) {
      const code = error instanceof BrokerError ? error.code : 'internal_error'
      return unavailable(code, record?.coolUntil ?? 0)
    }
  }

  return {
    getToken: (request) =>
      answer(request, async (rec) => {
        await settled(rec)
        const at = now()
        const token = rec.token
        if (token && isUsable(token, at, request.minValidityMs)) {
          if (at < token.renewAt || rec.refused) return serve(rec, token, request)
          // Due, and the alarm has not run yet: renew now; a failure still serves the valid token.
          return serve(rec, await acquire(rec).catch(() => token), request)
        }
        if (at < rec.coolUntil) return unavailable('upstream_unavailable', rec.coolUntil)
        return serve(rec, await acquire(rec), request)
      }),

    renew: (request) =>
      answer(request, async (rec) => {
        await settled(rec)
        const token = rec.token
        const at = now()
        if (token && token.accessToken === request.rejected) token.rejected = true
        // Another isolate's 401 already renewed it: the current token answers this one too.
        else if (token && isUsable(token, at, request.minValidityMs))
          return serve(rec, token, request)
        if (at < rec.coolUntil && !flight.running(FLIGHT)) {
          return unavailable('upstream_unavailable', rec.coolUntil)
        }
        return serve(rec, await acquire(rec), request)
      }),

    async alarm() {
      const rec = await load()
      if (rec.refused || (!rec.token && rec.coolUntil === 0)) return
      const at = now()
      const token = rec.token
      const due = token && isUsable(token, at) ? token.renewAt : rec.coolUntil
      // Never before `renewAt`: isolates use their copy until then, and a refresh revokes it.
      if (at < due) {
        await storage.schedule(due)
        return
      }
      // A failure is logged and re-armed by `failed`; the valid token keeps being served.
      await acquire(rec).catch(() => undefined)
    },
  }
}

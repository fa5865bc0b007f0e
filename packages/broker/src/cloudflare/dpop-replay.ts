import { DurableObject } from 'cloudflare:workers'
import type { DpopOptions } from '../dpop/options.ts'
import type { DpopReplayCache } from '../dpop/replay-cache.ts'
import type { BrokerOptions } from '../options/broker-options.ts'
import type { DpopReplayObject, KeywardWorkerEnv } from './env.ts'

/**
 * The DPoP replay cache shared by every isolate: one Durable Object per DPoP key (named by its
 * thumbprint), which records each proof's `jti` in SQLite until the proof's `iat` window has
 * passed (RFC 9449 §11.1). A proof copied from a request is refused wherever it is replayed, in
 * any isolate or location, because every proof of a key is claimed in that key's object.
 * Export it from the Worker's main module and bind it as `DPOP_REPLAY`; without the binding,
 * each isolate keeps its own in-memory cache.
 *
 * @example
 * // wrangler.jsonc: "durable_objects": { "bindings": [{ "name": "DPOP_REPLAY", "class_name": "DpopReplay" }] },
 * //                 "migrations": [{ "tag": "v2", "new_sqlite_classes": ["DpopReplay"] }]
 * export { DpopReplay, TokenVault } from '@keyward/broker/cloudflare'
 */
export class DpopReplay extends DurableObject<KeywardWorkerEnv> {
  readonly #sql: SqlStorage
  readonly #storage: DurableObjectStorage
  #nextSweep = 0
  #alarmArmed = false

  constructor(ctx: DurableObjectState, env: KeywardWorkerEnv) {
    super(ctx, env)
    this.#storage = ctx.storage
    this.#sql = ctx.storage.sql
    this.#sql.exec(
      'CREATE TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)'
    )
    this.#sql.exec('CREATE INDEX IF NOT EXISTS seen_expiry ON seen (expires_at)')
  }

  /**
   * Records `id` until `expiresAt` and answers `true`, or `false` if it is already recorded.
   * `now` is the broker's clock (which may follow a local emulator's), so expiry uses one clock.
   * Synchronous SQL in one object: two claims of one id cannot interleave.
   */
  claim(id: string, expiresAt: number, now: number): boolean {
    // Expired rows go at most once a second: the table stays small without a sweep per claim.
    if (now >= this.#nextSweep) {
      this.#sql.exec('DELETE FROM seen WHERE expires_at <= ?', now)
      this.#nextSweep = now + 1000
    }
    const seen = this.#sql.exec('SELECT expires_at FROM seen WHERE id = ?', id).toArray()
    if (seen.some((row) => Number(row.expires_at) > now)) return false
    this.#sql.exec('INSERT OR REPLACE INTO seen (id, expires_at) VALUES (?, ?)', id, expiresAt)
    // An object whose key goes quiet empties itself: the alarm deletes what has expired.
    if (!this.#alarmArmed) {
      this.#alarmArmed = true
      void this.#storage.setAlarm(Date.now() + Math.max(0, expiresAt - now) + 1000)
    }
    return true
  }

  override async alarm(): Promise<void> {
    // Alarms run on the real clock; rows carry the broker's, which locally may follow an emulator.
    this.#sql.exec('DELETE FROM seen WHERE expires_at <= ?', Date.now())
    const [next] = this.#sql.exec('SELECT MIN(expires_at) AS next FROM seen').toArray()
    const at = Number(next?.next)
    this.#alarmArmed = Number.isFinite(at) && at > 0
    if (this.#alarmArmed) await this.#storage.setAlarm(Math.max(Date.now(), at) + 1000)
  }
}

/**
 * A `DpopReplayCache` backed by the `DPOP_REPLAY` namespace. The broker claims `<jkt>.<jti>`:
 * the part before the first dot names the key's object.
 *
 * @example
 * const replayCache = durableReplayCache(env.DPOP_REPLAY, Date.now)
 */
export function durableReplayCache(
  namespace: DurableObjectNamespace<DpopReplayObject>,
  now: () => number
): DpopReplayCache {
  return {
    claim(id, expiresAt) {
      const jkt = id.slice(0, Math.max(0, id.indexOf('.')))
      return namespace.get(namespace.idFromName(`dpop:${jkt}`)).claim(id, expiresAt, now())
    },
  }
}

/** The broker's `dpop` option with the shared replay cache, unless one is already given. */
export function withDurableReplay(
  options: BrokerOptions,
  namespace: DurableObjectNamespace<DpopReplayObject> | undefined
): BrokerOptions {
  const dpop: DpopOptions =
    typeof options.dpop === 'string' ? { mode: options.dpop } : (options.dpop ?? {})
  if (namespace === undefined || dpop.replayCache !== undefined) return options
  const now = options.now ?? Date.now
  return { ...options, dpop: { ...dpop, replayCache: durableReplayCache(namespace, now) } }
}

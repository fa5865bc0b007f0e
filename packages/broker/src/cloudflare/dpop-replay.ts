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
  /**
   * Every claimed id and its expiry, also in memory: a claim is answered without reading SQLite.
   * Loaded from SQLite when the object starts, so an evicted and restarted object forgets nothing.
   * Insertion order is about expiry order (each expiry is the proof's `iat` plus one window).
   */
  readonly #seen = new Map<string, number>()
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
    for (const row of this.#sql.exec('SELECT id, expires_at FROM seen ORDER BY expires_at'))
      this.#seen.set(String(row.id), Number(row.expires_at))
  }

  /**
   * Records `id` until `expiresAt` and answers `true`, or `false` if it is already recorded.
   * `now` is the broker's clock (which may follow a local emulator's), so expiry uses one clock.
   * Synchronous in one object: two claims of one id cannot interleave.
   */
  claim(id: string, expiresAt: number, now: number): boolean {
    // Expired entries go at most once a second: memory and the table stay small without a sweep
    // per claim.
    if (now >= this.#nextSweep) {
      this.#sweep(now)
      this.#nextSweep = now + 1000
    }
    const known = this.#seen.get(id)
    if (known !== undefined && known > now) return false
    // The one write a claim needs, so the claim outlives an eviction of this object. Nothing to
    // await: SQL in a SQLite-backed object runs synchronously, and the object's output gate holds
    // this answer back from the Worker until the write is durable, so no `true` is ever seen for
    // a claim that could be lost ("Output gates",
    // https://developers.cloudflare.com/durable-objects/api/storage-api/ and
    // https://blog.cloudflare.com/durable-objects-easy-fast-correct-choose-three/).
    this.#sql.exec('INSERT OR REPLACE INTO seen (id, expires_at) VALUES (?, ?)', id, expiresAt)
    this.#seen.delete(id)
    this.#seen.set(id, expiresAt)
    // An object whose key goes quiet empties itself: the alarm deletes what has expired.
    if (!this.#alarmArmed) {
      this.#alarmArmed = true
      void this.#storage.setAlarm(Date.now() + Math.max(0, expiresAt - now) + 1000)
    }
    return true
  }

  #sweep(now: number) {
    this.#sql.exec('DELETE FROM seen WHERE expires_at <= ?', now)
    for (const [id, expiresAt] of this.#seen) {
      if (expiresAt > now) return
      this.#seen.delete(id)
    }
  }

  override async alarm(): Promise<void> {
    // Alarms run on the real clock; rows carry the broker's, which locally may follow an emulator.
    this.#sweep(Date.now())
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
  // Each key's object id, derived once per isolate (an id is plain data, unlike a stub, which
  // belongs to the request that made it).
  const ids = new Map<string, DurableObjectId>()
  return {
    claim(id, expiresAt) {
      const jkt = id.slice(0, Math.max(0, id.indexOf('.')))
      let objectId = ids.get(jkt)
      if (objectId === undefined) {
        objectId = namespace.idFromName(`dpop:${jkt}`)
        if (ids.size >= MAX_IDS) ids.delete(ids.keys().next().value as string)
        ids.set(jkt, objectId)
      }
      return namespace.get(objectId).claim(id, expiresAt, now())
    },
  }
}

/** Browser keys whose object id one isolate remembers. */
const MAX_IDS = 1024

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

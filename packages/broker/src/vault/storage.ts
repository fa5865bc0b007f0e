import type { HeldToken } from '../upstream/renewal.ts'

/**
 * The vault's token as stored: the pair, its renewal schedule, and whether a passthrough caller
 * received it.
 *
 * @example
 * if (record.token?.handedOut) console.log('renewed with the API key, never a refresh')
 */
export interface StoredToken extends HeldToken {
  /** A passthrough caller got it: a refresh would revoke it in browsers' hands, so none is sent. */
  handedOut: boolean
}

/**
 * Everything the vault persists, as one record written at once (one key in a Durable Object's
 * storage). Versioned, so a later schema can tell an old record apart.
 *
 * @example
 * const record: VaultRecord = { version: 1, credential, token: undefined, failures: 0, coolUntil: 0, refused: false }
 */
export interface VaultRecord {
  version: 1
  /** `credentialFingerprint` of the key this record belongs to; another key's record is dropped. */
  credential: string
  token: StoredToken | undefined
  /** Consecutive failed acquisitions or renewals. */
  failures: number
  /** With no usable token, callers are refused until then (epoch ms on the vault's clock). */
  coolUntil: number
  /** api.video refused the API key: the alarm stops; only a caller's request tries again. */
  refused: boolean
}

/**
 * Where the vault keeps its record and arms its one alarm: a Durable Object's `ctx.storage` on
 * Workers, memory in tests. Writes must be durable when the promise resolves.
 *
 * @example
 * const storage: VaultStorage = {
 *   load: () => ctx.storage.get('vault'),
 *   save: (record) => ctx.storage.put('vault', record),
 *   clear: () => ctx.storage.deleteAll(),
 *   schedule: (at) => (at === undefined ? ctx.storage.deleteAlarm() : ctx.storage.setAlarm(at)),
 * }
 */
export interface VaultStorage {
  load(): Promise<VaultRecord | undefined>
  save(record: VaultRecord): Promise<void>
  clear(): Promise<void>
  /** Arms the alarm for `at` (epoch ms on the vault's clock), replacing any other; `undefined` disarms it. */
  schedule(at: number | undefined): Promise<void>
}

/**
 * An in-memory `VaultStorage` that copies records in and out as a real store would, and keeps the
 * armed alarm time. For tests, or a vault hosted in a single long-lived process.
 *
 * @example
 * const storage = createMemoryVaultStorage()
 * const vault = createVaultCore({ apiKey, storage })
 * console.log(storage.alarm()) // when the next renewal is due
 */
export function createMemoryVaultStorage(): VaultStorage & {
  /** The armed alarm, or `undefined`. */
  alarm(): number | undefined
  /** The stored record, as a copy. */
  peek(): VaultRecord | undefined
} {
  let stored: VaultRecord | undefined
  let alarm: number | undefined
  return {
    load: async () => structuredClone(stored),
    save: async (record) => {
      stored = structuredClone(record)
    },
    clear: async () => {
      stored = undefined
    },
    schedule: async (at) => {
      alarm = at
    },
    alarm: () => alarm,
    peek: () => structuredClone(stored),
  }
}

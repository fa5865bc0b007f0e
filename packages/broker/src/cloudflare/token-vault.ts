import { DurableObject } from 'cloudflare:workers'
import { BrokerError } from '../errors.ts'
import { vaultOptionsFromEnv } from '../options/env.ts'
import { createVaultCore, type VaultCore } from '../vault/core.ts'
import type {
  UpstreamVault,
  VaultAnswer,
  VaultRenewRequest,
  VaultTokenRequest,
} from '../vault/protocol.ts'
import type { VaultRecord, VaultStorage } from '../vault/storage.ts'
import { type DevClock, devClockFromEnv } from './dev-clock.ts'
import type { KeywardWorkerEnv } from './env.ts'

/** The one storage key: the whole record is written at once, so it is never half-updated. */
const RECORD_KEY = 'vault'

/**
 * The token vault: one Durable Object per api.video credential, named by
 * `credentialFingerprint(base URL, key)`, that owns the upstream token pair for every isolate of
 * the deployment and is the only code that calls `/auth/*`. Isolates reach it over RPC only when
 * their in-memory copy is missing, refused or past the vault's next renewal. A thin adapter: the
 * logic is `createVaultCore`; this class gives it SQLite-backed storage, the alarm and, in local
 * development, the emulator's clock. Export it from the Worker's main module and bind it as
 * `TOKEN_VAULT`.
 *
 * @example
 * // wrangler.jsonc: "durable_objects": { "bindings": [{ "name": "TOKEN_VAULT", "class_name": "TokenVault" }] },
 * //                 "migrations": [{ "tag": "v1", "new_sqlite_classes": ["TokenVault"] }]
 * import { createWorker } from '@keyward/broker/cloudflare'
 *
 * export { TokenVault } from '@keyward/broker/cloudflare'
 * export default createWorker()
 */
export class TokenVault extends DurableObject<KeywardWorkerEnv> implements UpstreamVault {
  readonly #core: VaultCore | undefined
  readonly #clock: DevClock | undefined
  readonly #configError: BrokerError | undefined

  constructor(ctx: DurableObjectState, env: KeywardWorkerEnv) {
    super(ctx, env)
    this.#clock = devClockFromEnv(env)
    const now = this.#clock?.now ?? Date.now
    try {
      // Concurrent calls need no blockConcurrencyWhile: the core loads once and renews in a
      // single flight, and callers that hold a valid token are not blocked by a slow api.video.
      this.#core = createVaultCore({
        ...vaultOptionsFromEnv(env),
        storage: durableStorage(ctx.storage, now),
        now,
      })
    } catch (error) {
      this.#configError =
        error instanceof BrokerError ? error : new BrokerError('internal_error', { cause: error })
    }
  }

  async getToken(request: VaultTokenRequest): Promise<VaultAnswer> {
    const core = await this.#ready()
    return core ? core.getToken(request) : this.#misconfigured()
  }

  async renew(request: VaultRenewRequest): Promise<VaultAnswer> {
    const core = await this.#ready()
    return core ? core.renew(request) : this.#misconfigured()
  }

  override async alarm(): Promise<void> {
    const core = await this.#ready()
    if (core) await core.alarm()
  }

  async #ready(): Promise<VaultCore | undefined> {
    // Locally the vault follows the emulator's clock, as the Worker does; production: no-op.
    await this.#clock?.sync()
    return this.#core
  }

  #misconfigured(): VaultAnswer {
    console.error(
      JSON.stringify({
        level: 'error',
        event: 'vault.invalid_config',
        code: this.#configError?.code,
        detail: this.#configError?.detail,
      })
    )
    return { ok: false, code: 'invalid_config', retryAfterSeconds: 60 }
  }
}

function durableStorage(storage: DurableObjectStorage, now: () => number): VaultStorage {
  return {
    load: () => storage.get<VaultRecord>(RECORD_KEY),
    save: (record) => storage.put(RECORD_KEY, record),
    clear: () => storage.deleteAll(),
    // Alarms run on the real clock and the vault's may follow the emulator's: arm by the delay.
    schedule: (at) =>
      at === undefined
        ? storage.deleteAlarm()
        : storage.setAlarm(Date.now() + Math.max(0, at - now())),
  }
}

import {
  type CreateEmulatorOptions,
  createEmulator,
  type Emulator,
} from '@keyward/apivideo-emulator'
import { createBroker } from '../broker.ts'
import type { BrokerLogger } from '../logger.ts'
import type { BrokerOptions } from '../options/broker-options.ts'
import { createVaultCore, type VaultCore } from '../vault/core.ts'
import { credentialFingerprint } from '../vault/credential.ts'
import type { VaultCoreOptions } from '../vault/options.ts'
import type { UpstreamVault } from '../vault/protocol.ts'
import { createMemoryVaultStorage } from '../vault/storage.ts'
import { createVaultTokenManager } from '../vault/token-manager.ts'
import { createBackground } from './background.ts'
import { createGates } from './gates.ts'
import { ALL_SCOPES, type LogLine, mintToken, ORIGIN, signingJwk, UPSTREAM } from './harness.ts'

export interface VaultHarnessOptions {
  emulator?: CreateEmulatorOptions
  vault?: Partial<VaultCoreOptions>
}

/** One `/auth/*` call as api.video received it. */
export interface AuthCall {
  path: string
  refreshToken: string | undefined
}

/**
 * A vault core over in-memory storage, in front of an in-process emulator, on one fake clock; plus
 * brokers ("isolates", each with its own memory) that get their tokens from that vault only.
 */
export async function createVaultHarness({
  emulator: emulatorOptions = {},
  vault: vaultOptions = {},
}: VaultHarnessOptions = {}) {
  let time = Date.UTC(2026, 10, 28, 12)
  const now = () => time
  const emulator: Emulator = createEmulator({ rateLimits: false, now, ...emulatorOptions })
  const logs: LogLine[] = []
  const authCalls: AuthCall[] = []
  const gates = createGates()
  const counts = { getToken: 0, renew: 0 }
  const logger: BrokerLogger = {
    info: (event, fields) => logs.push({ level: 'info', event, fields }),
    warn: (event, fields) => logs.push({ level: 'warn', event, fields }),
    error: (event, fields) => logs.push({ level: 'error', event, fields }),
  }
  const upstreamFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init)
    const path = new URL(request.url).pathname
    if (path.startsWith('/auth/')) {
      const body = (await request.clone().json()) as { refreshToken?: string }
      authCalls.push({ path, refreshToken: body.refreshToken })
    }
    await gates.pass(path)
    return emulator.fetch(request)
  }) as typeof fetch
  const storage = createMemoryVaultStorage()
  const makeCore = () =>
    createVaultCore({
      apiKey: emulator.apiKey,
      apiBaseUrl: UPSTREAM,
      storage,
      fetch: upstreamFetch,
      now,
      random: () => 0.5,
      logger,
      ...vaultOptions,
    })
  let core: VaultCore = makeCore()
  /** What isolates call: the current core, counted (a Durable Object stub on Workers). */
  const vault: UpstreamVault = {
    getToken: (request) => {
      counts.getToken++
      return core.getToken(request)
    },
    renew: (request) => {
      counts.renew++
      return core.renew(request)
    },
  }
  const signingKey = await signingJwk('k1')
  const credential = await credentialFingerprint(UPSTREAM, emulator.apiKey)

  /** A broker with its own memory, as a separate isolate has, sharing the vault. */
  function isolate(broker: Partial<BrokerOptions> = {}) {
    const background = createBackground()
    const app = createBroker({
      apiKey: emulator.apiKey,
      apiBaseUrl: UPSTREAM,
      allowedOrigins: [ORIGIN],
      signingKey,
      anonymousScopes: [...ALL_SCOPES],
      rateLimit: false,
      proxyRateLimit: false,
      fetch: upstreamFetch,
      now,
      logger,
      upstream: (config) => createVaultTokenManager(config, { vault: () => vault }),
      ...broker,
    })
    const request = (path: string, init: RequestInit = {}) =>
      app.request(path, init, {}, background.executionCtx)
    return {
      request,
      api: (path: string, token: string) =>
        request(`/v1/api${path}`, {
          headers: { origin: ORIGIN, authorization: `Bearer ${token}` },
        }),
      settle: background.settle,
    }
  }

  return {
    emulator,
    storage,
    logs,
    authCalls,
    counts,
    credential,
    now,
    advance: (ms: number) => {
      time += ms
    },
    /** The vault as the isolates reach it. */
    vault,
    /** The current core (for `alarm()`). */
    core: () => core,
    /** A new core over the same storage: the Durable Object was evicted and started again. */
    restart: () => {
      core = makeCore()
    },
    isolate,
    /** A request of a broker-mode isolate for this credential. */
    request: (extra: { minValidityMs?: number } = {}) =>
      ({ credential, renewal: 'refresh', ...extra }) as const,
    /** A broker token, signed with the isolates' key, valid for an hour. */
    mint: () => mintToken(signingKey, now, { claims: { exp: Math.floor(time / 1000) + 3600 } }),
    hold: gates.hold,
  }
}

export type VaultHarness = Awaited<ReturnType<typeof createVaultHarness>>

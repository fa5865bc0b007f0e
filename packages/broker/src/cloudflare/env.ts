import type { BrokerVars } from '../options/env.ts'
import type { UpstreamVault } from '../vault/protocol.ts'

/** What the `TOKEN_VAULT` binding's objects answer over RPC: `TokenVault` is one. */
export interface VaultObject extends UpstreamVault, Rpc.DurableObjectBranded {}

/** What the `DPOP_REPLAY` binding's objects answer over RPC: `DpopReplay` is one. */
export interface DpopReplayObject extends Rpc.DurableObjectBranded {
  claim(id: string, expiresAt: number, now: number): boolean
}

/**
 * The Worker's bindings that `createWorker` and `TokenVault` read: the broker's variables and
 * secrets (`BrokerVars`), plus the token vault's and the DPoP replay cache's Durable Object
 * bindings and two switches.
 *
 * @example
 * const env: KeywardWorkerEnv = { APIVIDEO_API_KEY: key, KEYWARD_SIGNING_KEY: jwk, ALLOWED_ORIGINS: origin }
 */
export interface KeywardWorkerEnv extends BrokerVars {
  /** The `TokenVault` Durable Object namespace: one upstream token for the whole deployment. */
  TOKEN_VAULT?: DurableObjectNamespace<VaultObject>
  /** The `DpopReplay` Durable Object namespace: DPoP proofs seen by every isolate. Optional. */
  DPOP_REPLAY?: DurableObjectNamespace<DpopReplayObject>
  /** `vault` or `memory`; empty: `vault` when `TOKEN_VAULT` exists, `memory` otherwise. */
  UPSTREAM_TOKENS?: string
  /** Local development only: `auto` (default), `off`, or a local clock URL to follow. */
  DEV_CLOCK?: string
}

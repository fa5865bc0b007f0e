import {
  BrokerError,
  createMemoryTokenManager,
  type UpstreamTokenManagerFactory,
} from '@keyward/broker'
import { createVaultTokenManager } from '@keyward/broker/vault'
import type { TokenVault } from './token-vault.ts'

/** The part of the Worker's env that decides where upstream tokens come from. */
export interface UpstreamEnv {
  /** `vault` or `memory`; empty: `vault` when the binding exists, `memory` otherwise. */
  UPSTREAM_TOKENS?: string
  TOKEN_VAULT?: DurableObjectNamespace<TokenVault>
}

/**
 * The upstream token manager the Worker's brokers use: the `TokenVault` Durable Object shared by
 * every isolate (`vault`), or a token per isolate (`memory`). Configuration, not code: both
 * implement the broker's `UpstreamTokenManager`.
 */
export function upstreamFromEnv(env: UpstreamEnv): UpstreamTokenManagerFactory {
  const namespace = env.TOKEN_VAULT
  const mode = env.UPSTREAM_TOKENS?.trim() || (namespace ? 'vault' : 'memory')
  if (mode === 'memory') return createMemoryTokenManager
  if (mode !== 'vault') {
    throw new BrokerError('invalid_config', { detail: 'UPSTREAM_TOKENS must be vault or memory' })
  }
  if (!namespace) {
    throw new BrokerError('invalid_config', {
      detail: 'UPSTREAM_TOKENS=vault needs the TOKEN_VAULT Durable Object binding (wrangler.jsonc)',
    })
  }
  return (config) =>
    createVaultTokenManager(config, {
      // A fresh stub per call: one that saw an exception may be broken.
      vault: (name) => namespace.get(namespace.idFromName(name)),
    })
}

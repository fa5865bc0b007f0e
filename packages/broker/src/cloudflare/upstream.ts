import { invalidConfig } from '../errors.ts'
import { createMemoryTokenManager } from '../upstream/memory-token-manager.ts'
import type { UpstreamTokenManagerFactory } from '../upstream/token-manager.ts'
import { createVaultTokenManager } from '../vault/token-manager.ts'
import type { KeywardWorkerEnv } from './env.ts'

/**
 * The upstream token manager of the Worker's brokers: the `TokenVault` Durable Object shared by
 * every isolate (`vault`), or a token per isolate (`memory`). Configuration, not code: both
 * implement the broker's `UpstreamTokenManager`.
 *
 * @example
 * const app = createBroker(brokerOptionsFromEnv(env, { upstream: upstreamFromEnv(env) }))
 */
export function upstreamFromEnv(
  env: Pick<KeywardWorkerEnv, 'UPSTREAM_TOKENS' | 'TOKEN_VAULT'>
): UpstreamTokenManagerFactory {
  const namespace = env.TOKEN_VAULT
  const mode = env.UPSTREAM_TOKENS?.trim() || (namespace ? 'vault' : 'memory')
  if (mode === 'memory') return createMemoryTokenManager
  if (mode !== 'vault') throw invalidConfig('UPSTREAM_TOKENS must be vault or memory')
  if (!namespace) {
    throw invalidConfig(
      'UPSTREAM_TOKENS=vault needs the TOKEN_VAULT Durable Object binding (wrangler.jsonc)'
    )
  }
  return (config) =>
    createVaultTokenManager(config, {
      // A fresh stub per call: one that saw an exception may be broken.
      vault: (name) => namespace.get(namespace.idFromName(name)),
    })
}

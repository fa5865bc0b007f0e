// @keyward/broker/vault: the upstream token vault, one per api.video credential, and the token
// manager of isolates that get their tokens from it (docs/architecture.md, "Upstream tokens").
export { vaultOptionsFromEnv } from '../options/env.ts'
export { createVaultCore, type VaultCore } from './core.ts'
export { credentialFingerprint } from './credential.ts'
export type { VaultCoreOptions } from './options.ts'
export type {
  UpstreamVault,
  VaultAnswer,
  VaultRenewRequest,
  VaultToken,
  VaultTokenRequest,
} from './protocol.ts'
export {
  createMemoryVaultStorage,
  type StoredToken,
  type VaultRecord,
  type VaultStorage,
} from './storage.ts'
export { createVaultTokenManager, type VaultTokenManagerOptions } from './token-manager.ts'

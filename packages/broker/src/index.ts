export { anonymousCaller, type Caller, type CallerAuthenticator } from './auth/caller.ts'
export { scopesFromClaims, type UserJwtOptions } from './auth/user-jwt.ts'
export { createBroker } from './broker.ts'
export type { BrokerEnv } from './context.ts'
export { type BrokerVars, brokerOptionsFromEnv, vaultOptionsFromEnv } from './env-options.ts'
export {
  BrokerError,
  type BrokerErrorCode,
  type BrokerErrorOptions,
  problemResponse,
} from './errors.ts'
export { type BrokerLogger, consoleLogger, type LogFields, type LogLevel } from './logger.ts'
export type { BrokerOptions, RateLimitOptions, TokenMode } from './options.ts'
export {
  createMemoryRateLimiter,
  type MemoryRateLimiterOptions,
  type RateLimiter,
  type RateLimitResult,
} from './rate-limit/limiter.ts'
export { PASSTHROUGH_SCOPE, SCOPES, type Scope } from './scopes.ts'
export type { BrokerTokenClaims } from './tokens/signer.ts'
export { credentialFingerprint } from './upstream/credential.ts'
export { createMemoryTokenManager } from './upstream/memory-token-manager.ts'
export type { RetryPolicy } from './upstream/retry.ts'
export type {
  TokenRequestOptions,
  UpstreamConfig,
  UpstreamToken,
  UpstreamTokenManager,
  UpstreamTokenManagerFactory,
} from './upstream/token-manager.ts'
export { createVaultCore, type VaultCore } from './upstream/vault-core.ts'
export type { VaultCoreOptions } from './upstream/vault-options.ts'
export type {
  UpstreamVault,
  VaultAnswer,
  VaultRenewRequest,
  VaultToken,
  VaultTokenRequest,
} from './upstream/vault-protocol.ts'
export {
  createMemoryVaultStorage,
  type StoredToken,
  type VaultRecord,
  type VaultStorage,
} from './upstream/vault-storage.ts'
export {
  createVaultTokenManager,
  type VaultTokenManagerOptions,
} from './upstream/vault-token-manager.ts'

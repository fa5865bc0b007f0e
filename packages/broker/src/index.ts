export { anonymousCaller, type Caller, type CallerAuthenticator } from './auth/caller.ts'
export { scopesFromClaims, type UserJwtOptions } from './auth/user-jwt.ts'
export { createBroker } from './broker.ts'
export type { BrokerEnv } from './context.ts'
export type { DpopAlgorithm, DpopMode, DpopNonceOptions, DpopOptions } from './dpop/options.ts'
export {
  createMemoryReplayCache,
  type DpopReplayCache,
  type MemoryReplayCacheOptions,
} from './dpop/replay-cache.ts'
export {
  BrokerError,
  type BrokerErrorCode,
  type BrokerErrorOptions,
  type InvalidParam,
  problemResponse,
} from './errors.ts'
export { type BrokerLogger, consoleLogger, type LogFields, type LogLevel } from './logger.ts'
export type { BrokerOptions, RateLimitOptions, TokenMode } from './options/broker-options.ts'
export {
  type BrokerVars,
  brokerOptionsFromEnv,
  type EnvMappingOptions,
  type SecretName,
} from './options/env.ts'
export {
  createMemoryRateLimiter,
  type MemoryRateLimiterOptions,
  type RateLimiter,
  type RateLimitResult,
} from './rate-limit/limiter.ts'
export { PASSTHROUGH_SCOPE, SCOPES, type Scope } from './scopes.ts'
export { generateSigningKey } from './tokens/generate-key.ts'
export type { BrokerTokenClaims } from './tokens/signer.ts'
export { createMemoryTokenManager } from './upstream/memory-token-manager.ts'
export type { RetryPolicy } from './upstream/retry.ts'
export type {
  TokenRequestOptions,
  UpstreamConfig,
  UpstreamToken,
  UpstreamTokenManager,
  UpstreamTokenManagerFactory,
} from './upstream/token-manager.ts'

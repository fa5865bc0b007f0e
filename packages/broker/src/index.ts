export { createBroker } from './broker.ts'
export { BrokerError, type BrokerErrorCode, type BrokerErrorOptions } from './errors.ts'
export { type BrokerOptions, SCOPES, type Scope } from './options.ts'
export type { UpstreamToken, UpstreamTokenManager } from './upstream/token-manager.ts'

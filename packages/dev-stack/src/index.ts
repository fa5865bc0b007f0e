export { DevStackError, type DevStackErrorCode } from './errors.ts'
export {
  brokerIdentity,
  demoIdentity,
  emulatorIdentity,
  type Identify,
  type WaitForServiceOptions,
  waitForService,
} from './identity.ts'
export {
  createIdentityProvider,
  DEV_USERS,
  type DevUser,
  type IdentityProvider,
  type IdentityProviderOptions,
  type SignInAnswer,
} from './identity-provider.ts'
export {
  emulatorClock,
  type RunningIdentityProvider,
  type StartIdentityProviderOptions,
  startIdentityProvider,
} from './identity-server.ts'
export { assertPortsFree, canListen } from './port-check.ts'
export { DEFAULT_PORTS, PORT_ENV_NAMES, type Ports, portsFromEnv } from './ports.ts'
export {
  freePort,
  type Service,
  type StartOptions,
  startService,
  stopService,
  waitForHttp,
} from './process.ts'
export { devApiKey, devSigningKey } from './secrets.ts'
export { assignSeedOwners } from './seed-owners.ts'
export { createServiceGroup, type ServiceExit, type ServiceGroup } from './service-group.ts'
export { type Stack, type StackOptions, startStack } from './stack.ts'
export { acquireStackLock, type StackLock } from './stack-lock.ts'

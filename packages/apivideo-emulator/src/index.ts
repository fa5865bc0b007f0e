export type { EmulatorClock } from './clock.ts'
export type { FaultKind, FaultRule, FaultRuleInit } from './control/faults.ts'
export type { AuthCallStats, EmulatorStats } from './control/stats.ts'
export {
  type CreateEmulatorOptions,
  createEmulator,
  type Emulator,
  IN_PROCESS_ORIGIN,
} from './emulator.ts'
export { EmulatorError, type EmulatorErrorCode } from './errors.ts'
export {
  type EmulatorOptions,
  PRODUCTION_RATE_LIMITS,
  type RateLimits,
  SANDBOX_RATE_LIMITS,
} from './options.ts'
export type { Problem } from './problem.ts'
export type { Video } from './videos/store.ts'

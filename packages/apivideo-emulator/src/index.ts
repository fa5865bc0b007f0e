export type { Caption } from './captions/caption-routes.ts'
export type { Chapter } from './chapters/chapter-routes.ts'
export type { EmulatorClock } from './clock.ts'
export type { FaultKind, FaultRule, FaultRuleInit } from './control/faults.ts'
export type { AuthCallStats, EmulatorStats } from './control/stats.ts'
export type { DiscardedVideoBody } from './discarded/discarded-routes.ts'
export {
  type CreateEmulatorOptions,
  createEmulator,
  type Emulator,
  IN_PROCESS_ORIGIN,
} from './emulator.ts'
export { EmulatorError, type EmulatorErrorCode } from './errors.ts'
export {
  type EmulatorOptions,
  MIN_CHUNK_BYTES,
  PRODUCTION_RATE_LIMITS,
  type RateLimits,
  SANDBOX_RATE_LIMITS,
} from './options.ts'
export type { Paginated, PaginationLink } from './pagination.ts'
export type { Problem, ProblemEntry } from './problem.ts'
export type { TagCount } from './tags/tag-routes.ts'
export type { UploadToken } from './upload-tokens/upload-token-store.ts'
export type { Ingest, ReceivedPart, ReceivedRange } from './uploads/ingest.ts'
export type { VideoAssets } from './videos/assets.ts'
export type { VideoStatus } from './videos/video-status.ts'
export type { Video } from './videos/video-store.ts'
export type { Watermark } from './watermarks/watermark-store.ts'

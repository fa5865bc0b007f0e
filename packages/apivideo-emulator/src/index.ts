export type { Caption } from './captions/caption-routes.ts'
export type { Chapter } from './chapters/chapter-routes.ts'
export type { EmulatorClock } from './clock.ts'
export type { FaultKind, FaultRule, FaultRuleInit } from './control/faults.ts'
export type { AuthCallStats, EmulatorStats, WebhookDeliveryStats } from './control/stats.ts'
export type { DiscardedVideoBody } from './discarded/discarded-routes.ts'
export {
  type CreateEmulatorOptions,
  createEmulator,
  type Emulator,
  IN_PROCESS_ORIGIN,
} from './emulator.ts'
export { EmulatorError, type EmulatorErrorCode } from './errors.ts'
export type { LiveStream, LiveStreamAssets, Restream } from './live-streams/live-stream-store.ts'
export {
  type EmulatorOptions,
  MIN_CHUNK_BYTES,
  PRODUCTION_RATE_LIMITS,
  type RateLimits,
  SANDBOX_RATE_LIMITS,
} from './options.ts'
export type { Paginated, PaginationLink } from './pagination.ts'
export type { PlayerTheme } from './players/player-store.ts'
export type { Problem, ProblemEntry } from './problem.ts'
export type { Summary, SummarySource } from './summaries/summary-store.ts'
export type { TagCount } from './tags/tag-routes.ts'
export type { UploadToken } from './upload-tokens/upload-token-store.ts'
export type { Ingest, ReceivedPart, ReceivedRange } from './uploads/ingest.ts'
export type { VideoAssets } from './videos/assets.ts'
export type { VideoStatus } from './videos/video-status.ts'
export type { Video } from './videos/video-store.ts'
export type { Watermark } from './watermarks/watermark-store.ts'
export {
  type DeliveryOutcome,
  signWebhookBody,
  type WebhookDelivery,
} from './webhooks/webhook-delivery.ts'
export type { Webhook, WebhookEvent } from './webhooks/webhook-store.ts'

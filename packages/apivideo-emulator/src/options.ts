import { EmulatorError } from './errors.ts'
import { newApiKey, newProjectId } from './ids.ts'

/** Requests per minute for each method class (api.video's docs: Rate limits). */
export interface RateLimits {
  reads: number
  writes: number
  uploads: number
}

/** api.video's sandbox limits, per minute. */
export const SANDBOX_RATE_LIMITS: RateLimits = { reads: 100, writes: 40, uploads: 40 }
/** api.video's production limits, per minute. */
export const PRODUCTION_RATE_LIMITS: RateLimits = { reads: 500, writes: 200, uploads: 100 }

export interface EmulatorOptions {
  /** The API key that `/auth/api-key` and Basic auth accept. Default: a random 43-character key. */
  apiKey?: string
  /** The project id carried by access tokens. Default: a random `pr…` id. */
  projectId?: string
  /** Lifetime of access tokens, in seconds. Default: 3600. */
  accessTokenTtlSeconds?: number
  /** Lifetime of refresh tokens, in seconds. Default: 30 days. */
  refreshTokenTtlSeconds?: number
  /** Revoke the previous access token when its refresh token is used. Default: true. */
  revokeOldAccessTokenOnRefresh?: boolean
  /** Status for a wrong API key on `/auth/api-key`: the documented 400 or league's 401. Default: 400. */
  authBadKeyStatus?: 400 | 401
  /** Body for a bad refresh token: the docs' 401 or the OpenAPI's 400. Default: `'docs-401'`. */
  refreshErrorStyle?: 'docs-401' | 'oas-400'
  /** Requests per minute by method class; `false` turns limiting off. Default: sandbox limits. */
  rateLimits?: RateLimits | false
  /** Origins allowed by CORS; `'*'` allows any. Default: `'*'`. */
  corsOrigins?: '*' | string[]
  /** Largest accepted JSON body, in bytes. Default: 1 MiB. */
  maxJsonBytes?: number
  /** Largest accepted upload request, in bytes. Default: 200 MiB, api.video's single-request limit. */
  maxUploadBytes?: number
  /** Time source in epoch milliseconds; the control plane moves the clock relative to it. */
  now?: () => number
  /**
   * Where video `assets` point: `'cdn'` gives api.video's real URL shapes (cdn.api.video,
   * embed.api.video), which do not resolve for emulated videos; `'local'` points them at
   * placeholders the emulator serves under `/_emulator/assets/`, on the origin of each request.
   * Default: `'cdn'`.
   */
  assets?: 'cdn' | 'local'
  /** Base URL of `hls`, `mp4` and `thumbnail` assets in `'cdn'` mode. Default: `'https://cdn.api.video'`. */
  cdnBaseUrl?: string
  /** Base URL of `player` and `iframe` assets in `'cdn'` mode. Default: `'https://embed.api.video'`. */
  embedBaseUrl?: string
  /** Seconds from the end of an upload until the video is playable (emulator clock). Default: 3. */
  encodingSeconds?: number
  /** Smallest chunk but the last one, in bytes. Default: 5 MiB, as api.video requires. */
  minChunkBytes?: number
  /** Sample videos (uploaded and playable) to create at start and after each reset. Default: 0. */
  seedVideos?: number
  /**
   * api.video's Video Restore account setting: `DELETE /videos/{videoId}` discards the video for
   * 90 days (emulator clock) instead of destroying it, and `/discarded/videos` can restore it.
   * Default: false, as on api.video ("By default, deleting a video is a permanent action").
   */
  videoRestore?: boolean
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, 'now'>> & { now: () => number }

const DAY = 86_400
/** api.video's smallest chunk (but the last): 5 MiB (docs "Progressive upload"). */
export const MIN_CHUNK_BYTES = 5 * 1024 * 1024

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    apiKey: options.apiKey ?? newApiKey(),
    projectId: options.projectId ?? newProjectId(),
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? 30 * DAY,
    revokeOldAccessTokenOnRefresh: options.revokeOldAccessTokenOnRefresh ?? true,
    authBadKeyStatus: options.authBadKeyStatus ?? 400,
    refreshErrorStyle: options.refreshErrorStyle ?? 'docs-401',
    rateLimits: options.rateLimits ?? SANDBOX_RATE_LIMITS,
    corsOrigins: options.corsOrigins ?? '*',
    maxJsonBytes: options.maxJsonBytes ?? 1024 * 1024,
    maxUploadBytes: options.maxUploadBytes ?? 200 * 1024 * 1024,
    now: options.now ?? Date.now,
    assets: options.assets ?? 'cdn',
    cdnBaseUrl: options.cdnBaseUrl ?? 'https://cdn.api.video',
    embedBaseUrl: options.embedBaseUrl ?? 'https://embed.api.video',
    encodingSeconds: options.encodingSeconds ?? 3,
    minChunkBytes: options.minChunkBytes ?? MIN_CHUNK_BYTES,
    seedVideos: options.seedVideos ?? 0,
    videoRestore: options.videoRestore ?? false,
  }
  assertPositive('accessTokenTtlSeconds', resolved.accessTokenTtlSeconds)
  assertPositive('refreshTokenTtlSeconds', resolved.refreshTokenTtlSeconds)
  assertPositive('maxJsonBytes', resolved.maxJsonBytes)
  assertPositive('maxUploadBytes', resolved.maxUploadBytes)
  assertPositive('minChunkBytes', resolved.minChunkBytes)
  if (!(resolved.encodingSeconds >= 0)) invalid('encodingSeconds must be zero or more')
  if (!(Number.isInteger(resolved.seedVideos) && resolved.seedVideos >= 0)) {
    invalid('seedVideos must be a non-negative integer')
  }
  if (resolved.assets !== 'cdn' && resolved.assets !== 'local')
    invalid("assets is 'cdn' or 'local'")
  if (resolved.apiKey.length === 0) invalid('apiKey must not be empty')
  if (resolved.rateLimits) {
    for (const [name, value] of Object.entries(resolved.rateLimits)) {
      assertPositive(`rateLimits.${name}`, value)
    }
  }
  return resolved
}

function assertPositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) invalid(`${name} must be a positive number`)
}

function invalid(message: string): never {
  throw new EmulatorError('EMULATOR_INVALID_OPTION', message)
}

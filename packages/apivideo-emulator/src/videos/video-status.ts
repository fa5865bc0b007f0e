import { fileSize, type Ingest } from '../uploads/ingest.ts'

/** The documented VideoStatus object (OpenAPI schema `video-status`). */
export interface VideoStatus {
  ingest: {
    status?: 'uploading' | 'uploaded' | 'ingesting' | 'ingested'
    filesize: number | null
    receivedBytes: Array<{ from: number; to: number; total: number }>
    receivedParts?: { parts: number[]; total: number | null }
  }
  encoding: {
    playable: boolean
    qualities: Array<{ type: 'hls'; quality: string; status: 'waiting' | 'encoding' | 'encoded' }>
    metadata: Record<Exclude<(typeof METADATA_KEYS)[number], 'duration'>, null> & {
      duration: number | null
    }
  }
}

export const QUALITIES = ['240p', '360p', '480p', '720p'] as const
// The emulator never decodes media, so it cannot know these; null is what the schema allows.
// Only `duration` can be known: an MP4's movie header states it (see uploads/mp4-duration.ts).
const METADATA_KEYS = [
  'width',
  'height',
  'bitrate',
  'duration',
  'framerate',
  'samplerate',
  'videoCodec',
  'audioCodec',
  'aspectRatio',
] as const

/** True once the upload is complete and `encodingSeconds` have passed on the emulator clock. */
export function isPlayable(ingest: Ingest | undefined, now: number, encodingSeconds: number) {
  return ingest?.completedAt != null && now >= ingest.completedAt + encodingSeconds * 1000
}

/**
 * `GET /videos/{videoId}/status`: `uploading` while chunks are missing, then `uploaded`; encoding
 * walks the qualities up and the video becomes playable after `encodingSeconds`.
 */
export function videoStatus(ingest: Ingest | undefined, now: number, encodingSeconds: number) {
  const playable = isPlayable(ingest, now, encodingSeconds)
  const status: VideoStatus = {
    ingest: { filesize: ingest ? fileSize(ingest) : null, receivedBytes: [] },
    encoding: {
      playable,
      qualities: [],
      metadata: Object.fromEntries(
        METADATA_KEYS.map((key) => [key, null])
      ) as VideoStatus['encoding']['metadata'],
    },
  }
  if (!ingest) return status
  status.ingest.status = ingest.completedAt === null ? 'uploading' : 'uploaded'
  const total = ingest.totalBytes ?? undefined
  if (total !== undefined) {
    status.ingest.receivedBytes = ingest.ranges.map(({ from, to }) => ({ from, to, total }))
  }
  if (ingest.mode === 'part') {
    status.ingest.receivedParts = {
      parts: ingest.parts.map(({ part }) => part),
      total: ingest.totalParts,
    }
  }
  if (playable && ingest.durationSeconds !== null) {
    status.encoding.metadata.duration = Math.round(ingest.durationSeconds)
  }
  if (ingest.completedAt !== null) {
    status.encoding.qualities = QUALITIES.map((quality, index) => ({
      type: 'hls',
      quality,
      status: playable ? 'encoded' : index === 0 ? 'encoding' : 'waiting',
    }))
  }
  return status
}

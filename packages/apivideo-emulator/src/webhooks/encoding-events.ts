import type { IngestStore } from '../uploads/ingest.ts'
import { QUALITIES } from '../videos/video-status.ts'
import type { VideoStore } from '../videos/video-store.ts'
import type { EventSource, WebhookDispatcher } from './webhook-delivery.ts'

export interface EncodingEventDeps {
  videos: VideoStore
  ingests: IngestStore
  encodingSeconds: number
  dispatcher: WebhookDispatcher
}

/**
 * `video.encoding.quality.completed`, once per HLS quality that `GET /videos/{id}/status` lists,
 * when a video becomes playable on the emulator clock (`encodingSeconds` after its upload ends).
 */
export function encodingEvents({
  videos,
  ingests,
  encodingSeconds,
  dispatcher,
}: EncodingEventDeps): EventSource & { reset(): void } {
  let announced = new Set<string>()
  const encodedAt = (videoId: string) => {
    const completedAt = ingests.get(videoId)?.completedAt
    return completedAt == null ? undefined : completedAt + encodingSeconds * 1000
  }
  const pending = () =>
    videos
      .list()
      .map(({ videoId }) => ({ videoId, at: encodedAt(videoId) }))
      .filter((entry): entry is { videoId: string; at: number } => {
        return entry.at !== undefined && !announced.has(entry.videoId)
      })

  return {
    poll(now) {
      for (const { videoId, at } of pending()) {
        if (at > now) continue
        announced.add(videoId)
        for (const quality of QUALITIES) {
          dispatcher.emit(
            'video.encoding.quality.completed',
            { videoId, encoding: 'hls', quality },
            at
          )
        }
      }
    },
    nextDueAt() {
      const dues = pending().map((entry) => entry.at)
      return dues.length === 0 ? undefined : Math.min(...dues)
    },
    reset() {
      announced = new Set()
    },
  }
}

import type { IngestStore } from '../uploads/ingest.ts'
import type { VideoStore } from '../videos/video-store.ts'
import type { WebhookDispatcher } from '../webhooks/webhook-delivery.ts'
import type { LiveStreamRecord, LiveStreamStore } from './live-stream-store.ts'

export interface BroadcastDeps {
  liveStreams: LiveStreamStore
  videos: VideoStore
  ingests: IngestStore
  dispatcher: WebhookDispatcher
}

export interface BroadcastEnd {
  liveStream: LiveStreamRecord
  /** The recording: a video with the stream's `liveStreamId`, encoding from the end on. */
  videoId: string
}

export type Broadcasts = ReturnType<typeof createBroadcasts>

/**
 * Stands in for an RTMP encoder: starting sets `broadcasting` and fires
 * `live-stream.broadcast.started`; stopping clears it, records the broadcast as a video and fires
 * `live-stream.broadcast.ended` then `video.source.recorded` (OAS `x-webhooks`).
 */
export function createBroadcasts({ liveStreams, videos, ingests, dispatcher }: BroadcastDeps) {
  return {
    /** Starts a broadcast; undefined for an unknown stream; a running one is left as it is. */
    start(liveStreamId: string): LiveStreamRecord | undefined {
      const stream = liveStreams.get(liveStreamId)
      if (!stream || stream.broadcasting) return stream
      const started = liveStreams.update(liveStreamId, { broadcasting: true }) as LiveStreamRecord
      dispatcher.emit('live-stream.broadcast.started', { liveStreamId })
      dispatcher.pump()
      return started
    },
    /** Ends a broadcast; undefined for an unknown stream or one that is not broadcasting. */
    stop(liveStreamId: string): BroadcastEnd | undefined {
      const stream = liveStreams.get(liveStreamId)
      if (!stream?.broadcasting) return undefined
      const ended = liveStreams.update(liveStreamId, { broadcasting: false }) as LiveStreamRecord
      const video = videos.create({
        title: stream.name,
        public: stream.public,
        playerId: stream.playerId,
        liveStreamId,
      })
      // The recording arrives whole when the broadcast ends, as a source URL download does.
      ingests.markDownloaded(video.videoId)
      dispatcher.emit('live-stream.broadcast.ended', { liveStreamId })
      dispatcher.emit('video.source.recorded', { liveStreamId, videoId: video.videoId })
      dispatcher.pump()
      return { liveStream: ended, videoId: video.videoId }
    },
  }
}

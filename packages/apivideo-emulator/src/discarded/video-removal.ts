import type { IngestStore } from '../uploads/ingest.ts'
import type { VideoStore } from '../videos/video-store.ts'
import type { DiscardedStore } from './discarded-store.ts'

export interface VideoRemovalDeps {
  videos: VideoStore
  ingests: IngestStore
  /** Set when Video Restore is on (option `videoRestore`). */
  discarded: DiscardedStore | undefined
  /** Drops what belongs to a destroyed video: captions, chapters, thumbnail. */
  forget: (videoId: string) => void
}

/**
 * What `DELETE /videos/{videoId}` does: "By default, deleting a video is a permanent action";
 * with Video Restore "the DELETE operation will temporarily remove the video" (docs "Delete a
 * video"), keeping its source and media until restored or swept after 90 days.
 */
export function videoRemoval({ videos, ingests, discarded, forget }: VideoRemovalDeps) {
  const destroy = (videoId: string) => {
    videos.delete(videoId)
    ingests.delete(videoId)
    forget(videoId)
  }
  return {
    destroy,
    remove(videoId: string): void {
      const record = videos.get(videoId)
      if (!record) return
      if (!discarded) {
        destroy(videoId)
        return
      }
      discarded.discard(record)
      videos.delete(videoId)
    },
  }
}

import type { VideoRecord } from '../videos/video-store.ts'

/** "The Video Restore feature retains videos for 90 days" (docs "Delete a video"). */
export const RETENTION_MS = 90 * 86_400_000

export interface DiscardedVideo {
  record: VideoRecord
  discardedAt: number
}

export type DiscardedStore = ReturnType<typeof createDiscardedStore>

/**
 * Videos removed by `DELETE /videos/{videoId}` under Video Restore, in discard order. Each read
 * first sweeps those past their 90 days on the emulator clock, through `onExpired`.
 */
export function createDiscardedStore(now: () => number, onExpired: (videoId: string) => void) {
  let discarded = new Map<string, DiscardedVideo>()
  const sweep = () => {
    for (const [videoId, entry] of discarded) {
      if (now() >= entry.discardedAt + RETENTION_MS) {
        discarded.delete(videoId)
        onExpired(videoId)
      }
    }
  }
  return {
    discard(record: VideoRecord): void {
      discarded.set(record.videoId, { record: structuredClone(record), discardedAt: now() })
    },
    get(videoId: string): DiscardedVideo | undefined {
      sweep()
      const entry = discarded.get(videoId)
      return entry && structuredClone(entry)
    },
    list(): DiscardedVideo[] {
      sweep()
      return [...discarded.values()].map((entry) => structuredClone(entry))
    },
    /** Takes a video out to restore it. */
    take(videoId: string): VideoRecord | undefined {
      const entry = this.get(videoId)
      discarded.delete(videoId)
      return entry?.record
    },
    count(): number {
      sweep()
      return discarded.size
    },
    reset(): void {
      discarded = new Map()
    },
  }
}

import type { Hono } from 'hono'
import { captionRoutes } from '../captions/caption-routes.ts'
import { chapterRoutes } from '../chapters/chapter-routes.ts'
import { discardedRoutes } from '../discarded/discarded-routes.ts'
import { createDiscardedStore } from '../discarded/discarded-store.ts'
import { videoRemoval } from '../discarded/video-removal.ts'
import type { ResolvedOptions } from '../options.ts'
import { tagRoutes } from '../tags/tag-routes.ts'
import { thumbnailRoutes } from '../thumbnails/thumbnail-routes.ts'
import { createThumbnailStore } from '../thumbnails/thumbnail-store.ts'
import type { IngestStore } from '../uploads/ingest.ts'
import { isPlayable } from '../videos/video-status.ts'
import type { VideoStore } from '../videos/video-store.ts'
import { watermarkRoutes } from '../watermarks/watermark-routes.ts'
import { createWatermarkStore } from '../watermarks/watermark-store.ts'
import { mediaAssetRoutes } from './media-asset-routes.ts'
import { createTextTrackStore } from './text-track-store.ts'

export interface MediaStateDeps {
  videos: VideoStore
  ingests: IngestStore
  options: ResolvedOptions
  now: () => number
}

export type MediaState = ReturnType<typeof mediaState>

/** The state of a video's media (thumbnail, captions, chapters), watermarks and discards. */
export function mediaState({ videos, ingests, options, now }: MediaStateDeps) {
  const thumbnails = createThumbnailStore()
  const captions = createTextTrackStore()
  const chapters = createTextTrackStore()
  const watermarks = createWatermarkStore(now)
  const forget = (videoId: string) => {
    for (const store of [thumbnails, captions, chapters]) store.forget(videoId)
  }
  const discarded = options.videoRestore
    ? createDiscardedStore(now, (videoId) => removal.destroy(videoId))
    : undefined
  const removal = videoRemoval({ videos, ingests, discarded, forget })
  return {
    videos,
    options,
    now,
    thumbnails,
    captions,
    chapters,
    watermarks,
    discarded,
    removal,
    duration(videoId: string): number | null {
      const ingest = ingests.get(videoId)
      if (!isPlayable(ingest, now(), options.encodingSeconds)) return null
      return ingest?.durationSeconds ?? null
    },
    assetRoutes: () => mediaAssetRoutes({ videos, thumbnails, captions, chapters }),
    counts: () => ({
      thumbnails: thumbnails.count(),
      captions: captions.count(),
      chapters: chapters.count(),
      watermarks: watermarks.count(),
      discardedVideos: discarded?.count() ?? 0,
    }),
    reset(): void {
      for (const store of [thumbnails, captions, chapters, watermarks, discarded]) store?.reset()
    },
  }
}

/** Mounts the media routes; they must come before `/videos/{videoId}` and the 405 catch-alls. */
export function mediaRoutes(app: Hono, media: MediaState): void {
  const { videos, options, now, thumbnails, captions, chapters, watermarks, discarded } = media
  app.route('/videos', thumbnailRoutes({ videos, thumbnails, options, duration: media.duration }))
  app.route('/videos', captionRoutes({ videos, tracks: captions, options }))
  app.route('/videos', chapterRoutes({ videos, tracks: chapters, options }))
  app.route('/watermarks', watermarkRoutes(watermarks, options))
  app.route('/tags', tagRoutes(videos))
  app.route('/discarded/videos', discardedRoutes({ videos, discarded, options, now }))
}

import { type Context, Hono } from 'hono'
import { thumbnailSvg } from '../control/placeholder.ts'
import { ApiProblem } from '../problem.ts'
import type { ThumbnailStore } from '../thumbnails/thumbnail-store.ts'
import { find } from '../videos/video-routes.ts'
import type { VideoRecord, VideoStore } from '../videos/video-store.ts'
import { IMAGE_CONTENT_TYPES } from './image-type.ts'
import type { TextTrackStore } from './text-track-store.ts'

export interface MediaAssetDeps {
  videos: VideoStore
  thumbnails: ThumbnailStore
  captions: TextTrackStore
  chapters: TextTrackStore
}

const NO_STORE = { 'cache-control': 'no-store' }

/**
 * Uploaded media under `/_emulator/assets` (mounted before the placeholders), so `assets:
 * 'local'` links resolve: a video's uploaded thumbnail or picked frame, its caption and chapter
 * files. A video without a custom thumbnail still gets the placeholder.
 */
export function mediaAssetRoutes({ videos, thumbnails, captions, chapters }: MediaAssetDeps) {
  const app = new Hono()
  const video = (c: Context): VideoRecord => find(videos, c.req.param('videoId') ?? '')
  const thumbnail = (c: Context) => {
    const { videoId, title } = video(c)
    const custom = thumbnails.get(videoId)
    if (custom?.kind === 'image') {
      return c.body(custom.bytes, 200, {
        ...NO_STORE,
        'content-type': IMAGE_CONTENT_TYPES[custom.type],
      })
    }
    const caption = custom ? `${title} @ ${custom.timecode}` : title
    return c.body(thumbnailSvg(videoId, caption), 200, {
      ...NO_STORE,
      'content-type': 'image/svg+xml; charset=utf-8',
    })
  }
  const track = (store: TextTrackStore) => (c: Context) => {
    const { videoId } = video(c)
    const tag = (c.req.param('file') ?? '').replace(/\.vtt$/, '')
    const found = store.get(videoId, tag)
    if (!found) throw new ApiProblem('resource-not-found', { name: 'language' })
    return c.body(found.vtt, 200, { ...NO_STORE, 'content-type': 'text/vtt; charset=utf-8' })
  }
  for (const prefix of ['/vod/:videoId', '/vod/:videoId/token/:token']) {
    app.get(`${prefix}/thumbnail.jpg`, thumbnail)
    app.get(`${prefix}/captions/:file`, track(captions))
    app.get(`${prefix}/chapters/:file`, track(chapters))
  }
  return app
}

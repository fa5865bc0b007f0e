import { type Context, Hono } from 'hono'
import type { ResolvedOptions } from '../options.ts'
import { ApiProblem } from '../problem.ts'
import type { IngestStore } from '../uploads/ingest.ts'
import { find } from '../videos/video-routes.ts'
import { isPlayable } from '../videos/video-status.ts'
import type { VideoRecord, VideoStore } from '../videos/video-store.ts'
import { hlsManifest, playerHtml, thumbnailSvg } from './placeholder.ts'

export interface AssetRouteDeps {
  videos: VideoStore
  ingests: IngestStore
  options: ResolvedOptions
  now: () => number
}

/**
 * Placeholders under `/_emulator/assets`, in the CDN's `/vod/{videoId}[/token/{t}]/…` layout, so
 * `assets: 'local'` links resolve: a thumbnail, an HLS manifest that answers 202 until the video
 * is playable (what the uploader's `onPlayable` polls for), and a player page.
 */
export function assetRoutes({ videos, ingests, options, now }: AssetRouteDeps) {
  const app = new Hono()
  const video = (c: Context): VideoRecord => find(videos, c.req.param('videoId') ?? '')

  const thumbnail = (c: Context) => {
    const { videoId, title } = video(c)
    return c.body(thumbnailSvg(videoId, title), 200, {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'no-store',
    })
  }
  const manifest = (c: Context) => {
    const { videoId } = video(c)
    if (!isPlayable(ingests.get(videoId), now(), options.encodingSeconds)) return c.body(null, 202)
    return c.body(hlsManifest(), 200, { 'content-type': 'application/vnd.apple.mpegurl' })
  }
  const mp4 = (c: Context) => {
    video(c)
    throw new ApiProblem('resource-not-found', {
      name: 'videoId',
      detail: 'The emulator keeps the size and SHA-256 of uploads, not their bytes.',
    })
  }

  for (const prefix of ['/vod/:videoId', '/vod/:videoId/token/:token']) {
    app.get(`${prefix}/thumbnail.jpg`, thumbnail)
    app.get(`${prefix}/hls/manifest.m3u8`, manifest)
    app.get(`${prefix}/mp4/source.mp4`, mp4)
  }
  app.get('/vod/:videoId', (c) => {
    const { videoId, title } = video(c)
    const url = new URL(c.req.url)
    const thumb = `${url.origin}${url.pathname}/thumbnail.jpg${url.search}`
    return c.html(playerHtml(videoId, title, thumb))
  })

  return app
}

import { Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import { readImage } from '../media/image-upload.ts'
import type { ResolvedOptions } from '../options.ts'
import { ApiProblem } from '../problem.ts'
import { assetBases } from '../videos/assets.ts'
import { find } from '../videos/video-routes.ts'
import { renderVideo, type VideoRecord, type VideoStore } from '../videos/video-store.ts'
import type { Thumbnail, ThumbnailStore } from './thumbnail-store.ts'
import { parseTimecode } from './timecode.ts'

export interface ThumbnailRouteDeps {
  videos: VideoStore
  thumbnails: ThumbnailStore
  options: ResolvedOptions
}

/**
 * `POST` (upload an image) and `PATCH` (pick a frame) `/videos/{videoId}/thumbnail` (docs "Add a
 * thumbnail to your video"). Either way `assets.thumbnail` gets a new URL, so caches and players
 * see the change. Mounted under `/videos`; auth is applied outside.
 */
export function thumbnailRoutes({ videos, thumbnails, options }: ThumbnailRouteDeps) {
  const app = new Hono()
  const apply = (videoId: string, thumbnail: Thumbnail, url: string) => {
    thumbnails.set(videoId, thumbnail)
    const record = videos.bumpThumbnail(videoId) as VideoRecord
    return renderVideo(record, assetBases(options, url))
  }

  // JPEG, PNG or WebP up to 8 MiB (OAS `video-thumbnail-upload-payload`).
  app.post('/:videoId/thumbnail', async (c) => {
    const { videoId } = find(videos, c.req.param('videoId'))
    const { type, bytes } = await readImage(c.req.raw, ['jpeg', 'png', 'webp'])
    return c.json(apply(videoId, { kind: 'image', type, bytes }, c.req.url), 200)
  })

  app.patch('/:videoId/thumbnail', async (c) => {
    const { videoId } = find(videos, c.req.param('videoId'))
    const timecode = readTimecode(await readJsonObject(c.req.raw, options.maxJsonBytes))
    // api.video picks 00:00:00.00 for a timecode past the end; the emulator decodes no media,
    // so it never knows the duration and keeps the timecode as given.
    return c.json(apply(videoId, { kind: 'frame', ...timecode }, c.req.url), 200)
  })

  return app
}

function readTimecode(body: Record<string, unknown>): { timecode: string; seconds: number } {
  const timecode = body.timecode
  if (timecode === undefined) {
    throw new ApiProblem('attribute-required', { name: 'timecode', withProblems: true })
  }
  const seconds = typeof timecode === 'string' ? parseTimecode(timecode) : undefined
  if (seconds === undefined) {
    throw new ApiProblem('invalid-attribute', {
      name: 'timecode',
      detail:
        'The "timecode" attribute must be "hh:mm:ss.ms", "hh:mm:ss:frameNumber" or a number of seconds.',
      withProblems: true,
    })
  }
  return { timecode: timecode as string, seconds }
}

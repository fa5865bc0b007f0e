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
  /** The video's length in seconds once encoded, if its file stated it; else null. */
  duration: (videoId: string) => number | null
}

/** "If your selection is out of range, `00:00:00.00` will be used" (docs, thumbnails guide). */
const FIRST_FRAME = { timecode: '00:00:00.00', seconds: 0 }

/**
 * `POST` (upload an image) and `PATCH` (pick a frame) `/videos/{videoId}/thumbnail` (docs "Add a
 * thumbnail to your video"). Either way `assets.thumbnail` gets a new URL, so caches and players
 * see the change. Mounted under `/videos`; auth is applied outside.
 */
export function thumbnailRoutes({ videos, thumbnails, options, duration }: ThumbnailRouteDeps) {
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
    const picked = readTimecode(await readJsonObject(c.req.raw, options.maxJsonBytes))
    // Until the length is known (encoded, and stated by the file) the timecode is kept as given.
    const length = duration(videoId)
    const frame = length !== null && picked.seconds > length ? FIRST_FRAME : picked
    return c.json(apply(videoId, { kind: 'frame', ...frame }, c.req.url), 200)
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

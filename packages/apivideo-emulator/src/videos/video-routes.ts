import { Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import { VIDEO_ID } from '../ids.ts'
import type { ResolvedOptions } from '../options.ts'
import { paginate, readPage } from '../pagination.ts'
import { ApiProblem } from '../problem.ts'
import type { IngestStore } from '../uploads/ingest.ts'
import { assetBases } from './assets.ts'
import { filterVideos } from './video-list.ts'
import { readVideoCreation, readVideoUpdate } from './video-payload.ts'
import { videoStatus } from './video-status.ts'
import { renderVideo, type VideoRecord, type VideoStore } from './video-store.ts'

export interface VideoRouteDeps {
  videos: VideoStore
  ingests: IngestStore
  options: ResolvedOptions
  now: () => number
  /** `DELETE`: destroys the video, or discards it under Video Restore. */
  remove: (videoId: string) => void
  /** Whether a `watermark.id` names an uploaded watermark. */
  watermarkExists: (watermarkId: string) => boolean
}

/** `/videos` and `/videos/{videoId}[/status]` (api.video's docs: Videos); auth is applied outside. */
export function videoRoutes(deps: VideoRouteDeps) {
  const { videos, ingests, options, now } = deps
  const app = new Hono()
  const render = (record: VideoRecord, url: string) => renderVideo(record, assetBases(options, url))

  app.get('/', (c) => {
    const url = new URL(c.req.url)
    const page = readPage(url)
    const bases = assetBases(options, c.req.url)
    const listed = filterVideos(videos.list(), url).map((video) => renderVideo(video, bases))
    return c.json(paginate(listed, page, url))
  })

  app.post('/', async (c) => {
    const { fields, source, watermarkId } = readVideoCreation(
      await readJsonObject(c.req.raw, options.maxJsonBytes)
    )
    if (watermarkId !== undefined && !deps.watermarkExists(watermarkId)) {
      throw new ApiProblem('invalid-attribute', {
        name: 'watermark',
        detail: `The watermark "${watermarkId}" does not exist: upload it with POST /watermarks first.`,
        withProblems: true,
      })
    }
    const origin = source === undefined ? undefined : sourceKind(source, videos)
    const record = videos.create(fields)
    if (origin === 'url') ingests.markDownloaded(record.videoId)
    if (origin === 'copy') ingests.copy(source as string, record.videoId)
    // 202 while a source URL is being downloaded (OAS `POST /videos` 202).
    return c.json(render(record, c.req.url), origin === 'url' ? 202 : 201)
  })

  app.get('/:videoId', (c) => c.json(render(find(videos, c.req.param('videoId')), c.req.url)))

  app.patch('/:videoId', async (c) => {
    const videoId = find(videos, c.req.param('videoId')).videoId
    const fields = readVideoUpdate(await readJsonObject(c.req.raw, options.maxJsonBytes))
    return c.json(render(videos.update(videoId, fields) as VideoRecord, c.req.url))
  })

  app.delete('/:videoId', (c) => {
    deps.remove(find(videos, c.req.param('videoId')).videoId)
    return c.body(null, 204)
  })

  app.get('/:videoId/status', (c) => {
    const { videoId } = find(videos, c.req.param('videoId'))
    return c.json(videoStatus(ingests.get(videoId), now(), options.encodingSeconds))
  })

  return app
}

/** The video, or the documented 404 (name `videoId`). */
export function find(videos: VideoStore, videoId: string): VideoRecord {
  const record = videos.get(videoId)
  if (!record) throw new ApiProblem('resource-not-found', { name: 'videoId' })
  return record
}

/** `source` is a URL to download or the id of a video to copy (schema `video-creation-payload`). */
function sourceKind(source: string, videos: VideoStore): 'url' | 'copy' {
  if (VIDEO_ID.test(source) && videos.get(source)) return 'copy'
  if (/^https?:\/\/[^\s/]+/i.test(source)) return 'url'
  throw new ApiProblem('invalid-attribute', {
    name: 'source',
    detail: 'The "source" attribute must be a URL or the id of an existing video.',
    withProblems: true,
  })
}

import { Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import { atomDate } from '../clock.ts'
import type { ResolvedOptions } from '../options.ts'
import { paginate, readPage } from '../pagination.ts'
import { ApiProblem } from '../problem.ts'
import { type AssetBases, assetBases } from '../videos/assets.ts'
import { filterVideos } from '../videos/video-list.ts'
import { renderVideo, type Video, type VideoStore } from '../videos/video-store.ts'
import { type DiscardedStore, type DiscardedVideo, RETENTION_MS } from './discarded-store.ts'

export interface DiscardedRouteDeps {
  videos: VideoStore
  /** Undefined when Video Restore is off: then nothing is ever discarded. */
  discarded: DiscardedStore | undefined
  options: ResolvedOptions
  now: () => number
}

/** A discarded Video as the OAS examples show it: dated, and `assets: null` (it cannot play). */
export type DiscardedVideoBody = Omit<Video, 'assets'> & { assets: null }

/** `/discarded/videos[/{videoId}]`: list, get and restore; auth is applied outside. */
export function discardedRoutes({ videos, discarded, options, now }: DiscardedRouteDeps) {
  const app = new Hono()
  const find = (videoId: string): DiscardedVideo => {
    const entry = discarded?.get(videoId)
    if (!entry) throw new ApiProblem('resource-not-found', { name: 'videoId' })
    return entry
  }

  // The same filters, sort and pages as `GET /videos` (OAS `LIST-discarded-videos`).
  app.get('/', (c) => {
    const url = new URL(c.req.url)
    const page = readPage(url)
    const entries = discarded?.list() ?? []
    const byId = new Map(entries.map((entry) => [entry.record.videoId, entry]))
    const bases = assetBases(options, c.req.url)
    const listed = filterVideos(
      entries.map((entry) => entry.record),
      url
    ).map((record) => renderDiscarded(byId.get(record.videoId) as DiscardedVideo, bases))
    return c.json(paginate(listed, page, url))
  })

  app.get('/:videoId', (c) =>
    c.json(renderDiscarded(find(c.req.param('videoId')), assetBases(options, c.req.url)))
  )

  // "This parameter only accepts `false` as a value!" (OAS `discarded-video-update-payload`).
  app.patch('/:videoId', async (c) => {
    const { record } = find(c.req.param('videoId'))
    const body = await readJsonObject(c.req.raw, options.maxJsonBytes)
    if (body.discarded === undefined) {
      throw new ApiProblem('attribute-required', { name: 'discarded', withProblems: true })
    }
    if (body.discarded !== false) {
      throw new ApiProblem('invalid-attribute', {
        name: 'discarded',
        detail: 'Value must be false.',
      })
    }
    discarded?.take(record.videoId)
    videos.insert({ ...record, updatedAt: now() })
    return c.json(renderVideo(videos.get(record.videoId) ?? record, assetBases(options, c.req.url)))
  })

  return app
}

function renderDiscarded({ record, discardedAt }: DiscardedVideo, bases: AssetBases) {
  const body: DiscardedVideoBody = {
    ...renderVideo(record, bases),
    discarded: true,
    discardedAt: atomDate(discardedAt),
    deletesAt: atomDate(discardedAt + RETENTION_MS),
    assets: null,
  }
  return body
}

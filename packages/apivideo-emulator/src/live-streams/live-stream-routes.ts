import { Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import { readImageForm } from '../media/image-form.ts'
import type { ResolvedOptions } from '../options.ts'
import { enumParam, paginate, readPage, sortBy } from '../pagination.ts'
import { ApiProblem } from '../problem.ts'
import { assetBases } from '../videos/assets.ts'
import type { Broadcasts } from './broadcasts.ts'
import { readLiveStreamCreation, readLiveStreamUpdate } from './live-stream-payload.ts'
import {
  type LiveStreamRecord,
  type LiveStreamStore,
  renderLiveStream,
} from './live-stream-store.ts'

/** Thumbnail limits of `live-stream-thumbnail-upload-payload`: JPEG, PNG or WebP up to 8 MiB. */
const THUMBNAIL_RULES = {
  types: ['jpeg', 'png', 'webp'],
  invalidTitle: 'Only [jpeg, jpg, JPG, JPEG] extensions are supported.',
  maxBytes: 8 * 1024 * 1024,
} as const

export interface LiveStreamRouteDeps {
  liveStreams: LiveStreamStore
  broadcasts: Broadcasts
  options: ResolvedOptions
}

/** `/live-streams` and its sub-resources (OAS tag "Live Streams"); auth is applied outside. */
export function liveStreamRoutes({ liveStreams, broadcasts, options }: LiveStreamRouteDeps) {
  const app = new Hono()
  const render = (record: LiveStreamRecord, url: string) =>
    renderLiveStream(record, assetBases(options, url))

  app.post('/', async (c) => {
    const fields = readLiveStreamCreation(await readJsonObject(c.req.raw, options.maxJsonBytes))
    // 200, not 201: the OAS documents only 200 for this creation.
    return c.json(render(liveStreams.create(fields), c.req.url), 200)
  })

  app.get('/', (c) => {
    const url = new URL(c.req.url)
    const key = enumParam(url, 'sortBy', ['name', 'createdAt', 'updatedAt'] as const) ?? 'createdAt'
    const order = enumParam(url, 'sortOrder', ['asc', 'desc'] as const) ?? 'asc'
    const page = readPage(url)
    const name = url.searchParams.get('name')
    const streamKey = url.searchParams.get('streamKey')
    const matching = liveStreams
      .list()
      .filter((stream) => !name || stream.name.includes(name))
      .filter((stream) => !streamKey || stream.streamKey === streamKey)
    const sortValue = (stream: LiveStreamRecord) =>
      key === 'name' ? stream.name : key === 'updatedAt' ? stream.updatedAt : stream.createdAt
    const listed = sortBy(matching, sortValue, order).map((stream) => render(stream, c.req.url))
    return c.json(paginate(listed, page, url))
  })

  app.get('/:liveStreamId', (c) =>
    c.json(render(find(liveStreams, c.req.param('liveStreamId')), c.req.url))
  )

  app.patch('/:liveStreamId', async (c) => {
    const { liveStreamId } = find(liveStreams, c.req.param('liveStreamId'))
    const fields = readLiveStreamUpdate(await readJsonObject(c.req.raw, options.maxJsonBytes))
    return c.json(render(liveStreams.update(liveStreamId, fields) as LiveStreamRecord, c.req.url))
  })

  app.delete('/:liveStreamId', (c) => {
    if (!liveStreams.delete(find(liveStreams, c.req.param('liveStreamId')).liveStreamId))
      throw notFound()
    return c.body(null, 204)
  })

  app.post('/:liveStreamId/thumbnail', async (c) => {
    const { liveStreamId } = find(liveStreams, c.req.param('liveStreamId'))
    await readImageForm(c.req.raw, THUMBNAIL_RULES)
    const updated = liveStreams.update(liveStreamId, { hasThumbnail: true }) as LiveStreamRecord
    return c.json(render(updated, c.req.url), 201)
  })

  app.delete('/:liveStreamId/thumbnail', (c) => {
    const { liveStreamId } = find(liveStreams, c.req.param('liveStreamId'))
    const updated = liveStreams.update(liveStreamId, { hasThumbnail: false }) as LiveStreamRecord
    return c.json(render(updated, c.req.url), 200)
  })

  // The real API stops "after a few seconds"; the emulator ends the broadcast at once.
  app.put('/:liveStreamId/complete', (c) => {
    broadcasts.stop(find(liveStreams, c.req.param('liveStreamId')).liveStreamId)
    return c.body(null, 202)
  })

  return app
}

function find(liveStreams: LiveStreamStore, liveStreamId: string): LiveStreamRecord {
  const record = liveStreams.get(liveStreamId)
  if (!record) throw notFound()
  return record
}

const notFound = () => new ApiProblem('resource-not-found', { name: 'liveStreamId' })

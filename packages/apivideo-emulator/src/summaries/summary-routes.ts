import { Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import type { ResolvedOptions } from '../options.ts'
import { enumParam, paginate, readPage, sortBy } from '../pagination.ts'
import { ApiProblem } from '../problem.ts'
import type { IngestStore } from '../uploads/ingest.ts'
import { readString, readStringArray, Violations } from '../validation.ts'
import { find as findVideo } from '../videos/video-routes.ts'
import type { VideoStore } from '../videos/video-store.ts'
import { sourceStatus, summarySource } from './summary-generation.ts'
import {
  renderSummary,
  type SummaryAttribute,
  type SummaryRecord,
  type SummarySource,
  type SummaryStore,
} from './summary-store.ts'

export interface SummaryRouteDeps {
  summaries: SummaryStore
  videos: VideoStore
  ingests: IngestStore
  options: ResolvedOptions
  now: () => number
}

const ATTRIBUTES: readonly SummaryAttribute[] = ['abstract', 'takeaways']
const STATUSES = ['missing', 'waiting', 'failed', 'completed', 'unprocessable'] as const
const SORT_KEYS = ['createdAt', 'updatedAt', 'videoId'] as const

/** `/summaries`, `/summaries/{id}` and `/summaries/{id}/source` (OAS tag "Summaries"). */
export function summaryRoutes({ summaries, videos, ingests, options, now }: SummaryRouteDeps) {
  const app = new Hono()
  const clock = { ingests, encodingSeconds: options.encodingSeconds }
  const status = (record: SummaryRecord) => sourceStatus(record, clock, now())
  const render = (record: SummaryRecord) => renderSummary(record, status(record))

  app.post('/', async (c) => {
    const { videoId, origin, attributes } = readCreation(
      await readJsonObject(c.req.raw, options.maxJsonBytes)
    )
    findVideo(videos, videoId)
    if (summaries.forVideo(videoId)) {
      throw new ApiProblem('summary-already-exists', {
        name: 'videoId',
        detail: 'You can delete the existing summary and generate a new one.',
      })
    }
    return c.json(render(summaries.create(videoId, origin, attributes)), 201)
  })

  app.get('/', (c) => {
    const url = new URL(c.req.url)
    const origin = enumParam(url, 'origin', ['auto', 'api'] as const)
    const wanted = enumParam(url, 'sourceStatus', STATUSES)
    const key = enumParam(url, 'sortBy', SORT_KEYS) ?? 'createdAt'
    const order = enumParam(url, 'sortOrder', ['asc', 'desc'] as const) ?? 'asc'
    const page = readPage(url)
    const videoId = url.searchParams.get('videoId')
    const listed = summaries
      .list()
      .map((record) => ({ record, summary: render(record) }))
      .filter(({ summary }) => !videoId || summary.videoId === videoId)
      .filter(({ summary }) => !origin || summary.origin === origin)
      .filter(({ summary }) => !wanted || summary.sourceStatus === wanted)
    const sortValue = ({ record }: (typeof listed)[number]) =>
      key === 'videoId' ? record.videoId : key === 'updatedAt' ? record.updatedAt : record.createdAt
    return c.json(
      paginate(
        sortBy(listed, sortValue, order).map(({ summary }) => summary),
        page,
        url
      )
    )
  })

  app.delete('/:summaryId', (c) => {
    if (!summaries.delete(c.req.param('summaryId'))) {
      throw new ApiProblem('resource-not-found', { name: 'summaryId' })
    }
    return c.body(null, 204)
  })

  app.get('/:summaryId/source', (c) => {
    const record = find(summaries, c.req.param('summaryId'))
    return c.json(summarySource(record, videos.get(record.videoId), status(record)))
  })

  app.patch('/:summaryId/source', async (c) => {
    const record = find(summaries, c.req.param('summaryId'))
    const edit = readSourceUpdate(await readJsonObject(c.req.raw, options.maxJsonBytes))
    if (status(record) === 'waiting') {
      throw new ApiProblem('summary-already-exists', {
        detail: 'You can delete the existing summary and generate a new one.',
      })
    }
    const edited = summaries.edit(record.summaryId, edit) as SummaryRecord
    // 201, not 200: the OAS documents only 201 for this update.
    return c.json(summarySource(edited, videos.get(edited.videoId), status(edited)), 201)
  })

  return app
}

function find(summaries: SummaryStore, summaryId: string): SummaryRecord {
  const record = summaries.get(summaryId)
  if (!record) throw new ApiProblem('resource-not-found', { name: 'summaryId' })
  return record
}

/** Schema `summary-creation-payload`: without `origin: auto` nothing is generated (`api`). */
function readCreation(body: Record<string, unknown>) {
  const errors = new Violations()
  const videoId = readString(body, 'videoId', errors)
  if (body.videoId === undefined || videoId === '') errors.add('attribute-required', 'videoId')
  if (body.origin !== undefined && body.origin !== 'auto') {
    errors.add('invalid-attribute', 'origin', undefined, 'The only allowed value is "auto".')
  }
  const attributes = readStringArray(body, 'attributes', errors)
  if (attributes?.some((value) => !(ATTRIBUTES as readonly string[]).includes(value))) {
    errors.add('invalid-attribute', 'attributes', undefined, 'Allowed: "abstract", "takeaways".')
  }
  errors.throwIfAny()
  return {
    videoId: videoId as string,
    origin: body.origin === 'auto' ? ('auto' as const) : ('api' as const),
    attributes: (attributes && attributes.length > 0
      ? [...new Set(attributes)]
      : [...ATTRIBUTES]) as SummaryAttribute[],
  }
}

/** Schema `summary-update-payload`: an `abstract` string and at most 3 `takeaways`. */
function readSourceUpdate(body: Record<string, unknown>): SummarySource {
  const errors = new Violations()
  const source: SummarySource = {}
  const abstract = readString(body, 'abstract', errors)
  if (abstract !== undefined) source.abstract = abstract
  const takeaways = readStringArray(body, 'takeaways', errors)
  if (takeaways && takeaways.length > 3) {
    const detail = 'This collection should contain 3 elements or less.'
    errors.add('invalid-attribute', 'takeaways', undefined, detail)
  } else if (takeaways) source.takeaways = takeaways
  errors.throwIfAny()
  return source
}

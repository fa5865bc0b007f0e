import { Hono } from 'hono'
import { MAX_IMAGE_BYTES, readImage } from '../media/image-upload.ts'
import type { ResolvedOptions } from '../options.ts'
import { enumParam, paginate, readPage, sortBy } from '../pagination.ts'
import { ApiProblem } from '../problem.ts'
import { renderWatermark, type WatermarkStore } from './watermark-store.ts'

/** `/watermarks` and `/watermarks/{watermarkId}`; auth is applied outside. */
export function watermarkRoutes(watermarks: WatermarkStore, options: ResolvedOptions) {
  const app = new Hono()

  // JPEG or PNG (docs "Add permanent watermarks"); 200, not 201, as the OAS documents.
  app.post('/', async (c) => {
    const limit = Math.min(MAX_IMAGE_BYTES, options.maxUploadBytes)
    const { type, bytes } = await readImage(c.req.raw, ['jpeg', 'png'], limit)
    return c.json(renderWatermark(watermarks.create(type, bytes.byteLength)), 200)
  })

  app.get('/', (c) => {
    const url = new URL(c.req.url)
    enumParam(url, 'sortBy', ['createdAt'] as const)
    const order = enumParam(url, 'sortOrder', ['asc', 'desc'] as const) ?? 'asc'
    const page = readPage(url)
    const sorted = sortBy(watermarks.list(), (record) => record.createdAt, order)
    return c.json(paginate(sorted.map(renderWatermark), page, url))
  })

  app.delete('/:watermarkId', (c) => {
    if (!watermarks.delete(c.req.param('watermarkId'))) {
      throw new ApiProblem('resource-not-found', { name: 'watermarkId' })
    }
    return c.body(null, 204)
  })

  return app
}

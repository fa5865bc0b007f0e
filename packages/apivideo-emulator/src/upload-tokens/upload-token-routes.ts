import { Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import type { ResolvedOptions } from '../options.ts'
import { enumParam, paginate, readPage, sortBy } from '../pagination.ts'
import { ApiProblem } from '../problem.ts'
import type { UploadToken, UploadTokenStore } from './upload-token-store.ts'

const MAX_TTL = 2_147_483_647

/** `/upload-tokens` and `/upload-tokens/{uploadToken}` (api.video's docs: Delegated uploads); auth is applied outside. */
export function uploadTokenRoutes(store: UploadTokenStore, options: ResolvedOptions) {
  const app = new Hono()

  app.post('/', async (c) => {
    const body = await readJsonObject(c.req.raw, options.maxJsonBytes)
    const ttl = body.ttl === undefined ? 0 : body.ttl
    if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) {
      throw new ApiProblem('invalid-attribute', {
        name: 'ttl',
        title: `This attribute must be an integer between 0 and ${MAX_TTL}.`,
        withProblems: true,
      })
    }
    // 200, not 201: the OAS documents only 200 for this creation.
    return c.json(store.create(ttl), 200)
  })

  app.get('/', (c) => {
    const url = new URL(c.req.url)
    const key = enumParam(url, 'sortBy', ['createdAt', 'ttl'] as const) ?? 'createdAt'
    const order = enumParam(url, 'sortOrder', ['asc', 'desc'] as const) ?? 'asc'
    const page = readPage(url)
    const sorted = sortBy(store.list(), (token: UploadToken) => token[key], order)
    return c.json(paginate(sorted, page, url))
  })

  app.get('/:uploadToken', (c) => {
    const token = store.get(c.req.param('uploadToken'))
    if (!token) throw new ApiProblem('resource-not-found', { name: 'uploadToken' })
    return c.json(token)
  })

  app.delete('/:uploadToken', (c) => {
    if (!store.delete(c.req.param('uploadToken'))) {
      throw new ApiProblem('resource-not-found', { name: 'uploadToken' })
    }
    return c.body(null, 204)
  })

  return app
}

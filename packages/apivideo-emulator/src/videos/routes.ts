import { Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import type { ResolvedOptions } from '../options.ts'
import { ApiProblem } from '../problem.ts'
import type { VideoStore } from './store.ts'

/** `/videos` (protocol §2.8). */
export function videoRoutes(store: VideoStore, options: ResolvedOptions) {
  const app = new Hono()

  app.get('/', (c) => {
    const url = new URL(c.req.url)
    const currentPage = Number(url.searchParams.get('currentPage') ?? 1)
    const pageSize = Number(url.searchParams.get('pageSize') ?? 25)
    const all = store.list()
    const pagesTotal = Math.max(1, Math.ceil(all.length / pageSize))
    const data = all.slice((currentPage - 1) * pageSize, currentPage * pageSize)
    const link = (rel: string, page: number) => ({
      rel,
      uri: `/videos?currentPage=${page}&pageSize=${pageSize}`,
    })
    return c.json({
      data,
      pagination: {
        currentPage,
        currentPageItems: data.length,
        pageSize,
        pagesTotal,
        itemsTotal: all.length,
        links: [link('self', currentPage), link('first', 1), link('last', pagesTotal)],
      },
    })
  })

  app.post('/', async (c) => {
    const body = await readJsonObject(c.req.raw, options.maxJsonBytes)
    if (typeof body.title !== 'string' || body.title === '') {
      throw new ApiProblem('attribute-required', { name: 'title', withProblems: true })
    }
    return c.json(store.create({ title: body.title }), 201)
  })

  return app
}

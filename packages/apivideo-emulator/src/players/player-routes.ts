import { Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import { readImageForm } from '../media/image-form.ts'
import type { ResolvedOptions } from '../options.ts'
import { enumParam, paginate, readPage, sortBy } from '../pagination.ts'
import { ApiProblem } from '../problem.ts'
import { readBoolean, readString, Violations } from '../validation.ts'
import { assetBases } from '../videos/assets.ts'
import {
  COLOR_FIELDS,
  FLAG_FIELDS,
  type PlayerFields,
  type PlayerRecord,
  type PlayerStore,
  renderPlayer,
} from './player-store.ts'

/** Logo limits of the OAS `POST /players/{playerId}/logo`: JPEG or PNG, 100 KiB, 200×100 px. */
const LOGO_RULES = {
  types: ['jpeg', 'png'],
  invalidTitle: "Only ['jpg', 'JPG', 'jpeg', 'JPEG', 'png', 'PNG'] extensions are supported.",
  maxBytes: 100 * 1024,
  maxWidth: 200,
  maxHeight: 100,
} as const

/** `/players`, `/players/{playerId}` and `/players/{playerId}/logo` (OAS tag "Player Themes"). */
export function playerRoutes(players: PlayerStore, options: ResolvedOptions) {
  const app = new Hono()
  const render = (record: PlayerRecord, url: string) =>
    renderPlayer(record, assetBases(options, url))

  app.post('/', async (c) => {
    const fields = readPlayerFields(await readJsonObject(c.req.raw, options.maxJsonBytes))
    return c.json(render(players.create(fields), c.req.url), 201)
  })

  app.get('/', (c) => {
    const url = new URL(c.req.url)
    const key = enumParam(url, 'sortBy', ['name', 'createdAt', 'updatedAt'] as const) ?? 'createdAt'
    const order = enumParam(url, 'sortOrder', ['asc', 'desc'] as const) ?? 'asc'
    const page = readPage(url)
    const sortValue = (record: PlayerRecord) =>
      key === 'name'
        ? (record.name ?? '')
        : key === 'updatedAt'
          ? record.updatedAt
          : record.createdAt
    const listed = sortBy(players.list(), sortValue, order).map((p) => render(p, c.req.url))
    return c.json(paginate(listed, page, url))
  })

  app.get('/:playerId', (c) => c.json(render(find(players, c.req.param('playerId')), c.req.url)))

  app.patch('/:playerId', async (c) => {
    const { playerId } = find(players, c.req.param('playerId'))
    const fields = readPlayerFields(await readJsonObject(c.req.raw, options.maxJsonBytes))
    return c.json(render(players.update(playerId, fields) as PlayerRecord, c.req.url))
  })

  app.delete('/:playerId', (c) => {
    if (!players.delete(c.req.param('playerId'))) {
      throw new ApiProblem('resource-not-found', { name: 'playerId' })
    }
    return c.body(null, 204)
  })

  app.post('/:playerId/logo', async (c) => {
    const { playerId } = find(players, c.req.param('playerId'))
    const image = await readImageForm(c.req.raw, LOGO_RULES)
    const link = image.fields.link ?? ''
    if (link !== '' && !/^https?:\/\/\S+$/i.test(link)) {
      throw new ApiProblem('invalid-attribute', {
        name: 'link',
        detail: 'The "link" attribute must be an http or https URL.',
        withProblems: true,
      })
    }
    const logo = { extension: image.type === 'png' ? 'png' : 'jpg', link } as const
    return c.json(render(players.update(playerId, { logo }) as PlayerRecord, c.req.url), 201)
  })

  app.delete('/:playerId/logo', (c) => {
    const { playerId } = find(players, c.req.param('playerId'))
    players.update(playerId, { logo: undefined })
    return c.body(null, 204)
  })

  return app
}

function find(players: PlayerStore, playerId: string): PlayerRecord {
  const record = players.get(playerId)
  if (!record) throw new ApiProblem('resource-not-found', { name: 'playerId' })
  return record
}

/** Colors are strings, flags booleans, `name` at most 100 characters; every error in one 400. */
function readPlayerFields(body: Record<string, unknown>): Partial<PlayerFields> {
  const errors = new Violations()
  const fields: Partial<PlayerFields> = {}
  const name = readString(body, 'name', errors)
  if (name !== undefined && name.length > 100) {
    const detail = 'This value is too long. It should have 100 characters or less.'
    errors.add('invalid-attribute', 'name', undefined, detail)
  } else if (name !== undefined) fields.name = name
  for (const key of COLOR_FIELDS) {
    const value = readString(body, key, errors)
    if (value !== undefined) fields[key] = value
  }
  for (const key of FLAG_FIELDS) {
    const value = readBoolean(body, key, errors)
    if (value !== undefined) fields[key] = value
  }
  errors.throwIfAny()
  return fields
}

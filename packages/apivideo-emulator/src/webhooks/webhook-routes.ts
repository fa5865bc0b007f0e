import { Hono } from 'hono'
import { readJsonObject } from '../body.ts'
import type { ResolvedOptions } from '../options.ts'
import { paginate, readPage } from '../pagination.ts'
import { ApiProblem } from '../problem.ts'
import { Violations } from '../validation.ts'
import {
  renderWebhook,
  WEBHOOK_EVENTS,
  type WebhookEvent,
  type WebhookStore,
} from './webhook-store.ts'

/** `/webhooks` and `/webhooks/{webhookId}` (OAS tag "Webhooks"); auth is applied outside. */
export function webhookRoutes(webhooks: WebhookStore, options: ResolvedOptions) {
  const app = new Hono()

  app.post('/', async (c) => {
    const { events, url } = readWebhookCreation(
      await readJsonObject(c.req.raw, options.maxJsonBytes)
    )
    return c.json(renderWebhook(webhooks.create(events, url)), 201)
  })

  app.get('/', (c) => {
    const url = new URL(c.req.url)
    const page = readPage(url)
    const event = url.searchParams.get('events')
    const listed = webhooks
      .list()
      .filter((webhook) => !event || webhook.events.includes(event as WebhookEvent))
      .map(renderWebhook)
    return c.json(paginate(listed, page, url))
  })

  app.get('/:webhookId', (c) => c.json(renderWebhook(find(webhooks, c.req.param('webhookId')))))

  app.delete('/:webhookId', (c) => {
    if (!webhooks.delete(c.req.param('webhookId'))) {
      throw new ApiProblem('resource-not-found', { name: 'webhookId' })
    }
    return c.body(null, 204)
  })

  return app
}

function find(webhooks: WebhookStore, webhookId: string) {
  const record = webhooks.get(webhookId)
  if (!record) throw new ApiProblem('resource-not-found', { name: 'webhookId' })
  return record
}

/** Schema `webhooks-creation-payload`: both fields required, events from the enum, an http(s) URL. */
function readWebhookCreation(body: Record<string, unknown>) {
  const errors = new Violations()
  const { events, url } = body
  if (events === undefined) errors.add('attribute-required', 'events')
  else if (!Array.isArray(events)) {
    errors.add('invalid-attribute', 'events', 'This attribute must be an array.')
  } else if (
    events.length === 0 ||
    !events.every((event) => (WEBHOOK_EVENTS as readonly unknown[]).includes(event))
  ) {
    const detail = `Every event must be one of: ${WEBHOOK_EVENTS.join(', ')}.`
    errors.add('invalid-attribute', 'events', undefined, detail)
  }
  if (url === undefined) errors.add('attribute-required', 'url')
  else if (typeof url !== 'string' || !isHttpUrl(url)) {
    errors.add(
      'invalid-attribute',
      'url',
      undefined,
      'The "url" attribute must be an http or https URL.'
    )
  }
  errors.throwIfAny()
  return { events: events as WebhookEvent[], url: url as string }
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

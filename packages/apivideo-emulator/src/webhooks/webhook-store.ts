import { atomDate } from '../clock.ts'
import { base62 } from '../ids.ts'

/** The events of the OAS `webhook.events` enum. */
export const WEBHOOK_EVENTS = [
  'live-stream.broadcast.started',
  'live-stream.broadcast.ended',
  'video.source.recorded',
  'video.encoding.quality.completed',
  'video.caption.generated',
  'video.summary.generated',
] as const

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

/** The documented Webhook object (OpenAPI schema `webhook`). */
export interface Webhook {
  webhookId: string
  createdAt: string
  events: WebhookEvent[]
  url: string
  signatureSecret: string
}

export interface WebhookRecord {
  webhookId: string
  createdAt: number
  events: WebhookEvent[]
  url: string
  signatureSecret: string
}

export type WebhookStore = ReturnType<typeof createWebhookStore>

/** Webhook subscriptions by id, in creation order; records are copied in and out. */
export function createWebhookStore(now: () => number) {
  const webhooks = new Map<string, WebhookRecord>()
  return {
    create(events: WebhookEvent[], url: string): WebhookRecord {
      const record: WebhookRecord = {
        // The shapes of the OAS examples: `webhook_` + 15, `sig_sec_` + 22 characters.
        webhookId: `webhook_${base62(15)}`,
        createdAt: now(),
        events: [...new Set(events)],
        url,
        signatureSecret: `sig_sec_${base62(22)}`,
      }
      webhooks.set(record.webhookId, record)
      return structuredClone(record)
    },
    get(webhookId: string): WebhookRecord | undefined {
      const record = webhooks.get(webhookId)
      return record && structuredClone(record)
    },
    delete: (webhookId: string): boolean => webhooks.delete(webhookId),
    list: (): WebhookRecord[] => [...webhooks.values()].map((record) => structuredClone(record)),
    size: (): number => webhooks.size,
    reset: (): void => webhooks.clear(),
  }
}

export function renderWebhook(record: WebhookRecord): Webhook {
  return {
    webhookId: record.webhookId,
    createdAt: atomDate(record.createdAt),
    events: [...record.events],
    url: record.url,
    signatureSecret: record.signatureSecret,
  }
}

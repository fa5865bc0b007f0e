import { atomDate } from '../clock.ts'
import type { WebhookEvent, WebhookRecord, WebhookStore } from './webhook-store.ts'

/** The header names of the OAS `x-webhooks` section. */
export const WEBHOOK_ID_HEADER = 'X-Api-Video-WebhookID'
export const SIGNATURE_HEADER = 'X-Api-Video-Signature'

export type DeliveryOutcome = 'delivered' | 'retried' | 'failed' | 'skipped'

/** One attempt to deliver one event to one webhook, as `GET /_emulator/webhooks/deliveries` lists it. */
export interface WebhookDelivery {
  webhookId: string
  type: WebhookEvent
  url: string
  attempt: number
  /** Emulator-clock time of the attempt, ISO 8601. */
  at: string
  outcome: DeliveryOutcome
  /** The receiver's status, when it answered. */
  status?: number
  error?: string
}

export interface WebhookDispatcherOptions {
  webhooks: WebhookStore
  now: () => number
  fetch: typeof fetch
  /** Counts each outcome in the stats. */
  record: (outcome: DeliveryOutcome) => void
  /** Waits before the 2nd, 3rd… attempt, in emulator-clock ms; its length bounds the retries. */
  retryDelaysMs?: readonly number[]
  /** Schedules a real-time wake-up so due events go out without a request. Default: setTimeout. */
  setTimer?: (callback: () => void, ms: number) => () => void
}

interface Job {
  webhook: WebhookRecord
  type: WebhookEvent
  body: string
  attempt: number
  dueAt: number
}

/** A source of derived events (encodings that finish, summaries that are generated). */
export interface EventSource {
  /** Emits the events due by `now`. */
  poll(now: number): void
  /** When the next event falls due, if one is pending. */
  nextDueAt(): number | undefined
}

const LOG_LIMIT = 200
const DELIVERY_TIMEOUT_MS = 10_000
export const RETRY_DELAYS_MS = [1_000, 5_000, 30_000] as const

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>

/**
 * Sends webhook events: a POST of the JSON payload, signed with the webhook's `signatureSecret`,
 * to every subscribed URL on a loopback host, retried on failure on the emulator clock.
 */
export function createWebhookDispatcher({
  webhooks,
  now,
  fetch: send,
  record,
  retryDelaysMs = RETRY_DELAYS_MS,
  setTimer = defaultTimer,
}: WebhookDispatcherOptions) {
  let queue: Job[] = []
  const inFlight = new Set<Promise<void>>()
  // One chain per webhook: its events arrive in the order they happened.
  const chains = new Map<string, Promise<void>>()
  const sources: EventSource[] = []
  let log: WebhookDelivery[] = []
  let cancelTimer: (() => void) | undefined

  function emit(type: WebhookEvent, fields: Record<string, string>, at = now()): void {
    const body = JSON.stringify({ type, emittedAt: atomDate(at), ...fields })
    for (const webhook of webhooks.list()) {
      // A subscription hears of events from its creation on.
      if (webhook.events.includes(type) && webhook.createdAt <= at) {
        queue.push({ webhook, type, body, attempt: 1, dueAt: at })
      }
    }
  }

  function pump(): void {
    // Without subscribers there is nobody to tell: skip the scans, which cost O(videos) a call.
    if (webhooks.size() === 0 && queue.length === 0) return
    const at = now()
    for (const source of sources) source.poll(at)
    const due = queue.filter((job) => job.dueAt <= at)
    queue = queue.filter((job) => job.dueAt > at)
    for (const job of due) {
      const id = job.webhook.webhookId
      const attempt: Promise<void> = (chains.get(id) ?? Promise.resolve())
        .then(() => deliver(job))
        // Only a bug gets here (deliver catches network errors); the chain must go on.
        .catch(() => record('failed'))
        .finally(() => {
          inFlight.delete(attempt)
          if (chains.get(id) === attempt) chains.delete(id)
        })
      chains.set(id, attempt)
      inFlight.add(attempt)
    }
    wakeUpLater()
  }

  async function deliver(job: Job): Promise<void> {
    const entry = (outcome: DeliveryOutcome, extra: Partial<WebhookDelivery> = {}) => {
      record(outcome)
      log.push({
        webhookId: job.webhook.webhookId,
        type: job.type,
        url: job.webhook.url,
        attempt: job.attempt,
        at: new Date(now()).toISOString(),
        outcome,
        ...extra,
      })
      if (log.length > LOG_LIMIT) log = log.slice(-LOG_LIMIT)
    }
    if (!isLoopback(job.webhook.url)) {
      entry('skipped', { error: 'The emulator only delivers to loopback hosts.' })
      return
    }
    let status: number | undefined
    let error: string | undefined
    try {
      const response = await send(job.webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [WEBHOOK_ID_HEADER]: job.webhook.webhookId,
          [SIGNATURE_HEADER]: await signWebhookBody(job.body, job.webhook.signatureSecret),
        },
        body: job.body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      })
      status = response.status
      await response.body?.cancel()
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause)
    }
    const extra = status === undefined ? { error: error ?? 'no answer' } : { status }
    if (status !== undefined && status >= 200 && status < 300) return entry('delivered', extra)
    const delay = retryDelaysMs[job.attempt - 1]
    if (delay === undefined) return entry('failed', extra)
    entry('retried', extra)
    queue.push({ ...job, attempt: job.attempt + 1, dueAt: now() + delay })
    wakeUpLater()
  }

  function wakeUpLater(): void {
    cancelTimer?.()
    cancelTimer = undefined
    if (webhooks.size() === 0) return
    const dues = [...queue.map((job) => job.dueAt), ...sources.map((s) => s.nextDueAt())]
    const next = Math.min(...dues.filter((due): due is number => due !== undefined))
    if (!Number.isFinite(next)) return
    cancelTimer = setTimer(pump, Math.max(100, next - now()))
  }

  return {
    emit,
    pump,
    addSource(source: EventSource): void {
      sources.push(source)
    },
    /** Sends what is due now and waits for every attempt in flight, retries due meanwhile included. */
    async settle(): Promise<void> {
      pump()
      while (inFlight.size > 0) {
        await Promise.all(inFlight)
        pump()
      }
    },
    deliveries: (): WebhookDelivery[] => structuredClone(log),
    reset(): void {
      cancelTimer?.()
      cancelTimer = undefined
      queue = []
      log = []
    },
  }
}

/**
 * `X-Api-Video-Signature`: the OAS says "the webhook's body encrypted using the webhook's
 * signature secret, in HMAC SHA256". It does not say how the digest is written; the emulator
 * writes it as lowercase hex (its own choice, see the README's FAQ).
 *
 * @example
 * const expected = await signWebhookBody(rawBody, webhook.signatureSecret)
 * if (expected !== request.headers.get('x-api-video-signature')) throw new Error('forged')
 */
export async function signWebhookBody(body: string, secret: string): Promise<string> {
  const encoder = new TextEncoder()
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign']
  )
  const digest = await crypto.subtle.sign('HMAC', key, encoder.encode(body))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Loopback hosts only: the emulator never sends traffic off the machine. */
export function isLoopback(url: string): boolean {
  let host: string
  try {
    const parsed = new URL(url)
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false
    host = parsed.hostname
  } catch {
    return false
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  )
}

function defaultTimer(callback: () => void, ms: number): () => void {
  const timer = setTimeout(callback, ms) as unknown as { unref?: () => void }
  // A pending delivery must not keep a Node process alive.
  timer.unref?.()
  return () => clearTimeout(timer as unknown as ReturnType<typeof setTimeout>)
}

import type { IngestStore } from '../uploads/ingest.ts'
import type { VideoRecord, VideoStore } from '../videos/video-store.ts'
import type { EventSource, WebhookDispatcher } from '../webhooks/webhook-delivery.ts'
import type { SourceStatus, SummaryRecord, SummarySource, SummaryStore } from './summary-store.ts'

export interface SummaryClock {
  ingests: IngestStore
  /** The generation delay, and the encoding delay before it, in emulator-clock seconds. */
  encodingSeconds: number
}

/**
 * When an `auto` summary is ready: `encodingSeconds` after both its creation and the video's
 * encoding, an encoding-like delay on the emulator clock. Undefined while the source is missing.
 */
export function generatedAt(record: SummaryRecord, { ingests, encodingSeconds }: SummaryClock) {
  if (record.origin !== 'auto') return undefined
  const completedAt = ingests.get(record.videoId)?.completedAt
  if (completedAt == null) return undefined
  const delay = encodingSeconds * 1000
  return Math.max(record.createdAt, completedAt + delay) + delay
}

/** `sourceStatus` of the OAS `summary` schema, derived from the clock and the edits. */
export function sourceStatus(
  record: SummaryRecord,
  clock: SummaryClock,
  now: number
): SourceStatus {
  if (record.origin === 'api') {
    return record.edited.abstract !== undefined || record.edited.takeaways !== undefined
      ? 'completed'
      : 'missing'
  }
  const at = generatedAt(record, clock)
  return at !== undefined && now >= at ? 'completed' : 'waiting'
}

/** The summary's text: what was generated (for `auto`, once completed), with the edits over it. */
export function summarySource(
  record: SummaryRecord,
  video: VideoRecord | undefined,
  status: SourceStatus
): SummarySource {
  const generated: SummarySource =
    record.origin === 'auto' && status === 'completed' && video ? generate(video, record) : {}
  return { ...generated, ...record.edited }
}

/** Deterministic text from the video's title, description and tags: same video, same summary. */
function generate(video: VideoRecord, record: SummaryRecord): SummarySource {
  const topic = video.title
  const about = video.description.trim() || 'the subject named in its title'
  const tags = video.tags.length > 0 ? video.tags.join(', ') : 'no tags'
  const source: SummarySource = {}
  if (record.attributes.includes('abstract')) {
    source.abstract =
      `This video, titled "${topic}", presents ${about}. It walks through the main points in ` +
      `order, gives a short example for each, and closes with a recap. It is tagged ${tags}.`
  }
  if (record.attributes.includes('takeaways')) {
    source.takeaways = [
      `"${topic}" introduces its subject and why it matters.`,
      `The middle part details ${about}.`,
      `The closing recap ties the points of "${topic}" together.`,
    ]
  }
  return source
}

export interface SummaryEventDeps extends SummaryClock {
  summaries: SummaryStore
  videos: VideoStore
  dispatcher: WebhookDispatcher
}

/** `video.summary.generated` when an `auto` summary becomes `completed` on the emulator clock. */
export function summaryEvents(deps: SummaryEventDeps): EventSource & { reset(): void } {
  let announced = new Set<string>()
  const pending = () =>
    deps.summaries
      .list()
      .map((record) => ({ record, at: generatedAt(record, deps) }))
      .filter((entry): entry is { record: SummaryRecord; at: number } => {
        return entry.at !== undefined && !announced.has(entry.record.summaryId)
      })
  return {
    poll(now) {
      for (const { record, at } of pending()) {
        if (at > now) continue
        announced.add(record.summaryId)
        const { videoId, summaryId } = record
        deps.dispatcher.emit('video.summary.generated', { videoId, summaryId }, at)
      }
    },
    nextDueAt() {
      const dues = pending().map((entry) => entry.at)
      return dues.length === 0 ? undefined : Math.min(...dues)
    },
    reset() {
      announced = new Set()
    },
  }
}

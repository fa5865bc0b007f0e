import { atomDate } from '../clock.ts'
import { base62 } from '../ids.ts'

export type SummaryAttribute = 'abstract' | 'takeaways'
export type SourceStatus = 'missing' | 'waiting' | 'failed' | 'completed' | 'unprocessable'

/** The documented Summary object (OpenAPI schema `summary`). */
export interface Summary {
  summaryId: string
  createdAt: string
  updatedAt: string
  videoId: string
  origin: 'api' | 'auto'
  sourceStatus: SourceStatus
}

/** The documented SummarySource object (OpenAPI schema `summary-source`). */
export interface SummarySource {
  abstract?: string
  takeaways?: string[]
}

export interface SummaryRecord {
  summaryId: string
  videoId: string
  origin: 'api' | 'auto'
  attributes: SummaryAttribute[]
  /** What `PATCH /summaries/{id}/source` set; it replaces the generated text field by field. */
  edited: SummarySource
  createdAt: number
  updatedAt: number
}

export type SummaryStore = ReturnType<typeof createSummaryStore>

/** Summaries by id, in creation order; at most one per video. */
export function createSummaryStore(now: () => number) {
  const summaries = new Map<string, SummaryRecord>()
  return {
    create(videoId: string, origin: 'api' | 'auto', attributes: SummaryAttribute[]) {
      const at = now()
      const record: SummaryRecord = {
        // The shape of the OAS examples: `summary_` + 22 characters.
        summaryId: `summary_${base62(22)}`,
        videoId,
        origin,
        attributes,
        edited: {},
        createdAt: at,
        updatedAt: at,
      }
      summaries.set(record.summaryId, record)
      return structuredClone(record)
    },
    get(summaryId: string): SummaryRecord | undefined {
      const record = summaries.get(summaryId)
      return record && structuredClone(record)
    },
    forVideo: (videoId: string) =>
      [...summaries.values()].find((record) => record.videoId === videoId),
    edit(summaryId: string, source: SummarySource): SummaryRecord | undefined {
      const record = summaries.get(summaryId)
      if (!record) return undefined
      Object.assign(record.edited, source)
      record.updatedAt = now()
      return structuredClone(record)
    },
    delete: (summaryId: string): boolean => summaries.delete(summaryId),
    list: (): SummaryRecord[] => [...summaries.values()].map((record) => structuredClone(record)),
    reset: (): void => summaries.clear(),
  }
}

export function renderSummary(record: SummaryRecord, sourceStatus: SourceStatus): Summary {
  return {
    summaryId: record.summaryId,
    createdAt: atomDate(record.createdAt),
    updatedAt: atomDate(record.updatedAt),
    videoId: record.videoId,
    origin: record.origin,
    sourceStatus,
  }
}

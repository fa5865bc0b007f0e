import { atomDate } from '../clock.ts'
import { base62 } from '../ids.ts'
import type { ImageType } from '../media/image-type.ts'

/** The documented Watermark object (OpenAPI schema `watermark`). */
export interface Watermark {
  watermarkId: string
  createdAt: string
}

export interface WatermarkRecord {
  watermarkId: string
  createdAt: number
  /** Kept for inspection; api.video "will only store the watermark id and the time". */
  type: ImageType
  size: number
}

export const newWatermarkId = (): string => `watermark_${base62(22)}`

export type WatermarkStore = ReturnType<typeof createWatermarkStore>

export function createWatermarkStore(now: () => number) {
  let watermarks = new Map<string, WatermarkRecord>()
  return {
    create(type: ImageType, size: number): WatermarkRecord {
      const record = { watermarkId: newWatermarkId(), createdAt: now(), type, size }
      watermarks.set(record.watermarkId, record)
      return { ...record }
    },
    has: (watermarkId: string): boolean => watermarks.has(watermarkId),
    list: (): WatermarkRecord[] => [...watermarks.values()].map((record) => ({ ...record })),
    delete: (watermarkId: string): boolean => watermarks.delete(watermarkId),
    count: (): number => watermarks.size,
    reset(): void {
      watermarks = new Map()
    },
  }
}

export function renderWatermark({ watermarkId, createdAt }: WatermarkRecord): Watermark {
  return { watermarkId, createdAt: atomDate(createdAt) }
}
